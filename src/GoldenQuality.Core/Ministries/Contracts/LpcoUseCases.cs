using System.Globalization;
using GoldenQuality.Audit.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Ministries.Contracts;

/// <summary>
/// An enterprise user applies for an LPCO of its own enterprise on the issuer's node: quarantine permits on the MOA's
/// node, waste import licences on the MEP's node. Every field is checked (registry, code lists); the LPCO starts as applied.
/// </summary>
public sealed class ApplyForLpco
{
    private readonly LpcoRegister register;

    internal ApplyForLpco(LpcoRegister register) => this.register = register;

    public async Task<HandlerResult<LpcoView>> HandleAsync(Actor actor, LpcoApplication request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (!Policies.IsEnterpriseUser(actor) || actor.EnterpriseUscc is null)
        {
            return Problems.Forbidden(new Message("lpco.apply.enterprise-only"));
        }

        if (WireNames.TryParse<LpcoKind>(request.Kind, out var kind) && !LpcoRules.IssuedHere(register.Node, kind))
        {
            return Problems.Forbidden(new Message("lpco.apply.not-issued-here", LpcoRules.KindTerm(kind), MinistriesWire.IssuerOf(kind)));
        }

        var holder = string.IsNullOrWhiteSpace(request.HolderUscc) ? actor.EnterpriseUscc : request.HolderUscc.Trim().ToUpperInvariant();
        if (holder != actor.EnterpriseUscc)
        {
            return Problems.Forbidden(new Message("lpco.apply.own-enterprise", actor.OnBehalfOf, actor.EnterpriseUscc, holder));
        }

        var v = new Validation();
        var fields = await register.CheckFieldsAsync(v, request.Kind, holder, request.HsCode, request.ProductDescription, request.OriginCountry, request.Quantity, request.Unit,
            request.PortsOfEntry, request.ValidFrom, request.ValidTo, ct);
        if (fields is null)
        {
            return v.Result();
        }

        var l = Lpco.Create(Ids.New(register.Clock), fields, LpcoStatus.Applied, null, fields.Quantity, register.Clock.GetUtcNow());
        register.Db.Set<Lpco>().Add(l);
        register.Record(l, actor, "applied", null, LpcoStatus.Applied, (string?)null);
        return await register.SaveViewAsync(l, ct);
    }
}

/// <summary>
/// An officer (or the system account) of the issuing ministry registers an LPCO issued outside this system (its legacy
/// register): the same field checks as an application, the number kept when given (else assigned), issued unless the
/// status says suspended, revoked or expired. A number already registered is a 409.
/// </summary>
public sealed class RegisterLpco
{
    private readonly LpcoRegister register;

    internal RegisterLpco(LpcoRegister register) => this.register = register;

    public async Task<HandlerResult<LpcoView>> HandleAsync(Actor actor, LpcoRegistration request, CancellationToken ct)
    {
        var (l, problem, invalid) = await PrepareAsync(register, actor, request, ct);
        if (l is null)
        {
            return invalid is not null ? invalid.Result() : problem!;
        }

        return await register.SaveViewAsync(l, ct);
    }

