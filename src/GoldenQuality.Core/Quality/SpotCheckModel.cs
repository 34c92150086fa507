using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Quality;

/// <summary>Who set the plan: AQSIQ's national plan carried out by the province, or the province's own.</summary>
internal enum PlanLevel
{
    National,
    Provincial,
}

/// <summary>
/// The judgement of a sample (or of one item): <see cref="NoLimit"/> when no item failed but at least one had no
/// governing limit (reported as such, never passed); <see cref="Pending"/> until the laboratory's results are in.
/// </summary>
internal enum SampleOutcome
{
    Pending,
    Conforming,
    Nonconforming,
    NoLimit,
}

/// <summary>What the BQS does about a nonconforming sample.</summary>
internal enum FollowUpKind
{
    /// <summary>责令整改: the manufacturer is ordered to rectify by the due date.</summary>
    RectificationOrder,

    /// <summary>复检: a second laboratory test of the same sample; its result set is judged as the re-test outcome.</summary>
    ReTest,

    /// <summary>行政处罚: an administrative penalty decision.</summary>
    Penalty,

    /// <summary>暂停生产许可: the manufacturer's production licence is suspended (through the licence register).</summary>
    LicenceSuspension,
}

internal enum FollowUpStatus
{
    Open,
    Closed,
}

/// <summary>
/// A market spot-check plan (监督抽查计划) of a provincial BQS: which product categories, under which standards, how
/// many samples, in which regions of the province and in which period. National plans are AQSIQ's, carried out by the province.
/// </summary>
internal sealed class SpotCheckPlan
{
    private SpotCheckPlan()
    {
    }

    public Guid Id { get; private set; }

    /// <summary><c>PLAN-BQS-ZJ-2026-0001</c>: the owning office, the year, a serial per office and year.</summary>
    public string Number { get; private set; } = "";

    public PlanLevel Level { get; private set; }

    public string Title { get; private set; } = "";

    /// <summary>Standards catalogue category codes, separated by ';'.</summary>
    public string Categories { get; private set; } = "";

    /// <summary>The standards the plan cites (numbers, e.g. <c>GB 2762-2022</c>), separated by ';'.</summary>
    public string Standards { get; private set; } = "";

    public int PlannedSamples { get; private set; }

    /// <summary>GB/T 2260 area codes within the province, separated by ';'.</summary>
    public string Regions { get; private set; } = "";

    public DateOnly PeriodFrom { get; private set; }

    public DateOnly PeriodTo { get; private set; }

    /// <summary>The BQS office that owns the plan (<c>BQS-ZJ</c>).</summary>
    public string Office { get; private set; } = "";

    /// <summary>The province the plan belongs to (<c>330000</c>): only that province's BQS officers see it.</summary>
    public string Province { get; private set; } = "";

    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public string[] CategoryList => Split(Categories);

    public string[] StandardList => Split(Standards);

    public string[] RegionList => Split(Regions);

    public static SpotCheckPlan Create(Guid id, string number, PlanLevel level, string title, string[] categories, string[] standards, int planned, string[] regions,
        DateOnly from, DateOnly to, string office, string province, string createdBy, DateTimeOffset at) =>
        new()
        {
            Id = id, Number = number, Level = level, Title = title, Categories = string.Join(';', categories), Standards = string.Join(';', standards), PlannedSamples = planned,
            Regions = string.Join(';', regions), PeriodFrom = from, PeriodTo = to, Office = office, Province = province, CreatedBy = createdBy, CreatedAt = at,
        };

    internal static string[] Split(string s) => s.Length == 0 ? [] : s.Split(';');
}

/// <summary>
/// A sampling record (抽样单) of a plan: where and from whom the sample was taken, whose product it is, the lot and
/// the samplers; then the laboratory's results and the judgement (first round, and a re-test round when ordered).
/// </summary>
internal sealed class SpotCheckSample
{
    private SpotCheckSample()
    {
    }

    public Guid Id { get; private set; }

    /// <summary><c>SC-BQS-ZJ-HZ-2026-000001</c>: the sampling office, the year, a serial per office and year.</summary>
    public string Number { get; private set; } = "";

    public Guid PlanId { get; private set; }

    public string PlanNumber { get; private set; } = "";

    public string Province { get; private set; } = "";

