using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GoldenQuality.Persistence;

/// <summary>
/// Several <c>gq serve</c> instances of one node share its PostgreSQL database (decision 0024). What a module keeps in
/// memory is either a cache the other instances are told to drop (<see cref="NodeSignals"/>)
/// or the work of one instance at a time (<see cref="NodeLeadership"/>). On SQLite a node is one process: it is always
/// the leader and its signals stay in the process.
/// </summary>
public static class NodeInstances
{
    /// <summary>The advisory lock the leading instance holds on its own connection for as long as it leads.</summary>
    internal const long LeaderLockKey = 0x6751_4C45_4144; // "gqLEAD"

    /// <summary>The PostgreSQL channel of <see cref="NodeSignals"/>.</summary>
    internal const string Channel = "gq_node_signals";

    /// <summary>Registers leadership and signals (by the persistence module, once).</summary>
    internal static IServiceCollection AddNodeInstances(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<NodeLeadership>();
        services.AddSingleton<NodeSignals>();
        services.AddHostedService(sp => sp.GetRequiredService<NodeLeadership>());
        services.AddHostedService(sp => sp.GetRequiredService<NodeSignals>());
        return services;
    }

    /// <summary>
    /// A periodic job that must run on one instance of the node at a time (sweeps, the step tracker, witnessing):
    /// it starts when this instance becomes the leader and stops when it stops leading.
    /// </summary>
    public static IServiceCollection AddLeaderOnlyService<T>(this IServiceCollection services)
        where T : class, IHostedService
    {
        services.TryAddSingleton<T>();
        services.AddHostedService(sp => new LeaderOnly<T>(sp.GetRequiredService<NodeLeadership>(), sp.GetRequiredService<T>()));
        return services;
    }

    internal static bool IsPostgres(IOptions<DatabaseOptions> options) => Database.DetectProvider(options.Value.Database) == DatabaseProvider.Postgres;

    /// <summary>
    /// A connection outside the pool, for a session that holds something (the leader's lock, a LISTEN): closing it ends the
    /// session, instead of returning it to the pool with what it holds.
    /// </summary>
    internal static NpgsqlConnection Dedicated(IOptions<DatabaseOptions> options) =>
        new(new NpgsqlConnectionStringBuilder(options.Value.Database) { Pooling = false }.ConnectionString);
}

/// <summary>
/// Which instance of the node leads: the one holding a session advisory lock on a connection of its own. The lock
/// goes with the connection, so an instance killed outright frees it at once and another takes over within
/// <see cref="CheckEvery"/>. On SQLite the single process leads from the start.
/// </summary>
public sealed partial class NodeLeadership(IOptions<DatabaseOptions> options, ILogger<NodeLeadership> logger) : BackgroundService
{
    internal static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    private readonly object gate = new();
    private TaskCompletionSource<CancellationToken> term = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? termEnds;

