using GoldenQuality.Exchange.Contracts;
using System.Net.Http.Json;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoldenQuality.Exchange;

/// <summary>
/// Sends due outbox rows in batches to each recipient node's inbox (over HTTP, or in-process when the recipient
/// is this node), stores the signed receipts, retries failures with exponential backoff and jitter, and moves an
/// envelope to the dead letters after the configured number of attempts or on a typed rejection.
/// Several instances of one node may share a PostgreSQL database: rows are claimed with a lease, and claims are
/// serialised with an advisory lock, so no row is sent by two instances and order per recipient and key is kept.
/// </summary>
public sealed partial class DeliveryWorker(
    IServiceScopeFactory scopes, OutboxSignal signal, ExchangeNode node, PeerTransport transport, TimeProvider clock, IHttpClientFactory http, ILogger<DeliveryWorker> logger) : BackgroundService
{
    public const string HttpClientName = "exchange";
    private const long ClaimLockKey = 0x67715F636C6D; // "gq_clm"
    private readonly string instance = Guid.NewGuid().ToString("N")[..12];

    private const string UnreachablePrefix = OutboxErrors.Unreachable;

    /// <summary>Peers this instance could not reach and has not reached since: when one answers again, its waiting rows are due at once.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> unreached = new(StringComparer.Ordinal);

    /// <summary>
    /// The most envelopes the next batch to a peer may carry, for peers that did not answer a larger batch in time:
    /// halved at each such timeout, doubled at each answer, back to <see cref="ExchangeOptions.BatchSize"/>.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> batchLimits = new(StringComparer.Ordinal);

    /// <summary>
    /// Asks the worker to look at the outbox now rather than at its next poll. A save that queues outbox rows
    /// does this by itself (the message log raises the <see cref="OutboxSignal"/>); this is for other triggers,
    /// such as dead letters put back by an operator outside a save.
    /// </summary>
    public void Nudge() => signal.Raise();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!node.Enabled)
        {
            return;
        }

        // A round after a wake-up (a save queued rows, or the start) claims at once; a round after a sleep looks first.
        var woken = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            int sent;
            try
            {
                sent = await DeliverOnceAsync(lookFirst: !woken, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The worker must outlive any one failed round (a busy database, a peer's garbage): the rows stay in the outbox.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogRoundFailed(logger, e.Message);
                sent = 0;
            }

            if (sent > 0)
            {
                // A full batch may have left more behind: the next round claims at once.
                woken = true;
            }
            else
            {
                try
                {
                    woken = await signal.WaitAsync(await IdleWaitAsync(stoppingToken), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
#pragma warning disable CA1031 // As above: a failed look at the outbox only means the worker looks again after the poll interval.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    LogRoundFailed(logger, e.Message);
                    woken = false;
                    await Task.Delay(TimeSpan.FromMilliseconds(node.Options.PollMilliseconds), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
    }

    /// <summary>
    /// How long the worker may sleep after a round that sent nothing: until the earliest pending row's next attempt
    /// (a retry after back-off), at most <see cref="ExchangeOptions.PollMilliseconds"/>. A save that queues rows wakes
    /// it earlier through the <see cref="OutboxSignal"/>; the poll interval is only the safety net for rows it does
    /// not signal (another instance of the node on a shared PostgreSQL, a lease that ran out).
    /// </summary>
    private async Task<TimeSpan> IdleWaitAsync(CancellationToken ct)
    {
        var poll = TimeSpan.FromMilliseconds(node.Options.PollMilliseconds);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
        var now = clock.GetUtcNow();
        var next = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(o => o.Status == OutboxStatus.Pending && o.NextAttemptAt > now)
            .OrderBy(o => o.NextAttemptAt)
            .Select(o => (DateTimeOffset?)o.NextAttemptAt)
            .FirstOrDefaultAsync(ct);
        return next is { } due && due - now < poll ? TimeSpan.FromTicks(Math.Max(due.Ticks - now.Ticks, TimeSpan.TicksPerMillisecond)) : poll;
    }

    /// <summary>
    /// One round: claim a batch, send it per recipient node, record the outcomes. Returns the rows handled. With
    /// <paramref name="lookFirst"/>, a read without the write lock decides first whether anything is due.
    /// </summary>
    public async Task<int> DeliverOnceAsync(bool lookFirst, CancellationToken ct)
    {
        if (node.Directory.Current is not { } directory)
        {
            return 0;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
        var claimed = await ClaimAsync(db, lookFirst, ct);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var options = node.Options;
        var reachedAgain = new List<string>();
        foreach (var group in claimed.GroupBy(r => r.RecipientNode, StringComparer.Ordinal))
        {
            var rows = group.OrderBy(r => r.Sequence).ToList();
            var limit = batchLimits.GetValueOrDefault(group.Key, options.BatchSize);
            if (rows.Count > limit)
            {
                // The peer did not answer a larger batch in time: the rest goes in the next rounds, without an attempt.
                rows[limit..].ForEach(r => r.Release());
                rows = rows[..limit];
            }

            var now = clock.GetUtcNow();
            if (directory.Node(group.Key) is not { } target)
            {
                rows.ForEach(r => Dead(db, r, RejectionReasons.UnknownRecipient, $"{group.Key} is not in the directory", now));
                continue;
            }

            InboxResponse? response = null;
            string? failure = null;
            var timedOut = false;
            try
            {
                var batch = rows.Select(r => new WireEnvelope(r.Jws, r.Payload)).ToList();
                if (group.Key == node.Id)
                {
                    // Local delivery: the same checks, dedup, handlers and log, without HTTP.
                    await using var local = scopes.CreateAsyncScope();
                    response = await local.ServiceProvider.GetRequiredService<ExchangeReceiver>().ReceiveAsync(batch, ct);
                }
                else
                {
                    var url = new Uri(new Uri(target.Endpoint), "/api/exchange/inbox");
                    failure = transport.RefusePlain(url);
                    if (failure is null)
                    {
                        using var client = http.CreateClient(HttpClientName);
                        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new InboxBatch([.. batch]), options: Envelopes.Json) };
                        request.Options.Set(PeerTransport.TargetNode, group.Key);
                        try
                        {
                            using var reply = await client.SendAsync(request, ct);
                            if (reply.IsSuccessStatusCode)
                            {
                                response = await reply.Content.ReadFromJsonAsync<InboxResponse>(Envelopes.Json, ct);
                            }
                            else
                            {
                                failure = $"{group.Key} answered {(int)reply.StatusCode}";
                            }
                        }
                        catch (HttpRequestException) when (request.Options.TryGetValue(PeerTransport.Refusal, out var refusal))
                        {
                            // The server is not the node the directory pins: nothing was sent; the reason is kept on the row.
                            failure = refusal;
                        }
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or Polly.ExecutionRejectedException && !ct.IsCancellationRequested)
            {
                failure = e.Message;
                timedOut = e is Polly.Timeout.TimeoutRejectedException;
            }

            now = clock.GetUtcNow();
            if (timedOut && rows.Count > 1)
            {
                // Too large for the peer now (busy after an outage, say): not a failed attempt. The rows are due again
                // at once, in batches half the size; the peer may still apply this one, and then answers "duplicate".
                batchLimits[group.Key] = rows.Count / 2;
                rows.ForEach(r => r.Release());
                LogBatchTimedOut(logger, group.Key, rows.Count, rows.Count / 2);
                continue;
            }

            if (failure is not null)
            {
                unreached[group.Key] = true;
            }
            else if (response is not null)
            {
                if (unreached.TryRemove(group.Key, out _))
                {
                    reachedAgain.Add(group.Key);
                }

                if (batchLimits.TryGetValue(group.Key, out var smaller))
                {
                    _ = smaller * 2 >= options.BatchSize ? batchLimits.TryRemove(group.Key, out _) : batchLimits.TryUpdate(group.Key, smaller * 2, smaller);
                }
            }

            var receiverKeys = directory.KeysOf(group.Key, now);
            var answers = new Dictionary<Guid, InboxResult>();
            foreach (var answer in response?.Results ?? [])
            {
                if (answer.EnvelopeId is { } id)
                {
                    answers.TryAdd(id, answer);
                }
            }

            var verifiedRoots = new HashSet<string>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                var result = answers.GetValueOrDefault(row.EnvelopeId);
                if (result is { Status: "accepted" or "duplicate" } && Envelopes.ReadReceipt(result.Receipt, receiverKeys, verifiedRoots) is { } receipt &&
                    receipt.EnvelopeId == row.EnvelopeId && receipt.PayloadDigest == row.Digest)
                {
                    row.Delivered(result.Receipt!, now);
                }
                else if (result is { Status: "rejected" })
                {
                    Dead(db, row, result.Reason ?? "rejected", result.Detail ?? "", now);
                }
                else
                {
                    var error = failure is not null ? UnreachablePrefix + failure : result?.Detail ?? "no valid receipt";
                    row.Failed(error, now + Backoff(row.Attempts + 1), options.MaxAttempts);
                    if (row.Status == OutboxStatus.Dead)
                    {
                        LogDeadLetter(logger, row.EnvelopeId, row.RecipientNode, error);
                    }
                }
            }
        }

        await db.SaveChangesAsync(ct);
        if (reachedAgain.Count > 0)
        {
            await DueNowAsync(db, reachedAgain, ct);
        }

        return claimed.Count;
    }

    /// <summary>
    /// A peer that could not be reached answers again: the rows that wait for it only because it was unreachable are
    /// due now rather than at the end of their back-off (up to <see cref="ExchangeOptions.MaxRetryDelaySeconds"/>), so
    /// a peer back from an outage receives its backlog at once.
    /// </summary>
    private async Task DueNowAsync(GqDbContext db, List<string> peers, CancellationToken ct)
    {
        await node.WriteLock.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            await db.Set<OutboxMessage>()
                .Where(o => o.Status == OutboxStatus.Pending && peers.Contains(o.RecipientNode) && o.NextAttemptAt > now && o.LastError != null && o.LastError.StartsWith(UnreachablePrefix))
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.NextAttemptAt, now), ct);
        }
        finally
        {
            node.WriteLock.Release();
        }
    }

    private void Dead(GqDbContext db, OutboxMessage row, string reason, string detail, DateTimeOffset now)
    {
        row.Rejected($"{reason}: {detail}");
        db.Set<ExchangeRejection>().Add(ExchangeRejection.Create(Common.Ids.New(clock), now, "out", row.EnvelopeId, row.Type, row.RecipientNode, reason, detail));
        LogDeadLetter(logger, row.EnvelopeId, row.RecipientNode, $"{reason}: {detail}");
    }

    /// <summary>Exponential backoff with ±50% jitter, capped.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var seconds = Math.Min(node.Options.MaxRetryDelaySeconds, node.Options.RetryBaseSeconds * Math.Pow(2, Math.Min(attempt - 1, 20)));
        return TimeSpan.FromSeconds(seconds * (0.5 + Random.Shared.NextDouble()));
    }

    /// <summary>
    /// Claims due rows: pending, due, not leased by a live claim, and with no earlier row of the same recipient and
    /// ordering key that is waiting or leased elsewhere (so order per recipient and key holds).
    /// </summary>
    private async Task<List<OutboxMessage>> ClaimAsync(GqDbContext db, bool lookFirst, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = now.AddSeconds(node.Options.LeaseSeconds);
        var outbox = db.Set<OutboxMessage>();

        // A look first, without the node's write lock or a transaction: most rounds after a sleep find nothing due,
        // and an idle node should neither hold up the saves of its users nor open a write transaction to learn that.
        if (lookFirst && !await outbox.AnyAsync(o => o.Status == OutboxStatus.Pending && o.NextAttemptAt <= now && (o.LockedUntil == null || o.LockedUntil < now), ct))
        {
            return [];
        }

        await node.WriteLock.WaitAsync(ct);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({ClaimLockKey})", ct);
            }

            var ids = await outbox
                .Where(o => o.Status == OutboxStatus.Pending && o.NextAttemptAt <= now && (o.LockedUntil == null || o.LockedUntil < now))
                .Where(o => !outbox.Any(e => e.RecipientNode == o.RecipientNode && e.OrderingKey == o.OrderingKey && e.Status == OutboxStatus.Pending &&
                                             e.Sequence < o.Sequence && (e.NextAttemptAt > now || (e.LockedUntil != null && e.LockedUntil >= now))))
                .OrderBy(o => o.Sequence)
                .Take(node.Options.BatchSize)
                .Select(o => o.Id)
                .ToListAsync(ct);
            if (ids.Count == 0)
            {
                return [];
            }

            await outbox.Where(o => ids.Contains(o.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.LockedUntil, until).SetProperty(o => o.LockedBy, instance), ct);
            await transaction.CommitAsync(ct);
            return await outbox.Where(o => ids.Contains(o.Id)).ToListAsync(ct);
        }
        finally
        {
            node.WriteLock.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Recipient} did not answer a batch of {Count} envelopes in time: the next batches carry at most {Limit}")]
    private static partial void LogBatchTimedOut(ILogger logger, string recipient, int count, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery round failed: {Error}")]
    private static partial void LogRoundFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Envelope {EnvelopeId} to {Recipient} moved to the dead letters: {Error}")]
    private static partial void LogDeadLetter(ILogger logger, Guid envelopeId, string recipient, string error);
}
