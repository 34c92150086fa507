namespace GoldenQuality.Quality.Contracts;

/// <summary>
/// An application for a production licence (<c>kind</c>: <c>food</c> or <c>industrial-product</c>): the holder (a
/// registered enterprise; an enterprise user applies only for its own), the production site (address and GB/T 2260
/// county within the bureau's province) and the product categories of the standards catalogue.
/// </summary>
public sealed record ProductionLicenceApplication(string? Kind, string? HolderUscc, string? SiteAddress, string? SiteArea, string[]? Categories);

/// <summary>
/// The on-site review (现场核查): scheduling it (date, reviewers) moves an application under review; recording its
/// <c>result</c> (<c>pass</c> or <c>fail</c>, with the findings) decides whether the licence may be granted.
/// </summary>
public sealed record ProductionLicenceReviewRequest(DateOnly? ScheduledOn, string[]? Reviewers, string? Findings, string? Result, long? Version);

/// <summary>The grant: the validity (from defaults to today, to to five years less a day later) and an optional note.</summary>
public sealed record ProductionLicenceGrantRequest(DateOnly? ValidFrom, DateOnly? ValidTo, string? Reason, long? Version);

/// <summary>A refusal, with its reason (required).</summary>
public sealed record ProductionLicenceRefusal(string? Reason, long? Version);

/// <summary>A change of a granted licence: any of categories, site address and end of validity (the rest stays), with the reason (required).</summary>
public sealed record ProductionLicenceChangeRequest(string[]? Categories, string? SiteAddress, DateOnly? ValidTo, string? Reason, long? Version);

/// <summary>
/// A status step: <c>Action</c> is <c>suspend</c>, <c>reinstate</c> or <c>revoke</c>; <c>Reason</c> is required;
/// <c>Reference</c> names what caused it (e.g. a spot-check sample number). <c>Version</c>, when given, must be the one read.
/// </summary>
public sealed record ProductionLicenceStatusRequest(string Action, string Reason, string? Reference, long? Version = null);

/// <summary>The body of the suspend, reinstate and revoke routes (the action is the route's).</summary>
public sealed record ProductionLicenceStep(string? Reason, string? Reference, long? Version);

/// <summary>The on-site review as recorded.</summary>
public sealed record ProductionLicenceReviewView(DateOnly? ScheduledOn, string[] Reviewers, string? Findings, string? Result);

/// <summary>One step of a licence's history; a change keeps the old and new values in its reason.</summary>
public sealed record ProductionLicenceHistoryEntry(DateTimeOffset At, string By, string OnBehalfOf, string Action, string? FromStatus, string? ToStatus, string? Reason, string? Reference);

/// <summary>
/// A production licence with its on-site review and history. <c>Number</c> is null until granted; <c>Status</c> is the
/// effective one (a granted licence past its validity reads <c>expired</c>).
/// </summary>
public sealed record ProductionLicenceView(
    string ApplicationNumber, string? Number, string Kind, string Status, string HolderUscc, string HolderName, string SiteAddress, string SiteArea, string Office,
    string[] Categories, DateOnly? ValidFrom, DateOnly? ValidTo, ProductionLicenceReviewView? Review, string? LastReason, long Version,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? GrantedAt, ProductionLicenceHistoryEntry[] History);

/// <summary>One row of the register list.</summary>
public sealed record ProductionLicenceSummary(
    string ApplicationNumber, string? Number, string Kind, string Status, string HolderUscc, string HolderName, string SiteArea, string Office, string[] Categories,
    DateOnly? ValidFrom, DateOnly? ValidTo, DateTimeOffset UpdatedAt);

/// <summary>What an expiry sweep did: the licences marked expired, by number.</summary>
public sealed record ProductionLicenceExpirySummary(string[] Expired);

/// <summary>
/// The read seam of the production-licence register for other parts of this node (spot checks, the demo): the
/// licences of one holder, newest first, with their history. It checks no actor: the caller decides who may see them.
/// </summary>
public interface IProductionLicences
{
    Task<ProductionLicenceView[]> OfHolderAsync(string uscc, CancellationToken ct);
}
