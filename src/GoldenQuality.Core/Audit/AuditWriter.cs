using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using GoldenQuality.Audit.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Audit;

/// <summary>
/// The audit log's single writer (group commit). Reads queue their entry on a bounded channel; one loop drains every
/// entry queued so far and appends them in ONE transaction on its own context, then completes every waiting read. The
/// chain's head is read inside that transaction (under a PostgreSQL advisory lock when several instances share one
/// database), so a batch that fails leaves nothing behind and the next one starts again from the database's head.
/// </summary>
internal sealed partial class AuditWriter : IReadAudit, IAsyncDisposable
{
    private const long AdvisoryLockKey = 0x67715F6175646974; // "gq_audit"

    private readonly Channel<Pending> queue;
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider clock;
    private readonly ILogger<AuditWriter> logger;
    private readonly int maxBatch;
    private readonly Task loop;

    public AuditWriter(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AuditOptions> options, ILogger<AuditWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.scopes = scopes;
        this.clock = clock;
        this.logger = logger;
        maxBatch = options.Value.MaxBatch;
        queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.Value.QueueLimit)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        loop = Task.Run(DrainAsync);
    }

    private sealed record Pending(ProtectedRead Read, TaskCompletionSource Done);

    public async Task RecordAsync(ProtectedRead read, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(read);
        var pending = new Pending(read, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(pending))
        {
            throw new AuditUnavailableException("The audit queue is full: the read is refused rather than served unaudited.");
        }

        await pending.Done.Task.WaitAsync(ct);
    }

    private async Task DrainAsync()
    {
        var batch = new List<Pending>(maxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < maxBatch && queue.Reader.TryRead(out var p))
            {
                batch.Add(p);
            }

            try
            {
                await AppendAsync(batch);
                foreach (var p in batch)
                {
                    p.Done.TrySetResult();
                }
            }
#pragma warning disable CA1031 // Any failure to commit refuses every read of the batch; the loop goes on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(logger, batch.Count, e);
                var refusal = new AuditUnavailableException("The audit log cannot be written: " + e.Message, e);
                foreach (var p in batch)
                {
                    p.Done.TrySetException(refusal);
                }
            }
        }
    }

    private async Task AppendAsync(List<Pending> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync();
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})");
        }

        var log = db.Set<AuditEntry>();
        var head = await log.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync();
        var sequence = head?.Sequence ?? 0;
        var previous = head?.Hash ?? AuditChain.Genesis;
        var now = AuditChain.Truncate(clock.GetUtcNow());
        foreach (var p in batch)
        {
            sequence++;
            var entry = AuditEntry.Create(sequence, now, AuditChain.Bounded(p.Read), previous);
            log.Add(entry);
            previous = entry.Hash;
        }

        await db.SaveChangesAsync();
        await tx.CommitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit log could not be written; {Count} read(s) refused.")]
    private static partial void LogFailed(ILogger logger, int count, Exception error);
}

/// <summary>The audit log's hash chain: genesis, the stored time, the hash over every field, and the walk that verifies it.</summary>
internal static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The hash is computed on what both providers store exactly: UTC, whole milliseconds.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    /// <summary>The read cut to the columns' sizes (a key or a field list too long is shortened, never refused).</summary>
    public static ProtectedRead Bounded(ProtectedRead read)
    {
        var fields = new List<string>();
        var length = 0;
        foreach (var f in read.Fields)
        {
            var field = Cut(f.Replace(',', ' '), 128);
            if (length + field.Length + 1 > 4000)
            {
                break;
            }

            fields.Add(field);
            length += field.Length + 1;
        }

        return new ProtectedRead(Cut(read.Reader, 256), Cut(read.OnBehalfOf, 256), read.Agreement is null ? null : Cut(read.Agreement, 64),
            Cut(read.Purpose, 1024), Cut(read.RecordKind, 128), Cut(read.RecordKey, 256), fields);
    }

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];

    /// <summary>SHA-256 over the previous hash and every field, as a JSON array (so no field can run into the next).</summary>
    public static string Hash(string previous, long sequence, DateTimeOffset at, string reader, string onBehalfOf, string? agreement, string purpose,
        string recordKind, string recordKey, string fields) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new object?[]
        {
            previous, sequence, at.UtcTicks, reader, onBehalfOf, agreement, purpose, recordKind, recordKey, fields,
        })));

    /// <summary>Walks the chain from the start; returns the first broken entry's sequence and why, or null when intact.</summary>
    public static async Task<(long Sequence, string Reason)?> VerifyAsync(GqDbContext db, CancellationToken ct)
    {
        var previous = Genesis;
        long expected = 1;
        await foreach (var e in db.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (e.Sequence != expected)
            {
                return (expected, $"entry {expected} is missing (the next entry is {e.Sequence})");
            }

            if (e.PreviousHash != previous)
            {
                return (e.Sequence, "its previous-hash does not match the hash of the entry before it");
            }

            if (e.ComputeHash() != e.Hash)
            {
                return (e.Sequence, "its content does not match its hash (the entry was altered)");
            }

            previous = e.Hash;
            expected++;
        }

        return null;
    }
}
