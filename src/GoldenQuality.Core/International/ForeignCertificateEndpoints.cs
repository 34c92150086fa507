using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.International.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.International;

/// <summary>
/// The port's screens of foreign certificates (<c>/api/international</c>): the certificates received through the hub,
/// one certificate with its replacement chain and its checks against declarations, and the office's fast-track queue
/// (docs/international.md, "Certificates and the fast track").
/// </summary>
internal static class ForeignCertificateEndpoints
{
    public static RouteGroupBuilder MapForeignCertificates(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/international").WithTags("International: certificates");
        group.MapGet("/certificates", List).WithName("ListForeignCertificates")
            .WithSummary("The foreign SPS certificates received through the hub, by state, country and number, sorted (sort=newest|oldest|number|issued).").RequireAuthorization(Policies.InspectionOfficer);
        group.MapGet("/certificates/{number}", Get).WithName("GetForeignCertificate")
            .WithSummary("One received certificate: its fields, state, replacement chain, checks against declarations and border rejections.").RequireAuthorization(Policies.InspectionOfficer);
        group.MapGet("/fast-track", FastTrack).WithName("ListFastTrack")
            .WithSummary("The office's imports whose foreign certificate was checked: the check's outcome, mismatches and the risk decision.").RequireAuthorization(Policies.PortOffice);
        return group;
    }

    private static async Task<Results<Ok<Paged<ForeignCertificateSummary>>, ValidationProblem, ProblemHttpResult>> List(
        HttpContext http, ListForeignCertificates handler, string? state, string? country, string? number, string? sort, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), state, country, number, sort, page, pageSize, ct)).ToOk();

    private static async Task<Results<Ok<ForeignCertificateView>, ValidationProblem, ProblemHttpResult>> Get(HttpContext http, GetForeignCertificate handler, string number, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, ct)).ToOk();

    private static async Task<Results<Ok<Paged<CertificateCheckView>>, ValidationProblem, ProblemHttpResult>> FastTrack(
        HttpContext http, ListFastTrack handler, string? outcome, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), outcome, page, pageSize, ct)).ToOk();
}
