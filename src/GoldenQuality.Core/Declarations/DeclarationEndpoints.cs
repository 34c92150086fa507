using System.Globalization;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Declarations;

public sealed record HistoryView(DateTimeOffset At, string Stage, string Status, string Actor, string Detail);

public sealed record DeclarationView(
    Guid Id, string Number, string Kind, string Status, long Version, string? Office, string? RoutingReason, DeclarationData Data, RiskDecision? Risk,
    LineInspection[] Inspection, string? ReturnReasons, string? PermitNumber, string? CustomsDecision, bool? ElectronicClearance, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, HistoryView[] History);

public sealed record DeclarationSummary(Guid Id, string Number, string Kind, string Status, string TraderUscc, string DeclarantUscc, string? Office, string? Port, int Lines,
    string? Risk, int? RiskScore, string? RiskReasons, string? PermitNumber, DateTimeOffset UpdatedAt);

public sealed record ReturnRequest(string? Reasons);

public sealed record MandateRequest(string? AgentUscc, string? PrincipalUscc, DateOnly? ValidFrom, DateOnly? ValidTo);

public sealed record MandateView(Guid Id, string AgentUscc, string PrincipalUscc, DateOnly ValidFrom, DateOnly? ValidTo, string RegisteredBy, DateTimeOffset RegisteredAt);

/// <summary>E-Declaration: the lifecycle over HTTP, the officer's worklist, agent mandates and the clearance metrics.</summary>
internal static class DeclarationEndpoints
{
    public static RouteGroupBuilder MapDeclarations(this RouteGroupBuilder group)
    {
        group.MapPost("/", Create).WithName("CreateDeclaration").WithSummary("Creates a draft declaration (WCO data model core). Every field error is named.").RequireAuthorization(Policies.Declarant);
        group.MapPost("/files", Upload).WithName("UploadDeclarations").DisableAntiforgery()
            .WithSummary("Creates drafts from an uploaded JSON file (one declaration or an array), all or nothing; errors are named [i].field.").RequireAuthorization(Policies.Declarant);
        group.MapGet("/", List).WithName("ListDeclarations").WithSummary("The worklist: an office sees what was routed to it, an enterprise what it declared or trades; by status and risk.").RequireAuthorization(Policies.SignedIn);
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
        group.MapGet("/metrics/clearance-time", ClearanceMetrics.Time).WithName("ClearanceTime").WithSummary("Clearance time per stage and in total: p50, p90, p99 (seconds).").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/metrics/coverage", ClearanceMetrics.Coverage).WithName("ElectronicClearanceCoverage")
            .WithSummary("The share of cleared goods lines whose clearance permit reached Customs electronically.").RequireAuthorization(Policies.SignedIn);
        return group;
    }

