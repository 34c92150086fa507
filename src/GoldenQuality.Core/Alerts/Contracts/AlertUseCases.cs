using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Alerts.Contracts;

/// <summary>The fixed lists of the notification form.</summary>
public static class AlertRequests
{
    /// <summary>The hazard categories (RASFF's, simplified).</summary>
    public static readonly string[] HazardCategories =
        ["veterinary-drug-residue", "pesticide-residue", "pathogen", "contaminant", "additive", "foreign-body", "labelling", "other"];
}

/// <summary>
/// Raises a notification (any official, any agency, any node). Every field is checked; the hazard's governing limit
/// is looked up in the standards catalogue (or the notification says the catalogue has none). On the coordinating node
/// the notification waits for validation at once; elsewhere it is sent to the coordinating office, which records it.
/// </summary>
public sealed class RaiseAlert
{
    private readonly AlertDesk desk;

    internal RaiseAlert(AlertDesk desk) => this.desk = desk;

    public async Task<HandlerResult<AlertView>> HandleAsync(Actor actor, RaiseAlertRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (AlertDesk.Official(actor) is { } refused)
        {
            return refused;
        }

        var v = new Validation();
        var n = await desk.CheckRaiseAsync(v, actor, request, ct);
        if (n is null)
        {
            return v.Result();
        }

        var now = desk.Clock.GetUtcNow();
        var coordinating = AlertRules.IsCoordinatingNode(desk.Node);
        var row = AlertNotificationRow.From(Ids.New(desk.Clock), n, coordinating ? AlertRole.Coordinator : AlertRole.Origin, now);
        if (coordinating)
        {
            row.Due(now + desk.Options.ValidateWithin);
        }
        else if (desk.CoordinatorParty is not { } coordinator)
        {
            return Problems.Conflict("coordinator", new Message("alert.no-coordinator-node", AlertsWire.CoordinatingOffice));
        }
        else if (desk.Send(AlertsWire.SubmittedType, n, [coordinator], n.Number, actor.OrganisationCode!) is { } denied)
        {
            return Problems.Conflict("coordinator", new Message("alert.not-sent", coordinator, denied));
        }

        desk.Db.Set<AlertNotificationRow>().Add(row);
        return await desk.SaveViewAsync(row, ct);
    }
}

/// <summary>
/// The coordinator validates a submitted notification (or distributes a validated one to more offices): each recipient
/// office must be hosted by a node of the directory under an agreement; each gets its acknowledge and answer deadlines;
/// the notification goes to every recipient and to the raising node, and the holds it asks for are placed here.
/// </summary>
public sealed class ValidateAlert
{
    private readonly AlertDesk desk;

    internal ValidateAlert(AlertDesk desk) => this.desk = desk;

    public async Task<HandlerResult<AlertView>> HandleAsync(Actor actor, string number, ValidateAlertRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (desk.Coordinator(actor) is { } refused)
        {
            return refused;
        }

        var (row, problem) = await desk.FindAsync(number, request.Version, ct);
        if (row is null)
        {
            return problem!;
        }

        if (row.Status is not (AlertStatus.Submitted or AlertStatus.Validated))
        {
            return Problems.Conflict("status", new Message("alert.status.cannot-validate", row.Number, Message.Term("alert.status.", WireNames.Of(row.Status))));
        }

        var v = new Validation();
        var offices = await desk.CheckRecipientsAsync(v, request.Recipients, ct);
        var note = v.Optional("note", request.Note, AlertRules.MaxReason);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var now = desk.Clock.GetUtcNow();
        var recipients = await desk.RecipientsAsync(row.Id, ct);
        foreach (var (office, party) in offices.Where(o => recipients.All(r => r.Office != o.Office)))
        {
            var r = AlertRecipientRow.Create(Ids.New(desk.Clock), row.Id,
                new AlertRecipient(party, office, now + desk.Options.AcknowledgeWithin, now + desk.AnswerWithin(row.Risk)), now);
            desk.Db.Set<AlertRecipientRow>().Add(r);
            recipients.Add(r);
        }

        if (row.Status == AlertStatus.Submitted)
        {
            row.Validate(actor.UserName, now);
        }

        var all = recipients.Select(r => r.Office).ToArray();
        var text = AlertRules.ValidationText(row.ValidatedBy ?? actor.UserName, all) + (note is null ? "" : $" ({note})");
        var entry = new AlertFollowUp(AlertRules.ValidationId(row.Number, all), row.Number, WireNames.Of(FollowUpKind.Validation), AlertsWire.CoordinatingOffice,
            desk.CoordinatorParty ?? AlertsWire.CoordinatingOffice, actor.UserName, text, null, now, now);
        await AlertRules.RecordAsync(desk.Db, row, entry, now, desk.Clock, ct);
        var attachments = await desk.Db.Set<AlertAttachmentRow>().Where(a => a.NotificationId == row.Id)
            .Select(a => new AlertAttachmentInfo(a.Name, a.ContentType, a.Length, a.Sha256)).ToArrayAsync(ct);
        var remote = desk.RemoteParties(row, recipients);
        var informed = desk.InformedNodes(remote);
        var wire = row.Wire(attachments, [.. recipients.Select(r => r.Wire())]) with { InformedNodes = informed };
        if (desk.Send(AlertsWire.DistributedType, wire, [.. remote, .. informed], row.Number) is { } denied)
        {
            return Problems.Conflict("recipients", new Message("alert.not-distributed", denied));
        }

        desk.Db.Raise(new AlertHoldsRequested(row.Number, row.Title, AlertRules.HoldReason(wire), [.. row.Enterprises.Select(e => e.Uscc)], row.HsCode, row.Lots,
            wire.HoldParties(desk.CoordinatorParty ?? AlertsWire.CoordinatingOffice)));
        return await desk.SaveViewAsync(row, ct);
    }
}

