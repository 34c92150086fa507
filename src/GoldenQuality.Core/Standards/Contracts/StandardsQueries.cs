using GoldenQuality.Common;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Standards.Contracts;

/// <summary>Reads the standards catalogue: categories (with their path and children), parameters, standards, requirements.</summary>
public sealed class StandardsQueries(GqDbContext db)
{
    private static string[] Split(string s) => s.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public async Task<HandlerResult<Paged<CategoryView>>> CategoriesAsync(CategoryQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var v = new Validation();
        var (p, size) = Paging.Read(v, query.Page, query.PageSize);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var categories = db.Set<ProductCategory>().AsNoTracking();
        if (query.Text is { Length: > 0 } q)
        {
            categories = categories.Where(c => c.Code.StartsWith(q) || c.NameZh.Contains(q) || c.NameEn.Contains(q) || c.HsCodes.Contains(q));
        }
        else
        {
            var parent = query.Parent;
            categories = string.IsNullOrEmpty(parent) ? categories.Where(c => c.ParentCode == null) : categories.Where(c => c.ParentCode == parent);
        }

        var total = await categories.CountAsync(ct);
        var items = await categories.OrderBy(c => c.Code).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<CategoryView>([.. items.Select(c => new CategoryView(c.Code, c.ParentCode, c.NameZh, c.NameEn, Split(c.HsCodes), Split(c.CiqCodes), [], []))], p, size, total);
    }

    /// <summary>One category with its path to the root (nearest parent first) and its children.</summary>
    public async Task<HandlerResult<CategoryView>> CategoryAsync(string code, CancellationToken ct)
    {
        var c = await db.Set<ProductCategory>().AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, ct);
        if (c is null)
        {
            return Problems.NotFound(new Message("noun.category"), code);
        }

        var path = new List<string>();
        for (var parent = c.ParentCode; parent is not null && path.Count < 64;)
        {
            path.Add(parent);
            parent = await db.Set<ProductCategory>().Where(x => x.Code == parent).Select(x => x.ParentCode).FirstOrDefaultAsync(ct);
        }

        var children = await db.Set<ProductCategory>().Where(x => x.ParentCode == code).OrderBy(x => x.Code).Select(x => x.Code).ToArrayAsync(ct);
        return new CategoryView(c.Code, c.ParentCode, c.NameZh, c.NameEn, Split(c.HsCodes), Split(c.CiqCodes), [.. path], children);
    }

    /// <summary>The parameters that requirements of the given categories set limits for, in code order.</summary>
    public async Task<ParameterView[]> ParametersOfAsync(IReadOnlyCollection<string> categories, CancellationToken ct)
    {
        var codes = await db.Set<Requirement>().AsNoTracking().Where(r => categories.Contains(r.CategoryCode)).Select(r => r.Parameter).Distinct().ToListAsync(ct);
        return await db.Set<Parameter>().AsNoTracking().Where(p => codes.Contains(p.Code)).OrderBy(p => p.Code)
            .Select(p => new ParameterView(p.Code, p.NameZh, p.NameEn, p.Quantity, p.Unit)).ToArrayAsync(ct);
    }

    public Task<ParameterView[]> ParametersAsync(CancellationToken ct) =>
        db.Set<Parameter>().AsNoTracking().OrderBy(p => p.Code).Select(p => new ParameterView(p.Code, p.NameZh, p.NameEn, p.Quantity, p.Unit)).ToArrayAsync(ct);

    public async Task<HandlerResult<Paged<StandardView>>> StandardsAsync(StandardQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var v = new Validation();
        var (p, size) = Paging.Read(v, query.Page, query.PageSize);
        var standards = db.Set<Standard>().AsNoTracking();
        if (query.Kind is { Length: > 0 })
        {
            var k = v.Enum<StandardKind>("kind", query.Kind);
            standards = standards.Where(s => s.Kind == k);
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (query.Number is { Length: > 0 } number)
        {
            standards = standards.Where(s => s.Number == number);
        }

        if (query.Text is { Length: > 0 } q)
        {
            standards = standards.Where(s => s.Number.Contains(q) || s.Title.Contains(q));
        }

        var total = await standards.CountAsync(ct);
        var items = await standards.OrderBy(s => s.Number).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<StandardView>([.. items.Select(s => new StandardView(s.Number, s.Title, WireNames.Of(s.Kind), s.IssuingBody, s.ProvinceCode, s.ValidFrom, s.ValidTo, s.SupersededBy))],
            p, size, total);
    }

    public async Task<HandlerResult<Paged<RequirementView>>> RequirementsAsync(RequirementQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var v = new Validation();
        var (p, size) = Paging.Read(v, query.Page, query.PageSize);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var requirements = db.Set<Requirement>().AsNoTracking();
        if (query.Standard is { Length: > 0 } standard)
        {
            requirements = requirements.Where(r => r.StandardNumber == standard);
        }

        if (query.Category is { Length: > 0 } category)
        {
            requirements = requirements.Where(r => r.CategoryCode == category);
        }

        if (query.Parameter is { Length: > 0 } parameter)
        {
            requirements = requirements.Where(r => r.Parameter == parameter);
        }

        var total = await requirements.CountAsync(ct);
        var items = await requirements.OrderBy(r => r.StandardNumber).ThenBy(r => r.Clause).ThenBy(r => r.CategoryCode).ThenBy(r => r.Parameter)
            .Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<RequirementView>([.. items.Select(r => new RequirementView(r.Id, r.StandardNumber, r.Clause, r.CategoryCode, r.Parameter,
            r.ProcessingState.Length == 0 ? null : r.ProcessingState, WireNames.Of(r.Kind), r.Lower, r.Upper, r.Unit, r.Method, r.Jurisdiction))], p, size, total);
    }
}
