using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Standards.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Standards;

internal static class StandardsEndpoints
{
    public static RouteGroupBuilder MapStandards(this RouteGroupBuilder group)
    {
        group.MapGet("/categories", Categories).WithName("ListCategories").WithSummary("Lists product categories, by parent (empty for the roots) or by text.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/categories/{code}", Category).WithName("GetCategory").WithSummary("One category with its path to the root and its children.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/parameters", Parameters).WithName("ListParameters").WithSummary("The measurable parameters and their canonical units.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/standards", StandardsList).WithName("ListStandards").WithSummary("Lists standards, by exact number, kind or text.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/requirements", Requirements).WithName("ListRequirements").WithSummary("Lists requirements, by standard, category or parameter.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/resolve", Resolve).WithName("ResolveLimit")
            .WithSummary("The requirement that governs a (product, parameter) in a market on a date, with every candidate and why it does or does not govern.").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/import/{file}", Import).WithName("ImportStandardsFile").Accepts<string>("text/csv")
            .WithSummary("Imports one catalogue file (categories, parameters, standards, requirements) as CSV; rejected lines come back with their line number and reason. Idempotent. Administrators only.").RequireAuthorization(Policies.SystemOrAdministrator);
        group.MapGet("/export/{file}", Export).WithName("ExportStandardsFile").WithSummary("One catalogue file as CSV, in the form the import reads.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/index", IndexInfo).WithName("StandardsIndex").WithSummary("The compiled index the conformity engine uses now.").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/reload", Reload).WithName("ReloadStandards")
            .WithSummary("Compiles the catalogue again and swaps the engine's index atomically, while ingestion runs. Administrators only.").RequireAuthorization(Policies.SystemOrAdministrator);
        return group;
    }

    private static async Task<Results<Ok<Paged<CategoryView>>, ValidationProblem>> Categories(StandardsQueries queries, string? parent, string? q, int? page, int? pageSize, CancellationToken ct) =>
        (await queries.CategoriesAsync(new CategoryQuery(parent, q, page, pageSize), ct)).ToOkOrInvalid();

    private static async Task<Results<Ok<CategoryView>, ProblemHttpResult>> Category(StandardsQueries queries, string code, CancellationToken ct) =>
        (await queries.CategoryAsync(code, ct)).ToOkOrProblem();

    private static async Task<Ok<ParameterView[]>> Parameters(StandardsQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.ParametersAsync(ct));

    private static async Task<Results<Ok<Paged<StandardView>>, ValidationProblem>> StandardsList(StandardsQueries queries, string? number, string? kind, string? q, int? page, int? pageSize,
        CancellationToken ct) =>
        (await queries.StandardsAsync(new StandardQuery(number, kind, q, page, pageSize), ct)).ToOkOrInvalid();

    private static async Task<Results<Ok<Paged<RequirementView>>, ValidationProblem>> Requirements(StandardsQueries queries, string? standard, string? category, string? parameter,
        int? page, int? pageSize, CancellationToken ct) =>
        (await queries.RequirementsAsync(new RequirementQuery(standard, category, parameter, page, pageSize), ct)).ToOkOrInvalid();

    private static async Task<Results<Ok<ResolutionView>, ValidationProblem>> Resolve(LimitResolution resolution,
        string? product, string? parameter, string? market, DateOnly? date, string? state, string? unit, CancellationToken ct) =>
        (await resolution.ResolveAsync(new ResolveRequest(product, parameter, market, date, state, unit), ct)).ToOkOrInvalid();

    private static async Task<Results<Ok<ImportResultView>, ProblemHttpResult>> Import(HttpContext http, StandardsAdministration administration, string file, CancellationToken ct) =>
        (await administration.ImportAsync(Actor.From(http.User), file, http.Request.Body, ct)).ToOkOrProblem();

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Export(HttpContext http, StandardsAdministration administration, string file, CancellationToken ct)
    {
        var exported = await administration.ExportAsync(file, ct);
        if (exported.Value is not { } csv)
        {
            return exported.Problem!;
        }

        http.Response.Headers.ContentDisposition = $"attachment; filename={csv.FileName}";
        return TypedResults.Text(csv.Csv, "text/csv; charset=utf-8");
    }

    private static async Task<Ok<IndexView>> IndexInfo(StandardsAdministration administration, CancellationToken ct) =>
        TypedResults.Ok(await administration.IndexAsync(ct));

    private static async Task<Results<Ok<IndexView>, ProblemHttpResult>> Reload(HttpContext http, StandardsAdministration administration, CancellationToken ct) =>
        (await administration.ReloadAsync(Actor.From(http.User), ct)).ToOkOrProblem();
}
