using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Registry;

/// <summary>Read access to the organisation structure: offices, typed links, areas, ports and responsibility.</summary>
internal static class OrganisationEndpoints
{
    public static RouteGroupBuilder MapOrganisations(this RouteGroupBuilder group)
    {
        group.MapGet("/organisations", ListOrganisations).WithName("ListOrganisations")
            .WithSummary("Lists organisations, filtered by agency, kind or province.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/organisations/{code}", GetOrganisation).WithName("GetOrganisation").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/organisations/{code}/links", GetLinks).WithName("GetOrganisationLinks")
            .WithSummary("Typed links from and to an organisation: vertical, non-vertical, provincial administration.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/organisations/{code}/chain", GetChain).WithName("GetChainOfCommand")
            .WithSummary("The chain of command: the office, then whom it reports to, up to the State Council.").RequireAuthorization(Policies.SignedIn);
        group.MapPut("/organisations/{code}/names", Rename).WithName("RenameOrganisation")
            .WithSummary("Changes an organisation's names. Supervisors and administrators of its own administrative line only.").RequireAuthorization(Policies.Official);
        group.MapGet("/provinces/{code}/offices", OfficesInProvince).WithName("OfficesInProvince")
            .WithSummary("The offices located in a province, optionally of one agency.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/responsible-office", ResponsibleOffice).WithName("ResponsibleOffice")
            .WithSummary("The office of an agency (default CIQ) responsible for an administrative area: the most specific jurisdiction wins.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/areas", ListAreas).WithName("ListAreas").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/areas/{code}", GetArea).WithName("GetArea").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/ports", ListPorts).WithName("ListPorts").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/ports/{locode}", GetPort).WithName("GetPort")
            .WithSummary("A port by UN/LOCODE with the CIQ port office responsible for it.").RequireAuthorization(Policies.SignedIn);
        return group;
    }

    private static OrganisationView View(Organisation o) => OrganisationQueries.View(o);

    private static async Task<Results<Ok<Paged<OrganisationView>>, ValidationProblem>> ListOrganisations(
        ListOrganisations handler, string? agency, string? kind, string? province, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(agency, kind, province, page, pageSize, ct)).ToOkOrInvalid();

    private static async Task<Results<Ok<OrganisationView>, ProblemHttpResult>> GetOrganisation(GqDbContext db, string code, CancellationToken ct)
    {
        var o = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, ct);
        return o is null ? Problems.NotFound("organisation", code) : TypedResults.Ok(View(o));
    }

    private static async Task<Results<Ok<LinkView[]>, ProblemHttpResult>> GetLinks(GqDbContext db, string code, CancellationToken ct)
    {
        var o = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, ct);
        if (o is null)
        {
            return Problems.NotFound("organisation", code);
        }

        var links = await db.OrganisationLinks.AsNoTracking()
            .Where(l => l.FromId == o.Id || l.ToId == o.Id)
            .Select(l => new { From = l.From.Code, To = l.To.Code, l.Type })
            .ToListAsync(ct);
        return TypedResults.Ok(links.OrderBy(l => l.From, StringComparer.Ordinal).ThenBy(l => l.To, StringComparer.Ordinal)
            .Select(l => new LinkView(l.From, l.To, WireNames.Of(l.Type))).ToArray());
    }

    private static async Task<Results<Ok<OrganisationView[]>, ProblemHttpResult>> GetChain(GqDbContext db, string code, CancellationToken ct)
    {
        var o = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, ct);
        if (o is null)
        {
            return Problems.NotFound("organisation", code);
        }

        var chain = await OrganisationQueries.ChainOfCommandAsync(db, o, ct);
        return TypedResults.Ok(chain.Select(View).ToArray());
    }

    private static async Task<Results<Ok<OrganisationView>, ValidationProblem, ProblemHttpResult>> Rename(
        HttpContext http, RenameOrganisation handler, string code, RenameOrganisationRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), code, request, ct)).ToOk();

    private static async Task<Results<Ok<OrganisationView[]>, ProblemHttpResult>> OfficesInProvince(
        GqDbContext db, string code, string? agency, CancellationToken ct)
    {
        var province = await db.Areas.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code && a.Level == AreaLevel.Province, ct);
        if (province is null)
        {
            return Problems.NotFound("province", code);
        }

        var query = db.Organisations.AsNoTracking().Where(o => o.ProvinceCode == code);
        if (!string.IsNullOrWhiteSpace(agency))
        {
            var a = agency.Trim().ToUpperInvariant();
            query = query.Where(o => o.Agency == a);
        }

        var offices = await query.OrderBy(o => o.Code).ToListAsync(ct);
        return TypedResults.Ok(offices.Select(View).ToArray());
    }

    private static async Task<Results<Ok<ResponsibleOfficeView>, ValidationProblem, ProblemHttpResult>> ResponsibleOffice(
        GqDbContext db, string? area, string? agency, CancellationToken ct)
    {
        var v = new Validation();
        var code = v.Required("area", area, 6);
        if (!v.IsValid)
        {
            return v.Result();
        }

        if (!await db.Areas.AnyAsync(a => a.Code == code, ct))
        {
            v.Add("area", $"unknown administrative area '{code}'");
            return v.Result();
        }

        var agencyCode = string.IsNullOrWhiteSpace(agency) ? "CIQ" : agency.Trim().ToUpperInvariant();
        var found = await RegistryDirectory.FindResponsibleOffice(db, code, agencyCode, ct);
        return found is { } f
            ? TypedResults.Ok(new ResponsibleOfficeView(code, agencyCode, f.Prefix, View(f.Office)))
            : Problems.NotFound($"{agencyCode} office responsible for area", code);
    }

    private static async Task<Results<Ok<Paged<AreaView>>, ValidationProblem>> ListAreas(
        GqDbContext db, string? parent, string? level, int? page, int? pageSize, CancellationToken ct)
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
        return TypedResults.Ok(new Paged<AreaView>([.. items.Select(AreaViewOf)], p, size, total));
    }

    private static async Task<Results<Ok<AreaView>, ProblemHttpResult>> GetArea(GqDbContext db, string code, CancellationToken ct)
    {
        var a = await db.Areas.AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, ct);
        return a is null ? Problems.NotFound("administrative area", code) : TypedResults.Ok(AreaViewOf(a));
    }

    private static AreaView AreaViewOf(AdministrativeArea a) => new(a.Code, a.NameZh, a.NameEn, a.ParentCode, WireNames.Of(a.Level));

    private static async Task<Results<Ok<Paged<PortView>>, ValidationProblem>> ListPorts(
        GqDbContext db, string? kind, string? province, int? page, int? pageSize, CancellationToken ct)
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
        return TypedResults.Ok(new Paged<PortView>([.. items.Select(PortViewOf)], p, size, total));
    }

    private static async Task<Results<Ok<PortView>, ProblemHttpResult>> GetPort(GqDbContext db, string locode, CancellationToken ct)
    {
        var code = locode.Trim().ToUpperInvariant();
        var port = await db.Ports.AsNoTracking().Include(x => x.Office).FirstOrDefaultAsync(x => x.Locode == code, ct);
        return port is null ? Problems.NotFound("port", locode) : TypedResults.Ok(PortViewOf(port));
    }

    private static PortView PortViewOf(Port x) => new(x.Locode, x.NameZh, x.NameEn, WireNames.Of(x.Kind), x.AreaCode, View(x.Office));
}
