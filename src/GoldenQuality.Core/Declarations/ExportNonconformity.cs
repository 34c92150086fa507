using GoldenQuality.Common;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Quality.Contracts;
using GoldenQuality.Registry.Contracts;

namespace GoldenQuality.Declarations;

/// <summary>
/// The CIQ side of the two units' way back (decision 0015): when an export's inspection fails, the BQS office
/// responsible for the manufacturer's area hears of it as a lead for a domestic check
/// (<c>declarations.export.nonconformity-found</c>), in the same save as the failed inspection. When the exchange is
/// off or no node hosts that office nothing is sent; when no agreement covers it the sender records the denial and
/// the history says so; the inspection completes either way.
/// </summary>
internal sealed class ExportNonconformityReport(ExchangeNode node, ExchangeSender sender, IRegistryDirectory directory, TimeProvider clock)
{
    public async Task SendAsync(GqDbContext db, Declaration d, IReadOnlyList<LineInspection> results, string actor, CancellationToken ct)
    {
        if (d.Kind != DeclarationKind.Export || !node.Enabled || d.ManufacturerUscc is not { } uscc
            || await directory.FindEnterpriseAsync(uscc, ct) is not { } manufacturer
            || await directory.ResponsibleOfficeAsync(manufacturer.AreaCode, "BQS", ct) is not { } bqs
            || node.PartyOf(bqs.Office.Code) is not { } recipient)
        {
            return;
        }

        var data = d.Data;
        var failedLines = results.Where(r => !r.Pass).Select(r => r.Sequence).ToHashSet();
        var lines = data.Lines.Where(l => failedLines.Contains(l.Sequence)).ToArray();
        var failed = results.Where(r => !r.Pass).SelectMany(r => r.LabResults.Where(x => !x.Pass)
                .Select(x => new SpotCheckFailedItem(x.Parameter, (decimal)x.Value, x.Unit, x.Limit, x.Standard, x.Clause))
                .DefaultIfEmpty(new SpotCheckFailedItem("findings", 0m, "", r.Findings ?? "the findings did not conform", "", "")))
            .ToArray();
        var now = clock.GetUtcNow();
        var payload = new ExportNonconformityFound(d.Number, manufacturer.Uscc, manufacturer.NameZh, manufacturer.AreaCode,
            lines.FirstOrDefault()?.HsCode ?? data.Lines[0].HsCode, string.Join("; ", lines.Select(l => l.Description)),
            [.. lines.SelectMany(l => l.Lots).Distinct(StringComparer.Ordinal)], failed, d.Office ?? "AQSIQ", bqs.Office.Code, now);
        var sent = sender.As(SendingModule.Declarations).Send(db, QualityWire.ExportNonconformityFoundType, payload, [recipient], d.Office, d.Id);
        var detail = sent.Denied.Count == 0
            ? new Message("decl.event.nonconformity-sent", bqs.Office.Code, recipient, string.Join("; ", failed.Select(f => f.Parameter)))
            : new Message("decl.event.nonconformity-not-sent", bqs.Office.Code, string.Join("; ", sent.Denied.Select(x => $"{x.Party} {x.Reason}")));
        db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "nonconformity-reported", actor, detail));
    }
}