    /// <summary>Waits until this instance leads; the token is cancelled when it stops leading.</summary>
    public async Task<CancellationToken> WaitForTermAsync(CancellationToken ct)
    {
        Task<CancellationToken> next;
        lock (gate)
        {
            next = term.Task;
        }

        return await next.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!NodeInstances.IsPostgres(options))
        {
            Begin();
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = NodeInstances.Dedicated(options);
                await connection.OpenAsync(stoppingToken);
                await using var take = new NpgsqlCommand($"SELECT pg_try_advisory_lock({NodeInstances.LeaderLockKey})", connection);
                while (!(bool)(await take.ExecuteScalarAsync(stoppingToken))!)
                {
                    await Task.Delay(CheckEvery, stoppingToken);
                }

                Begin();
                LogLeading(logger, Environment.ProcessId);
                await using var alive = new NpgsqlCommand("SELECT 1", connection);
                while (true)
                {
                    await Task.Delay(CheckEvery, stoppingToken);
                    await alive.ExecuteScalarAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or System.IO.IOException or TimeoutException or InvalidOperationException)
            {
                if (End())
                {
                    LogLost(logger, e.Message);
                }

                await Task.Delay(CheckEvery, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        End();
    }

    private void Begin()
    {
        lock (gate)
        {
            termEnds = new CancellationTokenSource();
            term.TrySetResult(termEnds.Token);
        }
    }

    /// <summary>Ends the current term, if any; true when there was one.</summary>
    private bool End()
    {
        lock (gate)
        {
            if (termEnds is null)
            {
                return false;
            }

            termEnds.Cancel();
            termEnds.Dispose();
            termEnds = null;
            term = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
            return true;
        }
    }

    public override void Dispose()
    {
        End();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This instance (process {ProcessId}) now leads the node's periodic work")]
    private static partial void LogLeading(ILogger logger, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This instance stopped leading: {Reason}")]
    private static partial void LogLost(ILogger logger, string reason);
}

/// <summary>Runs <typeparamref name="T"/> during each of this instance's terms as leader.</summary>
internal sealed class LeaderOnly<T>(NodeLeadership leadership, T inner) : BackgroundService
    where T : class, IHostedService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            CancellationToken termEnds;
            try
            {
                termEnds = await leadership.WaitForTermAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await inner.StartAsync(stoppingToken);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(termEnds, stoppingToken);
            try
            {
                await Task.Delay(Timeout.Infinite, either.Token);
            }
            catch (OperationCanceledException)
            {
                // The term ended or the host is stopping: stop the job either way.
            }

            await inner.StopAsync(CancellationToken.None);
        }
    }
}

/// <summary>
/// Tells the node's other instances that something they keep in memory changed: PostgreSQL NOTIFY on one channel,
/// heard by every instance on a connection of its own. A subscriber is also called, with a null payload, when the
/// listening connection was lost and came back (it may have missed signals: it should drop or reload everything).
/// On SQLite, where a node is one process, nothing leaves the process.
/// </summary>
public sealed partial class NodeSignals : BackgroundService
{
    private const string EvictTopic = "cache-evict";
    private readonly string instance = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, List<Action<string?>>> subscribers = new(StringComparer.Ordinal);
    private readonly IMemoryCache cache;
    private readonly IOptions<DatabaseOptions> options;
    private readonly ILogger<NodeSignals> logger;

    public NodeSignals(IMemoryCache cache, IOptions<DatabaseOptions> options, ILogger<NodeSignals> logger)
    {
        (this.cache, this.options, this.logger) = (cache, options, logger);
        Subscribe(EvictTopic, key =>
        {
            if (key is null)
            {
                (cache as MemoryCache)?.Clear();
            }
            else
            {
                cache.Remove(key);
            }
        });
    }

    /// <summary>
    /// Removes an entry from this instance's memory cache and from every other instance's: a session signed out, a user
    /// changed, an API key revoked take effect on every instance at once, not after the cache's lifetime.
    /// </summary>
    public async Task EvictAsync(string key, CancellationToken ct)
    {
        cache.Remove(key);
        await PublishAsync(EvictTopic, key, ct);
    }

    /// <summary>Calls <paramref name="handler"/> when another instance signals <paramref name="topic"/> (payload) or after a lost connection (null).</summary>
    public void Subscribe(string topic, Action<string?> handler)
    {
        var list = subscribers.GetOrAdd(topic, _ => []);
        lock (list)
        {
            list.Add(handler);
        }
    }

    /// <summary>Tells the other instances; the caller has already changed its own memory. On SQLite: nothing to do.</summary>
    public async Task PublishAsync(string topic, string payload, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        if (!NodeInstances.IsPostgres(options))
        {
            return;
        }

        try
        {
            await using var connection = new NpgsqlConnection(options.Value.Database);
            await connection.OpenAsync(ct);
            await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @message)", connection);
            notify.Parameters.AddWithValue("channel", NodeInstances.Channel);
            notify.Parameters.AddWithValue("message", instance + "|" + topic + "|" + payload);
            await notify.ExecuteNonQueryAsync(ct);
        }
        catch (NpgsqlException e)
        {
            // The change itself is saved; the other instances' caches expire by themselves (Sessions.CacheFor, 30 s).
            LogPublishFailed(logger, topic, e.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!NodeInstances.IsPostgres(options))
        {
            return;
        }

        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = NodeInstances.Dedicated(options);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Dispatch(e.Payload);
                await using (var listen = new NpgsqlCommand("LISTEN " + NodeInstances.Channel, connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                if (!first)
                {
                    Reset();
                }

                first = false;
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.IO.IOException or TimeoutException or InvalidOperationException)
            {
                LogListenLost(logger, e.Message);
                first = false;
                await Task.Delay(NodeLeadership.CheckEvery, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private void Dispatch(string message)
    {
        var parts = message.Split('|', 3);
        if (parts.Length != 3 || parts[0] == instance || !subscribers.TryGetValue(parts[1], out var list))
        {
            return;
        }

        Call(list, parts[2]);
    }

    private void Reset()
    {
        foreach (var list in subscribers.Values)
        {
            Call(list, null);
        }
    }

    private void Call(List<Action<string?>> list, string? payload)
    {
        Action<string?>[] handlers;
        lock (list)
        {
            handlers = [.. list];
        }

        foreach (var handler in handlers)
        {
            try
            {
                handler(payload);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
            {
                LogHandlerFailed(logger, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the connection that hears the node's other instances ({Reason}); listening again, and dropping what may be stale")]
    private static partial void LogListenLost(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the node's other instances of {Topic}: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber of the node's signals failed: {Reason}")]
    private static partial void LogHandlerFailed(ILogger logger, string reason);
}
