using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Alerts.Contracts;

/// <summary>
/// Opens a crisis (the coordinator, on the coordinating node): title, summary, the alerts it covers (each held by this
/// node), the team (each office in the Registry, with a role); the opening officer leads it. Numbered
/// <c>CR-{yyyy}-{0000}</c>; two opens at once get two numbers (the unique number is retried once taken).
/// </summary>
public sealed class OpenCrisis
{
    private const int Attempts = 5;
    private readonly CrisisDesk desk;

    internal OpenCrisis(CrisisDesk desk) => this.desk = desk;

    public async Task<HandlerResult<CrisisBoard>> HandleAsync(Actor actor, OpenCrisisRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (desk.Coordinator(actor) is { } refused)
        {
            return refused;
        }

        var v = new Validation();
        var title = v.Required("title", request.Title, CrisisRules.MaxTitle);
        var summary = v.Required("summary", request.Summary, CrisisRules.MaxText);
        var alerts = await CheckAlertsAsync(v, request.Alerts, ct);
        var members = new List<(string Office, CrisisRole Role, string Zh, string En)>();
        if (request.Members is not { Length: > 0 })
        {
            v.Add("members", new Message("crisis.members-required"));
        }
        else if (request.Members.Length > CrisisRules.MaxMembers)
        {
            v.Add("members", new Message("crisis.members-max", CrisisRules.MaxMembers));
        }
        else
        {
            for (var i = 0; i < request.Members.Length; i++)
            {
                var field = string.Create(CultureInfo.InvariantCulture, $"members[{i}]");
                var office = await desk.OfficeAsync(v, field + ".office", request.Members[i]?.Office, ct);
                var role = CrisisDesk.Role(v, field + ".role", request.Members[i]?.Role);
                if (office is not null && members.Any(m => m.Office == office.Code))
                {
                    v.Add(field + ".office", new Message("crisis.member-duplicate", office.Code));
                }
                else if (office is not null && role is { } r)
                {
                    members.Add((office.Code, r, office.NameZh, office.NameEn));
                }
            }
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        var now = desk.Now;
        var crisis = CrisisRow.Open(Ids.New(desk.Clock), await desk.NextNumberAsync(ct), title, summary, actor.UserName, actor.OrganisationCode ?? "", now);
        desk.Db.Add(crisis);
        desk.Record(crisis, CrisisEventKind.Opened, actor.UserName, actor.OnBehalfOf, title);
        foreach (var alert in alerts)
        {
            desk.Db.Add(CrisisAlertRow.Create(Ids.New(desk.Clock), crisis.Id, alert, now));
            desk.Record(crisis, CrisisEventKind.AlertAdded, actor.UserName, actor.OnBehalfOf, alert, alert: alert);
        }

        foreach (var (office, role, zh, en) in members)
        {
            desk.Db.Add(CrisisMemberRow.Create(Ids.New(desk.Clock), crisis.Id, office, role, zh, en, now));
            desk.Record(crisis, CrisisEventKind.MemberAdded, actor.UserName, actor.OnBehalfOf, office);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await desk.Db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                if (!await TakenAsync(crisis.Number, crisis.Id, ct))
                {
                    throw;
                }

                crisis.Renumber(await desk.NextNumberAsync(ct));
            }
        }

        return await desk.BoardAsync(crisis, ct);
    }

    private async Task<bool> TakenAsync(string number, Guid id, CancellationToken ct) =>
        await desk.Db.Set<CrisisRow>().AsNoTracking().AnyAsync(c => c.Number == number && c.Id != id, ct);

    private async Task<List<string>> CheckAlertsAsync(Validation v, string[]? alerts, CancellationToken ct)
    {
        var list = (alerts ?? []).Select(a => a?.Trim() ?? "").ToArray();
        if (list.Length == 0)
        {
            v.Add("alerts", new Message("crisis.alerts-required"));
            return [];
        }

        if (list.Length > CrisisRules.MaxAlerts)
        {
            v.Add("alerts", new Message("crisis.alerts-max", CrisisRules.MaxAlerts));
            return [];
        }

        var found = new List<string>();
        for (var i = 0; i < list.Length; i++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"alerts[{i}]");
            var number = list[i];
            if (number.Length is 0 or > 64)
            {
                v.Add(field, new Message("crisis.alert-number"));
            }
            else if (!await desk.Db.Set<AlertNotificationRow>().AnyAsync(n => n.Number == number, ct))
            {
                v.Add(field, new Message("crisis.alert-unknown", number));
            }
            else if (!found.Contains(number, StringComparer.Ordinal))
            {
                found.Add(number);
            }
        }