/// <summary>The coordinator refuses to validate a submitted notification, with the reason; the raising node is told.</summary>
public sealed class RejectAlert
{
    private readonly AlertDesk desk;

    internal RejectAlert(AlertDesk desk) => this.desk = desk;

    public async Task<HandlerResult<AlertView>> HandleAsync(Actor actor, string number, RejectAlertRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (desk.Coordinator(actor) is { } refused)
        {
            return refused;
        }

        var v = new Validation();
        var reason = v.Required("reason", request.Reason, AlertRules.MaxReason);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var (row, problem) = await desk.FindAsync(number, request.Version, ct);
        if (row is null)
        {
            return problem!;
        }

        if (row.Status != AlertStatus.Submitted)
        {
            return Problems.Conflict("status", new Message("alert.status.cannot-reject", row.Number, Message.Term("alert.status.", WireNames.Of(row.Status))));
        }

        var now = desk.Clock.GetUtcNow();
        row.Reject(reason, now);
        var origin = row.RaisedByNode.Length == 0 ? null : $"{row.RaisedByNode}/{row.RaisedByOffice}";
        if (origin is not null && !AlertRules.IsLocal(desk.Node, origin)
            && desk.Send(AlertsWire.RejectedType, new AlertRejected(row.Number, reason, actor.UserName, now), [origin], row.Number) is { } denied)
        {
            return Problems.Conflict("origin", new Message("alert.rejection-not-sent", origin, denied));
        }

        return await desk.SaveViewAsync(row, ct);
    }
}

/// <summary>
/// A recipient office acknowledges receipt (on its own node; the first acknowledgement counts). The coordinator is
/// told, marks it and tells the other nodes of the distribution.
/// </summary>
public sealed class AcknowledgeAlert
{
    private readonly AlertDesk desk;

    internal AcknowledgeAlert(AlertDesk desk) => this.desk = desk;

    public async Task<HandlerResult<AlertView>> HandleAsync(Actor actor, string number, AcknowledgeAlertRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var v = new Validation();
        var note = v.Optional("note", request.Note, AlertRules.MaxReason);
        return !v.IsValid ? v.Result() : await AlertPosting.PostAsync(desk, actor, number, FollowUpKind.Acknowledgement, note ?? "acknowledged", null, ct);
    }
}

/// <summary>
/// A follow-up attached to the notification: the answer of a recipient office (what it found and did), or a note of
/// the coordinator or of the raising office. Recorded here, sent to the coordinator, which sends it on to every node.
/// </summary>
public sealed class PostAlertFollowUp
{
    private readonly AlertDesk desk;

    internal PostAlertFollowUp(AlertDesk desk) => this.desk = desk;