    private static async Task<Results<Created<DeclarationView>, ValidationProblem, ProblemHttpResult>> Create(
        HttpContext http, CreateDeclaration handler, DeclarationRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), request, ct)).ToCreated(v => $"/api/declarations/{v.Id}");

    private static async Task<Results<Created<DeclarationSummary[]>, ValidationProblem, ProblemHttpResult>> Upload(
        HttpContext http, GqDbContext db, DeclarationFlow flow, IOptions<JsonOptions> json, IFormFile? file, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        if (!DeclarationAccess.CanDeclare(actor))
        {
            return Problems.Forbidden("Declarations are made by enterprises (or by a system on their behalf).");
        }

        var v = new Validation();
        if (file is null || file.Length == 0)
        {
            v.Add("file", "upload a JSON file with one declaration or an array of them");
            return v.Result();
        }

        DeclarationRequest[] requests;
        try
        {
            await using var stream = file.OpenReadStream();
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
            requests = document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.Deserialize<DeclarationRequest[]>(json.Value.SerializerOptions) ?? []
                : [document.RootElement.Deserialize<DeclarationRequest>(json.Value.SerializerOptions)!];
        }
        catch (JsonException e)
        {
            v.Add("file", $"is not a declaration in JSON: {e.Message}");
            return v.Result();
        }

        var created = new List<Declaration>();
        foreach (var (r, i) in requests.Select((r, i) => (r, i)))
        {
            var one = new Validation();
            if (await flow.CreateAsync(r, actor, one, ct) is { } d)
            {
                created.Add(d);
            }

            foreach (var (field, reasons) in one.Errors)
            {
                foreach (var reason in reasons)
                {
                    v.Add(string.Create(CultureInfo.InvariantCulture, $"[{i}].{field}"), reason);
                }
            }
        }

        if (!v.IsValid || created.Count == 0)
        {
            if (created.Count == 0 && v.IsValid)
            {
                v.Add("file", "holds no declaration");
            }

            return v.Result();
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.Created("/api/declarations", created.Select(DeclarationAccess.Summary).ToArray());
    }

    private static async Task<Results<Ok<Paged<DeclarationSummary>>, ValidationProblem>> List(
        HttpContext http, ListDeclarations handler, string? status, string? risk, string? kind, string? q, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), status, risk, kind, q, page, pageSize, ct)).ToOkOrInvalid();

    private static async Task<Results<Ok<DeclarationView>, ProblemHttpResult>> Get(HttpContext http, GetDeclaration handler, Guid id, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, ct)).ToOkOrProblem();

    private static async Task<Results<Ok<DeclarationView>, ValidationProblem, ProblemHttpResult>> Update(
        HttpContext http, GqDbContext db, DeclarationFlow flow, Guid id, long? version, DeclarationRequest request, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var (d, problem) = await DeclarationAccess.FindAsync(db, actor, id, ct);
        if (d is null)
        {
            return problem!;
        }

        if (!DeclarationAccess.IsDeclarant(d, actor))
        {
            return Problems.Forbidden("Only the declarant changes its declaration.");
        }

        if (d.Status is not (DeclarationStatus.Draft or DeclarationStatus.Returned))
        {
            return DeclarationAccess.Illegal(d, "changed", "amend it first to take it back to draft");
        }

        if (version is { } sent && sent != d.Version)
        {
            return Problems.StaleVersion(sent, d.Version);
        }

        var v = new Validation();
        if (!await flow.UpdateAsync(d, request, actor, v, ct))
        {
            return v.Result();
        }

        if (d.Status == DeclarationStatus.Returned)
        {
            flow.Move(d, DeclarationStatus.Draft, "amended", actor, "changed after it was returned");
        }

        return await SaveAsync(db, d, ct);
    }

    private static async Task<Results<Ok<DeclarationView>, ValidationProblem, ProblemHttpResult>> Submit(
        HttpContext http, SubmitDeclaration handler, Guid id, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, ct)).ToOk();

    private static async Task<Results<Ok<DeclarationView>, ValidationProblem, ProblemHttpResult>> Return(
        HttpContext http, GqDbContext db, DeclarationFlow flow, Guid id, ReturnRequest request, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var (d, problem) = await DeclarationAccess.FindAsync(db, actor, id, ct);
        if (d is null)
        {
            return problem!;
        }

        if (!DeclarationAccess.IsOfficeOf(d, actor))
        {
            return Problems.Forbidden($"Only an officer of {d.Office} returns this declaration.");
        }

        var v = new Validation();
        var reasons = v.Required("reasons", request.Reasons, 2000);
        if (!v.IsValid)
        {
            return v.Result();
        }

        if (!d.CanMove(DeclarationStatus.Returned))
        {
            return DeclarationAccess.Illegal(d, "returned", null);
        }

        d.Return(reasons);
        flow.Move(d, DeclarationStatus.Returned, "returned", actor, reasons);
        return await SaveAsync(db, d, ct);
    }

    private static Task<Results<Ok<DeclarationView>, ValidationProblem, ProblemHttpResult>> Amend(HttpContext http, GqDbContext db, DeclarationFlow flow, Guid id, CancellationToken ct) =>
        DeclarantMove(http, db, flow, id, DeclarationStatus.Draft, "amended", "taken back to draft to amend it", ct);

    private static Task<Results<Ok<DeclarationView>, ValidationProblem, ProblemHttpResult>> Withdraw(HttpContext http, GqDbContext db, DeclarationFlow flow, Guid id, CancellationToken ct) =>
        DeclarantMove(http, db, flow, id, DeclarationStatus.Withdrawn, "withdrawn", "withdrawn by the declarant", ct);

    private static async Task<Results<Ok<DeclarationView>, ValidationProblem, ProblemHttpResult>> DeclarantMove(
        HttpContext http, GqDbContext db, DeclarationFlow flow, Guid id, DeclarationStatus to, string stage, string detail, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var (d, problem) = await DeclarationAccess.FindAsync(db, actor, id, ct);
        if (d is null)
        {
            return problem!;
        }

        if (!DeclarationAccess.IsDeclarant(d, actor))
        {
            return Problems.Forbidden("Only the declarant amends or withdraws its declaration.");
        }

        if (d.Status == DeclarationStatus.Draft && to == DeclarationStatus.Draft || !d.CanMove(to))
        {
            return DeclarationAccess.Illegal(d, stage, null);
        }

        flow.Move(d, to, stage, actor, detail);
        return await SaveAsync(db, d, ct);
    }

    private static async Task<Results<Ok<DeclarationView>, ValidationProblem, ProblemHttpResult>> Inspect(
        HttpContext http, RecordInspection handler, Guid id, InspectionRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, request, ct)).ToOk();

    private static async Task<Results<Ok<DeclarationView>, ValidationProblem, ProblemHttpResult>> IssuePermit(
        HttpContext http, IssueInspectionPermit handler, Guid id, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, ct)).ToOk();

    private static async Task<Results<Created<MandateView>, ValidationProblem, ProblemHttpResult>> AddMandate(HttpContext http, GqDbContext db, TimeProvider clock, MandateRequest request, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var v = new Validation();
        string? Read(string field, string? value)
        {
            var check = Registry.Contracts.Uscc.Check(value?.Trim());
            if (!check.IsValid)
            {
                v.Add(field, string.IsNullOrWhiteSpace(value) ? "is required" : check.Message);
                return null;
            }

            return check.Input;
        }

        var agent = Read("agentUscc", request.AgentUscc);
        var principal = Read("principalUscc", request.PrincipalUscc);
        var from = request.ValidFrom ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (request.ValidTo is { } to && to < from)
        {
            v.Add("validTo", "must not be before validFrom");
        }

        if (agent is not null && agent == principal)
        {
            v.Add("agentUscc", "an enterprise does not need a mandate to declare for itself");
        }

        foreach (var (field, uscc) in new[] { ("agentUscc", agent), ("principalUscc", principal) })
        {
            if (uscc is not null && !await db.Enterprises.AnyAsync(e => e.Uscc == uscc, ct))
            {
                v.Add(field, $"{uscc} is not on the enterprise register");
            }
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (!actor.IsOfficial)
        {
            var own = actor.EnterpriseId is { } e ? await db.Enterprises.Where(x => x.Id == e).Select(x => x.Uscc).FirstOrDefaultAsync(ct) : null;
            if (own != principal)
            {
                return Problems.Forbidden("Only the principal enterprise (or an officer) registers its agent.");
            }
        }

        var mandate = AgentMandate.Create(Ids.New(clock), agent!, principal!, from, request.ValidTo, actor.OnBehalfOf, clock.GetUtcNow());
        db.Add(mandate);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/declarations/agents/{mandate.Id}", View(mandate));
    }

    private static async Task<Ok<MandateView[]>> Mandates(HttpContext http, GqDbContext db, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var query = db.Set<AgentMandate>().AsNoTracking();
        if (!actor.IsOfficial)
        {
            var own = actor.EnterpriseId is { } e ? await db.Enterprises.Where(x => x.Id == e).Select(x => x.Uscc).FirstOrDefaultAsync(ct) : "";
            query = query.Where(m => m.AgentUscc == own || m.PrincipalUscc == own);
        }

        return TypedResults.Ok((await query.OrderBy(m => m.RegisteredAt).ToListAsync(ct)).Select(View).ToArray());
    }

    private static async Task<Results<Ok<DeclarationView>, ValidationProblem, ProblemHttpResult>> SaveAsync(GqDbContext db, Declaration d, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("version", "the declaration was changed at the same moment by someone else; read it again");
        }

        return TypedResults.Ok(await DeclarationAccess.ViewAsync(db, d, ct));
    }

    private static MandateView View(AgentMandate m) => new(m.Id, m.AgentUscc, m.PrincipalUscc, m.ValidFrom, m.ValidTo, m.RegisteredBy, m.RegisteredAt);
}
