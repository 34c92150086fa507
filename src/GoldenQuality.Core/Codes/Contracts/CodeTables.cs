using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using static GoldenQuality.Codes.CodeInput;

namespace GoldenQuality.Codes.Contracts;

/// <summary>The code tables: code systems and their codes, mappings (read, add), translation of codes and documents, the consistency report.</summary>
public sealed class CodeTables
{
    private readonly GqDbContext db;
    private readonly CodeCatalog catalog;
    private readonly TimeProvider clock;

    internal CodeTables(GqDbContext db, CodeCatalog catalog, TimeProvider clock)
    {
        this.db = db;
        this.catalog = catalog;
        this.clock = clock;
    }

    /// <summary>The codings and, for each, the code system every kind of field uses.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> Codings => catalog.Codings.Roles;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<SystemView[]> SystemsAsync(CancellationToken ct)
    {
        var snapshot = await catalog.GetAsync(db, ct);
        return [.. snapshot.Systems.Values.OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => new SystemView(
            s.Id, s.Name, s.Domain, s.Authority,
            [.. s.Versions.Select(v => new VersionView(v.Ref.Version, Iso(v.ValidFrom), IsoOrNull(v.ValidTo), WireNames.Of(v.Status), v.Source, v.Codes.Count))]))];
    }

    /// <summary>One page of the codes of a system version, optionally those starting with a prefix.</summary>
    public async Task<HandlerResult<Paged<CodeView>>> CodesAsync(string system, string version, string? prefix, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (Paging.Invalid(page, pageSize, out var p, out var size) is { } invalid)
        {
            return invalid;
        }

        var snapshot = await catalog.GetAsync(db, ct);
        var r = new CodeRef(system.ToLowerInvariant(), version);
        if (snapshot.RefProblem(r) is { } problem)
        {
            return Problems.Coded(StatusCodes.Status404NotFound, "Not found", problem);
        }

        var codes = snapshot.Versions[r].Codes.Values.Where(e => prefix is null || e.Code.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(e => e.Code, StringComparer.Ordinal).ToList();
        return new Paged<CodeView>([.. codes.Skip((p - 1) * size).Take(size).Select(e => View(r, e))], p, size, codes.Count);
    }

    public async Task<HandlerResult<CodeView>> CodeAsync(string system, string version, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(system);
        var snapshot = await catalog.GetAsync(db, ct);
        var r = new CodeRef(system.ToLowerInvariant(), version);
        if (snapshot.RefProblem(r) is { } problem)
        {
            return Problems.Coded(StatusCodes.Status404NotFound, "Not found", problem);
        }

        return snapshot.Versions[r].Codes.TryGetValue(code, out var e) ? View(r, e) : Problems.NotFound(new Message("noun.code-of", r.ToString()), code);
    }

    private static CodeView View(CodeRef r, EntryInfo e) => new(r.System, r.Version, e.Code, e.Description, IsoOrNull(e.ValidFrom), IsoOrNull(e.ValidTo));

    /// <summary>The mapping rows from one system version to another, optionally for one source code.</summary>
    public async Task<HandlerResult<MappingView[]>> MappingsAsync(string? from, string? to, string? code, CancellationToken ct)
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
            return Array.Empty<MappingView>();
        }

        return table.BySource.Where(r => code is null || r.Key == code).OrderBy(r => r.Key, StringComparer.Ordinal).SelectMany(r => r.Value)
            .Select(m => new MappingView(m.Id, f.ToString(), m.FromCode, t.ToString(), m.ToCode, WireNames.Of(m.Cardinality), m.Condition, Iso(m.ValidFrom), IsoOrNull(m.ValidTo),
                m.Provenance, WireNames.Of(m.Origin))).ToArray();
    }

    /// <summary>Adds a mapping row (officials only); the revision counter makes every instance rebuild its tables.</summary>
    public async Task<HandlerResult<MappingView>> AddMappingAsync(Actor actor, AddMappingRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (!actor.IsOfficial)
        {
            return Problems.Forbidden(new Message("codes.officials-mappings"));
        }

        var snapshot = await catalog.GetAsync(db, ct);
        var v = new Validation();
        var m = MappingInput.Read(v, snapshot, request);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var mapping = CodeMapping.Create(Ids.New(clock), m.From, m.FromCode, m.To, m.ToCode, m.Cardinality, m.Condition, m.ValidFrom, m.ValidTo, m.Provenance, MappingOrigin.Api,
            clock.GetUtcNow(), actor.UserName);
        db.Add(mapping);
        await BumpAsync(db, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another request changed the code tables at the same moment; the revision counter caught it.
            return Problems.Conflict("revision", new Message("codes.changed-meanwhile"));
        }

        return new MappingView(mapping.Id, m.From.ToString(), m.FromCode, m.To.ToString(), m.ToCode, WireNames.Of(m.Cardinality), m.Condition, Iso(m.ValidFrom), IsoOrNull(m.ValidTo),
            m.Provenance, WireNames.Of(MappingOrigin.Api));
    }

    /// <summary>Increments the revision so that every instance rebuilds its lookup tables.</summary>
    private static async Task BumpAsync(GqDbContext db, CancellationToken ct)
    {
        var state = await db.Set<CodesState>().FirstOrDefaultAsync(s => s.Name == "codes", ct);
        if (state is null)
        {
            db.Add(state = CodesState.Create());
        }

        state.Bump();
    }

    /// <summary>Translates one code; an unmappable code is a 422 that says why and lists the candidates.</summary>
    public async Task<HandlerResult<TranslationView>> TranslateAsync(TranslateRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = await catalog.GetAsync(db, ct);
        var v = new Validation();
        var f = ReadRef(v, snapshot, "from", request.From);
        var t = ReadRef(v, snapshot, "to", request.To);
        var c = v.Required("code", request.Code, 32);
        var date = ReadDate(v, "on", request.On, required: false) ?? Today;
        var conditions = ReadConditions(v, request.Conditions);
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

        return view;
    }

    private static TranslationView Translate(CodeSnapshot snapshot, CodeRef from, CodeRef to, string code, DateOnly on, IReadOnlyDictionary<string, string>? conditions)
    {
        var result = snapshot.Translate(from, to, code, on, conditions);
        var description = result.Target is { } target && snapshot.Versions[to].Codes.TryGetValue(target, out var e) ? e.Description : null;
        return new TranslationView(from.ToString(), to.ToString(), code, WireNames.Of(result.Outcome), result.Target, description, result.Reason,
            DocumentTranslator.Candidates(snapshot, to, result.Candidates));
    }

    /// <summary>Translates up to 10,000 codes between the same two versions; each result says translated or unmappable.</summary>
    public async Task<HandlerResult<BulkTranslateResponse>> TranslateBulkAsync(BulkTranslateRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = await catalog.GetAsync(db, ct);
        var v = new Validation();
        var f = ReadRef(v, snapshot, "from", request.From);
        var t = ReadRef(v, snapshot, "to", request.To);
        var date = ReadDate(v, "on", request.On, required: false) ?? Today;
        CheckBulkCodes(v, request.Codes);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var results = request.Codes!.Select(item => Translate(snapshot, f, t, item.Code!.Trim(), date, item.Conditions)).ToArray();
        var unmappable = results.Count(r => r.Outcome == WireNames.Of(Outcome.Unmappable));
        return new BulkTranslateResponse(f.ToString(), t.ToString(), Iso(date), results.Length - unmappable, unmappable, results);
    }

    private static void CheckBulkCodes(Validation v, BulkItem[]? codes)
    {
        if (codes is not { Length: > 0 })
        {
            v.Add("codes", new Message("codes.bulk-required"));
        }
        else if (codes.Length > 10_000)
        {
            v.Add("codes", new Message("codes.bulk-max"));
        }
        else
        {
            for (var i = 0; i < codes.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(codes[i].Code))
                {
                    v.Add(string.Create(CultureInfo.InvariantCulture, $"codes[{i}].code"), Message.Required);
                }
            }
        }
    }

    /// <summary>Translates a declaration, permit, enterprise or measurement from one coding to another, reporting every field; any unmappable field is a 422.</summary>
    public async Task<HandlerResult<DocumentTranslateResponse>> TranslateDocumentAsync(DocumentTranslateRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = await catalog.GetAsync(db, ct);
        var v = new Validation();
        var kind = v.Enum<RecordKind>("kind", request.Kind);
        var from = ReadCoding(v, "from", request.From);
        var to = ReadCoding(v, "to", request.To);
        var date = ReadDate(v, "on", request.On, required: false) ?? Today;
        if (request.Document is null)
        {
            v.Add("document", Message.Required);
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
        return translation.Count(Outcome.Unmappable) > 0
            ? Unmappable(translation, from, to)
            : new DocumentTranslateResponse(WireNames.Of(kind), from, to, Iso(date), translation.Count(Outcome.Translated), translation.Count(Outcome.Unchanged), 0,
                translation.Result.ToJson(), [.. translation.Fields]);
    }

    /// <summary>
    /// Translates the coded fields of a record (flat fields, goods lines as <c>items[n].field</c>) from one coding to
    /// another on a date, for a module taking records over (e.g. a legacy feed): the translated fields, and each
    /// field that cannot be translated with the reason and the candidates' codes. Conditions apply per field path, or
    /// to every field with <c>*</c>. Unknown codings or kinds are a programming error.
    /// </summary>
    public async Task<RecordTranslation> TranslateRecordAsync(
        string kind, string from, string to, DateOnly on, IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, Dictionary<string, string>>? conditions,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var k = WireNames.TryParse<RecordKind>(kind, out var parsed) ? parsed : throw new ArgumentException($"unknown record kind '{kind}'", nameof(kind));
        if (!catalog.Codings.Roles.ContainsKey(from) || !catalog.Codings.Roles.ContainsKey(to))
        {
            throw new ArgumentException($"unknown coding '{from}' or '{to}'", nameof(from));
        }

        var snapshot = await catalog.GetAsync(db, ct);
        var record = new CanonicalRecord(k, new Dictionary<string, string>(fields, StringComparer.Ordinal));
        var translation = DocumentTranslator.Translate(snapshot, catalog.Codings, k, from, to, on, record, conditions);
        return new RecordTranslation(
            translation.Result.Fields,
            [.. translation.Fields.Where(f => f.Outcome == "unmappable")
                .Select(f => new UnmappableField(f.Field, f.From, f.Reason ?? "cannot be translated",
                    [.. (f.Candidates ?? []).Select(c => c.Condition is null ? c.Code : $"{c.Code} ({c.Condition})")]))]);
    }

    private string ReadCoding(Validation v, string field, string? text)
    {
        var coding = v.Required(field, text, 32);
        if (coding.Length > 0 && !catalog.Codings.Roles.ContainsKey(coding))
        {
            v.Add(field, new Message("codes.unknown-coding", coding, string.Join(", ", catalog.Codings.Roles.Keys.Order(StringComparer.Ordinal))));
        }

        return coding;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Unmappable(DocumentTranslation translation, string from, string to)
    {
        var unmappable = translation.Count(Outcome.Unmappable);
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

    /// <summary>Unmapped codes, ambiguous mappings, overlapping validity, cardinality mismatches and round-trip losses, for one pair or every pair.</summary>
    public async Task<HandlerResult<ConsistencyReport[]>> ConsistencyAsync(string? from, string? to, CancellationToken ct)
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
        return tables.Select(x => Consistency.Check(snapshot, x)).ToArray();
    }
}
