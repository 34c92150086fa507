using System.Diagnostics.Metrics;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoldenQuality.Exchange;

/// <summary>
/// The exchange's gauges, per peer where it matters: what waits in the outbox and for how long, the dead letters, and
/// the witness conflicts (a peer showed another history of its log). A scrape reads the last snapshot; the snapshot
/// is read from the database every <see cref="ExchangeOptions.MetricsEverySeconds"/>, so scrapes cost the database nothing.
/// Alert thresholds: docs/operations.md, "Monitoring".
/// </summary>
internal sealed partial class ExchangeMetrics : BackgroundService
{
    private readonly IServiceScopeFactory scopes;
    private readonly ExchangeNode node;
    private readonly TimeProvider clock;
    private readonly ILogger<ExchangeMetrics> logger;
    private volatile Snapshot current = new([], 0, 0);

    public ExchangeMetrics(IMeterFactory meters, IServiceScopeFactory scopes, ExchangeNode node, TimeProvider clock, ILogger<ExchangeMetrics> logger)
    {
        this.scopes = scopes;
        this.node = node;
        this.clock = clock;
        this.logger = logger;
        var meter = meters.Create(Telemetry.MeterName);
        meter.CreateObservableGauge("gq.exchange.outbox.pending", () => PerPeer(p => p.Pending), "{envelope}", "Envelopes waiting in the outbox, per recipient node.");
        meter.CreateObservableGauge("gq.exchange.outbox.oldest_pending_age", () => PerPeer(p => p.OldestPendingSeconds), "s", "Age of the oldest envelope waiting for each recipient node (0 when none waits).");
        meter.CreateObservableGauge("gq.exchange.dead_letters", () => PerPeer(p => p.Dead), "{envelope}", "Envelopes given up on after every retry, per recipient node, until an operator retries them.");
        meter.CreateObservableGauge("gq.exchange.witness_conflicts", () => current.WitnessConflicts, "{conflict}", "Checkpoints a peer showed that contradict one it showed before.");
        meter.CreateObservableGauge("gq.exchange.log.entries", () => current.LogEntries, "{entry}", "The message log's head sequence.");
    }

    private sealed record PeerBacklog(string Peer, long Pending, double OldestPendingSeconds, long Dead);

    private sealed record Snapshot(IReadOnlyList<PeerBacklog> Peers, long WitnessConflicts, long LogEntries);

    private IEnumerable<Measurement<T>> PerPeer<T>(Func<PeerBacklog, T> value)
        where T : struct =>
        current.Peers.Select(p => new Measurement<T>(value(p), new KeyValuePair<string, object?>("peer", p.Peer)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!node.Enabled)
        {
            return;
        }

        var every = TimeSpan.FromSeconds(Math.Max(1, node.Options.MetricsEverySeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using (var scope = scopes.CreateAsyncScope())
                {
                    current = await ReadAsync(scope.ServiceProvider.GetRequiredService<GqDbContext>(), stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
#pragma warning disable CA1031 // A failed read keeps the last snapshot and is tried again; the node keeps serving.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(logger, e.Message);
            }

            try
            {
                await Task.Delay(every, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<Snapshot> ReadAsync(GqDbContext db, CancellationToken ct)
    {
        var outbox = db.Set<OutboxMessage>().AsNoTracking();
        var counts = await outbox.Where(o => o.Status != OutboxStatus.Delivered).GroupBy(o => new { o.RecipientNode, o.Status })
            .Select(g => new { g.Key.RecipientNode, g.Key.Status, Count = g.LongCount(), Oldest = g.Min(o => o.Sequence) })
            .ToListAsync(ct);
        // The oldest waiting envelope of each peer is its lowest sequence; its age comes from its row.
        var oldestSequences = counts.Where(c => c.Status == OutboxStatus.Pending).Select(c => c.Oldest).ToList();
        var created = await outbox.Where(o => oldestSequences.Contains(o.Sequence) && o.Status == OutboxStatus.Pending)
            .Select(o => new { o.RecipientNode, o.CreatedAt }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var peers = (node.Directory.Current?.Document.Nodes ?? []).Select(n => n.Id).Where(id => id != node.Options.NodeId)
            .Concat(counts.Select(c => c.RecipientNode)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(peer => new PeerBacklog(peer,
                counts.Where(c => c.RecipientNode == peer && c.Status == OutboxStatus.Pending).Sum(c => c.Count),
                created.Where(c => c.RecipientNode == peer).Select(c => Math.Max(0, (now - c.CreatedAt).TotalSeconds)).DefaultIfEmpty(0).Max(),
                counts.Where(c => c.RecipientNode == peer && c.Status == OutboxStatus.Dead).Sum(c => c.Count)))
            .ToList();
        var conflicts = await db.Set<WitnessConflict>().AsNoTracking().LongCountAsync(ct);
        var head = await db.Set<MessageLogEntry>().AsNoTracking().MaxAsync(e => (long?)e.Sequence, ct) ?? 0;
        return new Snapshot(peers, conflicts, head);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the exchange's metrics: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}
