using System.Globalization;
using System.Text;
using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Alerts;

/// <summary>Crisis coordination (<c>/api/alerts/crises</c>, <c>/api/alerts/crisis-actions</c>): the coordinator leads; the owner offices report (docs/alerts.md).</summary>
internal static class CrisisEndpoints
{
    public static void AddCrises(this IServiceCollection services)
    {
        services.AddScoped<CrisisDesk>();
        services.AddScoped(sp => new OpenCrisis(sp.GetRequiredService<CrisisDesk>()));
        services.AddScoped(sp => new ListCrises(sp.GetRequiredService<CrisisDesk>()));
        services.AddScoped(sp => new GetCrisisBoard(sp.GetRequiredService<CrisisDesk>()));
        services.AddScoped(sp => new AddCrisisAlert(sp.GetRequiredService<CrisisDesk>()));
        services.AddScoped(sp => new AddCrisisMember(sp.GetRequiredService<CrisisDesk>()));
        services.AddScoped(sp => new AssignCrisisAction(sp.GetRequiredService<CrisisDesk>()));
        services.AddScoped(sp => new ReportCrisisAction(sp.GetRequiredService<CrisisDesk>()));
        services.AddScoped(sp => new ListCrisisActions(sp.GetRequiredService<CrisisDesk>()));
        services.AddScoped(sp => new CloseCrisis(sp.GetRequiredService<CrisisDesk>()));
        services.AddScoped(sp => new CrisisDailySummary(sp.GetRequiredService<CrisisDesk>()));
        services.AddScoped(sp => new ListCrisisRejections(sp.GetRequiredService<CrisisDesk>()));
        services.AddScoped<Exchange.Contracts.IEnvelopeHandler, CrisisActionAssignedHandler>();
        services.AddScoped<Exchange.Contracts.IEnvelopeHandler, CrisisActionUpdatedHandler>();
    }

    public static RouteGroupBuilder MapCrises(this RouteGroupBuilder group)
    {
        group.MapPost("/crises", Open).WithName("OpenCrisis").WithSummary("Opens a crisis for one or more alerts, with its team; the coordinator leads it.").RequireAuthorization(Policies.AlertCoordinator);
        group.MapGet("/crises", List).WithName("ListCrises").WithSummary("The crises, newest first (open=true for open ones): all for the coordinator, those of his office's team for another official.").RequireAuthorization(Policies.Official);
        group.MapGet("/crises/refused", Refused).WithName("ListCrisisRejections").WithSummary("The crisis messages this node refused (unknown action, wrong sender), newest first.").RequireAuthorization(Policies.AlertCoordinator);
        group.MapGet("/crises/{number}", Board).WithName("GetCrisisBoard").WithSummary("The board: team, actions (overdue flagged), who has and has not responded to each alert, the timeline.").RequireAuthorization(Policies.Official);
        group.MapPost("/crises/{number}/alerts", AddAlert).WithName("AddCrisisAlert").WithSummary("Adds an alert of this node to an open crisis.").RequireAuthorization(Policies.AlertCoordinator);
        group.MapPost("/crises/{number}/members", AddMember).WithName("AddCrisisMember").WithSummary("Adds an office to the team, with its role (lead-agency, member, observer).").RequireAuthorization(Policies.AlertCoordinator);
        group.MapPost("/crises/{number}/actions", Assign).WithName("AssignCrisisAction").WithSummary("Assigns an action to an office of the team, due in the future; another node's office receives it there.").RequireAuthorization(Policies.AlertCoordinator);
        group.MapPost("/crises/{number}/close", Close).WithName("CloseCrisis").WithSummary("Closes the crisis with a reason; with actions not done only when forced.").RequireAuthorization(Policies.AlertCoordinator);
        group.MapGet("/crises/{number}/summary", Summary).WithName("CrisisDailySummary").WithSummary("The daily summary of one day (date=yyyy-MM-dd, China time, today by default; lang=zh|en for its text).").RequireAuthorization(Policies.Official);
        group.MapGet("/crises/{number}/summary.txt", SummaryText).WithName("DownloadCrisisDailySummary").WithSummary("The daily summary as a plain-text download.").RequireAuthorization(Policies.Official);
        group.MapGet("/crisis-actions", Actions).WithName("ListCrisisActions").WithSummary("The crisis actions owned by the officer's office on this node (open=true for those not done).").RequireAuthorization(Policies.Official);
        group.MapPost("/crisis-actions/{id:guid}/report", Report).WithName("ReportCrisisAction").WithSummary("The owner office reports on its action: in-progress, done or blocked, with the report.").RequireAuthorization(Policies.Official);
        return group;
    }

