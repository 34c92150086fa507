using System.Collections.Frozen;
using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Codes;

/// <summary>What became of one code or one document field.</summary>
public enum Outcome
{
    Translated,
    Unchanged,
    Unmappable,
}

internal sealed record EntryInfo(string Code, string Description, DateOnly? ValidFrom, DateOnly? ValidTo);

internal sealed record VersionInfo(CodeRef Ref, string Domain, DateOnly ValidFrom, DateOnly? ValidTo, ListStatus Status, string Source, FrozenDictionary<string, EntryInfo> Codes)
{
    public bool InForce(DateOnly on) => on >= ValidFrom && (ValidTo is not { } to || on <= to);

    public string Window => Dates.Window(ValidFrom, ValidTo);

    /// <summary>Null when <paramref name="code"/> is a code of this version in force on the date; otherwise why not.</summary>
    public Message? CheckCode(string code, DateOnly on)
    {
        if (!Codes.TryGetValue(code, out var entry))
        {
            return new Message("code.not-in-list", code, Ref.ToString(), CodeMessages.ListName(Ref.System));
        }

        if (!InForce(on))
        {
            return new Message("code.version-window", Ref.ToString(), CodeMessages.Window(ValidFrom, ValidTo), CodeMessages.Day(on));
        }

        if ((entry.ValidFrom is { } from && on < from) || (entry.ValidTo is { } to && on > to))
        {
            return new Message("code.entry-window", code, Ref.ToString(), CodeMessages.Window(entry.ValidFrom ?? ValidFrom, entry.ValidTo ?? ValidTo), CodeMessages.Day(on));
        }

        return null;
    }
}

/// <summary>The parts of code messages that are themselves words: the names of the lists and validity windows.</summary>
internal static class CodeMessages
{
    /// <summary>The list's name in the reader's language, or its id where it has none.</summary>
    public static Message ListName(string system) => Message.Exists("list." + system) ? new Message("list." + system) : new Message("text", system);

    public static Message Window(DateOnly from, DateOnly? to) =>
        to is { } t ? new Message("window.from-to", Day(from), Day(t)) : new Message("window.from", Day(from));

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

internal sealed record MappingInfo(
    Guid Id, string FromCode, string ToCode, MappingCardinality Cardinality, string? Condition,
    DateOnly ValidFrom, DateOnly? ValidTo, string Provenance, MappingOrigin Origin)
{
    public bool InForce(DateOnly on) => on >= ValidFrom && (ValidTo is not { } to || on <= to);

    public bool Overlaps(MappingInfo other) =>
        (ValidTo is not { } to || other.ValidFrom <= to) && (other.ValidTo is not { } otherTo || ValidFrom <= otherTo);
}

/// <summary>The result of translating one code; <see cref="Candidates"/> lists what could apply when it is unmappable.</summary>
internal readonly record struct Translation(Outcome Outcome, string? Target, string? Reason, MappingInfo[] Candidates)
{
    public static Translation Unmappable(string reason, MappingInfo[]? candidates = null) => new(Outcome.Unmappable, null, reason, candidates ?? []);
}

/// <summary>The mapping rows from one system version to another, indexed by source code.</summary>
internal sealed class MappingTable(CodeRef from, CodeRef to, FrozenDictionary<string, MappingInfo[]> bySource)
{
    public CodeRef From { get; } = from;

    public CodeRef To { get; } = to;

    public FrozenDictionary<string, MappingInfo[]> BySource { get; } = bySource;

    /// <summary>
    /// Translates a code already known to be valid. Never guesses: several targets without a deciding condition
    /// make the code unmappable, with the rows that could apply as candidates.
    /// </summary>
    public Translation Translate(string code, DateOnly on, IReadOnlyDictionary<string, string>? conditions = null)
    {
        if (!BySource.TryGetValue(code, out var rows))
        {
            return Translation.Unmappable($"no mapping from {From} '{code}' to {To}");
        }

        // The common case, one row in force and no condition: no allocation.
        if (rows.Length == 1)
        {
            var only = rows[0];
            if (!only.InForce(on))
            {
                return Translation.Unmappable($"the mapping from {From} '{code}' to {To} is valid {Dates.Window(only.ValidFrom, only.ValidTo)}, not on {on:yyyy-MM-dd}", rows);
            }

            if (only.Condition is null || Matches(only.Condition, conditions))
            {
                return new Translation(Outcome.Translated, only.ToCode, null, []);
            }

            return Translation.Unmappable($"{From} '{code}' maps to {To} '{only.ToCode}' only when {only.Condition}", rows);
        }

        return TranslateAmong(code, rows, on, conditions);
    }

