using System.Text.Json;
using GoldenQuality.Accountability.Contracts;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Accountability;

/// <summary>
/// Computes this node's reciprocity summary over the last <c>Accountability:ReportWindowDays</c> and sends it (signed, as
/// every envelope) to the node hosting the coordinating body; that node keeps its own summary directly.
/// </summary>
internal sealed class ReciprocityReporter(GqDbContext db, ExchangeActivity activity, ExchangeNode node, ExchangeSender sender, OnTimeRates rates,
    ReciprocityStore store, TimeProvider clock, IOptions<StepOptions> options)
{
    public async Task<ReciprocitySent?> ReportAsync(CancellationToken ct)
    {
        if (!node.Enabled || node.Directory.Current is not { } directory || directory.HostOf(Policies.CoordinatingOffice) is not { } host)
        {
            return null;
        }

        var report = await SummaryAsync(ct);
        if (host.Id == node.Id)
        {
            await store.KeepAsync(db, report, null, node.Id, report.GeneratedAt, ct);
            await db.SaveChangesAsync(ct);
            return new ReciprocitySent(report, null);
        }

        var to = $"{host.Id}/{Policies.CoordinatingOffice}";
        var sent = sender.As(SendingModule.Accountability).Send(db, AccountabilityWire.ReciprocityReportedType, report, [to]);
        if (sent.Denied is [var (party, reason), ..])
        {
            throw new ReciprocityRefusedException(new Common.Message("reciprocity.not-sent", party, reason));
        }

        await db.SaveChangesAsync(ct);
        return new ReciprocitySent(report, to);
    }

    public async Task<ReciprocityReport> SummaryAsync(CancellationToken ct)
    {
        // Whole milliseconds in UTC: both databases keep them exactly (SQLite's binary form keeps 0.1 ms, PostgreSQL 1 µs),
        // so the report's times read back equal to what the node signed, and a stored report compares correctly with a newer one.
        var exact = clock.GetUtcNow().UtcTicks;
        var now = new DateTimeOffset(exact - (exact % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var from = now.AddDays(-options.Value.ReportWindowDays);
        var self = Parties.MemberOf(node.Id);
        var envelopes = (await activity.BetweenAsync(from, new DateTimeOffset(exact + 1, TimeSpan.Zero), ct)).Where(e => !StepTracker.IsOperational(e.Type)).ToList();
        var partners = envelopes
            .Select(e => Parties.MemberOf(e.Sent ? e.Recipient : e.Sender))
            .Where(m => !string.Equals(m, self, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(partner =>
            {
                var with = envelopes.Where(e => string.Equals(Parties.MemberOf(e.Sent ? e.Recipient : e.Sender), partner, StringComparison.Ordinal)).ToList();
                var delivery = Seconds(with.Where(e => e.Sent && !e.IsQuery));
                var answers = Seconds(with.Where(e => e.Sent && e.IsQuery));
                return new ReciprocityPartner(partner,
                    with.Count(e => e.Sent && !e.IsQuery), with.Count(e => !e.Sent && !e.IsQuery),
                    with.Count(e => !e.Sent && e.IsQuery), with.Count(e => e.Sent && e.IsQuery),
                    Percentile(delivery, 0.5), Percentile(delivery, 0.9), Percentile(answers, 0.5), Percentile(answers, 0.9));
            }).ToArray();
        return new ReciprocityReport(node.Id, self, from, now, now, partners, await rates.BetweenAsync(from, now, ct));
    }

    private static List<double> Seconds(IEnumerable<EnvelopeActivity> sent) =>
        [.. sent.Where(e => e.DeliveredAt is not null).Select(e => Math.Max(0, (e.DeliveredAt!.Value - e.At).TotalSeconds)).Order()];

    /// <summary>The nearest-rank percentile of sorted values; null when there are none.</summary>
    internal static double? Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? null : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)], 3);
}

/// <summary>Keeps the latest report of each node on the node hosting the coordinating body.</summary>
internal sealed class ReciprocityStore(TimeProvider clock)
{
    public const int MaxPartners = 500;

    public async Task KeepAsync(GqDbContext db, ReciprocityReport report, Guid? envelopeId, string signer, DateTimeOffset reportedAt, CancellationToken ct)
    {
        var row = ReciprocityReportRow.Create(report.Node, report.Member, envelopeId, signer, reportedAt, clock.GetUtcNow(), report.From, report.To,
            JsonSerializer.Serialize(report, Envelopes.Json));
        if (await db.Set<ReciprocityReportRow>().FirstOrDefaultAsync(r => r.Node == report.Node, ct) is { } existing)
        {
            existing.Replace(row);
        }
        else
        {
            db.Add(row);
        }
    }

    /// <summary>Why a report cannot be kept, or null: it must be the signing node's own, and bounded.</summary>
    public static string? Refusal(ReciprocityReport report, string signerNode)
    {
        if (!string.Equals(report.Node, signerNode, StringComparison.Ordinal))
        {
            return $"node: the report claims to be {report.Node}'s but {signerNode} signed it; a node reports only for itself";
        }

        if (!string.Equals(report.Member, Parties.MemberOf(report.Node), StringComparison.Ordinal))
        {
            return $"member: {report.Member} is not the member of {report.Node}";
        }

        if (report.Partners is null || report.Partners.Length > MaxPartners || report.OnTime is null || report.OnTime.Length > MaxPartners)
        {
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"partners and onTime are required, at most {MaxPartners} each");
        }

        var bad = report.Partners.FirstOrDefault(p => p.Partner is null || p.Partner.Length > 160 || p.Given < 0 || p.Received < 0 || p.QueriesAnswered < 0 || p.QueriesAsked < 0);
        if (bad is not null)
        {
            return "partners: each names its partner (at most 160 characters) with counts of 0 or more";
        }

        return report.OnTime.Any(o => o.Party is null || o.Party.Length > 160 || o.OnTime < 0 || o.Late < 0 || o.Overdue < 0)
            ? "onTime: each names its party (at most 160 characters) with counts of 0 or more"
            : report.From > report.To ? "from: must not be after 'to'" : null;
    }
}

