using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Quality.Contracts;
using GoldenQuality.Registry.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Quality;

/// <summary>
/// Answers <c>production-licence</c> queries (under an agreement, e.g. AQSIQ reading the Zhejiang BQS's register):
/// <c>{"uscc": "..."}</c> → <c>{ uscc, found, licences: [{ number, kind, status, categories, siteArea, validFrom,
/// validTo, lastChangeReason, office }] }</c>, the granted licences of the holder (any status after the grant), newest first.
/// </summary>
internal sealed class ProductionLicenceDataset(TimeProvider clock) : IDatasetProvider
{
    public string Dataset => QualityWire.ProductionLicenceDataset;

    public async Task<object?> QueryAsync(GqDbContext db, JsonElement parameters, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var uscc = parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("uscc", out var u) && u.ValueKind == JsonValueKind.String
            ? Uscc.Normalise(u.GetString())
            : "";
        if (uscc.Length is 0 or > 18)
        {
            return new { uscc, found = false, error = "a query needs uscc (at most 18 characters)" };
        }

        var today = LicenceRules.Today(clock);
        var rows = await db.Set<ProductionLicence>().AsNoTracking().Where(l => l.HolderUscc == uscc && l.Number != null).ToListAsync(ct);
        var licences = rows.OrderByDescending(l => l.GrantedAt).Select(l => new
        {
            number = l.Number, kind = WireNames.Of(l.Kind), status = WireNames.Of(l.EffectiveStatus(today)), categories = l.Categories, siteArea = l.SiteArea,
            validFrom = l.ValidFrom, validTo = l.ValidTo, lastChangeReason = l.LastReason, office = l.Office,
        }).ToArray();
        return new { uscc, found = licences.Length > 0, licences };
    }
}

/// <summary>The register's read seam for this node's other parts (<see cref="IProductionLicences"/>).</summary>
internal sealed class ProductionLicenceReader(LicenceRegister register) : IProductionLicences
{
    public async Task<ProductionLicenceView[]> OfHolderAsync(string uscc, CancellationToken ct)
    {
        var holder = Uscc.Normalise(uscc);
        var rows = await register.Db.Set<ProductionLicence>().AsNoTracking().Include(l => l.Events).Where(l => l.HolderUscc == holder).ToListAsync(ct);
        return [.. rows.OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id).Select(register.View)];
    }
}
