using GoldenQuality.Certificates.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Declarations.Contracts;

/// <summary>Creates a draft declaration (WCO data model core); every field error is named.</summary>
public sealed class CreateDeclaration
{
    private readonly GqDbContext db;
    private readonly DeclarationFlow flow;

    internal CreateDeclaration(GqDbContext db, DeclarationFlow flow) => (this.db, this.flow) = (db, flow);

    public async Task<HandlerResult<DeclarationView>> HandleAsync(Actor actor, DeclarationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!DeclarationAccess.CanDeclare(actor))
        {
            return Problems.Forbidden(new Message("decl.forbidden.declare"));
        }

        var v = new Validation();
        var d = await flow.CreateAsync(request, actor, v, ct);
        if (d is null)
        {
            return v.Result();
        }

        await db.SaveChangesAsync(ct);
        return await DeclarationAccess.ViewAsync(db, d, ct);
    }
}

/// <summary>The worklist: an office sees what was routed to it, an enterprise what it declared or trades; by status, risk, kind and text.</summary>
public sealed class ListDeclarations(GqDbContext db)
{
    /// <summary>The orders a worklist can be sorted in: most recently changed first (the default), oldest change first, by number.</summary>
    public static readonly string[] Sorts = ["updated", "oldest", "number"];

    public async Task<HandlerResult<Paged<DeclarationSummary>>> HandleAsync(Actor actor, DeclarationQuery filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(filter);
        var v = new Validation();
        var (p, size) = Paging.Read(v, filter.Page, filter.PageSize);
        var query = DeclarationAccess.Scope(db.Set<Declaration>().AsNoTracking(), actor);
        if (!string.IsNullOrWhiteSpace(filter.Status))
        {
            var s = v.Enum<DeclarationStatus>("status", filter.Status);
            query = query.Where(d => d.Status == s);
        }

        if (!string.IsNullOrWhiteSpace(filter.Risk))
        {
            var r = v.Enum<RiskOutcome>("risk", filter.Risk);
            query = query.Where(d => d.Risk == r);
        }

        if (!string.IsNullOrWhiteSpace(filter.Kind))
        {
            var k = v.Enum<DeclarationKind>("kind", filter.Kind);
            query = query.Where(d => d.Kind == k);
        }

        var text = v.Optional("q", filter.Q, 64)?.ToUpperInvariant();
        var sort = Paging.Sort(v, filter.Sort, Sorts);

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (text is not null)
        {
            query = query.Where(d => d.Number.Contains(text) || d.TraderUscc == text || d.DeclarantUscc == text || d.PermitNumber == text);
        }

        var total = await query.CountAsync(ct);
        var ordered = sort switch
        {
            "oldest" => query.OrderBy(d => d.UpdatedAt).ThenBy(d => d.Number),
            "number" => query.OrderBy(d => d.Number),
            _ => query.OrderByDescending(d => d.UpdatedAt).ThenByDescending(d => d.Number),
        };
        var rows = await ordered.Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<DeclarationSummary>([.. rows.Select(DeclarationAccess.Summary)], p, size, total);
    }
}

/// <summary>A declaration with its risk reasons, inspection and full history.</summary>
public sealed class GetDeclaration(GqDbContext db)
{
    public async Task<HandlerResult<DeclarationView>> HandleAsync(Actor actor, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (d, problem) = await DeclarationAccess.FindAsync(db, actor, id, ct);
        return d is null ? problem! : await DeclarationAccess.ViewAsync(db, d, ct);
    }
}

/// <summary>Submits: routing, formal check (return with reasons), risk decision; a document check passes and gets its permit at once.</summary>
public sealed class SubmitDeclaration
{
    private readonly GqDbContext db;
    private readonly DeclarationFlow flow;

    internal SubmitDeclaration(GqDbContext db, DeclarationFlow flow) => (this.db, this.flow) = (db, flow);

