using GoldenQuality.Persistence;
using GoldenQuality.Common;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.International;

/// <summary>
/// The International module: SPS certificates exchanged with foreign authorities through a hub modelled on the IPPC
/// ePhyto Hub (docs/international.md, decision 0017). On the node that hosts the hub's office (<c>IPPC-HUB</c>) it is the
/// hub: members deliver envelopes, pull and acknowledge them, and follow their tracking. On a member country's node
/// (AQSIQ for China) it pulls what was sent to the country, links each certificate to the import declaration that cites
/// it, checks it field by field, and delivers the SPS certificates of export permits and border-rejection notices.
/// </summary>
internal sealed class InternationalModule : IGqModule
{
    public string Name => "International";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InternationalOptions>().Bind(configuration.GetSection(InternationalOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        // --- Hub: envelopes, pull, acknowledge, tracking, retries ---
        services.AddSingleton<HubMembers>();
        services.AddScoped<HubDesk>();
        services.AddScoped<HubService>();
        services.AddScoped<Exchange.Contracts.IEnvelopeHandler, HubMessageHandler>();
        services.AddScoped<Exchange.Contracts.IDatasetProvider, HubHeadersDataset>();
        services.AddScoped<Exchange.Contracts.IDatasetProvider, HubEnvelopeDataset>();
        services.AddLeaderOnlyService<HubSweep>();
        // Member side: pull, received envelopes, outgoing envelopes and their tracking.
        services.AddSingleton<HubPullGate>();
        services.AddScoped<HubPuller>();
        services.AddScoped<IHubOutbox, HubOutbox>();
        services.AddScoped<Exchange.Contracts.IEnvelopeHandler, TrackingChangedHandler>();
        services.AddScoped(sp => new Contracts.PullFromHub(sp.GetRequiredService<HubPuller>()));
        services.AddScoped(sp => new Contracts.ListReceivedEnvelopes(sp.GetRequiredService<Persistence.GqDbContext>()));
        services.AddScoped(sp => new Contracts.ListOutgoing(sp.GetRequiredService<Persistence.GqDbContext>()));
        services.AddLeaderOnlyService<HubPullWorker>();
        services.AddScoped<Persistence.IDomainEventHandler<Certificates.Contracts.PermitIssued>, PermitToHub>();
        // --- end Hub ---
        // --- Member: pull, certificates, matching, fast track, outgoing ---
        // certificates
        services.AddOptions<ForeignCertificateOptions>().Bind(configuration.GetSection(ForeignCertificateOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ImportConditions>();
        services.AddScoped<IReceivedEnvelopes, ReceivedEnvelopes>();
        services.AddScoped<CertificateMatcher>();
        services.AddScoped<Contracts.IForeignCertificates>(sp => sp.GetRequiredService<CertificateMatcher>());
        services.AddScoped<Contracts.ICertificateDecisions>(sp => sp.GetRequiredService<CertificateMatcher>());
        services.AddScoped<Persistence.IDomainEventHandler<Contracts.ForeignConsignmentRejected>, ForeignConsignmentRejectedHandler>();
        services.AddScoped(sp => new Contracts.ListForeignCertificates(sp.GetRequiredService<Persistence.GqDbContext>()));
        services.AddScoped(sp => new Contracts.GetForeignCertificate(sp.GetRequiredService<Persistence.GqDbContext>()));
        services.AddScoped(sp => new Contracts.ListFastTrack(sp.GetRequiredService<Persistence.GqDbContext>()));
        // end certificates
        // --- end Member ---
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        // --- Hub ---
        app.MapHub();
        app.MapHubMember();
        // --- end Hub ---
        // --- Member ---
        app.MapForeignCertificates(); // certificates
        // --- end Member ---
    }
}
