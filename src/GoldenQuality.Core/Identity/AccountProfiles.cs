using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Identity;

/// <summary>Identity's implementation of <see cref="IAccountProfiles"/> on its own table (no tracking).</summary>
internal sealed class AccountProfiles(GqDbContext db) : IAccountProfiles
{
    public async Task<AccountProfile?> FindAsync(Guid userId, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new AccountProfile(u.Id, u.UserName, u.DisplayName, u.OrganisationId, u.EnterpriseId, u.Active))
            .FirstOrDefaultAsync(ct);
}
