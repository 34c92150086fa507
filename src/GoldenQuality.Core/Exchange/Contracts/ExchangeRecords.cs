using GoldenQuality.Common;

namespace GoldenQuality.Exchange.Contracts;

/// <summary>An envelope this node accepted: who sent it to whom under which agreement, its payload and the signed receipt it answered with.</summary>
public sealed record ReceivedMessage(Guid EnvelopeId, string Type, string Sender, string Recipients, string AgreementId, DateTimeOffset ReceivedAt, string Payload, string Receipt);

/// <summary>
/// Which received messages to read: of one type, addressed to one office (a recipient party ending in
/// <c>/office</c>), among some envelopes; oldest first unless <see cref="NewestFirst"/>. A null or empty filter is no filter.
/// </summary>
public sealed record ReceivedQuery(string? Type = null, string? Office = null, IReadOnlyCollection<Guid>? Envelopes = null, bool NewestFirst = false);

/// <summary>
/// Where an envelope this node sent stands for one recipient node: its outbox state by name (<c>Pending</c>,
/// <c>Delivered</c>, <c>Dead</c>), and whether it is delivered (the recipient returned its signed receipt).
/// </summary>
public sealed record SentEnvelope(Guid EnvelopeId, string RecipientNode, string State, bool Delivered);

/// <summary>
/// The exchange's records, read-only, for other modules and the operator: the messages this node received (its
/// inbox) and where the envelopes it sent stand (its outbox). Access is checked by the caller.
/// </summary>
public interface IExchangeRecords
{
    /// <summary>One page of the received messages that match (page and size already checked), with the total that match.</summary>
    Task<Paged<ReceivedMessage>> ReceivedAsync(ReceivedQuery query, int page, int size, CancellationToken ct);

    /// <summary>The outbox rows of these envelopes (one per recipient node), in the order they were queued.</summary>
    Task<IReadOnlyList<SentEnvelope>> SentAsync(IReadOnlyCollection<Guid> envelopes, CancellationToken ct);
}
