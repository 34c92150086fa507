using GoldenQuality.Persistence;
using GoldenQuality.Common;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Accountability;

/// <summary>
/// The Accountability module (docs/accountability.md, decision 0018): feedback to data providers on every use of their
/// data, the provider's page; each agreement step's deadline and accountable party tracked on live cases, overdue steps
/// escalated; reciprocity summaries collected from every node for the leadership; information-need requests from filing
/// to the signed agreement they produce.
/// </summary>
internal sealed class AccountabilityModule : IGqModule
{
    public string Name => "Accountability";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        // --- Feedback and the provider page ---
        services.AddScoped<Contracts.IDataUseFeedback, DataUseFeedback>();
        services.AddScoped<Exchange.Contracts.IEnvelopeHandler, FeedbackReportedHandler>();
        services.AddScoped<Contracts.IProviderReport, ProviderReport>();
        // --- end Feedback ---
        // --- Steps and reciprocity ---
        services.AddOptions<StepOptions>().Bind(configuration.GetSection(StepOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<StepTracker>();
        services.AddScoped<OnTimeRates>();
        services.AddScoped<ReciprocityStore>();
        services.AddScoped<ReciprocityReporter>();
        services.AddScoped<ReciprocityMatrixBuilder>();
        services.AddScoped<Exchange.Contracts.IEnvelopeHandler, StepEscalatedHandler>();
        services.AddScoped<Exchange.Contracts.IEnvelopeHandler, ReciprocityReportedHandler>();
        services.AddScoped(sp => new Contracts.TrackSteps(sp.GetRequiredService<StepTracker>()));
        services.AddScoped(sp => new Contracts.ListSteps(sp.GetRequiredService<Persistence.GqDbContext>(), sp.GetRequiredService<TimeProvider>()));
        services.AddScoped(sp => new Contracts.GetOnTimeRates(sp.GetRequiredService<OnTimeRates>(), sp.GetRequiredService<TimeProvider>()));
        services.AddScoped(sp => new Contracts.ListEscalations(sp.GetRequiredService<Persistence.GqDbContext>()));
        services.AddScoped(sp => new Contracts.ReportReciprocity(sp.GetRequiredService<ReciprocityReporter>()));
        services.AddScoped(sp => new Contracts.GetReciprocity(sp.GetRequiredService<ReciprocityMatrixBuilder>()));
        services.AddLeaderOnlyService<StepWorker>();
        // --- end Steps ---
        // --- Clearance history ---
        services.AddScoped(sp => new Contracts.GetClearanceHistory(sp.GetRequiredKeyedService<Persistence.GqDbContext>(Persistence.GqDbContext.Reporting), sp.GetRequiredService<TimeProvider>()));
        services.AddScoped(sp => new Contracts.GenerateHistory(sp.GetRequiredService<Persistence.GqDbContext>()));
        // --- end Clearance history ---
        // --- Information needs ---
        services.AddNeeds();
        // --- end Information needs ---
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        // --- Feedback ---
        app.MapFeedback();
        // --- end Feedback ---
        // --- Steps ---
        app.MapSteps();
        // --- end Steps ---
        // --- Clearance history ---
        app.MapHistory();
        // --- end Clearance history ---
        // --- Information needs ---
        app.MapNeeds();
        // --- end Information needs ---
    }
}
