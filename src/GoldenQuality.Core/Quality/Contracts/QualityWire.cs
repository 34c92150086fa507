namespace GoldenQuality.Quality.Contracts;

/// <summary>
/// The wire names of domestic quality supervision, the provincial BQS's line of the "two units" (docs/quality.md):
/// what the BQS node tells CIQ (a production licence suspended or revoked, a market spot check that failed), what
/// CIQ tells the BQS (an export nonconformity of a manufacturer in its area, as a lead for a domestic check), and the
/// dataset through which AQSIQ may read the province's licences, only under an agreement.
/// </summary>
public static class QualityWire
{
    /// <summary>
    /// Sent by the BQS node's Quality module to the node hosting the CIQ office responsible for the holder's area when a
    /// production licence is granted, changed, suspended, reinstated, revoked or expires: <see cref="ProductionLicenceStatusChanged"/>.
    /// </summary>
    public const string LicenceStatusChangedType = "quality.licence.status-changed";

    /// <summary>
    /// Sent by the BQS node's Quality module to the node hosting the CIQ office responsible for the manufacturer's area
    /// when a market sample is judged nonconforming: <see cref="SpotCheckNonconforming"/>.
    /// </summary>
    public const string SpotCheckNonconformingType = "quality.spot-check.nonconforming";

    /// <summary>
    /// Sent by the Declarations module of a CIQ node to the node hosting the BQS office of the manufacturer's area when
    /// an export inspection finds the goods nonconforming: <see cref="ExportNonconformityFound"/>.
    /// </summary>
    public const string ExportNonconformityFoundType = "declarations.export.nonconformity-found";

    /// <summary>Dataset on a BQS node: the production licences of one holder (<c>{ uscc }</c> → the licences, their status and categories).</summary>
    public const string ProductionLicenceDataset = "production-licence";
}

/// <summary>Where a production licence is in its life. Only <see cref="Granted"/> lets the holder produce the licensed categories.</summary>
public enum ProductionLicenceStatus
{
    /// <summary>Applied for by the enterprise (or entered by an officer for it); not yet reviewed.</summary>
    Applied,

    /// <summary>The on-site review (现场核查) is scheduled or under way.</summary>
    UnderReview,

    /// <summary>Refused after review (the reason is kept).</summary>
    Refused,

    /// <summary>Granted and in force (within its validity).</summary>
    Granted,

    /// <summary>Suspended by the BQS (e.g. after a failed spot check); may be reinstated.</summary>
    Suspended,

    /// <summary>Revoked by the BQS; final.</summary>
    Revoked,

    /// <summary>Past its validity; final.</summary>
    Expired,
}

/// <summary>
/// Payload of <see cref="QualityWire.LicenceStatusChangedType"/>. <see cref="Office"/> is the BQS office that owns the
/// licence; <see cref="CiqOffice"/> the CIQ office the message is addressed to (responsible for the holder's area).
/// </summary>
public sealed record ProductionLicenceStatusChanged(
    string Number, string HolderUscc, string HolderName, string SiteArea, string[] Categories, string Status, string Reason,
    DateOnly? ValidFrom, DateOnly? ValidTo, string Office, string CiqOffice, DateTimeOffset At);

/// <summary>
/// Payload of <see cref="QualityWire.SpotCheckNonconformingType"/>: a market sample of <see cref="ManufacturerUscc"/>'s
/// product failed. Each failed item names the parameter, the measured value, the governing limit and its standard clause.
/// </summary>
public sealed record SpotCheckNonconforming(
    string SampleNumber, string PlanNumber, string ManufacturerUscc, string ManufacturerName, string Product, string Category,
    string? LotNumber, DateOnly SampledOn, SpotCheckFailedItem[] Failed, string FollowUp, string Office, string CiqOffice, DateTimeOffset JudgedAt);

/// <summary>One failed item of a spot check or an export inspection: measured value against the governing limit (canonical unit).</summary>
public sealed record SpotCheckFailedItem(string Parameter, decimal Value, string Unit, string Limit, string Standard, string Clause);

/// <summary>
/// Payload of <see cref="QualityWire.ExportNonconformityFoundType"/>: an export declaration's inspection found the goods of
/// <see cref="ManufacturerUscc"/> nonconforming. <see cref="BqsOffice"/> is the BQS office of the manufacturer's area the
/// lead is addressed to; <see cref="CiqOffice"/> the inspecting office.
/// </summary>
public sealed record ExportNonconformityFound(
    string DeclarationNumber, string ManufacturerUscc, string ManufacturerName, string ManufacturerArea, string HsCode, string Goods,
    string[] Lots, SpotCheckFailedItem[] Failed, string CiqOffice, string BqsOffice, DateTimeOffset InspectedAt);
