using GoldenQuality.Quality.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Quality;

/// <summary>
/// A production licence (生产许可证) in the register of the provincial BQS that owns it: the food production licence
/// (食品生产许可, numbers <c>SC…</c>) or the industrial-product production licence (工业产品生产许可, numbers <c>浙XK…</c>),
/// from the application through the on-site review to its grant and end. The register on the province's BQS node is
/// the truth; CIQ hears of status changes by message and AQSIQ reads it through the <c>production-licence</c> dataset.
/// </summary>
internal sealed class ProductionLicence
{
    private ProductionLicence()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Assigned at the application: <c>QLA-BQS-ZJ-20260315-0001</c>.</summary>
    public string ApplicationNumber { get; private set; } = "";

    /// <summary>The licence number, assigned at the grant (<see cref="LicenceRules.FoodNumber"/>, <see cref="LicenceRules.IndustrialNumber"/>); null before.</summary>
    public string? Number { get; private set; }

    public ProductionLicenceKind Kind { get; private set; }

    public ProductionLicenceStatus Status { get; private set; }

    public string HolderUscc { get; private set; } = "";

    /// <summary>The holder's name in the registry at the application.</summary>
    public string HolderName { get; private set; } = "";

    /// <summary>The holder's registered area (GB/T 2260): the CIQ office of this area is told of status changes.</summary>
    public string HolderArea { get; private set; } = "";

    public string SiteAddress { get; private set; } = "";

    /// <summary>The production site's county or district (GB/T 2260, six digits), within the owning bureau's province.</summary>
    public string SiteArea { get; private set; } = "";

    /// <summary>The province of the site (<c>330000</c>): only this province's BQS officers act on the licence.</summary>
    public string Province { get; private set; } = "";

    /// <summary>The BQS office responsible for the site's area (<c>BQS-ZJ-HZ</c>), which owns the licence.</summary>
    public string Office { get; private set; } = "";

    /// <summary>Product category codes of the standards catalogue, separated by ';'.</summary>
    public string CategoryCodes { get; private set; } = "";

    public DateOnly? ValidFrom { get; private set; }

    public DateOnly? ValidTo { get; private set; }

    public DateOnly? ReviewScheduledOn { get; private set; }

    /// <summary>The reviewers of the on-site review, separated by ';'.</summary>
    public string? Reviewers { get; private set; }

    public string? ReviewFindings { get; private set; }

    /// <summary><c>pass</c> or <c>fail</c> once the on-site review is recorded.</summary>
    public string? ReviewResult { get; private set; }

    /// <summary>The reason of the last step that gave one (a change, suspension, refusal...).</summary>
    public string? LastReason { get; private set; }

    public long Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? GrantedAt { get; private set; }

    public List<ProductionLicenceEvent> Events { get; private set; } = [];

    public string[] Categories => CategoryCodes.Length == 0 ? [] : CategoryCodes.Split(';');

    public static ProductionLicence Apply(Guid id, string applicationNumber, LicenceFields f, DateTimeOffset at) =>
        new()
        {
            Id = id, ApplicationNumber = applicationNumber, Kind = f.Kind, Status = ProductionLicenceStatus.Applied, HolderUscc = f.HolderUscc, HolderName = f.HolderName,
            HolderArea = f.HolderArea, SiteAddress = f.SiteAddress, SiteArea = f.SiteArea, Province = f.Province, Office = f.Office, CategoryCodes = string.Join(';', f.Categories),
            Version = 1, CreatedAt = at, UpdatedAt = at,
        };

    /// <summary>The status every read shows: a granted or suspended licence past its validity counts as expired (the sweep then records it).</summary>
    public ProductionLicenceStatus EffectiveStatus(DateOnly today) =>
        Status is ProductionLicenceStatus.Granted or ProductionLicenceStatus.Suspended && ValidTo is { } to && today > to ? ProductionLicenceStatus.Expired : Status;

    public void Move(ProductionLicenceStatus to, string? reason, DateTimeOffset at)
    {
        Status = to;
        LastReason = reason ?? LastReason;
        Touch(at);
    }

    public void Review(DateOnly? scheduledOn, string? reviewers, string? findings, string? result, DateTimeOffset at)
    {
        ReviewScheduledOn = scheduledOn ?? ReviewScheduledOn;
        Reviewers = reviewers ?? Reviewers;
        ReviewFindings = findings ?? ReviewFindings;
        ReviewResult = result ?? ReviewResult;
        Status = ProductionLicenceStatus.UnderReview;
        Touch(at);
    }

    public void Grant(string number, DateOnly from, DateOnly to, string? reason, DateTimeOffset at)
    {
        Number = number;
        (ValidFrom, ValidTo, GrantedAt) = (from, to, at);
        Move(ProductionLicenceStatus.Granted, reason, at);
    }