    /// <summary>Checks and adds (unsaved) a registered LPCO: used by the handler and the register file loader.</summary>
    internal static async Task<(Lpco? Lpco, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Problem, Validation? Invalid)> PrepareAsync(
        LpcoRegister register, Actor actor, LpcoRegistration request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (WireNames.TryParse<LpcoKind>(request.Kind, out var kind) && LpcoRegister.OfficerOf(actor, kind) is { } forbidden)
        {
            return (null, forbidden, null);
        }

        var v = new Validation();
        var number = v.Optional("number", request.Number, 32)?.ToUpperInvariant();
        if (number is not null && !LpcoRules.NumberPattern().IsMatch(number))
        {
            v.Add("number", new Message("lpco.number-format", number));
        }

        var status = string.IsNullOrWhiteSpace(request.Status) ? LpcoStatus.Issued : v.Enum<LpcoStatus>("status", request.Status);
        if (status is not (LpcoStatus.Issued or LpcoStatus.Suspended or LpcoStatus.Revoked or LpcoStatus.Expired))
        {
            v.Add("status", new Message("lpco.register-status"));
        }

        var reason = v.Optional("reason", request.Reason, LpcoRules.MaxReason);
        var fields = await register.CheckFieldsAsync(v, request.Kind, request.HolderUscc, request.HsCode, request.ProductDescription, request.OriginCountry, request.Quantity,
            request.Unit, request.PortsOfEntry, request.ValidFrom, request.ValidTo, ct);
        var remaining = request.Remaining ?? fields?.Quantity ?? 0;
        if (fields is not null && (remaining < 0 || remaining > fields.Quantity))
        {
            v.Add("remaining", new Message("lpco.remaining-range", LpcoRules.Format(fields.Quantity), LpcoRules.Format(remaining)));
        }

        if (fields is null || !v.IsValid)
        {
            return (null, null, v);
        }

        if (number is not null && (register.Db.Set<Lpco>().Local.Any(x => x.Number == number) || await register.Db.Set<Lpco>().AnyAsync(x => x.Number == number, ct)))
        {
            return (null, Problems.Conflict("number", new Message("lpco.number-registered", number)), null);
        }

        number ??= await register.NextNumberAsync(fields.Kind, ct);
        var l = Lpco.Create(Ids.New(register.Clock), fields, status, number, remaining, register.Clock.GetUtcNow());
        register.Db.Set<Lpco>().Add(l);
        if (reason is null)
        {
            register.Record(l, actor, "registered", null, status, new Message("lpco.reason.registered"));
        }
        else
        {
            register.Record(l, actor, "registered", null, status, reason);
        }
        return (l, null, null);
    }
}

/// <summary>The issuing ministry's officer starts reviewing an application.</summary>
public sealed class StartLpcoReview
{
    private readonly LpcoRegister register;

    internal StartLpcoReview(LpcoRegister register) => this.register = register;

    public Task<HandlerResult<LpcoView>> HandleAsync(Actor actor, Guid id, LpcoStep step, CancellationToken ct) =>
        LpcoSteps.RunAsync(register, actor, id, step, reasonRequired: false, ct, async (l, reason) =>
        {
            if (l.Status != LpcoStatus.Applied)
            {
                return LpcoRules.Illegal(l, "review", register.Today);
            }

            register.Move(l, LpcoStatus.UnderReview, actor, "review-started", reason);
            await Task.CompletedTask;
            return null;
        });
}

/// <summary>The issuing ministry's officer issues a reviewed application: the number is assigned (<c>MOA-QP-2026-000001</c>).</summary>
public sealed class IssueLpco
{
    private readonly LpcoRegister register;

    internal IssueLpco(LpcoRegister register) => this.register = register;

