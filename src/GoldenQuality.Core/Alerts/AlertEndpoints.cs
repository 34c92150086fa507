using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Alerts;

/// <summary>
/// The rapid-alert notifications (<c>/api/alerts</c>): any official raises; the coordinator (AQSIQ-IEFSB, on its own
/// node) validates, rejects, closes and watches the deadlines; recipient offices acknowledge and follow up on their own
/// node (docs/alerts.md, "Notifications").
/// </summary>
internal static class AlertEndpoints
{
    public static RouteGroupBuilder MapAlertNotifications(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/alerts").WithTags("Alerts: notifications");
        group.MapPost("", Raise).WithName("RaiseAlert").WithSummary("Raises a notification (any official); on another node than the coordinator's it is submitted to AQSIQ-IEFSB.").RequireAuthorization(Policies.Official);
        group.MapGet("", List).WithName("ListAlerts").WithSummary("The notifications this node holds, by status, type and text, sorted (sort=newest|oldest|number).").RequireAuthorization(Policies.Official);
        group.MapGet("/inbox", Inbox).WithName("AlertInbox").WithSummary("What the official's office must still acknowledge, answer or validate, and the escalations addressed to it.").RequireAuthorization(Policies.Official);
        group.MapPost("/deadline-sweep", Sweep).WithName("SweepAlertDeadlines").WithSummary("Escalates the missed deadlines now, once each (the node also does it every Alerts:SweepEvery).").RequireAuthorization(Policies.AlertCoordinator);
        group.MapGet("/{number}", Get).WithName("GetAlert").WithSummary("One notification with its recipients, their deadlines and state, and its timeline.").RequireAuthorization(Policies.Official);
        group.MapGet("/{number}/suggested-recipients", Suggest).WithName("SuggestAlertRecipients").WithSummary("The offices the notification should go to, each with the reason.").RequireAuthorization(Policies.AlertCoordinator);
        group.MapPost("/{number}/validate", Validate).WithName("ValidateAlert").WithSummary("Validates and distributes to the recipient offices under the agreements, with their deadlines.").RequireAuthorization(Policies.AlertCoordinator);
        group.MapPost("/{number}/reject", Reject).WithName("RejectAlert").WithSummary("Refuses to validate a submitted notification, with the reason; the raising node is told.").RequireAuthorization(Policies.AlertCoordinator);
        group.MapPost("/{number}/acknowledge", Acknowledge).WithName("AcknowledgeAlert").WithSummary("A recipient office acknowledges receipt; the coordinator is told.").RequireAuthorization(Policies.Official);
        group.MapPost("/{number}/follow-ups", FollowUp).WithName("PostAlertFollowUp").WithSummary("A recipient office answers (or the coordinator or raising office adds a note); distributed to every node.").RequireAuthorization(Policies.Official);
        group.MapPost("/{number}/close", Close).WithName("CloseAlert").WithSummary("Closes a validated notification: every recipient answered, or with a reason.").RequireAuthorization(Policies.AlertCoordinator);
        group.MapPost("/{number}/attachments", Attach).WithName("AttachAlertFile").DisableAntiforgery()
            .WithSummary("Attaches a file (multipart 'file'; PDF, PNG, JPEG or text, at most 2 MB, 5 files) while submitted; the raising office on its node.").RequireAuthorization(Policies.Official);
        group.MapGet("/{number}/attachments/{sha256}", Attachment).WithName("GetAlertAttachment").WithSummary("An attachment's content, on the raising node (elsewhere a 404 names it).").RequireAuthorization(Policies.Official);
        return group;
    }

    private static async Task<Results<Ok<AlertView>, ValidationProblem, ProblemHttpResult>> Attach(
        HttpContext http, AttachAlertFile handler, string number, IFormFile? file, CancellationToken ct)
    {
        await using var stream = file?.OpenReadStream();
        return (await handler.HandleAsync(Actor.From(http.User), number, file?.FileName, file?.ContentType, stream, ct)).ToOk();
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Attachment(
        HttpContext http, GetAlertAttachment handler, string number, string sha256, CancellationToken ct)
    {
        var result = await handler.HandleAsync(Actor.From(http.User), number, sha256, ct);
        return result.Value is { } a ? TypedResults.File(a.Content, a.ContentType, a.Name) : result.Invalid is { } invalid ? invalid : result.Problem!;
    }

    private static async Task<Results<Created<AlertView>, ValidationProblem, ProblemHttpResult>> Raise(HttpContext http, RaiseAlert handler, RaiseAlertRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), request, ct)).ToCreated(v => "/api/alerts/" + Uri.EscapeDataString(v.Number));

    private static async Task<Results<Ok<Paged<AlertSummary>>, ValidationProblem, ProblemHttpResult>> List(
        HttpContext http, ListAlerts handler, string? status, string? type, string? q, string? sort, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), status, type, q, sort, page, pageSize, ct)).ToOk();

    private static async Task<Results<Ok<AlertInboxView>, ValidationProblem, ProblemHttpResult>> Inbox(HttpContext http, AlertInbox handler, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), ct)).ToOk();

    private static async Task<Results<Ok<AlertSweepSummary>, ValidationProblem, ProblemHttpResult>> Sweep(HttpContext http, SweepAlertDeadlines handler, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), ct)).ToOk();

    private static async Task<Results<Ok<AlertView>, ValidationProblem, ProblemHttpResult>> Get(HttpContext http, GetAlert handler, string number, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, ct)).ToOk();

    private static async Task<Results<Ok<SuggestedRecipient[]>, ValidationProblem, ProblemHttpResult>> Suggest(HttpContext http, SuggestAlertRecipients handler, string number, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, ct)).ToOk();

    private static async Task<Results<Ok<AlertView>, ValidationProblem, ProblemHttpResult>> Validate(
        HttpContext http, ValidateAlert handler, string number, ValidateAlertRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, request, ct)).ToOk();

    private static async Task<Results<Ok<AlertView>, ValidationProblem, ProblemHttpResult>> Reject(
        HttpContext http, RejectAlert handler, string number, RejectAlertRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, request, ct)).ToOk();

    private static async Task<Results<Ok<AlertView>, ValidationProblem, ProblemHttpResult>> Acknowledge(
        HttpContext http, AcknowledgeAlert handler, string number, AcknowledgeAlertRequest? request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, request ?? new AcknowledgeAlertRequest(null), ct)).ToOk();

    private static async Task<Results<Ok<AlertView>, ValidationProblem, ProblemHttpResult>> FollowUp(
        HttpContext http, PostAlertFollowUp handler, string number, AlertFollowUpRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, request, ct)).ToOk();

    private static async Task<Results<Ok<AlertView>, ValidationProblem, ProblemHttpResult>> Close(
        HttpContext http, CloseAlert handler, string number, CloseAlertRequest? request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, request ?? new CloseAlertRequest(null), ct)).ToOk();
}
