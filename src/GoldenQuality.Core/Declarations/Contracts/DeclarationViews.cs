using GoldenQuality.Common;

namespace GoldenQuality.Declarations.Contracts;

/// <summary>The lifecycle of a declaration (docs/clearance.md has the transition table).</summary>
public enum DeclarationStatus
{
    Draft,
    Submitted,
    Accepted,
    Returned,
    Inspection,
    Passed,
    Failed,
    PermitIssued,
    Released,
    Cleared,
    CustomsHeld,
    CustomsRefused,
    Withdrawn,

    /// <summary>Submitted, but an LPCO issuer (MOA, MEP) has not answered the check at the source yet; retried until it does.</summary>
    AwaitingIssuer,

    /// <summary>Routed to an office another node hosts and forwarded there (decision 0014); that node reports its outcome back.</summary>
    Forwarded,
}

/// <summary>What the risk decision asks for.</summary>
public enum RiskOutcome
{
    DocumentCheck,
    PhysicalInspection,
    SamplingLabTest,
}

/// <summary>An attached licence, permit, certificate or other document (LPCO).</summary>
public sealed record AttachedDocument(string Type, string Number, string Issuer);

/// <summary>A goods line as declared (WCO data model: goods item).</summary>
public sealed record GoodsLine(
    int Sequence,
    string HsCode,
    string? CiqCode,
    string Description,
    decimal Quantity,
    string Unit,
    decimal? NetWeightKg,
    decimal? GrossWeightKg,
    decimal Value,
    string Currency,
    string? PlaceOfOrigin,
    string[] Lots,
    string? Packaging);

/// <summary>The declared data: everything the enterprise states, kept whole for each version in the history.</summary>
public sealed record DeclarationData(
    DeclarationKind Kind,
    string DeclarantUscc,
    string? ConsignorUscc,
    string? ConsigneeUscc,
    string? ManufacturerUscc,
    string TransportMode,
    string? TransportMeans,
    string? PortOfLoading,
    string? PortOfExit,
    string? PortOfEntry,
    string Country,
    string? ContractReference,
    string? InvoiceReference,
    AttachedDocument[] Documents,
    GoodsLine[] Lines,
    string? ConsignorName = null)
{
    /// <summary>The enterprise the goods belong to: the consignor of an export, the consignee of an import.</summary>
    public string TraderUscc => (Kind == DeclarationKind.Export ? ConsignorUscc : ConsigneeUscc) ?? DeclarantUscc;

    /// <summary>The Chinese port the goods pass: exit for exports, entry for imports.</summary>
    public string? ChinesePort => Kind == DeclarationKind.Export ? PortOfExit : PortOfEntry;
}

/// <summary>One reason of a risk decision: the input, what it was, and its weight.</summary>
public sealed record RiskReason(string Input, string Value, int Points, string Explanation);

/// <summary>The explainable risk decision, with the seed of the random draw so that an auditor can repeat it.</summary>
public sealed record RiskDecision(RiskOutcome Outcome, int Score, RiskReason[] Reasons, long Seed, double Draw, double SampleRate, bool RandomlySelected, DateTimeOffset DecidedAt);

/// <summary>A lab result as recorded, with the limit that applied and the verdict.</summary>
public sealed record LabResult(string Parameter, double Value, string Unit, string Limit, string Standard, string Clause, bool Pass);

/// <summary>The inspection result of one goods line.</summary>
public sealed record LineInspection(int Sequence, decimal QuantityInspected, string? Findings, bool FindingsConform, string Category, LabResult[] LabResults, bool Pass);

/// <summary>One entry of a declaration's history as shown: when, the stage, the status it left the declaration in, by whom and what.</summary>
public sealed record HistoryView(DateTimeOffset At, string Stage, string Status, string Actor, string Detail);

/// <summary>A declaration with its data, routing, risk decision, inspection, permit, customs decision and full history.</summary>
public sealed record DeclarationView(
    Guid Id, string Number, string Kind, string Status, long Version, string? Office, string? RoutingReason, DeclarationData Data, RiskDecision? Risk,
    LineInspection[] Inspection, string? ReturnReasons, string? PermitNumber, string? CustomsDecision, bool? ElectronicClearance, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, HistoryView[] History, string? AwaitingIssuerReason = null, LpcoCover[]? Lpcos = null, ForwardingView? Forwarding = null);

/// <summary>
/// A declaration routed across nodes (decision 0014). On the submitting node: <c>forwardedTo</c> (the node hosting the
/// office), and what that node last reported (<c>remoteNumber</c> its declaration's number, <c>remoteStatus</c>,
/// <c>remotePermitNumber</c>, <c>remoteDetail</c>). On the receiving node: <c>forwardedFrom</c> and <c>remoteNumber</c>,
/// the declaration's number at the origin.
/// </summary>
public sealed record ForwardingView(Guid ForwardId, string? ForwardedTo, string? ForwardedFrom, string? RemoteNumber, string? RemoteStatus, string? RemotePermitNumber, string? RemoteDetail);

/// <summary>
/// What the issuer's check at the source said an attached LPCO covers: the document (index in <c>documents</c>), its
/// kind, number and issuing office, the node that answered, the goods lines it covers and, per line, the quantity in
/// the LPCO's unit that the release draws down.
/// </summary>
public sealed record LpcoCover(int Document, string Kind, string Number, string Issuer, string IssuerNode, string Unit, LpcoCoverLine[] Lines, decimal? RemainingAtCheck, Guid? ResponseId);

/// <summary>One goods line an LPCO covers and the quantity (in the LPCO's unit) its release draws.</summary>
public sealed record LpcoCoverLine(int Sequence, decimal Quantity);

/// <summary>A declaration as a worklist row.</summary>
public sealed record DeclarationSummary(Guid Id, string Number, string Kind, string Status, string TraderUscc, string DeclarantUscc, string? Office, string? Port, int Lines,
    string? Risk, int? RiskScore, string? RiskReasons, string? PermitNumber, DateTimeOffset UpdatedAt, GoodsSummary? FirstLine = null);

/// <summary>The first goods line of a declaration, as a worklist shows it: its tariff code and description.</summary>
public sealed record GoodsSummary(string HsCode, string Description);

/// <summary>
/// What a worklist asks for: status, risk outcome and kind (wire names), a number, USCC or permit number to search for
/// (<see cref="Q"/>), the order (<see cref="ListDeclarations.Sorts"/>) and the page.
/// </summary>
public sealed record DeclarationQuery(string? Status = null, string? Risk = null, string? Kind = null, string? Q = null, string? Sort = null, int? Page = null, int? PageSize = null);
