using GoldenQuality.Certificates.Contracts;
using GoldenQuality.Clearance.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Clearance;

/// <summary>
/// E-Customs clearance, on the Customs node: the clearance permits received electronically, their verification
/// against a customs declaration (permit number, first 8 digits of the HS code, quantity not above what is left),
/// and the decision (cleared, held or refused, with a reason code), which goes back to the issuing CIQ office.
/// </summary>
internal static class ClearanceEndpoints
{
    public static RouteGroupBuilder MapClearance(this RouteGroupBuilder group)
    {
        group.MapGet("/permits", Permits).WithName("ListReceivedClearancePermits").WithSummary("The clearance permits this Customs office received electronically.").RequireAuthorization(Policies.CustomsOfficer);
        group.MapPost("/verifications", Verify).WithName("VerifyClearancePermit")
            .WithSummary("Checks a customs declaration against the electronic clearance permit: number, first 8 HS digits, quantity. Reads only.").RequireAuthorization(Policies.CustomsOfficer);
        group.MapPost("/decisions", Decide).WithName("RecordCustomsDecision")
            .WithSummary("Records cleared (C02), held (H01/H02) or refused (N01-N07). Clearing on the electronic permit needs a match and draws the quantity down. The decision goes back to the issuing CIQ office.").RequireAuthorization(Policies.CustomsOfficer);
        group.MapGet("/decisions", Decisions).WithName("ListCustomsDecisions").RequireAuthorization(Policies.CustomsOfficer);
        group.MapPost("/penalties", Penalty).WithName("RecordCustomsPenalty")
            .WithSummary("Records an administrative penalty on an enterprise and reports it to the central bank as a customs-penalty credit event.").RequireAuthorization(Policies.CustomsOfficer);
        return group;
    }

    private static async Task<Results<Ok<Paged<CheckView>>, ValidationProblem, ProblemHttpResult>> Permits(
        HttpContext http, ReceivedClearancePermits handler, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), page, pageSize, ct)).ToOk();

    private static async Task<Results<Ok<CheckView>, ValidationProblem, ProblemHttpResult>> Verify(
        HttpContext http, VerifyClearancePermit handler, CustomsCheckRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), request, ct)).ToOk();

    private static async Task<Results<Created<CustomsDecisionView>, ValidationProblem, ProblemHttpResult>> Decide(
        HttpContext http, RecordCustomsDecision handler, CustomsDecisionRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), request, ct)).ToCreated(v => $"/api/clearance/decisions/{v.Id}");

    private static async Task<Results<Created<CustomsPenaltyView>, ValidationProblem, ProblemHttpResult>> Penalty(
        HttpContext http, RecordCustomsPenalty handler, CustomsPenaltyRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), request, ct)).ToCreated(v => $"/api/clearance/penalties/{v.Id}");

    private static async Task<Results<Ok<Paged<CustomsDecisionView>>, ValidationProblem, ProblemHttpResult>> Decisions(
        HttpContext http, CustomsDecisions handler, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), page, pageSize, ct)).ToOk();
}
