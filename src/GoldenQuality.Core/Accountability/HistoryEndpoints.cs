using GoldenQuality.Accountability.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Accountability;

/// <summary>The clearance history behind the dashboard's trends (<c>/api/accountability/history</c>, decision 0020).</summary>
internal static class HistoryEndpoints
{
    public static void MapHistory(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/accountability").WithTags("Accountability: clearance history")
            .MapGet("/history", History).WithName("GetClearanceHistory")
            .WithSummary("The clearance history of the days [from, to] (default: the last 365, China time), of every bureau or of one (bureau): totals, stage times, "
                + "a series by day or week, every bureau's figures and the envelopes exchanged with each partner agency; generated days are counted and their seeds named.")
            .RequireAuthorization(Policies.Dashboard);

    private static async Task<Results<Ok<HistoryView>, ValidationProblem, ProblemHttpResult>> History(
        HttpContext http, GetClearanceHistory handler, DateOnly? from, DateOnly? to, string? bureau, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), from, to, bureau, ct)).ToOk();
}
