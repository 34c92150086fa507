using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Ministries.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Ministries;

/// <summary>The central bank's credit register, on the node hosting office PBC, for its officers.</summary>
internal static class CreditEndpoints
{
    public static RouteGroupBuilder MapCredit(this RouteGroupBuilder group)
    {
        group.MapGet("", List).WithName("ListCreditRecords")
            .WithSummary("The central bank's credit register, paged, by class (A-D) and by text (USCC or note), sorted (sort=uscc|class|rated).").RequireAuthorization(Policies.CreditOfficer);
        group.MapGet("/{uscc}", Get).WithName("GetCreditRecord")
            .WithSummary("One enterprise's credit record with its history: officers' changes and reported credit events with their source, legal basis and effect.").RequireAuthorization(Policies.CreditOfficer);
        group.MapPost("/{uscc}/class", Change).WithName("ChangeCreditClass")
            .WithSummary("An officer changes the credit class (reason and legal basis required); the change is kept in the history and announced to the consumers of the credit records.")
            .RequireAuthorization(Policies.CreditOfficer);
        return group;
    }

    private static async Task<Results<Ok<Paged<CreditRecordView>>, ValidationProblem, ProblemHttpResult>> List(
        HttpContext http, ListCreditRecords handler, string? creditClass, string? q, string? sort, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), creditClass, q, sort, page, pageSize, ct)).ToOk();

    private static async Task<Results<Ok<CreditRecordDetail>, ValidationProblem, ProblemHttpResult>> Get(HttpContext http, GetCreditRecord handler, string uscc, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), uscc, ct)).ToOk();

    private static async Task<Results<Ok<CreditRecordDetail>, ValidationProblem, ProblemHttpResult>> Change(
        HttpContext http, ChangeCreditClass handler, string uscc, ChangeCreditClassRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), uscc, request, ct)).ToOk();
}
