using GoldenQuality.Common;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Ministries.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Declarations;

/// <summary>
/// Publishes the import-inspection result of an import that drew a waste import licence
/// (<see cref="ImportInspectionWire.CompletedType"/>), in the caller's save: once per declaration and licence, to exactly
/// the parties an agreement covers (none without one). The history notes whom it reached, which also keeps it from
/// being published twice.
/// </summary>
internal sealed class ImportInspectionResults(ExchangeSender sender, TimeProvider clock)
{
    /// <summary>The history stage that records the publication.</summary>
    public const string Stage = "inspection-result-published";

    public async Task PublishAsync(GqDbContext db, Declaration d, bool conforming, Message reasons, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(d);
        if (d.Kind != DeclarationKind.Import)
        {
            return;
        }

        var data = d.Data;
        var licences = Licences(d, data);
        if (licences.Count == 0 ||
            db.Set<DeclarationEvent>().Local.Any(e => e.DeclarationId == d.Id && e.Stage == Stage) ||
            await db.Set<DeclarationEvent>().AnyAsync(e => e.DeclarationId == d.Id && e.Stage == Stage, ct))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var decision = conforming ? "passed" : "failed";
        foreach (var (number, lines, unit) in licences)
        {
            var covered = data.Lines.Where(l => lines.Any(c => c.Sequence == l.Sequence)).ToArray();
            var payload = new ImportInspectionCompleted(d.Number, number, d.TraderUscc, covered[0].HsCode, Bound(string.Join("; ", covered.Select(l => l.Description)), ImportInspectionWire.MaxDescription),
                lines.Sum(c => c.Quantity), unit, data.PortOfEntry ?? d.Port ?? "", conforming, decision, reasons.Store(ImportInspectionWire.MaxReasons), now);
            var sent = sender.As(SendingModule.Declarations).Publish(db, ImportInspectionWire.CompletedType, payload, d.Office, d.Id);
            object to = sent.Envelopes.Count == 0 ? new Message("decl.no-party") : string.Join(", ", sent.Recipients);
            db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, Stage, actor, new Message("decl.event.inspection-result-sent", Message.Term("insp.", decision), number, to)));
        }
    }

    /// <summary>The waste import licences the declaration cited, with the lines each covers: from the issuer's check, else every waste line.</summary>
    private static List<(string Number, LpcoCoverLine[] Lines, string Unit)> Licences(Declaration d, DeclarationData data)
    {
        var kind = MinistriesWire.DocumentTypeOf(LpcoKind.WasteImportLicence);
        var covers = d.Lpcos.Where(c => c.Kind == kind && c.Lines.Length > 0).Select(c => (c.Number, c.Lines, c.Unit)).ToList();
        if (covers.Count > 0)
        {
            return covers;
        }

        var waste = data.Lines.Where(l => LpcoChecks.IsWaste(l.HsCode)).ToArray();
        return waste.Length == 0
            ? []
            : [.. data.Documents.Where(x => string.Equals(x.Type, kind, StringComparison.OrdinalIgnoreCase)).Select(x => x.Number.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal)
                .Select(n => (n, waste.Select(l => new LpcoCoverLine(l.Sequence, l.Quantity)).ToArray(), waste[0].Unit))];
    }

    /// <summary>The reasons of an inspection result: each failed line with its findings and the lab results above their limits, or that every line passed.</summary>
    public static Message Reasons(DeclarationData data, IReadOnlyList<LineInspection> results)
    {
        var failed = results.Where(x => !x.Pass).ToArray();
        if (failed.Length == 0)
        {
            return new Message("insp.every-line-passed", Message.List(results.Select(x => new Message("insp.line-finding", x.Sequence, x.Findings ?? (object)new Message("insp.conforming")))));
        }

        return Message.List(failed.Select(x => new Message("insp.line-failed", x.Sequence, data.Lines.First(l => l.Sequence == x.Sequence).HsCode,
            x.FindingsConform ? "" : new Message("insp.findings", x.Findings ?? (object)new Message("insp.not-conforming")),
            Message.List(x.LabResults.Where(r => !r.Pass).Select(r => new Message("insp.lab-above", r.Parameter, r.Value, r.Unit, r.Limit, r.Standard, r.Clause))))));
    }

    private static string Bound(string text, int max) => text.Length <= max ? text : text[..(max - 3)] + "...";
}
