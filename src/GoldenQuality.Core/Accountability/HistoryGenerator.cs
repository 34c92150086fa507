using GoldenQuality.Accountability.Contracts;

namespace GoldenQuality.Accountability;

/// <summary>
/// Generates the demo's clearance history (decision 0020): for each bureau and day, a number of declarations from the
/// bureau's weight, the day of the week, the public holidays and a slow growth; the share of goods lines cleared
/// electronically rising over the period from the bureau's starting readiness; the stage times of a sample of flows
/// drawn from log-normal distributions whose medians fall as e-clearance spreads (paper permits wait hours at Customs,
/// electronic ones minutes), scaled to the day's count; holds, nonconformities and the envelopes exchanged with each
/// partner agency in proportion. Every figure is a function of the seed, the bureau's position in the list and the date
/// alone, so a seed and an end date give the same history on every machine. None of it is a real statistic.
/// </summary>
internal static class HistoryGenerator
{
    /// <summary>Declarations a working day across all bureaus at the start of the period (illustrative).</summary>
    public const double NationalPerWorkingDay = 30_000;

    /// <summary>Flows simulated per bureau and day; the day's histograms are theirs, scaled to its count.</summary>
    public const int SampleFlows = 40;

    /// <summary>Spring Festival (the first day of the lunar year), 2024–2030.</summary>
    private static readonly DateOnly[] SpringFestivals =
    [
        new(2024, 2, 10), new(2025, 1, 29), new(2026, 2, 17), new(2027, 2, 6), new(2028, 1, 26), new(2029, 2, 13), new(2030, 2, 3),
    ];

    public static IEnumerable<HistoryDayRow> Generate(int seed, DateOnly first, int days, IReadOnlyList<HistoryBureauProfile> bureaus)
    {
        var weights = bureaus.Sum(b => b.Weight);
        for (var bi = 0; bi < bureaus.Count; bi++)
        {
            var bureau = bureaus[bi];
            for (var d = 0; d < days; d++)
            {
                var day = first.AddDays(d);
                var rng = new SplitMix(seed, bi, day.DayNumber);
                var t = days <= 1 ? 1 : (double)d / (days - 1);
                yield return Day(seed, bureau, day, t, NationalPerWorkingDay * bureau.Weight / weights, rng);
            }
        }
    }

    private static HistoryDayRow Day(int seed, HistoryBureauProfile bureau, DateOnly day, double t, double perDay, SplitMix rng)
    {
        var expected = perDay * Calendar(day) * (1 + 0.08 * t) * (0.9 + 0.2 * rng.Next());
        var declarations = (int)Math.Round(expected);
        var coverage = Math.Clamp(bureau.Readiness + (0.97 - bureau.Readiness) * Smooth(t) + 0.03 * (rng.Next() - 0.5), 0, 0.99);
        var lines = (int)Math.Round(declarations * (1.8 + 1.0 * rng.Next()));
        var electronic = (int)Math.Round(lines * coverage);
        var inspected = 0.22 - 0.07 * t;

        var times = new StageHistograms();
        var samples = Math.Min(declarations, SampleFlows);
        var sampled = new int[StageHistograms.Stages.Length][];
        for (var s = 0; s < sampled.Length; s++)
        {
            sampled[s] = new int[Histogram.Buckets];
        }

        for (var f = 0; f < samples; f++)
        {
            var acceptance = rng.LogNormal(Lerp(1200, 240, t), 0.8);
            var risk = rng.LogNormal(Lerp(120, 20, t), 0.7);
            var inspection = rng.Next() < inspected ? rng.LogNormal(Lerp(30 * 3600, 20 * 3600, t), 0.5) : rng.LogNormal(300, 0.6);
            var permit = rng.LogNormal(Lerp(3600, 600, t), 0.9);
            var port = rng.LogNormal(Lerp(6 * 3600, 4 * 3600, t), 0.7);
            var customs = rng.Next() < coverage ? rng.LogNormal(2400, 0.7) : rng.LogNormal(8 * 3600, 0.6);
            double[] stage = [acceptance, risk, inspection, permit, port, customs, acceptance + risk + inspection + permit + port + customs];
            for (var s = 0; s < stage.Length; s++)
            {
                sampled[s][Histogram.BucketOf(stage[s])]++;
            }
        }

        for (var s = 0; s < sampled.Length; s++)
        {
            Scale(sampled[s], samples, declarations, times.Of[s].Counts);
        }

        var holds = rng.Poisson(declarations * 0.0006 * (1.2 - 0.4 * t));
        var nonconformities = rng.Poisson(declarations * 0.002);
        var sharing = new PartnerCounts();
        Exchange(sharing, "CUSTOMS", (long)Math.Round(declarations * coverage), (long)Math.Round(declarations * coverage * 0.99));
        Exchange(sharing, "BQS", nonconformities, rng.Poisson(declarations * 0.001));
        Exchange(sharing, "MOA", rng.Poisson(declarations * 0.06), rng.Poisson(declarations * 0.06));
        Exchange(sharing, "MEP", rng.Poisson(declarations * 0.008), rng.Poisson(declarations * 0.008));
        Exchange(sharing, "PBC", rng.Poisson(declarations * 0.25), rng.Poisson(declarations * 0.25));
        return HistoryDayRow.Generated(seed, bureau.Code, day, declarations, lines, electronic, holds, nonconformities, times, sharing);
    }

