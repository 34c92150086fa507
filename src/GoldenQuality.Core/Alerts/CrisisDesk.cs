using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Alerts;

/// <summary>The limits of crisis input (decision 0008) and the rules that need no service.</summary>
internal static class CrisisRules
{
    public const int MaxTitle = 200;
    public const int MaxText = 4000;
    public const int MaxReason = 1000;
    public const int MaxReport = 2000;
    public const int MaxEventText = 2400;
    public const int MaxAlerts = 50;
    public const int MaxMembers = 50;
    public const int MaxTimeline = 500;

    /// <summary>How far ahead an action may be due.</summary>
    public static readonly TimeSpan MaxDueAhead = TimeSpan.FromDays(365);

    /// <summary><c>CR-2026-0001</c>: the year (China time) and a serial within it.</summary>
    public static string Number(int year, int serial) => string.Create(CultureInfo.InvariantCulture, $"CR-{year:0000}-{serial:0000}");

    public static bool IsNumber(string? s) => s is { Length: 12 } && s.StartsWith("CR-", StringComparison.Ordinal) && s[7] == '-'
        && s.AsSpan(3, 4).ToString().All(char.IsAsciiDigit) && s.AsSpan(8, 4).ToString().All(char.IsAsciiDigit);

    /// <summary>One correlation id per crisis, so that its messages reach each node in order.</summary>
    public static Guid Correlation(string number)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("crisis:" + number));
        return new Guid(hash.AsSpan(0, 16));
    }

    public static string Cut(string? s, int max) => s is null ? "" : s.Length <= max ? s : s[..(max - 1)] + "…";

    public static ProblemHttpResult NotOpen(CrisisRow c) => Problems.Conflict("status", new Message("crisis.closed", c.Number));
}

/// <summary>
/// The crisis desk of the coordinating node: who may lead and read crises, finding them, numbering, the timeline, the
/// board, and the action messages to the owners' nodes. The handlers in <c>Contracts</c> use it; it never saves.
/// </summary>
internal sealed class CrisisDesk(GqDbContext db, IRegistryDirectory registry, ExchangeNode node, ExchangeSender sender, TimeProvider clock)
{
    public GqDbContext Db => db;

    public TimeProvider Clock => clock;

    public IRegistryDirectory Registry => registry;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>True when this node hosts the coordinating office (or runs without the exchange).</summary>
    public bool OnCoordinatingNode =>
        !node.Enabled || node.Directory.Current is null || (node.PartyOf(AlertsWire.CoordinatingOffice) is { } p && Parties.NodeOf(p) == node.Id);

    /// <summary>The coordinator check of every change: an official of the coordinating office, on the coordinating node.</summary>
    public ProblemHttpResult? Coordinator(Actor actor)
    {
        if (!Policies.IsAlertCoordinator(actor))
        {
            return Problems.Forbidden(new Message("crisis.forbidden.lead", AlertsWire.CoordinatingOffice));
        }

        return OnCoordinatingNode ? null : Problems.Forbidden(new Message("crisis.forbidden.node", AlertsWire.CoordinatingOffice, node.Id));
    }

    public async Task<CrisisRow?> FindAsync(string? number, CancellationToken ct)
    {
        var n = (number ?? "").Trim().ToUpperInvariant();
        return CrisisRules.IsNumber(n) ? await db.Set<CrisisRow>().FirstOrDefaultAsync(c => c.Number == n, ct) : null;
    }

    /// <summary>The crisis if the actor may read it: the coordinator, or an official of a team office.</summary>
    public async Task<(CrisisRow? Crisis, ProblemHttpResult? Problem)> ReadableAsync(Actor actor, string number, CancellationToken ct)
    {
        var c = await FindAsync(number, ct);
        if (c is null)
        {
            return (null, Problems.NotFound(new Message("noun.crisis"), number));
        }

        if (Policies.IsAlertCoordinator(actor))
        {
            return (c, null);
        }

        var own = actor.OrganisationCode ?? "";
        return actor.IsOfficial && await db.Set<CrisisMemberRow>().AnyAsync(m => m.CrisisId == c.Id && m.Office == own, ct)
            ? (c, null)
            : (null, Problems.Forbidden(new Message("crisis.forbidden.member", c.Number)));
    }

