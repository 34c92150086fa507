using GoldenQuality.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Certificates;

/// <summary>The Certificates module: signed permits, their paper form, and the copies sent to the port and Customs.</summary>
internal sealed class CertificatesModule : IGqModule
{
    public string Name => "Certificates";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PermitPdfOptions>(configuration.GetSection(PermitPdfOptions.Section));
        services.AddOptions<CertificateOptions>().BindConfiguration(CertificateOptions.Section);
        services.AddSingleton<PortCustoms>();
        services.AddScoped<PermitService>();
        services.AddScoped<Contracts.IPermitIssuer>(sp => sp.GetRequiredService<PermitService>());
        services.AddScoped<Contracts.IPermitCopies, PermitCopies>();
        services.AddScoped<Contracts.IPermitRecords, Contracts.PermitRecords>();
        services.AddScoped<Contracts.CheckPaperPermit>();
        services.AddScoped<Contracts.ReceivedPermitCopies>();
        services.AddScoped<Contracts.GetPermit>();
        services.AddScoped<Contracts.PermitCheckLog>();
        services.AddScoped(sp => new Contracts.ReleaseShipment(sp.GetRequiredService<Persistence.GqDbContext>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<PermitService>()));
        services.AddScoped(sp => new Contracts.RevokePermit(sp.GetRequiredService<Persistence.GqDbContext>(), sp.GetRequiredService<PermitService>()));
        services.AddScoped(sp => new Contracts.AmendPermit(sp.GetRequiredService<Persistence.GqDbContext>(), sp.GetRequiredService<PermitService>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<Exchange.Contracts.IEnvelopeHandler, PermitCopyHandler>();

        // The hold register (Alerts): what an alert holds here (issuer's rows, port and Customs copies), and what a decision does to a permit.
        services.AddScoped<PermitHolds>();
        services.AddScoped<Alerts.Contracts.IHoldCandidates>(sp => sp.GetRequiredService<PermitHolds>());
        services.AddScoped<Persistence.IDomainEventHandler<Alerts.Contracts.HoldPlaced>>(sp => sp.GetRequiredService<PermitHolds>());
        services.AddScoped<Persistence.IDomainEventHandler<Alerts.Contracts.HoldDecided>>(sp => sp.GetRequiredService<PermitHolds>());
    }

    public void MapEndpoints(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/certificates").WithTags("Certificates").MapCertificates();
}
