using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Quality.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Quality;

/// <summary>
/// Market spot checks on the provincial BQS node (<c>/api/quality</c>): plans, sampling records, laboratory results
/// judged at once, follow-ups, the province's dashboard (BQS officers of the province), and the public list of
/// nonconforming products (anyone) — docs/quality.md, "Spot checks".
/// </summary>
internal static class SpotCheckEndpoints
{
    public static RouteGroupBuilder MapSpotChecks(this RouteGroupBuilder group)
    {
        group.MapPost("/plans", CreatePlan).WithName("CreateSpotCheckPlan").WithSummary("Sets up a national or provincial spot-check plan of the officer's province.").RequireAuthorization(Policies.QualityOfficer);
        group.MapGet("/plans", ListPlans).WithName("ListSpotCheckPlans").WithSummary("The province's spot-check plans, with samples planned and taken.").RequireAuthorization(Policies.QualityOfficer);
        group.MapGet("/plans/{number}", GetPlan).WithName("GetSpotCheckPlan").WithSummary("One plan with its samples.").RequireAuthorization(Policies.QualityOfficer);
        group.MapPost("/plans/{number}/samples", RecordSample).WithName("RecordSpotCheckSample").WithSummary("Records a sample taken under the plan (where, from whom, whose product, lot, date, samplers).").RequireAuthorization(Policies.QualityOfficer);
        group.MapGet("/samples", ListSamples).WithName("ListSpotCheckSamples").WithSummary("The province's samples by plan, outcome and text.").RequireAuthorization(Policies.QualityOfficer);
        group.MapGet("/samples/{number}", GetSample).WithName("GetSpotCheckSample").WithSummary("One sample with its results, judgement per item and follow-ups.").RequireAuthorization(Policies.QualityOfficer);
        group.MapPost("/samples/{number}/results", RecordResults).WithName("RecordSpotCheckResults").WithSummary("Records the laboratory's results and judges them at once against the governing limits.").RequireAuthorization(Policies.QualityOfficer);
        group.MapPost("/samples/{number}/follow-ups", AddFollowUp).WithName("AddSpotCheckFollowUp").WithSummary("Orders a follow-up: rectification, re-test, penalty or licence suspension.").RequireAuthorization(Policies.QualityOfficer);
        group.MapGet("/follow-ups", ListFollowUps).WithName("ListSpotCheckFollowUps").WithSummary("The province's follow-ups: open ones, overdue ones.").RequireAuthorization(Policies.QualityOfficer);
        group.MapPost("/follow-ups/{id:guid}/close", CloseFollowUp).WithName("CloseSpotCheckFollowUp").WithSummary("Closes a follow-up with its outcome.").RequireAuthorization(Policies.QualityOfficer);
        group.MapGet("/dashboard", Dashboard).WithName("GetQualityDashboard").WithSummary("Pass rates by category and region, plan progress, open and overdue follow-ups.").RequireAuthorization(Policies.QualityOfficer);

        // Public on purpose: the publication of nonconforming products is for consumers to read (issue 15), without an account.
        group.MapGet("/public/nonconforming-products", Nonconforming).WithName("ListNonconformingProducts").WithSummary("Products found nonconforming by market spot checks, for the public.").AllowAnonymous();
        return group;
    }

    private static async Task<Results<Created<SpotCheckPlanView>, ValidationProblem, ProblemHttpResult>> CreatePlan(HttpContext http, CreateSpotCheckPlan handler, SpotCheckPlanRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), request, ct)).ToCreated(v => $"/api/quality/plans/{v.Number}");

    private static async Task<Results<Ok<Paged<SpotCheckPlanSummary>>, ValidationProblem, ProblemHttpResult>> ListPlans(HttpContext http, ListSpotCheckPlans handler, string? q, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), q, page, pageSize, ct)).ToOk();

    private static async Task<Results<Ok<SpotCheckPlanView>, ValidationProblem, ProblemHttpResult>> GetPlan(HttpContext http, GetSpotCheckPlan handler, string number, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, ct)).ToOk();

    private static async Task<Results<Created<SampleView>, ValidationProblem, ProblemHttpResult>> RecordSample(HttpContext http, RecordSpotCheckSample handler, string number, SampleRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, request, ct)).ToCreated(v => $"/api/quality/samples/{v.Number}");

    private static async Task<Results<Ok<Paged<SampleSummary>>, ValidationProblem, ProblemHttpResult>> ListSamples(
        HttpContext http, ListSpotCheckSamples handler, string? plan, string? outcome, string? q, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), plan, outcome, q, page, pageSize, ct)).ToOk();

    private static async Task<Results<Ok<SampleView>, ValidationProblem, ProblemHttpResult>> GetSample(HttpContext http, GetSpotCheckSample handler, string number, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, ct)).ToOk();

    private static async Task<Results<Ok<SampleView>, ValidationProblem, ProblemHttpResult>> RecordResults(HttpContext http, RecordSpotCheckResults handler, string number, SampleResultsRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, request, ct)).ToOk();

    private static async Task<Results<Ok<SampleView>, ValidationProblem, ProblemHttpResult>> AddFollowUp(HttpContext http, AddSpotCheckFollowUp handler, string number, FollowUpRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, request, ct)).ToOk();

    private static async Task<Results<Ok<Paged<FollowUpView>>, ValidationProblem, ProblemHttpResult>> ListFollowUps(
        HttpContext http, ListSpotCheckFollowUps handler, bool? open, bool? overdue, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), open, overdue, page, pageSize, ct)).ToOk();

    private static async Task<Results<Ok<FollowUpView>, ValidationProblem, ProblemHttpResult>> CloseFollowUp(HttpContext http, CloseSpotCheckFollowUp handler, Guid id, FollowUpCloseRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, request, ct)).ToOk();

    private static async Task<Results<Ok<QualityDashboardView>, ValidationProblem, ProblemHttpResult>> Dashboard(HttpContext http, GetQualityDashboard handler, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), ct)).ToOk();

    private static async Task<Results<Ok<Paged<NonconformingProductView>>, ValidationProblem, ProblemHttpResult>> Nonconforming(
        ListNonconformingProducts handler, string? category, DateOnly? from, DateOnly? to, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(category, from, to, page, pageSize, ct)).ToOk();
}
