using System.Globalization;
using System.Text.Json.Nodes;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Codes;

public sealed record VersionView(string Version, string ValidFrom, string? ValidTo, string Status, string Source, int Codes);

public sealed record SystemView(string Id, string Name, string Domain, string Authority, VersionView[] Versions);

public sealed record CodeView(string System, string Version, string Code, string Description, string? ValidFrom, string? ValidTo);

public sealed record MappingView(
    Guid Id, string From, string FromCode, string To, string ToCode, string Cardinality, string? Condition,
    string ValidFrom, string? ValidTo, string Provenance, string Origin);

public sealed record AddMappingRequest(
    string? From, string? FromCode, string? To, string? ToCode, string? Cardinality, string? Condition,
    string? ValidFrom, string? ValidTo, string? Provenance);

public sealed record TranslationView(string From, string To, string Code, string Outcome, string? Target, string? TargetDescription, string? Reason, CandidateView[] Candidates);

public sealed record BulkItem(string? Code, Dictionary<string, string>? Conditions);

public sealed record BulkTranslateRequest(string? From, string? To, string? On, BulkItem[]? Codes);

public sealed record BulkTranslateResponse(string From, string To, string On, int Translated, int Unmappable, TranslationView[] Results);

public sealed record DocumentTranslateRequest(
    string? Kind, string? From, string? To, string? On, JsonObject? Document, Dictionary<string, Dictionary<string, string>>? Conditions);

public sealed record DocumentTranslateResponse(
    string Kind, string From, string To, string On, int Translated, int Unchanged, int Unmappable, JsonObject Document, FieldOutcome[] Fields);

/// <summary>Code systems, mappings, translation and the consistency report.</summary>
internal static class CodeEndpoints
{
    public static RouteGroupBuilder MapCodeTables(this RouteGroupBuilder group)
    {
        group.MapGet("/systems", ListSystems).WithName("ListCodeSystems")
            .WithSummary("Every code system with its versions, validity windows and how far each list is verified.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/systems/{system}/versions/{version}/codes", ListCodes).WithName("ListCodes")
            .WithSummary("The codes of one version, optionally filtered by a code prefix.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/systems/{system}/versions/{version}/codes/{code}", GetCode).WithName("GetCode").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/mappings", ListMappings).WithName("ListMappings")
            .WithSummary("The mapping rows from one system version to another (from=hs:2017&to=hs:2022), optionally for one code.").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/mappings", AddMapping).WithName("AddMapping")
            .WithSummary("Adds a mapping row (officials only). The row names its cardinality, condition, validity window and provenance.").RequireAuthorization(Policies.Official);
        group.MapGet("/translate", TranslateOne).WithName("TranslateCode")
            .WithSummary("Translates one code; an unmappable code is a 422 that says why and lists the candidates. Conditions: condition=key=value (repeatable).").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/translate/bulk", TranslateBulk).WithName("TranslateCodes")
            .WithSummary("Translates many codes between the same two versions; each result says translated or unmappable with its candidates.").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/translate/document", TranslateDocument).WithName("TranslateDocument")
            .WithSummary("Translates a declaration, permit, enterprise or measurement from one coding (customs, national, international, bqs-zj, bqs-gd) to another, reporting every field.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/consistency", ConsistencyReport).WithName("CodeConsistency")
            .WithSummary("Unmapped codes, ambiguous mappings, overlapping validity, cardinality mismatches and round-trip losses, for one pair or every pair.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/codings", (CodeCatalog catalog) => TypedResults.Ok(catalog.Codings.Roles)).WithName("ListCodings")
            .WithSummary("The codings and, for each, the code system every kind of field uses.").RequireAuthorization(Policies.SignedIn);
        return group;
    }

