using System.Globalization;
using System.Text;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Alerts.Contracts;

/// <summary>
/// The daily summary of a crisis for one day of China time (today by default): actions done that day, actions overdue,
/// the alerts' new follow-ups and escalations of the day, the recipients still silent, the open actions; and the same as
/// a plain text (<c>lang</c> <c>zh</c> or <c>en</c>, English by default) a leader reads in one minute. Generated from the data.
/// </summary>
public sealed class CrisisDailySummary
{
    private readonly CrisisDesk desk;

    internal CrisisDailySummary(CrisisDesk desk) => this.desk = desk;

    public async Task<HandlerResult<CrisisDailySummaryView>> HandleAsync(Actor actor, string number, string? date, string? lang, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var v = new Validation();
        var now = desk.Now;
        var day = DateOnly.FromDateTime(ChinaTime.Of(now).DateTime);
        if (!string.IsNullOrWhiteSpace(date) && (date.Length > 10 || !DateOnly.TryParseExact(date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day)))
        {
            v.Add("date", new Message("crisis.summary.date", CrisisRules.Cut(date, 20)));
        }

        var language = string.IsNullOrWhiteSpace(lang) ? "en" : lang.Trim().ToLowerInvariant();
        if (language is not ("en" or "zh" or "zh-cn"))
        {
            v.Add("lang", new Message("crisis.summary.lang"));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        var (c, problem) = await desk.ReadableAsync(actor, number, ct);
        if (c is null)
        {
            return problem!;
        }

        var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime();
        var to = from.AddDays(1);
        var asOf = now < to ? now : to;
        var db = desk.Db;
        var actions = await db.Set<CrisisActionRow>().AsNoTracking().Where(a => a.CrisisNumber == c.Number && !a.IsCopy).OrderBy(a => a.Due).ThenBy(a => a.Id).ToListAsync(ct);
        var alertNumbers = await db.Set<CrisisAlertRow>().AsNoTracking().Where(a => a.CrisisId == c.Id).Select(a => a.AlertNumber).ToListAsync(ct);
        var notifications = await db.Set<AlertNotificationRow>().AsNoTracking().Where(n => alertNumbers.Contains(n.Number)).Select(n => new { n.Id, n.Number }).ToListAsync(ct);
        var ids = notifications.Select(n => n.Id).ToList();
        var numberOf = notifications.ToDictionary(n => n.Id, n => n.Number);
        var followUps = (await db.Set<AlertFollowUpRow>().AsNoTracking().Where(f => ids.Contains(f.NotificationId)).ToListAsync(ct))
            .Where(f => f.At >= from && f.At < to).OrderBy(f => f.At).ToList();
        var recipients = await db.Set<AlertRecipientRow>().AsNoTracking().Where(r => ids.Contains(r.NotificationId)).ToListAsync(ct);

        CrisisEventView Event(AlertFollowUpRow f) => new(f.At, "alert-" + WireNames.Of(f.Kind), f.Author, f.Office, f.Text, numberOf[f.NotificationId], null);
        var done = actions.Where(a => a.Status == CrisisActionStatus.Done && a.ReportedAt >= from && a.ReportedAt < to).Select(desk.View).ToArray();
        var overdue = actions.Where(a => a.Status != CrisisActionStatus.Done && a.Due < asOf).Select(desk.View).ToArray();
        var news = followUps.Where(f => f.Kind is FollowUpKind.FollowUp or FollowUpKind.Acknowledgement).Select(Event).ToArray();
        var escalations = followUps.Where(f => f.Kind == FollowUpKind.Escalation).Select(Event).ToArray();
        var silent = recipients.Where(r => r.DistributedAt < asOf && (r.AnsweredAt is null || r.AnsweredAt >= asOf))
            .OrderBy(r => numberOf[r.NotificationId], StringComparer.Ordinal).ThenBy(r => r.Office, StringComparer.Ordinal)
            .Select(r => new CrisisSilentView(numberOf[r.NotificationId], r.Office, r.AcknowledgedAt is { } at && at < asOf ? "acknowledged" : "silent", r.AnswerBy, r.AnswerBy < asOf))
            .ToArray();
        var open = actions.Where(a => a.Status != CrisisActionStatus.Done).Select(desk.View).ToArray();
        var view = new CrisisDailySummaryView(c.Number, c.Title, day, from, to, done, overdue, news, escalations, silent, open, "");
        return view with { Text = SummaryText.Write(view, asOf, language.StartsWith("zh", StringComparison.Ordinal)) };
    }
}

/// <summary>The daily summary as a plain text, in Chinese or English.</summary>
internal static class SummaryText
{
    private static string Time(DateTimeOffset at) => ChinaTime.Of(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Status(string status, bool zh) => !zh ? status : status switch
    {
        "open" => "未开始",
        "in-progress" => "进行中",
        "done" => "已完成",
        "blocked" => "受阻",
        "acknowledged" => "已确认收到",
        "silent" => "未回应",
        _ => status,
    };

    public static string Write(CrisisDailySummaryView s, DateTimeOffset asOf, bool zh)
    {
        var b = new StringBuilder();
        var day = s.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        b.Append(CultureInfo.InvariantCulture, $"{(zh ? "危机" : "Crisis")} {s.Number} — {s.Title}\n");
        b.Append(zh ? $"{day} 每日简报（北京时间，截至 {Time(asOf)}）\n" : $"Daily summary for {day} (China time), as of {Time(asOf)}\n");
        b.Append('\n');
        Section(b, zh ? "当日完成的行动" : "Actions done", s.Done, a => $"{a.Title} ({a.OwnerOffice}): {a.Report}");
        Section(b, zh ? "逾期的行动" : "Actions overdue", s.Overdue, a => $"{a.Title} ({a.OwnerOffice}), {(zh ? "期限" : "due")} {Time(a.Due)}, {Status(a.Status, zh)}");
        Section(b, zh ? "新的后续报告" : "New follow-ups", s.FollowUps, e => $"{e.AlertNumber} {e.Office}: {e.Text}");
        Section(b, zh ? "升级上报" : "Escalations", s.Escalations, e => $"{e.AlertNumber} {e.Office}: {e.Text}");
        Section(b, zh ? "仍未答复的接收机构" : "Recipients still silent", s.Silent,
            r => $"{r.AlertNumber}: {r.Office}, {Status(r.State, zh)}, {(zh ? "答复期限" : "answer due")} {Time(r.AnswerBy)}{(r.Overdue ? (zh ? "（已逾期）" : " (overdue)") : "")}");
        Section(b, zh ? "未完成的行动" : "Open actions", s.Open, a => $"{a.Title} ({a.OwnerOffice}), {Status(a.Status, zh)}, {(zh ? "期限" : "due")} {Time(a.Due)}");
        return b.ToString();
    }

    private static void Section<T>(StringBuilder b, string title, IReadOnlyCollection<T> items, Func<T, string> line)
    {
        b.Append(CultureInfo.InvariantCulture, $"{title}: {items.Count}\n");
        foreach (var item in items)
        {
            b.Append("  - ").Append(CrisisRules.Cut(line(item).ReplaceLineEndings(" "), 400)).Append('\n');
        }
    }
}
