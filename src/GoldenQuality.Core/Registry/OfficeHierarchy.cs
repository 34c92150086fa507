using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Registry;

/// <summary>The Registry's answer to the exchange's <see cref="IOfficeHierarchy"/>: the chain of command of the organisation links.</summary>
internal sealed class OfficeHierarchy(GqDbContext db) : IOfficeHierarchy
{
    public async Task<bool> ReportsToAsync(string office, string superior, CancellationToken ct)
    {
        var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Code == office, ct);
        return organisation is not null && (await OrganisationQueries.ChainOfCommandAsync(db, organisation, ct)).Any(o => o.Code == superior);
    }
}