    private static async Task<Ok<SystemView[]>> ListSystems(GqDbContext db, CodeCatalog catalog, CancellationToken ct)
    {
        var snapshot = await catalog.GetAsync(db, ct);
        return TypedResults.Ok(snapshot.Systems.Values.OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => new SystemView(
            s.Id, s.Name, s.Domain, s.Authority,
            [.. s.Versions.Select(v => new VersionView(v.Ref.Version, Iso(v.ValidFrom), IsoOrNull(v.ValidTo), WireNames.Of(v.Status), v.Source, v.Codes.Count))])).ToArray());
    }

    private static async Task<Results<Ok<Paged<CodeView>>, ProblemHttpResult, ValidationProblem>> ListCodes(
        GqDbContext db, CodeCatalog catalog, string system, string version, string? prefix, int? page, int? pageSize, CancellationToken ct)
    {
        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var snapshot = await catalog.GetAsync(db, ct);
        var r = new CodeRef(system.ToLowerInvariant(), version);
        if (snapshot.CheckRef(r) is { } problem)
        {
            return TypedResults.Problem(detail: problem, statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var info = snapshot.Versions[r];
        var codes = info.Codes.Values.Where(e => prefix is null || e.Code.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(e => e.Code, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new Paged<CodeView>([.. codes.Skip((p - 1) * size).Take(size).Select(e => View(r, e))], p, size, codes.Count));
    }

    private static async Task<Results<Ok<CodeView>, ProblemHttpResult>> GetCode(GqDbContext db, CodeCatalog catalog, string system, string version, string code, CancellationToken ct)
    {
        var snapshot = await catalog.GetAsync(db, ct);
        var r = new CodeRef(system.ToLowerInvariant(), version);
        if (snapshot.CheckRef(r) is { } problem)
        {
            return TypedResults.Problem(detail: problem, statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        return snapshot.Versions[r].Codes.TryGetValue(code, out var e) ? TypedResults.Ok(View(r, e)) : Problems.NotFound($"code of {r}", code);
    }

    private static CodeView View(CodeRef r, EntryInfo e) => new(r.System, r.Version, e.Code, e.Description, IsoOrNull(e.ValidFrom), IsoOrNull(e.ValidTo));

    private static async Task<Results<Ok<MappingView[]>, ValidationProblem>> ListMappings(GqDbContext db, CodeCatalog catalog, string? from, string? to, string? code, CancellationToken ct)
    {
        var snapshot = await catalog.GetAsync(db, ct);
        var v = new Validation();
        var f = ReadRef(v, snapshot, "from", from);
        var t = ReadRef(v, snapshot, "to", to);
        if (!v.IsValid)
        {
            return v.Result();
        }

        if (!snapshot.Tables.TryGetValue((f, t), out var table))
        {
            return TypedResults.Ok(Array.Empty<MappingView>());
        }

        var rows = table.BySource.Where(r => code is null || r.Key == code).OrderBy(r => r.Key, StringComparer.Ordinal).SelectMany(r => r.Value)
            .Select(m => new MappingView(m.Id, f.ToString(), m.FromCode, t.ToString(), m.ToCode, WireNames.Of(m.Cardinality), m.Condition, Iso(m.ValidFrom), IsoOrNull(m.ValidTo), m.Provenance, WireNames.Of(m.Origin)));
        return TypedResults.Ok(rows.ToArray());
    }

    private static async Task<Results<Created<MappingView>, ValidationProblem, ProblemHttpResult>> AddMapping(
        HttpContext http, GqDbContext db, CodeCatalog catalog, TimeProvider clock, AddMappingRequest request, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        if (!actor.IsOfficial)
        {
            return Problems.Forbidden("Only agency officials and systems may add code mappings.");
        }

        var snapshot = await catalog.GetAsync(db, ct);
        var v = new Validation();
        var from = ReadRef(v, snapshot, "from", request.From);
        var to = ReadRef(v, snapshot, "to", request.To);
        var fromCode = v.Required("fromCode", request.FromCode, 32);
        var toCode = v.Required("toCode", request.ToCode, 32);
        var cardinality = v.Enum<MappingCardinality>("cardinality", request.Cardinality);
        var condition = v.Optional("condition", request.Condition, 128);
        var provenance = v.Required("provenance", request.Provenance, 512);
        var validFrom = ReadDate(v, "validFrom", request.ValidFrom, required: true) ?? default;
        var validTo = ReadDate(v, "validTo", request.ValidTo, required: false);
        if (v.IsValid)
        {
            if (!snapshot.Versions[from].Codes.ContainsKey(fromCode))
            {
                v.Add("fromCode", $"'{fromCode}' is not a code of {from}");
            }

            if (!snapshot.Versions[to].Codes.ContainsKey(toCode))
            {
                v.Add("toCode", $"'{toCode}' is not a code of {to}");
            }

            if (from == to)
            {
                v.Add("to", "a mapping joins two different system versions");
            }

            if (CodeReferenceData.CheckCondition(cardinality, condition) is { } problem)
            {
                v.Add("condition", problem);
            }

            if (validTo is { } end && end < validFrom)
            {
                v.Add("validTo", "must not be before validFrom");
            }
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        var mapping = CodeMapping.Create(Ids.New(clock), from, fromCode, to, toCode, cardinality, condition, validFrom, validTo, provenance, MappingOrigin.Api, clock.GetUtcNow(), actor.UserName);
        db.Add(mapping);
        await BumpAsync(db, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another request changed the code tables at the same moment; the revision counter caught it.
            return Problems.Conflict("revision", "the code tables changed while this mapping was being added; send it again");
        }

        var view = new MappingView(mapping.Id, from.ToString(), fromCode, to.ToString(), toCode, WireNames.Of(cardinality), condition, Iso(validFrom), IsoOrNull(validTo), provenance, WireNames.Of(MappingOrigin.Api));
        return TypedResults.Created($"/api/codes/mappings?from={from}&to={to}&code={fromCode}", view);
    }

    /// <summary>Increments the revision so that every instance rebuilds its lookup tables.</summary>
    internal static async Task BumpAsync(GqDbContext db, CancellationToken ct)
    {
        var state = await db.Set<CodesState>().FirstOrDefaultAsync(s => s.Name == "codes", ct);
        if (state is null)
        {
            db.Add(state = CodesState.Create());
        }

        state.Bump();
    }

    private static async Task<Results<Ok<TranslationView>, ValidationProblem, ProblemHttpResult>> TranslateOne(
        HttpContext http, GqDbContext db, CodeCatalog catalog, TimeProvider clock, string? from, string? to, string? code, string? on, CancellationToken ct)
    {
        var snapshot = await catalog.GetAsync(db, ct);
        var v = new Validation();
        var f = ReadRef(v, snapshot, "from", from);
        var t = ReadRef(v, snapshot, "to", to);
        var c = v.Required("code", code, 32);
        var date = ReadDate(v, "on", on, required: false) ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var conditions = ReadConditions(v, http.Request.Query["condition"]);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var view = Translate(snapshot, f, t, c, date, conditions);
        if (view.Outcome == WireNames.Of(Outcome.Unmappable))
        {
            return TypedResults.Problem(
                detail: $"code: {view.Reason}",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The code cannot be translated",
                extensions: new Dictionary<string, object?> { ["field"] = "code", ["code"] = c, ["from"] = f.ToString(), ["to"] = t.ToString(), ["on"] = Iso(date), ["candidates"] = view.Candidates });
        }

        return TypedResults.Ok(view);
    }

    private static TranslationView Translate(CodeSnapshot snapshot, CodeRef from, CodeRef to, string code, DateOnly on, IReadOnlyDictionary<string, string>? conditions)
    {
        var result = snapshot.Translate(from, to, code, on, conditions);
        var description = result.Target is { } target && snapshot.Versions[to].Codes.TryGetValue(target, out var e) ? e.Description : null;
        return new TranslationView(from.ToString(), to.ToString(), code, WireNames.Of(result.Outcome), result.Target, description, result.Reason,
            DocumentTranslator.Candidates(snapshot, to, result.Candidates));
    }

    private static async Task<Results<Ok<BulkTranslateResponse>, ValidationProblem>> TranslateBulk(
        GqDbContext db, CodeCatalog catalog, TimeProvider clock, BulkTranslateRequest request, CancellationToken ct)
    {
        var snapshot = await catalog.GetAsync(db, ct);
        var v = new Validation();
        var f = ReadRef(v, snapshot, "from", request.From);
        var t = ReadRef(v, snapshot, "to", request.To);
        var date = ReadDate(v, "on", request.On, required: false) ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (request.Codes is not { Length: > 0 })
        {
            v.Add("codes", "is required: a list of { code, conditions }");
        }
        else if (request.Codes.Length > 10_000)
        {
            v.Add("codes", "at most 10,000 codes per request");
        }
        else
        {
            for (var i = 0; i < request.Codes.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(request.Codes[i].Code))
                {
                    v.Add(string.Create(CultureInfo.InvariantCulture, $"codes[{i}].code"), "is required");
                }
            }
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        var results = request.Codes!.Select(item => Translate(snapshot, f, t, item.Code!.Trim(), date, item.Conditions)).ToArray();
        var unmappable = results.Count(r => r.Outcome == WireNames.Of(Outcome.Unmappable));
        return TypedResults.Ok(new BulkTranslateResponse(f.ToString(), t.ToString(), Iso(date), results.Length - unmappable, unmappable, results));
    }

    private static async Task<Results<Ok<DocumentTranslateResponse>, ValidationProblem, ProblemHttpResult>> TranslateDocument(
        GqDbContext db, CodeCatalog catalog, TimeProvider clock, DocumentTranslateRequest request, CancellationToken ct)
    {
        var snapshot = await catalog.GetAsync(db, ct);
        var v = new Validation();
        var kind = v.Enum<RecordKind>("kind", request.Kind);
        var from = v.Required("from", request.From, 32);
        var to = v.Required("to", request.To, 32);
        foreach (var (field, coding) in new[] { ("from", from), ("to", to) })
        {
            if (coding.Length > 0 && !catalog.Codings.Roles.ContainsKey(coding))
            {
                v.Add(field, $"unknown coding '{coding}'; known: {string.Join(", ", catalog.Codings.Roles.Keys.Order(StringComparer.Ordinal))}");
            }
        }

        var date = ReadDate(v, "on", request.On, required: false) ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (request.Document is null)
        {
            v.Add("document", "is required");
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        var record = CanonicalRecord.FromJson(kind, request.Document!);
        foreach (var (field, reason) in record.Validate())
        {
            v.Add("document." + field, reason);
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        var translation = DocumentTranslator.Translate(snapshot, catalog.Codings, kind, from, to, date, record, request.Conditions);
        var unmappable = translation.Count(Outcome.Unmappable);
        if (unmappable > 0)
        {
            var bad = translation.Fields.Where(f => f.Outcome == "unmappable").ToArray();
            return TypedResults.Problem(
                detail: string.Join("; ", bad.Select(b => $"{b.Field}: {b.Reason}")),
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: string.Create(CultureInfo.InvariantCulture, $"{unmappable} field(s) cannot be translated from {from} to {to}"),
                extensions: new Dictionary<string, object?>
                {
                    ["translated"] = translation.Count(Outcome.Translated),
                    ["unchanged"] = translation.Count(Outcome.Unchanged),
                    ["unmappable"] = unmappable,
                    ["fields"] = translation.Fields,
                });
        }

        return TypedResults.Ok(new DocumentTranslateResponse(
            WireNames.Of(kind), from, to, Iso(date), translation.Count(Outcome.Translated), translation.Count(Outcome.Unchanged), 0,
            translation.Result.ToJson(), [.. translation.Fields]));
    }

    private static async Task<Results<Ok<ConsistencyReport[]>, ValidationProblem>> ConsistencyReport(GqDbContext db, CodeCatalog catalog, string? from, string? to, CancellationToken ct)
    {
        var snapshot = await catalog.GetAsync(db, ct);
        var v = new Validation();
        CodeRef? f = from is null ? null : ReadRef(v, snapshot, "from", from);
        CodeRef? t = to is null ? null : ReadRef(v, snapshot, "to", to);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var tables = snapshot.Tables.Values
            .Where(x => (f is null || x.From == f) && (t is null || x.To == t))
            .OrderBy(x => x.From.ToString(), StringComparer.Ordinal).ThenBy(x => x.To.ToString(), StringComparer.Ordinal);
        return TypedResults.Ok(tables.Select(x => Consistency.Check(snapshot, x)).ToArray());
    }

    internal static CodeRef ReadRef(Validation v, CodeSnapshot snapshot, string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            v.Add(field, "is required, as system:version (e.g. hs:2022)");
            return default;
        }

        if (!CodeRef.TryParse(text, out var r))
        {
            v.Add(field, $"'{text}' is not of the form system:version (e.g. hs:2022)");
            return default;
        }

        if (snapshot.CheckRef(r) is { } problem)
        {
            v.Add(field, problem);
        }

        return r;
    }

    internal static DateOnly? ReadDate(Validation v, string field, string? text, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                v.Add(field, "is required (yyyy-MM-dd)");
            }

            return null;
        }

        if (!Dates.TryParse(text, out var d))
        {
            v.Add(field, $"'{text}' is not a yyyy-MM-dd date");
            return null;
        }

        return d;
    }

    private static Dictionary<string, string>? ReadConditions(Validation v, Microsoft.Extensions.Primitives.StringValues values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in values)
        {
            var parts = text?.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts is not [{ Length: > 0 } key, { Length: > 0 } value])
            {
                v.Add("condition", $"'{text}' is not key=value");
                continue;
            }

            result[key] = value;
        }

        return result;
    }

    internal static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string? IsoOrNull(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
