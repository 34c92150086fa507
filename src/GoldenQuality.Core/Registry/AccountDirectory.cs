using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Registry;

/// <summary>The Registry's answer to Identity's <see cref="IAccountDirectory"/>, on the Registry's own tables (no tracking).</summary>
internal sealed class AccountDirectory(GqDbContext db) : IAccountDirectory
{
    public async Task<AccountOrganisation?> FindOrganisationAsync(Guid id, CancellationToken ct) =>
        await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) is { } o ? Of(o) : null;

    public async Task<AccountOrganisation?> FindOrganisationAsync(string code, CancellationToken ct) =>
        await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Code == code, ct) is { } o ? Of(o) : null;

    public async Task<AccountEnterprise?> FindEnterpriseAsync(Guid id, CancellationToken ct) =>
        await db.Enterprises.AsNoTracking().Where(e => e.Id == id).Select(e => new AccountEnterprise(e.Id, e.Uscc, e.NameZh)).FirstOrDefaultAsync(ct);

    public async Task<AccountEnterprise?> FindEnterpriseAsync(string uscc, CancellationToken ct)
    {
        var code = Uscc.Normalise(uscc);
        return await db.Enterprises.AsNoTracking().Where(e => e.Uscc == code).Select(e => new AccountEnterprise(e.Id, e.Uscc, e.NameZh)).FirstOrDefaultAsync(ct);
    }

    public string NormaliseUscc(string uscc) => Uscc.Normalise(uscc);

    public async Task<IReadOnlyDictionary<Guid, string>> OrganisationCodesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        ids.Count == 0 ? new Dictionary<Guid, string>() :
        await db.Organisations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Code, ct);

    public async Task<IReadOnlyDictionary<Guid, string>> EnterpriseUsccsAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        ids.Count == 0 ? new Dictionary<Guid, string>() :
        await db.Enterprises.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Uscc, ct);

    private static AccountOrganisation Of(Organisation o) =>
        new(o.Id, o.Code, o.Agency, WireNames.Of(o.Kind), o.ProvinceCode, o.NameZh, o.NameEn);
}