    private static string BoardUrl(string number) => "/api/alerts/crises/" + Uri.EscapeDataString(number);

    private static async Task<Results<Created<CrisisBoard>, ValidationProblem, ProblemHttpResult>> Open(HttpContext http, OpenCrisis handler, OpenCrisisRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), request, ct)).ToCreated(b => BoardUrl(b.Number));

    private static async Task<Results<Ok<Paged<CrisisSummaryView>>, ValidationProblem, ProblemHttpResult>> List(
        HttpContext http, ListCrises handler, bool? open, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), open, page, pageSize, ct)).ToOk();

    private static async Task<Results<Ok<Paged<CrisisRejectionView>>, ValidationProblem, ProblemHttpResult>> Refused(
        HttpContext http, ListCrisisRejections handler, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), page, pageSize, ct)).ToOk();

    private static async Task<Results<Ok<CrisisBoard>, ValidationProblem, ProblemHttpResult>> Board(HttpContext http, GetCrisisBoard handler, string number, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, ct)).ToOk();

    private static async Task<Results<Ok<CrisisBoard>, ValidationProblem, ProblemHttpResult>> AddAlert(
        HttpContext http, AddCrisisAlert handler, string number, AddCrisisAlertRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, request, ct)).ToOk();

    private static async Task<Results<Ok<CrisisBoard>, ValidationProblem, ProblemHttpResult>> AddMember(
        HttpContext http, AddCrisisMember handler, string number, AddCrisisMemberRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, request, ct)).ToOk();

    private static async Task<Results<Created<CrisisActionView>, ValidationProblem, ProblemHttpResult>> Assign(
        HttpContext http, AssignCrisisAction handler, string number, AssignCrisisActionRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, request, ct)).ToCreated(a => BoardUrl(a.CrisisNumber));

    private static async Task<Results<Ok<CrisisBoard>, ValidationProblem, ProblemHttpResult>> Close(
        HttpContext http, CloseCrisis handler, string number, CloseCrisisRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, request, ct)).ToOk();

    private static async Task<Results<Ok<CrisisDailySummaryView>, ValidationProblem, ProblemHttpResult>> Summary(
        HttpContext http, CrisisDailySummary handler, string number, string? date, string? lang, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, date, lang, ct)).ToOk();

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> SummaryText(
        HttpContext http, CrisisDailySummary handler, string number, string? date, string? lang, CancellationToken ct)
    {
        var result = await handler.HandleAsync(Actor.From(http.User), number, date, lang, ct);
        return result.Invalid is { } invalid ? invalid : result.Problem is { } problem ? problem
            : TypedResults.File(Encoding.UTF8.GetBytes(result.Value!.Text), "text/plain; charset=utf-8",
                string.Create(CultureInfo.InvariantCulture, $"{result.Value.Number}-{result.Value.Date:yyyy-MM-dd}.txt"));
    }

    private static async Task<Results<Ok<Paged<CrisisActionView>>, ValidationProblem, ProblemHttpResult>> Actions(
        HttpContext http, ListCrisisActions handler, bool? open, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), open, page, pageSize, ct)).ToOk();

    private static async Task<Results<Ok<CrisisActionView>, ValidationProblem, ProblemHttpResult>> Report(
        HttpContext http, ReportCrisisAction handler, Guid id, ReportCrisisActionRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, request, ct)).ToOk();
}
