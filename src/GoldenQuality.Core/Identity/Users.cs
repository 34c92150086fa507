using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Identity;

/// <summary>Creates users and checks passwords (ASP.NET Core Identity's PBKDF2 hasher).</summary>
internal sealed class UserAccounts(GqDbContext db, IAccountDirectory directory, TimeProvider clock, IPasswordHasher<User> hasher)
{
    public const int MinimumPasswordLength = 10;

    /// <summary>Validates and adds a user (not yet saved); returns null with the errors in <paramref name="v"/> when invalid.</summary>
    public async Task<User?> AddAsync(NewUser request, Validation v, CancellationToken ct)
    {
        var userName = v.Required("userName", request.UserName, 128);
        var displayName = v.Required("displayName", request.DisplayName, 256);
        if (userName.Length > 0 && await db.Users.AnyAsync(u => u.UserName == userName, ct))
        {
            v.Add("userName", new Message("identity.user-name-taken", userName));
        }

        UserRoles roles = UserRoles.None;
        if (request.Roles is null || request.Roles.Length == 0)
        {
            v.Add("roles", new Message("registry.roles-required", string.Join(", ", WireNames.All<UserRoles>().Where(n => n != "none"))));
        }
        else if (!Actor.TryParseRoles(request.Roles, out roles, out var unknown))
        {
            v.Add("roles", Message.NotOneOf(unknown!, string.Join(", ", WireNames.All<UserRoles>().Where(n => n != "none"))));
        }

        AccountOrganisation? organisation = null;
        AccountEnterprise? enterprise = null;
        if (!string.IsNullOrWhiteSpace(request.Organisation))
        {
            var code = request.Organisation.Trim().ToUpperInvariant();
            organisation = await directory.FindOrganisationAsync(code, ct);
            if (organisation is null)
            {
                v.Add("organisation", new Message("registry.unknown-organisation", code));
            }
        }

        if (!string.IsNullOrWhiteSpace(request.EnterpriseUscc))
        {
            var uscc = directory.NormaliseUscc(request.EnterpriseUscc);
            enterprise = await directory.FindEnterpriseAsync(uscc, ct);
            if (enterprise is null)
            {
                v.Add("enterpriseUscc", new Message("identity.no-enterprise", uscc));
            }
        }

        var isEnterpriseUser = roles.HasFlag(UserRoles.EnterpriseUser);
        if (isEnterpriseUser && roles != UserRoles.EnterpriseUser)
        {
            v.Add("roles", new Message("identity.enterprise-user-agency-roles"));
        }

        if (isEnterpriseUser && string.IsNullOrWhiteSpace(request.EnterpriseUscc))
        {
            v.Add("enterpriseUscc", new Message("identity.uscc-required"));
        }

        if (!isEnterpriseUser && roles != UserRoles.None && string.IsNullOrWhiteSpace(request.Organisation))
        {
            v.Add("organisation", new Message("identity.organisation-required"));
        }

        if (isEnterpriseUser && !string.IsNullOrWhiteSpace(request.Organisation))
        {
            v.Add("organisation", new Message("identity.enterprise-user-no-office"));
        }

        var password = request.Password ?? "";
        if (roles != UserRoles.System && password.Length < MinimumPasswordLength)
        {
            v.Add("password", new Message("identity.password-length", MinimumPasswordLength));
        }

        if (!v.IsValid)
        {
            return null;
        }

        var user = User.Create(Ids.New(clock), userName, displayName, roles, organisation?.Id, enterprise?.Id, clock.GetUtcNow());
        if (password.Length > 0)
        {
            user.SetPasswordHash(hasher.HashPassword(user, password));
        }

        db.Users.Add(user);
        return user;
    }
}
