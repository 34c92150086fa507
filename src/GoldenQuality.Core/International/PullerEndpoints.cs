using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.International.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.International;

/// <summary>
/// The member side of the hub on a federation node (<c>/api/international</c>): pull now, and what this node received
/// and sent through the hub. The policy is <c>official</c>; the use cases let only a port office or the exchange
/// operator through (403 otherwise).
/// </summary>
internal static class PullerEndpoints
{
    public static RouteGroupBuilder MapHubMember(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/international").WithTags("International: hub member");
        group.MapPost("/pull", Pull).WithName("PullFromHub")
            .WithSummary("Pulls now the envelopes the hub holds for this node's country, keeps each once and acknowledges it (port office or exchange operator).")
            .RequireAuthorization(Policies.Official);
        group.MapGet("/received", Received).WithName("ListReceivedEnvelopes")
            .WithSummary("The envelopes this node pulled from the hub, with the outcome acknowledged, newest first (port office or exchange operator).")
            .RequireAuthorization(Policies.Official);
        group.MapGet("/outgoing", Outgoing).WithName("ListOutgoingEnvelopes")
            .WithSummary("The envelopes this node sent through the hub, with their tracking state, newest first (port office or exchange operator).")
            .RequireAuthorization(Policies.Official);
        return group;
    }

    private static async Task<Results<Ok<HubPullSummary>, ValidationProblem, ProblemHttpResult>> Pull(HttpContext http, PullFromHub handler, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), ct)).ToOk();

    private static async Task<Results<Ok<ReceivedEnvelopeView[]>, ValidationProblem, ProblemHttpResult>> Received(HttpContext http, ListReceivedEnvelopes handler, string? from, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), from, ct)).ToOk();

    private static async Task<Results<Ok<OutgoingEnvelopeView[]>, ValidationProblem, ProblemHttpResult>> Outgoing(HttpContext http, ListOutgoing handler, string? permit, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), permit, ct)).ToOk();
}
