using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;

namespace GoldenQuality.Exchange.Contracts;

/// <summary>An approved agreement waiting on the authority node for the directory's next signing.</summary>
public sealed record QueuedAgreementView(string AgreementId, string SignedBy, string Source, DateTimeOffset QueuedAt, long? IncludedInVersion);

/// <summary>The outcome of the next signing: the version now in force and the agreements it added.</summary>
public sealed record DirectorySignedView(long Version, DateTimeOffset ValidFrom, DateTimeOffset ValidTo, IReadOnlyList<string> AddedAgreements);

/// <summary>The directory in force on this node after a refresh.</summary>
public sealed record DirectoryRefreshedView(long? Version, string? Authority, int Agreements);

/// <summary>
/// The directory authority (docs/exchange-protocol.md, "Agreements and the directory's next signing"): the coordinating
/// body's node signs each approved agreement with its node key; the authority node (the directory's <c>Authority</c>)
/// keeps the approved agreements in a queue, after checking that signature with the key the directory lists for the node
/// hosting the coordinating office, and its next signing adds them to the directory as version N+1.
/// </summary>
public interface IDirectoryAuthority
{
    /// <summary>True when this node is the directory's authority and holds its key.</summary>
    bool IsAuthority { get; }

    /// <summary>Signs an agreement with this node's key (JWS, ES256, kid = this node's id).</summary>
    string SignAgreement(Agreement agreement);

    /// <summary>
    /// On the authority node: verifies the signed agreement (the signer must host <paramref name="coordinatingOffice"/>
    /// and its signature verify with the directory's key of that node) and adds it to the queue in the caller's context
    /// (saved by the caller). A second copy of the same agreement changes nothing. Returns why it was refused, or null.
    /// </summary>
    Task<string?> QueueAsync(GqDbContext db, string agreementJws, string coordinatingOffice, string source, CancellationToken ct);

    /// <summary>The queue: approved agreements, those not yet in the directory first.</summary>
    Task<IReadOnlyList<QueuedAgreementView>> QueueViewAsync(CancellationToken ct);

    /// <summary>
    /// The next signing (administrator, authority node only; 409 elsewhere or when nothing waits): version N+1 = the directory
    /// in force plus every queued agreement not yet in it, valid for the same span, signed with the authority key, written to
    /// the node's directory file and cache and in force at once.
    /// </summary>
    Task<HandlerResult<DirectorySignedView>> SignNextAsync(Actor actor, CancellationToken ct);

    /// <summary>Loads the directory now (file, authority URL) instead of waiting for the next periodic refresh.</summary>
    Task<DirectoryRefreshedView> RefreshAsync(CancellationToken ct);
}
