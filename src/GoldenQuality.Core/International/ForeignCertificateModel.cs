using GoldenQuality.International.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.International;

/// <summary>What a received certificate is now (wire names <c>valid</c>, <c>replaced</c>, <c>withdrawn</c>, <c>not-readable</c>).</summary>
internal enum ForeignCertificateState
{
    Valid,
    Replaced,
    Withdrawn,
    NotReadable,
}

/// <summary>
/// A foreign SPS certificate received through the hub (<c>in_certificates</c>): the envelope's header, the certificate as
/// our permit record (canonical JSON) and its XML, and its state. One row per envelope that carried a certificate; a
/// withdrawal envelope for a certificate already received changes that row (and is remembered by its delivery number).
/// </summary>
internal sealed class ForeignCertificateRow
{
    private ForeignCertificateRow()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The hub's delivery number of the envelope that brought it (unique).</summary>
    public string HubDeliveryNumber { get; private set; } = "";

    /// <summary>The issuing authority's certificate number.</summary>
    public string Number { get; private set; } = "";

    /// <summary>ISO 3166-1 alpha-2 country that sent it.</summary>
    public string FromCountry { get; private set; } = "";

    /// <summary>UN/CEFACT document type (851, 852, 853, 657).</summary>
    public string CertificateType { get; private set; } = "";

    /// <summary>UN/CEFACT status (70 issued, 40 withdrawn, …) as the document (or, unreadable, the envelope) gave it.</summary>
    public string CertificateStatus { get; private set; } = "";

    public DateTimeOffset? IssuedAt { get; private set; }

    public string? Issuer { get; private set; }

    /// <summary>The certificate's consignor (the exporter), as named on it; the key of the exporter history.</summary>
    public string? ConsignorName { get; private set; }

    /// <summary>The permit record (<c>Codes</c> canonical record) as JSON; null when not readable.</summary>
    public string? RecordJson { get; private set; }

    public string Xml { get; private set; } = "";

    public ForeignCertificateState State { get; private set; }

    /// <summary>The number of the certificate this one replaces (note ADRPN).</summary>
    public string? Replaces { get; private set; }

    /// <summary>The number of the certificate that replaced this one.</summary>
    public string? ReplacedBy { get; private set; }

    /// <summary>Why it was replaced or withdrawn, or why it could not be read (a stored <see cref="Common.Message"/>, or the issuing authority's text).</summary>
    public string? Reason { get; private set; }

    /// <summary>The length of the reason columns.</summary>
    public const int MaxReason = 4000;

    /// <summary>When it was replaced or withdrawn.</summary>
    public DateTimeOffset? ChangedAt { get; private set; }

    /// <summary>The delivery number of the envelope that withdrew it, when another envelope did.</summary>
    public string? WithdrawalDeliveryNumber { get; private set; }

    /// <summary>What this node acknowledged for the envelope (<see cref="HubTrackingState"/>), and why.</summary>
    public HubTrackingState Outcome { get; private set; }

    public string? OutcomeReason { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public long Version { get; private set; }

    public static ForeignCertificateRow Create(
        Guid id, string hubDeliveryNumber, string number, string fromCountry, string type, string status, DateTimeOffset? issuedAt, string? issuer, string? consignorName,
        string? recordJson, string xml, ForeignCertificateState state, string? replaces, string? reason, HubTrackingState outcome, string? outcomeReason, DateTimeOffset now) =>
        new()
        {
            Id = id, HubDeliveryNumber = hubDeliveryNumber, Number = number, FromCountry = fromCountry, CertificateType = type, CertificateStatus = status, IssuedAt = issuedAt?.ToUniversalTime(),
            Issuer = issuer, ConsignorName = consignorName, RecordJson = recordJson, Xml = xml, State = state, Replaces = replaces, Reason = reason, Outcome = outcome,
            OutcomeReason = outcomeReason, ReceivedAt = now, UpdatedAt = now, ChangedAt = state == ForeignCertificateState.Withdrawn ? now : null,
        };

    public void MarkReplaced(string by, string? reason, DateTimeOffset at, DateTimeOffset now)
    {
        State = ForeignCertificateState.Replaced;
        ReplacedBy = by;
        Reason = reason;
        ChangedAt = at.ToUniversalTime();
        UpdatedAt = now;
        Version++;
    }

    public void MarkWithdrawn(string? deliveryNumber, string reason, DateTimeOffset now)
    {
        State = ForeignCertificateState.Withdrawn;
        WithdrawalDeliveryNumber = deliveryNumber;
        CertificateStatus = "40";
        Reason = reason;
        ChangedAt = now;
        UpdatedAt = now;
        Version++;
    }
}

/// <summary>One check of a foreign certificate against an import declaration (<c>in_certificate_checks</c>), with the risk decision it fed.</summary>
internal sealed class CertificateCheckRow
{
    private CertificateCheckRow()
    {
    }

