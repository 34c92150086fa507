using System.Net;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Tests.Identity;

/// <summary>
/// The account use cases of <c>Identity.Contracts</c> called in-process, as code of the node itself calls them (the
/// demo loader, with an administrator <see cref="Actor"/> of an office): create a user, find it again, renew an API key.
/// </summary>
public abstract class AccountUseCasesTests(NodeFixture node)
{
    [Fact]
    public async Task A_loader_creates_a_user_finds_it_again_and_a_second_create_names_the_taken_user_name()
    {
        var userName = "uc-" + Guid.NewGuid().ToString("N")[..10];
        await using var scope = node.Services.CreateAsyncScope();
        var actor = await NodeAdministratorAsync(scope.ServiceProvider);
        var create = scope.ServiceProvider.GetRequiredService<CreateUser>();
        var find = scope.ServiceProvider.GetRequiredService<FindUser>();

        Assert.Equal(StatusCodes.Status404NotFound, (await find.HandleAsync(actor, userName, CancellationToken.None)).StatusCode);

        var created = await create.HandleAsync(actor, new NewUser(userName, "Use-case officer", "use-case-password-1", ["officer"], "ciq-zj", null), CancellationToken.None);
        Assert.True(created.Succeeded);
        Assert.Equal("CIQ-ZJ", created.Value!.Organisation);

        var found = await find.HandleAsync(actor, userName, CancellationToken.None);
        Assert.True(found.Succeeded);
        Assert.Equal(created.Value.Id, found.Value!.Id);
        Assert.Equal("Use-case officer", found.Value.DisplayName);
        Assert.Equal(["officer"], found.Value.Roles);
        Assert.Equal("CIQ-ZJ", found.Value.Organisation);

        var again = await create.HandleAsync(actor, new NewUser(userName, "Use-case officer", "use-case-password-1", ["officer"], "CIQ-ZJ", null), CancellationToken.None);
        Assert.False(again.Succeeded);
        Assert.Equal(StatusCodes.Status400BadRequest, again.StatusCode);
        Assert.Equal([$"'{userName}' is already taken"], again.Invalid!.ProblemDetails.Errors["userName"]);

        // The user created in-process signs in over HTTP like any other.
        using var client = await node.SignInAsync(userName, "use-case-password-1");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Renewing_a_key_revokes_the_earlier_keys_of_that_name_only_and_the_new_key_works()
    {
        var userName = "uc-sys-" + Guid.NewGuid().ToString("N")[..10];
        await using var scope = node.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var actor = await NodeAdministratorAsync(services);
        Assert.True((await services.GetRequiredService<CreateUser>().HandleAsync(actor, new NewUser(userName, "Use-case system", null, ["system"], "AQSIQ", null), CancellationToken.None)).Succeeded);

        var other = await services.GetRequiredService<IssueApiKey>().HandleAsync(actor, userName, new ApiKeyRequest("integration"), CancellationToken.None);
        var renew = services.GetRequiredService<RenewApiKey>();
        var first = await renew.HandleAsync(actor, new ApiKeyRenewal(userName, "gq demo"), CancellationToken.None);
        using (var firstClient = node.WithApiKey(first.Value!.Key))
        {
            Assert.Equal(HttpStatusCode.OK, (await firstClient.GetAsync("/api/auth/me")).StatusCode);
        }

        var second = await renew.HandleAsync(actor, new ApiKeyRenewal(userName, "gq demo"), CancellationToken.None);
        Assert.True(second.Succeeded);
        Assert.NotEqual(first.Value.Key, second.Value!.Key);

        var keys = (await services.GetRequiredService<ListApiKeys>().HandleAsync(actor, userName, CancellationToken.None)).Value!;
        Assert.NotNull(keys.Single(k => k.Id == first.Value.Id).RevokedAt);
        Assert.Null(keys.Single(k => k.Id == second.Value.Id).RevokedAt);
        Assert.Null(keys.Single(k => k.Id == other.Value!.Id).RevokedAt);

        // The revoked key is refused at once (its cache entry is gone), the fresh and the other key work.
        using var revoked = node.WithApiKey(first.Value.Key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await revoked.GetAsync("/api/auth/me")).StatusCode);
        using var fresh = node.WithApiKey(second.Value.Key);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/auth/me")).StatusCode);
        using var kept = node.WithApiKey(other.Value!.Key);
        Assert.Equal(HttpStatusCode.OK, (await kept.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Renewing_names_its_missing_fields_and_an_unknown_user()
    {
        await using var scope = node.Services.CreateAsyncScope();
        var actor = await NodeAdministratorAsync(scope.ServiceProvider);
        var renew = scope.ServiceProvider.GetRequiredService<RenewApiKey>();

        var invalid = await renew.HandleAsync(actor, new ApiKeyRenewal(" ", null), CancellationToken.None);
        Assert.Equal(StatusCodes.Status400BadRequest, invalid.StatusCode);
        Assert.Equal(["name", "userName"], invalid.Invalid!.ProblemDetails.Errors.Keys.Order(StringComparer.Ordinal).ToArray());

        var unknown = await renew.HandleAsync(actor, new ApiKeyRenewal("no-such-user-" + Guid.NewGuid().ToString("N")[..6], "gq demo"), CancellationToken.None);
        Assert.Equal(StatusCodes.Status404NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task An_actor_who_is_not_an_administrator_creates_finds_and_renews_nothing()
    {
        var userName = "uc-no-" + Guid.NewGuid().ToString("N")[..10];
        await using var scope = node.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var admin = await NodeAdministratorAsync(services);
        // An officer (and a system client) of the same office, without the admin role.
        var officer = admin with { Roles = UserRoles.Officer | UserRoles.System };

        var create = await services.GetRequiredService<CreateUser>().HandleAsync(officer, new NewUser(userName, "Nobody", "use-case-password-1", ["officer"], "AQSIQ", null), CancellationToken.None);
        Assert.Equal(StatusCodes.Status403Forbidden, create.StatusCode);
        Assert.Equal(StatusCodes.Status403Forbidden, (await services.GetRequiredService<FindUser>().HandleAsync(officer, "admin", CancellationToken.None)).StatusCode);
        Assert.Equal(StatusCodes.Status403Forbidden, (await services.GetRequiredService<RenewApiKey>().HandleAsync(officer, new ApiKeyRenewal("admin", "gq demo"), CancellationToken.None)).StatusCode);
        Assert.Equal(StatusCodes.Status404NotFound, (await services.GetRequiredService<FindUser>().HandleAsync(admin, userName, CancellationToken.None)).StatusCode);
    }

    [Fact]
    public async Task The_sign_in_use_case_refuses_a_wrong_password_and_opens_a_session_for_the_right_one()
    {
        await using var scope = node.Services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<SignInUser>();

        var invalid = await handler.HandleAsync(Context(scope.ServiceProvider), new SignInRequest("ciq.zhejiang", "   "), CancellationToken.None);
        Assert.Equal(["password"], invalid.Invalid!.ProblemDetails.Errors.Keys.ToArray());

        var wrongHttp = Context(scope.ServiceProvider);
        var wrong = await handler.HandleAsync(wrongHttp, new SignInRequest("ciq.zhejiang", "not-the-password"), CancellationToken.None);
        Assert.Equal(new SignInResult(SignInOutcome.WrongCredentials, TimeSpan.Zero), wrong.Value);
        Assert.False(wrong.Value!.SignedIn);
        Assert.False(wrongHttp.Response.Headers.ContainsKey("Set-Cookie"));

        var rightHttp = Context(scope.ServiceProvider);
        var right = await handler.SignInAsync(rightHttp, "ciq.zhejiang", "demo-ciq-2026", CancellationToken.None);
        Assert.True(right.SignedIn);
        Assert.False(right.MustWait);
        Assert.Contains(rightHttp.Response.Headers.SetCookie, c => c is not null && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
    }

    private static DefaultHttpContext Context(IServiceProvider services) =>
        new() { RequestServices = services, Connection = { RemoteIpAddress = IPAddress.Loopback } };

    /// <summary>An administrator of AQSIQ acting as the node itself (no user row), as the demo loader does.</summary>
    private static async Task<Actor> NodeAdministratorAsync(IServiceProvider services)
    {
        var aqsiq = await services.GetRequiredService<IAccountDirectory>().FindOrganisationAsync("AQSIQ", CancellationToken.None);
        Assert.NotNull(aqsiq);
        return new Actor(Guid.Empty, "gq test", UserRoles.Admin | UserRoles.System, aqsiq.Id, aqsiq.Code, aqsiq.Agency, aqsiq.ProvinceCode, null)
        {
            OrganisationKind = aqsiq.Kind,
        };
    }
}

[Collection("sqlite")]
public sealed class AccountUseCasesOnSqlite(SqliteNode node) : AccountUseCasesTests(node);

[Collection("postgres")]
public sealed class AccountUseCasesOnPostgres(PostgresNode node) : AccountUseCasesTests(node);
