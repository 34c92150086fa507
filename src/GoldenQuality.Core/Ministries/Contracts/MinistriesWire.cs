namespace GoldenQuality.Ministries.Contracts;

/// <summary>
/// The kinds of LPCO (licence, permit, certificate or other document attached to a declaration) that a ministry
/// keeps in its own register on its own node, and which an import declaration of a regulated product must cite.
/// </summary>
public enum LpcoKind
{
    /// <summary>Entry animal and plant quarantine permit, issued by the Ministry of Agriculture (MOA).</summary>
    QuarantinePermit,

    /// <summary>Import licence for solid waste usable as raw material, issued by the Ministry of Environmental Protection (MEP).</summary>
    WasteImportLicence,
}

/// <summary>The kind of a document attached to an LPCO application (wire names <c>contract</c>, <c>certificate</c>, <c>licence</c>, <c>other</c>).</summary>
public enum LpcoDocumentKind
{
    /// <summary>The purchase contract of the goods.</summary>
    Contract,

    /// <summary>A certificate (origin, health, analysis).</summary>
    Certificate,

    /// <summary>A licence the applicant holds (business, establishment approval).</summary>
    Licence,

    /// <summary>Any other supporting document.</summary>
    Other,
}

/// <summary>Where an LPCO is in its life. Only <see cref="Issued"/> covers goods.</summary>
public enum LpcoStatus
{
    /// <summary>Applied for by the importer; not yet reviewed.</summary>
    Applied,

    /// <summary>An officer of the issuing ministry is reviewing the application.</summary>
    UnderReview,

    /// <summary>Refused on review (the reason is kept).</summary>
    Refused,

    /// <summary>Issued and in force (within its validity).</summary>
    Issued,

    /// <summary>Suspended by the issuer; may be reinstated.</summary>
    Suspended,

    /// <summary>Revoked by the issuer; final.</summary>
    Revoked,

    /// <summary>Past its validity; final.</summary>
    Expired,
}

/// <summary>
/// The wire names the ministries' registers use on the exchange: the datasets other nodes query (a signed dataset
/// query under an agreement) and the message types of draw-downs, status changes and credit events. The issuing
/// agency of each kind is the organisation code that declarations name as the document's issuer.
/// </summary>
public static class MinistriesWire
{
    /// <summary>Dataset on the MOA node: checks an import against a quarantine permit (<see cref="LpcoCheckRequest"/> → <see cref="LpcoCheckAnswer"/>).</summary>
    public const string QuarantinePermitDataset = "quarantine-permit";

    /// <summary>Dataset on the MEP node: checks an import against a waste import licence.</summary>
    public const string WasteImportLicenceDataset = "waste-import-licence";

    /// <summary>Dataset on the PBC node: the credit class of an enterprise (<c>{ uscc }</c> → <c>{ uscc, found, creditClass, ratedOn }</c>).</summary>
    public const string CreditRecordDataset = "credit-record";

    /// <summary>
    /// Sent by the Declarations module of the node that released goods, to the issuer's node: draw the released
    /// quantity from the LPCO (<see cref="LpcoDrawn"/>). The issuer draws once per (LPCO, declaration), however often it arrives.
    /// </summary>
    public const string LpcoDrawnType = "declarations.lpco.drawn";

    /// <summary>Sent by the issuer's Ministries module to every node that holds a copy (that checked the LPCO): <see cref="LpcoStatusChanged"/>.</summary>
    public const string LpcoStatusChangedType = "ministries.lpco.status-changed";

    /// <summary>Sent by an agency's node (through its Ministries module) to the central bank's node: <see cref="CreditEventReported"/>.</summary>
    public const string CreditEventReportedType = "ministries.credit.event-reported";

    /// <summary>Sent by the central bank's node to the consumers of <see cref="CreditRecordDataset"/> when a class changes: <see cref="CreditClassChanged"/>.</summary>
    public const string CreditClassChangedType = "ministries.credit.class-changed";