    public Task<HandlerResult<LpcoView>> HandleAsync(Actor actor, Guid id, LpcoStep step, CancellationToken ct) =>
        LpcoSteps.RunAsync(register, actor, id, step, reasonRequired: false, ct, async (l, reason) =>
        {
            if (l.Status != LpcoStatus.UnderReview)
            {
                return LpcoRules.Illegal(l, "issue", register.Today);
            }

            if (l.ValidTo < register.Today)
            {
                return Problems.Conflict("validTo", new Message("lpco.validity-ended", l.ValidTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            }

            var from = l.Status;
            l.Issue(await register.NextNumberAsync(l.Kind, ct), register.Clock.GetUtcNow());
            register.Record(l, actor, "issued", from, LpcoStatus.Issued, reason);
            return null;
        });
}

/// <summary>The issuing ministry's officer refuses an application (or one under review), with the reason.</summary>
public sealed class RefuseLpco
{
    private readonly LpcoRegister register;

    internal RefuseLpco(LpcoRegister register) => this.register = register;

    public Task<HandlerResult<LpcoView>> HandleAsync(Actor actor, Guid id, LpcoStep step, CancellationToken ct) =>
        LpcoSteps.RunAsync(register, actor, id, step, reasonRequired: true, ct, async (l, reason) =>
        {
            if (l.Status is not (LpcoStatus.Applied or LpcoStatus.UnderReview))
            {
                return LpcoRules.Illegal(l, "refuse", register.Today);
            }

            register.Move(l, LpcoStatus.Refused, actor, "refused", reason);
            await Task.CompletedTask;
            return null;
        });
}

/// <summary>The issuing ministry's officer suspends an issued LPCO (reason required); every node holding a copy is told.</summary>
public sealed class SuspendLpco
{
    private readonly LpcoRegister register;

    internal SuspendLpco(LpcoRegister register) => this.register = register;

    public Task<HandlerResult<LpcoView>> HandleAsync(Actor actor, Guid id, LpcoStep step, CancellationToken ct) =>
        LpcoSteps.RunAsync(register, actor, id, step, reasonRequired: true, ct, (l, reason) => ApplyAsync(register, l, actor, reason!, ct));

    /// <summary>The step itself (unsaved): the officer's action and the legacy feed's (<c>LpcoFeedTarget</c>) are the same code.</summary>
    internal static async Task<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult?> ApplyAsync(LpcoRegister register, Lpco l, Actor actor, string reason, CancellationToken ct)
    {
        if (l.EffectiveStatus(register.Today) != LpcoStatus.Issued)
        {
            return LpcoRules.Illegal(l, "suspend", register.Today);
        }

        register.Move(l, LpcoStatus.Suspended, actor, "suspended", reason);
        await register.NotifyHoldersAsync(l, reason, ct);
        return null;
    }
}

/// <summary>The issuing ministry's officer reinstates a suspended LPCO (still within its validity); every node holding a copy is told.</summary>
public sealed class ReinstateLpco
{
    private readonly LpcoRegister register;

    internal ReinstateLpco(LpcoRegister register) => this.register = register;

    public Task<HandlerResult<LpcoView>> HandleAsync(Actor actor, Guid id, LpcoStep step, CancellationToken ct) =>
        LpcoSteps.RunAsync(register, actor, id, step, reasonRequired: false, ct, (l, reason) => ApplyAsync(register, l, actor, reason, ct));

    /// <summary>The step itself (unsaved): the officer's action and the legacy feed's are the same code.</summary>
    internal static async Task<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult?> ApplyAsync(LpcoRegister register, Lpco l, Actor actor, string? reason, CancellationToken ct)
    {
        if (l.EffectiveStatus(register.Today) != LpcoStatus.Suspended)
        {
            return LpcoRules.Illegal(l, "reinstate", register.Today);
        }

        register.Move(l, LpcoStatus.Issued, actor, "reinstated", reason);
        await register.NotifyHoldersAsync(l, reason ?? "reinstated", ct);
        return null;
    }
}

/// <summary>The issuing ministry's officer revokes an issued or suspended LPCO (reason required; final); every node holding a copy is told.</summary>
public sealed class RevokeLpco
{
    private readonly LpcoRegister register;

    internal RevokeLpco(LpcoRegister register) => this.register = register;

    public Task<HandlerResult<LpcoView>> HandleAsync(Actor actor, Guid id, LpcoStep step, CancellationToken ct) =>
        LpcoSteps.RunAsync(register, actor, id, step, reasonRequired: true, ct, (l, reason) => ApplyAsync(register, l, actor, reason!, ct));

    /// <summary>The step itself (unsaved): the officer's action and the legacy feed's are the same code.</summary>
    internal static async Task<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult?> ApplyAsync(LpcoRegister register, Lpco l, Actor actor, string reason, CancellationToken ct)
    {
        if (l.EffectiveStatus(register.Today) is not (LpcoStatus.Issued or LpcoStatus.Suspended))
        {
            return LpcoRules.Illegal(l, "revoke", register.Today);
        }

        register.Move(l, LpcoStatus.Revoked, actor, "revoked", reason);
        await register.NotifyHoldersAsync(l, reason, ct);
        return null;
    }
}

/// <summary>
/// The issuing ministry's officer amends an issued or suspended LPCO: quantity, validity, ports of entry. The remaining
/// quantity follows (new quantity minus what was drawn) and the quantity never falls below what was drawn; every node
/// holding a copy is told.
/// </summary>
public sealed class AmendLpco
{
    private readonly LpcoRegister register;

    internal AmendLpco(LpcoRegister register) => this.register = register;

    public async Task<HandlerResult<LpcoView>> HandleAsync(Actor actor, Guid id, LpcoAmendment request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var v = new Validation();
        var (l, problem) = await LpcoSteps.FindForOfficerAsync(register, actor, id, request.Version, ct);
        if (l is null)
        {
            return problem!;
        }

        var reason = v.Required("reason", request.Reason, LpcoRules.MaxReason);
        if (await ApplyAsync(register, v, l, actor, request.Quantity, request.ValidFrom, request.ValidTo, request.PortsOfEntry, reason, ct) is { } refused)
        {
            return refused;
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        return await register.SaveViewAsync(l, ct);
    }

    /// <summary>What an amendment changes (quantity, validity, ports), as the history names it before and after.</summary>
    private static Message Terms(Lpco l) => new("lpco.terms", LpcoRules.Format(l.QuantityIssued), l.Unit,
        l.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), l.ValidTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), string.Join(";", l.Ports));

    /// <summary>
    /// The amendment itself (unsaved), when <paramref name="v"/> holds no problem after the checks: the officer's
    /// action and the legacy feed's are the same code. A quantity, validity or ports left null stays as it is.
    /// </summary>
    internal static async Task<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult?> ApplyAsync(LpcoRegister register, Validation v, Lpco l, Actor actor,
        decimal? newQuantity, DateOnly? validFrom, DateOnly? validTo, string[]? portsOfEntry, string reason, CancellationToken ct)
    {
        if (l.EffectiveStatus(register.Today) is not (LpcoStatus.Issued or LpcoStatus.Suspended))
        {
            return LpcoRules.Illegal(l, "amend", register.Today);
        }

        var quantity = newQuantity ?? l.QuantityIssued;
        if (quantity <= 0 || quantity > LpcoRules.MaxQuantity)
        {
            v.Add("quantity", new Message("lpco.quantity-range", LpcoRules.MaxQuantity.ToString(CultureInfo.InvariantCulture), LpcoRules.Format(quantity)));
        }
        else if (quantity < l.Drawn)
        {
            v.Add("quantity", new Message("lpco.quantity-below-drawn", LpcoRules.Format(quantity), l.Unit, LpcoRules.Format(l.Drawn)));
        }

        var from = validFrom ?? l.ValidFrom;
        var to = validTo ?? l.ValidTo;
        LpcoRegister.CheckValidity(v, from, to);
        var ports = portsOfEntry is null ? l.Ports : await register.CheckPortsAsync(v, portsOfEntry, l.Kind == LpcoKind.QuarantinePermit, ct);
        if (!v.IsValid)
        {
            return null;
        }

        var before = Terms(l);
        l.Amend(quantity, from, to, ports, register.Clock.GetUtcNow());
        register.Record(l, actor, "amended", l.Status, l.Status, new Message("lpco.reason.amended", reason, before, Terms(l)));
        await register.NotifyHoldersAsync(l, reason, ct);
        return null;
    }
}

/// <summary>
/// Marks every issued or suspended LPCO of this node past its validity as expired and tells the nodes holding a copy.
/// Run periodically by the node (Ministries:ExpirySweepMinutes) and on demand by an officer.
/// </summary>
public sealed class ExpireLpcos
{
    private readonly LpcoRegister register;

