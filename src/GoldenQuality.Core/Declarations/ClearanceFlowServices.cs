using GoldenQuality.Certificates;
using GoldenQuality.Clearance;
using GoldenQuality.Exchange;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Declarations;

/// <summary>Registers the clearance flow: Declarations, Certificates and Clearance (the Customs side).</summary>
public static class ClearanceFlowServices
{
    public static IServiceCollection AddClearanceFlow(this IServiceCollection services)
    {
        services.AddOptions<RiskOptions>().BindConfiguration(RiskOptions.Section);
        services.AddOptions<CertificateOptions>().BindConfiguration(CertificateOptions.Section);
        services.AddSingleton<ProductRiskTable>();
        services.AddSingleton<PortCustoms>();
        services.AddSingleton<CreditLookup>();
        services.AddScoped<DeclarationValidator>();
        services.AddScoped<RiskEngine>();
        services.AddScoped<PermitService>();
        services.AddScoped<DeclarationFlow>();
        services.AddSingleton<IEnvelopeHandler, PermitCopyHandler>();
        services.AddSingleton<IEnvelopeHandler, CustomsDecisionHandler>();
        return services;
    }
}
