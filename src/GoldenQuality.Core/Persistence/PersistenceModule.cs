using GoldenQuality.Common;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Persistence;

/// <summary>
/// The node's database: one pooled <see cref="GqDbContext"/> on SQLite or PostgreSQL. Modules add their own EF
/// interceptors as <see cref="IInterceptor"/> services; this module knows none of them.
/// </summary>
internal sealed class PersistenceModule : IGqModule
{
    public string Name => "Persistence";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddDomainEvents();
        var database = DatabaseOptions.From(configuration);
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.AddDbContextPool<GqDbContext>((sp, o) =>
        {
            Database.Configure(o, database.Database);
            o.AddInterceptors(sp.GetServices<IInterceptor>());
        });
        services.AddSingleton<IStartupPreparation, MigrationStartup>();
        services.AddNodeInstances();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
    }
}
