using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Persistence;
using GoldenQuality.Standards.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Standards;

/// <summary>The rule the clearance flow uses to judge lab results against the standards in force.</summary>
internal static class StandardsLimits
{
    /// <summary>The category whose HS codes have the longest prefix of <paramref name="hs"/>; null when none lists it.</summary>
    public static async Task<string?> CategoryForHsAsync(GqDbContext db, string hs, CancellationToken ct)
    {
        var chapter = hs.Length >= 2 ? hs[..2] : hs;
        var candidates = await db.Set<ProductCategory>().AsNoTracking().Where(c => c.HsCodes.Contains(chapter)).Select(c => new { c.Code, c.HsCodes }).ToListAsync(ct);
        return candidates
            .SelectMany(c => c.HsCodes.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(p => hs.StartsWith(p, StringComparison.Ordinal)).Select(p => (c.Code, p.Length)))
            .OrderByDescending(x => x.Length)
            .ThenBy(x => x.Code, StringComparer.Ordinal)
            .Select(x => x.Code)
            .FirstOrDefault();
    }

    /// <summary>Judges a value against the governing requirement for the category, parameter, market, date and processing state.</summary>
    public static LimitCheck Check(StandardsIndex index, string category, string parameter, string market, DateOnly on, string state, double value, string unit)
    {
        if (!index.Nodes.TryGetValue(category, out var node))
        {
            return new LimitCheck(new Message("quality.category.unknown", category), "", "", "", false);
        }

        if (!index.Parameters.TryGetValue(parameter, out var param))
        {
            return new LimitCheck(new Message("quality.parameter.unknown", parameter), "", "", "", false);
        }

        var canonical = index.ParameterRows[param].Unit;
        if (Units.Conversion(unit, canonical) is not { } conversion)
        {
            return new LimitCheck(new Message("quality.unit.not-of-quantity", unit, index.ParameterRows[param].Quantity, parameter, canonical), "", "", "", false);
        }

        var table = index.Table(StandardsIndex.ProvinceOfMarket(market) ?? "", state);
        var verdict = table.Check(node, param, StandardsIndex.Ticks(on), conversion.ToCanonical(value), out var requirement);
        if (verdict == Verdict.NoLimit)
        {
            return new LimitCheck(new Message("standards.no-requirement", parameter, category, market, on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "", "", "", false);
        }

        var row = index.Requirements[requirement];
        var limit = row.Kind switch
        {
            LimitKind.Max => string.Create(CultureInfo.InvariantCulture, $"max {row.Upper} {row.Unit}"),
            LimitKind.Min => string.Create(CultureInfo.InvariantCulture, $"min {row.Lower} {row.Unit}"),
            LimitKind.Range => string.Create(CultureInfo.InvariantCulture, $"{row.Lower}-{row.Upper} {row.Unit}"),
            _ => $"{WireNames.Of(row.Kind)} ({row.Unit})",
        };
        return new LimitCheck(null, limit, row.Standard, row.Clause, verdict == Verdict.Conforming);
    }
}

/// <summary>The Standards module's implementation of <see cref="IStandardsLimits"/>, on the compiled index and the category table.</summary>
internal sealed class StandardsLimitsReader(GqDbContext db, IStandardsCatalogue catalogue) : IStandardsLimits
{
    public Task<string?> CategoryForHsAsync(string hs, CancellationToken ct) => StandardsLimits.CategoryForHsAsync(db, hs, ct);

    public async Task<LimitCheck> CheckAsync(string category, string parameter, string market, DateOnly on, string state, double value, string unit, CancellationToken ct) =>
        StandardsLimits.Check(await catalogue.IndexAsync(ct), category, parameter, market, on, state, value, unit);
}
