using System.Globalization;
using System.Text.Json;
using GoldenQuality.Certificates;
using GoldenQuality.Common;
using GoldenQuality.Declarations;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Clearance;

public enum CustomsDecisionKind
{
    Cleared,
    Held,
    Refused,
}

/// <summary>What the Customs decision rested on: the electronic copy of the clearance permit, or the paper alone.</summary>
public enum ClearanceBasis
{
    Electronic,
    Paper,
}

/// <summary>A goods line of the customs declaration.</summary>
public sealed record CustomsLine(int? Sequence, string? HsCode, decimal? Quantity, string? Unit);

/// <summary>
/// The reason codes Customs records (after the UK's trade-imports decision codes, ANCHORS.md): C02 release,
/// H01/H02 hold, N01–N07 refuse.
/// </summary>
public static class ReasonCodes
{
    public static readonly IReadOnlyDictionary<string, (CustomsDecisionKind Kind, string Meaning)> All = new Dictionary<string, (CustomsDecisionKind, string)>(StringComparer.Ordinal)
    {
        ["C02"] = (CustomsDecisionKind.Cleared, "no inspection required: release"),
        ["H01"] = (CustomsDecisionKind.Held, "held awaiting a decision by the inspection authority"),
        ["H02"] = (CustomsDecisionKind.Held, "held for documentary or physical checks"),
        ["N01"] = (CustomsDecisionKind.Refused, "not acceptable: permit missing or invalid"),
        ["N02"] = (CustomsDecisionKind.Refused, "destroy"),
        ["N03"] = (CustomsDecisionKind.Refused, "transform"),
        ["N04"] = (CustomsDecisionKind.Refused, "re-export"),
        ["N05"] = (CustomsDecisionKind.Refused, "use for other purposes"),
        ["N06"] = (CustomsDecisionKind.Refused, "refused: commodity does not match the permit"),
        ["N07"] = (CustomsDecisionKind.Refused, "refused: quantity exceeds the permit"),
    };
}

/// <summary>The message Customs sends back to the permit's issuing office.</summary>
public sealed record CustomsDecisionMessage(
    string CustomsDeclarationNumber, string PermitNumber, string DeclarationNumber, CustomsDecisionKind Decision, string ReasonCode, string? Note,
    ClearanceBasis Basis, int Lines, DateTimeOffset DecidedAt, string CustomsOffice);

/// <summary>A Customs decision on a customs declaration, with the verification it rested on.</summary>
internal sealed class CustomsDecision
{
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
            ReasonCode = reason, Note = note, Verification = verification, LinesJson = JsonSerializer.Serialize(lines, PermitDocument.Json), LineCount = lines.Length,
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
/// On the inspection side: Customs' decision comes back to the office that issued the clearance permit; the
/// declaration (if this node holds it) records the stage, and whether the permit reached Customs electronically
/// (the e-clearance coverage).
/// </summary>
internal sealed class CustomsDecisionHandler(TimeProvider clock) : IEnvelopeHandler
{
    public const string Type = "clearance.decision.recorded";

    public bool Handles(string type) => type == Type;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
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
        if (senderOffice is null || senderOffice != m.CustomsOffice ||
            !await db.Organisations.AsNoTracking().AnyAsync(o => o.Code == senderOffice && o.Agency == "CUSTOMS", ct))
        {
            throw new InvalidOperationException($"{Type} from {header.Sender}: only a Customs office records customs decisions (customsOffice '{m.CustomsOffice}')");
        }

        var permit = await db.Set<Permit>().AsNoTracking()
            .FirstOrDefaultAsync(p => p.Number == m.PermitNumber && !p.IsCopy && p.Kind == PermitKind.Clearance, ct);
        if (permit is null || permit.DeclarationNumber != m.DeclarationNumber)
        {
            throw new InvalidOperationException(
                $"{Type}: this node has no released record of customs clearance permit {m.PermitNumber} for declaration {m.DeclarationNumber}");
        }

        if (m.Decision == CustomsDecisionKind.Cleared && permit.Status == PermitStatus.Revoked)
        {
            throw new InvalidOperationException($"{Type}: customs clearance permit {m.PermitNumber} was revoked; it cannot clear goods");
        }

        var status = m.Decision switch
        {
            CustomsDecisionKind.Cleared => DeclarationStatus.Cleared,
            CustomsDecisionKind.Held => DeclarationStatus.CustomsHeld,
            _ => DeclarationStatus.CustomsRefused,
        };
        await DeclarationStages.RecordAsync(db, clock, m.DeclarationNumber, "customs-decided", status, header.Sender,
            string.Create(CultureInfo.InvariantCulture, $"{WireNames.Of(m.Decision)} {m.ReasonCode} by {m.CustomsOffice} on {m.CustomsDeclarationNumber} ({WireNames.Of(m.Basis)} permit {m.PermitNumber}){(m.Note is null ? "" : ": " + m.Note)}"),
            ct, d => d.CustomsDecided($"{WireNames.Of(m.Decision)} {m.ReasonCode}", m.Basis == ClearanceBasis.Electronic, m.DecidedAt));
    }
}
