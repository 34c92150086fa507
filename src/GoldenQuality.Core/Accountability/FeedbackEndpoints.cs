using GoldenQuality.Accountability.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Accountability;

/// <summary>The provider page's API (<c>/api/accountability/provider</c>, docs/accountability.md "Feedback").</summary>
internal static class FeedbackEndpoints
{
    public static void MapFeedback(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/accountability").WithTags("Accountability: feedback");
        group.MapGet("/provider", Provider).WithName("GetProviderReport")
            .WithSummary("What this node's agency shared (per consumer, type or dataset, agreement and purpose) and the outcomes reported back, in a window (default this month, China time).")
            .RequireAuthorization(Policies.Official);
    }

    private static async Task<Results<Ok<ProviderReportView>, ValidationProblem, ProblemHttpResult>> Provider(
        HttpContext http, IProviderReport handler, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), from, to, ct)).ToOk();
}