    // Apart from Translate so that the lambdas' closure is not allocated on the one-row path.
    private Translation TranslateAmong(string code, MappingInfo[] rows, DateOnly on, IReadOnlyDictionary<string, string>? conditions)
    {
        MappingInfo? chosen = null;
        var matched = 0;
        string? unconditional = null;
        var unconditionalTargets = 0;
        var inForce = 0;
        foreach (var row in rows)
        {
            if (!row.InForce(on))
            {
                continue;
            }

            inForce++;
            if (row.Condition is null)
            {
                if (!string.Equals(unconditional, row.ToCode, StringComparison.Ordinal))
                {
                    unconditionalTargets++;
                    unconditional = row.ToCode;
                }
            }
            else if (Matches(row.Condition, conditions))
            {
                matched++;
                chosen = row;
            }
        }

        if (inForce == 0)
        {
            return Translation.Unmappable($"no mapping from {From} '{code}' to {To} is valid on {on:yyyy-MM-dd}", rows);
        }

        if (matched == 1)
        {
            return new Translation(Outcome.Translated, chosen!.ToCode, null, []);
        }

        var live = rows.Where(r => r.InForce(on)).ToArray();
        if (matched > 1)
        {
            return Translation.Unmappable($"{From} '{code}': the conditions given match {matched} targets in {To}", live);
        }

        if (unconditionalTargets == 1 && live.All(r => r.Condition is null))
        {
            return new Translation(Outcome.Translated, unconditional, null, []);
        }

        var needed = live.Where(r => r.Condition is not null).Select(r => r.Condition!).Distinct(StringComparer.Ordinal).ToArray();
        return Translation.Unmappable(
            needed.Length > 0
                ? $"{From} '{code}' splits into {live.Select(r => r.ToCode).Distinct(StringComparer.Ordinal).Count()} codes of {To}; say which applies with one of the conditions: {string.Join(", ", needed)}"
                : $"{From} '{code}' has {unconditionalTargets} targets in {To} and no condition to choose between them",
            live);
    }

    /// <summary>A condition is <c>key=value</c>; it holds when the caller gave that key with that value (case-insensitive).</summary>
    public static bool Matches(string condition, IReadOnlyDictionary<string, string>? given)
    {
        if (given is null || given.Count == 0)
        {
            return false;
        }

        var eq = condition.IndexOf('=', StringComparison.Ordinal);
        var key = condition[..eq];
        var value = condition[(eq + 1)..];
        return given.TryGetValue(key, out var v) && string.Equals(v.Trim(), value, StringComparison.OrdinalIgnoreCase);
    }
}

internal sealed record SystemInfo(string Id, string Name, string Domain, string Authority, VersionInfo[] Versions);

/// <summary>An immutable picture of the code tables at one revision, with frozen lookups built once.</summary>
internal sealed class CodeSnapshot
{
    public required long Revision { get; init; }

    public required FrozenDictionary<string, SystemInfo> Systems { get; init; }

    public required FrozenDictionary<CodeRef, VersionInfo> Versions { get; init; }

    public required FrozenDictionary<(CodeRef From, CodeRef To), MappingTable> Tables { get; init; }

    /// <summary>Why a reference is unusable (unknown system, unknown version), in English, or null.</summary>
    public string? CheckRef(CodeRef reference) => RefProblem(reference)?.Render(CultureInfo.InvariantCulture);

    /// <summary>Why a reference is unusable (unknown system, unknown version), or null.</summary>
    public Message? RefProblem(CodeRef reference)
    {
        if (!Systems.TryGetValue(reference.System, out var system))
        {
            return new Message("codes.unknown-system", reference.System, string.Join(", ", Systems.Keys.Order(StringComparer.Ordinal)));
        }

        if (!Versions.ContainsKey(reference))
        {
            return new Message("codes.unknown-version", reference.Version, reference.System, string.Join(", ", system.Versions.Select(v => v.Ref.Version)));
        }

        return null;
    }

    /// <summary>The version of a system in force on a date (the latest one if several are).</summary>
    public VersionInfo? InForce(string system, DateOnly on) =>
        Systems.TryGetValue(system, out var s) ? s.Versions.Where(v => v.InForce(on)).MaxBy(v => v.ValidFrom) : null;

    /// <summary>
    /// Translates one code with all the checks: the source code must exist and be in force on the date, and a
    /// mapping must lead to exactly one target. The same system and version on both sides is a no-op.
    /// </summary>
    public Translation Translate(CodeRef from, CodeRef to, string code, DateOnly on, IReadOnlyDictionary<string, string>? conditions)
    {
        var source = Versions[from];
        if (source.CheckCode(code, on) is { } problem)
        {
            return Translation.Unmappable(problem.ToString());
        }

        if (from == to)
        {
            return new Translation(Outcome.Unchanged, code, null, []);
        }

        if (!Tables.TryGetValue((from, to), out var table))
        {
            return Translation.Unmappable($"there is no mapping from {from} to {to}; mappings exist to: {string.Join(", ", Tables.Keys.Where(k => k.From == from).Select(k => k.To.ToString()).DefaultIfEmpty("(none)"))}");
        }

        return table.Translate(code, on, conditions);
    }

