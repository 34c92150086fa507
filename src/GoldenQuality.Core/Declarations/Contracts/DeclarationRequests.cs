namespace GoldenQuality.Declarations.Contracts;

/// <summary>An attached document as sent.</summary>
public sealed record DocumentRequest(string? Type, string? Number, string? Issuer);

/// <summary>A goods line as sent.</summary>
public sealed record GoodsLineRequest(
    int? Sequence, string? HsCode, string? CiqCode, string? Description, decimal? Quantity, string? Unit, decimal? NetWeightKg,
    decimal? GrossWeightKg, decimal? Value, string? Currency, string? PlaceOfOrigin, string[]? Lots, string? Packaging);

/// <summary>A declaration as sent (WCO data model core): see docs/clearance.md for each field.</summary>
public sealed record DeclarationRequest(
    string? Kind, string? DeclarantUscc, string? ConsignorUscc, string? ConsigneeUscc, string? ManufacturerUscc, string? TransportMode,
    string? TransportMeans, string? PortOfLoading, string? PortOfExit, string? PortOfEntry, string? Country, string? ContractReference,
    string? InvoiceReference, DocumentRequest[]? Documents, GoodsLineRequest[]? Lines, string? ConsignorName = null);

/// <summary>One lab result as sent: the parameter, the measured value and its unit.</summary>
public sealed record LabResultRequest(string? Parameter, double? Value, string? Unit);

/// <summary>The inspection result of one goods line as sent.</summary>
public sealed record LineInspectionRequest(int? Sequence, decimal? QuantityInspected, string? Findings, bool? FindingsConform, string? Category, string? ProcessingState, LabResultRequest[]? LabResults);

/// <summary>The inspection results of a declaration, one per goods line.</summary>
public sealed record InspectionRequest(LineInspectionRequest[]? Lines);

/// <summary>Why the office returns a declaration.</summary>
public sealed record ReturnRequest(string? Reasons);
