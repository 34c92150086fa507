using GoldenQuality.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Declarations;

/// <summary>The Declarations module: import and export declarations, validation, risk scoring and their stages.</summary>
internal sealed class DeclarationsModule : IGqModule
{
    public string Name => "Declarations";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RiskOptions>().BindConfiguration(RiskOptions.Section);
        services.AddSingleton<ProductRiskTable>();
        services.AddSingleton<CreditLookup>();
        services.AddScoped<DeclarationValidator>();
        services.AddScoped<RiskEngine>();
        services.AddScoped<DeclarationFlow>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/declarations").WithTags("Declarations").MapDeclarations();
}
