using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Supervision.Contracts;

/// <summary>
/// The small read interface the clearance flow uses: the supervision status of declared lots, and the open
/// alerts (nonconformities) of an enterprise.
/// </summary>
public static class SupervisionStatus
{
    /// <summary>The status of each named lot of the enterprise; lots E-Supervision does not know are left out.</summary>
    public static async Task<IReadOnlyList<LotStatusView>> LotsAsync(GqDbContext db, string uscc, IReadOnlyCollection<string> lots, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (lots.Count == 0)
        {
            return [];
        }

        var known = await db.Set<SupervisedLot>().AsNoTracking()
            .Where(l => l.Uscc == uscc && lots.Contains(l.Number))
            .Select(l => new { l.Id, l.Number, l.Status, l.HoldReason })
            .ToListAsync(ct);
        var ids = known.Select(l => l.Id).ToList();
        var records = await db.Set<SupervisionRecord>().AsNoTracking()
            .Where(r => ids.Contains(r.LotId))
            .ToDictionaryAsync(r => r.LotId, r => r.Number, ct);
        return [.. known.Select(l => new LotStatusView(l.Number, records.GetValueOrDefault(l.Id), l.Status == LotStatus.Held,
            Message.FromStored(l.HoldReason)?.Render(CultureInfo.InvariantCulture)))];
    }

    /// <summary>The enterprise's nonconformities since a time (each put a lot on hold).</summary>
    public static Task<int> NonconformitiesSinceAsync(GqDbContext db, string uscc, DateTimeOffset since, CancellationToken ct) =>
        db.Set<SupervisionEvent>().AsNoTracking().CountAsync(e => e.Uscc == uscc && e.Kind == SupervisionEventKind.Nonconformity && e.At >= since, ct);
}
