using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Identity;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Tests.Security;

/// <summary>
/// The node's security domain (decision 0006): sessions belong to one node and follow its users at once;
/// sign-in is throttled and locks out; cookie-authenticated changes need the X-GQ-Request header and this node's origin.
/// </summary>
public abstract class SessionsTests(NodeFixture node)
{
    private const string Password = "session-test-pw-1";

    [Fact]
    public async Task A_session_cookie_of_one_node_is_refused_by_another()
    {
        await using var a = await SessionsNode.StartAsync(node.Provider);
        await using var b = await SessionsNode.StartAsync(node.Provider);
        var cookies = new CookieContainer();
        using (var signIn = a.Browser(cookies))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await signIn.PostAsJsonAsync("/api/auth/sign-in", new { userName = "admin", password = "demo-admin-2026" })).StatusCode);
        }

        var cookie = Assert.Single(cookies.GetCookies(a.BaseAddress), c => c.Name.StartsWith("gq.session.", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await Replay(a.BaseAddress, cookie.Name, cookie.Value).GetAsync("/api/auth/me")).StatusCode);

        // On the other node, under the name it was issued with and under the other node's own cookie name.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(b.BaseAddress, cookie.Name, cookie.Value).GetAsync("/api/auth/me")).StatusCode);
        var bCookies = new CookieContainer();
        using (var bSignIn = b.Browser(bCookies))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await bSignIn.PostAsJsonAsync("/api/auth/sign-in", new { userName = "admin", password = "demo-admin-2026" })).StatusCode);
        }

        var bName = Assert.Single(bCookies.GetCookies(b.BaseAddress), c => c.Name.StartsWith("gq.session.", StringComparison.Ordinal)).Name;
        Assert.NotEqual(cookie.Name, bName);
        using var forged = Replay(b.BaseAddress, bName, cookie.Value);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/auth/me")).StatusCode);
        var key = await forged.PostAsJsonAsync("/api/identity/users/customs.system/api-keys", new { name = "stolen" });
        Assert.Equal(HttpStatusCode.Unauthorized, key.StatusCode);
    }

    [Fact]
    public async Task Sign_out_revokes_the_session_on_the_server()
    {
        var userName = await NewUserAsync(["officer"]);
        var cookies = new CookieContainer();
        using var client = Browser(cookies);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password = Password })).StatusCode);
        var cookie = SessionCookie(cookies);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/auth/sign-out", null)).StatusCode);

        // The old cookie, kept by an attacker or a careless browser, no longer opens a session.
        using var replay = Replay(node.BaseAddress, cookie.Name, cookie.Value);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Deactivating_a_user_ends_their_live_session_and_their_api_keys()
    {
        var userName = await NewUserAsync(["officer"]);
        using var session = await node.SignInAsync(userName, Password);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/auth/me")).StatusCode);
        using var admin = await node.AdminAsync();
        var systemName = await NewUserAsync(["system"]);
        var issued = await admin.PostAsJsonAsync($"/api/identity/users/{systemName}/api-keys", new { name = "test" });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var key = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        using var system = node.WithApiKey(key);
        Assert.Equal(HttpStatusCode.OK, (await system.GetAsync("/api/auth/me")).StatusCode);

        foreach (var name in new[] { userName, systemName })
        {
            var change = await admin.PatchAsJsonAsync($"/api/identity/users/{name}", new { active = false });
            Assert.Equal(HttpStatusCode.OK, change.StatusCode);
            Assert.False((await change.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("active").GetBoolean());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await system.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_role_change_takes_effect_on_the_next_request()
    {
        var userName = await NewUserAsync(["officer", "admin"]);
        using var session = await node.SignInAsync(userName, Password);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/identity/users")).StatusCode);
        using var admin = await node.AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/identity/users/{userName}", new { roles = new[] { "officer" } })).StatusCode);

        var refused = await session.GetAsync("/api/identity/users");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("Forbidden", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()); // the administrator policy
        var me = await session.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal(["officer"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_role_change_that_breaks_the_rules_is_refused_and_names_the_field()
    {
        var userName = await NewUserAsync(["officer"]);
        using var admin = await node.AdminAsync();
        var response = await admin.PatchAsJsonAsync($"/api/identity/users/{userName}", new { roles = new[] { "enterprise-user" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("enterprise-user", errors.GetProperty("roles")[0].GetString(), StringComparison.Ordinal);
        var me = await (await node.SignInAsync(userName, Password)).GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal(["officer"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_role_list_longer_than_the_cap_is_refused_whole_and_names_the_field()
    {
        var userName = await NewUserAsync(["officer"]);
        using var admin = await node.AdminAsync();
        var response = await admin.PatchAsJsonAsync($"/api/identity/users/{userName}", new { roles = Enumerable.Repeat("supervisor", 17).ToArray(), active = false });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("at most 16 role names", errors.GetProperty("roles")[0].GetString());
        using var session = await node.SignInAsync(userName, Password);
        var me = await session.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal(["officer"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task An_account_locks_after_wrong_passwords_with_an_audit_entry_and_opens_after_the_period()
    {
        // The node's clock is moved by hand: the lockout ends when the clock says so, however slow the machine is.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var own = await SessionsNode.StartAsync(node.Provider, new()
        {
            ["Security:LockoutFailures"] = "3",
            ["Security:LockoutPeriod"] = "00:15:00",
        }, clock);
        using var client = own.Browser();
        object Wrong() => new { userName = "ciq.zhejiang", password = "not-the-password" };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/sign-in", Wrong())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/sign-in", Wrong())).StatusCode);
        var third = await client.PostAsJsonAsync("/api/auth/sign-in", Wrong());
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);

        // Locked: even the right password is refused, with a 429 that says why and when to retry.
        var locked = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "ciq.zhejiang", password = "demo-ciq-2026" });
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("locked after too many wrong passwords", (await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        await using (var scope = own.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
            var entry = Assert.Single(await db.SecurityEvents.AsNoTracking().Where(e => e.Kind == "account-locked").ToListAsync());
            Assert.Equal("ciq.zhejiang", entry.UserName);
            Assert.Equal("127.0.0.1", entry.Address);
            Assert.Contains("3 wrong passwords", entry.Detail, StringComparison.Ordinal);
        }

        clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "ciq.zhejiang", password = "demo-ciq-2026" })).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(1.5));
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "ciq.zhejiang", password = "demo-ciq-2026" })).StatusCode);
    }

    [Fact]
    public async Task An_unknown_user_costs_a_password_hash_verification_too()
    {
        await using var own = await SessionsNode.StartAsync(node.Provider);
        using var client = own.Browser();
        var before = own.Hasher.Verifications;
        var unknown = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "no-such-user-" + Guid.NewGuid().ToString("N")[..6], password = "whatever-1234" });
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(before + 1, own.Hasher.Verifications);
        var wrong = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "admin", password = "whatever-1234" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(before + 2, own.Hasher.Verifications);
        static async Task<string?> Detail(HttpResponseMessage r) => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        var unknownDetail = await Detail(unknown);
        Assert.Equal("The user name or password is wrong.", unknownDetail);
        Assert.Equal(unknownDetail, await Detail(wrong));
    }

    [Fact]
    public async Task A_wrong_password_and_a_bad_new_user_are_told_in_the_readers_language()
    {
        await using var own = await SessionsNode.StartAsync(node.Provider);
        using var client = own.Browser();
        using var zh = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-in") { Content = JsonContent.Create(new { userName = "admin", password = "whatever-1234" }) };
        zh.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var wrong = await client.SendAsync(zh);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var problem = await wrong.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("用户名或密码错误。", problem.GetProperty("detail").GetString());
        Assert.Equal("identity.sign-in.wrong", problem.GetProperty("message").GetProperty("code").GetString());

        using var admin = await node.AdminAsync();
        object Bad() => new { userName = "bad-" + Guid.NewGuid().ToString("N")[..10], displayName = "Bad user", password = "short", roles = new[] { "officer" }, organisation = "no-such-org" };
        var english = await admin.PostAsJsonAsync("/api/identity/users", Bad());
        Assert.Equal(HttpStatusCode.BadRequest, english.StatusCode);
        var englishProblem = await english.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["must be at least 10 characters"], TestData.FieldErrors(englishProblem, "password"));
        Assert.Equal(["unknown organisation 'NO-SUCH-ORG'"], TestData.FieldErrors(englishProblem, "organisation"));
        using var zhUser = new HttpRequestMessage(HttpMethod.Post, "/api/identity/users") { Content = JsonContent.Create(Bad()) };
        zhUser.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var chinese = await admin.SendAsync(zhUser);
        Assert.Equal(HttpStatusCode.BadRequest, chinese.StatusCode);
        var chineseProblem = await chinese.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["至少 10 个字符"], TestData.FieldErrors(chineseProblem, "password"));
        Assert.Equal(["未知机构“NO-SUCH-ORG”"], TestData.FieldErrors(chineseProblem, "organisation"));
    }

    [Fact]
    public async Task Sign_in_attempts_from_one_address_are_limited_with_a_429_problem()
    {
        await using var own = await SessionsNode.StartAsync(node.Provider, new() { ["Security:SignInsPerAddressPerMinute"] = "3" });
        using var client = own.Browser();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "nobody" + i, password = "whatever-1234" })).StatusCode);
        }

        var limited = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "admin", password = "demo-admin-2026" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var problem = await limited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Too many sign-in attempts from this address; wait before trying again.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_cookie_change_without_the_request_header_or_from_another_origin_is_refused()
    {
        var cookies = new CookieContainer();
        using (var signIn = Browser(cookies))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await signIn.PostAsJsonAsync("/api/auth/sign-in", new { userName = "admin", password = "demo-admin-2026" })).StatusCode);
        }

        var userName = "csrf-" + Guid.NewGuid().ToString("N")[..8];
        object NewUser() => new { userName, displayName = "CSRF victim", password = Password, roles = new[] { "officer" }, organisation = "AQSIQ" };

        using var plain = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = node.BaseAddress };
        var noHeader = await plain.PostAsJsonAsync("/api/identity/users", NewUser());
        await AssertRefused(noHeader, "X-GQ-Request: 1");

        using var foreign = Browser(cookies);
        foreign.DefaultRequestHeaders.Add("Origin", "http://evil.example");
        await AssertRefused(await foreign.PostAsJsonAsync("/api/identity/users", NewUser()), "Origin 'http://evil.example' is not this node's origin");

        using var sameSite = Browser(cookies);
        sameSite.DefaultRequestHeaders.Add("Sec-Fetch-Site", "same-site");
        await AssertRefused(await sameSite.PostAsJsonAsync("/api/identity/users", NewUser()), "Sec-Fetch-Site: same-site");

        // Nothing was written; the node's own page (header, own origin) may make the change; a system with a key needs no header.
        using var own = Browser(cookies);
        own.DefaultRequestHeaders.Add("Origin", node.BaseAddress.GetLeftPart(UriPartial.Authority));
        own.DefaultRequestHeaders.Add("Sec-Fetch-Site", "same-origin");
        Assert.Equal(HttpStatusCode.Created, (await own.PostAsJsonAsync("/api/identity/users", NewUser())).StatusCode);
        using var system = node.System();
        var keyed = await system.PostAsJsonAsync("/api/identity/users", new { userName = "", displayName = "", roles = Array.Empty<string>() });
        // Past the cross-site rule: the system account is refused only by the endpoint's own policy (administrator).
        Assert.Equal(HttpStatusCode.Forbidden, keyed.StatusCode);
        Assert.Equal("Forbidden", (await keyed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_web_forms_carry_antiforgery_tokens()
    {
        using var client = node.Anonymous();
        var page = await client.GetStringAsync("/sign-in");
        Assert.Contains("__RequestVerificationToken", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_answer_has_the_security_headers()
    {
        using var anonymous = node.Anonymous();
        using var system = node.System();
        var page = await anonymous.GetAsync("/sign-in");
        var api = await system.GetAsync("/api/auth/me");
        var problem = await system.GetAsync($"/api/registry/enterprises/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
        foreach (var response in new[] { page, api, problem })
        {
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline'; style", csp.Split("script-src")[1].Split(';')[0] + "; style", StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        }

        var docs = await anonymous.GetAsync("/docs");
        var docsCsp = string.Join(";", docs.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", docsCsp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", docsCsp, StringComparison.Ordinal);
        Assert.DoesNotContain("http", docsCsp, StringComparison.Ordinal);
    }

    private static async Task AssertRefused(HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Cross-site request refused", problem.GetProperty("title").GetString());
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private HttpClient Browser(CookieContainer cookies)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = node.BaseAddress };
        client.DefaultRequestHeaders.Add("X-GQ-Request", "1");
        return client;
    }

    private Cookie SessionCookie(CookieContainer cookies) =>
        Assert.Single(cookies.GetCookies(node.BaseAddress), c => c.Name.StartsWith("gq.session.", StringComparison.Ordinal));

    /// <summary>A client that sends exactly this cookie, as an attacker replaying it would.</summary>
    private static HttpClient Replay(Uri node, string name, string value)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = node };
        client.DefaultRequestHeaders.Add("Cookie", $"{name}={value}");
        client.DefaultRequestHeaders.Add("X-GQ-Request", "1");
        return client;
    }

    private async Task<string> NewUserAsync(string[] roles)
    {
        using var admin = await node.AdminAsync();
        var userName = "sess-" + Guid.NewGuid().ToString("N")[..10];
        var response = await admin.PostAsJsonAsync("/api/identity/users", new { userName, displayName = "Session test", password = Password, roles, organisation = "AQSIQ" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return userName;
    }
}

[Collection("sqlite")]
public sealed class SqliteSessionsTests(SqliteNode node) : SessionsTests(node);

[Collection("postgres")]
public sealed class PostgresSessionsTests(PostgresNode node) : SessionsTests(node);
