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
        // --- end Feedback ---
        // --- Steps and reciprocity ---
        // --- end Steps ---
        // --- Information needs ---
        services.AddNeeds();
        // --- end Information needs ---
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        // --- Feedback ---
        // --- end Feedback ---
        // --- Steps ---
        // --- end Steps ---
        // --- Information needs ---
        app.MapNeeds();
        // --- end Information needs ---
    }
}
