using GoldenQuality.Common;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Identity.Contracts;

/// <summary>A user to create: an office user names its organisation code, an enterprise user its USCC; a system user may have no password.</summary>
public sealed record NewUser(string? UserName, string? DisplayName, string? Password, string[]? Roles, string? Organisation, string? EnterpriseUscc);

/// <summary>A user as administrators see it: roles as kebab-case names, the office's code or the enterprise's USCC.</summary>
public sealed record UserView(Guid Id, string UserName, string DisplayName, string[] Roles, string? Organisation, string? EnterpriseUscc, bool Active);

/// <summary>The signed-in user, with the names of its office or enterprise.</summary>
public sealed record MeView(string UserName, string DisplayName, string[] Roles, string? Organisation, string? OrganisationNameZh, string? OrganisationNameEn, string? Agency, string? EnterpriseUscc, string? EnterpriseNameZh);

/// <summary>A change to a user: new roles, or the active flag (false ends the user's sessions and keys at once).</summary>
public sealed record UserChange(string[]? Roles, bool? Active);

public sealed record ApiKeyRequest(string? Name);

/// <summary>A fresh key for a user, named <see cref="Name"/>; the user's earlier keys of that name that are still valid are revoked.</summary>
public sealed record ApiKeyRenewal(string? UserName, string? Name);

/// <summary>A key just issued: <see cref="Key"/> is the secret, shown this once (only its hash is kept).</summary>
public sealed record ApiKeyIssued(Guid Id, string Name, string Prefix, string Key, string Note);

public sealed record ApiKeyView(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

// The account use cases are for administrators (Actor.IsAdmin: the admin role and an office). Code of the node itself
// (the demo loader, for instance) acts as an Actor with UserRoles.Admin (and System) and an office's id and code.

/// <summary>Creates a user (validated: a free user name, known roles, an existing office or enterprise, a long enough password).</summary>
public sealed class CreateUser
{
    private readonly GqDbContext db;
    private readonly UserAccounts accounts;
    private readonly IAccountDirectory directory;

    internal CreateUser(GqDbContext db, UserAccounts accounts, IAccountDirectory directory) => (this.db, this.accounts, this.directory) = (db, accounts, directory);

    public async Task<HandlerResult<UserView>> HandleAsync(Actor actor, NewUser request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (!actor.IsAdmin)
        {
            return Problems.Forbidden(new Message("identity.admins-create-users"));
        }

        var v = new Validation();
        var user = await accounts.AddAsync(request, v, ct);
        if (user is null)
        {
            return v.Result();
        }

        await db.SaveChangesAsync(ct);
        return new UserView(user.Id, user.UserName, user.DisplayName, WireNames.Flags(user.Roles), request.Organisation?.Trim().ToUpperInvariant(),
            request.EnterpriseUscc is null ? null : directory.NormaliseUscc(request.EnterpriseUscc), user.Active);
    }
}

/// <summary>A user by user name (exact), or 404: how a loader finds out whether a user it would create is already there.</summary>
public sealed class FindUser
{
    private readonly GqDbContext db;
    private readonly IAccountDirectory directory;

    internal FindUser(GqDbContext db, IAccountDirectory directory) => (this.db, this.directory) = (db, directory);

    public async Task<HandlerResult<UserView>> HandleAsync(Actor actor, string userName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsAdmin)
        {
            return Problems.Forbidden(new Message("identity.admins-read-users"));
        }

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == userName, ct);
        return user is null ? Problems.NotFound(new Message("noun.user"), userName) : await AccountViews.UserAsync(directory, user, ct);
    }
}

/// <summary>Every user of this node, by user name.</summary>
public sealed class ListUsers
{
    private readonly GqDbContext db;
    private readonly IAccountDirectory directory;

    internal ListUsers(GqDbContext db, IAccountDirectory directory) => (this.db, this.directory) = (db, directory);

    public async Task<HandlerResult<UserView[]>> HandleAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsAdmin)
        {
            return Problems.Forbidden(new Message("identity.admins-list-users"));
        }

        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        var codes = await directory.OrganisationCodesAsync([.. users.Where(u => u.OrganisationId is not null).Select(u => u.OrganisationId!.Value).Distinct()], ct);
        var usccs = await directory.EnterpriseUsccsAsync([.. users.Where(u => u.EnterpriseId is not null).Select(u => u.EnterpriseId!.Value).Distinct()], ct);
        return users.Select(u => new UserView(u.Id, u.UserName, u.DisplayName, WireNames.Flags(u.Roles),
            u.OrganisationId is { } o ? codes.GetValueOrDefault(o) : null, u.EnterpriseId is { } e ? usccs.GetValueOrDefault(e) : null, u.Active)).ToArray();
    }
}

