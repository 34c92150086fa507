using GoldenQuality.Exchange;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Supervision;

/// <summary>Registers the Supervision module.</summary>
public static class SupervisionServices
{
    public static IServiceCollection AddSupervision(this IServiceCollection services)
    {
        services.AddOptions<SupervisionOptions>().BindConfiguration(SupervisionOptions.Section);
        services.AddSingleton<LotLocks>();
        services.AddSingleton<VideoStorage>();
        services.AddScoped<Ingestion>();
        services.AddScoped<SupervisionDispatcher>();
        services.AddSingleton<IEnvelopeHandler, NonconformityRaisedHandler>();
        return services;
    }
}
