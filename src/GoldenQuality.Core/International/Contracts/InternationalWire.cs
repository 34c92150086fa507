namespace GoldenQuality.International.Contracts;

/// <summary>
/// The wire contract of the hub channel (docs/international.md): message types, datasets and payloads between a member
/// country's node and the hub node, modelled on the IPPC ePhyto Hub (envelope header: from, to, certificate type and
/// status, the authority's certificate number, the hub's delivery number; tracking states).
/// </summary>
public static class InternationalWire
{
    /// <summary>A member country's node delivers an envelope to the hub (<see cref="HubDelivery"/>).</summary>
    public const string DeliveredType = "international.hub.delivered";

    /// <summary>A member country's node acknowledges an envelope it pulled (<see cref="HubAcknowledgement"/>).</summary>
    public const string AcknowledgedType = "international.hub.acknowledged";

    /// <summary>The hub tells the sending node that an envelope's tracking state changed (<see cref="HubTrackingChanged"/>).</summary>
    public const string TrackingChangedType = "international.hub.tracking-changed";

    /// <summary>Dataset: the headers of the envelopes waiting for the asking node's country (<see cref="HubHeadersQuery"/> → <see cref="HubHeaders"/>).</summary>
    public const string HeadersDataset = "international.hub.headers";

    /// <summary>Dataset: one envelope with its content (<see cref="HubEnvelopeQuery"/> → <see cref="HubEnvelope"/>); each answer is one delivery attempt.</summary>
    public const string EnvelopeDataset = "international.hub.envelope";

    /// <summary>The hub operator's office; the node hosting it is the hub.</summary>
    public const string HubOffice = "IPPC-HUB";

    /// <summary>The document type an import declaration cites a foreign SPS certificate with (<c>documents[].type</c>).</summary>
    public const string CertificateDocumentType = "sps-certificate";

    /// <summary>The largest envelope content (the certificate XML) the hub relays over the exchange, in bytes.</summary>
    public const int MaxContentBytes = 192 * 1024;

    public static readonly string[] Types = [DeliveredType, AcknowledgedType, TrackingChangedType];

    public static readonly string[] Datasets = [HeadersDataset, EnvelopeDataset];
}

/// <summary>The hub's tracking states of an envelope (ePhyto Hub's, as wire names <c>pending-delivery</c>, …).</summary>
public enum HubTrackingState
{
    /// <summary>At the hub, not yet acknowledged by the destination (pulled or not).</summary>
    PendingDelivery,

    /// <summary>The destination acknowledged it.</summary>
    Delivered,

    /// <summary>The destination acknowledged it and reported warnings (e.g. codes it does not know).</summary>
    DeliveredWithWarnings,

    /// <summary>The destination could not read the content (not a valid SPS certificate); the reason says why.</summary>
    DeliveredNotReadable,

    /// <summary>Not delivered: refused by the destination, or not acknowledged after the most attempts; the reason says why.</summary>
    FailedDelivery,
}

/// <summary>What an envelope carries (<c>certificate</c>: an SPSCertificate; <c>border-rejection</c>: a notice of non-compliance).</summary>
public enum HubContentKind
{
    Certificate,
    BorderRejection,
}

/// <summary>
/// An envelope's header as the hub lists it. <c>From</c>/<c>To</c>: ISO 3166-1 alpha-2 countries. <c>CertificateType</c>:
/// UN/CEFACT document type (851 phytosanitary, 852 sanitary, 853 veterinary, 657 re-export). <c>CertificateStatus</c>:
/// 70 issued, 40 withdrawn (cancelled). <c>Attempts</c>: how often it was pulled without an acknowledgement.
/// </summary>
public sealed record HubEnvelopeHeader(
    string HubDeliveryNumber, string From, string To, string Kind, string CertificateType, string CertificateStatus, string NppoCertificateNumber,
    DateTimeOffset DeliveredAt, string State, int Attempts, string? Reason);

/// <summary>One envelope with its content (UTF-8 XML).</summary>
public sealed record HubEnvelope(HubEnvelopeHeader Header, string Content);

/// <summary>The headers waiting for the asking node's country.</summary>
public sealed record HubHeaders(string Country, HubEnvelopeHeader[] Envelopes);

/// <summary>Asks for the headers of the envelopes waiting for the asking node's country (pending delivery).</summary>
public sealed record HubHeadersQuery(int? Max);

/// <summary>Asks for one envelope by its hub delivery number.</summary>
public sealed record HubEnvelopeQuery(string HubDeliveryNumber);

/// <summary>
/// A member node delivers an envelope to the hub. <c>DeliveryId</c>: the sender's own id, unique per envelope, so that a
/// duplicate delivery is recorded once; the hub answers with <see cref="HubTrackingChanged"/> naming it.
/// </summary>
public sealed record HubDelivery(Guid DeliveryId, string To, string Kind, string CertificateType, string CertificateStatus, string NppoCertificateNumber, string Content);

/// <summary>A member node's acknowledgement of an envelope it pulled. <c>Outcome</c>: delivered, delivered-with-warnings, delivered-not-readable, failed-delivery.</summary>
public sealed record HubAcknowledgement(string HubDeliveryNumber, string Outcome, string? Reason);

/// <summary>The tracking state of an envelope a member node delivered changed.</summary>
public sealed record HubTrackingChanged(Guid DeliveryId, string HubDeliveryNumber, string State, string? Reason, DateTimeOffset At);
