using GoldenQuality.Common;

namespace GoldenQuality.Registry;

/// <summary>The roles an enterprise plays in trade.</summary>
[Flags]
public enum EnterpriseRoles
{
    None = 0,
    Manufacturer = 1,
    Exporter = 2,
    Importer = 4,
    Agent = 8,
}

/// <summary>The legal form of an enterprise.</summary>
public enum EnterpriseType
{
    LimitedLiabilityCompany,
    JointStockCompany,
    StateOwnedEnterprise,
    ForeignInvestedEnterprise,
    Partnership,
    SoleProprietorship,
    IndividualBusiness,
    FarmersCooperative,
    Other,
}

/// <summary>
/// The one master record of an enterprise, keyed by its Unified Social Credit Code. Every module reads
/// enterprises from here; every change is kept in <see cref="EnterpriseChange"/>.
/// </summary>
public sealed class Enterprise
{
    private readonly List<EnterpriseRegistration> registrations = [];

    private Enterprise()
    {
    }

    public Guid Id { get; private set; }

    public string Uscc { get; private set; } = "";

    public string NameZh { get; private set; } = "";

    public string? NameEn { get; private set; }

    public string Address { get; private set; } = "";

    /// <summary>The GB/T 2260 code of the area where the enterprise is registered.</summary>
    public string AreaCode { get; private set; } = "";

    public string LegalRepresentative { get; private set; } = "";

    public EnterpriseType Type { get; private set; }

    public string BusinessScope { get; private set; } = "";

    public EnterpriseRoles Roles { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Incremented by every change; updates must name the version they were based on.</summary>
    public long Version { get; private set; }

    public IReadOnlyList<EnterpriseRegistration> Registrations => registrations;

    /// <summary>
    /// The record as the API returns it (JSON), refreshed on every save by <see cref="EnterpriseViewRefresher"/>,
    /// so that the hot look-up by USCC is one indexed read (docs/decisions/0003-enterprise-read-model.md).
    /// </summary>
    public string ViewJson { get; private set; } = "";

    internal static Enterprise Create(Guid id, string uscc, EnterpriseDetails details, DateTimeOffset now)
    {
        var enterprise = new Enterprise { Id = id, Uscc = uscc, CreatedAt = now, UpdatedAt = now, Version = 1 };
        enterprise.Assign(details);
        return enterprise;
    }

    /// <summary>The current values of the editable fields.</summary>
    internal EnterpriseDetails Details() =>
        new(NameZh, NameEn, Address, AreaCode, LegalRepresentative, Type, BusinessScope, Roles);

    /// <summary>Applies new details and returns the fields that changed, with old and new values.</summary>
    internal IReadOnlyList<(string Field, string? Old, string? New)> Update(EnterpriseDetails details, DateTimeOffset now)
    {
        var before = Details();
        var changes = before.Diff(details);
        if (changes.Count > 0)
        {
            Assign(details);
            UpdatedAt = now;
            Version++;
        }

        return changes;
    }

    /// <summary>A copy kept by another agency's node carries the publisher's version, so that older events are ignored.</summary>
    internal void Replicated(long version) => Version = version;

    internal void AddRegistration(EnterpriseRegistration registration, DateTimeOffset now)
    {
        registrations.Add(registration);
        UpdatedAt = now;
        Version++;
    }

    internal void RemoveRegistration(EnterpriseRegistration registration, DateTimeOffset now)
    {
        registrations.Remove(registration);
        UpdatedAt = now;
        Version++;
    }

    private void Assign(EnterpriseDetails d)
    {
        (NameZh, NameEn, Address, AreaCode, LegalRepresentative, Type, BusinessScope, Roles) =
            (d.NameZh, d.NameEn, d.Address, d.AreaCode, d.LegalRepresentative, d.Type, d.BusinessScope, d.Roles);
    }
}

/// <summary>The editable fields of an enterprise record, already validated.</summary>
internal sealed record EnterpriseDetails(
    string NameZh,
    string? NameEn,
    string Address,
    string AreaCode,
    string LegalRepresentative,
    EnterpriseType Type,
    string BusinessScope,
    EnterpriseRoles Roles)
{
    public IReadOnlyList<(string Field, string? Old, string? New)> Diff(EnterpriseDetails next)
    {
        var changes = new List<(string, string?, string?)>();
        void Compare(string field, string? a, string? b)
        {
            if (!string.Equals(a, b, StringComparison.Ordinal))
            {
                changes.Add((field, a, b));
            }
        }

        Compare("nameZh", NameZh, next.NameZh);
        Compare("nameEn", NameEn, next.NameEn);
        Compare("address", Address, next.Address);
        Compare("areaCode", AreaCode, next.AreaCode);
        Compare("legalRepresentative", LegalRepresentative, next.LegalRepresentative);
        Compare("type", WireNames.Of(Type), WireNames.Of(next.Type));
        Compare("businessScope", BusinessScope, next.BusinessScope);
        Compare("roles", string.Join(",", WireNames.Flags(Roles)), string.Join(",", WireNames.Flags(next.Roles)));
        return changes;
    }
}

/// <summary>A registration an enterprise holds with an agency (e.g. a CIQ declaration registration).</summary>
public sealed class EnterpriseRegistration
{
    private EnterpriseRegistration()
    {
    }

