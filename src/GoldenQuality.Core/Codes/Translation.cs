using GoldenQuality.Common;

namespace GoldenQuality.Codes;

/// <summary>A mapping row that could apply to a code, shown when the code is unmappable so a person can choose.</summary>
public sealed record CandidateView(string Code, string? Description, string Cardinality, string? Condition, string ValidFrom, string? ValidTo, string Provenance);

/// <summary>The outcome of one field of a translated document.</summary>
public sealed record FieldOutcome(
    string Field, string Outcome, string? Role, string? From, string? To, string? FromSystem, string? ToSystem, string? Reason, CandidateView[]? Candidates);

/// <summary>A translated document with the outcome of every field.</summary>
internal sealed record DocumentTranslation(CanonicalRecord Result, List<FieldOutcome> Fields)
{
    public int Count(Outcome outcome) => Fields.Count(f => f.Outcome == WireNames.Of(outcome));
}

/// <summary>
/// Translates every coded field of a canonical record from one coding to another. Each field is reported as
/// translated, unchanged (not a code, or the same system on both sides) or unmappable, with the reason and candidates.
/// </summary>
internal static class DocumentTranslator
{
    public static CandidateView[] Candidates(CodeSnapshot snapshot, CodeRef to, MappingInfo[] rows) =>
        [.. rows.Select(r => new CandidateView(
            r.ToCode,
            snapshot.Versions.TryGetValue(to, out var v) && v.Codes.TryGetValue(r.ToCode, out var e) ? e.Description : null,
            WireNames.Of(r.Cardinality),
            r.Condition,
            r.ValidFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            r.ValidTo?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            r.Provenance))];

    public static DocumentTranslation Translate(
        CodeSnapshot snapshot, Codings codings, RecordKind kind, string fromCoding, string toCoding, DateOnly on,
        CanonicalRecord document, IReadOnlyDictionary<string, Dictionary<string, string>>? conditions)
    {
        var fromRoles = codings.Roles[fromCoding];
        var toRoles = codings.Roles[toCoding];
        var global = conditions?.GetValueOrDefault("*");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var outcomes = new List<FieldOutcome>();
        foreach (var (path, value) in document.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            result[path] = value;
            var spec = RecordShapes.Find(kind, path);
            if (spec is not { Type: FieldType.Code, Role: { } role })
            {
                outcomes.Add(new FieldOutcome(path, "unchanged", null, value, value, null, null, "not a coded field", null));
                continue;
            }

            var hasFrom = fromRoles.TryGetValue(role, out var fromSystem);
            var hasTo = toRoles.TryGetValue(role, out var toSystem);
            if (!hasFrom && !hasTo)
            {
                outcomes.Add(new FieldOutcome(path, "unchanged", role, value, value, null, null, $"neither coding codes {role}", null));
                continue;
            }

            if (!hasFrom || !hasTo)
            {
                outcomes.Add(new FieldOutcome(path, "unmappable", role, value, null, fromSystem, toSystem,
                    $"the {(hasFrom ? toCoding : fromCoding)} coding has no code system for {role}", null));
                continue;
            }

            var source = snapshot.InForce(fromSystem!, on);
            var target = snapshot.InForce(toSystem!, on);
            if (source is null || target is null)
            {
                var which = source is null ? fromSystem : toSystem;
                outcomes.Add(new FieldOutcome(path, "unmappable", role, value, null, fromSystem, toSystem,
                    $"no version of {which} is in force on {on:yyyy-MM-dd} (versions: {string.Join(", ", snapshot.Systems[which!].Versions.Select(v => $"{v.Ref.Version} {v.Window}"))})", null));
                continue;
            }

            var fieldConditions = Merge(global, conditions?.GetValueOrDefault(path));
            var t = snapshot.Translate(source.Ref, target.Ref, value, on, fieldConditions);
            if (t.Outcome == Outcome.Unmappable)
            {
                outcomes.Add(new FieldOutcome(path, "unmappable", role, value, null, source.Ref.ToString(), target.Ref.ToString(), t.Reason, Candidates(snapshot, target.Ref, t.Candidates)));
                result.Remove(path);
                continue;
            }

            result[path] = t.Target!;
            outcomes.Add(new FieldOutcome(path, WireNames.Of(t.Outcome), role, value, t.Target, source.Ref.ToString(), target.Ref.ToString(),
                t.Outcome == Outcome.Unchanged ? "same code system in both codings" : null, null));
        }

        return new DocumentTranslation(new CanonicalRecord(kind, result), outcomes);
    }

    private static Dictionary<string, string>? Merge(Dictionary<string, string>? a, Dictionary<string, string>? b)
    {
        if (a is null || b is null)
        {
            return a ?? b;
        }

        var merged = new Dictionary<string, string>(a, StringComparer.Ordinal);
        foreach (var (k, v) in b)
        {
            merged[k] = v;
        }

        return merged;
    }
}

/// <summary>A finding of the consistency report.</summary>
public sealed record ConsistencyIssue(string Kind, string Code, string Detail, string[] Targets);

/// <summary>The consistency of the mappings from one system version to another.</summary>
public sealed record ConsistencyReport(
    string From, string To, int SourceCodes, int MappedCodes,
    ConsistencyIssue[] Unmapped, ConsistencyIssue[] UnreachedTargets, ConsistencyIssue[] Ambiguous,
    ConsistencyIssue[] OverlappingValidity, ConsistencyIssue[] CardinalityMismatches, ConsistencyIssue[] RoundTripLosses, string? RoundTripNote);

