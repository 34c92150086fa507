namespace GoldenQuality.Registry.Contracts;

/// <summary>An enterprise of the master record, as other modules see it.</summary>
public sealed record EnterpriseEntry(Guid Id, string Uscc, string NameZh, string? NameEn, string AreaCode);

/// <summary>An organisation (office, bureau, agency), as other modules see it. <c>Kind</c> is kebab-case (e.g. <c>ciq-port-office</c>).</summary>
public sealed record OfficeEntry(Guid Id, string Code, string Kind, string Agency, string NameZh, string NameEn, string? ProvinceCode);

/// <summary>A port (UN/LOCODE) and the CIQ port office responsible for it.</summary>
public sealed record PortEntry(string Locode, string NameZh, string NameEn, string AreaCode, OfficeEntry Office);

/// <summary>The office responsible for an area, and the jurisdiction prefix that made it so.</summary>
public sealed record ResponsibleOffice(OfficeEntry Office, string Prefix);

/// <summary>
/// The Registry's read seam: enterprises, offices and ports by their keys. Other modules use this, never the
/// Registry's tables.
/// </summary>
public interface IRegistryDirectory
{
    Task<EnterpriseEntry?> FindEnterpriseAsync(Guid id, CancellationToken ct);

    Task<EnterpriseEntry?> FindEnterpriseAsync(string uscc, CancellationToken ct);

    /// <summary>The enterprises with these ids (those that exist; in no particular order).</summary>
    Task<IReadOnlyList<EnterpriseEntry>> FindEnterprisesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct);

    Task<OfficeEntry?> FindOfficeAsync(string code, CancellationToken ct);

    Task<OfficeEntry?> FindOfficeAsync(Guid id, CancellationToken ct);

    Task<PortEntry?> FindPortAsync(string locode, CancellationToken ct);

    /// <summary>The office of <paramref name="agency"/> whose jurisdiction has the longest prefix of the area code.</summary>
    Task<ResponsibleOffice?> ResponsibleOfficeAsync(string areaCode, string agency, CancellationToken ct);
}
