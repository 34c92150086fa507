using GoldenQuality.Accountability.Contracts;

namespace GoldenQuality.Accountability;

/// <summary>
/// Sums bureau-days into the history's totals, stage times, series, bureau table and sharing, merging the histograms;
/// each row's histograms are read once.
/// </summary>
internal static class HistoryAggregate
{
    public static HistoryView Build(DateOnly from, DateOnly to, string? bureau, IReadOnlyList<HistoryDayRow> all)
    {
        var daily = to.DayNumber - from.DayNumber + 1 <= GetClearanceHistory.DailyUpTo;
        var selected = new Sums();
        var stages = new StageHistograms();
        var series = new SortedDictionary<DateOnly, Sums>();
        var bureaus = new SortedDictionary<string, Sums>(StringComparer.Ordinal);
        var sharing = new SortedDictionary<string, PartnerCounts>(StringComparer.Ordinal);
        var row = new StageHistograms();
        foreach (var day in all)
        {
            Array.ForEach(row.Of, h => Array.Clear(h.Counts));
            row.AddFormatted(day.Times);
            Of(bureaus, day.Bureau).Add(day, row);
            if (bureau is not null && day.Bureau != bureau)
            {
                continue;
            }

            selected.Add(day, row);
            for (var s = 0; s < row.Of.Length; s++)
            {
                stages.Of[s].Add(row.Of[s]);
            }

            Of(series, daily ? day.Day : day.Day.AddDays(-(((int)day.Day.DayOfWeek + 6) % 7))).Add(day, row);
            if (!sharing.TryGetValue(day.Bureau, out var counts))
            {
                sharing[day.Bureau] = counts = new PartnerCounts();
            }

            counts.AddFormatted(day.Sharing);
        }

        return new HistoryView(
            from, to, bureau, selected.Generated, selected.Recorded, [.. selected.Seeds.Order()],
            new HistoryTotals(selected.Declarations, selected.Lines, selected.Electronic, selected.Coverage, selected.Holds, selected.Nonconformities),
            [.. StageHistograms.Stages.Select((s, i) => new HistoryStage(s, stages.Of[i].Total, stages.Of[i].Percentile(0.5), stages.Of[i].Percentile(0.9), stages.Of[i].Percentile(0.99)))],
            daily ? "day" : "week",
            [.. series.Select(p => new HistoryPoint(p.Key, daily ? 1 : Math.Min(to.DayNumber, p.Key.DayNumber + 6) - Math.Max(from.DayNumber, p.Key.DayNumber) + 1, p.Value.Declarations, p.Value.Coverage, p.Value.Total.Percentile(0.5), p.Value.Total.Percentile(0.9), p.Value.Holds))],
            [.. bureaus.Select(b => new HistoryBureau(b.Key, b.Value.Declarations, b.Value.Coverage, b.Value.Total.Percentile(0.5), b.Value.Holds, b.Value.Nonconformities))
                .OrderByDescending(b => b.Declarations).ThenBy(b => b.Bureau, StringComparer.Ordinal)],
            [.. sharing.SelectMany(b => PartnerCounts.Partners.Select((p, i) => new HistorySharing(b.Key, p, b.Value.Sent[i], b.Value.Received[i])))]);
    }

    private static Sums Of<TKey>(SortedDictionary<TKey, Sums> sums, TKey key)
        where TKey : notnull
    {
        if (!sums.TryGetValue(key, out var value))
        {
            sums[key] = value = new Sums();
        }

        return value;
    }

    /// <summary>Running sums of a set of bureau-days, with the histogram of their total clearance time.</summary>
    private sealed class Sums
    {
        public Histogram Total { get; } = new();

        public HashSet<int> Seeds { get; } = [];

        public long Declarations { get; private set; }

        public long Lines { get; private set; }

        public long Electronic { get; private set; }

        public long Holds { get; private set; }

        public long Nonconformities { get; private set; }

        public int Generated { get; private set; }

        public int Recorded { get; private set; }

        public double Coverage => Lines == 0 ? 0 : Math.Round((double)Electronic / Lines, 4);

        public void Add(HistoryDayRow day, StageHistograms times)
        {
            Declarations += day.Declarations;
            Lines += day.Lines;
            Electronic += day.ElectronicLines;
            Holds += day.Holds;
            Nonconformities += day.Nonconformities;
            Total.Add(times.Of[^1]);
            if (day.GeneratedSeed is { } seed)
            {
                Generated++;
                Seeds.Add(seed);
            }
            else
            {
                Recorded++;
            }
        }
    }
}
