using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Standards;

/// <summary>Registers the Standards module.</summary>
public static class StandardsServices
{
    public static IServiceCollection AddStandards(this IServiceCollection services)
    {
        services.AddSingleton<StandardsCatalogue>();
        services.AddScoped<StandardsImporter>();
        services.AddHostedService<StandardsStartup>();
        return services;
    }
}
