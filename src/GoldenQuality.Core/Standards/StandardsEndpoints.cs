using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Standards.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Standards;

public sealed record CategoryView(string Code, string? Parent, string NameZh, string NameEn, string[] HsCodes, string[] CiqCodes, string[] Path, string[] Children);

public sealed record ParameterView(string Code, string NameZh, string NameEn, string Quantity, string Unit);

public sealed record StandardView(string Number, string Title, string Kind, string IssuingBody, string? Province, DateOnly ValidFrom, DateOnly? ValidTo, string? SupersededBy);

public sealed record RequirementView(Guid Id, string Standard, string Clause, string Category, string Parameter, string? ProcessingState, string Kind,
    double? Lower, double? Upper, string Unit, string Method, string Jurisdiction);

/// <summary>A requirement considered for a resolution, and why it does or does not govern.</summary>
public sealed record CandidateView(string Standard, string Clause, string Category, string Kind, double? Lower, double? Upper, string Unit,
    string Jurisdiction, string? ProcessingState, DateOnly ValidFrom, DateOnly? ValidTo, bool Governs, string Reason);

/// <summary>The governing limit, converted to the unit asked for.</summary>
public sealed record LimitView(Guid RequirementId, string Standard, string Clause, string Category, string Kind, double? Lower, double? Upper, string Unit,
    string Method, string Jurisdiction, bool Inherited);

public sealed record ResolutionView(string Product, string Parameter, string Market, DateOnly Date, string? ProcessingState, LimitView? Governing, CandidateView[] Candidates);

public sealed record IndexView(long Generation, DateTimeOffset LoadedAt, int Categories, int Parameters, int Requirements, int Groups, double ReadMilliseconds, double CompileMilliseconds);

public sealed record ImportResultView(ImportFileSummary Summary, ImportReject[] Rejects, IndexView Index);

/// <summary>The standards catalogue: product tree, standards, requirements, limit resolution, import and export.</summary>
internal static class StandardsEndpoints
{
    public static RouteGroupBuilder MapStandards(this RouteGroupBuilder group)
    {
        group.MapGet("/categories", Categories).WithName("ListCategories").WithSummary("Lists product categories, by parent (empty for the roots) or by text.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/categories/{code}", Category).WithName("GetCategory").WithSummary("One category with its path to the root and its children.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/parameters", Parameters).WithName("ListParameters").WithSummary("The measurable parameters and their canonical units.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/standards", StandardsList).WithName("ListStandards").WithSummary("Lists standards, by exact number, kind or text.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/requirements", Requirements).WithName("ListRequirements").WithSummary("Lists requirements, by standard, category or parameter.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/resolve", Resolve).WithName("ResolveLimit")
            .WithSummary("The requirement that governs a (product, parameter) in a market on a date, with every candidate and why it does or does not govern.").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/import/{file}", Import).WithName("ImportStandardsFile").Accepts<string>("text/csv")
            .WithSummary("Imports one catalogue file (categories, parameters, standards, requirements) as CSV; rejected lines come back with their line number and reason. Idempotent. Administrators only.").RequireAuthorization(Policies.SystemOrAdministrator);
        group.MapGet("/export/{file}", Export).WithName("ExportStandardsFile").WithSummary("One catalogue file as CSV, in the form the import reads.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/index", IndexInfo).WithName("StandardsIndex").WithSummary("The compiled index the conformity engine uses now.").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/reload", Reload).WithName("ReloadStandards")
            .WithSummary("Compiles the catalogue again and swaps the engine's index atomically, while ingestion runs. Administrators only.").RequireAuthorization(Policies.SystemOrAdministrator);
        return group;
    }

    private static bool MayAdminister(Actor actor) => actor.IsAdmin || actor.Roles.HasFlag(UserRoles.System);

    internal static IndexView View(StandardsCatalogue.Loaded l) => new(l.Generation, l.LoadedAt, l.Index.Nodes.Count, l.Index.ParameterCount,
        l.Index.Requirements.Length, l.Index.Groups, l.ReadTime.TotalMilliseconds, l.CompileTime.TotalMilliseconds);

    private static string[] Split(string s) => s.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<Results<Ok<Paged<CategoryView>>, ValidationProblem>> Categories(GqDbContext db, string? parent, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var query = db.Set<ProductCategory>().AsNoTracking();
        if (q is { Length: > 0 })
        {
            query = query.Where(c => c.Code.StartsWith(q) || c.NameZh.Contains(q) || c.NameEn.Contains(q) || c.HsCodes.Contains(q));
        }
        else
        {
            query = string.IsNullOrEmpty(parent) ? query.Where(c => c.ParentCode == null) : query.Where(c => c.ParentCode == parent);
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(c => c.Code).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new Paged<CategoryView>([.. items.Select(c => new CategoryView(c.Code, c.ParentCode, c.NameZh, c.NameEn, Split(c.HsCodes), Split(c.CiqCodes), [], []))], p, size, total));
    }