    /// <summary>The BQS office that took the sample (the officer's office).</summary>
    public string Office { get; private set; } = "";

    public string PlaceName { get; private set; } = "";

    /// <summary>GB/T 2260 code of where the sample was taken: inside one of the plan's regions.</summary>
    public string AreaCode { get; private set; } = "";

    public string SellerName { get; private set; } = "";

    public string? SellerUscc { get; private set; }

    public string ManufacturerUscc { get; private set; } = "";

    public string ManufacturerName { get; private set; } = "";

    /// <summary>The manufacturer's registered area (from the registry): it decides the CIQ office told of a failure.</summary>
    public string ManufacturerArea { get; private set; } = "";

    public string Product { get; private set; } = "";

    public string Category { get; private set; } = "";

    public string? Brand { get; private set; }

    public string? LotNumber { get; private set; }

    public DateOnly SampledOn { get; private set; }

    /// <summary>The samplers' names, separated by ';'.</summary>
    public string Samplers { get; private set; } = "";

    /// <summary>The quantity sampled as written on the sampling record (e.g. <c>2 × 250 g</c>).</summary>
    public string Quantity { get; private set; } = "";

    public string RecordedBy { get; private set; } = "";

    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>The first round's judgement.</summary>
    public SampleOutcome Outcome { get; private set; }

    public DateTimeOffset? JudgedAt { get; private set; }

    /// <summary>The re-test round's judgement, when a re-test was ordered and its results recorded.</summary>
    public SampleOutcome? ReTestOutcome { get; private set; }

    public DateTimeOffset? ReTestedAt { get; private set; }

    public long Version { get; private set; }

    public List<SpotCheckResult> Results { get; private set; } = [];

    public List<SpotCheckFollowUp> FollowUps { get; private set; } = [];

    public string[] SamplerList => SpotCheckPlan.Split(Samplers);

    /// <summary>The judgement that stands: the re-test's when there is one.</summary>
    public SampleOutcome FinalOutcome => ReTestOutcome ?? Outcome;

    public static SpotCheckSample Create(Guid id, string number, SpotCheckPlan plan, string office, SampleFields f, DateTimeOffset at) =>
        new()
        {
            Id = id, Number = number, PlanId = plan.Id, PlanNumber = plan.Number, Province = plan.Province, Office = office, PlaceName = f.PlaceName, AreaCode = f.AreaCode,
            SellerName = f.SellerName, SellerUscc = f.SellerUscc, ManufacturerUscc = f.ManufacturerUscc, ManufacturerName = f.ManufacturerName, ManufacturerArea = f.ManufacturerArea,
            Product = f.Product, Category = f.Category, Brand = f.Brand, LotNumber = f.LotNumber, SampledOn = f.SampledOn, Samplers = string.Join(';', f.Samplers),
            Quantity = f.Quantity, RecordedBy = f.RecordedBy, RecordedAt = at, Outcome = SampleOutcome.Pending, Version = 1,
        };

    public void Judge(SampleOutcome outcome, DateTimeOffset at)
    {
        Outcome = outcome;
        JudgedAt = at;
        Version++;
    }

    public void JudgeReTest(SampleOutcome outcome, DateTimeOffset at)
    {
        ReTestOutcome = outcome;
        ReTestedAt = at;
        Version++;
    }
}

/// <summary>The checked fields of a sampling record.</summary>
internal sealed record SampleFields(string PlaceName, string AreaCode, string SellerName, string? SellerUscc, string ManufacturerUscc, string ManufacturerName, string ManufacturerArea,
    string Product, string Category, string? Brand, string? LotNumber, DateOnly SampledOn, string[] Samplers, string Quantity, string RecordedBy);

/// <summary>
/// One laboratory result of a sample and its judgement: the measured value as reported and in the parameter's
/// canonical unit, the governing requirement (standard, clause, limit) in the market <c>domestic:{province}</c> on the
/// sampling date, and the verdict. Round 1 is the first test, round 2 the re-test.
/// </summary>
internal sealed class SpotCheckResult
{
    private SpotCheckResult()
    {
    }

    public Guid Id { get; private set; }

    public Guid SampleId { get; private set; }

    public int Round { get; private set; }

    public int Sequence { get; private set; }

    public string Laboratory { get; private set; } = "";

