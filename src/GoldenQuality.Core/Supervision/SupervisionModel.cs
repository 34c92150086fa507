using GoldenQuality.Standards.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Supervision;

/// <summary>Where a supervised lot stands.</summary>
public enum LotStatus
{
    /// <summary>In production: measurements are streamed and checked.</summary>
    Open,
    /// <summary>A nonconformity put a hold on it: it cannot complete as conforming.</summary>
    Held,
    /// <summary>Completed conforming: it has a supervision record.</summary>
    Completed,
    /// <summary>
    /// Ended by a hold decision that takes the goods away (destroyed, returned to sender): it never completes. The
    /// decision is its hold reason.
    /// </summary>
    Disposed,
}

/// <summary>What a supervision event reports to the supervising CIQ office.</summary>
public enum SupervisionEventKind
{
    /// <summary>A measurement broke its specification limit; the lot is held.</summary>
    Nonconformity,
    /// <summary>An SPC rule fired on a process stream: an early warning, no hold.</summary>
    SpcSignal,
    /// <summary>A lot completed conforming and got a supervision record.</summary>
    LotConforming,
    /// <summary>A surveillance video no longer matches its registered SHA-256.</summary>
    VideoIntegrityFailure,
}

/// <summary>A production line of an enterprise under E-Supervision.</summary>
internal sealed class ProductionLine
{
    private ProductionLine()
    {
    }

    public Guid Id { get; private set; }

    public Guid EnterpriseId { get; private set; }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    internal static ProductionLine Create(Guid id, Guid enterpriseId, string code, string name, DateTimeOffset now) =>
        new() { Id = id, EnterpriseId = enterpriseId, Code = code, Name = name, CreatedAt = now };
}

/// <summary>A lot produced under supervision: its measurements are checked against the limits of its product and market.</summary>
/// <summary>A row of an enterprise under an office's supervision (lots, events), for the shared list filter.</summary>
internal interface IOfficeScoped
{
    Guid EnterpriseId { get; }

    string OfficeCode { get; }
}

internal sealed class SupervisedLot : IOfficeScoped
{
    private SupervisedLot()
    {
    }

    public Guid Id { get; private set; }

    public Guid EnterpriseId { get; private set; }

    public string Uscc { get; private set; } = "";

    public Guid LineId { get; private set; }

    /// <summary>The enterprise's own lot number, unique within the enterprise.</summary>
    public string Number { get; private set; } = "";

    /// <summary>The product category code (Standards).</summary>
    public string ProductCode { get; private set; } = "";

    public string ProcessingState { get; private set; } = "";

    /// <summary><c>export</c>, <c>domestic</c>, or <c>domestic:330000</c> (one province's domestic market).</summary>
    public string Market { get; private set; } = "export";

    /// <summary>The code of the CIQ office that supervises the enterprise (e.g. <c>CIQ-ZJ-HZ</c>).</summary>
    public string OfficeCode { get; private set; } = "";

    public LotStatus Status { get; private set; }

    public DateTimeOffset OpenedAt { get; private set; }

    public DateTimeOffset? HeldAt { get; private set; }

    public string? HoldReason { get; private set; }

    /// <summary>The length of the hold reason's column.</summary>
    public const int MaxHoldReason = 1024;

    public DateTimeOffset? CompletedAt { get; private set; }

    public long Measurements { get; private set; }

    public long Nonconformities { get; private set; }

    public long SpcSignals { get; private set; }

    internal static SupervisedLot Create(Guid id, Guid enterpriseId, string uscc, Guid lineId, string number, string productCode, string state, string market, string officeCode, DateTimeOffset now) =>
        new()
        {
            Id = id, EnterpriseId = enterpriseId, Uscc = uscc, LineId = lineId, Number = number, ProductCode = productCode, ProcessingState = state,
            Market = market, OfficeCode = officeCode, Status = LotStatus.Open, OpenedAt = now,
        };

    internal void Count(long measurements, long nonconformities, long signals)
    {
        Measurements += measurements;
        Nonconformities += nonconformities;
        SpcSignals += signals;
    }

    /// <summary>Holds the lot; the first reason is kept.</summary>
    internal bool Hold(string reason, DateTimeOffset now)
    {
        if (Status != LotStatus.Open)
        {
            return false;
        }

        Status = LotStatus.Held;
        HeldAt = now;
        HoldReason = reason;
        return true;
    }

