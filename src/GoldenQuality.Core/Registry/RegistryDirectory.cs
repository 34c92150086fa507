using GoldenQuality.Common;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Registry;

/// <summary>
/// The Registry's implementation of its read seam, on the node's own tables (no tracking). It lives as long as the
/// request (scoped), and remembers what it found for the request: validation, routing, risk and the permit look the
/// same trader, manufacturer and port up in turn. What it remembers is forgotten when the request's context saves,
/// so a request reads its own writes as before.
/// </summary>
internal sealed class RegistryDirectory : IRegistryDirectory
{
    private readonly GqDbContext db;
    private readonly Dictionary<(string Kind, string Key), object?> found = [];

    public RegistryDirectory(GqDbContext db)
    {
        this.db = db;
        db.SavedChanges += (_, _) => found.Clear();
    }

    public Task<EnterpriseEntry?> FindEnterpriseAsync(Guid id, CancellationToken ct) =>
        Remembered("enterprise-id", id.ToString(), () => db.Set<Enterprise>().AsNoTracking().Where(e => e.Id == id)
            .Select(e => new EnterpriseEntry(e.Id, e.Uscc, e.NameZh, e.NameEn, e.AreaCode)).FirstOrDefaultAsync(ct));

    public Task<EnterpriseEntry?> FindEnterpriseAsync(string uscc, CancellationToken ct) =>
        Remembered("enterprise", uscc, () => db.Set<Enterprise>().AsNoTracking().Where(e => e.Uscc == uscc)
            .Select(e => new EnterpriseEntry(e.Id, e.Uscc, e.NameZh, e.NameEn, e.AreaCode)).FirstOrDefaultAsync(ct));

    public async Task<IReadOnlyList<EnterpriseEntry>> FindEnterprisesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        ids.Count == 0
            ? []
            : await db.Set<Enterprise>().AsNoTracking().Where(e => ids.Contains(e.Id))
                .Select(e => new EnterpriseEntry(e.Id, e.Uscc, e.NameZh, e.NameEn, e.AreaCode)).ToListAsync(ct);

    public Task<OfficeEntry?> FindOfficeAsync(string code, CancellationToken ct) =>
        Remembered("office", code, async () => await db.Set<Organisation>().AsNoTracking().FirstOrDefaultAsync(o => o.Code == code, ct) is { } o ? Entry(o) : null);

    public async Task<OfficeEntry?> FindOfficeAsync(Guid id, CancellationToken ct) =>
        await db.Set<Organisation>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) is { } o ? Entry(o) : null;

    public Task<PortEntry?> FindPortAsync(string locode, CancellationToken ct) =>
        Remembered("port", locode, async () => await db.Set<Port>().AsNoTracking().Include(p => p.Office).FirstOrDefaultAsync(p => p.Locode == locode, ct) is { } p
            ? new PortEntry(p.Locode, p.NameZh, p.NameEn, p.AreaCode, Entry(p.Office))
            : null);

    public Task<ResponsibleOffice?> ResponsibleOfficeAsync(string areaCode, string agency, CancellationToken ct) =>
        Remembered("responsible", agency + "\n" + areaCode, async () => await FindResponsibleOffice(db, areaCode, agency, ct) is { } responsible
            ? new ResponsibleOffice(Entry(responsible.Office), responsible.Prefix)
            : null);

    private async Task<T?> Remembered<T>(string kind, string key, Func<Task<T?>> read)
        where T : class
    {
        if (found.TryGetValue((kind, key), out var known))
        {
            return (T?)known;
        }

        var value = await read();
        found[(kind, key)] = value;
        return value;
    }

    /// <summary>The office of <paramref name="agency"/> whose jurisdiction has the longest prefix of the area code.</summary>
    internal static async Task<(Organisation Office, string Prefix)?> FindResponsibleOffice(GqDbContext db, string areaCode, string agency, CancellationToken ct)
    {
        var candidates = await db.Organisations.AsNoTracking()
            .Where(o => o.Agency == agency && o.Jurisdiction != "")
            .ToListAsync(ct);
        return candidates
            .SelectMany(o => o.JurisdictionPrefixes().Where(p => areaCode.StartsWith(p, StringComparison.Ordinal)).Select(p => (o, p)))
            .OrderByDescending(x => x.p.Length)
            .ThenBy(x => x.o.Code, StringComparer.Ordinal)
            .Select(x => ((Organisation, string)?)(x.o, x.p))
            .FirstOrDefault();
    }

    internal static OfficeEntry Entry(Organisation o) =>
        new(o.Id, o.Code, WireNames.Of(o.Kind), o.Agency, o.NameZh, o.NameEn, o.ProvinceCode);
}
