using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Identity;

/// <summary>
/// The Identity module's tables, as properties of the node's context for Identity's own code (the context
/// itself names no module's entity).
/// </summary>
internal static class IdentityTables
{
    extension(GqDbContext db)
    {
        public DbSet<User> Users => db.Set<User>();

        public DbSet<ApiKey> ApiKeys => db.Set<ApiKey>();

        public DbSet<UserSession> UserSessions => db.Set<UserSession>();

        public DbSet<SecurityEvent> SecurityEvents => db.Set<SecurityEvent>();
    }
}