    public async Task<HandlerResult<AlertView>> HandleAsync(Actor actor, string number, AlertFollowUpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var v = new Validation();
        var text = v.Required("text", request.Text, AlertRules.MaxText);
        var measures = v.Optional("measuresTaken", request.MeasuresTaken, AlertRules.MaxMeasures);
        return !v.IsValid ? v.Result() : await AlertPosting.PostAsync(desk, actor, number, FollowUpKind.FollowUp, text, measures, ct);
    }
}

/// <summary>The common path of an acknowledgement and a follow-up.</summary>
internal static class AlertPosting
{
    public static async Task<HandlerResult<AlertView>> PostAsync(AlertDesk desk, Actor actor, string number, FollowUpKind kind, string text, string? measures, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (AlertDesk.Official(actor) is { } refused)
        {
            return refused;
        }

        var (row, problem) = await desk.FindAsync(number, null, ct);
        if (row is null)
        {
            return problem!;
        }

        if (row.Status != AlertStatus.Validated)
        {
            return Problems.Conflict("status", new Message("alert.status.no-follow-up", row.Number, Message.Term("alert.status.", WireNames.Of(row.Status))));
        }

        var office = actor.OrganisationCode!;
        var recipients = await desk.RecipientsAsync(row.Id, ct);
        var recipient = recipients.FirstOrDefault(r => r.Office == office);
        var coordinator = office == AlertsWire.CoordinatingOffice && AlertRules.IsCoordinatingNode(desk.Node);
        if (recipient is null && (kind == FollowUpKind.Acknowledgement || !(coordinator || office == row.RaisedByOffice)))
        {
            return Problems.Forbidden(new Message(kind == FollowUpKind.Acknowledgement ? "alert.not-recipient" : "alert.not-recipient-coordinator-or-raiser", office, row.Number));
        }

        if (recipient is not null && desk.Node.Enabled && !AlertRules.IsLocal(desk.Node, recipient.Party))
        {
            return Problems.Forbidden(new Message("alert.answer-on-own-node", office, recipient.Party));
        }

        if (kind == FollowUpKind.Acknowledgement && recipient!.AcknowledgedAt is not null)
        {
            return Problems.Conflict("acknowledgement", new Message("alert.already-acknowledged", office, row.Number));
        }

        var now = desk.Clock.GetUtcNow();
        var party = desk.Node.Enabled ? desk.Node.PartyOf(office) ?? office : office;
        var f = new AlertFollowUp(Ids.New(desk.Clock), row.Number, WireNames.Of(kind), office, party, actor.UserName, text, measures, now);
        if (AlertRules.IsCoordinatingNode(desk.Node))
        {
            await desk.CoordinateAsync(row, f, null, ct);
        }
        else
        {
            await AlertRules.RecordAsync(desk.Db, row, f, now, desk.Clock, ct);
            AlertRules.Mark(recipients, f, now);
            if (desk.CoordinatorParty is not { } to || desk.Send(AlertsWire.FollowUpPostedType, f, [to], row.Number, office) is { } denied)
            {
                return Problems.Conflict("coordinator", new Message("alert.follow-up-not-sent", AlertsWire.CoordinatingOffice));
            }
        }

        return await desk.SaveViewAsync(row, ct);
    }
}

/// <summary>
/// The coordinator closes a validated notification: every recipient answered, or with a reason. The closing entry is
/// distributed like a follow-up and the notification is closed on every node.
/// </summary>
public sealed class CloseAlert
{
    private readonly AlertDesk desk;

    internal CloseAlert(AlertDesk desk) => this.desk = desk;

    public async Task<HandlerResult<AlertView>> HandleAsync(Actor actor, string number, CloseAlertRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (desk.Coordinator(actor) is { } refused)
        {
            return refused;
        }

        var v = new Validation();
        var reason = v.Optional("reason", request.Reason, AlertRules.MaxReason);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var (row, problem) = await desk.FindAsync(number, request.Version, ct);
        if (row is null)
        {
            return problem!;
        }

        if (row.Status != AlertStatus.Validated)
        {
            return Problems.Conflict("status", new Message("alert.status.cannot-close", row.Number, Message.Term("alert.status.", WireNames.Of(row.Status))));
        }

        var recipients = await desk.RecipientsAsync(row.Id, ct);
        var waiting = recipients.Where(r => r.AnsweredAt is null).Select(r => r.Office).ToArray();
        if (waiting.Length > 0 && reason is null)
        {
            v.Add("reason", new Message("alert.close-reason-required", string.Join(", ", waiting)));
            return v.Result();
        }

        var now = desk.Clock.GetUtcNow();
        var f = new AlertFollowUp(Ids.New(desk.Clock), row.Number, WireNames.Of(FollowUpKind.FollowUp), AlertsWire.CoordinatingOffice,
            desk.CoordinatorParty ?? AlertsWire.CoordinatingOffice, actor.UserName, "closed: " + (reason ?? "every recipient answered"), null, now, now, "closed");
        await desk.CoordinateAsync(row, f, null, ct);
        row.Close(now);
        return await desk.SaveViewAsync(row, ct);
    }
}

