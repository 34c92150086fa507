using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Quality;

/// <summary>What a received domestic-supervision signal tells: a production licence's new status, or a failed market spot check.</summary>
internal enum SignalKind
{
    /// <summary><c>quality.licence.status-changed</c>: a production licence was granted, changed, suspended, reinstated, revoked or expired.</summary>
    Licence,

    /// <summary><c>quality.spot-check.nonconforming</c>: a market sample of the enterprise's product was judged nonconforming.</summary>
    SpotCheck,
}

/// <summary>
/// A signal the provincial BQS sent this (CIQ) node under an agreement, kept as a copy (decision 0015): one row per
/// envelope, so the risk decision reads what is active for an enterprise without asking the BQS node per declaration.
/// The BQS register stays the truth; a later status of the same licence supersedes an earlier one.
/// </summary>
internal sealed class QualitySignal
{
    private QualitySignal()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The envelope that carried it (unique: the same envelope twice keeps one signal).</summary>
    public Guid EnvelopeId { get; private set; }

    public SignalKind Kind { get; private set; }

    /// <summary>The enterprise: the licence holder or the sample's manufacturer.</summary>
    public string Uscc { get; private set; } = "";

    public string EnterpriseName { get; private set; } = "";

    /// <summary>The licence number or the sample number.</summary>
    public string Reference { get; private set; } = "";

    /// <summary>The spot check's plan number; null for a licence.</summary>
    public string? PlanNumber { get; private set; }

    /// <summary>The licence's new status (kebab-case), or <c>nonconforming</c> for a spot check.</summary>
    public string Status { get; private set; } = "";

    /// <summary>The BQS's reason, or the spot check's follow-up and product.</summary>
    public string Reason { get; private set; } = "";

    /// <summary>The failed items of a spot check in a line (<c>lead 6.2 mg/kg &gt; 5.0 (GB 2762-2022 4.1)</c>); empty for a licence.</summary>
    public string Failed { get; private set; } = "";

    /// <summary>The BQS office that owns the licence or the spot check.</summary>
    public string Office { get; private set; } = "";

    /// <summary>The CIQ office the signal is addressed to.</summary>
    public string CiqOffice { get; private set; } = "";

    public string SenderNode { get; private set; } = "";

    public string? AgreementId { get; private set; }

    /// <summary>When it happened at the BQS (status change or judgement).</summary>
    public DateTimeOffset At { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public static QualitySignal Create(Guid id, Guid envelopeId, SignalKind kind, string uscc, string name, string reference, string? plan, string status, string reason,
        string failed, string office, string ciqOffice, string senderNode, string? agreementId, DateTimeOffset at, DateTimeOffset receivedAt) => new()
    {
        Id = id,
        EnvelopeId = envelopeId,
        Kind = kind,
        Uscc = uscc,
        EnterpriseName = name,
        Reference = reference,
        PlanNumber = plan,
        Status = status,
        Reason = reason,
        Failed = failed,
        Office = office,
        CiqOffice = ciqOffice,
        SenderNode = senderNode,
        AgreementId = agreementId,
        At = at,
        ReceivedAt = receivedAt,
    };
}

internal sealed class QualitySignalConfiguration : IEntityTypeConfiguration<QualitySignal>
{
    public void Configure(EntityTypeBuilder<QualitySignal> b)
    {
        b.ToTable("qs_signals");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.EnvelopeId).IsUnique();
        b.Property(x => x.Uscc).HasMaxLength(18);
        b.HasIndex(x => new { x.Uscc, x.Kind, x.At });
        b.Property(x => x.EnterpriseName).HasMaxLength(SignalRules.MaxName);
        b.Property(x => x.Reference).HasMaxLength(SignalRules.MaxReference);
        b.Property(x => x.PlanNumber).HasMaxLength(SignalRules.MaxReference);
        b.Property(x => x.Status).HasMaxLength(32);
        b.Property(x => x.Reason).HasMaxLength(SignalRules.MaxReason);
        b.Property(x => x.Failed).HasMaxLength(SignalRules.MaxFailed);
        b.Property(x => x.Office).HasMaxLength(32);
        b.Property(x => x.CiqOffice).HasMaxLength(32);
        b.Property(x => x.SenderNode).HasMaxLength(160);
        b.Property(x => x.AgreementId).HasMaxLength(64);
    }
}