/// <summary>The signed-in user as this node knows it, with its office or enterprise.</summary>
public sealed class ReadMe
{
    private readonly GqDbContext db;
    private readonly IAccountDirectory directory;

    internal ReadMe(GqDbContext db, IAccountDirectory directory) => (this.db, this.directory) = (db, directory);

    public async Task<HandlerResult<MeView>> HandleAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == actor.UserId, ct);
        if (user is null)
        {
            return Problems.NotFound(new Message("noun.user"), actor.UserName);
        }

        var organisation = user.OrganisationId is { } oid ? await directory.FindOrganisationAsync(oid, ct) : null;
        var enterprise = user.EnterpriseId is { } eid ? await directory.FindEnterpriseAsync(eid, ct) : null;
        return new MeView(user.UserName, user.DisplayName, WireNames.Flags(user.Roles), organisation?.Code, organisation?.NameZh,
            organisation?.NameEn, organisation?.Agency, enterprise?.Uscc, enterprise?.NameZh);
    }
}

/// <summary>
/// Changes a user's roles or active flag. An enterprise user holds the enterprise-user role only, an office user never
/// holds it; a bad role list changes nothing. The user's sessions and API keys follow at their next request.
/// </summary>
public sealed class UpdateUser
{
    /// <summary>There are five roles; a longer list is refused before any name is read.</summary>
    public const int MaxRoleNames = 16;

    private readonly GqDbContext db;
    private readonly IAccountDirectory directory;
    private readonly NodeSignals signals;

    internal UpdateUser(GqDbContext db, IAccountDirectory directory, NodeSignals signals) => (this.db, this.directory, this.signals) = (db, directory, signals);

    public async Task<HandlerResult<UserView>> HandleAsync(Actor actor, string userName, UserChange request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (!actor.IsAdmin)
        {
            return Problems.Forbidden(new Message("identity.admins-change-users"));
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, ct);
        if (user is null)
        {
            return Problems.NotFound(new Message("noun.user"), userName);
        }

        var v = new Validation();
        var roles = request.Roles is { } names ? CheckRoles(v, user, names) : user.Roles;
        if (!v.IsValid)
        {
            return v.Result();
        }

        if (request.Roles is not null && roles != user.Roles)
        {
            user.SetRoles(roles);
        }

        if (request.Active is { } active && active != user.Active)
        {
            if (active)
            {
                user.Activate();
            }
            else
            {
                user.Deactivate();
            }
        }

        await db.SaveChangesAsync(ct);
        await Sessions.ChangedAsync(signals, user.Id, ct);
        return await AccountViews.UserAsync(directory, user, ct);
    }

    /// <summary>The roles named, or the user's own with the errors in <paramref name="v"/>.</summary>
    private static UserRoles CheckRoles(Validation v, User user, string[] names)
    {
        string? unknown = null;
        if (names.Length > MaxRoleNames)
        {
            v.Add("roles", new Message("identity.roles-max", MaxRoleNames));
        }
        else if (names.Length == 0 || !Actor.TryParseRoles(names, out var roles, out unknown))
        {
            v.Add("roles", names.Length == 0 ? new Message("identity.roles-none") : Message.NotOneOf(unknown!, string.Join(", ", WireNames.All<UserRoles>().Where(n => n != "none"))));
        }
        else if ((user.EnterpriseId is not null) != roles.HasFlag(UserRoles.EnterpriseUser) || (roles.HasFlag(UserRoles.EnterpriseUser) && roles != UserRoles.EnterpriseUser))
        {
            v.Add("roles", new Message(user.EnterpriseId is not null ? "identity.enterprise-user-role-only" : "identity.office-user-no-enterprise-role"));
        }
        else
        {
            return roles;
        }

        return user.Roles;
    }
}

/// <summary>Issues an API key for a user; the secret is returned once and stored only as a hash.</summary>
public sealed class IssueApiKey
{
    private readonly GqDbContext db;
    private readonly TimeProvider clock;

    internal IssueApiKey(GqDbContext db, TimeProvider clock) => (this.db, this.clock) = (db, clock);

