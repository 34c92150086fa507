using GoldenQuality.Common;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Declarations;

/// <summary>E-Declaration: the lifecycle over HTTP, the officer's worklist, agent mandates and the clearance metrics.</summary>
internal static class DeclarationEndpoints
{
    public static RouteGroupBuilder MapDeclarations(this RouteGroupBuilder group)
    {
        group.MapPost("/", Create).WithName("CreateDeclaration").WithSummary("Creates a draft declaration (WCO data model core). Every field error is named.").RequireAuthorization(Policies.Declarant);
        group.MapPost("/files", Upload).WithName("UploadDeclarations").DisableAntiforgery()
            .WithSummary("Creates drafts from an uploaded JSON file (one declaration or an array), all or nothing; errors are named [i].field.").RequireAuthorization(Policies.Declarant);
        group.MapGet("/", List).WithName("ListDeclarations").WithSummary("The worklist: an office sees what was routed to it, an enterprise what it declared or trades; by status, risk and kind, searched by number, USCC or permit number (q), sorted (sort=updated|oldest|number).").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/{id:guid}", Get).WithName("GetDeclaration").WithSummary("A declaration with its risk reasons, inspection and full history.").RequireAuthorization(Policies.SignedIn);
        group.MapPut("/{id:guid}", Update).WithName("UpdateDeclaration").WithSummary("Changes a draft or returned declaration (send the version you read).").RequireAuthorization(Policies.Declarant);
        group.MapPost("/{id:guid}/submit", Submit).WithName("SubmitDeclaration").WithSummary("Submits: routing, formal check (return with reasons), risk decision; a document check passes and gets its permit at once.").RequireAuthorization(Policies.Declarant);
        group.MapPost("/{id:guid}/return", Return).WithName("ReturnDeclaration").WithSummary("The office returns a submitted or accepted declaration with reasons.").RequireAuthorization(Policies.InspectionOfficer);
        group.MapPost("/{id:guid}/amend", Amend).WithName("AmendDeclaration").WithSummary("Takes a submitted, accepted or returned declaration back to draft to change it.").RequireAuthorization(Policies.Declarant);
        group.MapPost("/{id:guid}/withdraw", Withdraw).WithName("WithdrawDeclaration").RequireAuthorization(Policies.Declarant);
        group.MapPost("/{id:guid}/inspection", Inspect).WithName("RecordInspection").WithSummary("Inspection results per line; lab results are judged against the standards in force.").RequireAuthorization(Policies.InspectionOfficer);
        group.MapPost("/{id:guid}/permit", IssuePermit).WithName("IssueInspectionPermit").WithSummary("Issues the signed inspection permit of a passed declaration and sends its electronic copy.").RequireAuthorization(Policies.InspectionOfficer);
        group.MapPost("/agents", AddMandate).WithName("RegisterAgent").WithSummary("Registers an enterprise as the declaring agent of another (the principal or an officer registers it).").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/agents", Mandates).WithName("ListAgents").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/metrics/clearance-time", ClearanceTime).WithName("ClearanceTime").WithSummary("Clearance time per stage and in total: p50, p90, p99 (seconds).").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/metrics/coverage", Coverage).WithName("ElectronicClearanceCoverage")
            .WithSummary("The share of cleared goods lines whose clearance permit reached Customs electronically.").RequireAuthorization(Policies.SignedIn);
        return group;
    }

    private static async Task<Results<Created<DeclarationView>, ValidationProblem, ProblemHttpResult>> Create(
        HttpContext http, CreateDeclaration handler, DeclarationRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), request, ct)).ToCreated(v => $"/api/declarations/{v.Id}");

    private static async Task<Results<Created<DeclarationSummary[]>, ValidationProblem, ProblemHttpResult>> Upload(
        HttpContext http, UploadDeclarations handler, IFormFile? file, CancellationToken ct)
    {
        await using var stream = file is { Length: > 0 } ? file.OpenReadStream() : null;
        return (await handler.HandleAsync(Actor.From(http.User), stream, ct)).ToCreated(_ => "/api/declarations");
    }

    private static async Task<Results<Ok<Paged<DeclarationSummary>>, ValidationProblem>> List(
        HttpContext http, ListDeclarations handler, string? status, string? risk, string? kind, string? q, string? sort, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), new DeclarationQuery(status, risk, kind, q, sort, page, pageSize), ct)).ToOkOrInvalid();

    private static async Task<Results<Ok<DeclarationView>, ProblemHttpResult>> Get(HttpContext http, GetDeclaration handler, Guid id, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, ct)).ToOkOrProblem();

    private static async Task<Results<Ok<DeclarationView>, ValidationProblem, ProblemHttpResult>> Update(
        HttpContext http, UpdateDeclaration handler, Guid id, long? version, DeclarationRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, version, request, ct)).ToOk();

    private static async Task<Results<Ok<DeclarationView>, ValidationProblem, ProblemHttpResult>> Submit(
        HttpContext http, SubmitDeclaration handler, Guid id, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, ct)).ToOk();

    private static async Task<Results<Ok<DeclarationView>, ValidationProblem, ProblemHttpResult>> Return(
        HttpContext http, ReturnDeclaration handler, Guid id, ReturnRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, request, ct)).ToOk();

    private static async Task<Results<Ok<DeclarationView>, ValidationProblem, ProblemHttpResult>> Amend(HttpContext http, AmendDeclaration handler, Guid id, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, ct)).ToOk();

    private static async Task<Results<Ok<DeclarationView>, ValidationProblem, ProblemHttpResult>> Withdraw(HttpContext http, WithdrawDeclaration handler, Guid id, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, ct)).ToOk();

    private static async Task<Results<Ok<DeclarationView>, ValidationProblem, ProblemHttpResult>> Inspect(
        HttpContext http, RecordInspection handler, Guid id, InspectionRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, request, ct)).ToOk();

    private static async Task<Results<Ok<DeclarationView>, ValidationProblem, ProblemHttpResult>> IssuePermit(
        HttpContext http, IssueInspectionPermit handler, Guid id, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, ct)).ToOk();

    private static async Task<Results<Created<MandateView>, ValidationProblem, ProblemHttpResult>> AddMandate(
        HttpContext http, RegisterAgentMandate handler, MandateRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), request, ct)).ToCreated(m => $"/api/declarations/agents/{m.Id}");

    private static async Task<Ok<MandateView[]>> Mandates(HttpContext http, ListAgentMandates handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(Actor.From(http.User), ct));

    private static async Task<Results<Ok<ClearanceTimeView>, ValidationProblem>> ClearanceTime(
        HttpContext http, ClearanceMetrics metrics, DateTimeOffset? from, DateTimeOffset? to, string? kind, CancellationToken ct) =>
        (await metrics.TimeAsync(Actor.From(http.User), from, to, kind, ct)).ToOkOrInvalid();

    private static async Task<Results<Ok<CoverageView>, ValidationProblem>> Coverage(
        HttpContext http, ClearanceMetrics metrics, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct) =>
        (await metrics.CoverageAsync(Actor.From(http.User), from, to, ct)).ToOkOrInvalid();
}
