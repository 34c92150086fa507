namespace GoldenQuality.Registry;

/// <summary>What an organisation is, in the structure the case study describes.</summary>
public enum OrganisationKind
{
    StateCouncil,
    Administration,
    Unit,
    Department,
    Affiliate,
    CiqBureau,
    CiqBranch,
    CiqPortOffice,
    ProvincialGovernment,
    BqsBureau,
    BqsDivision,
    CustomsHeadquarters,
    CustomsDistrict,
    Ministry,
    CentralBank,

    /// <summary>An international body that relays documents between countries (the IPPC ePhyto Hub's stand-in in the demo).</summary>
    InternationalHub,

    /// <summary>A foreign country's SPS authority (national plant protection or veterinary organisation), a member of the hub.</summary>
    ForeignAuthority,
}

/// <summary>How one organisation relates to another.</summary>
public enum LinkType
{
    /// <summary>Reports to the other, within one administrative line (e.g. a CIQ bureau to AQSIQ).</summary>
    Vertical,
    /// <summary>Receives business guidance only (e.g. a provincial BQS from AQSIQ).</summary>
    NonVertical,
    /// <summary>Is administered by a provincial government (e.g. a BQS bureau).</summary>
    ProvincialAdministration,
}

/// <summary>An agency, office, bureau, branch or port office.</summary>
public sealed class Organisation
{
    private Organisation()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Stable identifier such as <c>CIQ-ZJ</c> or <c>BQS-ZJ-HZ</c>.</summary>
    public string Code { get; private set; } = "";

    public OrganisationKind Kind { get; private set; }

    /// <summary>The administrative system it belongs to: AQSIQ, CIQ, BQS, CUSTOMS, PROVINCE, MOA, MEP, PBC, STATE-COUNCIL.</summary>
    public string Agency { get; private set; } = "";

    public string NameZh { get; private set; } = "";

    public string NameEn { get; private set; } = "";

    /// <summary>The GB/T 2260 province code, for provincial and local offices.</summary>
    public string? ProvinceCode { get; private set; }

    /// <summary>GB/T 2260 code prefixes of the areas it is responsible for, separated by ';'.</summary>
    public string Jurisdiction { get; private set; } = "";

    public long Version { get; private set; }

    public static Organisation Create(Guid id, string code, OrganisationKind kind, string agency, string nameZh, string nameEn, string? provinceCode, string jurisdiction) =>
        new() { Id = id, Code = code, Kind = kind, Agency = agency, NameZh = nameZh, NameEn = nameEn, ProvinceCode = provinceCode, Jurisdiction = jurisdiction };

    /// <summary>Applies reference data; returns true when anything changed.</summary>
    public bool ApplyReference(OrganisationKind kind, string agency, string nameZh, string nameEn, string? provinceCode, string jurisdiction)
    {
        if (Kind == kind && Agency == agency && NameZh == nameZh && NameEn == nameEn && ProvinceCode == provinceCode && Jurisdiction == jurisdiction)
        {
            return false;
        }

        (Kind, Agency, NameZh, NameEn, ProvinceCode, Jurisdiction) = (kind, agency, nameZh, nameEn, provinceCode, jurisdiction);
        Version++;
        return true;
    }

    public void Rename(string nameZh, string nameEn)
    {
        NameZh = nameZh;
        NameEn = nameEn;
        Version++;
    }

    /// <summary>The jurisdiction prefixes as a list.</summary>
    public IReadOnlyList<string> JurisdictionPrefixes() =>
        Jurisdiction.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>A typed link: <see cref="From"/> reports to, or is guided by, <see cref="To"/>.</summary>
public sealed class OrganisationLink
{
    private OrganisationLink()
    {
    }

    public Guid Id { get; private set; }

    public Guid FromId { get; private set; }

    public Guid ToId { get; private set; }

    public LinkType Type { get; private set; }

    public Organisation From { get; private set; } = null!;

    public Organisation To { get; private set; } = null!;

    public static OrganisationLink Create(Guid id, Guid fromId, Guid toId, LinkType type) =>
        new() { Id = id, FromId = fromId, ToId = toId, Type = type };
}

/// <summary>The level of a GB/T 2260 administrative division.</summary>
public enum AreaLevel
{
    Province,
    Prefecture,
    County,
}

/// <summary>A GB/T 2260 administrative division.</summary>
public sealed class AdministrativeArea
{
    private AdministrativeArea()
    {
    }

    /// <summary>The six-digit GB/T 2260 code.</summary>
    public string Code { get; private set; } = "";

    public string NameZh { get; private set; } = "";

    public string NameEn { get; private set; } = "";

    public string? ParentCode { get; private set; }

    public AreaLevel Level { get; private set; }

    public static AdministrativeArea Create(string code, string nameZh, string nameEn, string? parentCode, AreaLevel level) =>
        new() { Code = code, NameZh = nameZh, NameEn = nameEn, ParentCode = parentCode, Level = level };

    public bool ApplyReference(string nameZh, string nameEn, string? parentCode, AreaLevel level)
    {
        if (NameZh == nameZh && NameEn == nameEn && ParentCode == parentCode && Level == level)
        {
            return false;
        }

        (NameZh, NameEn, ParentCode, Level) = (nameZh, nameEn, parentCode, level);
        return true;
    }

    /// <summary>The GB/T 2260 code of the province an area code belongs to.</summary>
    public static string ProvinceOf(string areaCode) => string.Concat(areaCode.AsSpan(0, 2), "0000");
}

/// <summary>The fingerprint of the reference files last loaded, so that a restart need not reload unchanged files.</summary>
public sealed class ReferenceDataLoad
{
    private ReferenceDataLoad()
    {
    }

    /// <summary>Which set of files, e.g. <c>registry</c>.</summary>
    public string Name { get; private set; } = "";

    /// <summary>Lower-case hex SHA-256 over the files' names and contents.</summary>
    public string Fingerprint { get; private set; } = "";

    public DateTimeOffset LoadedAt { get; private set; }

    internal static ReferenceDataLoad Create(string name) => new() { Name = name };

    internal void Record(string fingerprint, DateTimeOffset at) => (Fingerprint, LoadedAt) = (fingerprint, at);
}

/// <summary>What kind of port a UN/LOCODE names.</summary>
public enum PortKind
{
    Seaport,
    LandPort,
    Airport,
}

/// <summary>A port of entry or exit, and the CIQ port office responsible for it.</summary>
public sealed class Port
{
    private Port()
    {
    }

    /// <summary>The five-character UN/LOCODE, e.g. CNNGB.</summary>
    public string Locode { get; private set; } = "";

    public string NameZh { get; private set; } = "";

    public string NameEn { get; private set; } = "";

    public PortKind Kind { get; private set; }

    public string AreaCode { get; private set; } = "";

    public Guid OfficeId { get; private set; }

    public Organisation Office { get; private set; } = null!;

    public static Port Create(string locode, string nameZh, string nameEn, PortKind kind, string areaCode, Guid officeId) =>
        new() { Locode = locode, NameZh = nameZh, NameEn = nameEn, Kind = kind, AreaCode = areaCode, OfficeId = officeId };

    public bool ApplyReference(string nameZh, string nameEn, PortKind kind, string areaCode, Guid officeId)
    {
        if (NameZh == nameZh && NameEn == nameEn && Kind == kind && AreaCode == areaCode && OfficeId == officeId)
        {
            return false;
        }

        (NameZh, NameEn, Kind, AreaCode, OfficeId) = (nameZh, nameEn, kind, areaCode, officeId);
        return true;
    }
}