    public async Task<HandlerResult<DeclarationView>> HandleAsync(Actor actor, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (d, problem) = await DeclarationAccess.FindAsync(db, actor, id, ct);
        if (d is null)
        {
            return problem!;
        }

        if (!DeclarationAccess.IsDeclarant(d, actor))
        {
            return Problems.Forbidden(new Message("decl.forbidden.submit"));
        }

        if (!d.CanMove(DeclarationStatus.Submitted))
        {
            return DeclarationAccess.Illegal(d, "submitted", d.Status == DeclarationStatus.Returned ? new Message("decl.illegal.hint.change-first") : null);
        }

        var v = new Validation();
        if (!await flow.SubmitAsync(d, actor, v, ct))
        {
            return v.Result();
        }

        var result = await DeclarationAccess.SaveViewAsync(db, d, ct);
        return result;
    }
}

/// <summary>Inspection results per line; lab results are judged against the standards in force.</summary>
public sealed class RecordInspection
{
    private readonly GqDbContext db;
    private readonly DeclarationFlow flow;

    internal RecordInspection(GqDbContext db, DeclarationFlow flow) => (this.db, this.flow) = (db, flow);

    public async Task<HandlerResult<DeclarationView>> HandleAsync(Actor actor, Guid id, InspectionRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (d, problem) = await DeclarationAccess.FindAsync(db, actor, id, ct);
        if (d is null)
        {
            return problem!;
        }

        if (!DeclarationAccess.IsOfficeOf(d, actor))
        {
            return Problems.Forbidden(new Message("decl.forbidden.inspect", d.Office));
        }

        if (d.Status != DeclarationStatus.Inspection)
        {
            return DeclarationAccess.Illegal(d, "inspected", null);
        }

        var v = new Validation();
        if (!await flow.InspectAsync(d, request, actor, v, ct))
        {
            return v.Result();
        }

        return await DeclarationAccess.SaveViewAsync(db, d, ct);
    }
}

/// <summary>
/// Issues the signed inspection permit of a passed declaration and sends its electronic copy. It needs the
/// declaration and the permit, so it lives here: Declarations may use Certificates, not the reverse.
/// </summary>
public sealed class IssueInspectionPermit
{
    private readonly GqDbContext db;
    private readonly DeclarationFlow flow;
    private readonly IPermitIssuer permits;

    internal IssueInspectionPermit(GqDbContext db, DeclarationFlow flow, IPermitIssuer permits) =>
        (this.db, this.flow, this.permits) = (db, flow, permits);

    public async Task<HandlerResult<DeclarationView>> HandleAsync(Actor actor, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (d, problem) = await DeclarationAccess.FindAsync(db, actor, id, ct);
        if (d is null)
        {
            return problem!;
        }

        if (!DeclarationAccess.IsOfficeOf(d, actor))
        {
            return Problems.Forbidden(new Message("decl.forbidden.permit", d.Office));
        }

        if (d.Status != DeclarationStatus.Passed)
        {
            return DeclarationAccess.Illegal(d, "given a permit", new Message("decl.illegal.hint.passed-only"));
        }

        if (!permits.CanSign)
        {
            return Problems.Conflict("exchange", new Message("decl.permit.no-exchange"));
        }

        if (await flow.HoldOnAsync(d, ct) is { } hold)
        {
            return Problems.Conflict("hold", new Message("decl.held-no-permit", DeclarationHolds.Describe(d.Number, hold)));
        }

        await flow.IssuePermitAsync(d, actor.UserName, ct);
        var result = await DeclarationAccess.SaveViewAsync(db, d, ct);
        return result;
    }
}

/// <summary>Changes a draft or returned declaration (the version sent must be the one read); a returned one goes back to draft.</summary>
public sealed class UpdateDeclaration
{
    private readonly GqDbContext db;
    private readonly DeclarationFlow flow;

    internal UpdateDeclaration(GqDbContext db, DeclarationFlow flow) => (this.db, this.flow) = (db, flow);

