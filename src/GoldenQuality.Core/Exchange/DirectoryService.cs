using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoldenQuality.Exchange;

/// <summary>
/// Keeps the federation directory in force: loads the last verified copy from the database, then the signed
/// file (the authority) or the authority's served copy, verifying every version with the trust anchor and
/// caching it; refreshes it periodically. It also writes a signed log checkpoint when entries have accumulated
/// for longer than the checkpoint interval.
/// </summary>
public sealed partial class DirectoryService(
    IServiceScopeFactory scopes, ExchangeNode node, PeerTransport transport, TimeProvider clock, IHttpClientFactory http, ILogger<DirectoryService> logger) : BackgroundService
{
    /// <summary>Loads the directory once; the host calls this before serving, so the node starts with one.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        if (!node.Enabled)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
        var cached = await db.Set<CachedDirectory>().FirstOrDefaultAsync(d => d.Id == 1, ct);
        if (cached is not null)
        {
            TryAccept(cached.Jws, "the cached copy");
        }

        if (node.Options.DirectoryFile is { Length: > 0 } file)
        {
            TryAccept(await File.ReadAllTextAsync(file, ct), file);
        }

        if (node.Options.DirectoryUrl is { Length: > 0 } url)
        {
            await FetchAsync(url, ct);
        }

        if (node.Directory.Current is { } current && (cached is null || cached.Version != current.Document.Version || cached.Jws != current.Jws))
        {
            if (cached is null)
            {
                cached = CachedDirectory.Create();
                db.Add(cached);
            }

            cached.Set(current.Document.Version, current.Jws, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
    }

    private async Task FetchAsync(string url, CancellationToken ct)
    {
        try
        {
            var target = new Uri(new Uri(url), "/api/exchange/directory");
            if (transport.RefusePlain(target) is { } plain)
            {
                LogFetchFailed(logger, url, plain);
                return;
            }

            using var client = http.CreateClient(DeliveryWorker.HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Get, target);
            request.Options.Set(PeerTransport.DirectoryFetch, true);
            using var reply = await client.SendAsync(request, ct);
            reply.EnsureSuccessStatusCode();
            TryAccept(await reply.Content.ReadAsStringAsync(ct), url);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException && !ct.IsCancellationRequested)
        {
            LogFetchFailed(logger, url, e.Message);
        }
    }

    private void TryAccept(string jws, string source)
    {
        if (node.TrustedAuthorityKey is not { } anchor)
        {
            LogNoAnchor(logger);
            return;
        }

        try
        {
            var document = DirectorySigning.Verify(jws.Trim(), anchor, clock.GetUtcNow(), out var authorityKey);
            node.Directory.Set(document, jws.Trim(), authorityKey);
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
        {
            LogRefused(logger, source, e.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!node.Enabled)
        {
            return;
        }

        var lastRefresh = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(node.Options.CheckpointSeconds, node.Options.DirectoryRefreshSeconds)), clock, stoppingToken);
                if (clock.GetUtcNow() - lastRefresh >= TimeSpan.FromSeconds(node.Options.DirectoryRefreshSeconds))
                {
                    await LoadAsync(stoppingToken);
                    lastRefresh = clock.GetUtcNow();
                }

                await CheckpointAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
#pragma warning disable CA1031 // A failed refresh or checkpoint is retried at the next interval; the node keeps serving.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogRefused(logger, "refresh", e.Message);
            }
        }
    }

    /// <summary>Writes a signed checkpoint of the message log's head, and of the audit log's, if entries were added since the last one.</summary>
    public async Task CheckpointAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
        var log = scope.ServiceProvider.GetRequiredService<MessageLog>();
        await node.WriteLock.WaitAsync(ct);
        try
        {
            var head = await db.Set<MessageLogEntry>().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
            var last = await db.Set<LogCheckpoint>().OrderByDescending(c => c.Sequence).Select(c => (long?)c.Sequence).FirstOrDefaultAsync(ct);
            if (head is not null && head.Sequence != last)
            {
                db.Set<LogCheckpoint>().Add(log.Checkpoint(head.Sequence, head.Hash, MessageLog.Truncate(clock.GetUtcNow())));
                await db.SaveChangesAsync(ct);
            }

            // The audit log's head, signed the same way, so that peers witness it too (decision 0018).
            var audit = await scope.ServiceProvider.GetRequiredService<Audit.Contracts.IAuditLog>().HeadAsync(ct);
            var lastAudit = await db.Set<AuditCheckpoint>().OrderByDescending(c => c.Sequence).Select(c => (long?)c.Sequence).FirstOrDefaultAsync(ct);
            if (node.Enabled && audit is not null && audit.Sequence != lastAudit)
            {
                var at = MessageLog.Truncate(clock.GetUtcNow());
                db.Set<AuditCheckpoint>().Add(AuditCheckpoint.Create(audit.Sequence, audit.Hash, at,
                    WitnessSigning.SignCheckpoint(node.Id, WitnessedLog.Audit, audit.Sequence, audit.Hash, at, node.Key)));
                await db.SaveChangesAsync(ct);
            }
        }
        finally
        {
            node.WriteLock.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fetch the federation directory from {Url}: {Error}")]
    private static partial void LogFetchFailed(ILogger logger, string url, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refused the federation directory from {Source}: {Error}")]
    private static partial void LogRefused(ILogger logger, string source, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Exchange:AuthorityKey is not configured: no directory can be trusted.")]
    private static partial void LogNoAnchor(ILogger logger);
}
