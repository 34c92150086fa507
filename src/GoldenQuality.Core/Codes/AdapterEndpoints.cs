using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using GoldenQuality.Codes.Adapters;
using GoldenQuality.Codes.Sps;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Codes;

public sealed record AdapterView(string Name, string Format, string Encoding, string Record, string? Description);

public sealed record ImportResponse(string Adapter, int Lines, int Records, int Added, int Updated, int Unchanged, Reject[] Rejects);

/// <summary>A batch of canonical records of one kind, as <c>gq adapt --post</c> sends it.</summary>
public sealed record RecordBatch(string? Kind, string? Source, JsonObject[]? Records);

public sealed record ExportRequest(JsonObject[]? Records);

/// <summary>
/// An imported SPS certificate: the permit, every XML leaf as mapped or not, and every coded field of the permit
/// checked against the international coding on the certificate's issue date (unchanged = a known code in force).
/// </summary>
public sealed record SpsImportResponse(
    JsonObject Permit, int MappedCount, int NotMappedCount, SpsLeaf[] Mapped, SpsLeaf[] NotMapped, FieldOutcome[] Codes, UpsertSummary? Stored);

/// <summary>Legacy adapters, canonical records and SPS certificates over HTTP.</summary>
internal static class AdapterEndpoints
{
    private const long MaxUpload = 256L * 1024 * 1024;

    /// <summary>The largest SPS certificate accepted (a real one, with attachments, is well under 1 MB).</summary>
    internal const long MaxSpsBytes = 4L * 1024 * 1024;

    public static RouteGroupBuilder MapAdapters(this RouteGroupBuilder group)
    {
        group.MapGet("/adapters", ListAdapters).WithName("ListAdapters")
            .WithSummary("The adapter definitions this node ships (data/adapters/*.json).").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/adapters/{name}/import", Import).WithName("ImportLegacyFile")
            .WithSummary("Converts a legacy file (the raw request body) to canonical records and stores them by record key. Any reject refuses the whole file unless allowRejects=true.").RequireAuthorization(Policies.Official);
        group.MapPost("/adapters/{name}/export", Export).WithName("ExportLegacyFile")
            .WithSummary("Writes canonical records in the adapter's legacy format.").RequireAuthorization(Policies.Official);
        group.MapPost("/records", PostRecords).WithName("StoreRecords")
            .WithSummary("Stores a batch of canonical records by record key (what gq adapt --post sends); re-sending changes nothing.").RequireAuthorization(Policies.Official);
        group.MapGet("/records/{kind}/{key}", GetRecord).WithName("GetRecord").RequireAuthorization(Policies.Official);
        return group;
    }

    public static RouteGroupBuilder MapSps(this RouteGroupBuilder group)
    {
        group.MapPost("/sps/import", SpsImportEndpoint).WithName("ImportSpsCertificate")
            .WithSummary("Validates an SPSCertificate (XML body), maps it to a permit record and reports every XML leaf as mapped or not; store=true keeps the permit.").RequireAuthorization(Policies.Official);
        group.MapPost("/sps/export", SpsExportEndpoint).WithName("ExportSpsCertificate")
            .WithSummary("Writes a permit record (JSON body) as an SPSCertificate.").RequireAuthorization(Policies.Official);
        return group;
    }

    private static string AdapterFolder(IOptions<ReferenceDataOptions> node) => Path.Combine(node.Value.ReferenceData, "adapters");

    private static Ok<AdapterView[]> ListAdapters(IOptions<ReferenceDataOptions> node) =>
        TypedResults.Ok(Directory.EnumerateFiles(AdapterFolder(node), "*.json").Order(StringComparer.Ordinal)
            .Select(AdapterDefinition.Load)
            .Select(d => new AdapterView(d.Name, d.Format, d.Encoding, d.Record, d.Description)).ToArray());

