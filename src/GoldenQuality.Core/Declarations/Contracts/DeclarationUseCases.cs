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
            return Problems.Forbidden("Declarations are made by enterprises (or by a system on their behalf).");
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
    public async Task<HandlerResult<Paged<DeclarationSummary>>> HandleAsync(Actor actor, string? status, string? risk, string? kind, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        var query = DeclarationAccess.Scope(db.Set<Declaration>().AsNoTracking(), actor);
        if (!string.IsNullOrWhiteSpace(status))
        {
            var s = v.Enum<DeclarationStatus>("status", status);
            query = query.Where(d => d.Status == s);
        }

        if (!string.IsNullOrWhiteSpace(risk))
        {
            var r = v.Enum<RiskOutcome>("risk", risk);
            query = query.Where(d => d.Risk == r);
        }

        if (!string.IsNullOrWhiteSpace(kind))
        {
            var k = v.Enum<DeclarationKind>("kind", kind);
            query = query.Where(d => d.Kind == k);
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim().ToUpperInvariant();
            query = query.Where(d => d.Number.Contains(text) || d.TraderUscc == text || d.PermitNumber == text);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(d => d.UpdatedAt).Skip((p - 1) * size).Take(size).ToListAsync(ct);
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
            return Problems.Forbidden("Only the declarant submits its declaration.");
        }

        if (!d.CanMove(DeclarationStatus.Submitted))
        {
            return DeclarationAccess.Illegal(d, "submitted", d.Status == DeclarationStatus.Returned ? "change it (PUT) or amend it first" : null);
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
            return Problems.Forbidden($"Only an officer of {d.Office} inspects this declaration.");
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
            return Problems.Forbidden($"Only an officer of {d.Office} issues this declaration's permit.");
        }

        if (d.Status != DeclarationStatus.Passed)
        {
            return DeclarationAccess.Illegal(d, "given a permit", "only a passed declaration gets a permit");
        }

        if (!permits.CanSign)
        {
            return Problems.Conflict("exchange", "permits are signed with the node's exchange key, and the exchange is not configured on this node");
        }

        await flow.IssuePermitAsync(d, actor.UserName, ct);
        var result = await DeclarationAccess.SaveViewAsync(db, d, ct);
        return result;
    }
}
