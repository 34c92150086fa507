using GoldenQuality.Persistence;
using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Alerts;

/// <summary>The notification workflow's services: the desk, the use cases, the message handler and the deadline sweep.</summary>
internal static class AlertServices
{
    public static void AddAlertNotifications(this IServiceCollection services)
    {
        services.AddSingleton<AlertReferenceData>();
        services.AddScoped<AlertDesk>();
        services.AddScoped(sp => new RaiseAlert(sp.GetRequiredService<AlertDesk>()));
        services.AddScoped(sp => new ValidateAlert(sp.GetRequiredService<AlertDesk>()));
        services.AddScoped(sp => new RejectAlert(sp.GetRequiredService<AlertDesk>()));
        services.AddScoped(sp => new AcknowledgeAlert(sp.GetRequiredService<AlertDesk>()));
        services.AddScoped(sp => new PostAlertFollowUp(sp.GetRequiredService<AlertDesk>()));
        services.AddScoped(sp => new CloseAlert(sp.GetRequiredService<AlertDesk>()));
        services.AddScoped(sp => new ListAlerts(sp.GetRequiredService<AlertDesk>()));
        services.AddScoped(sp => new GetAlert(sp.GetRequiredService<AlertDesk>()));
        services.AddScoped(sp => new SuggestAlertRecipients(sp.GetRequiredService<AlertDesk>()));
        services.AddScoped(sp => new AlertInbox(sp.GetRequiredService<AlertDesk>()));
        services.AddScoped(sp => new SweepAlertDeadlines(sp.GetRequiredService<AlertDesk>()));
        services.AddScoped(sp => new AttachAlertFile(sp.GetRequiredService<AlertDesk>()));
        services.AddScoped(sp => new GetAlertAttachment(sp.GetRequiredService<AlertDesk>()));
        services.AddScoped<Exchange.Contracts.IEnvelopeHandler, AlertMessageHandler>();
        services.AddLeaderOnlyService<AlertDeadlineSweep>();
    }
}

/// <summary>The port offices' Customs districts, for the suggested recipients (data/registry/ports.csv, data/clearance/port-customs.csv).</summary>
internal sealed class AlertReferenceData(IOptions<ReferenceDataOptions> node)
{
    private readonly Lazy<Dictionary<string, string>> customsOfOffice = new(() =>
    {
        var customs = CsvData.Read(Path.Combine(node.Value.ReferenceData, "clearance", "port-customs.csv"), "locode", "customs_office")
            .ToDictionary(x => x.Values["locode"], x => x.Values["customs_office"], StringComparer.Ordinal);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, v) in CsvData.Read(Path.Combine(node.Value.ReferenceData, "registry", "ports.csv"), "locode", "office_code"))
        {
            if (customs.TryGetValue(v["locode"], out var office))
            {
                result.TryAdd(v["office_code"], office);
            }
        }

        return result;
    });

    /// <summary>The Customs office of the port a port office serves, or null.</summary>
    public string? CustomsOfPortOffice(string office) => customsOfOffice.Value.GetValueOrDefault(office);
}

/// <summary>Runs <see cref="SweepAlertDeadlines"/> every Alerts:SweepEvery on every node (only the coordinating node finds deadlines to watch).</summary>
internal sealed partial class AlertDeadlineSweep(IServiceScopeFactory scopes, IOptions<AlertOptions> options, TimeProvider clock, ILogger<AlertDeadlineSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepEvery, clock);
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
            var result = await scope.ServiceProvider.GetRequiredService<SweepAlertDeadlines>().HandleAsync(null, ct);
            if (result.Value is { Escalated.Length: > 0 } done)
            {
                LogEscalated(logger, done.Escalated.Length, string.Join("; ", done.Escalated));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            LogFailed(logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalated {Count} missed alert deadlines: {What}")]
    private static partial void LogEscalated(ILogger logger, int count, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The alert deadline sweep failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
