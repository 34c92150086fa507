using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Exchange;

/// <summary>The directory authority's endpoints: the approved-agreement queue, the next signing, and a refresh now.</summary>
internal static class DirectoryAuthorityEndpoints
{
    public static IEndpointRouteBuilder MapDirectoryAuthority(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/exchange/directory").WithTags("Exchange: directory authority");
        group.MapGet("/approved", Queue).WithName("ListApprovedAgreements").RequireAuthorization(Policies.Administrator)
            .WithSummary("The approved agreements queued on the authority node, those not yet in the directory first.");
        group.MapPost("/sign", Sign).WithName("SignNextDirectory").RequireAuthorization(Policies.Administrator)
            .WithSummary("Signs the directory's next version (the one in force plus every approved agreement not yet in it); authority node only, 409 elsewhere.");
        group.MapPost("/refresh", Refresh).WithName("RefreshDirectory").RequireAuthorization(Policies.ExchangeOperator)
            .WithSummary("Loads the signed directory now (file or authority) instead of at the next periodic refresh.");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<QueuedAgreementView>>> Queue(IDirectoryAuthority authority, CancellationToken ct) =>
        TypedResults.Ok(await authority.QueueViewAsync(ct));

    private static async Task<Results<Ok<DirectorySignedView>, ValidationProblem, ProblemHttpResult>> Sign(HttpContext http, IDirectoryAuthority authority, CancellationToken ct) =>
        (await authority.SignNextAsync(Actor.From(http.User), ct)).ToOk();

    private static async Task<Ok<DirectoryRefreshedView>> Refresh(IDirectoryAuthority authority, CancellationToken ct) =>
        TypedResults.Ok(await authority.RefreshAsync(ct));
}
