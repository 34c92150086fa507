using GoldenQuality.Standards;
using GoldenQuality.Standards.Contracts;

namespace GoldenQuality.Benchmarks;

/// <summary>
/// The one generated workload every engine is measured on: 4,000 products, 100,000 requirements (seed 1), and
/// 10 million measurements drawn from the requirements, with values around their limits (about one in ten
/// outside), so that every engine finds a governing limit for almost every check.
/// </summary>
public static class StandardsWorkload
{
    public const int Products = 4000;
    public const int Requirements = 100_000;
    public const int Measurements = 10_000_000;
    public const int Seed = 1;

    /// <summary>The date every peer is asked about; our engine is asked at times spread over 2026.</summary>
    public static readonly DateOnly Day = new(2026, 6, 1);

    private static readonly Lazy<CatalogueSnapshot> LazySnapshot = new(() => StandardsGenerator.Snapshot(StandardsGenerator.Generate(Products, Requirements, Seed)));

    internal static CatalogueSnapshot Snapshot => LazySnapshot.Value;

    /// <summary>A measurement as the peers see it: a (product, parameter) cell and a value in the canonical unit.</summary>
    public sealed class Fact
    {
        public int Cell { get; set; }

        public double Value { get; set; }

        public long Ticks { get; set; }
    }

    /// <summary>Measurements as arrays (structure of arrays), for our engine.</summary>
    internal sealed record Arrays(int[] Node, int[] Parameter, long[] Ticks, double[] Value);

    /// <summary>The governing limit of each (node, parameter) cell that has a requirement of its own, on <see cref="Day"/>.</summary>
    internal sealed record Cell(int Node, int Parameter, double Lower, double Upper);

    internal static List<Cell> Cells(StandardsIndex index)
    {
        var table = index.National;
        var ticks = StandardsIndex.Ticks(Day);
        var cells = new List<Cell>();
        var seen = new HashSet<long>();
        foreach (var r in index.Requirements)
        {
            if (!index.Nodes.TryGetValue(r.Category, out var node) || !index.Parameters.TryGetValue(r.Parameter, out var parameter))
            {
                continue;
            }

            var slice = table.Find(node, parameter, ticks);
            if (slice >= 0 && seen.Add(((long)node * index.ParameterCount) + parameter))
            {
                ref readonly var s = ref table.Slice(slice);
                cells.Add(new Cell(node, parameter, s.Lower, s.Upper));
            }
        }

        return cells;
    }

    internal static double ValueNear(Random random, double lower, double upper)
    {
        var lo = double.IsFinite(lower) ? lower : double.IsFinite(upper) ? 0 : 0;
        var hi = double.IsFinite(upper) ? upper : lo * 2 + 1;
        if (hi <= lo)
        {
            hi = lo + 1;
        }

        // 90 % inside [lo, hi], 10 % just outside, on either side.
        var u = random.NextDouble();
        return u < 0.9 ? lo + ((hi - lo) * random.NextDouble()) : u < 0.95 ? hi * 1.05 + 0.001 : lo - ((hi - lo) * 0.05) - 0.001;
    }

    internal static Arrays Generate(StandardsIndex index, int count, int seed)
    {
        var cells = Cells(index);
        var random = new Random(seed);
        var node = new int[count];
        var parameter = new int[count];
        var ticks = new long[count];
        var value = new double[count];
        var start = StandardsIndex.Ticks(new DateOnly(2026, 1, 1));
        for (var i = 0; i < count; i++)
        {
            var c = cells[random.Next(cells.Count)];
            node[i] = c.Node;
            parameter[i] = c.Parameter;
            ticks[i] = start + (random.NextInt64(365L * 24 * 60) * TimeSpan.TicksPerMinute);
            value[i] = ValueNear(random, c.Lower, c.Upper);
        }

        return new Arrays(node, parameter, ticks, value);
    }

    /// <summary>Facts over the first <paramref name="cellCount"/> cells only (the rule subset a peer compiled).</summary>
    internal static Fact[] Facts(List<Cell> cells, int cellCount, int count, int seed)
    {
        var random = new Random(seed);
        var ticks = StandardsIndex.Ticks(Day);
        var facts = new Fact[count];
        for (var i = 0; i < count; i++)
        {
            var k = random.Next(cellCount);
            facts[i] = new Fact { Cell = k, Value = ValueNear(random, cells[k].Lower, cells[k].Upper), Ticks = ticks };
        }

        return facts;
    }
}
