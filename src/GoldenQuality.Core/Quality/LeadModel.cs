using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Quality;

/// <summary>Where a lead is: open until a BQS officer closes it with a note (and the spot check or plan it led to).</summary>
internal enum LeadStatus
{
    Open,
    Closed,
}

/// <summary>
/// A lead on the BQS node: CIQ found an export of a manufacturer in the office's area nonconforming
/// (<c>declarations.export.nonconformity-found</c>), so the BQS may check the same products on the domestic market.
/// One lead per envelope; the province's officers close it with a note and, when it led to one, the sample or plan number.
/// </summary>
internal sealed class QualityLead
{
    private QualityLead()
    {
    }

    public Guid Id { get; private set; }

    public Guid EnvelopeId { get; private set; }

    public string DeclarationNumber { get; private set; } = "";

    public string ManufacturerUscc { get; private set; } = "";

    public string ManufacturerName { get; private set; } = "";

    /// <summary>The manufacturer's GB/T 2260 area; its first two digits are the province that owns the lead.</summary>
    public string ManufacturerArea { get; private set; } = "";

    public string HsCode { get; private set; } = "";

    public string Goods { get; private set; } = "";

    /// <summary>The declared lots, separated by <c>;</c>.</summary>
    public string Lots { get; private set; } = "";

    /// <summary>The failed items in a line (<c>lead 6.2 mg/kg (limit ≤ 5.0, GB 2762-2022 4.1)</c>).</summary>
    public string Failed { get; private set; } = "";

    public string CiqOffice { get; private set; } = "";

    /// <summary>The BQS office the lead is addressed to (responsible for the manufacturer's area).</summary>
    public string BqsOffice { get; private set; } = "";

    public string SenderNode { get; private set; } = "";

    public string? AgreementId { get; private set; }

    public DateTimeOffset InspectedAt { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public LeadStatus Status { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public string? ClosedBy { get; private set; }

    public string? ClosingNote { get; private set; }

    /// <summary>The spot-check sample or plan number the lead led to, if any.</summary>
    public string? LedTo { get; private set; }

    public long Version { get; private set; }

    public static QualityLead Create(Guid id, Guid envelopeId, string declaration, string uscc, string name, string area, string hs, string goods, string lots, string failed,
        string ciqOffice, string bqsOffice, string senderNode, string? agreementId, DateTimeOffset inspectedAt, DateTimeOffset receivedAt) => new()
    {
        Id = id,
        EnvelopeId = envelopeId,
        DeclarationNumber = declaration,
        ManufacturerUscc = uscc,
        ManufacturerName = name,
        ManufacturerArea = area,
        HsCode = hs,
        Goods = goods,
        Lots = lots,
        Failed = failed,
        CiqOffice = ciqOffice,
        BqsOffice = bqsOffice,
        SenderNode = senderNode,
        AgreementId = agreementId,
        InspectedAt = inspectedAt,
        ReceivedAt = receivedAt,
        Status = LeadStatus.Open,
        Version = 1,
    };

    public void Close(string by, string note, string? ledTo, DateTimeOffset at)
    {
        Status = LeadStatus.Closed;
        ClosedBy = by;
        ClosingNote = note;
        LedTo = ledTo;
        ClosedAt = at;
        Version++;
    }
}

internal sealed class QualityLeadConfiguration : IEntityTypeConfiguration<QualityLead>
{
    public void Configure(EntityTypeBuilder<QualityLead> b)
    {
        b.ToTable("qs_leads");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.EnvelopeId).IsUnique();
        b.Property(x => x.DeclarationNumber).HasMaxLength(SignalRules.MaxReference);
        b.Property(x => x.ManufacturerUscc).HasMaxLength(18);
        b.HasIndex(x => x.ManufacturerUscc);
        b.Property(x => x.ManufacturerName).HasMaxLength(SignalRules.MaxName);
        b.Property(x => x.ManufacturerArea).HasMaxLength(6);
        b.Property(x => x.HsCode).HasMaxLength(10);
        b.Property(x => x.Goods).HasMaxLength(SignalRules.MaxName);
        b.Property(x => x.Lots).HasMaxLength(LeadRules.MaxLots);
        b.Property(x => x.Failed).HasMaxLength(SignalRules.MaxFailed);
        b.Property(x => x.CiqOffice).HasMaxLength(32);
        b.Property(x => x.BqsOffice).HasMaxLength(32);
        b.HasIndex(x => new { x.Status, x.ReceivedAt });
        b.Property(x => x.SenderNode).HasMaxLength(160);
        b.Property(x => x.AgreementId).HasMaxLength(64);
        b.Property(x => x.ClosedBy).HasMaxLength(128);
        b.Property(x => x.ClosingNote).HasMaxLength(LeadRules.MaxNote);
        b.Property(x => x.LedTo).HasMaxLength(SignalRules.MaxReference);
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}
