using System.Globalization;
using System.Security.Claims;

namespace GoldenQuality.Identity.Contracts;

/// <summary>Claim types the node issues at sign-in.</summary>
public static class GqClaims
{
    public const string UserId = "gq:user";
    public const string Roles = "gq:roles";
    public const string OrganisationId = "gq:org";
    public const string OrganisationCode = "gq:org-code";
    public const string Agency = "gq:agency";
    public const string Province = "gq:province";
    public const string EnterpriseId = "gq:enterprise";
    public const string EnterpriseUscc = "gq:enterprise-uscc";
    public const string OrganisationKind = "gq:org-kind";
}

/// <summary>
/// The signed-in user as the modules see it (ids and codes only), with the access rules of the foundation:
/// an enterprise user acts for its own enterprise only; an officer changes only the records of its own
/// administrative line (a provincial BQS officer cannot change CIQ records).
/// </summary>
public sealed record Actor(
    Guid UserId,
    string UserName,
    UserRoles Roles,
    Guid? OrganisationId,
    string? OrganisationCode,
    string? Agency,
    string? Province,
    Guid? EnterpriseId)
{
    /// <summary>The kind of the actor's organisation (kebab-case, e.g. <c>ciq-port-office</c>), for the port-office policy.</summary>
    public string? OrganisationKind { get; init; }

    /// <summary>The USCC of the enterprise an enterprise user acts for (normal form; a USCC never changes).</summary>
    public string? EnterpriseUscc { get; init; }

    public bool IsOfficial => (Roles & (UserRoles.Officer | UserRoles.Supervisor | UserRoles.Admin | UserRoles.System)) != 0
        && OrganisationId is not null;

    public bool IsAdmin => Roles.HasFlag(UserRoles.Admin) && OrganisationId is not null;

    /// <summary>Who a change is made on behalf of, for the history: the office's code, or the enterprise by its USCC.</summary>
    public string OnBehalfOf => OrganisationCode ?? (EnterpriseUscc is { } u ? $"enterprise:{u}" : EnterpriseId is { } e ? $"enterprise:{e}" : UserName);

    public static Actor From(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        static Guid? G(string? s) => Guid.TryParse(s, out var g) ? g : null;
        return new Actor(
            G(principal.FindFirstValue(GqClaims.UserId)) ?? Guid.Empty,
            principal.Identity?.Name ?? "",
            Enum.TryParse<UserRoles>(principal.FindFirstValue(GqClaims.Roles), out var roles) ? roles : UserRoles.None,
            G(principal.FindFirstValue(GqClaims.OrganisationId)),
            principal.FindFirstValue(GqClaims.OrganisationCode),
            principal.FindFirstValue(GqClaims.Agency),
            principal.FindFirstValue(GqClaims.Province),
            G(principal.FindFirstValue(GqClaims.EnterpriseId)))
        {
            OrganisationKind = principal.FindFirstValue(GqClaims.OrganisationKind),
            EnterpriseUscc = principal.FindFirstValue(GqClaims.EnterpriseUscc),
        };
    }

    /// <summary>True when this actor may read the record of the enterprise with this id.</summary>
    public bool CanRead(Guid enterpriseId) =>
        IsOfficial || (EnterpriseId is { } own && own == enterpriseId);

    /// <summary>True when this actor may change the own fields of the enterprise with this id.</summary>
    public bool CanUpdate(Guid enterpriseId) => CanRead(enterpriseId);

    /// <summary>True when this actor may create enterprise records.</summary>
    public bool CanCreateEnterprises => IsOfficial;

    /// <summary>
    /// True when this actor may change records owned by an organisation of <paramref name="ownerAgency"/> (in
    /// province <paramref name="ownerProvince"/>): the AQSIQ line (AQSIQ and its CIQ bureaus) changes its own; a
    /// BQS bureau changes only its own province's; any other agency its own. An AQSIQ administrator may change any record.
    /// </summary>
    public bool CanChangeRecordsOf(string ownerAgency, string? ownerProvince)
    {
        ArgumentNullException.ThrowIfNull(ownerAgency);
        if (!IsOfficial || Agency is null)
        {
            return false;
        }

        if (IsAdmin && Agency == "AQSIQ")
        {
            return true;
        }

        return ownerAgency switch
        {
            "AQSIQ" or "CIQ" => Agency is "AQSIQ" or "CIQ",
            "BQS" => Agency == "BQS" && Province == ownerProvince,
            _ => Agency == ownerAgency,
        };
    }

    /// <summary>Parses role names such as <c>officer</c> or <c>enterprise-user</c>.</summary>
    public static bool TryParseRoles(IEnumerable<string> names, out UserRoles roles, out string? unknown)
    {
        ArgumentNullException.ThrowIfNull(names);
        roles = UserRoles.None;
        foreach (var name in names)
        {
            if (!Common.WireNames.TryParse<UserRoles>(name, out var role) || role == UserRoles.None)
            {
                unknown = name;
                return false;
            }

            roles |= role;
        }

        unknown = null;
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{UserName} ({OnBehalfOf})");
}
