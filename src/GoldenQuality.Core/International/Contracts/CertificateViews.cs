namespace GoldenQuality.International.Contracts;

/// <summary>A received foreign certificate as the port's list shows it. <c>State</c>: valid, replaced, withdrawn, not-readable.</summary>
public sealed record ForeignCertificateSummary(
    Guid Id, string Number, string FromCountry, string CertificateType, string CertificateStatus, string State, string? Issuer, string? ConsignorName, DateTimeOffset? IssuedAt,
    string? Replaces, string? ReplacedBy, string HubDeliveryNumber, string Acknowledged, DateTimeOffset ReceivedAt);

/// <summary>One check of a certificate against an import declaration, with the risk decision it fed (when taken).</summary>
public sealed record CertificateCheckView(
    string DeclarationNumber, string CitedNumber, string CertificateNumber, string Outcome, FieldMismatch[] Mismatches, int ExporterRejections, string Explanation,
    string? Office, string? RiskOutcome, int? RiskScore, string? RiskReasons, string? Rejection, DateTimeOffset CheckedAt);

/// <summary>
/// A received certificate with its fields (our permit record's names), state and reason, the replacement chain around
/// it (oldest first, this one included) and every check against a declaration. <c>Acknowledged</c>: what this node
/// acknowledged to the hub (delivered, delivered-with-warnings, delivered-not-readable) and <c>AcknowledgedReason</c> why.
/// </summary>
public sealed record ForeignCertificateView(
    Guid Id, string Number, string FromCountry, string CertificateType, string CertificateStatus, string State, string? Reason, DateTimeOffset? ChangedAt, string? Issuer,
    DateTimeOffset? IssuedAt, string? ConsignorName, IReadOnlyDictionary<string, string> Fields, string[] ReplacementChain, string HubDeliveryNumber, string Acknowledged,
    string? AcknowledgedReason, DateTimeOffset ReceivedAt, CertificateCheckView[] Checks, BorderRejectionView[] Rejections);

/// <summary>A border rejection: <c>direction</c> sent (we rejected an import) or received (another country rejected an export of ours); <c>notSentReason</c> when ours could not be sent.</summary>
public sealed record BorderRejectionView(
    string Direction, string Reference, string? DeclarationNumber, string CertificateNumber, string ImportingCountry, string ExportingCountry, string? ConsignorName, string Reasons,
    Guid? DeliveryId, string? NotSentReason, DateTimeOffset At);
