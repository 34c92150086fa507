using GoldenQuality.Quality.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Quality;

/// <summary>The production-licence settings (section <c>Quality</c>).</summary>
internal sealed class LicenceOptions
{
    public const string Section = "Quality";

    /// <summary>How often the node marks licences past their validity as expired (0: never, not even at start; an officer can still run it).</summary>
    public int ExpirySweepMinutes { get; set; } = 60;
}

/// <summary>Runs <see cref="ExpireProductionLicences"/> at start and then periodically on every node (a node without licences finds none).</summary>
internal sealed partial class LicenceExpirySweep(IServiceScopeFactory scopes, IOptions<LicenceOptions> options, TimeProvider clock, ILogger<LicenceExpirySweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = options.Value.ExpirySweepMinutes;
        if (minutes <= 0)
        {
            return;
        }

        await SweepAsync(stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await SweepAsync(stoppingToken);
        }
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<ExpireProductionLicences>().HandleAsync(null, ct);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Marked {Count} production licences expired: {Numbers}")]
    private static partial void LogExpired(ILogger logger, int count, string numbers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The production-licence expiry sweep failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
