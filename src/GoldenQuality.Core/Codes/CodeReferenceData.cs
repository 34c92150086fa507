using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using GoldenQuality.Common;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Codes;

/// <summary>What a load of the code tables found and changed.</summary>
public sealed record CodesSeedSummary(int Systems, int Versions, int Codes, int Mappings, int Added, int Updated, int Removed);

/// <summary>
/// Loads <c>data/codes/</c> idempotently: systems, versions, their codes (ports come from the Registry's
/// <c>data/registry/ports.csv</c>, not a copy) and the reference mappings. Rows are matched by their keys;
/// mappings added through the API are left alone. A file with an error is refused whole, naming file and line.
/// </summary>
internal sealed class CodeReferenceData(GqDbContext db, TimeProvider clock) : IReferenceDataLoader
{
    async Task<object> IReferenceDataLoader.LoadReferenceDataAsync(string dataDirectory, bool force, CancellationToken ct) =>
        await LoadAsync(dataDirectory, ct, force);

    public async Task<CodesSeedSummary> LoadAsync(string dataDirectory, CancellationToken ct, bool force = false)
    {
        var folder = Path.Combine(dataDirectory, "codes");
        var systemsFile = Path.Combine(folder, "systems.csv");
        var versionsFile = Path.Combine(folder, "versions.csv");
        var mappingsFile = Path.Combine(folder, "mappings.csv");
        var systemRows = CsvData.Read(systemsFile, "id", "name", "domain", "authority", "pattern");
        var versionRows = CsvData.Read(versionsFile, "system", "version", "valid_from", "valid_to", "status", "file", "code_column", "description_column", "source");
        var entryFiles = versionRows.Select(r => Path.Combine(dataDirectory, r.Values["file"])).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var fingerprint = await FingerprintAsync([systemsFile, versionsFile, mappingsFile, Path.Combine(folder, "codings.csv"), .. entryFiles], ct);

        var state = await db.Set<CodesState>().FirstOrDefaultAsync(s => s.Name == "codes", ct);
        if (!force && state?.Fingerprint == fingerprint)
        {
            return new CodesSeedSummary(
                await db.Set<CodeSystem>().CountAsync(ct), await db.Set<CodeSystemVersion>().CountAsync(ct),
                await db.Set<CodeEntry>().CountAsync(ct), await db.Set<CodeMapping>().CountAsync(ct), 0, 0, 0);
        }

        int added = 0, updated = 0, removed = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        var systems = await db.Set<CodeSystem>().ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, ct);
        var patterns = new Dictionary<string, Regex>(StringComparer.Ordinal);
        foreach (var (line, v) in systemRows)
        {
            var id = v["id"];
            if (!Regex.IsMatch(id, "^[a-z0-9-]{2,32}$", RegexOptions.CultureInvariant))
            {
                throw new DataFileException(systemsFile, line, $"id '{id}' must be 2-32 lower-case letters, digits or '-'");
            }

            patterns[id] = new Regex(v["pattern"], RegexOptions.CultureInvariant);
            if (systems.TryGetValue(id, out var s))
            {
                updated += s.Apply(v["name"], v["domain"], v["authority"]) ? 1 : 0;
            }
            else
            {
                db.Add(systems[id] = CodeSystem.Create(id, v["name"], v["domain"], v["authority"]));
                added++;
            }
        }

        var versions = await db.Set<CodeSystemVersion>().ToDictionaryAsync(v => new CodeRef(v.SystemId, v.Version), ct);
        var entries = await db.Set<CodeEntry>().ToDictionaryAsync(e => (new CodeRef(e.SystemId, e.Version), e.Code), ct);
        var wantedEntries = new HashSet<(CodeRef, string)>();
        var fileCache = new Dictionary<string, List<(int Line, Dictionary<string, string> Values)>>(StringComparer.Ordinal);
        foreach (var (line, v) in versionRows)
        {
            if (!systems.ContainsKey(v["system"]))
            {
                throw new DataFileException(versionsFile, line, $"system '{v["system"]}' is not in systems.csv");
            }

            var r = new CodeRef(v["system"], v["version"]);
            var from = Date(versionsFile, line, "valid_from", v["valid_from"]) ?? throw new DataFileException(versionsFile, line, "valid_from is required");
            var to = Date(versionsFile, line, "valid_to", v["valid_to"]);
            if (!WireNames.TryParse<ListStatus>(v["status"], out var status))
            {
                throw new DataFileException(versionsFile, line, $"status '{v["status"]}' is not one of: {string.Join(", ", WireNames.All<ListStatus>())}");
            }

            if (versions.TryGetValue(r, out var existing))
            {
                updated += existing.Apply(from, to, status, v["source"]) ? 1 : 0;
            }
            else
            {
                db.Add(versions[r] = CodeSystemVersion.Create(r.System, r.Version, from, to, status, v["source"]));
                added++;
            }

            var entryFile = Path.Combine(dataDirectory, v["file"]);
            var codeColumn = v["code_column"];
            var descriptionColumn = v["description_column"];
            if (!fileCache.TryGetValue(entryFile, out var rows))
            {
                fileCache[entryFile] = rows = CsvData.Read(entryFile, codeColumn, descriptionColumn);
            }

            var count = 0;
            foreach (var (entryLine, e) in rows)
            {
                if (e.TryGetValue("version", out var ev) && ev != r.Version)
                {
                    continue;
                }

                var code = e[codeColumn];
                if (!patterns[r.System].IsMatch(code))
                {
                    throw new DataFileException(entryFile, entryLine, $"'{code}' does not have the form of a {r.System} code ({patterns[r.System]})");
                }

                if (!wantedEntries.Add((r, code)))
                {
                    throw new DataFileException(entryFile, entryLine, $"'{code}' appears twice in {r}");
                }

                var entryFrom = e.TryGetValue("valid_from", out var ef) ? Date(entryFile, entryLine, "valid_from", ef) : null;
                var entryTo = e.TryGetValue("valid_to", out var et) ? Date(entryFile, entryLine, "valid_to", et) : null;
                if (entries.TryGetValue((r, code), out var entry))
                {
                    updated += entry.Apply(e[descriptionColumn], entryFrom, entryTo) ? 1 : 0;
                }
                else
                {
                    db.Add(entries[(r, code)] = CodeEntry.Create(r.System, r.Version, code, e[descriptionColumn], entryFrom, entryTo));
                    added++;
                }

                count++;
            }

            if (count == 0)
            {
                throw new DataFileException(versionsFile, line, $"{r}: {v["file"]} has no codes for this version");
            }
        }

