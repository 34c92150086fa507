using GoldenQuality.Common;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using GoldenQuality.Standards.Contracts;
using GoldenQuality.Supervision.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
        services.AddScoped<MeasurementStreaming>();

        // The use-case handlers (Contracts): the endpoints and the pages call the same ones.
        services.AddScoped<ProductionLines>();
        services.AddScoped<SupervisionEvents>();
        services.AddScoped(sp => new SupervisedLots(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IStandardsCatalogue>(), sp.GetRequiredService<IRegistryDirectory>(), sp.GetRequiredService<LotLocks>()));
        services.AddScoped(sp => new SurveillanceVideos(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<SupervisionOptions>>(), sp.GetRequiredService<VideoStorage>()));
        services.AddScoped(sp => new MeasurementIntake(sp.GetRequiredService<Ingestion>(), sp.GetRequiredService<IOptions<SupervisionOptions>>()));
        services.AddScoped(sp => new LotDetails(sp.GetRequiredService<SupervisedLots>(), sp.GetRequiredService<SupervisionEvents>(), sp.GetRequiredService<IStandardsCatalogue>()));
        services.AddSingleton<Exchange.Contracts.IEnvelopeHandler, NonconformityRaisedHandler>();

        // The hold register (Alerts): what an alert holds here, and what a hold and its decision do to a lot.
        services.AddScoped<LotHolds>();
        services.AddScoped<Alerts.Contracts.IHoldCandidates>(sp => sp.GetRequiredService<LotHolds>());
        services.AddScoped<IDomainEventHandler<Alerts.Contracts.HoldPlaced>>(sp => sp.GetRequiredService<LotHolds>());
        services.AddScoped<IDomainEventHandler<Alerts.Contracts.HoldDecided>>(sp => sp.GetRequiredService<LotHolds>());
    }

    public void MapEndpoints(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/supervision").WithTags("Supervision").MapSupervision();
}