    public Guid Id { get; private set; }

    public string DeclarationNumber { get; private set; } = "";

    /// <summary>The number the declaration cites.</summary>
    public string CitedNumber { get; private set; } = "";

    /// <summary>The certificate checked (the replacement when the cited one was replaced).</summary>
    public string CertificateNumber { get; private set; } = "";

    public Guid? CertificateId { get; private set; }

    public CertificateCheckOutcome Outcome { get; private set; }

    /// <summary>The <see cref="FieldMismatch"/>es as JSON.</summary>
    public string MismatchesJson { get; private set; } = "[]";

    public int ExporterRejections { get; private set; }

    public string Explanation { get; private set; } = "";

    /// <summary>The office the declaration was routed to (set with the risk decision).</summary>
    public string? Office { get; private set; }

    /// <summary>The risk decision the check fed (<c>document-check</c>, …), its score and the reasons in one line.</summary>
    public string? RiskOutcome { get; private set; }

    public int? RiskScore { get; private set; }

    public string? RiskReasons { get; private set; }

    /// <summary>When the import failed its inspection: the border rejection and whether its notice was sent (or why not).</summary>
    public string? Rejection { get; private set; }

    public DateTimeOffset CheckedAt { get; private set; }

    /// <summary>The length of the explanation's column.</summary>
    public const int MaxExplanation = 4000;

    /// <summary>A check, with its explanation as kept (a stored <see cref="Common.Message"/>) and its mismatches as JSON (reasons stored likewise).</summary>
    public static CertificateCheckRow Create(Guid id, string declaration, string cited, ForeignCertificateCheck check, string explanation, Guid? certificateId, string mismatchesJson, DateTimeOffset now) =>
        new()
        {
            Id = id, DeclarationNumber = declaration, CitedNumber = cited, CertificateNumber = check.CertificateNumber, CertificateId = certificateId, Outcome = check.Outcome,
            MismatchesJson = mismatchesJson, ExporterRejections = check.ExporterRejections, Explanation = explanation.Length > MaxExplanation ? explanation[..(MaxExplanation - 3)] + "..." : explanation,
            CheckedAt = now,
        };

    public void Rejected(string what) => Rejection = what.Length > 2000 ? what[..1997] + "..." : what;

    public void Decided(string office, string outcome, int score, string reasons)
    {
        Office = office;
        RiskOutcome = outcome;
        RiskScore = score;
        RiskReasons = reasons.Length > 4000 ? reasons[..3997] + "..." : reasons;
    }
}

/// <summary>Which way a border-rejection notice went.</summary>
internal enum RejectionDirection
{
    /// <summary>We rejected an import and told (or tried to tell) the exporting country.</summary>
    Sent,

    /// <summary>Another country rejected an export of ours and told us through the hub.</summary>
    Received,
}

/// <summary>
/// A border rejection (<c>in_border_rejections</c>): one we made (an import citing a foreign certificate failed its
/// inspection; counted against the certificate's consignor in the exporter history) or one another country notified.
/// </summary>
internal sealed class BorderRejectionRow
{
    private BorderRejectionRow()
    {
    }

    public Guid Id { get; private set; }

    public RejectionDirection Direction { get; private set; }

    /// <summary>The notice's reference (ours: <c>NC-{declaration}</c>); unique per direction.</summary>
    public string Reference { get; private set; } = "";

    public string? DeclarationNumber { get; private set; }

    public string CertificateNumber { get; private set; } = "";

    public string ImportingCountry { get; private set; } = "";

    public string ExportingCountry { get; private set; } = "";

    public string? ConsignorName { get; private set; }

    /// <summary>The consignor's name, upper-case with single spaces: what the exporter history counts by.</summary>
    public string? ConsignorKey { get; private set; }

    public string Reasons { get; private set; } = "";

    public string NoticeXml { get; private set; } = "";

    /// <summary>Received: the hub's delivery number. Sent: the outgoing delivery's id.</summary>
    public string? HubDeliveryNumber { get; private set; }

    public Guid? DeliveryId { get; private set; }

    /// <summary>Sent: why the notice could not be sent (no hub outbox, no agreement), when it could not.</summary>
    public string? NotSentReason { get; private set; }