        return found;
    }
}

/// <summary>The crises of this node, newest first (the coordinator sees all; another official those whose team has his office); <c>open=true</c> for open ones.</summary>
public sealed class ListCrises
{
    private readonly CrisisDesk desk;

    internal ListCrises(CrisisDesk desk) => this.desk = desk;

    public async Task<HandlerResult<Paged<CrisisSummaryView>>> HandleAsync(Actor actor, bool? open, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsOfficial)
        {
            return Problems.Forbidden(new Message("crisis.forbidden.read"));
        }

        if (Paging.Invalid(page, pageSize, out var p, out var size) is { } invalid)
        {
            return invalid;
        }

        var db = desk.Db;
        var query = db.Set<CrisisRow>().AsNoTracking();
        if (!Policies.IsAlertCoordinator(actor))
        {
            var own = actor.OrganisationCode ?? "";
            query = query.Where(c => db.Set<CrisisMemberRow>().Any(m => m.CrisisId == c.Id && m.Office == own));
        }

        if (open is { } o)
        {
            var status = o ? CrisisStatus.Open : CrisisStatus.Closed;
            query = query.Where(c => c.Status == status);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(c => c.OpenedAt).ThenByDescending(c => c.Number).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        var ids = rows.Select(c => c.Id).ToList();
        var numbers = rows.Select(c => c.Number).ToList();
        var alerts = await db.Set<CrisisAlertRow>().AsNoTracking().Where(a => ids.Contains(a.CrisisId)).GroupBy(a => a.CrisisId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var members = await db.Set<CrisisMemberRow>().AsNoTracking().Where(a => ids.Contains(a.CrisisId)).GroupBy(a => a.CrisisId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var actions = await db.Set<CrisisActionRow>().AsNoTracking().Where(a => numbers.Contains(a.CrisisNumber) && !a.IsCopy && a.Status != CrisisActionStatus.Done).ToListAsync(ct);
        var now = desk.Now;
        return new Paged<CrisisSummaryView>([.. rows.Select(c => new CrisisSummaryView(c.Number, c.Title, WireNames.Of(c.Status), c.Leader, c.OpenedAt, c.ClosedAt,
            alerts.GetValueOrDefault(c.Id), members.GetValueOrDefault(c.Id), actions.Count(a => a.CrisisNumber == c.Number),
            actions.Count(a => a.CrisisNumber == c.Number && a.IsOverdue(now))))], p, size, total);
    }
}

/// <summary>The board of one crisis: team, actions (overdue by this node's clock), the response grid of its alerts, the timeline.</summary>
public sealed class GetCrisisBoard
{
    private readonly CrisisDesk desk;

    internal GetCrisisBoard(CrisisDesk desk) => this.desk = desk;

    public async Task<HandlerResult<CrisisBoard>> HandleAsync(Actor actor, string number, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (c, problem) = await desk.ReadableAsync(actor, number, ct);
        return c is null ? problem! : await desk.BoardAsync(c, ct);
    }
}

/// <summary>Adds an alert held by this node to an open crisis (once).</summary>
public sealed class AddCrisisAlert
{
    private readonly CrisisDesk desk;

    internal AddCrisisAlert(CrisisDesk desk) => this.desk = desk;

    public async Task<HandlerResult<CrisisBoard>> HandleAsync(Actor actor, string number, AddCrisisAlertRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var (c, problem) = await CrisisSteps.OpenForCoordinatorAsync(desk, actor, number, request.Version, ct);
        if (c is null)
        {
            return problem!;
        }

        var v = new Validation();
        var alert = v.Required("alert", request.Alert, 64);
        if (v.IsValid && !await desk.Db.Set<AlertNotificationRow>().AnyAsync(n => n.Number == alert, ct))
        {
            v.Add("alert", new Message("crisis.alert-unknown", alert));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (await desk.Db.Set<CrisisAlertRow>().AnyAsync(a => a.CrisisId == c.Id && a.AlertNumber == alert, ct))
        {
            return Problems.Conflict("alert", new Message("crisis.alert-already", alert, c.Number));
        }

        desk.Db.Add(CrisisAlertRow.Create(Ids.New(desk.Clock), c.Id, alert, desk.Now));
        desk.Record(c, CrisisEventKind.AlertAdded, actor.UserName, actor.OnBehalfOf, alert, alert: alert);
        c.Touch();
        return await desk.SaveAsync(c, ct) is { } conflict ? conflict : await desk.BoardAsync(c, ct);
    }
}

/// <summary>Adds an office of the Registry to the team of an open crisis, with its role.</summary>
public sealed class AddCrisisMember
{
    private readonly CrisisDesk desk;

    internal AddCrisisMember(CrisisDesk desk) => this.desk = desk;

    public async Task<HandlerResult<CrisisBoard>> HandleAsync(Actor actor, string number, AddCrisisMemberRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var (c, problem) = await CrisisSteps.OpenForCoordinatorAsync(desk, actor, number, request.Version, ct);
        if (c is null)
        {
            return problem!;
        }

        var v = new Validation();
        var office = await desk.OfficeAsync(v, "office", request.Office, ct);
        var role = CrisisDesk.Role(v, "role", request.Role);
        if (!v.IsValid || office is null || role is not { } r)
        {
            return v.Result();
        }

        if (await desk.Db.Set<CrisisMemberRow>().AnyAsync(m => m.CrisisId == c.Id && m.Office == office.Code, ct))
        {
            return Problems.Conflict("office", new Message("crisis.office-already", office.Code, c.Number));
        }

        desk.Db.Add(CrisisMemberRow.Create(Ids.New(desk.Clock), c.Id, office.Code, r, office.NameZh, office.NameEn, desk.Now));
        desk.Record(c, CrisisEventKind.MemberAdded, actor.UserName, actor.OnBehalfOf, office.Code);
        c.Touch();
        return await desk.SaveAsync(c, ct) is { } conflict ? conflict : await desk.BoardAsync(c, ct);
    }
}

/// <summary>
/// Assigns an action of an open crisis to an office of its team (not an observer), due in the future, optionally about
/// one of its alerts. When another node hosts the owner office, <c>alerts.crisis.action-assigned</c> goes there in the
/// same save; on this node the action is simply in the owner's list.
/// </summary>
public sealed class AssignCrisisAction
{
    private readonly CrisisDesk desk;

    internal AssignCrisisAction(CrisisDesk desk) => this.desk = desk;

    public async Task<HandlerResult<CrisisActionView>> HandleAsync(Actor actor, string number, AssignCrisisActionRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var (c, problem) = await CrisisSteps.OpenForCoordinatorAsync(desk, actor, number, null, ct);
        if (c is null)
        {
            return problem!;
        }

        var v = new Validation();
        var title = v.Required("title", request.Title, CrisisRules.MaxTitle);
        var owner = v.Required("ownerOffice", request.OwnerOffice, 64).ToUpperInvariant();
        if (owner.Length is > 0 and <= 64)
        {
            var member = await desk.Db.Set<CrisisMemberRow>().AsNoTracking().FirstOrDefaultAsync(m => m.CrisisId == c.Id && m.Office == owner, ct);
            if (member is null)
            {
                v.Add("ownerOffice", new Message("crisis.owner-not-member", owner, c.Number));
            }
            else if (member.Role == CrisisRole.Observer)
            {
                v.Add("ownerOffice", new Message("crisis.owner-observer", owner, c.Number));
            }
        }

        var now = desk.Now;
        if (request.Due is not { } due)
        {
            v.Add("due", Message.Required);
            due = default;
        }
        else if (due <= now)
        {
            v.Add("due", new Message("crisis.due-future"));
        }
        else if (due > now + CrisisRules.MaxDueAhead)
        {
            v.Add("due", new Message("crisis.due-year"));
        }

        var alert = v.Optional("alert", request.Alert, 64);
        if (alert is not null && !await desk.Db.Set<CrisisAlertRow>().AnyAsync(a => a.CrisisId == c.Id && a.AlertNumber == alert, ct))
        {
            v.Add("alert", new Message("crisis.alert-not-in-crisis", alert, c.Number));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        var action = CrisisActionRow.Assign(Ids.New(desk.Clock), c.Number, c.Title, title, owner, due.ToUniversalTime(), alert, actor.UserName, now, copy: false, party: null);
        if (desk.SendAssigned(c, action) is { } sentTo)
        {
            action.SentTo(sentTo);
        }

        desk.Db.Add(action);
        desk.Record(c, CrisisEventKind.ActionAssigned, actor.UserName, actor.OnBehalfOf, $"{title} → {owner}", action.Id, alert);
        c.Touch();
        return await desk.SaveAsync(c, ct) is { } conflict ? conflict : desk.View(action);
    }
}

/// <summary>
/// The owner office reports on its action, on its own node: status <c>in-progress</c>, <c>done</c> or <c>blocked</c> and
/// the report. On the coordinating node it is recorded on the crisis at once; on another node the copy changes and
/// <c>alerts.crisis.action-updated</c> goes back to the coordinator in the same save. A done action is final.
/// </summary>
public sealed class ReportCrisisAction
{
    private readonly CrisisDesk desk;

    internal ReportCrisisAction(CrisisDesk desk) => this.desk = desk;

    public async Task<HandlerResult<CrisisActionView>> HandleAsync(Actor actor, Guid id, ReportCrisisActionRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var a = await desk.Db.Set<CrisisActionRow>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null)
        {
            return Problems.NotFound(new Message("noun.crisis-action"), id.ToString());
        }

        if (!actor.IsOfficial || actor.OrganisationCode != a.OwnerOffice)
        {
            return Problems.Forbidden(new Message("crisis.action.forbidden-owner", a.OwnerOffice));
        }

        if (!a.IsCopy && a.Party is { } party)
        {
            return Problems.Forbidden(new Message("crisis.action.own-node", a.OwnerOffice, Exchange.Contracts.Parties.NodeOf(party)));
        }

        var v = new Validation();
        var status = v.Enum<CrisisActionStatus>("status", request.Status);
        if (v.IsValid && status == CrisisActionStatus.Open)
        {
            v.Add("status", new Message("crisis.action-status"));
        }

        var report = v.Required("report", request.Report, CrisisRules.MaxReport);
        if (!v.IsValid)
        {
            return v.Result();
        }

        if (request.Version is { } version && version != a.Version)
        {
            return Problems.StaleVersion(version, a.Version);
        }

        if (a.Status == CrisisActionStatus.Done)
        {
            return Problems.Conflict("status", new Message("crisis.action.done", a.Title));
        }

        var crisis = a.IsCopy ? null : await desk.Db.Set<CrisisRow>().FirstOrDefaultAsync(c => c.Number == a.CrisisNumber, ct);
        if (crisis is { Status: CrisisStatus.Closed })
        {
            return CrisisRules.NotOpen(crisis);
        }

        a.Reported(status, report, actor.UserName, desk.Now);
        if (crisis is not null)
        {
            desk.Record(crisis, CrisisEventKind.ActionReported, actor.UserName, a.OwnerOffice, $"{a.Title}: {report}", a.Id, a.AlertNumber);
        }
        else
        {
            desk.SendUpdated(a);
        }

        try
        {
            await desk.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("version", new Message("crisis.action.changed", a.Title));
        }

        return desk.View(a);
    }
}

/// <summary>The crisis actions owned by the actor's office on this node (the copies received, or those of the coordinating node), open ones first by due time.</summary>
public sealed class ListCrisisActions
{
    private readonly CrisisDesk desk;

    internal ListCrisisActions(CrisisDesk desk) => this.desk = desk;

    public async Task<HandlerResult<Paged<CrisisActionView>>> HandleAsync(Actor actor, bool? open, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsOfficial || actor.OrganisationCode is not { } own)
        {
            return Problems.Forbidden(new Message("crisis.action.forbidden-read"));
        }

        if (Paging.Invalid(page, pageSize, out var p, out var size) is { } invalid)
        {
            return invalid;
        }

        var query = desk.Db.Set<CrisisActionRow>().AsNoTracking().Where(a => a.OwnerOffice == own);
        if (open is { } o)
        {
            query = o ? query.Where(a => a.Status != CrisisActionStatus.Done) : query.Where(a => a.Status == CrisisActionStatus.Done);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(a => a.Status == CrisisActionStatus.Done).ThenBy(a => a.Due).ThenBy(a => a.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<CrisisActionView>([.. rows.Select(desk.View)], p, size, total);
    }
}

/// <summary>
/// Closes an open crisis with the reason. With actions not done it is refused (409 naming <c>actions</c>) unless
/// <c>force</c> is true; the reason then says why.
/// </summary>
public sealed class CloseCrisis
{
    private readonly CrisisDesk desk;

    internal CloseCrisis(CrisisDesk desk) => this.desk = desk;

    public async Task<HandlerResult<CrisisBoard>> HandleAsync(Actor actor, string number, CloseCrisisRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var (c, problem) = await CrisisSteps.OpenForCoordinatorAsync(desk, actor, number, request.Version, ct);
        if (c is null)
        {
            return problem!;
        }

        var v = new Validation();
        var reason = v.Required("reason", request.Reason, CrisisRules.MaxReason);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var open = await desk.Db.Set<CrisisActionRow>().CountAsync(a => a.CrisisNumber == c.Number && !a.IsCopy && a.Status != CrisisActionStatus.Done, ct);
        if (open > 0 && request.Force != true)
        {
            return Problems.Conflict("actions", new Message("crisis.open-actions", c.Number, open));
        }

        c.Close(actor.UserName, reason, desk.Now);
        desk.Record(c, CrisisEventKind.Closed, actor.UserName, actor.OnBehalfOf,
            open > 0 ? string.Create(CultureInfo.InvariantCulture, $"{reason} (forced with {open} action(s) not done)") : reason);
        return await desk.SaveAsync(c, ct) is { } conflict ? conflict : await desk.BoardAsync(c, ct);
    }
}

/// <summary>The crisis messages this node refused (coordinator), newest first.</summary>
public sealed class ListCrisisRejections
{
    private readonly CrisisDesk desk;

    internal ListCrisisRejections(CrisisDesk desk) => this.desk = desk;

    public async Task<HandlerResult<Paged<CrisisRejectionView>>> HandleAsync(Actor actor, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Policies.IsAlertCoordinator(actor))
        {
            return Problems.Forbidden(new Message("crisis.forbidden.refused", AlertsWire.CoordinatingOffice));
        }

        if (Paging.Invalid(page, pageSize, out var p, out var size) is { } invalid)
        {
            return invalid;
        }

        var query = desk.Db.Set<CrisisRejectionRow>().AsNoTracking();
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<CrisisRejectionView>([.. rows.Select(r => new CrisisRejectionView(r.EnvelopeId, r.Type, r.Sender, r.ActionId, r.Reason, r.At))], p, size, total);
    }
}

internal static class CrisisSteps
{
    /// <summary>The crisis of a coordinator's change: found, open, and at the version read (when given).</summary>
    public static async Task<(CrisisRow? Crisis, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Problem)> OpenForCoordinatorAsync(
        CrisisDesk desk, Actor actor, string number, long? version, CancellationToken ct)
    {
        if (desk.Coordinator(actor) is { } refused)
        {
            return (null, refused);
        }

        var c = await desk.FindAsync(number, ct);
        if (c is null)
        {
            return (null, Problems.NotFound(new Message("noun.crisis"), number));
        }

        if (version is { } sent && sent != c.Version)
        {
            return (null, Problems.StaleVersion(sent, c.Version));
        }

        return c.Status == CrisisStatus.Open ? (c, null) : (null, CrisisRules.NotOpen(c));
    }
}
