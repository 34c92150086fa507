using GoldenQuality.Common;
using GoldenQuality.Persistence;
using GoldenQuality.Standards.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Standards;

/// <summary>The Standards module: the catalogue of measurable requirements, its import, index and export.</summary>
internal sealed class StandardsModule : IGqModule
{
    public string Name => "Standards";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<StandardsCatalogue>();
        services.AddSingleton<IStandardsCatalogue>(sp => sp.GetRequiredService<StandardsCatalogue>());
        services.AddScoped<IStandardsLimits, StandardsLimitsReader>();

        // The use-case handlers (Contracts): the endpoints call them.
        services.AddScoped<StandardsQueries>();
        services.AddScoped(sp => new LimitResolution(sp.GetRequiredService<IStandardsCatalogue>(), sp.GetRequiredService<TimeProvider>()));
        services.AddScoped(sp => new StandardsAdministration(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<StandardsImporter>(),
            sp.GetRequiredService<StandardsCatalogue>()));
        services.AddScoped<StandardsImporter>();
        services.AddHostedService<StandardsStartup>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/standards").WithTags("Standards").MapStandards();
}