    internal ExpireLpcos(LpcoRegister register) => this.register = register;

    public async Task<HandlerResult<LpcoExpirySummary>> HandleAsync(Actor? actor, CancellationToken ct)
    {
        if (actor is not null && LpcoRules.KindOf(actor) is null)
        {
            return Problems.Forbidden(new Message("lpco.sweep-forbidden"));
        }

        var today = register.Today;
        var kind = actor is null ? null : LpcoRules.KindOf(actor);
        var due = await register.Db.Set<Lpco>()
            .Where(l => (l.Status == LpcoStatus.Issued || l.Status == LpcoStatus.Suspended) && l.ValidTo < today && (kind == null || l.Kind == kind))
            .ToListAsync(ct);
        foreach (var l in due)
        {
            var from = l.Status;
            l.Move(LpcoStatus.Expired, register.Clock.GetUtcNow());
            var reason = new Message("lpco.reason.expired", l.ValidTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            register.Record(l, actor?.UserName ?? "expiry-sweep", actor?.OnBehalfOf ?? MinistriesWire.IssuerOf(l.Kind), "expired", from, LpcoStatus.Expired,
                reason.Store(LpcoRules.MaxReason));
            await register.NotifyHoldersAsync(l, reason.Render(CultureInfo.InvariantCulture), ct);
        }

        await register.Db.SaveChangesAsync(ct);
        return new LpcoExpirySummary([.. due.Select(l => l.Number ?? l.Id.ToString())]);
    }
}

/// <summary>The register list: by kind, status (effective), holder and text; an enterprise user sees only its own LPCOs, an officer its ministry's kind.</summary>
public sealed class ListLpcos
{
    /// <summary>The orders the list can be shown in: most recent application first (the default), by number, expiring soonest first.</summary>
    public static readonly string[] Sorts = ["newest", "number", "expiry"];

