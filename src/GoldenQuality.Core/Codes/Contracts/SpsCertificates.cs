using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using GoldenQuality.Codes.Sps;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoldenQuality.Codes.Contracts;

/// <summary>UN/CEFACT SPS certificates: import one as a permit record (every XML leaf reported, every coded field checked), export a permit as one.</summary>
public sealed class SpsCertificates
{
    /// <summary>The largest SPS certificate accepted (a real one, with attachments, is well under 1 MB).</summary>
    public const long MaxBytes = 4L * 1024 * 1024;

    private readonly GqDbContext db;
    private readonly RecordStore store;
    private readonly CodeCatalog catalog;
    private readonly TimeProvider clock;

    internal SpsCertificates(GqDbContext db, RecordStore store, CodeCatalog catalog, TimeProvider clock)
    {
        this.db = db;
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
    }

    /// <summary>Validates and maps a certificate; with <paramref name="keep"/> the permit is stored too (officials only).</summary>
    public async Task<HandlerResult<SpsImportResponse>> ImportAsync(Actor actor, Upload certificate, bool keep, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (document, problem) = await ReadAsync(certificate, ct);
        if (document is null)
        {
            return problem!;
        }

        var imported = SpsCertificate.Import(document);
        UpsertSummary? stored = null;
        if (keep)
        {
            if (!actor.IsOfficial)
            {
                return Problems.Forbidden(new Message("codes.officials-store-permits"));
            }

            stored = await store.UpsertAsync([imported.Permit], "sps", ct);
        }

        var on = imported.Permit.Fields.TryGetValue("issuedAt", out var issued) && DateTimeOffset.TryParse(issued, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? DateOnly.FromDateTime(at.Date)
            : DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var codes = DocumentTranslator.Translate(await catalog.GetAsync(db, ct), catalog.Codings, RecordKind.Permit, "international", "international", on, imported.Permit, null)
            .Fields.Where(f => f.Role is not null).ToArray();
        return new SpsImportResponse(imported.Permit.ToJson(), imported.MappedCount, imported.NotMappedCount, [.. imported.Mapped], [.. imported.NotMapped], codes, stored);
    }

    /// <summary>The certificate's XML document, or the problem: too large, empty, not UTF-8, not a valid SPSCertificate.</summary>
    private static async Task<(System.Xml.Linq.XDocument? Document, ProblemHttpResult? Problem)> ReadAsync(Upload certificate, CancellationToken ct)
    {
        if (await Uploads.ReadAsync(certificate, MaxBytes, ct) is not { } bytes)
        {
            return (null, TypedResults.Problem(detail: string.Create(CultureInfo.InvariantCulture, $"body: larger than {MaxBytes} bytes; an SPS certificate may have at most {MaxBytes} bytes"),
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large", extensions: new Dictionary<string, object?> { ["field"] = "body", ["limit"] = MaxBytes }));
        }

        if (bytes.AsSpan().Trim("\r\n\t "u8).IsEmpty)
        {
            return (null, TypedResults.Problem(detail: "body: an SPSCertificate XML document is required (the body is empty)", statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "No certificate", extensions: new Dictionary<string, object?> { ["field"] = "body", ["line"] = 1, ["column"] = 1 }));
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            return (null, TypedResults.Problem(detail: string.Create(CultureInfo.InvariantCulture, $"body: byte {e.Index} is not UTF-8"), statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The certificate is not UTF-8"));
        }

        var (document, problems) = SpsCertificate.Parse(text.TrimStart('\uFEFF'));
        return problems.Count == 0
            ? (document, null)
            : (null, TypedResults.Problem(
                detail: string.Join("; ", problems.Select(p => string.Create(CultureInfo.InvariantCulture, $"line {p.Line}, column {p.Column}: {p.Reason}"))),
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The SPS certificate is not valid; nothing was imported",
                extensions: new Dictionary<string, object?> { ["problems"] = problems, ["line"] = problems[0].Line, ["column"] = problems[0].Column }));
    }

    /// <summary>Writes a permit record as an SPSCertificate (XML with its declaration).</summary>
    public static HandlerResult<string> Export(JsonObject permit)
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
        return xml.Declaration + "\n" + xml.Root;
    }
}
