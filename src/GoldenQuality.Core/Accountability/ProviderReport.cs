using System.Globalization;
using GoldenQuality.Accountability.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Accountability;

/// <summary>
/// The provider page of this node's agency (the member of this node): the envelopes it sent and the dataset queries it
/// answered, per consumer agency, type or dataset and agreement (with the agreement's purpose from the directory), and
/// the outcomes the consumers reported back, per consumer, data kind and outcome, with sentences a leader reads.
/// </summary>
internal sealed class ProviderReport(GqDbContext db, ExchangeNode node, ExchangeActivity activity, TimeProvider clock) : IProviderReport
{
    /// <summary>The longest window one report covers.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(366);

    /// <summary>The most feedback rows one report reads.</summary>
    public const int MaxFeedback = 50_000;

    public async Task<HandlerResult<ProviderReportView>> HandleAsync(Actor actor, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsOfficial)
        {
            return Problems.Forbidden(new Message("provider.forbidden"));
        }

        var v = new Validation();
        var (start, end) = Window(v, from, to);
        if (!v.IsValid)
        {
            return v.Result();
        }

        if (!node.Enabled)
        {
            return Problems.Conflict("node", new Message("provider.no-exchange"));
        }

        var agency = Parties.MemberOf(node.Id);
        var envelopes = await activity.BetweenAsync(start, end, ct);
        var directory = node.Directory.Current;
        var shared = envelopes
            .Where(e => (e.Sent && !e.IsQuery) || (!e.Sent && e.IsQuery))
            .Where(e => !e.Type.StartsWith("accountability.", StringComparison.Ordinal))
            .Select(e => (Consumer: Parties.MemberOf(e.Sent ? e.Recipient : e.Sender), What: e.IsQuery ? e.Type["dataset.".Length..] : e.Type, e.IsQuery, e.Agreement))
            .Where(e => e.Consumer != agency)
            .GroupBy(e => e)
            .Select(g => new ProviderShare(g.Key.Consumer, g.Key.What, g.Key.IsQuery, g.Key.Agreement,
                g.Key.Agreement is { } id ? directory?.Document.Agreements.FirstOrDefault(a => a.Id == id)?.Purpose : null, g.Count()))
            .OrderBy(s => s.Consumer, StringComparer.Ordinal).ThenBy(s => s.What, StringComparer.Ordinal).ThenBy(s => s.Agreement, StringComparer.Ordinal)
            .ToArray();

        var rows = await db.Set<FeedbackRow>().AsNoTracking()
            .Where(f => f.Direction == FeedbackDirection.Received && f.At >= start && f.At < end)
            .OrderByDescending(f => f.At).Take(MaxFeedback).ToListAsync(ct);
        var outcomes = rows
            .GroupBy(f => (Consumer: Parties.MemberOf(f.Consumer), f.DataKind, f.Outcome))
            .Select(g => new ProviderOutcome(g.Key.Consumer, g.Key.DataKind, g.Key.Outcome, g.Count()))
            .OrderBy(o => o.Consumer, StringComparer.Ordinal).ThenBy(o => o.DataKind, StringComparer.Ordinal).ThenBy(o => o.Outcome, StringComparer.Ordinal)
            .ToArray();
        var sentences = rows.GroupBy(f => f.DataKind).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => ProviderSentences.Of(g.Key, [.. g.GroupBy(f => f.Outcome).Select(o => (o.Key, o.Count())).OrderByDescending(o => o.Item2).ThenBy(o => o.Key, StringComparer.Ordinal)],
                IsThisMonth(start, end)))
            .ToArray();
        var latest = rows.Take(50)
            .Select(f => new ProviderFeedbackItem(f.At, Parties.MemberOf(f.Consumer), f.UsedBy, f.DataKind, f.RecordKey, f.CaseRef, f.Outcome, f.Agreement, Message.Show(f.Detail)))
            .ToArray();
        return new ProviderReportView(agency, start, end, shared, outcomes, sentences, latest);
    }

    /// <summary>The window: both bounds given, one given (the other a month away), or neither (this month in China time).</summary>
    private (DateTimeOffset From, DateTimeOffset To) Window(Validation v, DateTimeOffset? from, DateTimeOffset? to)
    {
        var china = ChinaTime.Of(clock.GetUtcNow());
        var monthStart = new DateTimeOffset(china.Year, china.Month, 1, 0, 0, 0, ChinaTime.Offset);
        var start = from ?? (to is { } t ? t.AddMonths(-1) : monthStart);
        var end = to ?? (from is { } f ? f.AddMonths(1) : monthStart.AddMonths(1));
        if (end <= start)
        {
            v.Add("to", new Message("provider.to-after-from"));
        }
        else if (end - start > MaxWindow)
        {
            v.Add("to", new Message("provider.window-max", MaxWindow.TotalDays));
        }

        return (start.ToUniversalTime(), end.ToUniversalTime());
    }

    private bool IsThisMonth(DateTimeOffset start, DateTimeOffset end)
    {
        var china = ChinaTime.Of(clock.GetUtcNow());
        var monthStart = new DateTimeOffset(china.Year, china.Month, 1, 0, 0, 0, ChinaTime.Offset);
        return start == monthStart.ToUniversalTime() && end == monthStart.AddMonths(1).ToUniversalTime();
    }
}

