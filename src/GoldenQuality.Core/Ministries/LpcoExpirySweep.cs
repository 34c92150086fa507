using GoldenQuality.Ministries.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Ministries;

/// <summary>The Ministries module's settings (section <c>Ministries</c>).</summary>
internal sealed class MinistriesOptions
{
    public const string Section = "Ministries";

    /// <summary>How often the node marks LPCOs past their validity as expired (0: never; an officer can still run it).</summary>
    public int ExpirySweepMinutes { get; set; } = 60;
}

/// <summary>Runs <see cref="ExpireLpcos"/> periodically on every node (a node without LPCOs finds none).</summary>
internal sealed partial class LpcoExpirySweep(IServiceScopeFactory scopes, IOptions<MinistriesOptions> options, TimeProvider clock, ILogger<LpcoExpirySweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = options.Value.ExpirySweepMinutes;
        if (minutes <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<ExpireLpcos>().HandleAsync(null, stoppingToken);
                if (result.Value is { Expired.Length: > 0 } done)
                {
                    LogExpired(logger, done.Expired.Length, string.Join(", ", done.Expired));
                }
            }
            catch (Exception e) when (e is InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                LogFailed(logger, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Marked {Count} LPCOs expired: {Numbers}")]
    private static partial void LogExpired(ILogger logger, int count, string numbers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The LPCO expiry sweep failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
