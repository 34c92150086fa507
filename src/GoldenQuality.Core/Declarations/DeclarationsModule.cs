using GoldenQuality.Common;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Declarations;

/// <summary>The Declarations module: import and export declarations, validation, risk scoring and their stages.</summary>
internal sealed class DeclarationsModule : IGqModule
{
    public string Name => "Declarations";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RiskOptions>().BindConfiguration(RiskOptions.Section);
        services.AddOptions<DeclarationOptions>().BindConfiguration(DeclarationOptions.Section);
        services.AddScoped<LpcoChecks>();
        services.AddScoped<ExportNonconformityReport>();
        services.AddSingleton<IssuerRetryWorker>();
        services.AddLeaderOnlyService<IssuerRetryWorker>();
        services.AddSingleton<Exchange.Contracts.IEnvelopeHandler, LpcoStatusChangedHandler>();
        services.AddSingleton<ProductRiskTable>();
        services.AddSingleton<CreditLookup>();
        services.AddSingleton<Exchange.Contracts.IEnvelopeHandler, CreditClassChangedHandler>();
        services.AddScoped<DeclarationValidator>();
        services.AddScoped<RiskEngine>();
        services.AddScoped<ImportInspectionResults>();
        services.AddScoped<DeclarationFlow>();

        // The hold register (Alerts): what an alert holds here, and what a hold and its decision do to a declaration.
        services.AddScoped<DeclarationHolds>();
        services.AddScoped<Alerts.Contracts.IHoldCandidates>(sp => sp.GetRequiredService<DeclarationHolds>());
        services.AddScoped<IDomainEventHandler<Alerts.Contracts.HoldPlaced>>(sp => sp.GetRequiredService<DeclarationHolds>());
        services.AddScoped<IDomainEventHandler<Alerts.Contracts.HoldDecided>>(sp => sp.GetRequiredService<DeclarationHolds>());
        services.AddScoped<DeclarationForwarding>();
        services.AddScoped<Exchange.Contracts.IEnvelopeHandler, DeclarationForwardedHandler>();
        services.AddSingleton<Exchange.Contracts.IEnvelopeHandler, DeclarationStatusChangedHandler>();
        services.AddScoped<ClearanceStages>();
        services.AddScoped<Contracts.ListDeclarations>();
        services.AddScoped<Contracts.GetDeclaration>();
        services.AddScoped(sp => new Contracts.CreateDeclaration(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<DeclarationFlow>()));
        services.AddScoped(sp => new Contracts.SubmitDeclaration(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<DeclarationFlow>()));
        services.AddScoped(sp => new Contracts.RecordInspection(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<DeclarationFlow>()));
        services.AddScoped(sp => new Contracts.UpdateDeclaration(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<DeclarationFlow>()));
        services.AddScoped(sp => new Contracts.ReturnDeclaration(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<DeclarationFlow>()));
        services.AddScoped(sp => new Contracts.AmendDeclaration(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<DeclarationFlow>()));
        services.AddScoped(sp => new Contracts.WithdrawDeclaration(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<DeclarationFlow>()));
        services.AddScoped(sp => new Contracts.UploadDeclarations(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<DeclarationFlow>(),
            sp.GetRequiredService<IOptions<JsonOptions>>()));
        services.AddScoped(sp => new Contracts.RegisterAgentMandate(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<IRegistryDirectory>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<Contracts.ListAgentMandates>();
        services.AddDeclarationFeed();
        services.AddScoped(sp => new Contracts.ClearanceMetrics(sp.GetRequiredKeyedService<GqDbContext>(GqDbContext.Reporting), sp.GetRequiredService<TimeProvider>()));
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
