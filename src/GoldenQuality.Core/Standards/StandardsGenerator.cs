using System.Globalization;
using GoldenQuality.Standards.Contracts;
using nietras.SeparatedValues;

namespace GoldenQuality.Standards;

/// <summary>
/// A deterministic synthetic catalogue for scale tests (<c>gq standards generate</c>): the same seed gives the same
/// files. Products form a tree of up to five levels; requirements sit mostly on deep nodes, some on broad
/// categories (inherited below), a few in provincial standards, some with processing states, validity periods
/// and supersession, and limits in several units so that conversion is exercised.
/// </summary>
internal static class StandardsGenerator
{
    public const int Parameters = 250;

    private static readonly string[] Provinces = ["330000", "320000", "440000", "370000", "510000"];
    private static readonly string[] States = ["fresh", "dried", "frozen"];

    public sealed record Catalogue(
        List<string[]> Categories,
        List<string[]> ParameterRows,
        List<string[]> Standards,
        List<string[]> Requirements);

    public static Catalogue Generate(int products, int requirements, int seed)
    {
        var random = new Random(seed);
        var inv = CultureInfo.InvariantCulture;
        var categories = new List<string[]>(products);
        var depth = new List<int>(products);
        var childCount = new List<int>(products);
        var roots = Math.Min(products, 20);
        for (var i = 0; i < products; i++)
        {
            if (i < roots)
            {
                categories.Add([(i + 1).ToString("D2", inv), "", "合成类别" + i.ToString(inv), "Synthetic category " + i.ToString(inv), (1001 + i).ToString(inv), ""]);
                depth.Add(0);
                childCount.Add(0);
                continue;
            }

            int parent;
            do
            {
                parent = random.Next(i);
            }
            while (depth[parent] >= 4);
            childCount[parent]++;
            var code = categories[parent][0] + "." + childCount[parent].ToString("D3", inv);
            categories.Add([code, categories[parent][0], "合成产品" + i.ToString(inv), "Synthetic product " + i.ToString(inv), "", "CIQ" + i.ToString("D6", inv)]);
            depth.Add(depth[parent] + 1);
            childCount.Add(0);
        }

        var parameters = new List<string[]>(Parameters);
        for (var p = 0; p < Parameters; p++)
        {
            var (quantity, unit) = (p % 25) switch
            {
                0 => (Units.Temperature, "Cel"),
                1 => (Units.Dimensionless, "1"),
                2 or 3 or 4 => (Units.MassFraction, "ug/kg"),
                5 => (Units.MassFraction, "%"),
                _ => (Units.MassFraction, "mg/kg"),
            };
            parameters.Add(["p" + p.ToString("D3", inv), "参数" + p.ToString(inv), "Parameter " + p.ToString(inv), quantity, unit]);
        }

        var standardCount = Math.Max(1, requirements / 50);
        var standards = new List<string[]>(standardCount);
        var standardJurisdiction = new string[standardCount];
        var standardKind = new string[standardCount];
        for (var s = 0; s < standardCount; s++)
        {
            var roll = random.Next(100);
            var kind = roll < 70 ? "national" : roll < 90 ? "industry" : roll < 97 ? "provincial" : "enterprise";
            var province = kind == "provincial" ? Provinces[random.Next(Provinces.Length)] : "";
            var year = 2005 + random.Next(18);
            var prefix = kind switch { "national" => "GB", "industry" => "NY/T", "provincial" => "DB" + province[..2], _ => "Q/SYN" };
            var number = string.Create(inv, $"{prefix} {90000 + s}-{year}");
            var from = new DateOnly(year, 1 + random.Next(12), 1);
            // One standard in ten has been replaced by the next one of the same kind.
            var superseded = random.Next(10) == 0 && s + 1 < standardCount;
            var to = superseded ? from.AddYears(2 + random.Next(5)) : (DateOnly?)null;
            standards.Add([number, "合成标准 " + number, kind, kind == "provincial" ? "BQS " + province : "Synthetic issuer", province,
                from.ToString("yyyy-MM-dd", inv), to?.ToString("yyyy-MM-dd", inv) ?? "", superseded ? "(next)" : ""]);
            standardJurisdiction[s] = kind == "provincial" ? province : "national";
            standardKind[s] = kind;
        }

        for (var s = 0; s < standardCount; s++)
        {
            if (standards[s][7] == "(next)")
            {
                standards[s][7] = standards[s + 1][0];
            }
        }

        var rows = new List<string[]>(requirements);
        var kinds = new[] { "max", "max", "max", "max", "max", "max", "max", "min", "range", "not-detected" };
        for (var r = 0; r < requirements; r++)
        {
            var s = random.Next(standardCount);
            // Three in four requirements sit on a product (deep node), one in four on a broader category.
            var node = random.Next(4) == 0 ? random.Next(Math.Min(products, roots * 10)) : random.Next(products);
            var p = random.Next(Parameters);
            var canonical = parameters[p][4];
            var kind = kinds[random.Next(kinds.Length)];
            var limit = Math.Round(0.05 + (random.NextDouble() * 100), 3);
            var unit = canonical;
            if (canonical == "mg/kg" && random.Next(4) == 0)
            {
                unit = "ug/kg";
                limit *= 1000;
            }

            string lower = "", upper = "";
            switch (kind)
            {
                case "max":
                    upper = limit.ToString("R", inv);
                    break;
                case "min":
                    lower = limit.ToString("R", inv);
                    break;
                case "range":
                    lower = limit.ToString("R", inv);
                    upper = Math.Round(limit * 2, 3).ToString("R", inv);
                    break;
                default:
                    upper = random.Next(2) == 0 ? Math.Round(limit / 100, 4).ToString("R", inv) : "";
                    break;
            }

            var state = random.Next(20) == 0 ? States[random.Next(States.Length)] : "";
            rows.Add([standards[s][0], "T" + r.ToString(inv), categories[node][0], parameters[p][0], state, kind, lower, upper, unit,
                "GB 5009." + (1 + random.Next(300)).ToString(inv), standardJurisdiction[s]]);
        }

        return new Catalogue(categories, parameters, standards, rows);
    }

