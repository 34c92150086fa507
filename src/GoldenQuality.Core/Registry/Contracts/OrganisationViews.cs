namespace GoldenQuality.Registry.Contracts;

/// <summary>An organisation of the structure, as the API returns it. <c>Kind</c> is kebab-case.</summary>
public sealed record OrganisationView(
    string Code,
    string Kind,
    string Agency,
    string NameZh,
    string NameEn,
    string? ProvinceCode,
    string[] Jurisdiction,
    long Version);

/// <summary>A typed link between two organisations.</summary>
public sealed record LinkView(string From, string To, string Type);

/// <summary>A GB/T 2260 administrative area.</summary>
public sealed record AreaView(string Code, string NameZh, string NameEn, string? ParentCode, string Level);

/// <summary>A port (UN/LOCODE) with its CIQ port office.</summary>
public sealed record PortView(string Locode, string NameZh, string NameEn, string Kind, string AreaCode, OrganisationView Office);

/// <summary>The office of an agency responsible for an area, and the jurisdiction prefix that made it so.</summary>
public sealed record ResponsibleOfficeView(string AreaCode, string Agency, string MatchedPrefix, OrganisationView Office);

/// <summary>New names of an organisation; send the version you read.</summary>
public sealed record RenameOrganisationRequest(string? NameZh, string? NameEn, long? Version);
