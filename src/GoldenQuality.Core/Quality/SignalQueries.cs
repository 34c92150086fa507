using GoldenQuality.Common;
using GoldenQuality.Persistence;
using GoldenQuality.Quality.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Quality;

/// <summary>Reads the copies kept in <c>qs_signals</c>.</summary>
internal sealed class DomesticSupervisionSignals(GqDbContext db) : IDomesticSupervisionSignals
{
    public async Task<ActiveDomesticSignals> ActiveAsync(string uscc, DateTimeOffset spotChecksSince, CancellationToken ct)
    {
        var licences = await db.Set<QualitySignal>().AsNoTracking().Where(s => s.Uscc == uscc && s.Kind == SignalKind.Licence).ToListAsync(ct);
        var active = licences
            .GroupBy(s => s.Reference, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(s => s.At).ThenByDescending(s => s.ReceivedAt).ThenByDescending(s => s.Id).First())
            .Where(s => s.Status is "suspended" or "revoked")
            .OrderBy(s => s.Reference, StringComparer.Ordinal)
            .Select(DomesticSignalQueries.View)
            .ToArray();
        var spot = await db.Set<QualitySignal>().AsNoTracking().Where(s => s.Uscc == uscc && s.Kind == SignalKind.SpotCheck).ToListAsync(ct);
        var failures = spot.Where(s => s.At >= spotChecksSince).OrderBy(s => s.At).ThenBy(s => s.Id).Select(DomesticSignalQueries.View).ToArray();
        return new ActiveDomesticSignals(uscc, active, failures);
    }
}

internal static class DomesticSignalQueries
{
    public static DomesticSignalView View(QualitySignal s) => new(s.Id, WireNames.Of(s.Kind), s.Uscc, s.EnterpriseName, s.Reference, s.PlanNumber, s.Status, s.Reason, s.Failed,
        s.Office, s.CiqOffice, s.SenderNode, s.AgreementId, s.EnvelopeId, s.At, s.ReceivedAt);
}
