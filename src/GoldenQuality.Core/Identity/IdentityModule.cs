using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Identity;

/// <summary>The Identity module: users, API keys, the node's own sessions and its named policies (decision 0006).</summary>
internal sealed class IdentityModule : IGqModule
{
    public string Name => "Identity";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        var database = Persistence.DatabaseOptions.From(configuration);
        services.AddScoped<UserAccounts>();
        services.AddScoped<IAccountProfiles, AccountProfiles>();
        services.AddNodeSecurity(configuration, database.Database);
        services.AddGqPolicies();
    }

    public void MapEndpoints(IEndpointRouteBuilder app) => app.MapIdentity();
}
