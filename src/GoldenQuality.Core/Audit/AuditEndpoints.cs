using GoldenQuality.Audit.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Audit;

/// <summary>The audit log over HTTP: the node's administrator searches who read which protected record.</summary>
internal static class AuditEndpoints
{
    public static void MapAudit(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit").WithTags("Audit");
        group.MapGet("/entries", Entries).WithName("ListAuditEntries")
            .WithSummary("The audit log of protected reads, newest first: filter by kind, key, reader, agreement and from/to (to exclusive).")
            .RequireAuthorization(Policies.Administrator);
    }

    private static async Task<Results<Ok<Paged<AuditEntryView>>, ValidationProblem, ProblemHttpResult>> Entries(
        HttpContext http, SearchAuditLog handler, string? kind, string? key, string? reader, string? agreement,
        DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), kind, key, reader, agreement, from, to, page, pageSize, ct)).ToOk();
}
