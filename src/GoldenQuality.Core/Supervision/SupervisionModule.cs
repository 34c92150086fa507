using GoldenQuality.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Supervision;

/// <summary>The Supervision module: lots, streamed measurements checked live, nonconformities and video evidence.</summary>
internal sealed class SupervisionModule : IGqModule
{
    public string Name => "Supervision";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SupervisionOptions>().BindConfiguration(SupervisionOptions.Section);
        services.AddSingleton<LotLocks>();
        services.AddSingleton<VideoStorage>();
        services.AddScoped<Ingestion>();
        services.AddScoped<SupervisionDispatcher>();
        services.AddSingleton<Exchange.Contracts.IEnvelopeHandler, NonconformityRaisedHandler>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/supervision").WithTags("Supervision").MapSupervision();
}
