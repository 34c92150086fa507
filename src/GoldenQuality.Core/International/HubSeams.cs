using GoldenQuality.Common;
using GoldenQuality.International.Contracts;
using GoldenQuality.Persistence;

namespace GoldenQuality.International;

/// <summary>An envelope this node pulled from the hub, as the hub's answer gave it.</summary>
internal sealed record ReceivedEnvelope(
    string HubDeliveryNumber, string From, HubContentKind Kind, string CertificateType, string CertificateStatus, string NppoCertificateNumber, string Content,
    DateTimeOffset DeliveredAt);

/// <summary>What this node acknowledges for a received envelope: delivered, with warnings, or not readable, and why.</summary>
internal sealed record AcceptOutcome(HubTrackingState Outcome, Message? Reason);

/// <summary>
/// Takes in an envelope pulled from the hub: reads it and keeps what it carries (a certificate, its replacement or
/// withdrawal, a border-rejection notice). Idempotent by hub delivery number: an envelope offered again after a lost
/// acknowledgement is kept once and acknowledged again with the same outcome. Works on the caller's context; never saves.
/// </summary>
internal interface IReceivedEnvelopes
{
    Task<AcceptOutcome> AcceptAsync(GqDbContext db, ReceivedEnvelope envelope, CancellationToken ct);
}

/// <summary>
/// Sends an envelope to another member country through the hub: records it as this node's outgoing envelope and queues
/// <see cref="InternationalWire.DeliveredType"/> to the hub node in the caller's save (the exchange's outbox delivers and
/// retries); the hub's <see cref="InternationalWire.TrackingChangedType"/> then moves its tracking state. Returns the
/// delivery id (<see cref="HubDelivery.DeliveryId"/>), or the reason it cannot be sent (no hub, no agreement).
/// </summary>
internal interface IHubOutbox
{
    Task<(Guid? DeliveryId, Message? Refused)> SendAsync(
        GqDbContext db, HubContentKind kind, string to, string certificateType, string certificateStatus, string number, string content,
        string? declarationNumber, string? permitNumber, string actor, CancellationToken ct);
}
