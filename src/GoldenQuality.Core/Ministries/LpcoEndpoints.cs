using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Ministries.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Ministries;

/// <summary>
/// The LPCO registers on the issuer's node (<c>/api/ministries/lpcos</c>): importers apply; the ministry's officers
/// review, issue, refuse, amend, suspend, reinstate, revoke and register; holders and officers read (docs/ministries.md).
/// </summary>
internal static class LpcoEndpoints
{
    public static RouteGroupBuilder MapLpcos(this RouteGroupBuilder group)
    {
        group.MapGet("/lpcos", List).WithName("ListLpcos").WithSummary("The register: an officer sees its ministry's kind, an enterprise user its own LPCOs; sorted (sort=newest|number|expiry).").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/lpcos/{id:guid}", Get).WithName("GetLpco").WithSummary("One LPCO with its history, draw-downs and the nodes holding a copy.").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/lpcos", Apply).WithName("ApplyForLpco").WithSummary("An importer applies for a quarantine permit (MOA node) or waste import licence (MEP node).").RequireAuthorization(Policies.EnterpriseUser);
        group.MapPost("/lpcos/registered", Register).WithName("RegisterLpco").WithSummary("Registers an LPCO issued outside this system (the ministry's legacy register).").RequireAuthorization(Policies.LpcoOfficer);
        group.MapPost("/lpcos/{id:guid}/review", Review).WithName("StartLpcoReview").WithSummary("Starts the review of an application.").RequireAuthorization(Policies.LpcoOfficer);
        group.MapPost("/lpcos/{id:guid}/issue", Issue).WithName("IssueLpco").WithSummary("Issues an application under review and assigns its number.").RequireAuthorization(Policies.LpcoOfficer);
        group.MapPost("/lpcos/{id:guid}/refuse", Refuse).WithName("RefuseLpco").WithSummary("Refuses an application, with the reason.").RequireAuthorization(Policies.LpcoOfficer);
        group.MapPost("/lpcos/{id:guid}/amend", Amend).WithName("AmendLpco").WithSummary("Amends quantity, validity or ports; the remaining quantity follows. Holders of copies are told.").RequireAuthorization(Policies.LpcoOfficer);
        group.MapPost("/lpcos/{id:guid}/suspend", Suspend).WithName("SuspendLpco").WithSummary("Suspends an issued LPCO, with the reason. Holders of copies are told.").RequireAuthorization(Policies.LpcoOfficer);
        group.MapPost("/lpcos/{id:guid}/reinstate", Reinstate).WithName("ReinstateLpco").WithSummary("Reinstates a suspended LPCO. Holders of copies are told.").RequireAuthorization(Policies.LpcoOfficer);
        group.MapPost("/lpcos/{id:guid}/revoke", Revoke).WithName("RevokeLpco").WithSummary("Revokes an LPCO, with the reason (final). Holders of copies are told.").RequireAuthorization(Policies.LpcoOfficer);
        group.MapPost("/lpcos/{id:guid}/inspection-results/{declarationNumber}/review", ReviewResult).WithName("ReviewInspectionResult")
            .WithSummary("Reviews an import-inspection result of the licence: keep, suspend or revoke it; the use goes back to the provider as feedback.").RequireAuthorization(Policies.LpcoOfficer);
        group.MapPost("/lpcos/{id:guid}/attachments", Attach).WithName("AttachLpcoDocument").DisableAntiforgery()
            .WithSummary("Attaches a document to an application while applied or under review (multipart 'file' and 'kind': contract, certificate, licence or other; PDF, PNG, JPEG or text, at most 2 MB, 5 files).")
            .RequireAuthorization(Policies.SignedIn);
        group.MapGet("/lpcos/{id:guid}/attachments/{sha256}", Attachment).WithName("GetLpcoAttachment")
            .WithSummary("A document attached to an application, by its SHA-256, as a download (applying enterprise and issuing ministry's officers).").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/lpcos/expiry-sweep", Expire).WithName("ExpireLpcos").WithSummary("Marks the LPCOs past their validity as expired now (the node also does it periodically).").RequireAuthorization(Policies.LpcoOfficer);
        return group;
    }

    private static async Task<Results<Ok<Paged<LpcoSummary>>, ValidationProblem, ProblemHttpResult>> List(
        HttpContext http, ListLpcos handler, string? kind, string? status, string? holder, string? q, string? sort, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), kind, status, holder, q, sort, page, pageSize, ct)).ToOk();

    private static async Task<Results<Ok<LpcoView>, ValidationProblem, ProblemHttpResult>> Get(HttpContext http, GetLpco handler, Guid id, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, ct)).ToOk();

    private static async Task<Results<Created<LpcoView>, ValidationProblem, ProblemHttpResult>> Apply(HttpContext http, ApplyForLpco handler, LpcoApplication request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), request, ct)).ToCreated(v => $"/api/ministries/lpcos/{v.Id}");

    private static async Task<Results<Created<LpcoView>, ValidationProblem, ProblemHttpResult>> Register(HttpContext http, RegisterLpco handler, LpcoRegistration request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), request, ct)).ToCreated(v => $"/api/ministries/lpcos/{v.Id}");

    private static async Task<Results<Ok<LpcoView>, ValidationProblem, ProblemHttpResult>> Review(HttpContext http, StartLpcoReview handler, Guid id, LpcoStep? step, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, step ?? new LpcoStep(null, null), ct)).ToOk();

    private static async Task<Results<Ok<LpcoView>, ValidationProblem, ProblemHttpResult>> Issue(HttpContext http, IssueLpco handler, Guid id, LpcoStep? step, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, step ?? new LpcoStep(null, null), ct)).ToOk();

    private static async Task<Results<Ok<LpcoView>, ValidationProblem, ProblemHttpResult>> Refuse(HttpContext http, RefuseLpco handler, Guid id, LpcoStep step, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, step, ct)).ToOk();

    private static async Task<Results<Ok<LpcoView>, ValidationProblem, ProblemHttpResult>> Amend(HttpContext http, AmendLpco handler, Guid id, LpcoAmendment request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, request, ct)).ToOk();

    private static async Task<Results<Ok<LpcoView>, ValidationProblem, ProblemHttpResult>> Suspend(HttpContext http, SuspendLpco handler, Guid id, LpcoStep step, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, step, ct)).ToOk();

    private static async Task<Results<Ok<LpcoView>, ValidationProblem, ProblemHttpResult>> Reinstate(HttpContext http, ReinstateLpco handler, Guid id, LpcoStep? step, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, step ?? new LpcoStep(null, null), ct)).ToOk();

    private static async Task<Results<Ok<LpcoView>, ValidationProblem, ProblemHttpResult>> Revoke(HttpContext http, RevokeLpco handler, Guid id, LpcoStep step, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, step, ct)).ToOk();

    private static async Task<Results<Ok<LpcoView>, ValidationProblem, ProblemHttpResult>> ReviewResult(
        HttpContext http, ReviewInspectionResult handler, Guid id, string declarationNumber, InspectionResultReview request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, declarationNumber, request, ct)).ToOk();

    private static async Task<Results<Ok<LpcoView>, ValidationProblem, ProblemHttpResult>> Attach(
        HttpContext http, AttachLpcoDocument handler, Guid id, IFormFile? file, [FromForm] string? kind, CancellationToken ct)
    {
        await using var stream = file?.OpenReadStream();
        return (await handler.HandleAsync(Actor.From(http.User), id, kind, file?.FileName, file?.ContentType, stream, ct)).ToOk();
    }

    /// <summary>Served as a download (never shown inline), with the checked type and no type sniffing.</summary>
    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Attachment(
        HttpContext http, GetLpcoAttachment handler, Guid id, string sha256, CancellationToken ct)
    {
        var result = await handler.HandleAsync(Actor.From(http.User), id, sha256, ct);
        if (result.Value is not { } a)
        {
            return result.Invalid is { } invalid ? invalid : result.Problem!;
        }

        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(a.Content, a.ContentType, a.Name);
    }

    private static async Task<Results<Ok<LpcoExpirySummary>, ValidationProblem, ProblemHttpResult>> Expire(HttpContext http, ExpireLpcos handler, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), ct)).ToOk();
}