/// <summary>The notifications this node holds, newest first: by status, type and text (number, title, USCC, HS code). Any official of the node.</summary>
public sealed class ListAlerts
{
    /// <summary>The orders the list can be shown in: most recently raised first (the default), earliest raised first, by number.</summary>
    public static readonly string[] Sorts = ["newest", "oldest", "number"];

    private readonly AlertDesk desk;

    internal ListAlerts(AlertDesk desk) => this.desk = desk;

    public async Task<HandlerResult<Paged<AlertSummary>>> HandleAsync(Actor actor, string? status, string? type, string? q, string? sort, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (AlertDesk.Official(actor) is { } refused)
        {
            return refused;
        }

        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        var query = desk.Db.Set<AlertNotificationRow>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(status))
        {
            var s = v.Enum<AlertStatus>("status", status);
            query = query.Where(n => n.Status == s);
        }

        if (!string.IsNullOrWhiteSpace(type))
        {
            var t = v.Enum<NotificationType>("type", type);
            query = query.Where(n => n.Type == t);
        }

        var text = v.Optional("q", q, 64);
        var order = Paging.Sort(v, sort, Sorts);
        if (!v.IsValid)
        {
            return v.Result();
        }

        if (text is not null)
        {
            var upper = text.ToUpperInvariant();
            query = query.Where(n => n.Number.Contains(upper) || n.Title.Contains(text) || n.Usccs.Contains(upper) || n.HsCode.StartsWith(text));
        }

        var total = await query.CountAsync(ct);
        var ordered = order switch
        {
            "oldest" => query.OrderBy(n => n.RaisedAt).ThenBy(n => n.Id),
            "number" => query.OrderBy(n => n.Number),
            _ => query.OrderByDescending(n => n.RaisedAt).ThenByDescending(n => n.Id),
        };
        var rows = await ordered.Skip((p - 1) * size).Take(size).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToArray();
        var recipients = await desk.Db.Set<AlertRecipientRow>().AsNoTracking().Where(r => ids.Contains(r.NotificationId)).ToListAsync(ct);
        var now = desk.Clock.GetUtcNow();
        return new Paged<AlertSummary>([.. rows.Select(n =>
        {
            var mine = recipients.Where(r => r.NotificationId == n.Id).ToArray();
            var deadline = n.Status == AlertStatus.Submitted ? (n.ValidateBy < now ? "overdue" : n.ValidateBy is null ? "none" : "open")
                : n.Status != AlertStatus.Validated || mine.Length == 0 ? "none"
                : mine.Any(r => AlertDesk.Recipient(r, true, now).Overdue) ? "overdue"
                : mine.All(r => r.AnsweredAt is not null) ? "done" : "open";
            return new AlertSummary(n.Number, WireNames.Of(n.Role), WireNames.Of(n.Type), WireNames.Of(n.Status), WireNames.Of(n.Risk), n.Title, n.HsCode,
                n.RaisedByOffice, n.RaisedAt, mine.Length, mine.Count(r => r.AnsweredAt is not null), deadline);
        })], p, size, total);
    }
}

/// <summary>One notification with its recipients, their deadlines and state, and the timeline. Any official of the node.</summary>
public sealed class GetAlert
{
    private readonly AlertDesk desk;

    internal GetAlert(AlertDesk desk) => this.desk = desk;

    public async Task<HandlerResult<AlertView>> HandleAsync(Actor actor, string number, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (AlertDesk.Official(actor) is { } refused)
        {
            return refused;
        }

        var (row, problem) = await desk.FindAsync(number, null, ct);
        return row is null ? problem! : await desk.ViewAsync(row.Id, ct);
    }
}

/// <summary>The offices a notification should go to (the CIQ and BQS of each enterprise's area, the Customs of the raising port, the MOA for animal products), each with the reason. The coordinator.</summary>
public sealed class SuggestAlertRecipients
{
    private readonly AlertDesk desk;