    /// <summary>Ends the hold by a decision: released (or re-processed), the lot is open again and may complete; otherwise it is disposed of.</summary>
    internal bool EndHold(bool released, string decision)
    {
        if (Status != LotStatus.Held)
        {
            return false;
        }

        Status = released ? LotStatus.Open : LotStatus.Disposed;
        HoldReason = released ? null : (decision.Length <= MaxHoldReason ? decision : decision[..MaxHoldReason]);
        HeldAt = released ? null : HeldAt;
        return true;
    }

    internal void Complete(DateTimeOffset now)
    {
        Status = LotStatus.Completed;
        CompletedAt = now;
    }
}

/// <summary>
/// One process stream of a lot: (device, sensor, parameter). Keeps the last timestamp (so that out-of-order data
/// is refused) and the SPC state, in the database, so that any instance can continue the stream.
/// </summary>
internal sealed class LotStream
{
    private LotStream()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public string Device { get; private set; } = "";

    public string Sensor { get; private set; } = "";

    public string Parameter { get; private set; } = "";

    public DateTimeOffset LastAt { get; private set; }

    public long Count { get; private set; }

    /// <summary>The SPC monitor's state (<see cref="SpcMonitor.Serialize"/>).</summary>
    public string Spc { get; private set; } = "";

    internal static LotStream Create(Guid id, Guid lotId, string device, string sensor, string parameter) =>
        new() { Id = id, LotId = lotId, Device = device, Sensor = sensor, Parameter = parameter, LastAt = DateTimeOffset.MinValue.ToUniversalTime() };

    internal void Advance(DateTimeOffset at, long count, string spc)
    {
        LastAt = at;
        Count += count;
        Spc = spc;
    }
}

/// <summary>One stored measurement: append-only, written in bulk (see <see cref="MeasurementWriter"/>).</summary>
internal sealed class Measurement
{
    private Measurement()
    {
    }

    public long Id { get; private set; }

    public Guid LotId { get; private set; }

    public string Device { get; private set; } = "";

    public string Sensor { get; private set; } = "";

    public string Parameter { get; private set; } = "";

    /// <summary>The value as sent, in <see cref="Unit"/>.</summary>
    public double Value { get; private set; }

    public string Unit { get; private set; } = "";

    /// <summary>The value in the parameter's canonical unit, as it was checked.</summary>
    public double CanonicalValue { get; private set; }

    public DateTimeOffset At { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public Verdict Verdict { get; private set; }

    /// <summary>The requirement that governed the check, when one did.</summary>
    public Guid? RequirementId { get; private set; }

    /// <summary>A tracked row, for the rare batch stored through SaveChanges rather than in bulk (see <see cref="Ingestion"/>).</summary>
    internal static Measurement Create(MeasurementRow r, DateTimeOffset receivedAt) =>
        new()
        {
            LotId = r.LotId, Device = r.Device, Sensor = r.Sensor, Parameter = r.Parameter, Value = r.Value, Unit = r.Unit, CanonicalValue = r.CanonicalValue,
            At = r.At, ReceivedAt = receivedAt, Verdict = r.Verdict, RequirementId = r.RequirementId,
        };
}

/// <summary>
/// An event for the supervising CIQ office. Stored here; the exchange layer carries undispatched events to the
/// office's node and sets <see cref="DispatchedAt"/>.
/// </summary>
internal sealed class SupervisionEvent : IOfficeScoped
{
    private SupervisionEvent()
    {
    }

    public Guid Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public SupervisionEventKind Kind { get; private set; }

    public string OfficeCode { get; private set; } = "";

    public Guid EnterpriseId { get; private set; }

    public string Uscc { get; private set; } = "";

    public Guid LotId { get; private set; }

    public string LotNumber { get; private set; } = "";

    public string? Parameter { get; private set; }

    public double? Value { get; private set; }

    public string? Unit { get; private set; }

    public Guid? RequirementId { get; private set; }

    /// <summary>Human-readable detail: the limit broken, the rule fired, the hash found.</summary>
    public string Detail { get; private set; } = "";

    /// <summary>The length of the detail's column.</summary>
    public const int MaxDetail = 2048;

    public DateTimeOffset? DispatchedAt { get; private set; }

