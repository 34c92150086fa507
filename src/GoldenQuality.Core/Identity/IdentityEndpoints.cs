using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace GoldenQuality.Identity;

public sealed record SignInRequest(string? UserName, string? Password);

public sealed record MeView(string UserName, string DisplayName, string[] Roles, string? Organisation, string? OrganisationNameZh, string? OrganisationNameEn, string? Agency, string? EnterpriseUscc, string? EnterpriseNameZh);

public sealed record UserView(Guid Id, string UserName, string DisplayName, string[] Roles, string? Organisation, string? EnterpriseUscc, bool Active);

public sealed record ApiKeyRequest(string? Name);

/// <summary>A change to a user: new roles, or the active flag (false ends the user's sessions and keys at once).</summary>
public sealed record UserChange(string[]? Roles, bool? Active);

public sealed record ApiKeyIssued(Guid Id, string Name, string Prefix, string Key, string Note);

public sealed record ApiKeyView(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>Sign-in for people (cookie) and administration of users and API keys.</summary>
internal static class IdentityEndpoints
{
    public static IEndpointRouteBuilder MapIdentity(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Identity");
        auth.MapPost("/sign-in", SignIn).AllowAnonymous().WithName("SignIn")
            .WithSummary("Signs a person in with user name and password and sets the session cookie.");
        auth.MapPost("/sign-out", (Delegate)SignOut).WithName("SignOut").RequireAuthorization(Policies.SignedIn);
        auth.MapGet("/me", Me).WithName("Me").RequireAuthorization(Policies.SignedIn).WithSummary("The signed-in user, office or enterprise, and roles.");

        var admin = app.MapGroup("/api/identity").WithTags("Identity").RequireAuthorization(Policies.Administrator);
        admin.MapGet("/users", ListUsers).WithName("ListUsers");
        admin.MapPost("/users", CreateUser).WithName("CreateUser").WithSummary("Creates a user. Administrators only.");
        admin.MapPatch("/users/{userName}", UpdateUser).WithName("UpdateUser")
            .WithSummary("Changes a user's roles or active flag; their sessions and API keys follow at the next request. Administrators only.");
        admin.MapPost("/users/{userName}/api-keys", IssueKey).WithName("IssueApiKey")
            .WithSummary("Issues an API key for a user; the key is shown once and stored only as a hash. Administrators only.");
        admin.MapGet("/users/{userName}/api-keys", ListKeys).WithName("ListApiKeys");
        admin.MapDelete("/api-keys/{id:guid}", RevokeKey).WithName("RevokeApiKey");
        return app;
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult, EmptyHttpResult>> SignIn(
        HttpContext http, Sessions sessions, SignInRequest request, CancellationToken ct)
    {
        var v = new Validation();
        var userName = v.Required("userName", request.UserName, 128);
        var password = v.Required("password", request.Password, 256);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var (outcome, user, retryAfter) = await sessions.CheckPasswordAsync(userName, password, http.Connection.RemoteIpAddress?.ToString() ?? "", ct);
        switch (outcome)
        {
            case SignInOutcome.SignedIn:
                await sessions.SignInAsync(http, user!, ct);
                return TypedResults.NoContent();
            case SignInOutcome.Locked:
                await NodeSecurity.TooManyAsync(http, retryAfter, "This account is locked after too many wrong passwords; try again later or ask an administrator.");
                return TypedResults.Empty;
            case SignInOutcome.Throttled:
                await NodeSecurity.TooManyAsync(http, retryAfter, "Too many wrong passwords for this user name; wait before trying again.");
                return TypedResults.Empty;
            default:
                return TypedResults.Problem(detail: "The user name or password is wrong.", statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
        }
    }

    private static async Task<NoContent> SignOut(HttpContext http, Sessions sessions, CancellationToken ct)
    {
        await sessions.SignOutAsync(http, ct);
        return TypedResults.NoContent();
    }

    /// <summary>There are five roles; a longer list is refused before any name is read.</summary>
    private const int MaxRoleNames = 16;

    private static async Task<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>> UpdateUser(
        GqDbContext db, HttpContext http, IMemoryCache cache, IAccountDirectory directory, string userName, UserChange request, CancellationToken ct)
    {
        if (!Actor.From(http.User).IsAdmin)
        {
            return Problems.Forbidden("Only administrators may change users.");
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, ct);
        if (user is null)
        {
            return Problems.NotFound("user", userName);
        }

        var v = new Validation();
        var roles = user.Roles;
        if (request.Roles is { } names)
        {
            string? unknown = null;
            if (names.Length > MaxRoleNames)
            {
                v.Add("roles", $"at most {MaxRoleNames} role names");
            }
            else if (names.Length == 0 || !Actor.TryParseRoles(names, out roles, out unknown))
            {
                v.Add("roles", names.Length == 0 ? "must name at least one role" : $"'{unknown}' is not one of: {string.Join(", ", WireNames.All<UserRoles>().Where(n => n != "none"))}");
            }
            else if ((user.EnterpriseId is not null) != roles.HasFlag(UserRoles.EnterpriseUser) || (roles.HasFlag(UserRoles.EnterpriseUser) && roles != UserRoles.EnterpriseUser))
            {
                v.Add("roles", user.EnterpriseId is not null ? "an enterprise user holds the enterprise-user role only" : "an office user cannot hold the enterprise-user role");
            }
        }

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
        Sessions.Changed(cache, user.Id);
        var org = user.OrganisationId is { } oid ? (await directory.FindOrganisationAsync(oid, ct))?.Code : null;
        var uscc = user.EnterpriseId is { } eid ? (await directory.FindEnterpriseAsync(eid, ct))?.Uscc : null;
        return TypedResults.Ok(new UserView(user.Id, user.UserName, user.DisplayName, WireNames.Flags(user.Roles), org, uscc, user.Active));
    }

    private static async Task<Results<Ok<MeView>, ProblemHttpResult>> Me(GqDbContext db, HttpContext http, IAccountDirectory directory, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == actor.UserId, ct);
        if (user is null)
        {
            return Problems.NotFound("user", actor.UserName);
        }

        var organisation = user.OrganisationId is { } oid ? await directory.FindOrganisationAsync(oid, ct) : null;
        var enterprise = user.EnterpriseId is { } eid ? await directory.FindEnterpriseAsync(eid, ct) : null;
        return TypedResults.Ok(new MeView(user.UserName, user.DisplayName, WireNames.Flags(user.Roles), organisation?.Code, organisation?.NameZh,
            organisation?.NameEn, organisation?.Agency, enterprise?.Uscc, enterprise?.NameZh));
    }

    private static async Task<Results<Ok<UserView[]>, ProblemHttpResult>> ListUsers(GqDbContext db, HttpContext http, IAccountDirectory directory, CancellationToken ct)
    {
        if (!Actor.From(http.User).IsAdmin)
        {
            return Problems.Forbidden("Only administrators may list users.");
        }

        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        var codes = await directory.OrganisationCodesAsync([.. users.Where(u => u.OrganisationId is not null).Select(u => u.OrganisationId!.Value).Distinct()], ct);
        var usccs = await directory.EnterpriseUsccsAsync([.. users.Where(u => u.EnterpriseId is not null).Select(u => u.EnterpriseId!.Value).Distinct()], ct);
        return TypedResults.Ok(users.Select(u => new UserView(u.Id, u.UserName, u.DisplayName, WireNames.Flags(u.Roles),
            u.OrganisationId is { } o ? codes.GetValueOrDefault(o) : null, u.EnterpriseId is { } e ? usccs.GetValueOrDefault(e) : null, u.Active)).ToArray());
    }

    private static async Task<Results<Created<UserView>, ValidationProblem, ProblemHttpResult>> CreateUser(
        GqDbContext db, HttpContext http, UserAccounts accounts, IAccountDirectory directory, NewUser request, CancellationToken ct)
    {
        if (!Actor.From(http.User).IsAdmin)
        {
            return Problems.Forbidden("Only administrators may create users.");
        }

        var v = new Validation();
        var user = await accounts.AddAsync(request, v, ct);
        if (user is null)
        {
            return v.Result();
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/identity/users/{user.UserName}",
            new UserView(user.Id, user.UserName, user.DisplayName, WireNames.Flags(user.Roles), request.Organisation?.Trim().ToUpperInvariant(), request.EnterpriseUscc is null ? null : directory.NormaliseUscc(request.EnterpriseUscc), user.Active));
    }

    private static async Task<Results<Created<ApiKeyIssued>, ValidationProblem, ProblemHttpResult>> IssueKey(
        GqDbContext db, HttpContext http, TimeProvider clock, string userName, ApiKeyRequest request, CancellationToken ct)
    {
        if (!Actor.From(http.User).IsAdmin)
        {
            return Problems.Forbidden("Only administrators may issue API keys.");
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, ct);
        if (user is null)
        {
            return Problems.NotFound("user", userName);
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
        return TypedResults.Created($"/api/identity/users/{userName}/api-keys",
            new ApiKeyIssued(record.Id, record.Name, record.Prefix, secret, "Store this key now: only its hash is kept, and it cannot be shown again."));
    }

    private static async Task<Results<Ok<ApiKeyView[]>, ProblemHttpResult>> ListKeys(GqDbContext db, HttpContext http, string userName, CancellationToken ct)
    {
        if (!Actor.From(http.User).IsAdmin)
        {
            return Problems.Forbidden("Only administrators may list API keys.");
        }

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == userName, ct);
        if (user is null)
        {
            return Problems.NotFound("user", userName);
        }

        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.UserId == user.Id).OrderBy(k => k.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(keys.Select(k => new ApiKeyView(k.Id, k.Name, k.Prefix, k.CreatedAt, k.RevokedAt)).ToArray());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(
        GqDbContext db, HttpContext http, TimeProvider clock, IMemoryCache cache, Guid id, CancellationToken ct)
    {
        if (!Actor.From(http.User).IsAdmin)
        {
            return Problems.Forbidden("Only administrators may revoke API keys.");
        }

        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct);
        if (key is null)
        {
            return Problems.NotFound("API key", id.ToString());
        }

        key.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        cache.Remove(ApiKeyHandler.CacheKey(key.Hash));
        return TypedResults.NoContent();
    }
}
