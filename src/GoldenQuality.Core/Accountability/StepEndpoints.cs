using GoldenQuality.Accountability.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Accountability;

/// <summary>
/// Accountable steps and reciprocity (<c>/api/accountability</c>, docs/accountability.md): the steps of this node's cases
/// and their on-time rates (officials), the escalations it keeps (officials), tracking and reporting now (exchange
/// operator), the federation's reciprocity (leadership).
/// </summary>
internal static class StepEndpoints
{
    public static RouteGroupBuilder MapSteps(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/accountability").WithTags("Accountability: steps and reciprocity");
        group.MapPost("/steps/track", Track).WithName("TrackSteps")
            .WithSummary("Tracks the agreement steps now: opens the cases of what this node sent and asked, completes steps, escalates overdue ones once (exchange operator).")
            .RequireAuthorization(Policies.ExchangeOperator);
        group.MapGet("/steps", List).WithName("ListSteps")
            .WithSummary("The steps of this node's cases by accountable party (member id) and state (open, overdue, done), paged.")
            .RequireAuthorization(Policies.Official);
        group.MapGet("/steps/on-time", OnTime).WithName("GetOnTimeRates")
            .WithSummary("The on-time rate per accountable party of the steps whose deadline fell in [from, to) (default: the last 30 days).")
            .RequireAuthorization(Policies.Official);
        group.MapGet("/escalations", Escalations).WithName("ListEscalations")
            .WithSummary("The escalations this node keeps: its agency's overdue steps and, on the coordinating body's node, everyone's; newest first, paged.")
            .RequireAuthorization(Policies.Official);
        group.MapPost("/reciprocity/report", Report).WithName("ReportReciprocity")
            .WithSummary("Sends this node's reciprocity summary now to the node hosting the coordinating body (exchange operator).")
            .RequireAuthorization(Policies.ExchangeOperator);
        group.MapGet("/reciprocity", Matrix).WithName("GetReciprocity")
            .WithSummary("The federation's reciprocity matrix, on-time rate per agency, and each node's latest report time (leadership).")
            .RequireAuthorization(Policies.Leadership);
        return group;
    }

    private static async Task<Results<Ok<StepTrackSummary>, ProblemHttpResult>> Track(HttpContext http, TrackSteps handler, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), ct)).ToOkOrProblem();

    private static async Task<Results<Ok<Paged<StepView>>, ValidationProblem, ProblemHttpResult>> List(
        HttpContext http, ListSteps handler, string? party, string? state, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), party, state, page, pageSize, ct)).ToOk();

    private static async Task<Results<Ok<OnTimeRate[]>, ValidationProblem, ProblemHttpResult>> OnTime(
        HttpContext http, GetOnTimeRates handler, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), from, to, ct)).ToOk();

    private static async Task<Results<Ok<Paged<EscalationView>>, ValidationProblem, ProblemHttpResult>> Escalations(
        HttpContext http, ListEscalations handler, bool? toCoordinator, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), toCoordinator, page, pageSize, ct)).ToOk();

    private static async Task<Results<Ok<ReciprocitySent>, ProblemHttpResult>> Report(HttpContext http, ReportReciprocity handler, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), ct)).ToOkOrProblem();

    private static async Task<Results<Ok<ReciprocityMatrix>, ProblemHttpResult>> Matrix(HttpContext http, GetReciprocity handler, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), ct)).ToOkOrProblem();
}
