using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;

namespace GoldenQuality.Standards.Contracts;

/// <summary>One requirement as the engine compiles it: the requirement joined with its standard.</summary>
internal sealed record RequirementRow(
    Guid Id,
    string Standard,
    StandardKind StandardKind,
    string Clause,
    string Category,
    string Parameter,
    string State,
    LimitKind Kind,
    double? Lower,
    double? Upper,
    string Unit,
    string Method,
    string Jurisdiction,
    DateOnly ValidFrom,
    DateOnly? ValidTo);

internal sealed record CategoryRow(string Code, string? Parent, string NameEn);

internal sealed record ParameterRow(string Code, string Quantity, string Unit);

/// <summary>Everything the engine compiles from: a consistent read of the catalogue.</summary>
internal sealed record CatalogueSnapshot(IReadOnlyList<CategoryRow> Categories, IReadOnlyList<ParameterRow> Parameters, IReadOnlyList<RequirementRow> Requirements);

/// <summary>The result of one check.</summary>
internal enum Verdict : byte
{
    /// <summary>No requirement governs this product and parameter on that date in that market.</summary>
    NoLimit,
    Conforming,
    Nonconforming,
}

/// <summary>One period of the governing limit of a (product, parameter), in canonical units; <see cref="Next"/> chains the periods.</summary>
internal readonly record struct LimitSlice(long From, long To, double Lower, double Upper, int Requirement, int Next);

/// <summary>
/// The catalogue compiled for checking: the category tree as parent indices, and per market and processing
/// state a dense table [node * parameters + parameter] → the chain of limit periods that governs it. Inheritance
/// down the tree and the conflict rules (docs/standards.md) are resolved at compile time, so a check is an array
/// read and an interval test. Immutable once built; markets other than the national one are compiled on first use.
/// </summary>
internal sealed class StandardsIndex
{
    private readonly int[] parent;
    private readonly int[] order;
    private readonly int[] groupStart;
    private readonly int[] groupNode;
    private readonly int[] groupParameter;
    private readonly int[] sortedRequirements;
    private readonly int[] requirementNode;
    private readonly double[] requirementLower;
    private readonly double[] requirementUpper;
    private readonly FrozenSet<string> provincesWithRules;
    private readonly FrozenSet<string> statesWithRules;
    private readonly ConcurrentDictionary<(string Province, string State), Lazy<MarketTable>> tables = new();

    private StandardsIndex(CatalogueSnapshot snapshot)
    {
        var categories = snapshot.Categories;
        var codes = new Dictionary<string, int>(categories.Count, StringComparer.Ordinal);
        for (var i = 0; i < categories.Count; i++)
        {
            codes[categories[i].Code] = i;
        }

        Nodes = codes.ToFrozenDictionary(StringComparer.Ordinal);
        NodeCodes = [.. categories.Select(c => c.Code)];
        parent = new int[categories.Count];
        var depth = new int[categories.Count];
        for (var i = 0; i < categories.Count; i++)
        {
            parent[i] = categories[i].Parent is { } p && codes.TryGetValue(p, out var pi) ? pi : -1;
        }

        for (var i = 0; i < categories.Count; i++)
        {
            // Depth by walking up; a cycle (refused at import) is cut at the tree's size.
            var d = 0;
            for (var n = parent[i]; n >= 0 && d <= categories.Count; n = parent[n])
            {
                d++;
            }

            depth[i] = d;
        }

        Depth = depth;
        order = [.. Enumerable.Range(0, categories.Count).OrderBy(i => depth[i])];

        var parameters = snapshot.Parameters;
        ParameterCount = parameters.Count;
        Parameters = parameters.Select((p, i) => (p.Code, i)).ToFrozenDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        ParameterRows = [.. parameters];

        // Requirements that cannot take part (unknown category, parameter or unit; enterprise standards) are left out here;
        // the import refuses the first three, and enterprise standards are never regulatory limits.
        var rows = snapshot.Requirements;
        Requirements = [.. rows];
        requirementNode = new int[rows.Count];
        var requirementParameter = new int[rows.Count];
        requirementLower = new double[rows.Count];
        requirementUpper = new double[rows.Count];
        var usable = new List<int>(rows.Count);
        var provinces = new HashSet<string>(StringComparer.Ordinal);
        var states = new HashSet<string>(StringComparer.Ordinal);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.StandardKind == StandardKind.Enterprise || !codes.TryGetValue(row.Category, out var node) ||
                !Parameters.TryGetValue(row.Parameter, out var parameter) ||
                Units.Conversion(row.Unit, parameters[parameter].Unit) is not { } conversion)
            {
                requirementNode[r] = -1;
                continue;
            }

