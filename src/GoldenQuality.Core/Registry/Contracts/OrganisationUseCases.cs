using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Registry.Contracts;

/// <summary>Lists organisations, filtered by agency, kind or province, a page at a time.</summary>
public sealed class ListOrganisations(GqDbContext db)
{
    public async Task<HandlerResult<Paged<OrganisationView>>> HandleAsync(string? agency, string? kind, string? province, int? page, int? pageSize, CancellationToken ct)
    {
        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        var query = db.Organisations.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(kind))
        {
            var k = v.Enum<OrganisationKind>("kind", kind);
            query = query.Where(o => o.Kind == k);
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (!string.IsNullOrWhiteSpace(agency))
        {
            var a = agency.Trim().ToUpperInvariant();
            query = query.Where(o => o.Agency == a);
        }

        if (!string.IsNullOrWhiteSpace(province))
        {
            query = query.Where(o => o.ProvinceCode == province);
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(o => o.Code).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<OrganisationView>([.. items.Select(OrganisationQueries.View)], p, size, total);
    }
}

/// <summary>Changes an organisation's names. Supervisors and administrators of its own administrative line only; send the version you read.</summary>
public sealed class RenameOrganisation(GqDbContext db)
{
    public async Task<HandlerResult<OrganisationView>> HandleAsync(Actor actor, string code, RenameOrganisationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var o = await db.Organisations.FirstOrDefaultAsync(x => x.Code == code, ct);
        if (o is null)
        {
            return Problems.NotFound(new Message("noun.organisation"), code);
        }

        if (!(actor.Roles.HasFlag(UserRoles.Supervisor) || actor.IsAdmin) || !actor.CanChangeRecordsOf(o))
        {
            return Problems.Forbidden(new Message("registry.organisation-not-changeable", actor.ToString(), o.Code, o.Agency));
        }

        var v = new Validation();
        var nameZh = v.Required("nameZh", request.NameZh, 256);
        var nameEn = v.Required("nameEn", request.NameEn, 256);
        if (request.Version is null)
        {
            v.Add("version", new Message("registry.version-required"));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (request.Version != o.Version)
        {
            return Problems.StaleVersion(request.Version!.Value, o.Version);
        }

        o.Rename(nameZh, nameEn);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("version", new Message("registry.changed-while-saving"));
        }

        return OrganisationQueries.View(o);
    }
}
