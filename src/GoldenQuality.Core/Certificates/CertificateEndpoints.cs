using GoldenQuality.Common;
using GoldenQuality.Certificates.Contracts;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Certificates;

/// <summary>E-Certificates: permits, the paper copy, checks and releases at the port, revocation and amendment.</summary>
internal static class CertificateEndpoints
{
    public static RouteGroupBuilder MapCertificates(this RouteGroupBuilder group)
    {
        group.MapGet("/permits/{number}", Get).WithName("GetPermit").WithSummary("A permit as this office holds it (issuer or copy holder), or as its trader sees it.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/permits/{number}/pdf", Pdf).WithName("GetPermitPdf").WithSummary("The paper permit: a PDF with a QR code of the number, verification code and digest.").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/permits/{number}/revoke", Revoke).WithName("RevokePermit").WithSummary("Revokes a permit the office issued; every holder of a copy is told.").RequireAuthorization(Policies.InspectionOfficer);
        group.MapPost("/permits/{number}/amend", Amend).WithName("AmendPermit").WithSummary("A new signed revision (quantities, validity); every holder of a copy gets it.").RequireAuthorization(Policies.InspectionOfficer);
        group.MapPost("/checks", Check).WithName("CheckPaperPermit")
            .WithSummary("Checks a paper permit (QR payload, or number and verification code, and what the paper shows) against the office's electronic copy. Works offline.").RequireAuthorization(Policies.InspectionOfficer);
        group.MapPost("/releases", Release).WithName("ReleaseShipment")
            .WithSummary("Port release: the paper must match; the shipment's quantities are drawn from the permit and the customs clearance permit goes to Customs.").RequireAuthorization(Policies.PortOffice);
        group.MapGet("/permit-copies", Copies).WithName("ListReceivedPermitCopies")
            .WithSummary("The inspection permits this port office received electronically, newest first, each with its state and what is left to draw.").RequireAuthorization(Policies.PortOffice);
        group.MapGet("/checks", Checks).WithName("ListPermitChecks").WithSummary("The office's refused checks (forgeries included) and releases, newest first.").RequireAuthorization(Policies.InspectionOfficer);
        return group;
    }

    private static async Task<Results<Ok<PermitView>, ProblemHttpResult>> Get(HttpContext http, GetPermit handler, string number, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, ct)).ToOkOrProblem();

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Pdf(
        HttpContext http, GetPermit handler, IOptionsSnapshot<PermitPdfOptions> options, ILogger<PermitPdfOptions> log, string number, CancellationToken ct)
    {
        var (permit, problem) = await handler.ReadAsync(Actor.From(http.User), number, [GetPermit.PaperField], ct);
        if (permit is null)
        {
            return problem!;
        }

        try
        {
            var bytes = PermitPdf.Render(permit.Document, permit.Digest, permit.Status, options.Value.FontFile);
            return TypedResults.File(bytes, "application/pdf", $"{permit.Number}.pdf");
        }
        catch (PermitPdfException e)
        {
            log.LogError(e, "The paper permit {Number} could not be printed", permit.Number);
            return TypedResults.Problem(
                detail: $"The paper permit {permit.Number} cannot be printed on this node: {e.Message} The electronic permit is unaffected.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Paper permit unavailable");
        }
    }

    private static async Task<Results<Ok<CheckView>, ValidationProblem, ProblemHttpResult>> Check(
        HttpContext http, CheckPaperPermit handler, CheckRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), request, ct)).ToOk();

    private static async Task<Results<Ok<ReleaseView>, ValidationProblem, ProblemHttpResult>> Release(
        HttpContext http, ReleaseShipment handler, ReleaseRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), request, ct)).ToOk();

    private static async Task<Results<Ok<PermitView>, ValidationProblem, ProblemHttpResult>> Revoke(
        HttpContext http, RevokePermit handler, string number, RevokeRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, request, ct)).ToOk();

    private static async Task<Results<Ok<PermitView>, ValidationProblem, ProblemHttpResult>> Amend(
        HttpContext http, AmendPermit handler, string number, AmendRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, request, ct)).ToOk();

    private static async Task<Results<Ok<Paged<CheckView>>, ValidationProblem, ProblemHttpResult>> Copies(
        HttpContext http, ReceivedPermitCopies handler, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), page, pageSize, ct)).ToOk();

    private static async Task<Results<Ok<Paged<CheckLogView>>, ValidationProblem, ProblemHttpResult>> Checks(
        HttpContext http, PermitCheckLog handler, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), page, pageSize, ct)).ToOk();
}