    public string ReportNumber { get; private set; } = "";

    public DateOnly TestedOn { get; private set; }

    public string Parameter { get; private set; } = "";

    public decimal Value { get; private set; }

    public string Unit { get; private set; } = "";

    public decimal CanonicalValue { get; private set; }

    public string CanonicalUnit { get; private set; } = "";

    public SampleOutcome Verdict { get; private set; }

    public string? Standard { get; private set; }

    public string? Clause { get; private set; }

    /// <summary>The limit in the canonical unit (<c>max 5 mg/kg</c>); null when none governs.</summary>
    public string? Limit { get; private set; }

    /// <summary>Why the item has no limit, when it has none.</summary>
    public string? Note { get; private set; }

    public static SpotCheckResult Create(Guid id, Guid sample, int round, int sequence, string laboratory, string report, DateOnly testedOn, string parameter, decimal value,
        string unit, decimal canonical, string canonicalUnit, SampleOutcome verdict, string? standard, string? clause, string? limit, string? note) =>
        new()
        {
            Id = id, SampleId = sample, Round = round, Sequence = sequence, Laboratory = laboratory, ReportNumber = report, TestedOn = testedOn, Parameter = parameter, Value = value,
            Unit = unit, CanonicalValue = canonical, CanonicalUnit = canonicalUnit, Verdict = verdict, Standard = standard, Clause = clause, Limit = limit, Note = note,
        };
}

/// <summary>A follow-up of a sample that was not conforming: rectification order, re-test, penalty or licence suspension.</summary>
internal sealed class SpotCheckFollowUp
{
    private SpotCheckFollowUp()
    {
    }

    public Guid Id { get; private set; }

    public Guid SampleId { get; private set; }

    public string SampleNumber { get; private set; } = "";

    public string Province { get; private set; } = "";

    public string Office { get; private set; } = "";

    public FollowUpKind Kind { get; private set; }

    public string Detail { get; private set; } = "";

    public DateOnly DueOn { get; private set; }

    /// <summary>The production licence suspended (<see cref="FollowUpKind.LicenceSuspension"/> only).</summary>
    public string? LicenceNumber { get; private set; }

    public FollowUpStatus Status { get; private set; }