    /// <summary>Writes the catalogue as the four import files.</summary>
    public static void Write(Catalogue catalogue, string folder)
    {
        Directory.CreateDirectory(folder);
        Write(Path.Combine(folder, StandardsImporter.FileName(CatalogueFile.Categories)), StandardsImporter.Columns[CatalogueFile.Categories], catalogue.Categories);
        Write(Path.Combine(folder, StandardsImporter.FileName(CatalogueFile.Parameters)), StandardsImporter.Columns[CatalogueFile.Parameters], catalogue.ParameterRows);
        Write(Path.Combine(folder, StandardsImporter.FileName(CatalogueFile.Standards)), StandardsImporter.Columns[CatalogueFile.Standards], catalogue.Standards);
        Write(Path.Combine(folder, StandardsImporter.FileName(CatalogueFile.Requirements)), StandardsImporter.Columns[CatalogueFile.Requirements], catalogue.Requirements);
    }

    private static void Write(string path, string[] columns, List<string[]> rows)
    {
        using var writer = Sep.New(',').Writer(o => o with { Escape = true }).ToFile(path);
        foreach (var values in rows)
        {
            using var row = writer.NewRow();
            for (var i = 0; i < columns.Length; i++)
            {
                row[columns[i]].Set(values[i]);
            }
        }
    }

    /// <summary>The catalogue as the engine compiles it, without a database (benchmarks and unit tests).</summary>
    public static CatalogueSnapshot Snapshot(Catalogue c)
    {
        var inv = CultureInfo.InvariantCulture;
        var standards = c.Standards.ToDictionary(s => s[0], StringComparer.Ordinal);
        var requirements = new List<RequirementRow>(c.Requirements.Count);
        var id = 0;
        foreach (var r in c.Requirements)
        {
            var s = standards[r[0]];
            requirements.Add(new RequirementRow(
                new Guid(id++, 0, 0, new byte[8]), s[0], Enum.Parse<StandardKind>(s[2], ignoreCase: true), r[1], r[2], r[3], r[4],
                r[5] == "not-detected" ? LimitKind.NotDetected : Enum.Parse<LimitKind>(r[5], ignoreCase: true),
                r[6].Length == 0 ? null : double.Parse(r[6], inv), r[7].Length == 0 ? null : double.Parse(r[7], inv), r[8], r[9], r[10],
                DateOnly.ParseExact(s[5], "yyyy-MM-dd", inv), s[6].Length == 0 ? null : DateOnly.ParseExact(s[6], "yyyy-MM-dd", inv)));
        }

        return new CatalogueSnapshot(
            [.. c.Categories.Select(x => new CategoryRow(x[0], x[1].Length == 0 ? null : x[1], x[3]))],
            [.. c.ParameterRows.Select(x => new ParameterRow(x[0], x[3], x[4]))],
            requirements);
    }
}