    /// <summary>The organisation code of the agency that issues an LPCO kind (the declaration's document issuer).</summary>
    public static string IssuerOf(LpcoKind kind) => kind switch
    {
        LpcoKind.QuarantinePermit => "MOA",
        LpcoKind.WasteImportLicence => "MEP",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The dataset the issuer's node answers checks of an LPCO kind on.</summary>
    public static string DatasetOf(LpcoKind kind) => kind switch
    {
        LpcoKind.QuarantinePermit => QuarantinePermitDataset,
        LpcoKind.WasteImportLicence => WasteImportLicenceDataset,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The declaration document type (wire name) that cites an LPCO kind.</summary>
    public static string DocumentTypeOf(LpcoKind kind) => Common.WireNames.Of(kind);
}

/// <summary>One goods line of a declaration as an LPCO check sees it. Quantity is in <see cref="Unit"/> (UN/ECE Rec 20); net weight in kg.</summary>
public sealed record LpcoLine(int Sequence, string HsCode, decimal Quantity, string Unit, decimal? NetWeightKg);

/// <summary>
/// The parameters of a check at the source: does LPCO <see cref="Number"/> of <see cref="Kind"/> cover these lines
/// of an import by <see cref="HolderUscc"/> (the consignee) through <see cref="PortOfEntry"/> (UN/LOCODE) from
/// <see cref="OriginCountry"/> (ISO 3166-1 alpha-2) on <see cref="On"/>, with quantity left?
/// </summary>
public sealed record LpcoCheckRequest(string Kind, string Number, string HolderUscc, string? PortOfEntry, string? OriginCountry, DateOnly On, LpcoLine[] Lines, string? DeclarationNumber);

/// <summary>
/// Why an LPCO does not cover an import. <see cref="Field"/> names the request's field
/// (<c>number</c>, <c>holderUscc</c>, <c>portOfEntry</c>, <c>originCountry</c>, <c>on</c>, <c>hsCode</c>, <c>quantity</c>, <c>unit</c>);
/// <see cref="Sequence"/> the goods line, for line fields.
/// </summary>
public sealed record LpcoProblem(string Field, int? Sequence, string Reason);

/// <summary>The issuer's answer to a check: whether the LPCO exists, its status, what is left, and every reason it does not cover the import.</summary>
public sealed record LpcoCheckAnswer(bool Found, string Number, string? Status, decimal? Remaining, string? Unit, DateOnly? ValidTo, LpcoProblem[] Problems)
{
    public bool Covers => Found && Problems.Length == 0;
}

/// <summary>A released quantity drawn from an LPCO, per goods line (in the LPCO's unit).</summary>
public sealed record LpcoDraw(int Sequence, decimal Quantity, string Unit);

/// <summary>Payload of <see cref="MinistriesWire.LpcoDrawnType"/>: goods of a declaration were released under an LPCO.</summary>
public sealed record LpcoDrawn(string Kind, string Number, string DeclarationNumber, string HolderUscc, LpcoDraw[] Lines, DateTimeOffset ReleasedAt);

/// <summary>Payload of <see cref="MinistriesWire.LpcoStatusChangedType"/>: an LPCO was suspended, reinstated, revoked, amended or expired at its issuer.</summary>
public sealed record LpcoStatusChanged(string Kind, string Number, string Status, string Reason, DateOnly ValidTo, decimal Remaining, string Unit, DateTimeOffset At);

/// <summary>
/// Payload of <see cref="MinistriesWire.CreditEventReportedType"/>: an agency reports an event that bears on an
/// enterprise's credit (e.g. <c>aqsiq-nonconformity</c>, <c>customs-penalty</c>), with its reference, source office
/// and legal basis. The central bank decides the effect.
/// </summary>
public sealed record CreditEventReported(string Uscc, string Kind, string Reference, string SourceOffice, string LegalBasis, string Detail, DateTimeOffset At);

/// <summary>Payload of <see cref="MinistriesWire.CreditClassChangedType"/>: the central bank changed an enterprise's credit class.</summary>
public sealed record CreditClassChanged(string Uscc, string CreditClass, DateOnly RatedOn, string Reason);
