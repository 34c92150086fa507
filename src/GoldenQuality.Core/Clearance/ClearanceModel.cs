using System.Text.Json;
using GoldenQuality.Certificates.Contracts;
using GoldenQuality.Clearance.Contracts;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Clearance;

/// <summary>A Customs decision on a customs declaration, with the verification it rested on.</summary>
internal sealed class CustomsDecision
{
    /// <summary>How the lines are stored (web defaults: camelCase), as they always were.</summary>
    private static readonly JsonSerializerOptions LinesJsonOptions = new(JsonSerializerDefaults.Web);

    private CustomsDecision()
    {
    }

    public Guid Id { get; private set; }

    public string CustomsDeclarationNumber { get; private set; } = "";

    public string Office { get; private set; } = "";

    public string PermitNumber { get; private set; } = "";

    public string DeclarationNumber { get; private set; } = "";

    public ClearanceBasis Basis { get; private set; }

    public CustomsDecisionKind Decision { get; private set; }

    public string ReasonCode { get; private set; } = "";

    public string? Note { get; private set; }

    public string Verification { get; private set; } = "";

    public string LinesJson { get; private set; } = "";

    public int LineCount { get; private set; }

    public DateTimeOffset DecidedAt { get; private set; }

    public string DecidedBy { get; private set; } = "";

    public static CustomsDecision Create(Guid id, string number, string office, string permit, string declaration, ClearanceBasis basis, CustomsDecisionKind decision,
        string reason, string? note, string verification, CustomsLine[] lines, DateTimeOffset at, string by) =>
        new()
        {
            Id = id, CustomsDeclarationNumber = number, Office = office, PermitNumber = permit, DeclarationNumber = declaration, Basis = basis, Decision = decision,
            ReasonCode = reason, Note = note, Verification = verification, LinesJson = JsonSerializer.Serialize(lines, LinesJsonOptions), LineCount = lines.Length,
            DecidedAt = at, DecidedBy = by,
        };
}

internal sealed class CustomsDecisionConfiguration : IEntityTypeConfiguration<CustomsDecision>
{
    public void Configure(EntityTypeBuilder<CustomsDecision> b)
    {
        b.ToTable("clearance_decisions");
        b.HasKey(x => x.Id);
        b.Property(x => x.CustomsDeclarationNumber).HasMaxLength(32);
        b.HasIndex(x => x.CustomsDeclarationNumber).IsUnique();
        b.Property(x => x.Office).HasMaxLength(64);
        b.Property(x => x.PermitNumber).HasMaxLength(64);
        b.HasIndex(x => x.PermitNumber);
        b.Property(x => x.DeclarationNumber).HasMaxLength(32);
        b.Property(x => x.ReasonCode).HasMaxLength(3);
        b.Property(x => x.Note).HasMaxLength(1024);
        b.Property(x => x.Verification).HasMaxLength(4000);
        b.Property(x => x.DecidedBy).HasMaxLength(128);
        b.HasIndex(x => new { x.Office, x.DecidedAt });
    }
}

/// <summary>
/// On the inspection side: Customs' decision comes back to the office that issued the clearance permit. Once
/// checked, it is recorded as <see cref="CustomsDecisionRecorded"/>, raised in the save that applies the message;
/// Declarations records the stage (and the e-clearance coverage) on the declaration if this node holds it.
/// </summary>
internal sealed class CustomsDecisionHandler(IPermitCopies permits, IRegistryDirectory directory) : IEnvelopeHandler
{
    public const string Type = "clearance.decision.recorded";

    public bool Handles(string type) => type == Type;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(header);
        var m = payload.Deserialize<CustomsDecisionMessage>(Envelopes.Json) ?? throw new InvalidOperationException("no decision");
        if (string.IsNullOrEmpty(m.DeclarationNumber) || string.IsNullOrEmpty(m.PermitNumber))
        {
            throw new InvalidOperationException($"{Type} needs declarationNumber and permitNumber");
        }

        // Never apply a decision blindly: it must come from a Customs office (the envelope's signed sender), and
        // concern a customs clearance permit this node issued for that declaration, which exists only once the port
        // released the goods (exports) or inspected them (imports). A forged "cleared" cannot skip the port.
        var senderOffice = Parties.OfficeOf(header.Sender);
        if (senderOffice is null || senderOffice != m.CustomsOffice || await directory.FindOfficeAsync(senderOffice, ct) is not { Agency: "CUSTOMS" })
        {
            throw new InvalidOperationException($"{Type} from {header.Sender}: only a Customs office records customs decisions (customsOffice '{m.CustomsOffice}')");
        }

        var permit = await permits.FindIssuedClearanceAsync(m.PermitNumber, ct);
        if (permit is null || permit.DeclarationNumber != m.DeclarationNumber)
        {
            throw new InvalidOperationException(
                $"{Type}: this node has no released record of customs clearance permit {m.PermitNumber} for declaration {m.DeclarationNumber}");
        }

        if (m.Decision == CustomsDecisionKind.Cleared && permit.Revoked)
        {
            throw new InvalidOperationException($"{Type}: customs clearance permit {m.PermitNumber} was revoked; it cannot clear goods");
        }

        db.Raise(new CustomsDecisionRecorded(m.DeclarationNumber, m.PermitNumber, m.CustomsDeclarationNumber, m.Decision, m.ReasonCode, m.Note, m.Basis, m.DecidedAt,
            m.CustomsOffice, header.Sender));
    }
}