    private readonly LpcoRegister register;

    internal ListLpcos(LpcoRegister register) => this.register = register;

    public async Task<HandlerResult<Paged<LpcoSummary>>> HandleAsync(Actor actor, string? kind, string? status, string? holder, string? q, string? sort, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        var query = register.Db.Set<Lpco>().AsNoTracking();
        if (LpcoRules.KindOf(actor) is { } own)
        {
            query = query.Where(l => l.Kind == own);
        }
        else if (Policies.IsEnterpriseUser(actor) && actor.EnterpriseUscc is { } uscc)
        {
            query = query.Where(l => l.HolderUscc == uscc);
        }
        else
        {
            return Problems.Forbidden(new Message("lpco.register-forbidden"));
        }

        if (!string.IsNullOrWhiteSpace(kind))
        {
            var k = v.Enum<LpcoKind>("kind", kind);
            query = query.Where(l => l.Kind == k);
        }

        var today = register.Today;
        if (!string.IsNullOrWhiteSpace(status))
        {
            var s = v.Enum<LpcoStatus>("status", status);
            query = s switch
            {
                LpcoStatus.Expired => query.Where(l => l.Status == LpcoStatus.Expired || ((l.Status == LpcoStatus.Issued || l.Status == LpcoStatus.Suspended) && l.ValidTo < today)),
                LpcoStatus.Issued or LpcoStatus.Suspended => query.Where(l => l.Status == s && l.ValidTo >= today),
                _ => query.Where(l => l.Status == s),
            };
        }

        var h = v.Optional("holder", holder, 18)?.ToUpperInvariant();
        var text = v.Optional("q", q, 64)?.ToUpperInvariant();
        var order = Paging.Sort(v, sort, Sorts);
        if (!v.IsValid)
        {
            return v.Result();
        }

        if (h is not null)
        {
            query = query.Where(l => l.HolderUscc == h);
        }

        if (text is not null)
        {
            query = query.Where(l => (l.Number != null && l.Number.Contains(text)) || l.HolderUscc == text || l.HsCode.StartsWith(text));
        }

        var total = await query.CountAsync(ct);
        var ordered = order switch
        {
            // Applications not issued yet have no number: after the issued documents.
            "number" => query.OrderBy(l => l.Number == null).ThenBy(l => l.Number).ThenByDescending(l => l.CreatedAt),
            "expiry" => query.OrderBy(l => l.ValidTo).ThenByDescending(l => l.CreatedAt),
            _ => query.OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id),
        };
        var rows = await ordered.Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<LpcoSummary>([.. rows.Select(l => new LpcoSummary(l.Id, l.Number, WireNames.Of(l.Kind), WireNames.Of(l.EffectiveStatus(today)), l.HolderUscc, l.HsCode,
            l.ProductDescription, l.QuantityIssued, l.Remaining, l.Unit, l.ValidFrom, l.ValidTo, l.UpdatedAt))], p, size, total);
    }
}

/// <summary>One LPCO with its history, draw-downs and copy holders (officers of its ministry, users of its holder).</summary>
public sealed class GetLpco
{
    /// <summary>The local purpose an LPCO is read for (the audit entry's purpose).</summary>
    public const string Purpose = "lpco-register";

