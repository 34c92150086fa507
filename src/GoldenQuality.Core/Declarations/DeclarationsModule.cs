using GoldenQuality.Common;
using GoldenQuality.Persistence;
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
        services.AddScoped<ClearanceStages>();
        services.AddScoped<Contracts.ListDeclarations>();
        services.AddScoped<Contracts.GetDeclaration>();
        services.AddScoped(sp => new Contracts.CreateDeclaration(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<DeclarationFlow>()));
        services.AddScoped(sp => new Contracts.SubmitDeclaration(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<DeclarationFlow>()));
        services.AddScoped(sp => new Contracts.RecordInspection(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<DeclarationFlow>()));
        services.AddScoped(sp => new Contracts.IssueInspectionPermit(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<DeclarationFlow>(),
            sp.GetRequiredService<Certificates.Contracts.IPermitIssuer>()));
        services.AddScoped<IDomainEventHandler<Certificates.Contracts.PermitCopyReceived>>(sp => sp.GetRequiredService<ClearanceStages>());
        services.AddScoped<IDomainEventHandler<Certificates.Contracts.ShipmentReleased>>(sp => sp.GetRequiredService<ClearanceStages>());
        services.AddScoped<IDomainEventHandler<Certificates.Contracts.PermitAmended>>(sp => sp.GetRequiredService<ClearanceStages>());
        services.AddScoped<IDomainEventHandler<Certificates.Contracts.PermitRevoked>>(sp => sp.GetRequiredService<ClearanceStages>());
        services.AddScoped<IDomainEventHandler<Clearance.Contracts.CustomsDecisionRecorded>>(sp => sp.GetRequiredService<ClearanceStages>());
    }

    public void MapEndpoints(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/declarations").WithTags("Declarations").MapDeclarations();
}
