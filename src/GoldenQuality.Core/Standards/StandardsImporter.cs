using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Persistence;
using GoldenQuality.Standards.Contracts;
using Microsoft.EntityFrameworkCore;
using nietras.SeparatedValues;

namespace GoldenQuality.Standards;

/// <summary>The four files of a standards catalogue, imported in this order.</summary>
public enum CatalogueFile
{
    Categories,
    Parameters,
    Standards,
    Requirements,
}

/// <summary>What an import did: per file, and every rejected line.</summary>
public sealed record ImportSummary(IReadOnlyList<ImportFileSummary> Files, IReadOnlyList<ImportReject> Rejects);

/// <summary>
/// Imports the catalogue CSV files (Sep). Each row is checked; a bad row is rejected with its line number and
/// reason and the good rows are kept. Rows are keyed by their natural key, so importing the same file again
/// changes nothing. Rows absent from a file are not deleted.
/// </summary>
internal sealed class StandardsImporter(GqDbContext db, TimeProvider clock)
{
    public static readonly IReadOnlyDictionary<CatalogueFile, string[]> Columns = new Dictionary<CatalogueFile, string[]>
    {
        [CatalogueFile.Categories] = ["code", "parent", "name_zh", "name_en", "hs_codes", "ciq_codes"],
        [CatalogueFile.Parameters] = ["code", "name_zh", "name_en", "quantity", "unit"],
        [CatalogueFile.Standards] = ["number", "title", "kind", "issuing_body", "province", "valid_from", "valid_to", "superseded_by"],
        [CatalogueFile.Requirements] = ["standard", "clause", "category", "parameter", "processing_state", "kind", "lower", "upper", "unit", "method", "jurisdiction"],
    };

    public static string FileName(CatalogueFile file) => WireNames.Of(file) + ".csv";

    /// <summary>Imports every catalogue file present in a folder, in dependency order.</summary>
    public async Task<ImportSummary> ImportFolderAsync(string folder, Action<string, int, int>? progress, CancellationToken ct)
    {
        var files = new List<ImportFileSummary>();
        var rejects = new List<ImportReject>();
        foreach (var kind in Enum.GetValues<CatalogueFile>())
        {
            var path = Path.Combine(folder, FileName(kind));
            if (!File.Exists(path))
            {
                continue;
            }

            var total = Math.Max(0, File.ReadLines(path).Count() - 1);
            await using var stream = File.OpenRead(path);
            var (summary, fileRejects) = await ImportAsync(kind, stream, total, (done, all) => progress?.Invoke(FileName(kind), done, all), ct);
            files.Add(summary);
            rejects.AddRange(fileRejects);
        }

        return new ImportSummary(files, rejects);
    }

