using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Exchange;

/// <summary>
/// An approved agreement in the authority node's queue (<c>exchange_approved_agreements</c>): the JWS the coordinating
/// body's node signed, verified when queued; <see cref="IncludedInVersion"/> is set by the signing that adds it.
/// </summary>
internal sealed class ApprovedAgreementRow
{
    private ApprovedAgreementRow()
    {
    }

    public Guid Id { get; private set; }

    public string AgreementId { get; private set; } = "";

    public string Jws { get; private set; } = "";

    public string SignedBy { get; private set; } = "";

    public string Source { get; private set; } = "";

    public DateTimeOffset QueuedAt { get; private set; }

    public long? IncludedInVersion { get; private set; }

    public static ApprovedAgreementRow Create(Guid id, string agreementId, string jws, string signedBy, string source, DateTimeOffset now) =>
        new() { Id = id, AgreementId = agreementId, Jws = jws, SignedBy = signedBy, Source = source, QueuedAt = now };

    public void Included(long version) => IncludedInVersion = version;
}

internal sealed class ApprovedAgreementRowConfiguration : IEntityTypeConfiguration<ApprovedAgreementRow>
{
    public void Configure(EntityTypeBuilder<ApprovedAgreementRow> b)
    {
        b.ToTable("exchange_approved_agreements");
        b.HasKey(x => x.Id);
        b.Property(x => x.AgreementId).HasMaxLength(32);
        b.Property(x => x.Jws).HasMaxLength(64 * 1024);
        b.Property(x => x.SignedBy).HasMaxLength(128);
        b.Property(x => x.Source).HasMaxLength(128);
        b.HasIndex(x => x.AgreementId).IsUnique();
        b.HasIndex(x => x.IncludedInVersion);
    }
}
