using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Ministries;

/// <summary>
/// An import-inspection result received from AQSIQ (<c>declarations.import-inspection.completed</c>) for a waste import
/// licence of this register: one per (declaration, licence), however often it arrives. A result naming a licence this
/// register does not hold is kept too, without a licence (<see cref="LpcoId"/> null), so that it can be looked into.
/// </summary>
internal sealed class InspectionResult
{
    private InspectionResult()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The licence of this register it was received for; null when no licence has its number.</summary>
    public Guid? LpcoId { get; private set; }

    public string LicenceNumber { get; private set; } = "";

    public string DeclarationNumber { get; private set; } = "";

    public string ImporterUscc { get; private set; } = "";

    public string HsCode { get; private set; } = "";

    public string GoodsDescription { get; private set; } = "";

    public decimal Quantity { get; private set; }

    public string Unit { get; private set; } = "";

    public string PortOfEntry { get; private set; } = "";

    public bool Conforming { get; private set; }

    /// <summary><c>passed</c> or <c>failed</c>.</summary>
    public string Decision { get; private set; } = "";

    public string Reasons { get; private set; } = "";

    public DateTimeOffset InspectedAt { get; private set; }

    /// <summary>The party that sent it (the envelope's sender: AQSIQ's node or its inspecting office).</summary>
    public string FromParty { get; private set; } = "";

    /// <summary>The agreement it came under, from the directory when it arrived.</summary>
    public string? AgreementId { get; private set; }

    public Guid EnvelopeId { get; private set; }

    public Guid? CorrelationId { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    /// <summary><c>licence-kept</c>, <c>licence-suspended</c> or <c>licence-revoked</c>, once reviewed.</summary>
    public string? ReviewOutcome { get; private set; }

    public string? ReviewedBy { get; private set; }

    public DateTimeOffset? ReviewedAt { get; private set; }

    public string? ReviewNote { get; private set; }

    public static InspectionResult Receive(Guid id, Guid? lpco, InspectionResultReceived r, string from, string? agreement, Guid envelope, Guid? correlation, DateTimeOffset at) =>
        new()
        {
            Id = id, LpcoId = lpco, LicenceNumber = r.LicenceNumber, DeclarationNumber = r.DeclarationNumber, ImporterUscc = r.ImporterUscc, HsCode = r.HsCode,
            GoodsDescription = r.GoodsDescription, Quantity = r.Quantity, Unit = r.Unit, PortOfEntry = r.PortOfEntry, Conforming = r.Conforming, Decision = r.Decision,
            Reasons = r.Reasons, InspectedAt = r.InspectedAt, FromParty = from, AgreementId = agreement, EnvelopeId = envelope, CorrelationId = correlation, ReceivedAt = at,
        };

    public void Review(string outcome, string by, DateTimeOffset at, string? note)
    {
        if (ReviewOutcome is not null)
        {
            throw new InvalidOperationException($"The result of {DeclarationNumber} was already reviewed.");
        }

        (ReviewOutcome, ReviewedBy, ReviewedAt, ReviewNote) = (outcome, by, at, note);
    }
}

/// <summary>The payload of <c>declarations.import-inspection.completed</c> as this module reads it (the wire is the contract; Ministries does not use Declarations).</summary>
internal sealed record InspectionResultReceived(
    string DeclarationNumber, string LicenceNumber, string ImporterUscc, string HsCode, string GoodsDescription, decimal Quantity, string Unit, string PortOfEntry,
    bool Conforming, string Decision, string Reasons, DateTimeOffset InspectedAt);

internal sealed class InspectionResultConfiguration : IEntityTypeConfiguration<InspectionResult>
{
    public void Configure(EntityTypeBuilder<InspectionResult> b)
    {
        b.ToTable("min_inspection_results");
        b.HasKey(x => x.Id);
        b.Property(x => x.LicenceNumber).HasMaxLength(InspectionResultRules.MaxLicence);
        b.Property(x => x.DeclarationNumber).HasMaxLength(InspectionResultRules.MaxDeclaration);
        b.HasIndex(x => new { x.DeclarationNumber, x.LicenceNumber }).IsUnique();
        b.HasIndex(x => x.LpcoId);
        b.Property(x => x.ImporterUscc).HasMaxLength(18);
        b.Property(x => x.HsCode).HasMaxLength(10);
        b.Property(x => x.GoodsDescription).HasMaxLength(InspectionResultRules.MaxDescription);
        b.Property(x => x.Quantity).HasPrecision(18, 3);
        b.Property(x => x.Unit).HasMaxLength(8);
        b.Property(x => x.PortOfEntry).HasMaxLength(8);
        b.Property(x => x.Decision).HasMaxLength(16);
        b.Property(x => x.Reasons).HasMaxLength(InspectionResultRules.MaxReasons);
        b.Property(x => x.FromParty).HasMaxLength(160);
        b.Property(x => x.AgreementId).HasMaxLength(64);
        b.Property(x => x.ReviewOutcome).HasMaxLength(32);
        b.Property(x => x.ReviewedBy).HasMaxLength(128);
        b.Property(x => x.ReviewNote).HasMaxLength(LpcoRules.MaxReason);
    }
}
