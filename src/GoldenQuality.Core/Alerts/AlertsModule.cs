using GoldenQuality.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Alerts;

/// <summary>
/// The Alerts module: rapid alerts modelled on the EU's RASFF (notify → validate → distribute → follow up), the holds a
/// validated alert places on every node and the decisions that alone lift them, and crisis coordination across
/// agencies (docs/alerts.md, decision 0016).
/// </summary>
internal sealed class AlertsModule : IGqModule
{
    public string Name => "Alerts";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        // --- Notifications: raise, validate, distribute, acknowledge, follow up, deadlines, escalation ---
        services.AddAlertNotifications();
        services.AddScoped<Contracts.IOpenAlerts, OpenAlertsQuery>();
        // --- end Notifications ---
        // --- Holds: register, matching, decisions ---
        services.AddScoped<HoldRegister>();
        services.AddScoped<Contracts.IHoldRegister>(sp => sp.GetRequiredService<HoldRegister>());
        services.AddScoped<Persistence.IDomainEventHandler<Contracts.AlertHoldsRequested>, AlertHoldsRequestedHandler>();
        services.AddScoped<Exchange.Contracts.IEnvelopeHandler, HoldDecidedHandler>();
        services.AddScoped<Contracts.HoldAccess>();
        services.AddScoped(sp => new Contracts.ListHolds(sp.GetRequiredService<Contracts.HoldAccess>()));
        services.AddScoped(sp => new Contracts.GetHold(sp.GetRequiredService<Contracts.HoldAccess>()));
        services.AddScoped(sp => new Contracts.DecideHold(sp.GetRequiredService<Contracts.HoldAccess>()));
        // --- end Holds ---
        // --- Crisis: team, actions, board, timeline, daily summary ---
        services.AddCrises();
        // --- end Crisis ---
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        // --- Notifications ---
        app.MapAlertNotifications();
        // --- end Notifications ---
        // --- Holds ---
        app.MapHolds();
        // --- end Holds ---
        // --- Crisis ---
        app.MapGroup("/api/alerts").WithTags("Alerts: crises").MapCrises();
        // --- end Crisis ---
    }
}