    private static async Task<Results<Ok<CategoryView>, ProblemHttpResult>> Category(GqDbContext db, string code, CancellationToken ct)
    {
        var c = await db.Set<ProductCategory>().AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, ct);
        if (c is null)
        {
            return Problems.NotFound("category", code);
        }

        var path = new List<string>();
        for (var parent = c.ParentCode; parent is not null && path.Count < 64;)
        {
            path.Add(parent);
            parent = await db.Set<ProductCategory>().Where(x => x.Code == parent).Select(x => x.ParentCode).FirstOrDefaultAsync(ct);
        }

        var children = await db.Set<ProductCategory>().Where(x => x.ParentCode == code).OrderBy(x => x.Code).Select(x => x.Code).ToArrayAsync(ct);
        return TypedResults.Ok(new CategoryView(c.Code, c.ParentCode, c.NameZh, c.NameEn, Split(c.HsCodes), Split(c.CiqCodes), [.. path], children));
    }

    private static async Task<Ok<ParameterView[]>> Parameters(GqDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Set<Parameter>().AsNoTracking().OrderBy(p => p.Code)
            .Select(p => new ParameterView(p.Code, p.NameZh, p.NameEn, p.Quantity, p.Unit)).ToArrayAsync(ct));

    private static async Task<Results<Ok<Paged<StandardView>>, ValidationProblem>> StandardsList(GqDbContext db, string? number, string? kind, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        var query = db.Set<Standard>().AsNoTracking();
        if (kind is { Length: > 0 })
        {
            var k = v.Enum<StandardKind>("kind", kind);
            query = query.Where(s => s.Kind == k);
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (number is { Length: > 0 })
        {
            query = query.Where(s => s.Number == number);
        }

        if (q is { Length: > 0 })
        {
            query = query.Where(s => s.Number.Contains(q) || s.Title.Contains(q));
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(s => s.Number).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new Paged<StandardView>([.. items.Select(s => new StandardView(s.Number, s.Title, WireNames.Of(s.Kind), s.IssuingBody, s.ProvinceCode, s.ValidFrom, s.ValidTo, s.SupersededBy))], p, size, total));
    }

    private static async Task<Results<Ok<Paged<RequirementView>>, ValidationProblem>> Requirements(GqDbContext db, string? standard, string? category, string? parameter, int? page, int? pageSize, CancellationToken ct)
    {
        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var query = db.Set<Requirement>().AsNoTracking();
        if (standard is { Length: > 0 })
        {
            query = query.Where(r => r.StandardNumber == standard);
        }

        if (category is { Length: > 0 })
        {
            query = query.Where(r => r.CategoryCode == category);
        }

        if (parameter is { Length: > 0 })
        {
            query = query.Where(r => r.Parameter == parameter);
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(r => r.StandardNumber).ThenBy(r => r.Clause).ThenBy(r => r.CategoryCode).ThenBy(r => r.Parameter)
            .Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new Paged<RequirementView>([.. items.Select(r => new RequirementView(r.Id, r.StandardNumber, r.Clause, r.CategoryCode, r.Parameter,
            r.ProcessingState.Length == 0 ? null : r.ProcessingState, WireNames.Of(r.Kind), r.Lower, r.Upper, r.Unit, r.Method, r.Jurisdiction))], p, size, total));
    }

    private static async Task<Results<Ok<ResolutionView>, ValidationProblem>> Resolve(StandardsCatalogue catalogue, TimeProvider clock,
        string? product, string? parameter, string? market, DateOnly? date, string? state, string? unit, CancellationToken ct)
    {
        var index = await catalogue.IndexAsync(ct);
        var v = new Validation();
        var node = -1;
        var param = -1;
        if (string.IsNullOrEmpty(product) || !index.Nodes.TryGetValue(product, out node))
        {
            v.Add("product", string.IsNullOrEmpty(product) ? "is required" : $"unknown category '{product}'");
        }

        if (string.IsNullOrEmpty(parameter) || !index.Parameters.TryGetValue(parameter, out param))
        {
            v.Add("parameter", string.IsNullOrEmpty(parameter) ? "is required" : $"unknown parameter '{parameter}'");
        }

        market ??= "export";
        var province = StandardsIndex.ProvinceOfMarket(market);
        if (province is null)
        {
            v.Add("market", "must be export, domestic, or domestic:<province code> (e.g. domestic:330000)");
        }

        var canonical = param >= 0 ? index.ParameterRows[param].Unit : "";
        if (unit is { Length: > 0 } && param >= 0 && Units.Conversion(canonical, unit) is null)
        {
            v.Add("unit", $"'{unit}' is not a known unit of {index.ParameterRows[param].Quantity}");
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        var on = date ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        state = string.IsNullOrWhiteSpace(state) ? "" : state.Trim();
        var ticks = StandardsIndex.Ticks(on);
        var table = index.Table(province!, state);
        var slice = table.Find(node, param, ticks);
        var governing = slice >= 0 ? table.Slice(slice).Requirement : -1;
        var governingRow = governing >= 0 ? index.Requirements[governing] : null;
        var governingDepth = governingRow is null ? -1 : index.Depth[index.Nodes[governingRow.Category]];
        string To(RequirementRow r) => unit is { Length: > 0 } ? unit : r.Unit;
        double? Convert(double? value, RequirementRow r) =>
            value is { } x && Units.Conversion(r.Unit, To(r)) is { } c ? Math.Round(c.ToCanonical(x), 12) : null;

        var candidates = new List<CandidateView>();
        foreach (var n in index.Path(node))
        {
            foreach (var r in index.AttachedTo(n, param))
            {
                var row = index.Requirements[r];
                string reason;
                if (r == governing)
                {
                    reason = n == node ? "governs: the most specific requirement in force" : $"governs: set on the broader category '{row.Category}', which '{product}' belongs to, and not overridden below";
                }
                else if (row.StandardKind == StandardKind.Enterprise)
                {
                    reason = "an enterprise standard is the enterprise's own specification, never a regulatory limit";
                }
                else if (row.Jurisdiction != "national" && row.Jurisdiction != province)
                {
                    reason = $"a local standard of province {row.Jurisdiction}: it governs only that province's domestic market";
                }
                else if (row.State.Length > 0 && row.State != state)
                {
                    reason = $"applies only to the processing state '{row.State}'";
                }
                else if (StandardsIndex.Ticks(row.ValidFrom) > ticks || (row.ValidTo is { } end && StandardsIndex.Ticks(end) <= ticks))
                {
                    reason = string.Create(CultureInfo.InvariantCulture, $"not in force on {on:yyyy-MM-dd}");
                }
                else if (index.Depth[n] < governingDepth)
                {
                    reason = $"overridden by the more specific category '{governingRow!.Category}'";
                }
                else
                {
                    reason = governingRow is null ? "not applicable" : $"prevailed over at the same category by {governingRow.Standard} {governingRow.Clause} (docs/standards.md, conflict rules)";
                }

                candidates.Add(new CandidateView(row.Standard, row.Clause, row.Category, WireNames.Of(row.Kind), Convert(row.Lower, row), Convert(row.Upper, row), To(row),
                    row.Jurisdiction, row.State.Length == 0 ? null : row.State, row.ValidFrom, row.ValidTo, r == governing, reason));
            }
        }

        LimitView? limit = governingRow is null ? null : new LimitView(governingRow.Id, governingRow.Standard, governingRow.Clause, governingRow.Category,
            WireNames.Of(governingRow.Kind), Convert(governingRow.Lower, governingRow), Convert(governingRow.Upper, governingRow), To(governingRow),
            governingRow.Method, governingRow.Jurisdiction, governingRow.Category != product);
        return TypedResults.Ok(new ResolutionView(product!, parameter!, market, on, state.Length == 0 ? null : state, limit, [.. candidates]));
    }

    private static async Task<Results<Ok<ImportResultView>, ProblemHttpResult>> Import(HttpContext http, StandardsImporter importer, StandardsCatalogue catalogue, string file, CancellationToken ct)
    {
        if (!MayAdminister(Actor.From(http.User)))
        {
            return Problems.Forbidden("Only administrators and system clients import standards.");
        }

        if (!WireNames.TryParse<CatalogueFile>(file, out var kind))
        {
            return Problems.NotFound("catalogue file", file);
        }

        // Sep reads synchronously, which Kestrel does not allow on the request body: buffer it first.
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, ct);
        body.Position = 0;
        var (summary, rejects) = await importer.ImportAsync(kind, body, 0, null, ct);
        var loaded = await catalogue.ReloadAsync(ct);
        return TypedResults.Ok(new ImportResultView(summary, [.. rejects], View(loaded)));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Export(HttpContext http, GqDbContext db, string file, CancellationToken ct)
    {
        if (!WireNames.TryParse<CatalogueFile>(file, out var kind))
        {
            return Problems.NotFound("catalogue file", file);
        }

        // Sep writes synchronously; Kestrel allows only asynchronous writes to the response, so the file is built first.
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        await StandardsExport.WriteAsync(db, kind, text, ct);
        http.Response.Headers.ContentDisposition = $"attachment; filename={StandardsImporter.FileName(kind)}";
        return TypedResults.Text(text.ToString(), "text/csv; charset=utf-8");
    }

    private static async Task<Ok<IndexView>> IndexInfo(StandardsCatalogue catalogue, CancellationToken ct)
    {
        await catalogue.IndexAsync(ct);
        return TypedResults.Ok(View(catalogue.Current!));
    }

    private static async Task<Results<Ok<IndexView>, ProblemHttpResult>> Reload(HttpContext http, StandardsCatalogue catalogue, CancellationToken ct)
    {
        if (!MayAdminister(Actor.From(http.User)))
        {
            return Problems.Forbidden("Only administrators and system clients reload standards.");
        }

        return TypedResults.Ok(View(await catalogue.ReloadAsync(ct)));
    }
}
