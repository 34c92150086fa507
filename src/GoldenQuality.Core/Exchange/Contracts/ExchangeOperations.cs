using GoldenQuality.Common;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Exchange.Contracts;

/// <summary>
/// The exchange operator's use cases (status, dead letters and their retry, agreements in force, the log's proof),
/// shared by the API and the operator page. Access (<c>Policies.ExchangeOperator</c>) is checked by the caller.
/// </summary>
public sealed class ExchangeOperations(GqDbContext db, ExchangeNode node, TimeProvider clock)
{
    /// <summary>The node id <see cref="StatusAsync"/> reports when this node runs without an exchange.</summary>
    public const string NotConfigured = "(exchange not configured)";

    /// <summary>Peers and their health, outbox depth, dead letters, directory and log.</summary>
    public async Task<ExchangeStatus> StatusAsync(CancellationToken ct)
    {
        var perPeer = await db.Set<OutboxMessage>().AsNoTracking().GroupBy(o => o.RecipientNode)
            .Select(g => new
            {
                Node = g.Key,
                Pending = g.Count(o => o.Status == OutboxStatus.Pending),
                Dead = g.Count(o => o.Status == OutboxStatus.Dead),
                Last = g.Max(o => o.DeliveredAt),
            })
            .ToListAsync(ct);
        var directory = node.Directory.Current?.Document;
        var peers = (directory?.Nodes ?? []).Where(n => n.Id != node.Options.NodeId).Select(n =>
        {
            var s = perPeer.FirstOrDefault(p => p.Node == n.Id);
            return new PeerView(n.Id, n.Endpoint, n.Offices, s?.Pending ?? 0, s?.Dead ?? 0, s?.Last);
        }).ToArray();
        var head = await db.Set<MessageLogEntry>().AsNoTracking().MaxAsync(e => (long?)e.Sequence, ct);
        var checkpoint = await db.Set<LogCheckpoint>().AsNoTracking().MaxAsync(c => (long?)c.Sequence, ct);
        return new ExchangeStatus(node.Options.NodeId ?? NotConfigured, directory?.Version ?? 0, directory?.ValidTo ?? default, peers,
            perPeer.Sum(p => p.Pending), perPeer.Sum(p => p.Dead), head ?? 0, checkpoint);
    }

    /// <summary>One page of the dead letters, oldest first (page and size already checked).</summary>
    public Task<Paged<OutboxView>> DeadLettersAsync(int page, int size, CancellationToken ct) =>
        PageOf(db.Set<OutboxMessage>().AsNoTracking().Where(o => o.Status == OutboxStatus.Dead).OrderBy(o => o.Sequence), page, size, ct);

    /// <summary>Puts a dead letter back in the outbox (the save wakes the worker); false when there is no such dead letter.</summary>
    public async Task<bool> RetryAsync(Guid id, CancellationToken ct)
    {
        var row = await db.Set<OutboxMessage>().FirstOrDefaultAsync(o => o.Id == id && o.Status == OutboxStatus.Dead, ct);
        if (row is null)
        {
            return false;
        }

        row.Retry(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The sharing agreements of the signed directory.</summary>
    public Agreement[] Agreements() => node.Directory.Current?.Document.Agreements ?? [];

    /// <summary>Walks the hash chain and the signed checkpoints.</summary>
    public async Task<LogVerification> VerifyLogAsync(CancellationToken ct)
    {
        var broken = await MessageLog.VerifyAsync(db, node, ct);
        var entries = await db.Set<MessageLogEntry>().LongCountAsync(ct);
        return new LogVerification(broken is null, entries, broken?.Sequence, broken?.Reason);
    }

    /// <summary>Envelopes this node sent and received, by sending and receiving member (the dashboard's sharing matrix).</summary>
    public Task<IReadOnlyList<SharingCell>> SharingAsync(CancellationToken ct) => SharingVolume.ReadAsync(db, node, ct);

    internal static async Task<Paged<OutboxView>> PageOf(IQueryable<OutboxMessage> query, int page, int size, CancellationToken ct)
    {
        var total = await query.CountAsync(ct);
        var items = await query.Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<OutboxView>([.. items.Select(o => new OutboxView(o.Id, o.EnvelopeId, o.Type, o.RecipientNode, WireNames.Of(o.Status), o.Attempts, o.CreatedAt, o.NextAttemptAt, o.DeliveredAt, o.LastError))], page, size, total);
    }
}