/// <summary>Keeps a node's <c>accountability.reciprocity.reported</c> on the node hosting the coordinating body; refuses one signed by another node.</summary>
internal sealed class ReciprocityReportedHandler(ExchangeNode node, ReciprocityStore store) : IEnvelopeHandler
{
    public bool Handles(string type) => type == AccountabilityWire.ReciprocityReportedType;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        if (node.Directory.Current?.IsHost(node.Id, Policies.CoordinatingOffice) != true)
        {
            throw new InvalidOperationException($"{node.Id} does not host the coordinating body; reciprocity reports go to the node that does.");
        }

        var report = payload.Deserialize<ReciprocityReport>(Envelopes.Json) ?? throw new JsonException("A reciprocity report's payload is empty.");
        var signer = Parties.NodeOf(header.Sender);
        if (ReciprocityStore.Refusal(report, signer) is { } reason)
        {
            throw new InvalidOperationException($"The reciprocity report is refused: {reason}.");
        }

        await store.KeepAsync(db, report, header.Id, signer, header.CreatedAt, ct);
    }
}

/// <summary>Builds the federation's matrix from the latest report of every node.</summary>
internal sealed class ReciprocityMatrixBuilder([FromKeyedServices(GqDbContext.Reporting)] GqDbContext db, ExchangeNode node, TimeProvider clock)
{
    public async Task<ReciprocityMatrix> BuildAsync(CancellationToken ct)
    {
        var rows = await db.Set<ReciprocityReportRow>().AsNoTracking().ToListAsync(ct);
        var reports = rows.Select(r => (Row: r, Report: JsonSerializer.Deserialize<ReciprocityReport>(r.Body, Envelopes.Json)!)).ToList();
        var pairs = new Dictionary<(string From, string To), PairSum>();
        PairSum At(string from, string to) => pairs.TryGetValue((from, to), out var s) ? s : pairs[(from, to)] = new PairSum();
        foreach (var (_, report) in reports)
        {
            foreach (var p in report.Partners)
            {
                var given = At(report.Member, p.Partner);
                given.Envelopes += p.Given;
                given.DeliveryMedian = Max(given.DeliveryMedian, p.DeliveryMedianSeconds);
                given.DeliveryP90 = Max(given.DeliveryP90, p.DeliveryP90Seconds);
                var taken = At(p.Partner, report.Member);
                taken.ReceivedAsReported += p.Received;
                taken.QueriesAnswered += p.QueriesAsked;
                taken.AnswerMedian = Max(taken.AnswerMedian, p.PartnerAnswerMedianSeconds);
                taken.AnswerP90 = Max(taken.AnswerP90, p.PartnerAnswerP90Seconds);
            }
        }

        var onTime = reports.SelectMany(r => r.Report.OnTime).GroupBy(o => o.Party, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new OnTimeRate(g.Key, g.Sum(o => o.OnTime), g.Sum(o => o.Late), g.Sum(o => o.Overdue)))
            .Select(o => new AgencyOnTime(o.Party, o.OnTime, o.Late, o.Overdue, o.Rate is { } r ? Math.Round(r, 4) : null)).ToArray();
        var directoryNodes = node.Directory.Current?.Document.Nodes ?? [];
        var byNode = rows.ToDictionary(r => r.Node, StringComparer.Ordinal);
        var nodes = directoryNodes.Select(n => n.Id).Concat(rows.Select(r => r.Node)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(id => byNode.TryGetValue(id, out var r)
                ? new NodeReportStatus(id, r.Member, r.ReportedAt, r.ReceivedAt, r.EnvelopeId, r.Signer, r.From, r.To)
                : new NodeReportStatus(id, Parties.MemberOf(id), null, null, null, null, null, null)).ToArray();
        var escalations = await db.Set<EscalationRow>().AsNoTracking().Where(e => e.ToCoordinator).OrderByDescending(e => e.ReceivedAt).Take(200).ToListAsync(ct);
        var agencies = pairs.Keys.SelectMany(k => new[] { k.From, k.To }).Concat(onTime.Select(o => o.Agency)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return new ReciprocityMatrix(clock.GetUtcNow(), agencies,
            [.. pairs.OrderBy(p => p.Key.From, StringComparer.Ordinal).ThenBy(p => p.Key.To, StringComparer.Ordinal).Select(p => new ReciprocityPair(p.Key.From, p.Key.To,
                p.Value.Envelopes, p.Value.ReceivedAsReported, p.Value.QueriesAnswered, p.Value.DeliveryMedian, p.Value.DeliveryP90, p.Value.AnswerMedian, p.Value.AnswerP90))],
            onTime, nodes,
            [.. escalations.Select(e => new EscalationView(e.FromNode, e.ToCoordinator, e.CaseEnvelope, e.CaseRecipient, e.Agreement, e.MessageType, e.Step,
                e.Accountable, e.OwedTo, e.DueAt, e.EscalatedAt, e.ReceivedAt))]);
    }

    private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private sealed class PairSum
    {
        public int Envelopes { get; set; }

        public int ReceivedAsReported { get; set; }

        public int QueriesAnswered { get; set; }

        public double? DeliveryMedian { get; set; }

        public double? DeliveryP90 { get; set; }

        public double? AnswerMedian { get; set; }

        public double? AnswerP90 { get; set; }
    }
}

/// <summary>The reciprocity report could not be sent; <see cref="Reason"/> says why in the reader's language.</summary>
public sealed class ReciprocityRefusedException : InvalidOperationException
{
    public ReciprocityRefusedException(Common.Message reason)
        : base(reason?.Render(System.Globalization.CultureInfo.InvariantCulture)) => Reason = reason!;

    public Common.Message Reason { get; }
}
