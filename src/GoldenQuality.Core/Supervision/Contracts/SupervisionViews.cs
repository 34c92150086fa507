using System.Text.Json.Serialization;

namespace GoldenQuality.Supervision.Contracts;

// The request and view records of E-Supervision: what its API sends and receives, and what the pages show.

public sealed record LineRequest(string? Code, string? Name, string? EnterpriseUscc);

public sealed record LineView(Guid Id, string Uscc, string Code, string Name, DateTimeOffset CreatedAt);

public sealed record LotRequest(string? Line, string? Number, string? Product, string? ProcessingState, string? Market, string? EnterpriseUscc);

public sealed record LotView(Guid Id, string Uscc, string Line, string Number, string Product, string? ProcessingState, string Market, string Office,
    string Status, DateTimeOffset OpenedAt, DateTimeOffset? HeldAt, string? HoldReason, DateTimeOffset? CompletedAt, long Measurements, long Nonconformities, long SpcSignals);

public sealed record MeasurementView(DateTimeOffset At, string Device, string Sensor, string Parameter, double Value, string Unit, double CanonicalValue, string Verdict, Guid? RequirementId);

public sealed record EventView(Guid Id, DateTimeOffset At, string Kind, string Office, string Uscc, Guid Lot, string LotNumber, string? Parameter, double? Value, string? Unit,
    Guid? RequirementId, string Detail, DateTimeOffset? DispatchedAt);

public sealed record RecordView(string Number, Guid Lot, string Uscc, string LotNumber, string Product, string Market, string Office, DateTimeOffset IssuedAt,
    DateTimeOffset ProductionFrom, long Measurements, string[] Parameters, string[] Standards, long SpcSignals, string Outcome);

public sealed record VideoRequest(string? Camera, DateTimeOffset? From, DateTimeOffset? To, string? Uri, string? Sha256);

public sealed record VideoView(Guid Id, Guid Lot, string Camera, DateTimeOffset From, DateTimeOffset To, string Uri, string Sha256, DateTimeOffset RegisteredAt,
    DateTimeOffset? LastCheckedAt, bool? LastCheckPassed);

public sealed record VideoCheckView(Guid Id, bool Passed, string Expected, string? Actual, long? Bytes, DateTimeOffset CheckedAt, string? Problem)
{
    /// <summary>The problem as a coded message; <see cref="Problem"/> is its rendering in the request's language.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal Common.Message? Reason { get; init; }
}

/// <summary>One measurement in JSON (batched body or one NDJSON line), after GS1 EPCIS sensor reports: type → parameter, uom → unit.</summary>
public sealed record MeasurementRecord(
    string? Lot,
    string? Device,
    string? Sensor,
    string? Parameter,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals | JsonNumberHandling.AllowReadingFromString)] double? Value,
    string? Unit,
    string? At);

/// <summary>A batch of measurements in JSON.</summary>
public sealed record MeasurementBatch(MeasurementRecord[]? Measurements);

/// <summary>Why one record was refused; <c>index</c> counts from 0 in the request, <c>line</c> is the CSV/NDJSON line.</summary>
public sealed record RecordError(int Index, int Line, string Field, string Reason);

/// <summary>An SPC rule that started to signal.</summary>
public sealed record SpcSignalView(Guid Lot, string Device, string Sensor, string Parameter, string[] Rules, DateTimeOffset At);

/// <summary>What an ingestion request did.</summary>
public sealed record IngestResult(
    int Received,
    int Accepted,
    int Rejected,
    bool Stored,
    int Conforming,
    int Nonconforming,
    int WithoutLimit,
    Guid[] LotsHeld,
    SpcSignalView[] SpcSignals,
    RecordError[] Errors,
    long StandardsGeneration);


/// <summary>Which lots to list: by status (<c>open</c>, <c>held</c>, <c>completed</c>) and supervising office; one page of them.</summary>
public sealed record LotQuery(string? Status = null, string? Office = null, int? Page = null, int? PageSize = null);

/// <summary>Which supervision events to list: by office, lot, kind (kebab-case) and whether still undispatched; one page of them.</summary>
public sealed record EventQuery(string? Office = null, Guid? Lot = null, string? Kind = null, bool? Undispatched = null, int? Page = null, int? PageSize = null);

/// <summary>One parameter of a lot as the lot page charts it: readings (canonical unit), SPC signals, the governing limits, the hold.</summary>
public sealed record ParameterSeries(string Parameter, string Unit, IReadOnlyList<MeasurementView> Readings, IReadOnlyList<EventView> Signals,
    double? Lower, double? Upper, DateTimeOffset? HeldAt);

/// <summary>A lot with its first page of readings grouped by parameter, and its events.</summary>
public sealed record LotDetail(LotView Lot, IReadOnlyList<ParameterSeries> Parameters, IReadOnlyList<EventView> Events);

/// <summary>What E-Supervision knows about one lot of an enterprise: its supervision record, or its hold.</summary>
public sealed record LotStatusView(string LotNumber, string? RecordNumber, bool Held, string? HoldReason);
