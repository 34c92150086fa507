using GoldenQuality.Exchange.Contracts;
using System.Security.Cryptography;
using System.Text;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GoldenQuality.Exchange;

/// <summary>
/// The hash-chained message log. Every envelope and receipt sent or received, and every rejection, is appended
/// by this save interceptor in the same SaveChanges that stores it, so nothing reaches the database unlogged.
/// Each entry's hash covers the previous entry's hash; a signed checkpoint is written every N entries.
/// Appends are serialised: a process-wide lock, plus a PostgreSQL advisory lock held on the context's connection
/// while several instances share one database. After a successful save that queued outbox rows it wakes the
/// delivery worker (<see cref="OutboxSignal"/>), so an envelope leaves at once without anyone nudging by hand.
/// </summary>
internal sealed class MessageLog(ExchangeNode node, TimeProvider clock, OutboxSignal outbox) : SaveChangesInterceptor, IDbTransactionInterceptor, ISaveFailureListener
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    private const long AdvisoryLockKey = 0x67715F6C6F67; // "gq_log"

    // Which contexts hold the lock between SavingChanges and SavedChanges (an AsyncLocal would not flow back to EF).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> holders = [];

    // Which contexts' saves queue outbox rows to send, so that the worker is woken once they are committed.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> queuing = [];

    // Which contexts saved queued rows inside an explicit transaction: the worker is woken when it commits.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> committing = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not GqDbContext db)
        {
            return result;
        }

        if (Queues(db))
        {
            queuing.AddOrUpdate(db, db);
        }
        else
        {
            queuing.Remove(db);
        }

        var items = Collect(db);
        if (items.Count == 0)
        {
            return result;
        }

        await node.WriteLock.WaitAsync(cancellationToken);
        holders.AddOrUpdate(db, db);
        try
        {
            if (db.Database.IsNpgsql())
            {
                await db.Database.OpenConnectionAsync(cancellationToken);
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
            }

            await AppendAsync(db, items, cancellationToken);
        }
        catch
        {
            queuing.Remove(db);
            await ReleaseAsync(db);
            throw;
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await ReleaseAsync(eventData.Context);
        if (eventData.Context is { } context && queuing.Remove(context))
        {
            if (context.Database.CurrentTransaction is null)
            {
                outbox.Raise();
            }
            else
            {
                // Not visible to the worker before the caller commits.
                committing.AddOrUpdate(context, context);
            }
        }

        return result;
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData?.Context is { } context && committing.Remove(context))
        {
            outbox.Raise();
        }
    }

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData?.Context is { } context)
        {
            committing.Remove(context);
        }
    }

    public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            queuing.Remove(context);
        }

        await ReleaseAsync(eventData.Context);
    }

    /// <summary>
    /// A save cancelled after it took the lock (its request aborted, its worker stopping): EF reports it here, not to
    /// SaveChangesFailed. Nothing was queued, and the lock is freed; otherwise every later save of the node would wait
    /// for it forever.
    /// </summary>
    public override async Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            queuing.Remove(context);
        }

        await ReleaseAsync(eventData.Context);
    }

    /// <summary>A concurrency failure, which EF does not report to SaveChangesFailed: nothing was queued, and the lock is freed.</summary>
    public async Task SaveFailedAsync(DbContext context)
    {
        queuing.Remove(context);
        await ReleaseAsync(context);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        eventData.Context is GqDbContext db && Collect(db).Count > 0
            ? throw new InvalidOperationException("Exchange records must be saved with SaveChangesAsync, so that they are logged.")
            : result;

    /// <summary>Frees the lock a context took for its save (idempotent).</summary>
    internal async Task ReleaseAsync(DbContext? context)
    {
        if (context is null || !holders.Remove(context))
        {
            return;
        }

        try
        {
            if (context.Database.IsNpgsql())
            {
                await context.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({AdvisoryLockKey})");
                await context.Database.CloseConnectionAsync();
            }
        }
        finally
        {
            node.WriteLock.Release();
        }
    }

    /// <summary>
    /// True when the save puts envelopes in the outbox to send: new pending rows, or dead letters put back. The
    /// worker's own updates (attempts, receipts) do not count, or a failing peer would wake it in a loop.
    /// </summary>
    private static bool Queues(GqDbContext db) =>
        db.ChangeTracker.Entries<OutboxMessage>().Any(e =>
            e.Entity.Status == OutboxStatus.Pending &&
            (e.State == EntityState.Added ||
             (e.State == EntityState.Modified && e.Property(o => o.Status).OriginalValue != OutboxStatus.Pending)));

    private sealed record Item(string Kind, Guid EnvelopeId, string Peer, string Digest, OutboxMessage? Outbox);

    private static List<Item> Collect(GqDbContext db)
    {
        var items = new List<Item>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            switch (entry.Entity)
            {
                case OutboxMessage o when entry.State == EntityState.Added:
                    items.Add(new("envelope-sent", o.EnvelopeId, o.RecipientNode, Envelopes.ItemDigest(o.Jws, o.Payload), o));
                    if (o.Status == OutboxStatus.Delivered && o.Receipt is { } r0)
                    {
                        items.Add(new("receipt-received", o.EnvelopeId, o.RecipientNode, Jws.Digest(Encoding.UTF8.GetBytes(r0)), null));
                    }

                    break;
                case OutboxMessage o when entry.State == EntityState.Modified && entry.Property(nameof(OutboxMessage.Receipt)).IsModified && o.Receipt is { } receipt:
                    items.Add(new("receipt-received", o.EnvelopeId, o.RecipientNode, Jws.Digest(Encoding.UTF8.GetBytes(receipt)), null));
                    break;
                case InboxMessage i when entry.State == EntityState.Added:
                    items.Add(new("envelope-received", i.EnvelopeId, i.Sender, Envelopes.ItemDigest(i.Jws, i.Payload), null));
                    items.Add(new("receipt-sent", i.EnvelopeId, i.Sender, Jws.Digest(Encoding.UTF8.GetBytes(i.Receipt)), null));
                    break;
                case ExchangeRejection x when entry.State == EntityState.Added:
                    items.Add(new(x.Direction == "in" ? "rejection-sent" : "rejection-received", x.EnvelopeId ?? Guid.Empty, x.Party ?? "",
                        Jws.Digest(Encoding.UTF8.GetBytes($"{x.Reason}\n{x.Detail}")), null));
                    break;
            }
        }

        return items;
    }

    private async Task AppendAsync(GqDbContext db, List<Item> items, CancellationToken ct)
    {
        var log = db.Set<MessageLogEntry>();
        var head = await log.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
        var sequence = head?.Sequence ?? 0;
        var previous = head?.Hash ?? Genesis;
        var now = Truncate(clock.GetUtcNow());
        foreach (var item in items)
        {
            sequence++;
            var hash = Hash(previous, sequence, now, item.Kind, item.EnvelopeId, item.Peer, item.Digest);
            log.Add(MessageLogEntry.Create(sequence, now, item.Kind, item.EnvelopeId, item.Peer, item.Digest, previous, hash));
            if (item.Outbox is { } outbox)
            {
                // The log's sequence orders a sender's envelopes: delivery keeps this order per recipient and key.
                db.Entry(outbox).Property(nameof(OutboxMessage.Sequence)).CurrentValue = sequence;
            }

            if (sequence % node.Options.CheckpointEvery == 0)
            {
                db.Set<LogCheckpoint>().Add(Checkpoint(sequence, hash, now));
            }

            previous = hash;
        }
    }

    internal LogCheckpoint Checkpoint(long sequence, string hash, DateTimeOffset at) =>
        LogCheckpoint.Create(sequence, hash, at, WitnessSigning.SignCheckpoint(node.Id, WitnessedLog.Message, sequence, hash, at, node.Key));

    /// <summary>
    /// True when the node signed the JWS: with a key it holds, or with one the directory lists for it at
    /// <paramref name="at"/> (a key it rotated away from, whose file may be gone).
    /// </summary>
    private static bool SignedByNode(ExchangeNode node, FederationDirectoryDocument? directory, string jws, DateTimeOffset at)
    {
        if (node.OwnKeys.Any(k => Jws.Verify(jws, k)))
        {
            return true;
        }

        var listed = WitnessKeys.KeysOf(directory, node.Id, at);
        try
        {
            return listed.Any(k => Jws.Verify(jws, k));
        }
        finally
        {
            listed.ForEach(k => k.Dispose());
        }
    }

    /// <summary>The hash is computed on what both providers store exactly: UTC, whole milliseconds.</summary>
    internal static DateTimeOffset Truncate(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    internal static string Hash(string previous, long sequence, DateTimeOffset at, string kind, Guid envelopeId, string peer, string digest) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\n', previous, sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), at.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), kind, envelopeId.ToString(), peer, digest))));

    /// <summary>Walks the chain from the start; returns the first broken entry's sequence and why, or null when intact.</summary>
    public static async Task<(long Sequence, string Reason)?> VerifyAsync(GqDbContext db, ExchangeNode? node, CancellationToken ct)
    {
        var checkpoints = await db.Set<LogCheckpoint>().AsNoTracking().ToDictionaryAsync(c => c.Sequence, ct);
        var directory = node is { Enabled: true } ? await WitnessKeys.DirectoryAsync(db, node, ct) : null;
        var previous = Genesis;
        long expected = 1;
        await foreach (var e in db.Set<MessageLogEntry>().AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (e.Sequence != expected)
            {
                return (expected, $"entry {expected} is missing (the next entry is {e.Sequence})");
            }

            if (e.PreviousHash != previous)
            {
                return (e.Sequence, "its previous-hash does not match the hash of the entry before it");
            }

            if (Hash(previous, e.Sequence, e.At, e.Kind, e.EnvelopeId, e.Peer, e.ItemDigest) != e.Hash)
            {
                return (e.Sequence, "its content does not match its hash (the entry was altered)");
            }

            if (checkpoints.Remove(e.Sequence, out var checkpoint))
            {
                if (checkpoint.Hash != e.Hash)
                {
                    return (e.Sequence, "the signed checkpoint names a different hash");
                }

                if (node is { Enabled: true } && !SignedByNode(node, directory, checkpoint.Signature, checkpoint.At))
                {
                    return (e.Sequence, "the checkpoint's signature does not verify with this node's keys");
                }
            }

            previous = e.Hash;
            expected++;
        }

        return checkpoints.Count > 0 ? (checkpoints.Keys.Min(), "a signed checkpoint names an entry that is not in the log") : null;
    }
}
