using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Quality.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Quality;

/// <summary>The limits of a lead and who may see it.</summary>
internal static class LeadRules
{
    public const int MaxLots = 1024;
    public const int MaxNote = 1024;

    /// <summary>The province (<c>330000</c>) of a GB/T 2260 area code.</summary>
    public static string ProvinceOf(string area) => area.Length >= 2 ? area[..2] + "0000" : "";

    /// <summary>
    /// True when the BQS official may see the lead: it is in his province, and, for an office below the bureau
    /// (<c>BQS-ZJ-HZ</c>), addressed to his office or one under it. An officer of the bureau (<c>BQS-ZJ</c>) sees the province's.
    /// </summary>
    public static bool MaySee(Actor actor, QualityLead lead) =>
        Policies.IsQualityOfficer(actor) && actor.Province is { Length: > 0 } province && ProvinceOf(lead.ManufacturerArea) == province
        && actor.OrganisationCode is { } own && (IsBureau(own) || lead.BqsOffice == own || lead.BqsOffice.StartsWith(own + "-", StringComparison.Ordinal));

    /// <summary>A provincial bureau's code has two parts (<c>BQS-ZJ</c>); its divisions and city offices more.</summary>
    public static bool IsBureau(string office) => office.Count(c => c == '-') == 1;
}

/// <summary>
/// Receives <c>declarations.export.nonconformity-found</c> on a BQS node: checks the payload (declaration number,
/// manufacturer USCC and area, at least one failed item, the BQS office addressed, the CIQ office hosted by the
/// sender) and keeps it as an open lead, once per envelope.
/// </summary>
internal sealed class ExportNonconformityFoundHandler(ExchangeNode node, TimeProvider clock) : IEnvelopeHandler
{
    public bool Handles(string type) => type == QualityWire.ExportNonconformityFoundType;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(header);
        var m = SignalRules.Read<ExportNonconformityFound>(payload, header.Type);
        var problems = new List<string>();
        if (!SignalRules.IsCode(m.DeclarationNumber))
        {
            problems.Add("declarationNumber is required (letters, digits, -, at most 64)");
        }

        if (!SignalRules.IsUscc(m.ManufacturerUscc))
        {
            problems.Add("manufacturerUscc must be a USCC (18 digits and capital letters)");
        }

        if (m.ManufacturerArea is not { Length: 6 } || !m.ManufacturerArea.All(char.IsAsciiDigit))
        {
            problems.Add("manufacturerArea must be a GB/T 2260 code of 6 digits");
        }

        if (m.Failed is not { Length: > 0 and <= SignalRules.MaxFailedItems } || m.Failed.Any(f => f is null || string.IsNullOrWhiteSpace(f.Parameter)))
        {
            problems.Add($"failed must list 1 to {SignalRules.MaxFailedItems} items, each naming its parameter");
        }

        if (!SignalRules.IsCode(m.BqsOffice, 32) || !m.BqsOffice.StartsWith("BQS-", StringComparison.Ordinal) || !SignalRules.IsCode(m.CiqOffice, 32))
        {
            problems.Add("bqsOffice must be a BQS office and ciqOffice an office code");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"{header.Type}: {string.Join("; ", problems)}.");
        }

        if (SignalRules.Check(node, header, m.BqsOffice, m.CiqOffice, clock, out var agreement) is { } refused)
        {
            throw new InvalidOperationException($"{header.Type}: {refused}.");
        }

        if (await db.Set<QualityLead>().AnyAsync(l => l.EnvelopeId == header.Id, ct))
        {
            return;
        }

        var lots = string.Join(';', (m.Lots ?? []).Where(l => !string.IsNullOrWhiteSpace(l)));
        db.Add(QualityLead.Create(Ids.New(clock), header.Id, m.DeclarationNumber, m.ManufacturerUscc, SignalRules.Cut(m.ManufacturerName, SignalRules.MaxName), m.ManufacturerArea,
            SignalRules.Cut(m.HsCode, 10), SignalRules.Cut(m.Goods, SignalRules.MaxName), SignalRules.Cut(lots, LeadRules.MaxLots), SignalRules.Summary(m.Failed), m.CiqOffice, m.BqsOffice,
            Parties.NodeOf(header.Sender), agreement, m.InspectedAt, clock.GetUtcNow()));
    }
}
