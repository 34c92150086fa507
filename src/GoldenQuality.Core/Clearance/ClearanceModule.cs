using GoldenQuality.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Clearance;

/// <summary>The Clearance module: the Customs side, which checks the paper against the permit copy and decides.</summary>
internal sealed class ClearanceModule : IGqModule
{
    public string Name => "Clearance";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<Exchange.Contracts.IEnvelopeHandler, CustomsDecisionHandler>();
        services.AddScoped<Contracts.ReceivedClearancePermits>();
        services.AddScoped<Contracts.VerifyClearancePermit>();
        services.AddScoped<Contracts.RecordCustomsDecision>();
        services.AddScoped<Contracts.CustomsDecisions>();
        services.AddScoped<Contracts.RecordCustomsPenalty>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/clearance").WithTags("Clearance").MapClearance();
}