/// <summary>The sentences of the provider page, in Chinese and English, from the counts of one data kind's outcomes.</summary>
internal static class ProviderSentences
{
    private static readonly Dictionary<string, (string Zh, string En)> Kinds = new(StringComparer.Ordinal)
    {
        ["credit-record"] = ("信用记录", "credit records"),
        ["quarantine-permit"] = ("检疫许可证", "quarantine permits"),
        ["waste-import-licence"] = ("固体废物进口许可证", "waste import licences"),
        ["spot-check"] = ("监督抽查结果", "spot-check results"),
        ["production-licence"] = ("生产许可证信息", "production licence signals"),
        ["import-inspection-result"] = ("进口检验结果", "import inspection results"),
    };

    /// <summary>Per outcome: the Chinese phrase (a count goes before it) and the English singular and plural.</summary>
    private static readonly Dictionary<string, (string Zh, string One, string Many)> Outcomes = new(StringComparer.Ordinal)
    {
        ["inspection-ordered"] = ("次查验", "physical inspection", "physical inspections"),
        ["sampling-ordered"] = ("次抽样送检", "sampling with a lab test", "samplings with a lab test"),
        ["hold"] = ("次扣留", "hold", "holds"),
        ["released"] = ("次放行", "release", "releases"),
        ["accepted"] = ("次受理", "acceptance", "acceptances"),
        ["refused"] = ("次退回", "refusal", "refusals"),
        ["risk-raised"] = ("次风险评分上调", "raised risk score", "raised risk scores"),
        ["licence-suspended"] = ("次暂停许可证", "licence suspension", "licence suspensions"),
        ["licence-revoked"] = ("次吊销许可证", "licence revocation", "licence revocations"),
        ["licence-kept"] = ("次复核后保留许可证", "licence kept after review", "licences kept after review"),
    };

    public static ProviderSentence Of(string kind, IReadOnlyList<(string Outcome, int Count)> counts, bool thisMonth)
    {
        var (kindZh, kindEn) = Kinds.TryGetValue(kind, out var k) ? k : (kind, kind.Replace('-', ' '));
        var zh = string.Join("、", counts.Select(c => string.Create(CultureInfo.InvariantCulture,
            $"{c.Count} {(Outcomes.TryGetValue(c.Outcome, out var o) ? o.Zh : $"次 {c.Outcome}")}")));
        var en = Join(counts.Select(c => string.Create(CultureInfo.InvariantCulture,
            $"{c.Count} {(Outcomes.TryGetValue(c.Outcome, out var o) ? (c.Count == 1 ? o.One : o.Many) : (c.Count == 1 ? $"use with outcome {c.Outcome}" : $"uses with outcome {c.Outcome}"))}")).ToList());
        var whenZh = thisMonth ? "本月" : "在所选期间";
        var whenEn = thisMonth ? "this month" : "in this period";
        return new ProviderSentence(kind, $"您的{kindZh}{whenZh}促成 {zh}。", $"Your {kindEn} led to {en} {whenEn}.");
    }

    private static string Join(List<string> parts) => parts.Count switch
    {
        0 => "",
        1 => parts[0],
        _ => string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1],
    };
}