    public async Task<HandlerResult<ApiKeyIssued>> HandleAsync(Actor actor, string userName, ApiKeyRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (!actor.IsAdmin)
        {
            return Problems.Forbidden(new Message("identity.admins-issue-keys"));
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, ct);
        if (user is null)
        {
            return Problems.NotFound(new Message("noun.user"), userName);
        }

        var v = new Validation();
        var name = v.Required("name", request.Name, 128);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var (secret, record) = ApiKeys.Issue(user.Id, name, clock);
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync(ct);
        return AccountViews.Issued(record, secret);
    }
}

/// <summary>
/// Issues a fresh API key for a user and, in the same save, revokes the user's earlier keys of the same name that are
/// still valid (the demo renews its system key this way at every start). Other keys of the user are left alone.
/// </summary>
public sealed class RenewApiKey
{
    private readonly GqDbContext db;
    private readonly TimeProvider clock;
    private readonly NodeSignals signals;

    internal RenewApiKey(GqDbContext db, TimeProvider clock, NodeSignals signals) => (this.db, this.clock, this.signals) = (db, clock, signals);

    public async Task<HandlerResult<ApiKeyIssued>> HandleAsync(Actor actor, ApiKeyRenewal request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (!actor.IsAdmin)
        {
            return Problems.Forbidden(new Message("identity.admins-issue-keys"));
        }

        var v = new Validation();
        var userName = v.Required("userName", request.UserName, 128);
        var name = v.Required("name", request.Name, 128);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, ct);
        if (user is null)
        {
            return Problems.NotFound(new Message("noun.user"), userName);
        }

        var now = clock.GetUtcNow();
        var earlier = await db.ApiKeys.Where(k => k.UserId == user.Id && k.Name == name && k.RevokedAt == null).ToListAsync(ct);
        foreach (var old in earlier)
        {
            old.Revoke(now);
        }

        var (secret, record) = ApiKeys.Issue(user.Id, name, clock);
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync(ct);
        foreach (var old in earlier)
        {
            await signals.EvictAsync(ApiKeyHandler.CacheKey(old.Hash), ct);
        }

        return AccountViews.Issued(record, secret);
    }
}

/// <summary>A user's API keys (prefix and dates only; the secret is never kept), oldest first.</summary>
public sealed class ListApiKeys
{
    private readonly GqDbContext db;

    internal ListApiKeys(GqDbContext db) => this.db = db;

    public async Task<HandlerResult<ApiKeyView[]>> HandleAsync(Actor actor, string userName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsAdmin)
        {
            return Problems.Forbidden(new Message("identity.admins-list-keys"));
        }

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == userName, ct);
        if (user is null)
        {
            return Problems.NotFound(new Message("noun.user"), userName);
        }

        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.UserId == user.Id).OrderBy(k => k.CreatedAt).ToListAsync(ct);
        return keys.Select(k => new ApiKeyView(k.Id, k.Name, k.Prefix, k.CreatedAt, k.RevokedAt)).ToArray();
    }
}

/// <summary>Revokes an API key at once (this node's cache of it is cleared too).</summary>
public sealed class RevokeApiKey
{
    private readonly GqDbContext db;
    private readonly TimeProvider clock;
    private readonly NodeSignals signals;

    internal RevokeApiKey(GqDbContext db, TimeProvider clock, NodeSignals signals) => (this.db, this.clock, this.signals) = (db, clock, signals);

    public async Task<HandlerResult<ApiKeyView>> HandleAsync(Actor actor, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsAdmin)
        {
            return Problems.Forbidden(new Message("identity.admins-revoke-keys"));
        }

        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct);
        if (key is null)
        {
            return Problems.NotFound(new Message("noun.api-key"), id.ToString());
        }

        key.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await signals.EvictAsync(ApiKeyHandler.CacheKey(key.Hash), ct);
        return new ApiKeyView(key.Id, key.Name, key.Prefix, key.CreatedAt, key.RevokedAt);
    }
}

/// <summary>The account views the use cases return.</summary>
internal static class AccountViews
{
    public static async Task<UserView> UserAsync(IAccountDirectory directory, User user, CancellationToken ct)
    {
        var org = user.OrganisationId is { } oid ? (await directory.FindOrganisationAsync(oid, ct))?.Code : null;
        var uscc = user.EnterpriseId is { } eid ? (await directory.FindEnterpriseAsync(eid, ct))?.Uscc : null;
        return new UserView(user.Id, user.UserName, user.DisplayName, WireNames.Flags(user.Roles), org, uscc, user.Active);
    }

    public static ApiKeyIssued Issued(ApiKey record, string secret) =>
        new(record.Id, record.Name, record.Prefix, secret, "Store this key now: only its hash is kept, and it cannot be shown again.");
}
