using GoldenQuality.Audit;
using GoldenQuality.Demo;
using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Cli;

/// <summary>
/// What a dishonest operator with database access and the node's own key could do, for the accountability scenario to
/// show that it is caught: edit one audit entry, or rewrite the message log from one entry on, recomputing the chain and
/// re-signing the checkpoints with the node key. Each change is undone by disposing what it returns.
/// </summary>
internal sealed class LogTamper : ILogTamper
{
    public async Task<IAsyncDisposable> EditAuditEntryAsync(IServiceProvider node, long sequence, string recordKey, CancellationToken ct)
    {
        await using var scope = node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
        var original = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Sequence == sequence).Select(e => e.RecordKey).SingleAsync(ct);
        await db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET \"RecordKey\" = {0} WHERE \"Sequence\" = {1}", [recordKey, sequence], ct);
        return new Undo(node, ["UPDATE audit_entries SET \"RecordKey\" = {0} WHERE \"Sequence\" = {1}"], [[original, sequence]], null);
    }

    public async Task<IAsyncDisposable> RewriteMessageLogAsync(IServiceProvider node, long from, CancellationToken ct)
    {
        await using var scope = node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
        var exchange = scope.ServiceProvider.GetRequiredService<ExchangeNode>();

        // Held until the log is put back, as an operator would stop the node: an envelope logged meanwhile would chain on a
        // rewritten entry (and break the chain once it is put back), or be left out of the rewrite.
        await exchange.WriteLock.WaitAsync(ct);
        try
        {
            return await RewriteAsync(node, db, exchange, from, ct);
        }
        catch
        {
            exchange.WriteLock.Release();
            throw;
        }
    }

    private static async Task<IAsyncDisposable> RewriteAsync(IServiceProvider node, GqDbContext db, ExchangeNode exchange, long from, CancellationToken ct)
    {
        var entries = await db.Set<MessageLogEntry>().AsNoTracking().Where(e => e.Sequence >= from).OrderBy(e => e.Sequence).ToListAsync(ct);
        var checkpoints = await db.Set<LogCheckpoint>().AsNoTracking().Where(c => c.Sequence >= from).ToListAsync(ct);
        var sql = new List<string>();
        var undo = new List<object[]>();
        const string entry = "UPDATE exchange_message_log SET \"ItemDigest\" = {0}, \"PreviousHash\" = {1}, \"Hash\" = {2} WHERE \"Sequence\" = {3}";
        const string checkpoint = "UPDATE exchange_log_checkpoints SET \"Hash\" = {0}, \"Signature\" = {1} WHERE \"Sequence\" = {2}";
        var previous = entries[0].PreviousHash;
        var hashes = new Dictionary<long, string>();
        foreach (var e in entries)
        {
            // The first entry is made to name another envelope; every later one is re-chained.
            var digest = e.Sequence == from ? Jws.Digest("an envelope that was never sent"u8) : e.ItemDigest;
            var hash = MessageLog.Hash(previous, e.Sequence, e.At, e.Kind, e.EnvelopeId, e.Peer, digest);
            await db.Database.ExecuteSqlRawAsync(entry, [digest, previous, hash, e.Sequence], ct);
            sql.Add(entry);
            undo.Add([e.ItemDigest, e.PreviousHash, e.Hash, e.Sequence]);
            hashes[e.Sequence] = hash;
            previous = hash;
        }

        foreach (var c in checkpoints.Where(c => hashes.ContainsKey(c.Sequence)))
        {
            var signature = WitnessSigning.SignCheckpoint(exchange.Id, WitnessedLog.Message, c.Sequence, hashes[c.Sequence], c.At, exchange.Key);
            await db.Database.ExecuteSqlRawAsync(checkpoint, [hashes[c.Sequence], signature, c.Sequence], ct);
            sql.Add(checkpoint);
            undo.Add([c.Hash, c.Signature, c.Sequence]);
        }

        return new Undo(node, sql, undo, exchange.WriteLock);
    }

    /// <summary>Puts the original values back, in reverse order, then frees the log's write lock if it was held.</summary>
    private sealed class Undo(IServiceProvider node, IReadOnlyList<string> sql, IReadOnlyList<object[]> values, SemaphoreSlim? held) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var scope = node.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
                for (var i = sql.Count - 1; i >= 0; i--)
                {
                    await db.Database.ExecuteSqlRawAsync(sql[i], values[i]);
                }
            }
            finally
            {
                held?.Release();
            }
        }
    }
}
