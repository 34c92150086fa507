using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GoldenQuality.Persistence;

/// <summary>
/// The node's one DbContext. Each module keeps its entity configurations in its own folder
/// (<c>IEntityTypeConfiguration</c> classes) and prefixes its table names with the module name. The context
/// names no module's entity: a module reaches its own tables with <c>Set&lt;T&gt;()</c> or through extension
/// properties of its own (e.g. <c>Registry/RegistryTables.cs</c>).
/// </summary>
public sealed class GqDbContext(DbContextOptions<GqDbContext> options) : DbContext(options)
{
    /// <summary>
    /// The service key of the reporting context: a scoped <see cref="GqDbContext"/> on
    /// <see cref="DatabaseOptions.ReportingDatabase"/> (the primary when unset) that tracks nothing and refuses to save.
    /// Dashboards and reports take it with <c>[FromKeyedServices(GqDbContext.Reporting)]</c>; they may see the
    /// primary's last commits a moment late (decision 0026).
    /// </summary>
    public const string Reporting = "reporting";

    /// <summary>
    /// A stale row version (DbUpdateConcurrencyException) is reported by EF while its reader is still open and
    /// never reaches SaveChangesFailed, so the interceptors that hold something for the save
    /// (<see cref="ISaveFailureListener"/>, e.g. the message log's write lock) are told here before the caller sees it.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            var listeners = options.FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?.Interceptors?.OfType<ISaveFailureListener>() ?? [];
            foreach (var listener in listeners)
            {
                await listener.SaveFailedAsync(this);
            }

            throw;
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(GqDbContext).Assembly);
        foreach (var type in typeof(GqDbContext).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IModelRelationships).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            ((IModelRelationships)Activator.CreateInstance(type, nonPublic: true)!).Apply(modelBuilder);
        }

        // Ids are UUIDv7 made by the application (Ids.New), never by the database. Saying so also makes EF
        // insert a new child added to a tracked parent, instead of taking its preset key for an existing row.
        foreach (var key in modelBuilder.Model.GetEntityTypes().SelectMany(t => t.GetKeys()).SelectMany(k => k.Properties))
        {
            if (key.ClrType == typeof(Guid))
            {
                key.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name so that the database reads the same as the API and the data files.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(64);
        if (Database.IsSqlite())
        {
            // SQLite has no date-time type that sorts and compares; store UTC ticks.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }
}
