using GoldenQuality.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Registry;

/// <summary>The Registry module: administrative areas, organisations, ports and the one enterprise record.</summary>
internal sealed class RegistryModule : IGqModule
{
    public string Name => "Registry";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, EnterpriseViewRefresher>();
        services.AddScoped<ReferenceData>();
        services.AddSingleton<IStartupPreparation, ReferenceDataStartup<ReferenceData>>();
        services.AddScoped<Contracts.IRegistryDirectory, RegistryDirectory>();
        services.AddScoped<Identity.Contracts.IAccountDirectory, AccountDirectory>();
        services.AddScoped<Exchange.Contracts.IOfficeHierarchy, OfficeHierarchy>();
        services.AddSingleton<Exchange.Contracts.IEnvelopeHandler, EnterprisePublishedHandler>();
        services.AddScoped<Contracts.IEnterpriseRegisterFile, EnterpriseRegisterFile>();
        services.AddScoped<Contracts.ListEnterprises>();
        services.AddScoped<Contracts.GetEnterprise>();
        services.AddScoped<Contracts.CreateEnterprise>();
        services.AddScoped<Contracts.UpdateEnterprise>();
        services.AddScoped<Contracts.PublishEnterprise>();
        services.AddScoped<Contracts.EnterpriseHistory>();
        services.AddScoped<Contracts.AddEnterpriseRegistration>();
        services.AddScoped<Contracts.RemoveEnterpriseRegistration>();
        services.AddScoped<Contracts.UsccAllowList>();
        services.AddScoped<Contracts.ListOrganisations>();
        services.AddScoped<Contracts.RenameOrganisation>();
        services.AddScoped<Contracts.OrganisationStructure>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/registry").WithTags("Registry").MapOrganisations().MapEnterprises();
}
