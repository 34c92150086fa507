using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Alerts;

/// <summary>
/// The hold register of this node (<c>/api/alerts/holds</c>): officials read the holds of their office and of the
/// offices below it; a supervisor of the hold's office or of an office above decides it (docs/alerts.md, "Holds").
/// </summary>
internal static class HoldEndpoints
{
    public static RouteGroupBuilder MapHolds(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/alerts").WithTags("Alerts: holds");
        group.MapGet("/holds", List).WithName("ListHolds").WithSummary("The holds of the official's office and of the offices below it (the coordinator: every hold of the node), sorted (sort=newest|oldest|office|subject).").RequireAuthorization(Policies.Official);
        group.MapGet("/holds/{id:guid}", Get).WithName("GetHold").WithSummary("One hold, its subject, reason and decision.").RequireAuthorization(Policies.Official);
        group.MapPost("/holds/{id:guid}/decide", Decide).WithName("DecideHold").WithSummary("Decides a hold (released after a passing re-test, destroyed, returned, reprocessed) with evidence; the decision is distributed like the hold was.").RequireAuthorization(Policies.Official);
        return group;
    }

    private static async Task<Results<Ok<Paged<HoldSummary>>, ValidationProblem, ProblemHttpResult>> List(
        HttpContext http, ListHolds handler, string? status, string? kind, string? alert, string? sort, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), status, kind, alert, sort, page, pageSize, ct)).ToOk();

    private static async Task<Results<Ok<HoldView>, ValidationProblem, ProblemHttpResult>> Get(HttpContext http, GetHold handler, Guid id, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, ct)).ToOk();

    private static async Task<Results<Ok<HoldView>, ValidationProblem, ProblemHttpResult>> Decide(
        HttpContext http, DecideHold handler, Guid id, HoldDecisionRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, request, ct)).ToOk();
}
