using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Clearance;

/// <summary>An administrative penalty a Customs office recorded on an enterprise; reported to the central bank as a credit event.</summary>
internal sealed class CustomsPenalty
{
    private CustomsPenalty()
    {
    }

    public Guid Id { get; private set; }

    public string Uscc { get; private set; } = "";

    /// <summary>The penalty decision's number, unique per office.</summary>
    public string Reference { get; private set; } = "";

    public string LegalBasis { get; private set; } = "";

    public string Detail { get; private set; } = "";

    public string Office { get; private set; } = "";

    public DateTimeOffset RecordedAt { get; private set; }

    public string RecordedBy { get; private set; } = "";

    public bool ReportedToCentralBank { get; private set; }

    internal static CustomsPenalty Create(Guid id, string uscc, string reference, string legalBasis, string detail, string office, DateTimeOffset at, string by, bool reported) =>
        new()
        {
            Id = id, Uscc = uscc, Reference = reference, LegalBasis = legalBasis, Detail = detail, Office = office, RecordedAt = at, RecordedBy = by,
            ReportedToCentralBank = reported,
        };
}

internal sealed class CustomsPenaltyConfiguration : IEntityTypeConfiguration<CustomsPenalty>
{
    public void Configure(EntityTypeBuilder<CustomsPenalty> b)
    {
        b.ToTable("clearance_penalties");
        b.HasKey(x => x.Id);
        b.Property(x => x.Uscc).HasMaxLength(18);
        b.Property(x => x.Reference).HasMaxLength(128);
        b.Property(x => x.LegalBasis).HasMaxLength(512);
        b.Property(x => x.Detail).HasMaxLength(1024);
        b.Property(x => x.Office).HasMaxLength(64);
        b.Property(x => x.RecordedBy).HasMaxLength(128);
        b.HasIndex(x => new { x.Office, x.Reference }).IsUnique();
        b.HasIndex(x => x.Uscc);
    }
}