internal static class Consistency
{
    public static ConsistencyReport Check(CodeSnapshot snapshot, MappingTable table)
    {
        var source = snapshot.Versions[table.From];
        var target = snapshot.Versions[table.To];
        var unmapped = source.Codes.Keys.Where(c => !table.BySource.ContainsKey(c)).Order(StringComparer.Ordinal)
            .Select(c => new ConsistencyIssue("unmapped", c, $"'{c}' of {table.From} has no mapping to {table.To}", [])).ToArray();
        var reached = table.BySource.Values.SelectMany(r => r).Select(r => r.ToCode).ToHashSet(StringComparer.Ordinal);
        var unreached = target.Codes.Keys.Where(c => !reached.Contains(c)).Order(StringComparer.Ordinal)
            .Select(c => new ConsistencyIssue("unreached-target", c, $"no code of {table.From} maps to '{c}' of {table.To}", [])).ToArray();

        var ambiguous = new List<ConsistencyIssue>();
        var overlapping = new List<ConsistencyIssue>();
        var mismatches = new List<ConsistencyIssue>();
        foreach (var (code, rows) in table.BySource.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            for (var i = 0; i < rows.Length; i++)
            {
                for (var j = i + 1; j < rows.Length; j++)
                {
                    var (a, b) = (rows[i], rows[j]);
                    if (!a.Overlaps(b))
                    {
                        continue;
                    }

                    if (string.Equals(a.ToCode, b.ToCode, StringComparison.Ordinal) && string.Equals(a.Condition, b.Condition, StringComparison.Ordinal))
                    {
                        overlapping.Add(new ConsistencyIssue("overlapping-validity", code,
                            $"two rows map '{code}' to '{a.ToCode}'{(a.Condition is null ? "" : $" when {a.Condition}")} with overlapping windows ({Dates.Window(a.ValidFrom, a.ValidTo)}; {Dates.Window(b.ValidFrom, b.ValidTo)})",
                            [a.ToCode]));
                    }
                    else if (!string.Equals(a.ToCode, b.ToCode, StringComparison.Ordinal) && (a.Condition is null || b.Condition is null || string.Equals(a.Condition, b.Condition, StringComparison.Ordinal)))
                    {
                        ambiguous.Add(new ConsistencyIssue("ambiguous", code,
                            $"'{code}' maps to '{a.ToCode}' and '{b.ToCode}' at the same time without a condition that tells them apart",
                            [a.ToCode, b.ToCode]));
                    }
                }
            }

            var targets = rows.Select(r => r.ToCode).Distinct(StringComparer.Ordinal).ToArray();
            foreach (var row in rows)
            {
                if (row.Cardinality == MappingCardinality.OneToOne && targets.Length > 1)
                {
                    mismatches.Add(new ConsistencyIssue("cardinality", code, $"'{code}' → '{row.ToCode}' is declared one-to-one but '{code}' has {targets.Length} targets", targets));
                }

                if (row.Cardinality == MappingCardinality.OneToMany && targets.Length == 1)
                {
                    mismatches.Add(new ConsistencyIssue("cardinality", code, $"'{code}' → '{row.ToCode}' is declared one-to-many but '{code}' has only this target", targets));
                }
            }
        }

        var losses = new List<ConsistencyIssue>();
        string? note = null;
        if (snapshot.Tables.TryGetValue((table.To, table.From), out var back))
        {
            foreach (var (code, rows) in table.BySource.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                foreach (var target2 in rows.Select(r => r.ToCode).Distinct(StringComparer.Ordinal))
                {
                    if (!back.BySource.TryGetValue(target2, out var backRows))
                    {
                        losses.Add(new ConsistencyIssue("round-trip", code, $"'{code}' → '{target2}' has no way back to {table.From}", [target2]));
                        continue;
                    }

                    var returns = backRows.Select(r => r.ToCode).Distinct(StringComparer.Ordinal).ToArray();
                    if (!returns.Contains(code, StringComparer.Ordinal))
                    {
                        losses.Add(new ConsistencyIssue("round-trip", code, $"'{code}' → '{target2}' → {string.Join(" or ", returns.Select(r => $"'{r}'"))}: the way back leads elsewhere", returns));
                    }
                    else if (returns.Length > 1)
                    {
                        losses.Add(new ConsistencyIssue("round-trip", code, backRows.Any(r => r.Condition is null)
                            ? $"'{code}' → '{target2}' → {string.Join(" or ", returns.Select(r => $"'{r}'"))}: the way back cannot tell them apart"
                            : $"'{code}' → '{target2}' → {string.Join(" or ", returns.Select(r => $"'{r}'"))}: the way back needs a condition ({string.Join(", ", backRows.Select(r => r.Condition))}) that '{target2}' alone does not carry", returns));
                    }
                }
            }
        }
        else
        {
            note = $"there is no mapping from {table.To} back to {table.From}, so round trips were not checked";
        }

        return new ConsistencyReport(
            table.From.ToString(), table.To.ToString(), source.Codes.Count, table.BySource.Count,
            unmapped, unreached, [.. ambiguous], [.. overlapping], [.. mismatches], [.. losses], note);
    }
}