    /// <summary>The next number of this year (China time): one more than the highest of the year.</summary>
    public async Task<string> NextNumberAsync(CancellationToken ct)
    {
        var year = ChinaTime.Of(Now).Year;
        var prefix = string.Create(CultureInfo.InvariantCulture, $"CR-{year:0000}-");
        var numbers = await db.Set<CrisisRow>().Where(c => c.Number.StartsWith(prefix)).Select(c => c.Number).ToListAsync(ct);
        var last = numbers.Select(n => int.TryParse(n.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0).DefaultIfEmpty(0).Max();
        return CrisisRules.Number(year, last + 1);
    }

    public void Record(CrisisRow c, CrisisEventKind kind, string by, string office, string text, Guid? action = null, string? alert = null) =>
        db.Set<CrisisEventRow>().Add(CrisisEventRow.Create(Ids.New(clock), c.Id, Now, kind, by, office, CrisisRules.Cut(text, CrisisRules.MaxEventText), action, alert));

    /// <summary>Checks an office code against the Registry; returns it (upper case) or null with the reason in <paramref name="v"/>.</summary>
    public async Task<OfficeEntry?> OfficeAsync(Validation v, string field, string? code, CancellationToken ct)
    {
        var office = v.Required(field, code, 64).ToUpperInvariant();
        if (office.Length is 0 or > 64)
        {
            return null;
        }

        var found = await registry.FindOfficeAsync(office, ct);
        if (found is null)
        {
            v.Add(field, new Message("crisis.office-unknown", office));
        }

        return found;
    }

    public static CrisisRole? Role(Validation v, string field, string? role)
    {
        var parsed = v.Enum<CrisisRole>(field, role);
        return v.Errors.Any(e => e.Field == field) ? null : parsed;
    }

    /// <summary>
    /// Sends <c>alerts.crisis.action-assigned</c> to the node hosting the owner office, when that is another node; returns
    /// the party it went to (null when the owner is on this node or no node hosts it).
    /// </summary>
    public string? SendAssigned(CrisisRow c, CrisisActionRow a)
    {
        if (!node.Enabled || node.Directory.Current is null || node.PartyOf(a.OwnerOffice) is not { } party || Parties.NodeOf(party) == node.Id)
        {
            return null;
        }

        var message = new CrisisActionMessage(a.Id, c.Number, c.Title, a.Title, a.OwnerOffice, a.Due, WireNames.Of(a.Status), null, a.AssignedBy, a.AssignedAt)
        {
            AlertNumber = a.AlertNumber,
        };
        var sent = sender.As(SendingModule.Alerts).Send(db, AlertsWire.CrisisActionAssignedType, message, [party], AlertsWire.CoordinatingOffice, CrisisRules.Correlation(c.Number));
        return sent.Recipients.Count > 0 ? party : null;
    }

    /// <summary>Sends the owner's report on a copy back to the coordinator that assigned it (<c>alerts.crisis.action-updated</c>).</summary>
    public void SendUpdated(CrisisActionRow a)
    {
        if (!node.Enabled || node.Directory.Current is null || a.Party is null)
        {
            return;
        }

        var message = new CrisisActionMessage(a.Id, a.CrisisNumber, a.CrisisTitle, a.Title, a.OwnerOffice, a.Due, WireNames.Of(a.Status), a.Report, a.ReportedBy ?? "", a.ReportedAt ?? Now)
        {
            AlertNumber = a.AlertNumber,
        };
        sender.As(SendingModule.Alerts).Send(db, AlertsWire.CrisisActionUpdatedType, message, [a.Party], a.OwnerOffice, CrisisRules.Correlation(a.CrisisNumber));
    }

    public CrisisActionView View(CrisisActionRow a) =>
        new(a.Id, a.CrisisNumber, a.CrisisTitle, a.Title, a.OwnerOffice, a.Due, WireNames.Of(a.Status), a.IsOverdue(Now), a.AlertNumber, a.Report, a.ReportedBy, a.ReportedAt,
            a.AssignedBy, a.AssignedAt, a.IsCopy ? null : a.Party, a.Version);

    /// <summary>The board of a crisis: team, actions, the response of each recipient of each alert, and the timeline, newest first.</summary>
    public async Task<CrisisBoard> BoardAsync(CrisisRow c, CancellationToken ct)
    {
        var now = Now;
        var members = await db.Set<CrisisMemberRow>().AsNoTracking().Where(m => m.CrisisId == c.Id).OrderBy(m => m.AddedAt).ThenBy(m => m.Office).ToListAsync(ct);
        var actions = await db.Set<CrisisActionRow>().AsNoTracking().Where(a => a.CrisisNumber == c.Number && !a.IsCopy).OrderBy(a => a.Due).ThenBy(a => a.Id).ToListAsync(ct);
        var alertNumbers = await db.Set<CrisisAlertRow>().AsNoTracking().Where(a => a.CrisisId == c.Id).OrderBy(a => a.AddedAt).Select(a => a.AlertNumber).ToListAsync(ct);
        var notifications = await db.Set<AlertNotificationRow>().AsNoTracking().Where(n => alertNumbers.Contains(n.Number)).ToListAsync(ct);
        var ids = notifications.Select(n => n.Id).ToList();
        var recipients = await db.Set<AlertRecipientRow>().AsNoTracking().Where(r => ids.Contains(r.NotificationId)).ToListAsync(ct);
        var followUps = await db.Set<AlertFollowUpRow>().AsNoTracking().Where(f => ids.Contains(f.NotificationId))
            .OrderByDescending(f => f.At).Take(CrisisRules.MaxTimeline).ToListAsync(ct);
        var events = await db.Set<CrisisEventRow>().AsNoTracking().Where(e => e.CrisisId == c.Id)
            .OrderByDescending(e => e.At).Take(CrisisRules.MaxTimeline).ToListAsync(ct);

        var alerts = alertNumbers.Select(number =>
        {
            var n = notifications.FirstOrDefault(x => x.Number == number);
            var of = n is null ? [] : recipients.Where(r => r.NotificationId == n.Id).OrderBy(r => r.Office, StringComparer.Ordinal).Select(r => Response(r, now)).ToArray();
            return new CrisisAlertView(number, n?.Title ?? "", n is null ? "unknown" : WireNames.Of(n.Status), n is null ? "" : WireNames.Of(n.Type),
                n is null ? "" : WireNames.Of(n.Risk), of);
        }).ToArray();

        var numberOf = notifications.ToDictionary(n => n.Id, n => n.Number);
        var timeline = events.Select(e => new CrisisEventView(e.At, WireNames.Of(e.Kind), e.By, e.Office, e.Text, e.AlertNumber, e.ActionId))
            .Concat(actions.Where(a => a.IsOverdue(now)).Select(a => new CrisisEventView(a.Due, "action-overdue", "", a.OwnerOffice, a.Title, a.AlertNumber, a.Id)))
            .Concat(followUps.Select(f => new CrisisEventView(f.At, "alert-" + WireNames.Of(f.Kind), f.Author, f.Office, f.Text, numberOf[f.NotificationId], null)))
            .OrderByDescending(e => e.At).Take(CrisisRules.MaxTimeline).ToArray();

        return new CrisisBoard(c.Number, c.Title, c.Summary, WireNames.Of(c.Status), c.Leader, c.LeaderOffice, c.OpenedAt, c.ClosedAt, c.ClosedBy, c.CloseReason, c.Version,
            [.. members.Select(m => new CrisisMemberView(m.Office, WireNames.Of(m.Role), m.NameZh, m.NameEn, m.AddedAt))],
            [.. actions.Select(View)], alerts, timeline);
    }

    public static CrisisResponseView Response(AlertRecipientRow r, DateTimeOffset now)
    {
        var state = r.AnsweredAt is not null ? "answered" : r.AcknowledgedAt is not null ? "acknowledged" : "silent";
        var overdue = (r.AnsweredAt is null && r.AnswerBy < now) || (r.AcknowledgedAt is null && r.AcknowledgeBy < now);
        return new CrisisResponseView(r.Office, state, overdue, r.AcknowledgeEscalatedAt is not null || r.AnswerEscalatedAt is not null, r.EscalatedTo,
            r.AcknowledgeBy, r.AnswerBy, r.AcknowledgedAt, r.AnsweredAt);
    }

    /// <summary>Saves; a crisis changed by someone else meanwhile is a 409 naming <c>version</c>.</summary>
    public async Task<ProblemHttpResult?> SaveAsync(CrisisRow c, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("version", new Message("crisis.changed", c.Number));
        }
    }
}
