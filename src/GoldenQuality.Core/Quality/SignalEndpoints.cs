using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Quality.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Quality;

/// <summary>The "two units" sharing: on a CIQ node the signals the BQS sent, on a BQS node the leads CIQ sent (docs/quality.md, decision 0015).</summary>
internal static class SignalEndpoints
{
    public static RouteGroupBuilder MapSharing(this RouteGroupBuilder group)
    {
        group.MapGet("/signals", Signals).WithName("ListDomesticSupervisionSignals")
            .WithSummary("On a CIQ node: the licence status changes and spot-check failures the provincial BQS sent under an agreement, newest first, optionally for one USCC.")
            .RequireAuthorization(Policies.InspectionOfficer);
        group.MapGet("/leads", Leads).WithName("ListQualityLeads")
            .WithSummary("On a BQS node: the export nonconformities CIQ sent for manufacturers of the officer's province (open=true for open ones), newest first.")
            .RequireAuthorization(Policies.QualityOfficer);
        group.MapGet("/leads/{id:guid}", Lead).WithName("GetQualityLead").WithSummary("One lead of the officer's province.").RequireAuthorization(Policies.QualityOfficer);
        group.MapPost("/leads/{id:guid}/close", Close).WithName("CloseQualityLead")
            .WithSummary("Closes an open lead with a note (required) and the spot-check sample or plan number it led to (optional).")
            .RequireAuthorization(Policies.QualityOfficer);
        return group;
    }

    private static async Task<Results<Ok<Paged<DomesticSignalView>>, ValidationProblem, ProblemHttpResult>> Signals(
        HttpContext http, ListDomesticSignals handler, string? uscc, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), uscc, page, pageSize, ct)).ToOk();

    private static async Task<Results<Ok<Paged<LeadView>>, ValidationProblem, ProblemHttpResult>> Leads(
        HttpContext http, ListQualityLeads handler, bool? open, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), open, page, pageSize, ct)).ToOk();

    private static async Task<Results<Ok<LeadView>, ValidationProblem, ProblemHttpResult>> Lead(HttpContext http, GetQualityLead handler, Guid id, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, ct)).ToOk();

    private static async Task<Results<Ok<LeadView>, ValidationProblem, ProblemHttpResult>> Close(
        HttpContext http, CloseQualityLead handler, Guid id, CloseLeadRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, request, ct)).ToOk();
}