    /// <summary>Imports one file from a stream; the good rows are saved in one transaction.</summary>
    public async Task<(ImportFileSummary Summary, List<ImportReject> Rejects)> ImportAsync(CatalogueFile kind, Stream stream, int total, Action<int, int>? progress, CancellationToken ct)
    {
        var name = FileName(kind);
        var rejects = new List<ImportReject>();
        var rows = new List<(int Line, Dictionary<string, string> Values)>();
        try
        {
            using var reader = Sep.New(',').Reader(o => o with { Unescape = true, Trim = SepTrim.Outer, DisableColCountCheck = true }).From(stream);
            var header = reader.Header.ColNames;
            var missing = Columns[kind].Where(c => !header.Contains(c)).ToList();
            if (missing.Count > 0)
            {
                rejects.Add(new ImportReject(name, 1, $"missing column(s): {string.Join(", ", missing)}; expected {string.Join(",", Columns[kind])}"));
                return (new ImportFileSummary(name, 0, 0, 0, 0, 1), rejects);
            }

            foreach (var row in reader)
            {
                if (row.ColCount != header.Count)
                {
                    rejects.Add(new ImportReject(name, row.LineNumberFrom, string.Create(CultureInfo.InvariantCulture, $"has {row.ColCount} fields, the header has {header.Count}")));
                    continue;
                }

                var values = new Dictionary<string, string>(header.Count, StringComparer.Ordinal);
                for (var i = 0; i < header.Count; i++)
                {
                    values[header[i]] = row[i].ToString();
                }

                rows.Add((row.LineNumberFrom, values));
            }
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or NotSupportedException)
        {
            rejects.Add(new ImportReject(name, rows.Count > 0 ? rows[^1].Line + 1 : 1, "malformed CSV: " + e.Message));
        }

        var counts = new Counts();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        switch (kind)
        {
            case CatalogueFile.Categories:
                await ImportCategories(name, rows, rejects, counts, total, progress, ct);
                break;
            case CatalogueFile.Parameters:
                await ImportParameters(name, rows, rejects, counts, ct);
                break;
            case CatalogueFile.Standards:
                await ImportStandards(name, rows, rejects, counts, ct);
                break;
            default:
                await ImportRequirements(name, rows, rejects, counts, total, progress, ct);
                break;
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        progress?.Invoke(rows.Count, Math.Max(total, rows.Count));
        return (new ImportFileSummary(name, rows.Count, counts.Inserted, counts.Updated, counts.Unchanged, rejects.Count), rejects);
    }

    private sealed class Counts
    {
        public int Inserted;
        public int Updated;
        public int Unchanged;

        public void Count(bool inserted, bool changed)
        {
            if (inserted)
            {
                Inserted++;
            }
            else if (changed)
            {
                Updated++;
            }
            else
            {
                Unchanged++;
            }
        }
    }

    private async Task ImportCategories(string name, List<(int Line, Dictionary<string, string> V)> rows, List<ImportReject> rejects, Counts counts, int total, Action<int, int>? progress, CancellationToken ct)
    {
        var existing = await db.Set<ProductCategory>().ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, ct);
        var parents = existing.ToDictionary(e => e.Key, e => e.Value.ParentCode, StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var n = 0;
        foreach (var (line, v) in rows)
        {
            if (++n % 1000 == 0)
            {
                progress?.Invoke(n, total);
            }

            var code = v["code"];
            var parent = v["parent"].Length == 0 ? null : v["parent"];
            string? reason = null;
            if (!IsCode(code))
            {
                reason = "code: must be 1-64 characters of letters, digits, '.', '-' or '_'";
            }
            else if (seen.TryGetValue(code, out var first))
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"code: '{code}' repeats line {first}");
            }
            else if (parent is not null && !parents.ContainsKey(parent))
            {
                reason = $"parent: unknown category '{parent}' (a parent must come before its children)";
            }
            else if (parent is not null && Reaches(parents, parent, code))
            {
                reason = $"parent: '{parent}' would make a cycle";
            }
            else if (v["name_zh"].Length == 0 && v["name_en"].Length == 0)
            {
                reason = "name_zh, name_en: one of them is required";
            }

            if (reason is not null)
            {
                rejects.Add(new ImportReject(name, line, reason));
                continue;
            }

            seen[code] = line;
            parents[code] = parent;
            var inserted = !existing.TryGetValue(code, out var category);
            if (inserted)
            {
                category = ProductCategory.Create(code);
                db.Add(category);
            }

            counts.Count(inserted, category!.Assign(parent, v["name_zh"], v["name_en"], v["hs_codes"], v["ciq_codes"]));
        }
    }

    private static bool Reaches(Dictionary<string, string?> parents, string from, string target)
    {
        var steps = 0;
        for (string? c = from; c is not null && steps++ <= parents.Count; c = parents.GetValueOrDefault(c))
        {
            if (c == target)
            {
                return true;
            }
        }

        return false;
    }

    private async Task ImportParameters(string name, List<(int Line, Dictionary<string, string> V)> rows, List<ImportReject> rejects, Counts counts, CancellationToken ct)
    {
        var existing = await db.Set<Parameter>().ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, ct);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, v) in rows)
        {
            var code = v["code"];
            string? reason = null;
            if (!IsCode(code) || !seen.Add(code))
            {
                reason = $"code: '{code}' is not a valid code or repeats";
            }
            else if (!Units.IsQuantity(v["quantity"]))
            {
                reason = $"quantity: '{v["quantity"]}' is not one of {Units.MassFraction}, {Units.Temperature}, {Units.Dimensionless}";
            }
            else if (Units.QuantityOf(v["unit"]) != v["quantity"])
            {
                reason = $"unit: '{v["unit"]}' is not a known unit of {v["quantity"]}";
            }

            if (reason is not null)
            {
                rejects.Add(new ImportReject(name, line, reason));
                continue;
            }

            var inserted = !existing.TryGetValue(code, out var parameter);
            if (inserted)
            {
                parameter = Parameter.Create(code);
                db.Add(parameter);
            }

            counts.Count(inserted, parameter!.Assign(v["name_zh"], v["name_en"], v["quantity"], v["unit"]));
        }
    }

    private async Task ImportStandards(string name, List<(int Line, Dictionary<string, string> V)> rows, List<ImportReject> rejects, Counts counts, CancellationToken ct)
    {
        var existing = await db.Set<Standard>().ToDictionaryAsync(c => c.Number, StringComparer.Ordinal, ct);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, v) in rows)
        {
            var errors = new List<string>();
            var number = v["number"];
            if (number.Length is 0 or > 64 || !seen.Add(number))
            {
                errors.Add("number: is required, at most 64 characters, and must not repeat");
            }

            if (v["title"].Length is 0 or > 512)
            {
                errors.Add("title: is required (at most 512 characters)");
            }

            if (!WireNames.TryParse<StandardKind>(v["kind"], out var kind))
            {
                errors.Add($"kind: '{v["kind"]}' is not one of {string.Join(", ", WireNames.All<StandardKind>())}");
            }

            var province = v["province"].Length == 0 ? null : v["province"];
            if (kind == StandardKind.Provincial && !IsProvince(province))
            {
                errors.Add("province: a provincial standard needs its GB/T 2260 province code (e.g. 330000)");
            }
            else if (kind != StandardKind.Provincial && province is not null)
            {
                errors.Add("province: only a provincial standard has one");
            }

            var from = Date(v["valid_from"], "valid_from", errors);
            var to = v["valid_to"].Length == 0 ? null : Date(v["valid_to"], "valid_to", errors);
            if (from is { } f && to is { } t && t <= f)
            {
                errors.Add("valid_to: must be after valid_from");
            }

            if (errors.Count > 0 || from is null)
            {
                rejects.Add(new ImportReject(name, line, string.Join("; ", errors)));
                continue;
            }

            var inserted = !existing.TryGetValue(number, out var standard);
            if (inserted)
            {
                standard = Standard.Create(Ids.New(clock), number);
                db.Add(standard);
            }

            var superseded = v["superseded_by"].Length == 0 ? null : v["superseded_by"];
            counts.Count(inserted, standard!.Assign(v["title"], kind, v["issuing_body"], province, from.Value, to, superseded));
        }
    }

    private async Task ImportRequirements(string name, List<(int Line, Dictionary<string, string> V)> rows, List<ImportReject> rejects, Counts counts, int total, Action<int, int>? progress, CancellationToken ct)
    {
        var standards = await db.Set<Standard>().AsNoTracking().ToDictionaryAsync(s => s.Number, s => (s.Kind, s.ProvinceCode), StringComparer.Ordinal, ct);
        var categories = (await db.Set<ProductCategory>().AsNoTracking().Select(c => c.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var parameters = await db.Set<Parameter>().AsNoTracking().ToDictionaryAsync(p => p.Code, p => p.Quantity, StringComparer.Ordinal, ct);
        var existing = new Dictionary<RequirementKey, Requirement>();
        foreach (var r in await db.Set<Requirement>().ToListAsync(ct))
        {
            existing[r.Key] = r;
        }

        var seen = new Dictionary<RequirementKey, int>();
        var n = 0;
        foreach (var (line, v) in rows)
        {
            if (++n % 5000 == 0)
            {
                progress?.Invoke(n, total);
            }

            var errors = new List<string>();
            var key = new RequirementKey(v["standard"], v["clause"], v["category"], v["parameter"], v["processing_state"]);
            if (!standards.TryGetValue(key.Standard, out var standard))
            {
                errors.Add($"standard: unknown standard '{key.Standard}'");
            }

            if (key.Clause.Length is 0 or > 64)
            {
                errors.Add("clause: is required (at most 64 characters)");
            }

            if (!categories.Contains(key.Category))
            {
                errors.Add($"category: unknown category '{key.Category}'");
            }

            if (!parameters.TryGetValue(key.Parameter, out var quantity))
            {
                errors.Add($"parameter: unknown parameter '{key.Parameter}'");
            }
            else if (Units.QuantityOf(v["unit"]) != quantity)
            {
                errors.Add($"unit: '{v["unit"]}' is not a known unit of {quantity}");
            }

            if (key.State.Length > 64)
            {
                errors.Add("processing_state: at most 64 characters");
            }

            if (!WireNames.TryParse<LimitKind>(v["kind"], out var kind))
            {
                errors.Add($"kind: '{v["kind"]}' is not one of {string.Join(", ", WireNames.All<LimitKind>())}");
            }

            var lower = Number(v["lower"], "lower", errors);
            var upper = Number(v["upper"], "upper", errors);
            switch (kind)
            {
                case LimitKind.Max when upper is null || lower is not null:
                    errors.Add("upper: a max limit has an upper value and no lower value");
                    break;
                case LimitKind.Min when lower is null || upper is not null:
                    errors.Add("lower: a min limit has a lower value and no upper value");
                    break;
                case LimitKind.Range when lower is null || upper is null || lower > upper:
                    errors.Add("lower, upper: a range needs both, lower not above upper");
                    break;
                case LimitKind.NotDetected when lower is not null:
                    errors.Add("lower: a not-detected limit has no lower value (upper is the limit of detection, when given)");
                    break;
            }

            var jurisdiction = v["jurisdiction"].Length > 0 ? v["jurisdiction"] : standard.Kind == StandardKind.Provincial ? standard.ProvinceCode ?? "" : "national";
            if (standard.Kind == StandardKind.Provincial && jurisdiction != standard.ProvinceCode)
            {
                errors.Add($"jurisdiction: a requirement of a provincial standard governs only its province ({standard.ProvinceCode})");
            }
            else if (standard.Kind != StandardKind.Provincial && jurisdiction != "national" && standards.ContainsKey(key.Standard))
            {
                errors.Add("jurisdiction: only a provincial standard's requirements are limited to one province");
            }

            if (errors.Count == 0 && seen.TryGetValue(key, out var first))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"repeats line {first} (same standard, clause, category, parameter and processing state)"));
            }

            if (errors.Count > 0)
            {
                rejects.Add(new ImportReject(name, line, string.Join("; ", errors)));
                continue;
            }

            seen[key] = line;
            var inserted = !existing.TryGetValue(key, out var requirement);
            if (inserted)
            {
                requirement = Requirement.Create(Ids.New(clock), key);
                db.Add(requirement);
            }

            counts.Count(inserted, requirement!.Assign(kind, lower, upper, v["unit"], v["method"], jurisdiction));
        }
    }

    private static bool IsCode(string code) =>
        code.Length is > 0 and <= 64 && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    internal static bool IsProvince(string? code) => code is { Length: 6 } && code.All(char.IsAsciiDigit) && code.EndsWith("0000", StringComparison.Ordinal);

    private static DateOnly? Date(string text, string field, List<string> errors)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add($"{field}: '{text}' is not a date (yyyy-MM-dd)");
        return null;
    }

    private static double? Number(string text, string field, List<string> errors)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        errors.Add($"{field}: '{text}' is not a finite number");
        return null;
    }
}