    public void Change(string[] categories, string siteAddress, DateOnly validTo, string reason, DateTimeOffset at)
    {
        (CategoryCodes, SiteAddress, ValidTo, LastReason) = (string.Join(';', categories), siteAddress, validTo, reason);
        Touch(at);
    }

    private void Touch(DateTimeOffset at)
    {
        UpdatedAt = at;
        Version++;
    }
}

/// <summary>The kind of production licence: <c>food</c> (食品生产许可) or <c>industrial-product</c> (工业产品生产许可).</summary>
internal enum ProductionLicenceKind
{
    Food,
    IndustrialProduct,
}

/// <summary>The checked fields of an application.</summary>
internal sealed record LicenceFields(ProductionLicenceKind Kind, string HolderUscc, string HolderName, string HolderArea, string SiteAddress, string SiteArea, string Province,
    string Office, string[] Categories);

/// <summary>One step of a licence's history: who, when, what, from which status to which, why, and the reference (e.g. a spot-check sample).</summary>
internal sealed class ProductionLicenceEvent
{
    private ProductionLicenceEvent()
    {
    }

    public Guid Id { get; private set; }

    public Guid LicenceId { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string By { get; private set; } = "";

    public string OnBehalfOf { get; private set; } = "";

    /// <summary>applied, review-scheduled, reviewed, granted, refused, changed, suspended, reinstated, revoked, expired.</summary>
    public string Action { get; private set; } = "";

    public ProductionLicenceStatus? FromStatus { get; private set; }

    public ProductionLicenceStatus? ToStatus { get; private set; }

    public string? Reason { get; private set; }

    public string? Reference { get; private set; }

    public static ProductionLicenceEvent Create(Guid id, Guid licence, DateTimeOffset at, string by, string onBehalfOf, string action,
        ProductionLicenceStatus? from, ProductionLicenceStatus? to, string? reason, string? reference) =>
        new()
        {
            Id = id, LicenceId = licence, At = at, By = Cut(by, 128), OnBehalfOf = Cut(onBehalfOf, 160), Action = action, FromStatus = from, ToStatus = to,
            Reason = reason is null ? null : Cut(reason, 2048), Reference = reference is null ? null : Cut(reference, 128),
        };

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 3)] + "...";
}

internal sealed class ProductionLicenceConfiguration : IEntityTypeConfiguration<ProductionLicence>
{
    public void Configure(EntityTypeBuilder<ProductionLicence> b)
    {
        b.ToTable("qs_licences");
        b.HasKey(x => x.Id);
        b.Property(x => x.ApplicationNumber).HasMaxLength(40);
        b.HasIndex(x => x.ApplicationNumber).IsUnique();
        b.Property(x => x.Number).HasMaxLength(32);
        b.HasIndex(x => x.Number).IsUnique();
        b.Property(x => x.HolderUscc).HasMaxLength(18);
        b.HasIndex(x => x.HolderUscc);
        b.Property(x => x.HolderName).HasMaxLength(256);
        b.Property(x => x.HolderArea).HasMaxLength(6);
        b.Property(x => x.SiteAddress).HasMaxLength(LicenceRules.MaxAddress);
        b.Property(x => x.SiteArea).HasMaxLength(6);
        b.Property(x => x.Province).HasMaxLength(6);
        b.HasIndex(x => new { x.Province, x.Status });
        b.Property(x => x.Office).HasMaxLength(64);
        b.Property(x => x.CategoryCodes).HasMaxLength(LicenceRules.MaxCategories * 65);
        b.Property(x => x.Reviewers).HasMaxLength(LicenceRules.MaxReviewers * 65);
        b.Property(x => x.ReviewFindings).HasMaxLength(LicenceRules.MaxText);
        b.Property(x => x.ReviewResult).HasMaxLength(8);
        b.Property(x => x.LastReason).HasMaxLength(LicenceRules.MaxText);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.Categories);
        b.HasMany(x => x.Events).WithOne().HasForeignKey(e => e.LicenceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProductionLicenceEventConfiguration : IEntityTypeConfiguration<ProductionLicenceEvent>
{
    public void Configure(EntityTypeBuilder<ProductionLicenceEvent> b)
    {
        b.ToTable("qs_licence_events");
        b.HasKey(x => x.Id);
        b.Property(x => x.By).HasMaxLength(128);
        b.Property(x => x.OnBehalfOf).HasMaxLength(160);
        b.Property(x => x.Action).HasMaxLength(32);
        b.Property(x => x.Reason).HasMaxLength(2048);
        b.Property(x => x.Reference).HasMaxLength(128);
        b.HasIndex(x => new { x.LicenceId, x.At });
    }
}
