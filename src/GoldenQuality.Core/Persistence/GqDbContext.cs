using GoldenQuality.Identity;
using GoldenQuality.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GoldenQuality.Persistence;

/// <summary>
/// The node's one DbContext. Each module keeps its entity configurations in its own folder
/// (<c>IEntityTypeConfiguration</c> classes) and prefixes its table names with the module name.
/// </summary>
public sealed class GqDbContext(DbContextOptions<GqDbContext> options) : DbContext(options)
{
    public DbSet<AdministrativeArea> Areas => Set<AdministrativeArea>();

    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<OrganisationLink> OrganisationLinks => Set<OrganisationLink>();

    public DbSet<Port> Ports => Set<Port>();

    public DbSet<Enterprise> Enterprises => Set<Enterprise>();

    public DbSet<EnterpriseRegistration> EnterpriseRegistrations => Set<EnterpriseRegistration>();

    public DbSet<EnterpriseChange> EnterpriseChanges => Set<EnterpriseChange>();

    public DbSet<UsccAllowListEntry> UsccAllowList => Set<UsccAllowListEntry>();

    public DbSet<ReferenceDataLoad> ReferenceDataLoads => Set<ReferenceDataLoad>();

    public DbSet<User> Users => Set<User>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<UserSession> UserSessions => Set<UserSession>();

    public DbSet<SecurityEvent> SecurityEvents => Set<SecurityEvent>();

    /// <summary>
    /// A stale row version (DbUpdateConcurrencyException) is reported by EF while its reader is still open and
    /// never reaches SaveChangesFailed, so the message log's write lock is freed here before the caller sees it.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            var log = options.FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?.Interceptors?.OfType<Exchange.MessageLog>().FirstOrDefault();
            if (log is not null)
            {
                await log.ReleaseAsync(this);
            }

            throw;
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(GqDbContext).Assembly);

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
