using GoldenQuality.Common;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Registry.Contracts;

/// <summary>
/// Read access to the organisation structure: offices, typed links, the chain of command, areas, ports and the office
/// responsible for an area. A missing key is a 404 problem; bad filters are invalid fields.
/// </summary>
public sealed class OrganisationStructure(GqDbContext db)
{
    public async Task<HandlerResult<OrganisationView>> GetOrganisationAsync(string code, CancellationToken ct)
    {
        var o = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, ct);
        return o is null ? Problems.NotFound(new Message("noun.organisation"), code) : OrganisationQueries.View(o);
    }

    public async Task<HandlerResult<LinkView[]>> GetLinksAsync(string code, CancellationToken ct)
    {
        var o = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, ct);
        if (o is null)
        {
            return Problems.NotFound(new Message("noun.organisation"), code);
        }

        var links = await db.OrganisationLinks.AsNoTracking()
            .Where(l => l.FromId == o.Id || l.ToId == o.Id)
            .Select(l => new { From = l.From.Code, To = l.To.Code, l.Type })
            .ToListAsync(ct);
        return links.OrderBy(l => l.From, StringComparer.Ordinal).ThenBy(l => l.To, StringComparer.Ordinal)
            .Select(l => new LinkView(l.From, l.To, WireNames.Of(l.Type))).ToArray();
    }

    public async Task<HandlerResult<OrganisationView[]>> GetChainAsync(string code, CancellationToken ct)
    {
        var o = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, ct);
        if (o is null)
        {
            return Problems.NotFound(new Message("noun.organisation"), code);
        }

        var chain = await OrganisationQueries.ChainOfCommandAsync(db, o, ct);
        return chain.Select(OrganisationQueries.View).ToArray();
    }

    public async Task<HandlerResult<OrganisationView[]>> OfficesInProvinceAsync(string code, string? agency, CancellationToken ct)
    {
        var province = await db.Areas.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code && a.Level == AreaLevel.Province, ct);
        if (province is null)
        {
            return Problems.NotFound(new Message("noun.province"), code);
        }

        var query = db.Organisations.AsNoTracking().Where(o => o.ProvinceCode == code);
        if (!string.IsNullOrWhiteSpace(agency))
        {
            var a = agency.Trim().ToUpperInvariant();
            query = query.Where(o => o.Agency == a);
        }

        var offices = await query.OrderBy(o => o.Code).ToListAsync(ct);
        return offices.Select(OrganisationQueries.View).ToArray();
    }

    public async Task<HandlerResult<ResponsibleOfficeView>> ResponsibleOfficeAsync(string? area, string? agency, CancellationToken ct)
    {
        var v = new Validation();
        var code = v.Required("area", area, 6);
        if (!v.IsValid)
        {
            return v.Result();
        }

        if (!await db.Areas.AnyAsync(a => a.Code == code, ct))
        {
            v.Add("area", new Message("area.unknown", code));
            return v.Result();
        }

        var agencyCode = string.IsNullOrWhiteSpace(agency) ? "CIQ" : agency.Trim().ToUpperInvariant();
        var found = await RegistryDirectory.FindResponsibleOffice(db, code, agencyCode, ct);
        return found is { } f
            ? new ResponsibleOfficeView(code, agencyCode, f.Prefix, OrganisationQueries.View(f.Office))
            : Problems.NotFound(new Message("noun.office-for-area", agencyCode), code);
    }

    public async Task<HandlerResult<Paged<AreaView>>> ListAreasAsync(string? parent, string? level, int? page, int? pageSize, CancellationToken ct)
    {
        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        var query = db.Areas.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(level))
        {
            var l = v.Enum<AreaLevel>("level", level);
            query = query.Where(a => a.Level == l);
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (!string.IsNullOrWhiteSpace(parent))
        {
            query = query.Where(a => a.ParentCode == parent);
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(a => a.Code).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<AreaView>([.. items.Select(AreaViewOf)], p, size, total);
    }

    public async Task<HandlerResult<AreaView>> GetAreaAsync(string code, CancellationToken ct)
    {
        var a = await db.Areas.AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, ct);
        return a is null ? Problems.NotFound(new Message("noun.administrative-area"), code) : AreaViewOf(a);
    }

    private static AreaView AreaViewOf(AdministrativeArea a) => new(a.Code, a.NameZh, a.NameEn, a.ParentCode, WireNames.Of(a.Level));

    public async Task<HandlerResult<Paged<PortView>>> ListPortsAsync(string? kind, string? province, int? page, int? pageSize, CancellationToken ct)
    {
        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        var query = db.Ports.AsNoTracking().Include(x => x.Office).AsQueryable();
        if (!string.IsNullOrWhiteSpace(kind))
        {
            var k = v.Enum<PortKind>("kind", kind);
            query = query.Where(x => x.Kind == k);
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (!string.IsNullOrWhiteSpace(province) && province.Length >= 2)
        {
            var prefix = province[..2];
            query = query.Where(x => x.AreaCode.StartsWith(prefix));
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(x => x.Locode).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<PortView>([.. items.Select(PortViewOf)], p, size, total);
    }

    public async Task<HandlerResult<PortView>> GetPortAsync(string locode, CancellationToken ct)
    {
        var code = locode.Trim().ToUpperInvariant();
        var port = await db.Ports.AsNoTracking().Include(x => x.Office).FirstOrDefaultAsync(x => x.Locode == code, ct);
        return port is null ? Problems.NotFound(new Message("noun.port"), locode) : PortViewOf(port);
    }

    private static PortView PortViewOf(Port x) => new(x.Locode, x.NameZh, x.NameEn, WireNames.Of(x.Kind), x.AreaCode, OrganisationQueries.View(x.Office));
}