    public string? Outcome { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public string? ClosedBy { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public static SpotCheckFollowUp Create(Guid id, SpotCheckSample sample, string office, FollowUpKind kind, string detail, DateOnly due, string? licence, string by, DateTimeOffset at) =>
        new()
        {
            Id = id, SampleId = sample.Id, SampleNumber = sample.Number, Province = sample.Province, Office = office, Kind = kind, Detail = detail, DueOn = due, LicenceNumber = licence,
            Status = FollowUpStatus.Open, CreatedBy = by, CreatedAt = at,
        };

    public bool IsOverdue(DateOnly today) => Status == FollowUpStatus.Open && DueOn < today;

    public void Close(string outcome, string by, DateTimeOffset at)
    {
        Status = FollowUpStatus.Closed;
        Outcome = outcome;
        ClosedBy = by;
        ClosedAt = at;
    }
}

internal sealed class SpotCheckPlanConfiguration : IEntityTypeConfiguration<SpotCheckPlan>
{
    public void Configure(EntityTypeBuilder<SpotCheckPlan> b)
    {
        b.ToTable("qs_plans");
        b.HasKey(x => x.Id);
        b.Property(x => x.Number).HasMaxLength(48);
        b.HasIndex(x => x.Number).IsUnique();
        b.Property(x => x.Title).HasMaxLength(SpotCheckRules.MaxTitle);
        b.Property(x => x.Categories).HasMaxLength(SpotCheckRules.MaxList * 65);
        b.Property(x => x.Standards).HasMaxLength(SpotCheckRules.MaxList * 65);
        b.Property(x => x.Regions).HasMaxLength(SpotCheckRules.MaxList * 7);
        b.Property(x => x.Office).HasMaxLength(32);
        b.Property(x => x.Province).HasMaxLength(6);
        b.Property(x => x.CreatedBy).HasMaxLength(128);
        b.HasIndex(x => new { x.Province, x.PeriodFrom });
        b.Ignore(x => x.CategoryList);
        b.Ignore(x => x.StandardList);
        b.Ignore(x => x.RegionList);
    }
}

internal sealed class SpotCheckSampleConfiguration : IEntityTypeConfiguration<SpotCheckSample>
{
    public void Configure(EntityTypeBuilder<SpotCheckSample> b)
    {
        b.ToTable("qs_samples");
        b.HasKey(x => x.Id);
        b.Property(x => x.Number).HasMaxLength(48);
        b.HasIndex(x => x.Number).IsUnique();
        b.HasIndex(x => x.PlanId);
        b.HasIndex(x => new { x.Province, x.Outcome });
        b.Property(x => x.PlanNumber).HasMaxLength(48);
        b.Property(x => x.Province).HasMaxLength(6);
        b.Property(x => x.Office).HasMaxLength(32);
        b.Property(x => x.PlaceName).HasMaxLength(SpotCheckRules.MaxName);
        b.Property(x => x.AreaCode).HasMaxLength(6);
        b.Property(x => x.SellerName).HasMaxLength(SpotCheckRules.MaxName);
        b.Property(x => x.SellerUscc).HasMaxLength(18);
        b.Property(x => x.ManufacturerUscc).HasMaxLength(18);
        b.HasIndex(x => x.ManufacturerUscc);
        b.Property(x => x.ManufacturerName).HasMaxLength(SpotCheckRules.MaxName);
        b.Property(x => x.ManufacturerArea).HasMaxLength(6);
        b.Property(x => x.Product).HasMaxLength(SpotCheckRules.MaxName);
        b.Property(x => x.Category).HasMaxLength(64);
        b.Property(x => x.Brand).HasMaxLength(SpotCheckRules.MaxShort);
        b.Property(x => x.LotNumber).HasMaxLength(SpotCheckRules.MaxShort);
        b.Property(x => x.Samplers).HasMaxLength(SpotCheckRules.MaxName);
        b.Property(x => x.Quantity).HasMaxLength(SpotCheckRules.MaxShort);
        b.Property(x => x.RecordedBy).HasMaxLength(128);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.SamplerList);
        b.Ignore(x => x.FinalOutcome);
        b.HasMany(x => x.Results).WithOne().HasForeignKey(r => r.SampleId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.FollowUps).WithOne().HasForeignKey(r => r.SampleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SpotCheckResultConfiguration : IEntityTypeConfiguration<SpotCheckResult>
{
    public void Configure(EntityTypeBuilder<SpotCheckResult> b)
    {
        b.ToTable("qs_sample_results");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.SampleId, x.Round, x.Sequence }).IsUnique();
        b.Property(x => x.Laboratory).HasMaxLength(SpotCheckRules.MaxName);
        b.Property(x => x.ReportNumber).HasMaxLength(SpotCheckRules.MaxShort);
        b.Property(x => x.Parameter).HasMaxLength(64);
        b.Property(x => x.Value).HasPrecision(18, 6);
        b.Property(x => x.Unit).HasMaxLength(16);
        b.Property(x => x.CanonicalValue).HasPrecision(18, 6);
        b.Property(x => x.CanonicalUnit).HasMaxLength(16);
        b.Property(x => x.Standard).HasMaxLength(64);
        b.Property(x => x.Clause).HasMaxLength(64);
        b.Property(x => x.Limit).HasMaxLength(128);
        b.Property(x => x.Note).HasMaxLength(256);
    }
}

internal sealed class SpotCheckFollowUpConfiguration : IEntityTypeConfiguration<SpotCheckFollowUp>
{
    public void Configure(EntityTypeBuilder<SpotCheckFollowUp> b)
    {
        b.ToTable("qs_follow_ups");
        b.HasKey(x => x.Id);
        b.Property(x => x.SampleNumber).HasMaxLength(48);
        b.Property(x => x.Province).HasMaxLength(6);
        b.Property(x => x.Office).HasMaxLength(32);
        b.Property(x => x.Detail).HasMaxLength(SpotCheckRules.MaxText);
        b.Property(x => x.LicenceNumber).HasMaxLength(64);
        b.Property(x => x.Outcome).HasMaxLength(SpotCheckRules.MaxText);
        b.Property(x => x.CreatedBy).HasMaxLength(128);
        b.Property(x => x.ClosedBy).HasMaxLength(128);
        b.HasIndex(x => new { x.Province, x.Status, x.DueOn });
    }
}
