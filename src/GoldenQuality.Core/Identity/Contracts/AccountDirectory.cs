namespace GoldenQuality.Identity.Contracts;

/// <summary>
/// The organisation an account belongs to, as sign-in needs it for the claims (ids and codes) and the account
/// views need it for display. <c>Kind</c> is kebab-case (e.g. <c>ciq-port-office</c>).
/// </summary>
public sealed record AccountOrganisation(Guid Id, string Code, string Agency, string Kind, string? ProvinceCode, string NameZh, string NameEn);

/// <summary>The enterprise an enterprise user's account belongs to.</summary>
public sealed record AccountEnterprise(Guid Id, string Uscc, string NameZh);

/// <summary>
/// What Identity needs to know about the organisations and enterprises that accounts belong to. Identity owns
/// this contract; the Registry implements and registers it, so that the arrow points Registry → Identity only.
/// </summary>
public interface IAccountDirectory
{
    Task<AccountOrganisation?> FindOrganisationAsync(Guid id, CancellationToken ct);

    /// <summary>By organisation code (exact, upper case).</summary>
    Task<AccountOrganisation?> FindOrganisationAsync(string code, CancellationToken ct);

    Task<AccountEnterprise?> FindEnterpriseAsync(Guid id, CancellationToken ct);

    /// <summary>By USCC, written in any of the forms the Registry accepts (it normalises).</summary>
    Task<AccountEnterprise?> FindEnterpriseAsync(string uscc, CancellationToken ct);

    /// <summary>The USCC in its normal form (upper case, no separators), as the Registry stores it.</summary>
    string NormaliseUscc(string uscc);

    /// <summary>The codes of these organisations, by id (unknown ids are left out).</summary>
    Task<IReadOnlyDictionary<Guid, string>> OrganisationCodesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct);

    /// <summary>The USCCs of these enterprises, by id (unknown ids are left out).</summary>
    Task<IReadOnlyDictionary<Guid, string>> EnterpriseUsccsAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct);
}
