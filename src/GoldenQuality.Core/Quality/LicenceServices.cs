using GoldenQuality.Persistence;
using GoldenQuality.Quality.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Quality;

/// <summary>The production-licence register's services: the register, the use cases, the dataset, the read seam and the expiry sweep.</summary>
internal static class LicenceServices
{
    public static void AddProductionLicences(this IServiceCollection services)
    {
        services.AddOptions<LicenceOptions>().BindConfiguration(LicenceOptions.Section);
        services.AddScoped<LicenceRegister>();
        services.AddScoped(sp => new ApplyForProductionLicence(sp.GetRequiredService<LicenceRegister>()));
        services.AddScoped(sp => new ReviewProductionLicence(sp.GetRequiredService<LicenceRegister>()));
        services.AddScoped(sp => new GrantProductionLicence(sp.GetRequiredService<LicenceRegister>()));
        services.AddScoped(sp => new RefuseProductionLicence(sp.GetRequiredService<LicenceRegister>()));
        services.AddScoped(sp => new ChangeProductionLicence(sp.GetRequiredService<LicenceRegister>()));
        services.AddScoped(sp => new ChangeProductionLicenceStatus(sp.GetRequiredService<LicenceRegister>()));
        services.AddScoped(sp => new ExpireProductionLicences(sp.GetRequiredService<LicenceRegister>()));
        services.AddScoped(sp => new ListProductionLicences(sp.GetRequiredService<LicenceRegister>()));
        services.AddScoped(sp => new GetProductionLicence(sp.GetRequiredService<LicenceRegister>()));
        services.AddScoped<IProductionLicences, ProductionLicenceReader>();
        services.AddSingleton<Exchange.Contracts.IDatasetProvider, ProductionLicenceDataset>();
        services.AddLeaderOnlyService<LicenceExpirySweep>();
    }
}
