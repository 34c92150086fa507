using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Standards.Contracts;

namespace GoldenQuality.Supervision.Contracts;

/// <summary>The lot page's read: the lot, its first page of readings grouped by parameter with the governing limits, its events.</summary>
public sealed class LotDetails
{
    private readonly SupervisedLots lots;
    private readonly SupervisionEvents events;
    private readonly IStandardsCatalogue catalogue;

    internal LotDetails(SupervisedLots lots, SupervisionEvents events, IStandardsCatalogue catalogue)
    {
        this.lots = lots;
        this.events = events;
        this.catalogue = catalogue;
    }

    public async Task<HandlerResult<LotDetail>> GetAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var found = await lots.GetAsync(actor, id, ct);
        if (found.Value is not { } lot)
        {
            return found.Problem!;
        }

        var readings = (await lots.MeasurementsAsync(actor, id, 1, Paging.MaxPageSize, ct)).Value?.Items ?? [];
        var lotEvents = (await events.ListAsync(actor, new EventQuery(Lot: id, Page: 1, PageSize: 200), ct)).Value?.Items ?? [];
        var index = await catalogue.IndexAsync(ct);
        return new LotDetail(lot, Series(index, lot, readings, lotEvents), lotEvents);
    }

    /// <summary>One series per parameter (ordinal order): readings in the canonical unit, SPC signals, the last governing requirement's limits, the hold.</summary>
    internal static List<ParameterSeries> Series(StandardsIndex index, LotView lot, IReadOnlyList<MeasurementView> readings, IReadOnlyList<EventView> lotEvents)
    {
        var positions = index.Requirements.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var series = new List<ParameterSeries>();
        foreach (var group in readings.GroupBy(m => m.Parameter).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            double? lower = null, upper = null;
            if (group.Select(m => m.RequirementId).LastOrDefault(r => r is not null) is { } requirement && positions.TryGetValue(requirement, out var at))
            {
                (lower, upper) = index.Bounds(at);
            }

            var unit = index.Parameters.TryGetValue(group.Key, out var pi) ? index.ParameterRows[pi].Unit : group.First().Unit;
            var firstNonconforming = group.FirstOrDefault(m => m.Verdict == "nonconforming")?.At;
            series.Add(new ParameterSeries(group.Key, unit, [.. group],
                [.. lotEvents.Where(e => e.Kind == "spc-signal" && e.Parameter == group.Key)],
                lower, upper, lot.Status == "held" ? firstNonconforming : null));
        }

        return series;
    }
}
