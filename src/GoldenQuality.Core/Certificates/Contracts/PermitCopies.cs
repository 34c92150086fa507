using GoldenQuality.Common;

namespace GoldenQuality.Certificates.Contracts;

/// <summary>
/// A customs clearance permit as a Customs office holds its electronic copy, checked for validity at a moment, with
/// the envelope that brought it and that envelope's case, which Customs' decision answers (null for a copy kept
/// before they were recorded).
/// </summary>
public sealed record ClearanceCopy(Guid Id, string Number, string DeclarationNumber, string IssuerOffice, CheckView View, Guid? SourceEnvelope, Guid? SourceCase);

/// <summary>A customs clearance permit this node issued, as the inspection side knows it.</summary>
public sealed record IssuedClearancePermit(string Number, string DeclarationNumber, bool Revoked);

/// <summary>
/// The permit copies other modules may read (Clearance, on the Customs side): never Certificates' table. Scoped:
/// it works on the request's context, so a copy found with <c>track</c> is drawn down and saved by the caller's
/// save, with the copy's version guarding against two draws at once.
/// </summary>
public interface IPermitCopies
{
    /// <summary>The customs clearance permits an office received, newest first, each evaluated at <paramref name="now"/>.</summary>
    Task<Paged<CheckView>> ReceivedClearancePermitsAsync(string office, int page, int pageSize, DateTimeOffset now, CancellationToken ct);

    /// <summary>The office's copy of a customs clearance permit, or null; <paramref name="track"/> to draw from it afterwards.</summary>
    Task<ClearanceCopy?> FindClearanceCopyAsync(string office, string number, DateTimeOffset now, bool track, CancellationToken ct);

    /// <summary>Draws quantities (per line sequence) from a copy found with <c>track</c>; the caller saves.</summary>
    void Draw(ClearanceCopy copy, IReadOnlyDictionary<int, decimal> quantities);

    /// <summary>A customs clearance permit this node issued (not a copy), or null.</summary>
    Task<IssuedClearancePermit?> FindIssuedClearanceAsync(string number, CancellationToken ct);
}
