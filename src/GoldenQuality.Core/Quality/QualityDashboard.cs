using GoldenQuality.Persistence;
using GoldenQuality.Quality.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Quality;

/// <summary>
/// The province's spot-check dashboard: pass rates (conforming over judged, by final outcome; a sample with an item
/// without a limit counts as judged and not passed) by product category and by region (the prefecture of where the
/// sample was taken), samples planned and taken per plan, the number of open follow-ups and the overdue ones.
/// </summary>
internal static class QualityDashboard
{
    public static async Task<QualityDashboardView> BuildAsync(GqDbContext db, DateOnly today, string province, CancellationToken ct)
    {
        var judged = await db.Set<SpotCheckSample>().AsNoTracking().Where(s => s.Province == province && s.Outcome != SampleOutcome.Pending)
            .Select(s => new { s.Category, s.AreaCode, s.Outcome, s.ReTestOutcome }).ToListAsync(ct);
        var rows = judged.Select(s => (s.Category, Region: SpotCheckRules.PrefectureOf(s.AreaCode), Outcome: s.ReTestOutcome ?? s.Outcome)).ToList();
        var plans = await db.Set<SpotCheckPlan>().AsNoTracking().Where(p => p.Province == province).OrderByDescending(p => p.PeriodFrom).ThenByDescending(p => p.Number).Take(100)
            .Select(p => new { p.Id, p.Number, p.Title, p.PlannedSamples }).ToListAsync(ct);
        var ids = plans.Select(p => p.Id).ToList();
        var taken = await db.Set<SpotCheckSample>().Where(s => ids.Contains(s.PlanId)).GroupBy(s => s.PlanId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var open = await db.Set<SpotCheckFollowUp>().CountAsync(f => f.Province == province && f.Status == FollowUpStatus.Open, ct);
        var overdue = await db.Set<SpotCheckFollowUp>().AsNoTracking().Where(f => f.Province == province && f.Status == FollowUpStatus.Open && f.DueOn < today)
            .OrderBy(f => f.DueOn).Take(100).ToListAsync(ct);
        return new QualityDashboardView(province, today,
            Rates(rows.GroupBy(r => r.Category, StringComparer.Ordinal).Select(g => (g.Key, g.Select(x => x.Outcome)))),
            Rates(rows.GroupBy(r => r.Region, StringComparer.Ordinal).Select(g => (g.Key, g.Select(x => x.Outcome)))),
            [.. plans.Select(p => new PlanProgressRow(p.Number, p.Title, p.PlannedSamples, taken.GetValueOrDefault(p.Id)))],
            open, [.. overdue.Select(f => SpotCheckRegister.View(f, today))]);
    }

    private static PassRateRow[] Rates(IEnumerable<(string Key, IEnumerable<SampleOutcome> Outcomes)> groups) =>
    [
        .. groups.Select(g =>
        {
            var list = g.Outcomes.ToList();
            var conforming = list.Count(o => o == SampleOutcome.Conforming);
            return new PassRateRow(g.Key, list.Count, conforming, list.Count(o => o == SampleOutcome.Nonconforming), list.Count(o => o == SampleOutcome.NoLimit),
                list.Count == 0 ? 0 : Math.Round(100m * conforming / list.Count, 1));
        }).OrderBy(r => r.Key, StringComparer.Ordinal),
    ];
}
