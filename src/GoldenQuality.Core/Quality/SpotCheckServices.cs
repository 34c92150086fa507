using GoldenQuality.Persistence;
using GoldenQuality.Quality.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Quality;

/// <summary>The market spot checks' services: the register and the use cases.</summary>
internal static class SpotCheckServices
{
    public static void AddSpotChecks(this IServiceCollection services)
    {
        services.AddScoped<SpotCheckRegister>();
        services.AddScoped(sp => new CreateSpotCheckPlan(sp.GetRequiredService<SpotCheckRegister>()));
        services.AddScoped(sp => new ListSpotCheckPlans(sp.GetRequiredService<SpotCheckRegister>()));
        services.AddScoped(sp => new GetSpotCheckPlan(sp.GetRequiredService<SpotCheckRegister>()));
        services.AddScoped(sp => new RecordSpotCheckSample(sp.GetRequiredService<SpotCheckRegister>()));
        services.AddScoped(sp => new ListSpotCheckSamples(sp.GetRequiredService<SpotCheckRegister>()));
        services.AddScoped(sp => new GetSpotCheckSample(sp.GetRequiredService<SpotCheckRegister>()));
        services.AddScoped(sp => new RecordSpotCheckResults(sp.GetRequiredService<SpotCheckRegister>()));
        services.AddScoped(sp => new AddSpotCheckFollowUp(sp.GetRequiredService<SpotCheckRegister>(), sp.GetRequiredService<ChangeProductionLicenceStatus>(),
            sp.GetRequiredService<IProductionLicences>()));
        services.AddScoped(sp => new CloseSpotCheckFollowUp(sp.GetRequiredService<SpotCheckRegister>()));
        services.AddScoped(sp => new ListSpotCheckFollowUps(sp.GetRequiredService<SpotCheckRegister>()));
        services.AddScoped(sp => new ListNonconformingProducts(sp.GetRequiredService<SpotCheckRegister>()));
        services.AddScoped(sp => new GetQualityDashboard(sp.GetRequiredKeyedService<GqDbContext>(GqDbContext.Reporting), sp.GetRequiredService<TimeProvider>()));
    }
}
