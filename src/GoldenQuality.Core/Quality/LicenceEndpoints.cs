using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Quality.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Quality;

/// <summary>
/// The production-licence register on the province's BQS node (<c>/api/quality/licences</c>): enterprises apply; the
/// province's BQS officers review, grant, refuse, change, suspend, reinstate and revoke; holders and officers read
/// (docs/quality.md, "Production licences").
/// </summary>
internal static class LicenceEndpoints
{
    public static RouteGroupBuilder MapProductionLicences(this RouteGroupBuilder group)
    {
        group.MapGet("/licences", List).WithName("ListProductionLicences").WithSummary("The register: a BQS officer sees his province's licences, an enterprise user its own; sorted (sort=newest|number|holder|expiry).").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/licences/{number}", Get).WithName("GetProductionLicence").WithSummary("One licence (by licence or application number) with its review and history.").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/licences", Apply).WithName("ApplyForProductionLicence").WithSummary("An enterprise applies for its own licence, or a BQS officer enters an application for an enterprise of his province.").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/licences/expiry-sweep", Expire).WithName("ExpireProductionLicences").WithSummary("Marks the licences past their validity as expired now (the node also does it at start and periodically).").RequireAuthorization(Policies.QualityOfficer);
        group.MapPost("/licences/{number}/review", Review).WithName("ReviewProductionLicence").WithSummary("Schedules the on-site review (the application goes under review) and records its result.").RequireAuthorization(Policies.QualityOfficer);
        group.MapPost("/licences/{number}/grant", Grant).WithName("GrantProductionLicence").WithSummary("Grants a licence whose on-site review passed: assigns its number and validity; CIQ is told.").RequireAuthorization(Policies.QualityOfficer);
        group.MapPost("/licences/{number}/refuse", Refuse).WithName("RefuseProductionLicence").WithSummary("Refuses an application, with the reason.").RequireAuthorization(Policies.QualityOfficer);
        group.MapPost("/licences/{number}/change", Change).WithName("ChangeProductionLicence").WithSummary("Changes categories, site address or end of validity, with the reason; CIQ is told.").RequireAuthorization(Policies.QualityOfficer);
        group.MapPost("/licences/{number}/suspend", Suspend).WithName("SuspendProductionLicence").WithSummary("Suspends a granted licence, with the reason; CIQ is told.").RequireAuthorization(Policies.QualityOfficer);
        group.MapPost("/licences/{number}/reinstate", Reinstate).WithName("ReinstateProductionLicence").WithSummary("Reinstates a suspended licence, with the reason; CIQ is told.").RequireAuthorization(Policies.QualityOfficer);
        group.MapPost("/licences/{number}/revoke", Revoke).WithName("RevokeProductionLicence").WithSummary("Revokes a licence, with the reason (final); CIQ is told.").RequireAuthorization(Policies.QualityOfficer);
        return group;
    }

    private static async Task<Results<Ok<Paged<ProductionLicenceSummary>>, ValidationProblem, ProblemHttpResult>> List(
        HttpContext http, ListProductionLicences handler, string? holder, string? status, string? q, string? sort, int? page, int? size, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), holder, status, q, sort, page, size, ct)).ToOk();

    private static async Task<Results<Ok<ProductionLicenceView>, ValidationProblem, ProblemHttpResult>> Get(HttpContext http, GetProductionLicence handler, string number, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, ct)).ToOk();

    private static async Task<Results<Created<ProductionLicenceView>, ValidationProblem, ProblemHttpResult>> Apply(
        HttpContext http, ApplyForProductionLicence handler, ProductionLicenceApplication request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), request, ct)).ToCreated(v => "/api/quality/licences/" + Uri.EscapeDataString(v.ApplicationNumber));

    private static async Task<Results<Ok<ProductionLicenceExpirySummary>, ValidationProblem, ProblemHttpResult>> Expire(HttpContext http, ExpireProductionLicences handler, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), ct)).ToOk();

    private static async Task<Results<Ok<ProductionLicenceView>, ValidationProblem, ProblemHttpResult>> Review(
        HttpContext http, ReviewProductionLicence handler, string number, ProductionLicenceReviewRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, request, ct)).ToOk();

    private static async Task<Results<Ok<ProductionLicenceView>, ValidationProblem, ProblemHttpResult>> Grant(
        HttpContext http, GrantProductionLicence handler, string number, ProductionLicenceGrantRequest? request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, request ?? new ProductionLicenceGrantRequest(null, null, null, null), ct)).ToOk();

    private static async Task<Results<Ok<ProductionLicenceView>, ValidationProblem, ProblemHttpResult>> Refuse(
        HttpContext http, RefuseProductionLicence handler, string number, ProductionLicenceRefusal request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, request, ct)).ToOk();

    private static async Task<Results<Ok<ProductionLicenceView>, ValidationProblem, ProblemHttpResult>> Change(
        HttpContext http, ChangeProductionLicence handler, string number, ProductionLicenceChangeRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, request, ct)).ToOk();

    private static Task<Results<Ok<ProductionLicenceView>, ValidationProblem, ProblemHttpResult>> Suspend(
        HttpContext http, ChangeProductionLicenceStatus handler, string number, ProductionLicenceStep step, CancellationToken ct) => Step(http, handler, number, "suspend", step, ct);

    private static Task<Results<Ok<ProductionLicenceView>, ValidationProblem, ProblemHttpResult>> Reinstate(
        HttpContext http, ChangeProductionLicenceStatus handler, string number, ProductionLicenceStep step, CancellationToken ct) => Step(http, handler, number, "reinstate", step, ct);

    private static Task<Results<Ok<ProductionLicenceView>, ValidationProblem, ProblemHttpResult>> Revoke(
        HttpContext http, ChangeProductionLicenceStatus handler, string number, ProductionLicenceStep step, CancellationToken ct) => Step(http, handler, number, "revoke", step, ct);

    private static async Task<Results<Ok<ProductionLicenceView>, ValidationProblem, ProblemHttpResult>> Step(
        HttpContext http, ChangeProductionLicenceStatus handler, string number, string action, ProductionLicenceStep step, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, new ProductionLicenceStatusRequest(action, step.Reason ?? "", step.Reference, step.Version), ct)).ToOk();
}