        // Reference mappings.
        var mappingRows = CsvData.Read(mappingsFile, "from", "from_code", "to", "to_code", "cardinality", "condition", "valid_from", "valid_to", "provenance");
        var mappings = await db.Set<CodeMapping>().Where(m => m.Origin == MappingOrigin.Reference).ToListAsync(ct);
        var byKey = mappings.ToDictionary(m => m.ReferenceKey, StringComparer.Ordinal);
        var wantedMappings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, v) in mappingRows)
        {
            var from = Ref(mappingsFile, line, "from", v["from"], versions);
            var to = Ref(mappingsFile, line, "to", v["to"], versions);
            foreach (var (r, column) in new[] { (from, "from_code"), (to, "to_code") })
            {
                if (!wantedEntries.Contains((r, v[column])))
                {
                    throw new DataFileException(mappingsFile, line, $"{column} '{v[column]}' is not a code of {r}");
                }
            }

            if (!WireNames.TryParse<MappingCardinality>(v["cardinality"], out var cardinality))
            {
                throw new DataFileException(mappingsFile, line, $"cardinality '{v["cardinality"]}' is not one of: {string.Join(", ", WireNames.All<MappingCardinality>())}");
            }

            var condition = string.IsNullOrWhiteSpace(v["condition"]) ? null : v["condition"].Trim();
            if (CheckCondition(cardinality, condition) is { } problem)
            {
                throw new DataFileException(mappingsFile, line, problem);
            }

            var validFrom = Date(mappingsFile, line, "valid_from", v["valid_from"]) ?? throw new DataFileException(mappingsFile, line, "valid_from is required");
            var validTo = Date(mappingsFile, line, "valid_to", v["valid_to"]);
            var mapping = CodeMapping.Create(Guid.Empty, from, v["from_code"], to, v["to_code"], cardinality, condition, validFrom, validTo, v["provenance"], MappingOrigin.Reference, clock.GetUtcNow(), "reference-data");
            if (!wantedMappings.Add(mapping.ReferenceKey))
            {
                throw new DataFileException(mappingsFile, line, "the same mapping (codes, condition and start date) appears twice");
            }

            if (byKey.TryGetValue(mapping.ReferenceKey, out var existing))
            {
                updated += existing.Apply(cardinality, validTo, v["provenance"]) ? 1 : 0;
            }
            else
            {
                db.Add(CodeMapping.Create(Ids.New(clock), from, v["from_code"], to, v["to_code"], cardinality, condition, validFrom, validTo, v["provenance"], MappingOrigin.Reference, clock.GetUtcNow(), "reference-data"));
                added++;
            }
        }

        foreach (var stale in mappings.Where(m => !wantedMappings.Contains(m.ReferenceKey)))
        {
            db.Remove(stale);
            removed++;
        }

        foreach (var stale in entries.Where(e => !wantedEntries.Contains(e.Key)))
        {
            db.Remove(stale.Value);
            removed++;
        }

        if (state is null)
        {
            db.Add(state = CodesState.Create());
        }

        if (added + updated + removed > 0)
        {
            state.Bump();
        }

        state.Loaded(fingerprint, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new CodesSeedSummary(systemRows.Count, versionRows.Count, wantedEntries.Count, mappingRows.Count, added, updated, removed);
    }

    /// <summary>Why a mapping's cardinality and condition do not fit together, or null.</summary>
    internal static string? CheckCondition(MappingCardinality cardinality, string? condition) =>
        ConditionProblem(cardinality, condition)?.Render(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Why a mapping's condition is unusable, or null.</summary>
    internal static Message? ConditionProblem(MappingCardinality cardinality, string? condition)
    {
        if (cardinality == MappingCardinality.OneToMany && condition is null)
        {
            return new Message("codes.condition-needed");
        }

        if (condition is not null && !Regex.IsMatch(condition, "^[a-z0-9-]+=[^=]+$", RegexOptions.CultureInvariant))
        {
            return new Message("codes.condition-key", condition);
        }

        return null;
    }

    private static CodeRef Ref(string file, int line, string column, string text, Dictionary<CodeRef, CodeSystemVersion> versions) =>
        CodeRef.TryParse(text, out var r) && versions.ContainsKey(r)
            ? r
            : throw new DataFileException(file, line, $"{column} '{text}' is not a system:version listed in versions.csv");

    private static DateOnly? Date(string file, int line, string column, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Dates.TryParse(text, out var d) ? d : throw new DataFileException(file, line, $"{column} '{text}' is not a yyyy-MM-dd date");
    }

    private static async Task<string> FingerprintAsync(IEnumerable<string> files, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in files)
        {
            if (!File.Exists(path))
            {
                throw new DataFileException(path, 0, "file not found");
            }

            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(path) + "\n"));
            hash.AppendData(await File.ReadAllBytesAsync(path, ct));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
