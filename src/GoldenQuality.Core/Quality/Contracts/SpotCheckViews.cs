namespace GoldenQuality.Quality.Contracts;

// The requests and views of market spot checks (docs/quality.md, "Spot checks"): what the API receives and sends.

/// <summary>A new plan: level <c>national</c> or <c>provincial</c>, categories (standards catalogue codes), cited standards, planned samples, regions (GB/T 2260), period.</summary>
public sealed record SpotCheckPlanRequest(
    string? Level, string? Title, string[]? Categories, string[]? Standards, int? PlannedSamples, string[]? Regions, DateOnly? PeriodFrom, DateOnly? PeriodTo);

/// <summary>A sampling record: where (place, area), from whom (seller), whose product (manufacturer USCC), what, lot, when, by whom, how much.</summary>
public sealed record SampleRequest(
    string? PlaceName, string? AreaCode, string? SellerName, string? SellerUscc, string? ManufacturerUscc, string? Product, string? Category, string? Brand,
    string? LotNumber, DateOnly? SampledOn, string[]? Samplers, string? Quantity);

/// <summary>One measured item of a laboratory report.</summary>
public sealed record SampleResultItem(string? Parameter, decimal? Value, string? Unit);

/// <summary>A laboratory report for a sample (the first test, or the re-test a follow-up ordered).</summary>
public sealed record SampleResultsRequest(string? Laboratory, string? ReportNumber, DateOnly? TestedOn, SampleResultItem[]? Items);

/// <summary>A follow-up: <c>rectification-order</c>, <c>re-test</c>, <c>penalty</c> or <c>licence-suspension</c> (naming the licence).</summary>
public sealed record FollowUpRequest(string? Kind, string? Detail, DateOnly? DueOn, string? LicenceNumber);

/// <summary>Closes a follow-up with its outcome.</summary>
public sealed record FollowUpCloseRequest(string? Outcome);

/// <summary>A plan with the samples taken under it so far.</summary>
public sealed record SpotCheckPlanView(
    Guid Id, string Number, string Level, string Title, string[] Categories, string[] Standards, int PlannedSamples, int SamplesTaken, string[] Regions,
    DateOnly PeriodFrom, DateOnly PeriodTo, string Office, string Province, string CreatedBy, DateTimeOffset CreatedAt, SampleSummary[] Samples);

/// <summary>One line of a plan list.</summary>
public sealed record SpotCheckPlanSummary(string Number, string Level, string Title, string[] Categories, int PlannedSamples, int SamplesTaken, DateOnly PeriodFrom, DateOnly PeriodTo, string Office);

/// <summary>One line of a sample list; <see cref="FinalOutcome"/> is the re-test's when there is one.</summary>
public sealed record SampleSummary(
    string Number, string PlanNumber, string Product, string Category, string ManufacturerName, string ManufacturerUscc, string AreaCode, DateOnly SampledOn,
    string Outcome, string? ReTestOutcome, string FinalOutcome);

/// <summary>One judged item: the value as reported and in the canonical unit, the governing limit (canonical unit), its standard and clause, the verdict.</summary>
public sealed record SampleItemView(
    int Round, int Sequence, string Laboratory, string ReportNumber, DateOnly TestedOn, string Parameter, decimal Value, string Unit, decimal CanonicalValue,
    string CanonicalUnit, string Verdict, string? Standard, string? Clause, string? Limit, string? Note);

/// <summary>A follow-up; <see cref="Overdue"/> is open past its due date (today, China time).</summary>
public sealed record FollowUpView(
    Guid Id, string SampleNumber, string Kind, string Detail, DateOnly DueOn, string? LicenceNumber, string Status, bool Overdue, string? Outcome, string Office,
    string CreatedBy, DateTimeOffset CreatedAt, string? ClosedBy, DateTimeOffset? ClosedAt);

/// <summary>A sampling record with its judgement, the re-test's, and its follow-ups. <see cref="AcceptsResults"/>: results may be recorded now (first test or an open re-test).</summary>
public sealed record SampleView(
    Guid Id, string Number, string PlanNumber, string Office, string PlaceName, string AreaCode, string SellerName, string? SellerUscc, string ManufacturerUscc,
    string ManufacturerName, string ManufacturerArea, string Product, string Category, string? Brand, string? LotNumber, DateOnly SampledOn, string[] Samplers,
    string Quantity, string RecordedBy, DateTimeOffset RecordedAt, string Outcome, DateTimeOffset? JudgedAt, string? ReTestOutcome, DateTimeOffset? ReTestedAt,
    string FinalOutcome, bool AcceptsResults, SampleItemView[] Results, SampleItemView[] ReTestResults, FollowUpView[] FollowUps, long Version);

/// <summary>A product found nonconforming by a market spot check, as the public reads it.</summary>
public sealed record NonconformingProductView(
    string SampleNumber, string Product, string? Brand, string? LotNumber, string ManufacturerName, string ManufacturerUscc, string PlaceName, string AreaCode,
    string Category, DateOnly SampledOn, DateTimeOffset JudgedAt, SpotCheckFailedItem[] Failed, string[] FollowUps);

/// <summary>The pass rate of one product category or region: conforming over judged (no-limit samples count as judged, not as passed).</summary>
public sealed record PassRateRow(string Key, int Judged, int Conforming, int Nonconforming, int NoLimit, decimal PassRate);

/// <summary>Samples planned and taken for one plan.</summary>
public sealed record PlanProgressRow(string Number, string Title, int Planned, int Taken);

/// <summary>The province's dashboard: pass rates by category and by region (prefecture), plan progress, open and overdue follow-ups.</summary>
public sealed record QualityDashboardView(
    string Province, DateOnly Today, PassRateRow[] ByCategory, PassRateRow[] ByRegion, PlanProgressRow[] Plans, int OpenFollowUps, FollowUpView[] Overdue);
