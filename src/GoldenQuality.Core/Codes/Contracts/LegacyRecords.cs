using System.Globalization;
using System.Text.Json.Nodes;
using GoldenQuality.Codes.Adapters;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoldenQuality.Codes.Contracts;

/// <summary>Legacy files and canonical records: list the adapters, import a legacy file, write records in a legacy format, store and read canonical records.</summary>
public sealed class LegacyRecords
{
    /// <summary>The largest legacy file accepted.</summary>
    public const long MaxUpload = 256L * 1024 * 1024;

    private readonly string adapterFolder;
    private readonly RecordStore store;

    internal LegacyRecords(string adapterFolder, RecordStore store)
    {
        this.adapterFolder = adapterFolder;
        this.store = store;
    }

    /// <summary>The adapter definitions this node ships (<c>data/adapters/*.json</c>).</summary>
    public AdapterView[] Adapters() =>
        [.. Directory.EnumerateFiles(adapterFolder, "*.json").Order(StringComparer.Ordinal)
            .Select(AdapterDefinition.Load)
            .Select(d => new AdapterView(d.Name, d.Format, d.Encoding, d.Record, d.Description))];

    private Adapter? FindAdapter(string name)
    {
        if (name.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
        {
            return null;
        }

        var path = Path.Combine(adapterFolder, name + ".json");
        return File.Exists(path) ? new Adapter(AdapterDefinition.Load(path)) : null;
    }

    /// <summary>Converts a legacy file to canonical records and stores them by key (officials only); any reject refuses the whole file unless rejects are allowed.</summary>
    public async Task<HandlerResult<ImportResponse>> ImportAsync(Actor actor, string name, bool allowRejects, Upload file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(file);
        if (!actor.IsOfficial)
        {
            return Problems.Forbidden(new Message("codes.officials-import"));
        }

        if (FindAdapter(name) is not { } adapter)
        {
            return Problems.NotFound(new Message("noun.adapter"), name);
        }

        if (await Uploads.ReadAsync(file, MaxUpload, ct) is not { } bytes)
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

        if (result.Rejects.Count > 0 && !allowRejects)
        {
            return Rejected(result);
        }

        var summary = await store.UpsertAsync(result.Records, $"adapter:{name}", ct);
        return new ImportResponse(name, result.Lines, summary.Records, summary.Added, summary.Updated, summary.Unchanged, [.. result.Rejects]);
    }

    private static ProblemHttpResult FileProblem(AdapterException e, string? name) =>
        TypedResults.Problem(
            detail: $"{name ?? "file"}: {e.Message}",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The file cannot be read; nothing was imported",
            extensions: new Dictionary<string, object?> { ["field"] = "body", ["line"] = e.Line, ["column"] = e.Column, ["reason"] = e.Reason });

    private static ProblemHttpResult Rejected(AdaptResult result) =>
        TypedResults.Problem(
            detail: string.Join("; ", result.Rejects.Take(20).Select(r => string.Create(CultureInfo.InvariantCulture, $"line {r.Line}, column {r.Column}: {r.Reason}"))),
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: string.Create(CultureInfo.InvariantCulture, $"{result.Rejects.Count} record(s) rejected; nothing was imported (allowRejects=true imports the rest)"),
            extensions: new Dictionary<string, object?> { ["rejects"] = result.Rejects, ["records"] = result.Records.Count });

    /// <summary>Writes canonical records in the adapter's legacy format.</summary>
    public HandlerResult<LegacyFile> Export(string name, ExportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (FindAdapter(name) is not { } adapter)
        {
            return Problems.NotFound(new Message("noun.adapter"), name);
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
            var format = adapter.Definition.Format;
            var type = format == "xml" ? "application/xml" : "text/plain";
            return new LegacyFile(bytes, $"{type}; charset={adapter.Definition.Encoding}", $"{name}.{(format == "xml" ? "xml" : format == "csv" ? "csv" : "txt")}");
        }
        catch (FormatException e)
        {
            v.Add("records", new Message("codes.records-unwritable", e.Message));
            return v.Result();
        }
    }

    private static List<CanonicalRecord> ReadRecords(Validation v, RecordKind kind, JsonObject[]? documents)
    {
        var records = new List<CanonicalRecord>();
        if (documents is not { Length: > 0 })
        {
            v.Add("records", new Message("codes.records-required"));
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
            v.Add("records", new Message("codes.records-duplicate", duplicate.Key, duplicate.Count()));
        }

        return records;
    }

    /// <summary>Stores a batch of canonical records by key (officials only); re-sending changes nothing.</summary>
    public async Task<HandlerResult<UpsertSummary>> StoreAsync(Actor actor, RecordBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(batch);
        if (!actor.IsOfficial)
        {
            return Problems.Forbidden(new Message("codes.officials-store-records"));
        }

        var v = new Validation();
        var kind = v.Enum<RecordKind>("kind", batch.Kind);
        var source = v.Required("source", batch.Source, 256);
        var records = v.IsValid ? ReadRecords(v, kind, batch.Records) : [];
        if (!v.IsValid)
        {
            return v.Result();
        }

        return await store.UpsertAsync(records, source, ct);
    }

    /// <summary>One canonical record with its revision and source, for the officials who may read its kind (<see cref="RecordAccess"/>).</summary>
    public async Task<HandlerResult<JsonObject>> GetAsync(Actor actor, string kind, string key, CancellationToken ct)
    {
        if (!WireNames.TryParse<RecordKind>(kind, out var k))
        {
            return Problems.NotFound(new Message("noun.record-kind"), kind);
        }

        if (RecordAccess.Refusal(actor, k) is { } refused)
        {
            return Problems.Forbidden(refused);
        }

        if (await store.GetAsync(k, key, ct) is not { } record)
        {
            return Problems.NotFound(new Message("noun.kind-record", kind), key);
        }

        var document = record.Document;
        document["_revision"] = record.Revision;
        document["_source"] = record.Source;
        return document;
    }
}
