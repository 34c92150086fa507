using System.Text.Json.Nodes;
using GoldenQuality.Codes.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Codes;

/// <summary>Legacy adapters, canonical records and SPS certificates over HTTP.</summary>
internal static class AdapterEndpoints
{
    /// <summary>The largest SPS certificate accepted (<see cref="SpsCertificates.MaxBytes"/>).</summary>
    internal const long MaxSpsBytes = SpsCertificates.MaxBytes;

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
        group.MapGet("/feeds", ListFeeds).WithName("ListLegacyFeeds")
            .WithSummary("The legacy feeds (watched folders) of this node and the files each processed since the node started, latest first.").RequireAuthorization(Policies.Official);
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

    private static Ok<AdapterView[]> ListAdapters(LegacyRecords records) => TypedResults.Ok(records.Adapters());

    private static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> Import(HttpContext http, LegacyRecords records, string name, bool? allowRejects, CancellationToken ct) =>
        (await records.ImportAsync(Actor.From(http.User), name, allowRejects == true, new Upload(http.Request.ContentLength, http.Request.Body), ct)).ToOkOrProblem();

    private static Results<Ok<FeedView[]>, ProblemHttpResult> ListFeeds(HttpContext http, LegacyFeeds feeds) =>
        feeds.List(Actor.From(http.User)).ToOkOrProblem();

    private static Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem> Export(LegacyRecords records, string name, ExportRequest request)
    {
        var exported = records.Export(name, request);
        return exported.Invalid is { } invalid ? invalid
            : exported.Problem is { } problem ? problem
            : TypedResults.File(exported.Value!.Bytes, exported.Value.ContentType, exported.Value.FileName);
    }

    private static async Task<Results<Ok<UpsertSummary>, ValidationProblem, ProblemHttpResult>> PostRecords(HttpContext http, LegacyRecords records, RecordBatch batch, CancellationToken ct) =>
        (await records.StoreAsync(Actor.From(http.User), batch, ct)).ToOk();

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetRecord(HttpContext http, LegacyRecords records, string kind, string key, CancellationToken ct) =>
        (await records.GetAsync(Actor.From(http.User), kind, key, ct)).ToOkOrProblem();

    private static async Task<Results<Ok<SpsImportResponse>, ProblemHttpResult>> SpsImportEndpoint(HttpContext http, SpsCertificates certificates, CancellationToken ct)
    {
        var keep = string.Equals(http.Request.Query["store"], "true", StringComparison.OrdinalIgnoreCase);
        return (await certificates.ImportAsync(Actor.From(http.User), new Upload(http.Request.ContentLength, http.Request.Body), keep, ct)).ToOkOrProblem();
    }

    private static Results<ContentHttpResult, ValidationProblem> SpsExportEndpoint(JsonObject permit)
    {
        var exported = SpsCertificates.Export(permit);
        return exported.Invalid is { } invalid ? invalid : TypedResults.Text(exported.Value!, "application/xml; charset=utf-8");
    }
}
