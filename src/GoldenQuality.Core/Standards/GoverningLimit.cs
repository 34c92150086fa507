using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Standards.Contracts;

namespace GoldenQuality.Standards;

/// <summary>
/// The rule that explains a resolution: which requirement governs a (category, parameter) in a market's table on a
/// date, and, for every requirement attached along the category's path, why it does or does not govern. Limits are
/// converted to the unit asked for (the requirement's own when none is).
/// </summary>
internal sealed class GoverningLimit
{
    private readonly StandardsIndex index;
    private readonly string product;
    private readonly int node;
    private readonly int parameter;
    private readonly string province;
    private readonly string state;
    private readonly DateOnly on;
    private readonly long ticks;
    private readonly string? unit;
    private readonly int governing;
    private readonly int governingDepth;

    public GoverningLimit(StandardsIndex index, string product, string parameter, string province, string state, DateOnly on, string? unit)
    {
        this.index = index;
        this.product = product;
        node = index.Nodes[product];
        this.parameter = index.Parameters[parameter];
        this.province = province;
        this.state = state;
        this.on = on;
        this.unit = unit is { Length: > 0 } ? unit : null;
        ticks = StandardsIndex.Ticks(on);
        var table = index.Table(province, state);
        var slice = table.Find(node, this.parameter, ticks);
        governing = slice >= 0 ? table.Slice(slice).Requirement : -1;
        Governing = governing >= 0 ? index.Requirements[governing] : null;
        governingDepth = Governing is null ? -1 : index.Depth[index.Nodes[Governing.Category]];
    }

    /// <summary>The requirement in force, or null when none governs.</summary>
    public RequirementRow? Governing { get; }

    /// <summary>The governing limit in the unit asked for; null when none governs.</summary>
    public LimitView? Limit() => Governing is not { } g ? null : new LimitView(g.Id, g.Standard, g.Clause, g.Category, WireNames.Of(g.Kind),
        Convert(g.Lower, g), Convert(g.Upper, g), To(g), g.Method, g.Jurisdiction, g.Category != product);

    /// <summary>Every requirement attached along the path from the category to the root, most specific first, with the reason it does or does not govern.</summary>
    public List<CandidateView> Candidates()
    {
        var candidates = new List<CandidateView>();
        foreach (var n in index.Path(node))
        {
            foreach (var r in index.AttachedTo(n, parameter))
            {
                var row = index.Requirements[r];
                candidates.Add(new CandidateView(row.Standard, row.Clause, row.Category, WireNames.Of(row.Kind), Convert(row.Lower, row), Convert(row.Upper, row), To(row),
                    row.Jurisdiction, row.State.Length == 0 ? null : row.State, row.ValidFrom, row.ValidTo, r == governing, Reason(n, r)));
            }
        }

        return candidates;
    }

    /// <summary>Why the requirement <paramref name="r"/>, attached at category node <paramref name="n"/>, does or does not govern.</summary>
    public string Reason(int n, int r)
    {
        var row = index.Requirements[r];
        if (r == governing)
        {
            return n == node ? "governs: the most specific requirement in force" : $"governs: set on the broader category '{row.Category}', which '{product}' belongs to, and not overridden below";
        }

        if (row.StandardKind == StandardKind.Enterprise)
        {
            return "an enterprise standard is the enterprise's own specification, never a regulatory limit";
        }

        if (row.Jurisdiction != "national" && row.Jurisdiction != province)
        {
            return $"a local standard of province {row.Jurisdiction}: it governs only that province's domestic market";
        }

        if (row.State.Length > 0 && row.State != state)
        {
            return $"applies only to the processing state '{row.State}'";
        }

        if (StandardsIndex.Ticks(row.ValidFrom) > ticks || (row.ValidTo is { } end && StandardsIndex.Ticks(end) <= ticks))
        {
            return string.Create(CultureInfo.InvariantCulture, $"not in force on {on:yyyy-MM-dd}");
        }

        if (index.Depth[n] < governingDepth)
        {
            return $"overridden by the more specific category '{Governing!.Category}'";
        }

        return Governing is null ? "not applicable" : $"prevailed over at the same category by {Governing.Standard} {Governing.Clause} (docs/standards.md, conflict rules)";
    }

    private string To(RequirementRow r) => unit ?? r.Unit;

    private double? Convert(double? value, RequirementRow r) =>
        value is { } x && Units.Conversion(r.Unit, To(r)) is { } c ? Math.Round(c.ToCanonical(x), 12) : null;
}
