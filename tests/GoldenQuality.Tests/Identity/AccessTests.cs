using System.Net;
using System.Net.Http.Json;
using GoldenQuality.Tests.Infrastructure;

namespace GoldenQuality.Tests.Identity;

public abstract class AccessTests(NodeFixture node)
{
    [Theory]
    [InlineData("/api/registry/enterprises")]
    [InlineData("/api/registry/organisations")]
    [InlineData("/api/auth/me")]
    [InlineData("/api/identity/users")]
    [InlineData("/metrics")]
    public async Task Every_endpoint_requires_sign_in(string path)
    {
        using var client = node.Anonymous();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/docs")]
    public async Task Health_and_docs_are_open(string path)
    {
        using var client = node.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_or_key_is_refused()
    {
        using var client = node.Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "admin", password = "not-the-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var wrongKey = node.WithApiKey("gq_" + new string('x', 43));
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongKey.GetAsync("/api/registry/organisations")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_returns_the_user_with_office_and_roles_and_sign_out_ends_the_session()
    {
        using var client = await node.CiqOfficerAsync();
        var me = await (await client.GetAsync("/api/auth/me")).Json();
        Assert.Equal("CIQ-ZJ", me.GetProperty("organisation").GetString());
        Assert.Equal("CIQ", me.GetProperty("agency").GetString());
        Assert.Contains("officer", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/auth/sign-out", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task An_enterprise_user_sees_and_changes_only_its_own_enterprise()
    {
        using var officer = node.System();
        var own = TestData.NewUscc();
        var other = TestData.NewUscc();
        await TestData.CreateEnterpriseAsync(officer, own);
        await TestData.CreateEnterpriseAsync(officer, other);
        using var user = await node.NewEnterpriseUserAsync(own);

        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync($"/api/registry/enterprises/{own}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync($"/api/registry/enterprises/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync($"/api/registry/enterprises/{other}/history")).StatusCode);

        var list = await (await user.GetAsync("/api/registry/enterprises?pageSize=500")).Json();
        Assert.Equal([own], list.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("uscc").GetString()!).ToArray());

        var change = await user.PutAsJsonAsync($"/api/registry/enterprises/{other}", TestData.Enterprise(other, changes: b => { b["address"] = "hijacked"; b["version"] = 1; }));
        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
        Assert.NotEqual("hijacked", (await (await officer.GetAsync($"/api/registry/enterprises/{other}")).Json()).GetProperty("address").GetString());

        var ownChange = await user.PutAsJsonAsync($"/api/registry/enterprises/{own}", TestData.Enterprise(own, changes: b => { b["address"] = "our new address"; b["version"] = 1; }));
        Assert.Equal(HttpStatusCode.OK, ownChange.StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsJsonAsync("/api/registry/enterprises", TestData.Enterprise(TestData.NewUscc()))).StatusCode);
    }

    [Fact]
    public async Task A_provincial_BQS_officer_cannot_change_CIQ_records()
    {
        using var ciq = await node.CiqOfficerAsync();
        using var bqs = await node.BqsOfficerAsync();
        var uscc = TestData.NewUscc();
        await TestData.CreateEnterpriseAsync(ciq, uscc);
        var number = "CIQ" + Guid.NewGuid().ToString("N")[..8];
        var granted = await ciq.PostAsJsonAsync($"/api/registry/enterprises/{uscc}/registrations",
            new { agency = "CIQ-ZJ", kind = "declaration-registration", number, validFrom = "2026-01-01" });
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        var registrationId = (await granted.Json()).GetProperty("registrations").EnumerateArray().Single().GetProperty("id").GetGuid();

        // BQS cannot grant, remove, or rename in the CIQ line ...
        var forged = await bqs.PostAsJsonAsync($"/api/registry/enterprises/{uscc}/registrations",
            new { agency = "CIQ-ZJ", kind = "declaration-registration", number = number + "B", validFrom = "2026-01-01" });
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bqs.DeleteAsync($"/api/registry/enterprises/{uscc}/registrations/{registrationId}")).StatusCode);
        var office = await (await bqs.GetAsync("/api/registry/organisations/CIQ-ZJ")).Json();
        var rename = await bqs.PutAsJsonAsync("/api/registry/organisations/CIQ-ZJ/names",
            new { nameZh = "改名", nameEn = "Renamed", version = office.GetProperty("version").GetInt64() });
        Assert.Equal(HttpStatusCode.Forbidden, rename.StatusCode);

        // ... nor another province's BQS records, but it can record its own registrations.
        Assert.Equal(HttpStatusCode.Forbidden, (await bqs.PostAsJsonAsync($"/api/registry/enterprises/{uscc}/registrations",
            new { agency = "BQS-JS", kind = "production-licence", number = "JS" + number, validFrom = "2026-01-01" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await bqs.PostAsJsonAsync($"/api/registry/enterprises/{uscc}/registrations",
            new { agency = "BQS-ZJ", kind = "production-licence", number = "ZJ" + number, validFrom = "2026-01-01" })).StatusCode);

        var record = await (await ciq.GetAsync($"/api/registry/enterprises/{uscc}")).Json();
        Assert.Equal(2, record.GetProperty("registrations").GetArrayLength());
        Assert.Equal("浙江出入境检验检疫局", (await (await ciq.GetAsync("/api/registry/organisations/CIQ-ZJ")).Json()).GetProperty("nameZh").GetString());
    }

    [Fact]
    public async Task Only_administrators_manage_users_and_API_keys_and_a_revoked_key_stops_working()
    {
        using var officer = await node.CiqOfficerAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/identity/users")).StatusCode);

        using var admin = await node.AdminAsync();
        var name = "sys-" + Guid.NewGuid().ToString("N")[..8];
        var created = await admin.PostAsJsonAsync("/api/identity/users", new { userName = name, displayName = "Customs gateway", roles = new[] { "system" }, organisation = "CUSTOMS" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var issued = await (await admin.PostAsJsonAsync($"/api/identity/users/{name}/api-keys", new { name = "gateway" })).Json();
        var key = issued.GetProperty("key").GetString()!;

        using var system = node.WithApiKey(key);
        var me = await (await system.GetAsync("/api/auth/me")).Json();
        Assert.Equal("CUSTOMS", me.GetProperty("organisation").GetString());

        var keys = await (await admin.GetAsync($"/api/identity/users/{name}/api-keys")).Json();
        Assert.DoesNotContain(key, keys.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/identity/api-keys/{issued.GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await system.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_user_with_bad_fields_is_refused_naming_each_one()
    {
        using var admin = await node.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/identity/users", new
        {
            userName = "admin",
            displayName = "",
            password = "short",
            roles = new[] { "enterprise-user", "officer", "emperor" },
            organisation = "NOWHERE",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Json();
        foreach (var field in new[] { "userName", "displayName", "password", "roles", "organisation" })
        {
            Assert.NotEmpty(TestData.FieldErrors(problem, field));
        }
    }
}

[Collection("sqlite")]
public sealed class AccessOnSqlite(SqliteNode node) : AccessTests(node);

[Collection("postgres")]
public sealed class AccessOnPostgres(PostgresNode node) : AccessTests(node);
