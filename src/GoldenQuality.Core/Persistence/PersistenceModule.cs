using GoldenQuality.Common;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
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
        var reporting = ReportingPool.ConnectionOf(database);
        services.AddSingleton(_ => new ReportingPool(reporting));
        services.AddKeyedScoped(GqDbContext.Reporting, (sp, _) => sp.GetRequiredService<ReportingPool>().Create());
        services.AddSingleton<IStartupPreparation, MigrationStartup>();
        services.AddNodeInstances();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
    }
}

/// <summary>
/// The pool of reporting contexts (<see cref="GqDbContext.Reporting"/>): on <see cref="DatabaseOptions.ReportingDatabase"/>,
/// or on the node's database when that is unset. They track nothing, and a save on one is a programming error.
/// </summary>
internal sealed class ReportingPool
{
    private readonly PooledDbContextFactory<GqDbContext> factory;

    public ReportingPool(string connection)
    {
        var builder = new DbContextOptionsBuilder<GqDbContext>();
        Database.Configure(builder, connection);
        builder.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking).AddInterceptors(ReadOnly.Instance);
        factory = new PooledDbContextFactory<GqDbContext>(builder.Options);
    }

    /// <summary>The reporting connection string; refused when it is on another engine than the node's database.</summary>
    public static string ConnectionOf(DatabaseOptions options)
    {
        var connection = options.ReportingDatabase is { Length: > 0 } reporting ? reporting : options.Database;
        var (engine, own) = (Database.DetectProvider(connection), Database.DetectProvider(options.Database));
        return engine == own ? connection : throw new InvalidOperationException(
            $"{DatabaseOptions.ReportingKey} is a {engine} database but {DatabaseOptions.Key} a {own} one: the reporting database must be a copy of the node's own (a standby of it), on the same engine.");
    }

    public GqDbContext Create() => factory.CreateDbContext();

    private sealed class ReadOnly : SaveChangesInterceptor
    {
        public static readonly ReadOnly Instance = new();

        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
            throw Refused();

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            throw Refused();

        private static InvalidOperationException Refused() =>
            new("The reporting context reads only: dashboards and reports may read a standby, which refuses writes. Save through the node's GqDbContext.");
    }
}