    private static Adapter? FindAdapter(IOptions<ReferenceDataOptions> node, string name)
    {
        if (name.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
        {
            return null;
        }

        var path = Path.Combine(AdapterFolder(node), name + ".json");
        return File.Exists(path) ? new Adapter(AdapterDefinition.Load(path)) : null;
    }

    /// <summary>The body, or null when it is larger than <paramref name="limit"/> (reading stops there).</summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct, long limit = MaxUpload)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    private static ProblemHttpResult FileProblem(AdapterException e, string? name) =>
        TypedResults.Problem(
            detail: $"{name ?? "file"}: {e.Message}",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The file cannot be read; nothing was imported",
            extensions: new Dictionary<string, object?> { ["field"] = "body", ["line"] = e.Line, ["column"] = e.Column, ["reason"] = e.Reason });

    private static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> Import(
        HttpContext http, IOptions<ReferenceDataOptions> node, RecordStore store, string name, bool? allowRejects, CancellationToken ct)
    {
        if (!Actor.From(http.User).IsOfficial)
        {
            return Problems.Forbidden("Only agency officials and systems may import legacy files.");
        }

        var adapter = FindAdapter(node, name);
        if (adapter is null)
        {
            return Problems.NotFound("adapter", name);
        }

        var bytes = await ReadBodyAsync(http.Request, ct);
        if (bytes is null)
        {
            return TypedResults.Problem(detail: "body: larger than 256 MB", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large");
        }

        AdaptResult result;
        try
        {
            result = adapter.Read(bytes);
        }
        catch (AdapterException e)
        {
            return FileProblem(e, name);
        }

        if (result.Rejects.Count > 0 && allowRejects != true)
        {
            return TypedResults.Problem(
                detail: string.Join("; ", result.Rejects.Take(20).Select(r => string.Create(CultureInfo.InvariantCulture, $"line {r.Line}, column {r.Column}: {r.Reason}"))),
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: string.Create(CultureInfo.InvariantCulture, $"{result.Rejects.Count} record(s) rejected; nothing was imported (allowRejects=true imports the rest)"),
                extensions: new Dictionary<string, object?> { ["rejects"] = result.Rejects, ["records"] = result.Records.Count });
        }

        var summary = await store.UpsertAsync(result.Records, $"adapter:{name}", ct);
        return TypedResults.Ok(new ImportResponse(name, result.Lines, summary.Records, summary.Added, summary.Updated, summary.Unchanged, [.. result.Rejects]));
    }

    private static Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem> Export(IOptions<ReferenceDataOptions> node, string name, ExportRequest request)
    {
        var adapter = FindAdapter(node, name);
        if (adapter is null)
        {
            return Problems.NotFound("adapter", name);
        }

        var v = new Validation();
        var records = ReadRecords(v, adapter.Kind, request.Records);
        if (!v.IsValid)
        {
            return v.Result();
        }

        try
        {
            var bytes = adapter.Write(records);
            var type = adapter.Definition.Format == "xml" ? "application/xml" : "text/plain";
            return TypedResults.File(bytes, $"{type}; charset={adapter.Definition.Encoding}", $"{name}.{(adapter.Definition.Format == "xml" ? "xml" : adapter.Definition.Format == "csv" ? "csv" : "txt")}");
        }
        catch (FormatException e)
        {
            v.Add("records", e.Message);
            return v.Result();
        }
    }

    private static List<CanonicalRecord> ReadRecords(Validation v, RecordKind kind, JsonObject[]? documents)
    {
        var records = new List<CanonicalRecord>();
        if (documents is not { Length: > 0 })
        {
            v.Add("records", "is required: a list of record documents");
            return records;
        }

        for (var i = 0; i < documents.Length; i++)
        {
            var record = CanonicalRecord.FromJson(kind, documents[i]);
            foreach (var (field, reason) in record.Validate())
            {
                v.Add(string.Create(CultureInfo.InvariantCulture, $"records[{i}].{field}"), reason);
            }

            records.Add(record);
        }

        var duplicate = records.GroupBy(r => r.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            v.Add("records", $"the record key '{duplicate.Key}' appears {duplicate.Count()} times");
        }

        return records;
    }

    private static async Task<Results<Ok<UpsertSummary>, ValidationProblem, ProblemHttpResult>> PostRecords(HttpContext http, RecordStore store, RecordBatch batch, CancellationToken ct)
    {
        if (!Actor.From(http.User).IsOfficial)
        {
            return Problems.Forbidden("Only agency officials and systems may store records.");
        }

        var v = new Validation();
        var kind = v.Enum<RecordKind>("kind", batch.Kind);
        var source = v.Required("source", batch.Source, 256);
        var records = v.IsValid ? ReadRecords(v, kind, batch.Records) : [];
        if (!v.IsValid)
        {
            return v.Result();
        }

        return TypedResults.Ok(await store.UpsertAsync(records, source, ct));
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetRecord(HttpContext http, RecordStore store, string kind, string key, CancellationToken ct)
    {
        if (!WireNames.TryParse<RecordKind>(kind, out var k))
        {
            return Problems.NotFound("record kind", kind);
        }

        if (MayReadRecords(Actor.From(http.User), k) is { } refused)
        {
            return Problems.Forbidden(refused);
        }

        var found = await store.GetAsync(k, key, ct);
        if (found is not { } record)
        {
            return Problems.NotFound($"{kind} record", key);
        }

        var document = record.Document;
        document["_revision"] = record.Revision;
        document["_source"] = record.Source;
        return TypedResults.Ok(document);
    }

    /// <summary>
    /// Who reads which kind of canonical record (legacy data of the agencies, keys are guessable): enterprise records
    /// any official; declarations and permits the inspection line (AQSIQ, CIQ) and Customs; measurements the
    /// inspection line and the BQS bureaus. Null when allowed, else the reason.
    /// </summary>
    internal static string? MayReadRecords(Actor actor, RecordKind kind)
    {
        if (!actor.IsOfficial)
        {
            return "Only agency officials and systems read canonical records.";
        }

        string[] agencies = kind switch
        {
            RecordKind.Enterprise => [],
            RecordKind.Declaration or RecordKind.Permit => ["AQSIQ", "CIQ", "CUSTOMS"],
            _ => ["AQSIQ", "CIQ", "BQS"],
        };
        return agencies.Length == 0 || (actor.Agency is { } agency && agencies.Contains(agency, StringComparer.Ordinal))
            ? null
            : $"{WireNames.Of(kind)} records are read only by officials of {string.Join(", ", agencies)}; {actor.OrganisationCode} ({actor.Agency}) may not.";
    }

    private static async Task<Results<Ok<SpsImportResponse>, ProblemHttpResult>> SpsImportEndpoint(
        HttpContext http, RecordStore store, GqDbContext db, CodeCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        var bytes = await ReadBodyAsync(http.Request, ct, MaxSpsBytes);
        if (bytes is null)
        {
            return TypedResults.Problem(detail: string.Create(CultureInfo.InvariantCulture, $"body: larger than {MaxSpsBytes} bytes; an SPS certificate may have at most {MaxSpsBytes} bytes"),
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large", extensions: new Dictionary<string, object?> { ["field"] = "body", ["limit"] = MaxSpsBytes });
        }

        if (bytes.AsSpan().Trim("\r\n\t "u8).IsEmpty)
        {
            return TypedResults.Problem(detail: "body: an SPSCertificate XML document is required (the body is empty)", statusCode: StatusCodes.Status422UnprocessableEntity, title: "No certificate",
                extensions: new Dictionary<string, object?> { ["field"] = "body", ["line"] = 1, ["column"] = 1 });
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            return TypedResults.Problem(detail: string.Create(CultureInfo.InvariantCulture, $"body: byte {e.Index} is not UTF-8"), statusCode: StatusCodes.Status422UnprocessableEntity, title: "The certificate is not UTF-8");
        }

        var (document, problems) = SpsCertificate.Parse(text.TrimStart('\uFEFF'));
        if (problems.Count > 0)
        {
            return TypedResults.Problem(
                detail: string.Join("; ", problems.Select(p => string.Create(CultureInfo.InvariantCulture, $"line {p.Line}, column {p.Column}: {p.Reason}"))),
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The SPS certificate is not valid; nothing was imported",
                extensions: new Dictionary<string, object?> { ["problems"] = problems, ["line"] = problems[0].Line, ["column"] = problems[0].Column });
        }

        var imported = SpsCertificate.Import(document!);
        UpsertSummary? stored = null;
        var keep = string.Equals(http.Request.Query["store"], "true", StringComparison.OrdinalIgnoreCase);
        if (keep)
        {
            if (!Actor.From(http.User).IsOfficial)
            {
                return Problems.Forbidden("Only agency officials and systems may store permits.");
            }

            stored = await store.UpsertAsync([imported.Permit], "sps", ct);
        }

        var on = imported.Permit.Fields.TryGetValue("issuedAt", out var issued) && DateTimeOffset.TryParse(issued, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? DateOnly.FromDateTime(at.Date)
            : DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var codes = DocumentTranslator.Translate(await catalog.GetAsync(db, ct), catalog.Codings, RecordKind.Permit, "international", "international", on, imported.Permit, null)
            .Fields.Where(f => f.Role is not null).ToArray();
        return TypedResults.Ok(new SpsImportResponse(imported.Permit.ToJson(), imported.MappedCount, imported.NotMappedCount, [.. imported.Mapped], [.. imported.NotMapped], codes, stored));
    }

    private static Results<ContentHttpResult, ValidationProblem> SpsExportEndpoint(JsonObject permit)
    {
        var v = new Validation();
        var record = CanonicalRecord.FromJson(RecordKind.Permit, permit);
        foreach (var (field, reason) in record.Validate())
        {
            v.Add(field, reason);
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        var xml = SpsCertificate.Export(record);
        return TypedResults.Text(xml.Declaration + "\n" + xml.Root, "application/xml; charset=utf-8");
    }
}
