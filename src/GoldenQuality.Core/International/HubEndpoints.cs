using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.International.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.International;

/// <summary>
/// The hub's HTTP API (<c>/api/hub</c>) for the foreign authorities it hosts (policy <c>hub-member</c>; an officer acts
/// for the country of its office) and for its operator (<c>hub-operator</c>). On any node that is not the hub every
/// endpoint answers 404 "Not the hub".
/// </summary>
internal static class HubEndpoints
{
    /// <summary>The most headers one list answers with (newest first).</summary>
    public const int MaxListed = 500;

    public static RouteGroupBuilder MapHub(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/hub").WithTags("International: hub");
        group.MapPost("/envelopes", Deliver).WithName("DeliverHubEnvelope")
            .WithSummary("Delivers an envelope (SPS certificate XML or border-rejection notice) to another member country; a delivery id seen before is kept once. 422 names a refused field.")
            .RequireAuthorization(Policies.HubMember);
        group.MapGet("/envelopes", List).WithName("ListHubEnvelopes")
            .WithSummary("The headers of the envelopes sent to the officer's country (box=import, the default) or by it (box=export), newest first, optionally in one state.")
            .RequireAuthorization(Policies.HubMember);
        group.MapGet("/envelopes/{number}", Pull).WithName("PullHubEnvelope")
            .WithSummary("Pulls one envelope sent to the officer's country, with its content; a pending envelope counts one delivery attempt until it is acknowledged.")
            .RequireAuthorization(Policies.HubMember);
        group.MapPost("/envelopes/{number}/acknowledgement", Acknowledge).WithName("AcknowledgeHubEnvelope")
            .WithSummary("Acknowledges a pulled envelope: delivered, delivered-with-warnings, delivered-not-readable or failed-delivery (with the reason).")
            .RequireAuthorization(Policies.HubMember);
        group.MapGet("/envelopes/{number}/tracking", Tracking).WithName("TrackHubEnvelope")
            .WithSummary("The tracking state and history of an envelope the officer's country sent or received (404 envelope-not-exists otherwise).")
            .RequireAuthorization(Policies.HubMember);
        group.MapGet("/tracking", AllTracking).WithName("ListHubTracking")
            .WithSummary("The hub operator's view: every envelope's header and tracking state, newest first, optionally in one state.")
            .RequireAuthorization(Policies.HubOperator);
        group.MapGet("/tracking/{number}", OperatorTracking).WithName("GetHubTracking")
            .WithSummary("The hub operator's view of one envelope's tracking state and history.")
            .RequireAuthorization(Policies.HubOperator);
        return group;
    }

    private static async Task<Results<Created<HubDeliveryReceipt>, Ok<HubDeliveryReceipt>, ValidationProblem, ProblemHttpResult>> Deliver(
        HttpContext http, HubService hub, HubDeliveryRequest? request, CancellationToken ct)
    {
        var result = await hub.DeliverAsync(Actor.From(http.User), request, ct);
        return result.Value is { Duplicate: false } receipt
            ? TypedResults.Created("/api/hub/envelopes/" + Uri.EscapeDataString(receipt.Envelope.HubDeliveryNumber), receipt)
            : result.Value is { } known ? TypedResults.Ok(known) : result.Invalid is { } invalid ? invalid : result.Problem!;
    }

    private static async Task<Results<Ok<HubHeaders>, ValidationProblem, ProblemHttpResult>> List(HttpContext http, HubService hub, string? box, string? state, CancellationToken ct) =>
        (await hub.ListAsync(Actor.From(http.User), box, state, ct)).ToOk();

    private static async Task<Results<Ok<HubEnvelope>, ValidationProblem, ProblemHttpResult>> Pull(HttpContext http, HubService hub, string number, CancellationToken ct) =>
        (await hub.PullAsync(Actor.From(http.User), number, ct)).ToOk();

    private static async Task<Results<Ok<HubTrackingView>, ValidationProblem, ProblemHttpResult>> Acknowledge(
        HttpContext http, HubService hub, string number, HubAcknowledgementRequest? request, CancellationToken ct) =>
        (await hub.AcknowledgeAsync(Actor.From(http.User), number, request, ct)).ToOk();

    private static async Task<Results<Ok<HubTrackingView>, ValidationProblem, ProblemHttpResult>> Tracking(HttpContext http, HubService hub, string number, CancellationToken ct) =>
        (await hub.TrackingAsync(Actor.From(http.User), number, ct)).ToOk();

    private static async Task<Results<Ok<HubEnvelopeHeader[]>, ValidationProblem, ProblemHttpResult>> AllTracking(HubService hub, string? state, CancellationToken ct) =>
        (await hub.AllTrackingAsync(state, ct)).ToOk();

    private static async Task<Results<Ok<HubTrackingView>, ValidationProblem, ProblemHttpResult>> OperatorTracking(HubService hub, string number, CancellationToken ct) =>
        (await hub.OperatorTrackingAsync(number, ct)).ToOk();
}
