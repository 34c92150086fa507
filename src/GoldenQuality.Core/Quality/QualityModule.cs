using GoldenQuality.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Quality;

/// <summary>
/// The Quality module: domestic quality supervision by the provincial Bureaus of Quality and Technical Supervision
/// (BQS) on their own nodes — production licences, market spot checks with their follow-ups and the public list of
/// nonconforming products — and the "two units" sharing with CIQ under agreements: licence and spot-check signals
/// that raise export risk, and export nonconformities that come back as leads (docs/quality.md).
/// </summary>
internal sealed class QualityModule : IGqModule
{
    public string Name => "Quality";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        // --- Production licences ---
        services.AddProductionLicences();
        // --- end Production licences ---
        // --- Spot checks: plans, samples, results, follow-ups, public list, dashboard ---
        services.AddSpotChecks();
        // --- end Spot checks ---
        // --- Sharing with CIQ: received signals, leads ---
        services.AddScoped<Exchange.Contracts.IEnvelopeHandler, LicenceStatusChangedHandler>();
        services.AddScoped<Exchange.Contracts.IEnvelopeHandler, SpotCheckNonconformingHandler>();
        services.AddScoped<Exchange.Contracts.IEnvelopeHandler, ExportNonconformityFoundHandler>();
        services.AddScoped<Contracts.IDomesticSupervisionSignals, DomesticSupervisionSignals>();
        services.AddScoped<Contracts.ListDomesticSignals>();
        services.AddScoped<Contracts.ListQualityLeads>();
        services.AddScoped<Contracts.GetQualityLead>();
        services.AddScoped<Contracts.CloseQualityLead>();
        // --- end Sharing ---
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        // --- Production licences ---
        app.MapGroup("/api/quality").WithTags("Quality: production licences").MapProductionLicences();
        // --- end Production licences ---
        // --- Spot checks ---
        app.MapGroup("/api/quality").WithTags("Quality: spot checks").MapSpotChecks();
        // --- end Spot checks ---
        // --- Sharing with CIQ ---
        app.MapGroup("/api/quality").WithTags("Quality: sharing").MapSharing();
        // --- end Sharing ---
    }
}