    public Guid Id { get; private set; }

    public Guid EnterpriseId { get; private set; }

    /// <summary>The office that granted it; only that office's administrative line may change it.</summary>
    public Guid AgencyOrganisationId { get; private set; }

    public Organisation AgencyOrganisation { get; private set; } = null!;

    /// <summary>What the registration is, e.g. <c>declaration-registration</c> or <c>export-food-producer</c>.</summary>
    public string Kind { get; private set; } = "";

    public string Number { get; private set; } = "";

    public DateOnly ValidFrom { get; private set; }

    public DateOnly? ValidTo { get; private set; }

    internal static EnterpriseRegistration Create(Guid id, Guid enterpriseId, Organisation agency, string kind, string number, DateOnly validFrom, DateOnly? validTo) =>
        new()
        {
            Id = id,
            EnterpriseId = enterpriseId,
            AgencyOrganisationId = agency.Id,
            AgencyOrganisation = agency,
            Kind = kind,
            Number = number,
            ValidFrom = validFrom,
            ValidTo = validTo,
        };

    internal string Describe() =>
        $"{AgencyOrganisation.Code} {Kind} {Number} {ValidFrom:yyyy-MM-dd}..{(ValidTo is { } to ? to.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "")}";
}

/// <summary>One changed field of an enterprise record: who, which agency, when, old and new value.</summary>
public sealed class EnterpriseChange
{
    private EnterpriseChange()
    {
    }

    public Guid Id { get; private set; }

    public Guid EnterpriseId { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string ChangedBy { get; private set; } = "";

    /// <summary>The organisation or enterprise on whose behalf the change was made.</summary>
    public string OnBehalfOf { get; private set; } = "";

    public string Field { get; private set; } = "";

    public string? OldValue { get; private set; }

    public string? NewValue { get; private set; }

    internal static EnterpriseChange Create(Guid id, Guid enterpriseId, DateTimeOffset at, string changedBy, string onBehalfOf, string field, string? oldValue, string? newValue) =>
        new() { Id = id, EnterpriseId = enterpriseId, At = at, ChangedBy = changedBy, OnBehalfOf = onBehalfOf, Field = field, OldValue = oldValue, NewValue = newValue };
}

/// <summary>A pilot-era USCC that is legally valid although its check character does not match.</summary>
public sealed class UsccAllowListEntry
{
    private UsccAllowListEntry()
    {
    }

    public string Uscc { get; private set; } = "";

    public string Reason { get; private set; } = "";

    public string AddedBy { get; private set; } = "";

    public DateTimeOffset AddedAt { get; private set; }

    internal static UsccAllowListEntry Create(string uscc, string reason, string addedBy, DateTimeOffset at) =>
        new() { Uscc = uscc, Reason = reason, AddedBy = addedBy, AddedAt = at };
}