    internal SuggestAlertRecipients(AlertDesk desk) => this.desk = desk;

    public async Task<HandlerResult<SuggestedRecipient[]>> HandleAsync(Actor actor, string number, CancellationToken ct)
    {
        if (desk.Coordinator(actor) is { } refused)
        {
            return refused;
        }

        var (row, problem) = await desk.FindAsync(number, null, ct);
        return row is null ? problem! : await desk.SuggestAsync(row, ct);
    }
}

/// <summary>
/// What the signed-in official's office must still do on this node: acknowledge and answer the alerts it received (with
/// their due times, overdue flagged), the escalations addressed to it, and for the coordinator the alerts to validate.
/// </summary>
public sealed class AlertInbox
{
    private readonly AlertDesk desk;

    internal AlertInbox(AlertDesk desk) => this.desk = desk;

    public async Task<HandlerResult<AlertInboxView>> HandleAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (AlertDesk.Official(actor) is { } refused)
        {
            return refused;
        }

        var office = actor.OrganisationCode!;
        var now = desk.Clock.GetUtcNow();
        var items = new List<AlertInboxItem>();
        var alerts = desk.Db.Set<AlertNotificationRow>().AsNoTracking();
        if (office == AlertsWire.CoordinatingOffice && AlertRules.IsCoordinatingNode(desk.Node))
        {
            var submitted = await alerts.Where(n => n.Role == AlertRole.Coordinator && n.Status == AlertStatus.Submitted).ToListAsync(ct);
            items.AddRange(submitted.Select(n => new AlertInboxItem(n.Number, n.Title, WireNames.Of(n.Risk), "validate", office, n.ValidateBy, n.ValidateBy < now, n.RaisedByOffice)));
        }

        var mine = await desk.Db.Set<AlertRecipientRow>().AsNoTracking().Where(r => r.Office == office && (r.AcknowledgedAt == null || r.AnsweredAt == null))
            .Join(alerts.Where(n => n.Status == AlertStatus.Validated), r => r.NotificationId, n => n.Id, (r, n) => new { r, n }).ToListAsync(ct);
        foreach (var x in mine)
        {
            if (x.r.AcknowledgedAt is null)
            {
                items.Add(new AlertInboxItem(x.n.Number, x.n.Title, WireNames.Of(x.n.Risk), "acknowledge", office, x.r.AcknowledgeBy, now > x.r.AcknowledgeBy, null));
            }

            items.Add(new AlertInboxItem(x.n.Number, x.n.Title, WireNames.Of(x.n.Risk), "answer", office, x.r.AnswerBy, now > x.r.AnswerBy, null));
        }

        var party = desk.Node.Enabled ? desk.Node.PartyOf(office) ?? office : office;
        var escalations = await desk.Db.Set<AlertFollowUpRow>().AsNoTracking().Where(f => f.Kind == FollowUpKind.Escalation && (f.Party == party || f.Party == office))
            .Join(alerts.Where(n => n.Status == AlertStatus.Validated || n.Status == AlertStatus.Submitted), f => f.NotificationId, n => n.Id, (f, n) => new { f, n }).ToListAsync(ct);
        items.AddRange(escalations.Select(x => new AlertInboxItem(x.n.Number, x.n.Title, WireNames.Of(x.n.Risk), "escalation", x.f.Office, x.f.At, true, x.f.Text)));
        var ordered = items.OrderBy(i => i.Due ?? DateTimeOffset.MaxValue).ThenBy(i => i.Number, StringComparer.Ordinal).ToArray();
        return new AlertInboxView(office, ordered.Length, ordered);
    }
}

/// <summary>
/// Escalates every missed deadline of the notifications this node coordinates, once per deadline, to the office above
/// in the chain of command. Run by the node every Alerts:SweepEvery, and on demand by the coordinator.
/// </summary>
public sealed class SweepAlertDeadlines
{
    private readonly AlertDesk desk;

    internal SweepAlertDeadlines(AlertDesk desk) => this.desk = desk;

    public async Task<HandlerResult<AlertSweepSummary>> HandleAsync(Actor? actor, CancellationToken ct)
    {
        if (actor is not null && desk.Coordinator(actor) is { } refused)
        {
            return refused;
        }

        return await desk.SweepAsync(ct);
    }
}