    private static void Exchange(PartnerCounts sharing, string partner, long sent, long received)
    {
        var i = Array.IndexOf(PartnerCounts.Partners, partner);
        sharing.Sent[i] = sent;
        sharing.Received[i] = received;
    }

    /// <summary>Spreads <paramref name="total"/> over the buckets in proportion to the sampled counts (largest remainder).</summary>
    private static void Scale(int[] sampled, int samples, int total, long[] into)
    {
        if (samples == 0)
        {
            return;
        }

        var remainders = new (double Fraction, int Bucket)[sampled.Length];
        long given = 0;
        for (var i = 0; i < sampled.Length; i++)
        {
            var exact = (double)sampled[i] * total / samples;
            into[i] = (long)Math.Floor(exact);
            given += into[i];
            remainders[i] = (exact - into[i], i);
        }

        foreach (var (_, bucket) in remainders.OrderByDescending(r => r.Fraction).ThenBy(r => r.Bucket).Take((int)(total - given)))
        {
            into[bucket]++;
        }
    }

    /// <summary>How busy a day is against an ordinary working day: weekends, the Spring Festival (and the rush before it), May Day and the National Day week.</summary>
    internal static double Calendar(DateOnly day)
    {
        foreach (var festival in SpringFestivals)
        {
            var offset = day.DayNumber - festival.DayNumber;
            if (offset is >= -1 and <= 6)
            {
                return 0.12;
            }

            if (offset is >= -15 and < -1)
            {
                return day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.5 : 1.25;
            }
        }

        if (day is { Month: 10, Day: <= 7 })
        {
            return 0.18;
        }

        if (day is { Month: 5, Day: <= 5 })
        {
            return 0.3;
        }

        return day.DayOfWeek switch { DayOfWeek.Saturday => 0.35, DayOfWeek.Sunday => 0.2, _ => 1 };
    }

    private static double Smooth(double t) => t * t * (3 - 2 * t);

    private static double Lerp(double from, double to, double t) => from + (to - from) * t;

    /// <summary>SplitMix64: a small, fixed pseudo-random sequence, so that the history does not depend on the runtime's <see cref="Random"/>.</summary>
    private sealed class SplitMix(int seed, int bureau, int day)
    {
        private ulong state = ((ulong)(uint)seed << 32) ^ ((ulong)(uint)bureau << 20) ^ (uint)day ^ 0x9E3779B97F4A7C15UL;

        public double Next()
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }

        /// <summary>A log-normal draw with the given median (seconds) and log-space standard deviation (Box–Muller).</summary>
        public double LogNormal(double median, double sigma)
        {
            var u = 1 - Next();
            var normal = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * Next());
            return median * Math.Exp(sigma * normal);
        }

        /// <summary>A Poisson draw (Knuth's method below 30, a rounded normal approximation above).</summary>
        public int Poisson(double mean)
        {
            if (mean <= 0)
            {
                return 0;
            }

            if (mean >= 30)
            {
                var u = 1 - Next();
                var normal = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * Next());
                return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * normal));
            }

            var limit = Math.Exp(-mean);
            var k = 0;
            var p = Next();
            while (p > limit)
            {
                k++;
                p *= Next();
            }

            return k;
        }
    }
}
