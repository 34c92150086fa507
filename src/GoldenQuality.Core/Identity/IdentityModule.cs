using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
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
        AddUseCases(services);
        services.AddNodeSecurity(configuration, database.Database);
        services.AddGqPolicies();
    }

    public void MapEndpoints(IEndpointRouteBuilder app) => app.MapIdentity();

    /// <summary>The use cases of <c>Identity.Contracts</c> (their constructors take Identity's own services, so they are built here).</summary>
    private static void AddUseCases(IServiceCollection services)
    {
        services.AddScoped(sp => new SignInUser(sp.GetRequiredService<Sessions>()));
        services.AddScoped(sp => new SignOutUser(sp.GetRequiredService<Sessions>()));
        services.AddScoped(sp => new CreateUser(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<UserAccounts>(), sp.GetRequiredService<IAccountDirectory>()));
        services.AddScoped(sp => new FindUser(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<IAccountDirectory>()));
        services.AddScoped(sp => new ListUsers(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<IAccountDirectory>()));
        services.AddScoped(sp => new ReadMe(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<IAccountDirectory>()));
        services.AddScoped(sp => new UpdateUser(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<IAccountDirectory>(), sp.GetRequiredService<NodeSignals>()));
        services.AddScoped(sp => new IssueApiKey(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<TimeProvider>()));
        services.AddScoped(sp => new RenewApiKey(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<NodeSignals>()));
        services.AddScoped(sp => new ListApiKeys(sp.GetRequiredService<GqDbContext>()));
        services.AddScoped(sp => new RevokeApiKey(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<NodeSignals>()));
    }
}