    private readonly LpcoRegister register;
    private readonly IReadAudit audit;

    internal GetLpco(LpcoRegister register, IReadAudit audit) => (this.register, this.audit) = (register, audit);

    public async Task<HandlerResult<LpcoView>> HandleAsync(Actor actor, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (l, problem) = await register.FindAsync(actor, id, ct);
        return l is null ? problem! : await AuditedViewAsync(actor, l, ct);
    }

    /// <summary>One LPCO by its number (officers of its ministry, users of its holder).</summary>
    public async Task<HandlerResult<LpcoView>> ByNumberAsync(Actor actor, string number, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var n = (number ?? "").Trim().ToUpperInvariant();
        var id = await register.Db.Set<Lpco>().Where(l => l.Number == n).Select(l => (Guid?)l.Id).FirstOrDefaultAsync(ct);
        var (l, problem) = id is { } found ? await register.FindAsync(actor, found, ct) : (null, Problems.NotFound(new Message("noun.lpco"), n));
        return l is null ? problem! : await AuditedViewAsync(actor, l, ct);
    }

    /// <summary>The view, served only once its read is in the audit log (kind <c>lpco:&lt;kind&gt;</c>, key the LPCO's number).</summary>
    private async Task<HandlerResult<LpcoView>> AuditedViewAsync(Actor actor, Lpco l, CancellationToken ct)
    {
        var view = await register.ViewAsync(l, ct);
        var refused = await audit.RecordOrRefuseAsync(ProtectedRead.By(actor, Purpose, "lpco:" + view.Kind, view.Number ?? view.Id.ToString(), AuditFields.Of<LpcoView>()), ct);
        return refused is null ? view : refused;
    }
}

/// <summary>The common shape of the officer's lifecycle steps: find, check officer and version, reason, step, save.</summary>
internal static class LpcoSteps
{
    public static async Task<(Lpco? Lpco, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Problem)> FindForOfficerAsync(
        LpcoRegister register, Actor actor, Guid id, long? version, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (l, problem) = await register.FindAsync(actor, id, ct);
        if (l is null)
        {
            return (null, problem);
        }

        if (LpcoRegister.OfficerOf(actor, l.Kind) is { } forbidden)
        {
            return (null, forbidden);
        }

        return version is { } sent && sent != l.Version ? (null, Problems.StaleVersion(sent, l.Version)) : (l, null);
    }

    public static async Task<HandlerResult<LpcoView>> RunAsync(LpcoRegister register, Actor actor, Guid id, LpcoStep step, bool reasonRequired, CancellationToken ct,
        Func<Lpco, string?, Task<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult?>> apply)
    {
        ArgumentNullException.ThrowIfNull(step);

        // Without a version the officer acts on the LPCO as it is: changed meanwhile (a draw, an inspection result), the
        // step is checked and applied again on what is stored now, at most three times.
        for (var attempt = 1; ; attempt++)
        {
            var (l, problem) = await FindForOfficerAsync(register, actor, id, step.Version, ct);
            if (l is null)
            {
                return problem!;
            }

            var v = new Validation();
            var reason = reasonRequired ? v.Required("reason", step.Reason, LpcoRules.MaxReason) : v.Optional("reason", step.Reason, LpcoRules.MaxReason);
            if (!v.IsValid)
            {
                return v.Result();
            }

            if (await apply(l, reason) is { } refused)
            {
                return refused;
            }

            if (await register.TrySaveAsync(ct))
            {
                return await register.FreshViewAsync(l.Id, ct);
            }

            if (step.Version is not null || attempt == 3)
            {
                return LpcoRegister.ChangedMeanwhile(l);
            }
        }
    }
}