    public DateTimeOffset At { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public static string KeyOf(string? name) =>
        string.Join(' ', (name ?? "").Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();

    public static BorderRejectionRow Create(
        Guid id, RejectionDirection direction, string reference, string? declaration, string certificate, string importing, string exporting, string? consignor, string reasons, string xml,
        string? hubDeliveryNumber, DateTimeOffset at, DateTimeOffset now) =>
        new()
        {
            Id = id, Direction = direction, Reference = reference, DeclarationNumber = declaration, CertificateNumber = certificate, ImportingCountry = importing,
            ExportingCountry = exporting, ConsignorName = consignor, ConsignorKey = consignor is null ? null : KeyOf(consignor),
            Reasons = reasons.Length > 4000 ? reasons[..3997] + "..." : reasons, NoticeXml = xml, HubDeliveryNumber = hubDeliveryNumber, At = at.ToUniversalTime(), RecordedAt = now,
        };

    public void Sent(Guid? deliveryId, string? notSent) => (DeliveryId, NotSentReason) = (deliveryId, notSent);
}

internal sealed class ForeignCertificateRowConfiguration : IEntityTypeConfiguration<ForeignCertificateRow>
{
    public void Configure(EntityTypeBuilder<ForeignCertificateRow> b)
    {
        b.ToTable("in_certificates");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.HubDeliveryNumber).IsUnique();
        b.HasIndex(x => x.WithdrawalDeliveryNumber);
        b.HasIndex(x => new { x.Number, x.FromCountry });
        b.HasIndex(x => x.ReceivedAt);
        b.Property(x => x.HubDeliveryNumber).HasMaxLength(64);
        b.Property(x => x.Number).HasMaxLength(64);
        b.Property(x => x.FromCountry).HasMaxLength(2);
        b.Property(x => x.CertificateType).HasMaxLength(8);
        b.Property(x => x.CertificateStatus).HasMaxLength(8);
        b.Property(x => x.Issuer).HasMaxLength(256);
        b.Property(x => x.ConsignorName).HasMaxLength(256);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Replaces).HasMaxLength(64);
        b.Property(x => x.ReplacedBy).HasMaxLength(64);
        b.Property(x => x.Reason).HasMaxLength(ForeignCertificateRow.MaxReason);
        b.Property(x => x.WithdrawalDeliveryNumber).HasMaxLength(64);
        b.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.OutcomeReason).HasMaxLength(ForeignCertificateRow.MaxReason);
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class CertificateCheckRowConfiguration : IEntityTypeConfiguration<CertificateCheckRow>
{
    public void Configure(EntityTypeBuilder<CertificateCheckRow> b)
    {
        b.ToTable("in_certificate_checks");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.DeclarationNumber, x.CheckedAt });
        b.HasIndex(x => new { x.CertificateNumber, x.CheckedAt });
        b.HasIndex(x => new { x.Office, x.CheckedAt });
        b.HasOne<ForeignCertificateRow>().WithMany().HasForeignKey(x => x.CertificateId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.DeclarationNumber).HasMaxLength(64);
        b.Property(x => x.CitedNumber).HasMaxLength(64);
        b.Property(x => x.CertificateNumber).HasMaxLength(64);
        b.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.MismatchesJson).HasMaxLength(16000);
        b.Property(x => x.Explanation).HasMaxLength(CertificateCheckRow.MaxExplanation);
        b.Property(x => x.Office).HasMaxLength(64);
        b.Property(x => x.RiskOutcome).HasMaxLength(32);
        b.Property(x => x.RiskReasons).HasMaxLength(4000);
        b.Property(x => x.Rejection).HasMaxLength(2000);
    }
}

internal sealed class BorderRejectionRowConfiguration : IEntityTypeConfiguration<BorderRejectionRow>
{
    public void Configure(EntityTypeBuilder<BorderRejectionRow> b)
    {
        b.ToTable("in_border_rejections");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.Direction, x.Reference }).IsUnique();
        b.HasIndex(x => new { x.ConsignorKey, x.At });
        b.Property(x => x.Direction).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Reference).HasMaxLength(96);
        b.Property(x => x.DeclarationNumber).HasMaxLength(64);
        b.Property(x => x.CertificateNumber).HasMaxLength(64);
        b.Property(x => x.ImportingCountry).HasMaxLength(2);
        b.Property(x => x.ExportingCountry).HasMaxLength(2);
        b.Property(x => x.ConsignorName).HasMaxLength(256);
        b.Property(x => x.ConsignorKey).HasMaxLength(256);
        b.Property(x => x.Reasons).HasMaxLength(4000);
        b.Property(x => x.HubDeliveryNumber).HasMaxLength(64);
        b.Property(x => x.NotSentReason).HasMaxLength(1000);
    }
}
