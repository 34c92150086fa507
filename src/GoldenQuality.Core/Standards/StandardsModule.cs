using GoldenQuality.Common;
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
        services.AddScoped<StandardsImporter>();
        services.AddHostedService<StandardsStartup>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/standards").WithTags("Standards").MapStandards();
}
