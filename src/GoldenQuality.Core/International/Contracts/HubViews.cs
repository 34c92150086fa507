namespace GoldenQuality.International.Contracts;

/// <summary>
/// A delivery by an authority hosted on the hub (<c>POST /api/hub/envelopes</c>). <c>DeliveryId</c>: the authority's own
/// id of the delivery (a delivery sent again with the same id is kept once); <c>To</c>: the destination country (ISO
/// 3166-1 alpha-2); <c>Kind</c>: <c>certificate</c> or <c>border-rejection</c>; <c>Content</c>: the XML.
/// </summary>
public sealed record HubDeliveryRequest(Guid? DeliveryId, string? To, string? Kind, string? CertificateType, string? CertificateStatus, string? NppoCertificateNumber, string? Content);

/// <summary>What the hub answers a delivery with: the envelope's header, and whether the same delivery was received before.</summary>
public sealed record HubDeliveryReceipt(Guid DeliveryId, bool Duplicate, HubEnvelopeHeader Envelope);

/// <summary>
/// The destination's acknowledgement of an envelope (<c>POST /api/hub/envelopes/{n}/acknowledgement</c>). <c>Outcome</c>:
/// <c>delivered</c>, <c>delivered-with-warnings</c>, <c>delivered-not-readable</c> or <c>failed-delivery</c>; <c>Reason</c>
/// is required except for <c>delivered</c>.
/// </summary>
public sealed record HubAcknowledgementRequest(string? Outcome, string? Reason);

/// <summary>One line of an envelope's tracking history.</summary>
public sealed record HubTrackingEvent(DateTimeOffset At, string Event, string State, int Attempts, string? Reason, string By);

/// <summary>An envelope's tracking: its header (with the current state) and its history, oldest first.</summary>
public sealed record HubTrackingView(HubEnvelopeHeader Envelope, string SenderOffice, DateTimeOffset? OfferedUntil, HubTrackingEvent[] History);

/// <summary>One envelope this node pulled from the hub, as it keeps it (<see cref="ListReceivedEnvelopes"/>).</summary>
public sealed record ReceivedEnvelopeView(
    string HubDeliveryNumber, string From, string Kind, string CertificateType, string CertificateStatus, string NppoCertificateNumber, DateTimeOffset DeliveredAt,
    DateTimeOffset ReceivedAt, string Outcome, string? Reason, int Acknowledgements, string Sha256);

/// <summary>What one pull from the hub did: each envelope taken (or taken again), and what could not be pulled, with why.</summary>
public sealed record HubPullSummary(string? Hub, string? Country, PulledEnvelope[] Pulled, string[] Problems);

/// <summary>One envelope of a pull: its number, what it is, the outcome acknowledged, and whether it had been received before.</summary>
public sealed record PulledEnvelope(string HubDeliveryNumber, string From, string NppoCertificateNumber, string Outcome, string? Reason, bool Duplicate);

/// <summary>An envelope this node sent through the hub, with its tracking as the hub reported it (<see cref="ListOutgoing"/>).</summary>
public sealed record OutgoingEnvelopeView(
    Guid DeliveryId, string Kind, string To, string CertificateType, string CertificateStatus, string NppoCertificateNumber, string? DeclarationNumber,
    string? PermitNumber, string State, string? Reason, string? HubDeliveryNumber, string Actor, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
