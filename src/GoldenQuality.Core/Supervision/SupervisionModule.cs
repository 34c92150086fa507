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
        services.AddScoped(sp => LotsOn(sp, sp.GetRequiredService<GqDbContext>()));
        // The dashboard's counts of held lots and nonconformities read the reporting database (a standby when there is one).
        services.AddKeyedScoped(GqDbContext.Reporting, (sp, _) => LotsOn(sp, sp.GetRequiredKeyedService<GqDbContext>(GqDbContext.Reporting)));
        services.AddKeyedScoped(GqDbContext.Reporting, (sp, _) => new SupervisionEvents(
            sp.GetRequiredKeyedService<GqDbContext>(GqDbContext.Reporting), sp.GetRequiredService<Exchange.Contracts.IExchangeRecords>()));
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

    private static SupervisedLots LotsOn(IServiceProvider sp, GqDbContext db) => new(db, sp.GetRequiredService<TimeProvider>(),
        sp.GetRequiredService<IStandardsCatalogue>(), sp.GetRequiredService<IRegistryDirectory>(), sp.GetRequiredService<LotLocks>());

    public void MapEndpoints(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/supervision").WithTags("Supervision").MapSupervision();
}