    public static CodeSnapshot Build(long revision, List<CodeSystem> systems, List<CodeSystemVersion> versions, List<CodeEntry> entries, List<CodeMapping> mappings)
    {
        var domains = systems.ToDictionary(s => s.Id, s => s.Domain, StringComparer.Ordinal);
        var byVersion = entries.GroupBy(e => new CodeRef(e.SystemId, e.Version))
            .ToDictionary(g => g.Key, g => g.ToFrozenDictionary(e => e.Code, e => new EntryInfo(e.Code, e.Description, e.ValidFrom, e.ValidTo), StringComparer.Ordinal));
        var versionInfos = versions.Select(v =>
        {
            var r = new CodeRef(v.SystemId, v.Version);
            return new VersionInfo(r, domains[v.SystemId], v.ValidFrom, v.ValidTo, v.Status, v.Source,
                byVersion.TryGetValue(r, out var codes) ? codes : FrozenDictionary<string, EntryInfo>.Empty);
        }).ToFrozenDictionary(v => v.Ref);
        var systemInfos = systems.ToFrozenDictionary(
            s => s.Id,
            s => new SystemInfo(s.Id, s.Name, s.Domain, s.Authority, [.. versionInfos.Values.Where(v => v.Ref.System == s.Id).OrderBy(v => v.ValidFrom)]),
            StringComparer.Ordinal);
        var tables = mappings
            .GroupBy(m => (From: new CodeRef(m.FromSystem, m.FromVersion), To: new CodeRef(m.ToSystem, m.ToVersion)))
            .ToFrozenDictionary(
                g => g.Key,
                g => new MappingTable(g.Key.From, g.Key.To, g.GroupBy(m => m.FromCode, StringComparer.Ordinal).ToFrozenDictionary(
                    c => c.Key,
                    c => c.OrderBy(m => m.ValidFrom).ThenBy(m => m.ToCode, StringComparer.Ordinal)
                        .Select(m => new MappingInfo(m.Id, m.FromCode, m.ToCode, m.Cardinality, m.Condition, m.ValidFrom, m.ValidTo, m.Provenance, m.Origin)).ToArray(),
                    StringComparer.Ordinal)));
        return new CodeSnapshot { Revision = revision, Systems = systemInfos, Versions = versionInfos, Tables = tables };
    }
}

/// <summary>
/// Serves the current <see cref="CodeSnapshot"/>. Each use reads the revision counter (one indexed row) and
/// rebuilds the snapshot only when another request or another node instance changed the tables.
/// </summary>
internal sealed class CodeCatalog(IOptions<ReferenceDataOptions> node)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile CodeSnapshot? current;
    private Codings? codings;

    public async Task<CodeSnapshot> GetAsync(GqDbContext db, CancellationToken ct)
    {
        var revision = await db.Set<CodesState>().AsNoTracking().Where(s => s.Name == "codes").Select(s => s.Revision).FirstOrDefaultAsync(ct);
        var snapshot = current;
        if (snapshot is not null && snapshot.Revision == revision)
        {
            return snapshot;
        }

        await gate.WaitAsync(ct);
        try
        {
            snapshot = current;
            if (snapshot is not null && snapshot.Revision == revision)
            {
                return snapshot;
            }

            snapshot = CodeSnapshot.Build(
                revision,
                await db.Set<CodeSystem>().AsNoTracking().ToListAsync(ct),
                await db.Set<CodeSystemVersion>().AsNoTracking().ToListAsync(ct),
                await db.Set<CodeEntry>().AsNoTracking().ToListAsync(ct),
                await db.Set<CodeMapping>().AsNoTracking().ToListAsync(ct));
            current = snapshot;
            return snapshot;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The codings (which system each kind of field uses) of <c>data/codes/codings.csv</c>.</summary>
    public Codings Codings => codings ??= Codings.Load(Path.Combine(node.Value.ReferenceData, "codes", "codings.csv"));
}

/// <summary>
/// A coding is the set of code systems one agency writes its documents in, e.g. <c>customs</c> or
/// <c>national</c>: for each field role (commodity, country, unit, ...) the system it uses.
/// The version is the one in force on the document's date.
/// </summary>
internal sealed class Codings(Dictionary<string, Dictionary<string, string>> roles)
{
    public IReadOnlyDictionary<string, Dictionary<string, string>> Roles { get; } = roles;

    public static Codings Load(string file)
    {
        var roles = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (_, v) in CsvData.Read(file, "coding", "role", "system"))
        {
            if (!roles.TryGetValue(v["coding"], out var map))
            {
                roles[v["coding"]] = map = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            map[v["role"]] = v["system"];
        }

        return new Codings(roles);
    }
}

internal static class Dates
{
    public static string Window(DateOnly from, DateOnly? to) =>
        to is { } t
            ? string.Create(CultureInfo.InvariantCulture, $"from {from:yyyy-MM-dd} to {t:yyyy-MM-dd}")
            : string.Create(CultureInfo.InvariantCulture, $"from {from:yyyy-MM-dd}");

    public static bool TryParse(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}

/// <summary>The Codes module's implementation of <see cref="Contracts.ICodeLists"/>, on the cached snapshot.</summary>
internal sealed class CodeListsReader(GqDbContext db, CodeCatalog catalog, PublishedLists published) : Contracts.ICodeLists
{
    public async Task<Contracts.CodeListsSnapshot> CurrentAsync(CancellationToken ct) => new(await catalog.GetAsync(db, ct), published);
}
