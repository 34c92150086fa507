using GoldenQuality.Codes.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Codes;

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
        group.MapGet("/codings", (CodeTables tables) => TypedResults.Ok(tables.Codings)).WithName("ListCodings")
            .WithSummary("The codings and, for each, the code system every kind of field uses.").RequireAuthorization(Policies.SignedIn);
        return group;
    }

    private static async Task<Ok<SystemView[]>> ListSystems(CodeTables tables, CancellationToken ct) => TypedResults.Ok(await tables.SystemsAsync(ct));

    private static async Task<Results<Ok<Paged<CodeView>>, ProblemHttpResult, ValidationProblem>> ListCodes(
        CodeTables tables, string system, string version, string? prefix, int? page, int? pageSize, CancellationToken ct)
    {
        var result = await tables.CodesAsync(system, version, prefix, page, pageSize, ct);
        return result.Invalid is { } invalid ? invalid : result.Problem is { } problem ? problem : TypedResults.Ok(result.Value);
    }

    private static async Task<Results<Ok<CodeView>, ProblemHttpResult>> GetCode(CodeTables tables, string system, string version, string code, CancellationToken ct) =>
        (await tables.CodeAsync(system, version, code, ct)).ToOkOrProblem();

    private static async Task<Results<Ok<MappingView[]>, ValidationProblem>> ListMappings(CodeTables tables, string? from, string? to, string? code, CancellationToken ct) =>
        (await tables.MappingsAsync(from, to, code, ct)).ToOkOrInvalid();

    private static async Task<Results<Created<MappingView>, ValidationProblem, ProblemHttpResult>> AddMapping(
        HttpContext http, CodeTables tables, AddMappingRequest request, CancellationToken ct) =>
        (await tables.AddMappingAsync(Actor.From(http.User), request, ct)).ToCreated(m => $"/api/codes/mappings?from={m.From}&to={m.To}&code={m.FromCode}");

    private static async Task<Results<Ok<TranslationView>, ValidationProblem, ProblemHttpResult>> TranslateOne(
        HttpContext http, CodeTables tables, string? from, string? to, string? code, string? on, CancellationToken ct) =>
        (await tables.TranslateAsync(new TranslateRequest(from, to, code, on, [.. http.Request.Query["condition"]]), ct)).ToOk();

    private static async Task<Results<Ok<BulkTranslateResponse>, ValidationProblem>> TranslateBulk(CodeTables tables, BulkTranslateRequest request, CancellationToken ct) =>
        (await tables.TranslateBulkAsync(request, ct)).ToOkOrInvalid();

    private static async Task<Results<Ok<DocumentTranslateResponse>, ValidationProblem, ProblemHttpResult>> TranslateDocument(
        CodeTables tables, DocumentTranslateRequest request, CancellationToken ct) =>
        (await tables.TranslateDocumentAsync(request, ct)).ToOk();

    private static async Task<Results<Ok<ConsistencyReport[]>, ValidationProblem>> ConsistencyReport(CodeTables tables, string? from, string? to, CancellationToken ct) =>
        (await tables.ConsistencyAsync(from, to, ct)).ToOkOrInvalid();
}