            requirementNode[r] = node;
            requirementParameter[r] = parameter;
            (requirementLower[r], requirementUpper[r]) = CanonicalBounds(row, conversion);
            usable.Add(r);
            if (row.Jurisdiction != "national")
            {
                provinces.Add(row.Jurisdiction);
            }

            if (row.State.Length > 0)
            {
                states.Add(row.State);
            }
        }

        provincesWithRules = provinces.ToFrozenSet(StringComparer.Ordinal);
        statesWithRules = states.ToFrozenSet(StringComparer.Ordinal);

        // Group the usable requirements by (node, parameter): one sort, then run starts.
        var keys = new long[usable.Count];
        sortedRequirements = [.. usable];
        for (var i = 0; i < sortedRequirements.Length; i++)
        {
            var r = sortedRequirements[i];
            keys[i] = ((long)requirementNode[r] * ParameterCount) + requirementParameter[r];
        }

        Array.Sort(keys, sortedRequirements);
        var starts = new List<int>();
        for (var i = 0; i < keys.Length; i++)
        {
            if (i == 0 || keys[i] != keys[i - 1])
            {
                starts.Add(i);
            }
        }

        starts.Add(keys.Length);
        groupStart = [.. starts];
        groupNode = new int[starts.Count - 1];
        groupParameter = new int[starts.Count - 1];
        for (var g = 0; g < groupNode.Length; g++)
        {
            var r = sortedRequirements[groupStart[g]];
            groupNode[g] = requirementNode[r];
            groupParameter[g] = requirementParameter[r];
        }

        National = Table("", "");
    }

    /// <summary>Category code → node index.</summary>
    public FrozenDictionary<string, int> Nodes { get; }

    public string[] NodeCodes { get; }

    public int[] Depth { get; }

    /// <summary>Parameter code → parameter index.</summary>
    public FrozenDictionary<string, int> Parameters { get; }

    public ParameterRow[] ParameterRows { get; }

    public int ParameterCount { get; }

    public RequirementRow[] Requirements { get; }

    /// <summary>The table for exports and for the domestic market wherever no provincial rule applies.</summary>
    public MarketTable National { get; }

    /// <summary>The number of compiled (node, parameter) groups.</summary>
    public int Groups => groupNode.Length;

    public static StandardsIndex Compile(CatalogueSnapshot snapshot) => new(snapshot);

    /// <summary>
    /// The table for a market: <c>export</c> and <c>domestic</c> are national; <c>domestic:330000</c> is the domestic
    /// market of one province, where that province's local standards also apply.
    /// </summary>
    public MarketTable Table(string province, string state)
    {
        // Markets and states without rules of their own share the national table.
        var p = provincesWithRules.Contains(province) ? province : "";
        var s = statesWithRules.Contains(state) ? state : "";
        return tables.GetOrAdd((p, s), key => new Lazy<MarketTable>(() => Build(key.Province, key.State))).Value;
    }

    /// <summary>Reads a market as the API writes it; null when it is not one.</summary>
    public static string? ProvinceOfMarket(string market) => market switch
    {
        "export" or "domestic" => "",
        _ when market.StartsWith("domestic:", StringComparison.Ordinal) && market.Length == 15 && market[9..].All(char.IsAsciiDigit) && market.EndsWith("0000", StringComparison.Ordinal) => market[9..],
        _ => null,
    };

    public static long Ticks(DateOnly date) => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).Ticks;

    /// <summary>The parents of a node, nearest first, the node itself included.</summary>
    public IEnumerable<int> Path(int node)
    {
        for (var n = node; n >= 0; n = parent[n])
        {
            yield return n;
        }
    }

    /// <summary>The requirements attached to one node for one parameter (before any rule is applied).</summary>
    public IEnumerable<int> AttachedTo(int node, int parameter)
    {
        var g = FindGroup(node, parameter);
        if (g < 0)
        {
            yield break;
        }

        for (var i = groupStart[g]; i < groupStart[g + 1]; i++)
        {
            yield return sortedRequirements[i];
        }
    }

    public (double Lower, double Upper) Bounds(int requirement) => (requirementLower[requirement], requirementUpper[requirement]);

    private int FindGroup(int node, int parameter)
    {
        int lo = 0, hi = groupNode.Length - 1;
        var key = ((long)node * ParameterCount) + parameter;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var k = ((long)groupNode[mid] * ParameterCount) + groupParameter[mid];
            if (k == key)
            {
                return mid;
            }

            if (k < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }

    private static (double, double) CanonicalBounds(RequirementRow row, UnitConversion c)
    {
        // Conversions are increasing (positive scale), so bounds stay bounds.
        double? lo = row.Lower is { } l ? c.ToCanonical(l) : null;
        double? hi = row.Upper is { } h ? c.ToCanonical(h) : null;
        return row.Kind switch
        {
            LimitKind.Max => (double.NegativeInfinity, hi ?? double.PositiveInfinity),
            LimitKind.Min => (lo ?? double.NegativeInfinity, double.PositiveInfinity),
            LimitKind.Range => (lo ?? double.NegativeInfinity, hi ?? double.PositiveInfinity),
            // Below the limit of detection, or exactly 0 when the standard gives none.
            _ => (double.NegativeInfinity, hi is { } lod ? Math.BitDecrement(lod) : 0),
        };
    }

    /// <summary>
    /// Whether requirement a prevails over b at the same category (docs/standards.md, "Conflicts"): a rule for the
    /// processing state beats a general one; a province's rule beats the national one in its own domestic market;
    /// a national standard beats an industry standard; the newer standard beats the older; the stricter limit wins.
    /// </summary>
    private bool Prevails(int a, int b)
    {
        var x = Requirements[a];
        var y = Requirements[b];
        if ((x.State.Length > 0) != (y.State.Length > 0))
        {
            return x.State.Length > 0;
        }

        if ((x.Jurisdiction != "national") != (y.Jurisdiction != "national"))
        {
            return x.Jurisdiction != "national";
        }

        if ((x.StandardKind == StandardKind.National) != (y.StandardKind == StandardKind.National))
        {
            return x.StandardKind == StandardKind.National;
        }

        if (x.ValidFrom != y.ValidFrom)
        {
            return x.ValidFrom > y.ValidFrom;
        }

        if (requirementUpper[a] != requirementUpper[b])
        {
            return requirementUpper[a] < requirementUpper[b];
        }

        if (requirementLower[a] != requirementLower[b])
        {
            return requirementLower[a] > requirementLower[b];
        }

        return x.Id.CompareTo(y.Id) < 0;
    }

    private MarketTable Build(string province, string state)
    {
        var p = ParameterCount;
        var table = new int[Nodes.Count * p];
        var slices = new List<LimitSlice>(groupNode.Length + 16);
        var candidates = new List<int>();
        var bounds = new List<long>();
        var chain = new List<LimitSlice>();
        var group = 0;

        // Groups are sorted by node; visit nodes parents first and find each node's groups by a per-node cursor.
        var firstGroupOfNode = new int[Nodes.Count + 1];
        Array.Fill(firstGroupOfNode, -1);
        for (var g = groupNode.Length - 1; g >= 0; g--)
        {
            firstGroupOfNode[groupNode[g]] = g;
        }

        foreach (var node in order)
        {
            var row = node * p;
            if (parent[node] >= 0)
            {
                Array.Copy(table, parent[node] * p, table, row, p);
            }
            else
            {
                Array.Fill(table, -1, row, p);
            }

            group = firstGroupOfNode[node];
            for (var g = group; g >= 0 && g < groupNode.Length && groupNode[g] == node; g++)
            {
                candidates.Clear();
                for (var i = groupStart[g]; i < groupStart[g + 1]; i++)
                {
                    var r = sortedRequirements[i];
                    var req = Requirements[r];
                    if ((req.Jurisdiction == "national" || req.Jurisdiction == province) && (req.State.Length == 0 || req.State == state))
                    {
                        candidates.Add(r);
                    }
                }

                if (candidates.Count == 0)
                {
                    continue;
                }

                var cell = row + groupParameter[g];
                table[cell] = BuildChain(candidates, table[cell], slices, bounds, chain);
            }
        }

        return new MarketTable(this, table, [.. slices]);
    }

    /// <summary>
    /// The chain of periods for one (node, parameter): in each period between the validity boundaries of the
    /// candidates, the prevailing candidate in force; where none is in force, the inherited chain shows through.
    /// </summary>
    private int BuildChain(List<int> candidates, int inherited, List<LimitSlice> slices, List<long> bounds, List<LimitSlice> chain)
    {
        bounds.Clear();
        bounds.Add(long.MinValue);
        bounds.Add(long.MaxValue);
        foreach (var r in candidates)
        {
            var req = Requirements[r];
            bounds.Add(Ticks(req.ValidFrom));
            if (req.ValidTo is { } to)
            {
                bounds.Add(Ticks(to));
            }
        }

        bounds.Sort();
        chain.Clear();
        for (var b = 0; b + 1 < bounds.Count; b++)
        {
            var (from, to) = (bounds[b], bounds[b + 1]);
            if (from == to)
            {
                continue;
            }

            var winner = -1;
            foreach (var r in candidates)
            {
                var req = Requirements[r];
                var inForce = Ticks(req.ValidFrom) <= from && (req.ValidTo is not { } end || to <= Ticks(end));
                if (inForce && (winner < 0 || Prevails(r, winner)))
                {
                    winner = r;
                }
            }

            if (winner >= 0)
            {
                Append(chain, new LimitSlice(from, to, requirementLower[winner], requirementUpper[winner], winner, -1));
                continue;
            }

            for (var i = inherited; i >= 0; i = slices[i].Next)
            {
                var s = slices[i];
                var f = Math.Max(from, s.From);
                var t = Math.Min(to, s.To);
                if (f < t)
                {
                    Append(chain, s with { From = f, To = t, Next = -1 });
                }
            }
        }

        if (chain.Count == 0)
        {
            return -1;
        }

        var head = slices.Count;
        for (var i = 0; i < chain.Count; i++)
        {
            slices.Add(chain[i] with { Next = i + 1 < chain.Count ? head + i + 1 : -1 });
        }

        return head;
    }

    private static void Append(List<LimitSlice> chain, LimitSlice slice)
    {
        if (chain.Count > 0 && chain[^1].Requirement == slice.Requirement && chain[^1].To == slice.From)
        {
            chain[^1] = chain[^1] with { To = slice.To };
        }
        else
        {
            chain.Add(slice);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Nodes.Count} categories, {ParameterCount} parameters, {Requirements.Length} requirements, {Groups} groups");
}

/// <summary>The compiled limits of one market and processing state.</summary>
internal sealed class MarketTable(StandardsIndex index, int[] cells, LimitSlice[] slices)
{
    private readonly int parameters = index.ParameterCount;

    public StandardsIndex Index => index;

    public int SliceCount => slices.Length;

    /// <summary>The governing limit period of a (node, parameter) at a time (UTC ticks); -1 when none.</summary>
    public int Find(int node, int parameter, long ticks)
    {
        for (var i = cells[(node * parameters) + parameter]; i >= 0;)
        {
            ref readonly var s = ref slices[i];
            if (ticks >= s.From && ticks < s.To)
            {
                return i;
            }

            i = s.Next;
        }

        return -1;
    }

    /// <summary>Checks one value, already in the parameter's canonical unit.</summary>
    public Verdict Check(int node, int parameter, long ticks, double value, out int requirement)
    {
        for (var i = cells[(node * parameters) + parameter]; i >= 0;)
        {
            ref readonly var s = ref slices[i];
            if (ticks >= s.From && ticks < s.To)
            {
                requirement = s.Requirement;
                return value >= s.Lower && value <= s.Upper ? Verdict.Conforming : Verdict.Nonconforming;
            }

            i = s.Next;
        }

        requirement = -1;
        return Verdict.NoLimit;
    }

    public ref readonly LimitSlice Slice(int i) => ref slices[i];
}