    internal static SupervisionEvent Create(Guid id, DateTimeOffset at, SupervisionEventKind kind, SupervisedLot lot, string? parameter, double? value, string? unit, Guid? requirement, string detail) =>
        new()
        {
            Id = id, At = at, Kind = kind, OfficeCode = lot.OfficeCode, EnterpriseId = lot.EnterpriseId, Uscc = lot.Uscc, LotId = lot.Id, LotNumber = lot.Number,
            Parameter = parameter, Value = value, Unit = unit, RequirementId = requirement, Detail = detail,
        };

    internal void MarkDispatched(DateTimeOffset at) => DispatchedAt = at;
}

/// <summary>The record of a lot that completed conforming; the clearance flow's risk decision reads it.</summary>
internal sealed class SupervisionRecord
{
    private SupervisionRecord()
    {
    }

    public Guid Id { get; private set; }

    /// <summary><c>SR-{office}-{yyyyMMdd}-{8 hex}</c>, e.g. <c>SR-CIQ-ZJ-HZ-20261127-0a1b2c3d</c>.</summary>
    public string Number { get; private set; } = "";

    public Guid LotId { get; private set; }

    public Guid EnterpriseId { get; private set; }

    public string Uscc { get; private set; } = "";

    public string LotNumber { get; private set; } = "";

    public string ProductCode { get; private set; } = "";

    public string Market { get; private set; } = "";

    public string OfficeCode { get; private set; } = "";

    public DateTimeOffset IssuedAt { get; private set; }

    public DateTimeOffset ProductionFrom { get; private set; }

    public long Measurements { get; private set; }

    /// <summary>The parameters that were checked against a limit, separated by ';'.</summary>
    public string Parameters { get; private set; } = "";

    /// <summary>The standards whose limits governed the checks, separated by ';'.</summary>
    public string Standards { get; private set; } = "";

    public long SpcSignals { get; private set; }

    internal static SupervisionRecord Create(Guid id, SupervisedLot lot, DateTimeOffset now, string parameters, string standards)
    {
        var number = $"SR-{lot.OfficeCode}-{now.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)}-{id.ToString("N")[^8..]}";
        return new()
        {
            Id = id, Number = number, LotId = lot.Id, EnterpriseId = lot.EnterpriseId, Uscc = lot.Uscc, LotNumber = lot.Number, ProductCode = lot.ProductCode,
            Market = lot.Market, OfficeCode = lot.OfficeCode, IssuedAt = now, ProductionFrom = lot.OpenedAt, Measurements = lot.Measurements,
            Parameters = parameters, Standards = standards, SpcSignals = lot.SpcSignals,
        };
    }
}

/// <summary>A surveillance video of a lot, referenced by URI and SHA-256; checked whenever it is accessed.</summary>
internal sealed class VideoReference
{
    private VideoReference()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public string Camera { get; private set; } = "";

    public DateTimeOffset From { get; private set; }

    public DateTimeOffset To { get; private set; }

    public string Uri { get; private set; } = "";

    /// <summary>Lower-case hex SHA-256 of the video file as registered.</summary>
    public string Sha256 { get; private set; } = "";

    public DateTimeOffset RegisteredAt { get; private set; }

    public DateTimeOffset? LastCheckedAt { get; private set; }

    public bool? LastCheckPassed { get; private set; }

    internal static VideoReference Create(Guid id, Guid lotId, string camera, DateTimeOffset from, DateTimeOffset to, string uri, string sha256, DateTimeOffset now) =>
        new() { Id = id, LotId = lotId, Camera = camera, From = from, To = to, Uri = uri, Sha256 = sha256, RegisteredAt = now };

