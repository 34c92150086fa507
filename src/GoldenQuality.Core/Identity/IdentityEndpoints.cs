using System.Security.Claims;
using GoldenQuality.Common;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
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
        admin.MapPost("/users/{userName}/api-keys", IssueKey).WithName("IssueApiKey")
            .WithSummary("Issues an API key for a user; the key is shown once and stored only as a hash. Administrators only.");
        admin.MapGet("/users/{userName}/api-keys", ListKeys).WithName("ListApiKeys");
        admin.MapDelete("/api-keys/{id:guid}", RevokeKey).WithName("RevokeApiKey");
        return app;
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SignIn(
        GqDbContext db, HttpContext http, UserAccounts accounts, SignInRequest request, CancellationToken ct)
    {
        var v = new Validation();
        var userName = v.Required("userName", request.UserName, 128);
        var password = v.Required("password", request.Password, 256);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var user = await accounts.VerifyAsync(userName, password, ct);
        if (user is null)
        {
            return TypedResults.Problem(detail: "The user name or password is wrong.", statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
        }

        var organisation = user.OrganisationId is { } id ? await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) : null;
        var identity = Actor.Identity(user, organisation, CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SignOut(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<MeView>, ProblemHttpResult>> Me(GqDbContext db, HttpContext http, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == actor.UserId, ct);
        if (user is null)
        {
            return Problems.NotFound("user", actor.UserName);
        }

        var organisation = user.OrganisationId is { } oid ? await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == oid, ct) : null;
        var enterprise = user.EnterpriseId is { } eid ? await db.Enterprises.AsNoTracking().FirstOrDefaultAsync(e => e.Id == eid, ct) : null;
        return TypedResults.Ok(new MeView(user.UserName, user.DisplayName, WireNames.Flags(user.Roles), organisation?.Code, organisation?.NameZh,
            organisation?.NameEn, organisation?.Agency, enterprise?.Uscc, enterprise?.NameZh));
    }

    private static async Task<Results<Ok<UserView[]>, ProblemHttpResult>> ListUsers(GqDbContext db, HttpContext http, CancellationToken ct)
    {
        if (!Actor.From(http.User).IsAdmin)
        {
            return Problems.Forbidden("Only administrators may list users.");
        }

        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName)
            .Select(u => new
            {
                u.Id,
                u.UserName,
                u.DisplayName,
                u.Roles,
                Org = db.Organisations.Where(o => o.Id == u.OrganisationId).Select(o => o.Code).FirstOrDefault(),
                Uscc = db.Enterprises.Where(e => e.Id == u.EnterpriseId).Select(e => e.Uscc).FirstOrDefault(),
                u.Active,
            })
            .ToListAsync(ct);
        return TypedResults.Ok(users.Select(u => new UserView(u.Id, u.UserName, u.DisplayName, WireNames.Flags(u.Roles), u.Org, u.Uscc, u.Active)).ToArray());
    }

    private static async Task<Results<Created<UserView>, ValidationProblem, ProblemHttpResult>> CreateUser(
        GqDbContext db, HttpContext http, UserAccounts accounts, NewUser request, CancellationToken ct)
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
            new UserView(user.Id, user.UserName, user.DisplayName, WireNames.Flags(user.Roles), request.Organisation?.Trim().ToUpperInvariant(), request.EnterpriseUscc is null ? null : Registry.Uscc.Normalise(request.EnterpriseUscc), user.Active));
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
