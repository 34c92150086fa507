using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Registry;

/// <summary>
/// The Registry's tables, as properties of the node's context for the Registry's own code (the context itself
/// names no module's entity). Other modules read the Registry through <see cref="Contracts.IRegistryDirectory"/>.
/// </summary>
internal static class RegistryTables
{
    extension(GqDbContext db)
    {
        public DbSet<AdministrativeArea> Areas => db.Set<AdministrativeArea>();

        public DbSet<Organisation> Organisations => db.Set<Organisation>();

        public DbSet<OrganisationLink> OrganisationLinks => db.Set<OrganisationLink>();

        public DbSet<Port> Ports => db.Set<Port>();

        public DbSet<Enterprise> Enterprises => db.Set<Enterprise>();

        public DbSet<EnterpriseRegistration> EnterpriseRegistrations => db.Set<EnterpriseRegistration>();

        public DbSet<EnterpriseChange> EnterpriseChanges => db.Set<EnterpriseChange>();

        public DbSet<UsccAllowListEntry> UsccAllowList => db.Set<UsccAllowListEntry>();

        public DbSet<ReferenceDataLoad> ReferenceDataLoads => db.Set<ReferenceDataLoad>();
    }
}
