using System.Security.Claims;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;

namespace GoldenQuality.Identity;

/// <summary>The claims the node issues for an account at sign-in (cookie or API key); <see cref="Actor.From"/> reads them back.</summary>
internal static class AccountClaims
{
    public static ClaimsIdentity Identity(User user, AccountOrganisation? organisation, AccountEnterprise? enterprise, string scheme)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.UserName),
            new(GqClaims.UserId, user.Id.ToString()),
            new(GqClaims.Roles, user.Roles.ToString()),
        };
        claims.AddRange(WireNames.Flags(user.Roles).Select(r => new Claim(ClaimTypes.Role, r)));
        if (organisation is not null)
        {
            claims.Add(new(GqClaims.OrganisationId, organisation.Id.ToString()));
            claims.Add(new(GqClaims.OrganisationCode, organisation.Code));
            claims.Add(new(GqClaims.Agency, organisation.Agency));
            claims.Add(new(GqClaims.OrganisationKind, organisation.Kind));
            if (organisation.ProvinceCode is { } province)
            {
                claims.Add(new(GqClaims.Province, province));
            }
        }

        if (user.EnterpriseId is { } enterpriseId)
        {
            claims.Add(new(GqClaims.EnterpriseId, enterpriseId.ToString()));
            if (enterprise is not null && enterprise.Id == enterpriseId)
            {
                claims.Add(new(GqClaims.EnterpriseUscc, enterprise.Uscc));
            }
        }

        return new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role);
    }
}