    internal void Checked(bool passed, DateTimeOffset now)
    {
        LastCheckedAt = now;
        LastCheckPassed = passed;
    }
}

internal sealed class ProductionLineConfiguration : IEntityTypeConfiguration<ProductionLine>
{
    public void Configure(EntityTypeBuilder<ProductionLine> b)
    {
        b.ToTable("supervision_lines");
        b.HasKey(x => x.Id);
        b.Property(x => x.Code).HasMaxLength(64);
        b.Property(x => x.Name).HasMaxLength(256);
        b.HasIndex(x => new { x.EnterpriseId, x.Code }).IsUnique();
    }
}

internal sealed class SupervisedLotConfiguration : IEntityTypeConfiguration<SupervisedLot>
{
    public void Configure(EntityTypeBuilder<SupervisedLot> b)
    {
        b.ToTable("supervision_lots");
        b.HasKey(x => x.Id);
        b.Property(x => x.Uscc).HasMaxLength(18);
        b.Property(x => x.Number).HasMaxLength(64);
        b.Property(x => x.ProductCode).HasMaxLength(64);
        b.Property(x => x.ProcessingState).HasMaxLength(64);
        b.Property(x => x.Market).HasMaxLength(32);
        b.Property(x => x.OfficeCode).HasMaxLength(64);
        b.Property(x => x.HoldReason).HasMaxLength(SupervisedLot.MaxHoldReason);
        b.HasIndex(x => new { x.EnterpriseId, x.Number }).IsUnique();
        b.HasIndex(x => new { x.OfficeCode, x.Status });
        b.HasOne<ProductionLine>().WithMany().HasForeignKey(x => x.LineId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LotStreamConfiguration : IEntityTypeConfiguration<LotStream>
{
    public void Configure(EntityTypeBuilder<LotStream> b)
    {
        b.ToTable("supervision_streams");
        b.HasKey(x => x.Id);
        b.Property(x => x.Device).HasMaxLength(64);
        b.Property(x => x.Sensor).HasMaxLength(64);
        b.Property(x => x.Parameter).HasMaxLength(64);
        b.Property(x => x.Spc).HasMaxLength(2048);
        b.HasIndex(x => new { x.LotId, x.Device, x.Sensor, x.Parameter }).IsUnique();
        b.HasOne<SupervisedLot>().WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MeasurementConfiguration : IEntityTypeConfiguration<Measurement>
{
    public void Configure(EntityTypeBuilder<Measurement> b)
    {
        b.ToTable("supervision_measurements");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedOnAdd();
        b.Property(x => x.Device).HasMaxLength(64);
        b.Property(x => x.Sensor).HasMaxLength(64);
        b.Property(x => x.Parameter).HasMaxLength(64);
        b.Property(x => x.Unit).HasMaxLength(32);
        // A small number, not the name: this table grows by millions of rows.
        b.Property(x => x.Verdict).HasConversion<short>();
        // Append-only and written in bulk: one index for reading a lot's data in time order, and no foreign key to check per row.
        b.HasIndex(x => new { x.LotId, x.At });
    }
}

internal sealed class SupervisionEventConfiguration : IEntityTypeConfiguration<SupervisionEvent>
{
    public void Configure(EntityTypeBuilder<SupervisionEvent> b)
    {
        b.ToTable("supervision_events");
        b.HasKey(x => x.Id);
        b.Property(x => x.OfficeCode).HasMaxLength(64);
        b.Property(x => x.Uscc).HasMaxLength(18);
        b.Property(x => x.LotNumber).HasMaxLength(64);
        b.Property(x => x.Parameter).HasMaxLength(64);
        b.Property(x => x.Unit).HasMaxLength(32);
        b.Property(x => x.Detail).HasMaxLength(SupervisionEvent.MaxDetail);
        b.HasIndex(x => new { x.OfficeCode, x.At });
        b.HasIndex(x => x.LotId);
        b.HasIndex(x => x.DispatchedAt);
    }
}

internal sealed class SupervisionRecordConfiguration : IEntityTypeConfiguration<SupervisionRecord>
{
    public void Configure(EntityTypeBuilder<SupervisionRecord> b)
    {
        b.ToTable("supervision_records");
        b.HasKey(x => x.Id);
        b.Property(x => x.Number).HasMaxLength(96);
        b.HasIndex(x => x.Number).IsUnique();
        b.HasIndex(x => x.LotId).IsUnique();
        b.Property(x => x.Uscc).HasMaxLength(18);
        b.Property(x => x.LotNumber).HasMaxLength(64);
        b.Property(x => x.ProductCode).HasMaxLength(64);
        b.Property(x => x.Market).HasMaxLength(32);
        b.Property(x => x.OfficeCode).HasMaxLength(64);
        b.Property(x => x.Parameters).HasMaxLength(4000);
        b.Property(x => x.Standards).HasMaxLength(4000);
    }
}

internal sealed class VideoReferenceConfiguration : IEntityTypeConfiguration<VideoReference>
{
    public void Configure(EntityTypeBuilder<VideoReference> b)
    {
        b.ToTable("supervision_videos");
        b.HasKey(x => x.Id);
        b.Property(x => x.Camera).HasMaxLength(64);
        b.Property(x => x.Uri).HasMaxLength(2048);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.HasIndex(x => x.LotId);
        b.HasOne<SupervisedLot>().WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Cascade);
    }
}
