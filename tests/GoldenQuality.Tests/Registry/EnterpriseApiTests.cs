using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GoldenQuality.Tests.Infrastructure;

namespace GoldenQuality.Tests.Registry;

public abstract class EnterpriseApiTests(NodeFixture node)
{
    private async Task<int> CountAsync(HttpClient client, string uscc) =>
        (await client.GetAsync($"/api/registry/enterprises?q={uscc}")).StatusCode == HttpStatusCode.OK
            ? (await (await client.GetAsync($"/api/registry/enterprises?q={uscc}")).Json()).GetProperty("total").GetInt32()
            : -1;

    [Fact]
    public async Task An_officer_creates_reads_and_updates_a_record_and_every_change_is_kept()
    {
        using var client = await node.CiqOfficerAsync();
        var uscc = TestData.NewUscc();
        var created = await TestData.CreateEnterpriseAsync(client, uscc);
        Assert.Equal(uscc, created.GetProperty("uscc").GetString());
        Assert.Equal(1, created.GetProperty("version").GetInt64());

        var body = TestData.Enterprise(uscc, changes: b =>
        {
            b["address"] = "浙江省杭州市西湖区新地址2号";
            b["roles"] = new[] { "manufacturer", "exporter", "importer" };
            b["version"] = 1;
        });
        var updated = await client.PutAsJsonAsync($"/api/registry/enterprises/{uscc}", body);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var record = await updated.Json();
        Assert.Equal(2, record.GetProperty("version").GetInt64());
        Assert.Equal(["manufacturer", "exporter", "importer"], record.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());

        var history = await (await client.GetAsync($"/api/registry/enterprises/{uscc}/history")).Json();
        var changes = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, changes.Count);
        Assert.Equal("created", changes[0].GetProperty("newValue").GetString());
        var address = changes.Single(c => c.GetProperty("field").GetString() == "address");
        Assert.Equal("浙江省杭州市西湖区测试路1号", address.GetProperty("oldValue").GetString());
        Assert.Equal("浙江省杭州市西湖区新地址2号", address.GetProperty("newValue").GetString());
        Assert.Equal("ciq.zhejiang", address.GetProperty("changedBy").GetString());
        Assert.Equal("CIQ-ZJ", address.GetProperty("onBehalfOf").GetString());
        var roles = changes.Single(c => c.GetProperty("field").GetString() == "roles");
        Assert.Equal("manufacturer,exporter", roles.GetProperty("oldValue").GetString());
    }

    [Fact]
    public async Task A_second_record_with_the_same_USCC_is_a_conflict()
    {
        using var client = node.System();
        var uscc = TestData.NewUscc();
        await TestData.CreateEnterpriseAsync(client, uscc);
        var again = await client.PostAsJsonAsync("/api/registry/enterprises", TestData.Enterprise(uscc, "另一个名字有限公司"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("uscc", (await again.Json()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_conflict_and_a_field_message_are_told_in_the_readers_language()
    {
        using var client = node.System();
        async Task<JsonElement> PostAsync(object body, string? language, HttpStatusCode status)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/registry/enterprises") { Content = JsonContent.Create(body) };
            if (language is not null)
            {
                request.Headers.AcceptLanguage.ParseAdd(language);
            }

            var response = await client.SendAsync(request);
            Assert.Equal(status, response.StatusCode);
            return await response.Json();
        }

        var uscc = TestData.NewUscc();
        await TestData.CreateEnterpriseAsync(client, uscc);
        var english = await PostAsync(TestData.Enterprise(uscc, "另一个名字有限公司"), null, HttpStatusCode.Conflict);
        Assert.Equal($"an enterprise with USCC {uscc} is already registered; update that record instead", english.GetProperty("detail").GetString());
        Assert.Equal("uscc", english.GetProperty("field").GetString());
        Assert.Equal("registry.uscc-registered", english.GetProperty("message").GetProperty("code").GetString());
        var chinese = await PostAsync(TestData.Enterprise(uscc, "另一个名字有限公司"), "zh-CN", HttpStatusCode.Conflict);
        Assert.Equal($"统一社会信用代码为 {uscc} 的企业已登记，请改为更新该记录", chinese.GetProperty("detail").GetString());

        var other = TestData.NewUscc();
        var versioned = TestData.Enterprise(other, changes: b => b["version"] = 1);
        Assert.Equal(["must not be sent when creating a record"], TestData.FieldErrors(await PostAsync(versioned, null, HttpStatusCode.BadRequest), "version"));
        Assert.Equal(["新建记录时不得提供版本号"], TestData.FieldErrors(await PostAsync(versioned, "zh-CN", HttpStatusCode.BadRequest), "version"));
        Assert.Equal(0, await CountAsync(client, other));
    }

    [Fact]
    public async Task A_near_duplicate_name_in_the_same_area_is_a_warning_not_an_error()
    {
        using var client = node.System();
        var name = "西湖龙井近似" + Guid.NewGuid().ToString("N")[..6] + "茶业有限公司";
        await TestData.CreateEnterpriseAsync(client, TestData.NewUscc("330106"), name);
        var similar = await client.PostAsJsonAsync("/api/registry/enterprises",
            TestData.Enterprise(TestData.NewUscc("330106"), name.Replace("有限公司", "股份有限公司", StringComparison.Ordinal), "330106"));
        Assert.Equal(HttpStatusCode.Created, similar.StatusCode);
        var warnings = (await similar.Json()).GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToArray();
        Assert.Contains(warnings, w => w.Contains("near-duplicate", StringComparison.Ordinal));

        // The same name in another area is no warning.
        var elsewhere = await client.PostAsJsonAsync("/api/registry/enterprises", TestData.Enterprise(TestData.NewUscc("320505"), name, "320505"));
        Assert.Empty((await elsewhere.Json()).GetProperty("warnings").EnumerateArray());
    }

    [Theory]
    [InlineData("9133010612345678", "uscc", "must be 18 characters long, but has 16")]
    [InlineData("91330106I2345678XX", "uscc", "character 'I' at position 9 is not allowed")]
    [InlineData("91110000600037341A", "uscc", "require 'L'")]
    public async Task A_bad_USCC_is_a_400_naming_the_field_and_nothing_is_written(string uscc, string field, string reason)
    {
        using var client = node.System();
        var response = await client.PostAsJsonAsync("/api/registry/enterprises", TestData.Enterprise(uscc));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(TestData.FieldErrors(await response.Json(), field), e => e.Contains(reason, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/registry/enterprises/{uscc}")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_area_and_missing_fields_are_all_named_and_nothing_is_written()
    {
        using var client = node.System();
        var uscc = TestData.NewUscc();
        var response = await client.PostAsJsonAsync("/api/registry/enterprises", TestData.Enterprise(uscc, area: "339999", changes: b =>
        {
            b.Remove("nameZh");
            b["legalRepresentative"] = "  ";
            b["type"] = "charity";
            b["roles"] = new[] { "smuggler" };
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Json();
        Assert.Contains("unknown administrative area '339999'", TestData.FieldErrors(problem, "areaCode").Single(), StringComparison.Ordinal);
        Assert.Equal(["is required"], TestData.FieldErrors(problem, "nameZh"));
        Assert.Equal(["is required"], TestData.FieldErrors(problem, "legalRepresentative"));
        Assert.Contains("'charity' is not one of", TestData.FieldErrors(problem, "type").Single(), StringComparison.Ordinal);
        Assert.Contains("'smuggler'", TestData.FieldErrors(problem, "roles").Single(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(client, uscc));
    }

    [Fact]
    public async Task Unknown_JSON_properties_and_malformed_JSON_are_rejected_naming_the_field()
    {
        using var client = node.System();
        var uscc = TestData.NewUscc();
        var response = await client.PostAsJsonAsync("/api/registry/enterprises", TestData.Enterprise(uscc, changes: b => b["creditRating"] = "AAA"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["is not a known property of this request"], TestData.FieldErrors(await response.Json(), "creditRating"));

        var malformed = await client.PostAsync("/api/registry/enterprises", new StringContent("{\"uscc\": \"" + uscc + "\", ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);

        var wrongType = await client.PostAsync("/api/registry/enterprises", new StringContent("{\"roles\": \"exporter\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.NotEmpty(TestData.FieldErrors(await wrongType.Json(), "roles"));
        Assert.Equal(0, await CountAsync(client, uscc));
    }

    [Fact]
    public async Task An_update_needs_the_current_version_and_a_stale_one_is_409_with_nothing_changed()
    {
        using var client = node.System();
        var uscc = TestData.NewUscc();
        await TestData.CreateEnterpriseAsync(client, uscc);
        var first = await client.PutAsJsonAsync($"/api/registry/enterprises/{uscc}", TestData.Enterprise(uscc, changes: b => { b["address"] = "A"; b["version"] = 1; }));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var stale = await client.PutAsJsonAsync($"/api/registry/enterprises/{uscc}", TestData.Enterprise(uscc, changes: b => { b["address"] = "B"; b["version"] = 1; }));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(2, (await stale.Json()).GetProperty("currentVersion").GetInt64());

        var missing = await client.PutAsJsonAsync($"/api/registry/enterprises/{uscc}", TestData.Enterprise(uscc, changes: b => b["address"] = "C"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.NotEmpty(TestData.FieldErrors(await missing.Json(), "version"));

        var record = await (await client.GetAsync($"/api/registry/enterprises/{uscc}")).Json();
        Assert.Equal("A", record.GetProperty("address").GetString());
    }

    [Fact]
    public async Task Concurrent_updates_from_the_same_version_let_exactly_one_through()
    {
        using var client = node.System();
        var uscc = TestData.NewUscc();
        await TestData.CreateEnterpriseAsync(client, uscc);
        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            client.PutAsJsonAsync($"/api/registry/enterprises/{uscc}", TestData.Enterprise(uscc, changes: b => { b["address"] = $"Address {i}"; b["version"] = 1; }))));
        Assert.Equal(1, attempts.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(attempts.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(2, (await (await client.GetAsync($"/api/registry/enterprises/{uscc}")).Json()).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_pilot_era_code_is_admitted_only_once_an_administrator_allow_lists_it()
    {
        using var admin = await node.AdminAsync();
        var valid = TestData.NewUscc();
        var pilot = valid[..17] + (valid[17] == '0' ? '1' : '0');
        var refused = await admin.PostAsJsonAsync("/api/registry/enterprises", TestData.Enterprise(pilot));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        using var officer = await node.CiqOfficerAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsJsonAsync("/api/registry/uscc-allow-list", new { uscc = pilot, reason = "pilot" })).StatusCode);
        var listed = await admin.PostAsJsonAsync("/api/registry/uscc-allow-list", new { uscc = pilot, reason = "Issued in a 2015 pilot region before the check rule was enforced" });
        Assert.Equal(HttpStatusCode.Created, listed.StatusCode);
        var alreadyValid = await admin.PostAsJsonAsync("/api/registry/uscc-allow-list", new { uscc = valid, reason = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, alreadyValid.StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/registry/enterprises", TestData.Enterprise(pilot))).StatusCode);
        var check = await (await admin.GetAsync($"/api/registry/uscc/{pilot}")).Json();
        Assert.True(check.GetProperty("valid").GetBoolean());
        Assert.True(check.GetProperty("allowListed").GetBoolean());
    }

    [Fact]
    public async Task Registrations_are_recorded_with_the_granting_agency_and_kept_in_the_history()
    {
        using var ciq = await node.CiqOfficerAsync();
        var uscc = TestData.NewUscc();
        await TestData.CreateEnterpriseAsync(ciq, uscc);
        var number = "3301" + Guid.NewGuid().ToString("N")[..6];
        var added = await ciq.PostAsJsonAsync($"/api/registry/enterprises/{uscc}/registrations",
            new { agency = "CIQ-ZJ", kind = "declaration-registration", number, validFrom = "2026-01-01" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var registration = (await added.Json()).GetProperty("registrations").EnumerateArray().Single();
        Assert.Equal("CIQ-ZJ", registration.GetProperty("agency").GetString());

        var duplicate = await ciq.PostAsJsonAsync($"/api/registry/enterprises/{uscc}/registrations",
            new { agency = "CIQ-ZJ", kind = "declaration-registration", number, validFrom = "2026-01-01" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        var bad = await ciq.PostAsJsonAsync($"/api/registry/enterprises/{uscc}/registrations",
            new { agency = "NOWHERE", kind = "x", number = "1", validFrom = "2026-02-01", validTo = "2026-01-01" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Json();
        Assert.NotEmpty(TestData.FieldErrors(problem, "agency"));
        Assert.NotEmpty(TestData.FieldErrors(problem, "validTo"));

        var removed = await ciq.DeleteAsync($"/api/registry/enterprises/{uscc}/registrations/{registration.GetProperty("id").GetGuid()}");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var history = await (await ciq.GetAsync($"/api/registry/enterprises/{uscc}/history")).Json();
        Assert.Equal(2, history.GetProperty("items").EnumerateArray().Count(c => c.GetProperty("field").GetString() == "registrations"));
    }

    [Fact]
    public async Task Enterprises_are_listed_by_area_and_role_a_page_at_a_time()
    {
        using var client = node.System();
        var area = "340602";
        var mine = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var uscc = TestData.NewUscc(area);
            mine.Add(uscc);
            await TestData.CreateEnterpriseAsync(client, uscc, "分页测试" + uscc, area);
        }

        var page = await (await client.GetAsync($"/api/registry/enterprises?area={area}&role=exporter&pageSize=2")).Json();
        Assert.True(page.GetProperty("total").GetInt32() >= 3);
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        var all = await (await client.GetAsync($"/api/registry/enterprises?area={area}&pageSize=500")).Json();
        var listed = all.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("uscc").GetString()).ToHashSet();
        Assert.All(mine, u => Assert.Contains(u, listed));
        var importers = await (await client.GetAsync($"/api/registry/enterprises?area={area}&role=importer&pageSize=500")).Json();
        Assert.DoesNotContain(importers.GetProperty("items").EnumerateArray(), e => mine.Contains(e.GetProperty("uscc").GetString()!));
    }

    /// <summary>Three enterprises of one tag: by USCC u1 &lt; u2 &lt; u3; by Chinese name u3 (…A…), u1 (…B…), u2 (…C…).</summary>
    private static async Task<(string Tag, string U1, string U2, string U3)> ThreeSortableEnterprisesAsync(HttpClient client)
    {
        var tag = "排序" + Guid.NewGuid().ToString("N")[..8];
        string[] usccs = [.. Enumerable.Range(0, 3).Select(_ => TestData.NewUscc()).Order(StringComparer.Ordinal)];
        foreach (var (uscc, letter) in new[] { (usccs[0], "B"), (usccs[1], "C"), (usccs[2], "A") })
        {
            await TestData.CreateEnterpriseAsync(client, uscc, $"{tag}{letter}茶业有限公司");
        }

        return (tag, usccs[0], usccs[1], usccs[2]);
    }

    [Fact]
    public async Task The_list_sorts_by_USCC_or_by_Chinese_name_and_refuses_an_unknown_order_a_bad_area_and_an_overlong_text()
    {
        using var client = await node.CiqOfficerAsync();
        var (tag, u1, u2, u3) = await ThreeSortableEnterprisesAsync(client);
        async Task<string[]> UsccsAsync(string sort) =>
            [.. (await (await client.GetAsync($"/api/registry/enterprises?q={Uri.EscapeDataString(tag)}{sort}")).Json()).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("uscc").GetString()!)];

        Assert.Equal([u1, u2, u3], await UsccsAsync(""));
        Assert.Equal([u1, u2, u3], await UsccsAsync("&sort=uscc"));
        Assert.Equal([u3, u1, u2], await UsccsAsync("&sort=name"));
        await client.UnknownSortIsRefusedAsync($"/api/registry/enterprises?q={Uri.EscapeDataString(tag)}", "uscc, name");

        // The area is a GB/T 2260 code or its leading digits; the text at most as long as a registered name.
        using var letters = await client.GetInAsync("zh-CN", "/api/registry/enterprises?area=33a1");
        Assert.Equal(HttpStatusCode.BadRequest, letters.StatusCode);
        var problem = await letters.Json();
        Assert.Equal(["地区筛选须为 GB/T 2260 行政区划代码或其前几位数字（至多 6 位）"], TestData.FieldErrors(problem, "area"));
        Assert.Equal("registry.area-digits", problem.GetProperty("messages").GetProperty("area")[0].GetProperty("code").GetString());
        using var seven = await client.GetInAsync("en", "/api/registry/enterprises?area=3301061");
        Assert.Equal(HttpStatusCode.BadRequest, seven.StatusCode);
        Assert.NotEmpty(TestData.FieldErrors(await seven.Json(), "area"));
        using var longText = await client.GetInAsync("en", "/api/registry/enterprises?q=" + new string('x', 257));
        Assert.Equal(HttpStatusCode.BadRequest, longText.StatusCode);
        Assert.Equal(["must be at most 256 characters"], TestData.FieldErrors(await longText.Json(), "q"));
        Assert.Equal([u3, u1, u2], await UsccsAsync("&sort=name&area=3301"));
    }

    [Fact]
    public async Task The_download_names_its_columns_in_the_readers_language_and_follows_the_order()
    {
        using var client = await node.CiqOfficerAsync();
        var (tag, u1, u2, u3) = await ThreeSortableEnterprisesAsync(client);
        var q = Uri.EscapeDataString(tag);

        var (zh, file) = await client.CsvAsync("zh-CN", $"/enterprises/export.csv?q={q}&sort=name");
        Assert.Equal("统一社会信用代码,中文名称,英文名称,行政区划代码,贸易角色", zh[0]);
        Assert.Matches("^enterprises-[0-9]{8}-[0-9]{4}\\.csv$", file);
        Assert.Equal([u3, u1, u2], zh[1..].Select(l => l.Split(',')[0]));
        Assert.Equal($"{u3},{tag}A茶业有限公司,\"Test Enterprise {u3[^6..]} Co., Ltd.\",330106,生产企业、出口商", zh[1]);

        var (en, _) = await client.CsvAsync("en", $"/enterprises/export.csv?q={q}");
        Assert.Equal("USCC,Name (Chinese),Name (English),Administrative area,Roles in trade", en[0]);
        Assert.Equal([u1, u2, u3], en[1..].Select(l => l.Split(',')[0]));
        Assert.Equal($"{u1},{tag}B茶业有限公司,\"Test Enterprise {u1[^6..]} Co., Ltd.\",330106,\"Manufacturer, Exporter\"", en[1]);

        using var bad = await client.DownloadAsync("en", "/enterprises/export.csv?area=hz&sort=sideways");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Json();
        Assert.Equal(["an area filter is a GB/T 2260 code or its leading digits (at most 6 digits)"], TestData.FieldErrors(problem, "area"));
        Assert.Equal(["'sideways' is not one of: uscc, name"], TestData.FieldErrors(problem, "sort"));
    }
}

[Collection("sqlite")]
public sealed class EnterpriseApiOnSqlite(SqliteNode node) : EnterpriseApiTests(node);

[Collection("postgres")]
public sealed class EnterpriseApiOnPostgres(PostgresNode node) : EnterpriseApiTests(node);