    public async Task<HandlerResult<DeclarationView>> HandleAsync(Actor actor, Guid id, long? version, DeclarationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (d, problem) = await DeclarationAccess.FindAsync(db, actor, id, ct);
        if (d is null)
        {
            return problem!;
        }

        if (!DeclarationAccess.IsDeclarant(d, actor))
        {
            return Problems.Forbidden(new Message("decl.forbidden.change"));
        }

        if (d.Status is not (DeclarationStatus.Draft or DeclarationStatus.Returned))
        {
            return DeclarationAccess.Illegal(d, "changed", new Message("decl.illegal.hint.amend-first"));
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
            flow.Move(d, DeclarationStatus.Draft, "amended", actor, new Message("decl.event.amended-after-return"));
        }

        return await DeclarationAccess.SaveViewAsync(db, d, ct);
    }
}

/// <summary>The office returns a submitted or accepted declaration with reasons.</summary>
public sealed class ReturnDeclaration
{
    private readonly GqDbContext db;
    private readonly DeclarationFlow flow;

    internal ReturnDeclaration(GqDbContext db, DeclarationFlow flow) => (this.db, this.flow) = (db, flow);

    public async Task<HandlerResult<DeclarationView>> HandleAsync(Actor actor, Guid id, ReturnRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var (d, problem) = await DeclarationAccess.FindAsync(db, actor, id, ct);
        if (d is null)
        {
            return problem!;
        }

        if (!DeclarationAccess.IsOfficeOf(d, actor))
        {
            return Problems.Forbidden(new Message("decl.forbidden.return", d.Office));
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

        var officer = new Message("text", reasons!);
        d.Return(officer);
        flow.Move(d, DeclarationStatus.Returned, "returned", actor, officer);
        return await DeclarationAccess.SaveViewAsync(db, d, ct);
    }
}

/// <summary>The declarant takes a submitted, accepted or returned declaration back to draft to change it.</summary>
public sealed class AmendDeclaration
{
    private readonly GqDbContext db;
    private readonly DeclarationFlow flow;

    internal AmendDeclaration(GqDbContext db, DeclarationFlow flow) => (this.db, this.flow) = (db, flow);

    public Task<HandlerResult<DeclarationView>> HandleAsync(Actor actor, Guid id, CancellationToken ct) =>
        DeclarantMoves.MoveAsync(db, flow, actor, id, DeclarationStatus.Draft, "amended", new Message("decl.event.taken-back"), ct);
}

/// <summary>The declarant withdraws its declaration (before inspection).</summary>
public sealed class WithdrawDeclaration
{
    private readonly GqDbContext db;
    private readonly DeclarationFlow flow;

    internal WithdrawDeclaration(GqDbContext db, DeclarationFlow flow) => (this.db, this.flow) = (db, flow);

    public Task<HandlerResult<DeclarationView>> HandleAsync(Actor actor, Guid id, CancellationToken ct) =>
        DeclarantMoves.MoveAsync(db, flow, actor, id, DeclarationStatus.Withdrawn, "withdrawn", new Message("decl.event.withdrawn"), ct);
}

/// <summary>A move the declarant makes on its own declaration (amend, withdraw): who may, from which status, one save.</summary>
internal static class DeclarantMoves
{
    public static async Task<HandlerResult<DeclarationView>> MoveAsync(
        GqDbContext db, DeclarationFlow flow, Actor actor, Guid id, DeclarationStatus to, string stage, Message detail, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (d, problem) = await DeclarationAccess.FindAsync(db, actor, id, ct);
        if (d is null)
        {
            return problem!;
        }

        if (!DeclarationAccess.IsDeclarant(d, actor))
        {
            return Problems.Forbidden(new Message("decl.forbidden.amend"));
        }

        if (d.Status == DeclarationStatus.Draft && to == DeclarationStatus.Draft || !d.CanMove(to))
        {
            return DeclarationAccess.Illegal(d, stage, null);
        }

        flow.Move(d, to, stage, actor, detail);
        return await DeclarationAccess.SaveViewAsync(db, d, ct);
    }
}
