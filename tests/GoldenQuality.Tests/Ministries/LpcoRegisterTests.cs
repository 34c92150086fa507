using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Ministries.Contracts;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static GoldenQuality.Tests.Ministries.LpcoFederation;

namespace GoldenQuality.Tests.Ministries;

/// <summary>The registers' lifecycle over HTTP, with the demo accounts on the MOA and MEP nodes, and the register file loader.</summary>
public abstract class LpcoRegisterTests(LpcoFederation fixture)
{
    private const string Moa = TestFederation.Moa;
    private const string Mep = TestFederation.Mep;

    private static Dictionary<string, object?> Application(Action<Dictionary<string, object?>>? change = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["kind"] = "quarantine-permit", ["hsCode"] = "020230", ["productDescription"] = "Boneless frozen beef (test)", ["originCountry"] = "AU",
            ["quantity"] = 5000m, ["unit"] = "KGM", ["portsOfEntry"] = new[] { "CNNGB" }, ["validFrom"] = "2026-03-01", ["validTo"] = "2027-02-28",
        };
        change?.Invoke(body);
        return body;
    }

    private static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string[] Errors(JsonElement problem, string field) =>
        problem.GetProperty("errors").TryGetProperty(field, out var e) ? [.. e.EnumerateArray().Select(x => x.GetString()!)] : [];

    [Fact]
    public async Task The_importer_applies_and_the_officer_reviews_issues_amends_suspends_reinstates_and_revokes()
    {
        var importer = await fixture.SignInAsync("moa.importer", Moa);
        var officer = await fixture.SignInAsync("moa.officer", Moa);
        var applied = await Expect(await importer.PostAsJsonAsync("/api/ministries/lpcos", Application()), HttpStatusCode.Created);
        var id = applied.GetProperty("id").GetGuid();
        Assert.Equal("applied", applied.GetProperty("status").GetString());
        Assert.Equal(NingboFood, applied.GetProperty("holderUscc").GetString());
        Assert.Equal(JsonValueKind.Null, applied.GetProperty("number").ValueKind);

        await Expect(await officer.PostAsJsonAsync($"/api/ministries/lpcos/{id}/review", new { }), HttpStatusCode.OK);
        var issued = await Expect(await officer.PostAsJsonAsync($"/api/ministries/lpcos/{id}/issue", new { reason = "documents complete" }), HttpStatusCode.OK);
        var number = issued.GetProperty("number").GetString()!;
        Assert.Matches(@"^MOA-QP-20\d\d-\d{6}$", number);
        Assert.Equal("issued", issued.GetProperty("status").GetString());

        var amended = await Expect(await officer.PostAsJsonAsync($"/api/ministries/lpcos/{id}/amend",
            new { quantity = 8000m, portsOfEntry = new[] { "CNNGB", "CNSHA" }, reason = "second contract", version = issued.GetProperty("version").GetInt64() }), HttpStatusCode.OK);
        Assert.Equal(8000m, amended.GetProperty("remaining").GetDecimal());
        Assert.Equal(["CNNGB", "CNSHA"], amended.GetProperty("portsOfEntry").EnumerateArray().Select(p => p.GetString()!));
        var stale = await Expect(await officer.PostAsJsonAsync($"/api/ministries/lpcos/{id}/amend", new { quantity = 9000m, reason = "x", version = issued.GetProperty("version").GetInt64() }),
            HttpStatusCode.Conflict);
        Assert.Equal("version", stale.GetProperty("field").GetString());

        await Expect(await officer.PostAsJsonAsync($"/api/ministries/lpcos/{id}/suspend", new { reason = "inspection of the establishment" }), HttpStatusCode.OK);
        await Expect(await officer.PostAsJsonAsync($"/api/ministries/lpcos/{id}/reinstate", new { }), HttpStatusCode.OK);
        var revoked = await Expect(await officer.PostAsJsonAsync($"/api/ministries/lpcos/{id}/revoke", new { reason = "false documents" }), HttpStatusCode.OK);
        Assert.Equal("revoked", revoked.GetProperty("status").GetString());
        Assert.Equal(["applied", "review-started", "issued", "amended", "suspended", "reinstated", "revoked"],
            revoked.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()!));
        var step = revoked.GetProperty("history")[6];
        Assert.Equal("moa.officer", step.GetProperty("by").GetString());
        Assert.Equal("false documents", step.GetProperty("reason").GetString());

        var mine = await Expect(await importer.GetAsync("/api/ministries/lpcos?status=revoked&q=" + number), HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(mine.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Each_refused_transition_is_a_409_naming_the_status_and_a_refusal_keeps_its_reason()
    {
        var importer = await fixture.SignInAsync("moa.importer", Moa);
        var officer = await fixture.SignInAsync("moa.officer", Moa);
        var id = (await Expect(await importer.PostAsJsonAsync("/api/ministries/lpcos", Application()), HttpStatusCode.Created)).GetProperty("id").GetGuid();

        foreach (var (step, body) in new (string, object)[] { ("issue", new { }), ("suspend", new { reason = "r" }), ("reinstate", new { }), ("revoke", new { reason = "r" }) })
        {
            var problem = await Expect(await officer.PostAsJsonAsync($"/api/ministries/lpcos/{id}/{step}", body), HttpStatusCode.Conflict);
            Assert.Equal("status", problem.GetProperty("field").GetString());
            Assert.Contains("is applied", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var noReason = await Expect(await officer.PostAsJsonAsync($"/api/ministries/lpcos/{id}/refuse", new { }), HttpStatusCode.BadRequest);
        Assert.Equal(["is required"], Errors(noReason, "reason"));
        var refused = await Expect(await officer.PostAsJsonAsync($"/api/ministries/lpcos/{id}/refuse", new { reason = "origin establishment not approved" }), HttpStatusCode.OK);
        Assert.Equal("refused", refused.GetProperty("status").GetString());
        Assert.Equal("origin establishment not approved", refused.GetProperty("history")[1].GetProperty("reason").GetString());
        var again = await Expect(await officer.PostAsJsonAsync($"/api/ministries/lpcos/{id}/review", new { }), HttpStatusCode.Conflict);
        Assert.Contains("is refused", again.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_agency_wrong_holder_and_wrong_node_are_refused()
    {
        var importer = await fixture.SignInAsync("moa.importer", Moa);
        var wasteHere = await Expect(await importer.PostAsJsonAsync("/api/ministries/lpcos", Application(b => (b["kind"], b["hsCode"], b["unit"]) = ("waste-import-licence", "4707", "TNE"))),
            HttpStatusCode.Forbidden);
        Assert.Contains("does not issue waste import licences", wasteHere.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var forOther = await Expect(await importer.PostAsJsonAsync("/api/ministries/lpcos", Application(b => b["holderUscc"] = QingdaoSeafood)), HttpStatusCode.Forbidden);
        Assert.Contains(QingdaoSeafood, forOther.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Expect(await importer.PostAsJsonAsync("/api/ministries/lpcos/registered", Application()), HttpStatusCode.Forbidden);

        var mepOfficer = await fixture.SignInAsync("mep.officer", Mep);
        var permitAtMep = await Expect(await mepOfficer.PostAsJsonAsync("/api/ministries/lpcos/registered", Application(b => b["holderUscc"] = NingboFood)), HttpStatusCode.Forbidden);
        Assert.Contains("Only an officer of the MOA", permitAtMep.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var inspector = fixture.System(TestFederation.Aqsiq);
        await Expect(await inspector.PostAsJsonAsync("/api/ministries/lpcos/registered", Application()), HttpStatusCode.Forbidden);

        var officer = await fixture.SignInAsync("moa.officer", Moa);
        var other = await fixture.RegisterPermitAsync(officer, b => b["holderUscc"] = QingdaoSeafood);
        await Expect(await importer.GetAsync($"/api/ministries/lpcos/{other.GetProperty("id").GetGuid()}"), HttpStatusCode.NotFound);
        var list = await Expect(await importer.GetAsync("/api/ministries/lpcos?pageSize=500"), HttpStatusCode.OK);
        Assert.All(list.GetProperty("items").EnumerateArray(), i => Assert.Equal(NingboFood, i.GetProperty("holderUscc").GetString()));
    }

    [Fact]
    public async Task Field_messages_and_refusals_read_in_the_callers_language_with_their_codes()
    {
        var importer = await fixture.SignInAsync("moa.importer", Moa);
        var officer = await fixture.SignInAsync("moa.officer", Moa);
        var incomplete = Application(b => (b["originCountry"], b["portsOfEntry"], b["validTo"]) = (null, Array.Empty<string>(), "2031-03-02"));

        var en = await Expect(await importer.PostInAsync("en", "/api/ministries/lpcos", incomplete), HttpStatusCode.BadRequest);
        Assert.Equal(["is required for a quarantine permit"], Errors(en, "originCountry"));
        Assert.Equal(["at least one port of entry is required for a quarantine permit"], Errors(en, "portsOfEntry"));
        Assert.Equal(["an LPCO is valid for at most five years"], Errors(en, "validTo"));
        Assert.Equal("lpco.origin-required", en.GetProperty("messages").GetProperty("originCountry")[0].GetProperty("code").GetString());
        var zh = await Expect(await importer.PostInAsync("zh-CN", "/api/ministries/lpcos", incomplete), HttpStatusCode.BadRequest);
        Assert.Equal(["检疫许可证必须填写此项"], Errors(zh, "originCountry"));
        Assert.Equal(["检疫许可证至少需要一个入境口岸"], Errors(zh, "portsOfEntry"));
        Assert.Equal(["许可证件的有效期最长为五年"], Errors(zh, "validTo"));

        var waste = Application(b => (b["kind"], b["hsCode"], b["unit"]) = ("waste-import-licence", "4707", "TNE"));
        var notHere = await Expect(await importer.PostInAsync("en", "/api/ministries/lpcos", waste), HttpStatusCode.Forbidden);
        Assert.Equal("This node does not issue waste import licences: apply on the MEP's node.", notHere.GetProperty("detail").GetString());
        Assert.Equal("lpco.apply.not-issued-here", notHere.MessageCode());
        var notHereZh = await Expect(await importer.PostInAsync("zh-CN", "/api/ministries/lpcos", waste), HttpStatusCode.Forbidden);
        Assert.Equal("本节点不签发固体废物进口许可证：请在 MEP 的节点上申请。", notHereZh.GetProperty("detail").GetString());

        var id = (await Expect(await importer.PostAsJsonAsync("/api/ministries/lpcos", Application()), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var early = await Expect(await officer.PostInAsync("en", $"/api/ministries/lpcos/{id}/issue", new { }), HttpStatusCode.Conflict);
        Assert.Equal("status", early.GetProperty("field").GetString());
        Assert.Equal($"the quarantine permit {id} is applied and cannot be issued (only an application under review is)", early.GetProperty("detail").GetString());
        Assert.Equal("lpco.illegal", early.MessageCode());
        var earlyZh = await Expect(await officer.PostInAsync("zh-CN", $"/api/ministries/lpcos/{id}/issue", new { }), HttpStatusCode.Conflict);
        Assert.Equal($"检疫许可证 {id} 当前为“已申请”，不能签发（只有审核中的申请可以签发）", earlyZh.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Bad_fields_are_400s_naming_each_field_and_write_nothing()
    {
        var importer = await fixture.SignInAsync("moa.importer", Moa);
        var officer = await fixture.SignInAsync("moa.officer", Moa);
        var before = (await Expect(await officer.GetAsync("/api/ministries/lpcos"), HttpStatusCode.OK)).GetProperty("total").GetInt32();
        var bad = await Expect(await importer.PostAsJsonAsync("/api/ministries/lpcos", Application(b =>
        {
            b["hsCode"] = "9999";
            b["originCountry"] = null;
            b["quantity"] = 0m;
            b["unit"] = "LTR";
            b["portsOfEntry"] = new[] { "CNXXX" };
            b["validTo"] = "2026-01-01";
        })), HttpStatusCode.BadRequest);
        Assert.Contains("is not in HS 2022", Errors(bad, "hsCode")[0], StringComparison.Ordinal);
        Assert.Equal(["is required for a quarantine permit"], Errors(bad, "originCountry"));
        Assert.Contains("must be greater than 0", Errors(bad, "quantity")[0], StringComparison.Ordinal);
        Assert.Contains("mass unit", Errors(bad, "unit")[0], StringComparison.Ordinal);
        Assert.Equal(["'CNXXX' is not a port in the registry"], Errors(bad, "portsOfEntry[0]"));
        Assert.Contains("before validFrom", Errors(bad, "validTo")[0], StringComparison.Ordinal);

        var shape = await Expect(await importer.PostAsJsonAsync("/api/ministries/lpcos", Application(b => (b["hsCode"], b["originCountry"], b["kind"]) = ("02A2", "XX", "permit"))),
            HttpStatusCode.BadRequest);
        Assert.Contains("4 to 10 digits", Errors(shape, "hsCode")[0], StringComparison.Ordinal);
        Assert.NotEmpty(Errors(shape, "kind"));

        var unknownHolder = await Expect(await officer.PostAsJsonAsync("/api/ministries/lpcos/registered", Application(b => b["holderUscc"] = TestData.NewUscc())), HttpStatusCode.BadRequest);
        Assert.Contains("is not an enterprise in this node's registry", Errors(unknownHolder, "holderUscc")[0], StringComparison.Ordinal);
        var tooLong = await Expect(await officer.PostAsJsonAsync("/api/ministries/lpcos/registered", Application(b =>
            (b["holderUscc"], b["productDescription"], b["number"]) = (NingboFood, new string('x', 257), "MOA QP 1"))), HttpStatusCode.BadRequest);
        Assert.NotEmpty(Errors(tooLong, "productDescription"));
        Assert.NotEmpty(Errors(tooLong, "number"));

        var after = (await Expect(await officer.GetAsync("/api/ministries/lpcos"), HttpStatusCode.OK)).GetProperty("total").GetInt32();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task An_amendment_never_takes_the_quantity_below_what_was_drawn_and_a_number_registers_once()
    {
        var officer = await fixture.SignInAsync("moa.officer", Moa);
        var permit = await fixture.RegisterPermitAsync(officer, b => b["remaining"] = 400m);
        var id = permit.GetProperty("id").GetGuid();
        Assert.Equal(600m, permit.GetProperty("quantityDrawn").GetDecimal());
        var below = await Expect(await officer.PostAsJsonAsync($"/api/ministries/lpcos/{id}/amend", new { quantity = 500m, reason = "smaller contract" }), HttpStatusCode.BadRequest);
        Assert.Contains("below what was already drawn (600 KGM)", Errors(below, "quantity")[0], StringComparison.Ordinal);
        var ok = await Expect(await officer.PostAsJsonAsync($"/api/ministries/lpcos/{id}/amend", new { quantity = 700m, reason = "smaller contract" }), HttpStatusCode.OK);
        Assert.Equal(100m, ok.GetProperty("remaining").GetDecimal());

        var twice = await Expect(await officer.PostAsJsonAsync("/api/ministries/lpcos/registered", Application(b =>
            (b["number"], b["holderUscc"]) = (permit.GetProperty("number").GetString(), NingboFood))), HttpStatusCode.Conflict);
        Assert.Equal("number", twice.GetProperty("field").GetString());
    }

    [Fact]
    public async Task The_mep_officer_works_waste_licences_in_tonnes_on_the_mep_node()
    {
        var officer = await fixture.SignInAsync("mep.officer", Mep);
        var demo = await Expect(await officer.GetAsync("/api/ministries/lpcos?q=MEP-WL-2026-000001"), HttpStatusCode.OK);
        var row = Assert.Single(demo.GetProperty("items").EnumerateArray());
        Assert.Equal("waste-import-licence", row.GetProperty("kind").GetString());
        Assert.Equal(500m, row.GetProperty("quantityIssued").GetDecimal());
        var suspended = await Expect(await officer.GetAsync("/api/ministries/lpcos?status=suspended"), HttpStatusCode.OK);
        Assert.Contains(suspended.GetProperty("items").EnumerateArray(), i => i.GetProperty("number").GetString() == "MEP-WL-2026-000003");
        var expired = await Expect(await officer.GetAsync("/api/ministries/lpcos?status=expired"), HttpStatusCode.OK);
        Assert.Contains(expired.GetProperty("items").EnumerateArray(), i => i.GetProperty("number").GetString() == "MEP-WL-2025-000009");

        var registered = await Expect(await officer.PostAsJsonAsync("/api/ministries/lpcos/registered", new
        {
            kind = "waste-import-licence", holderUscc = NingboFood, hsCode = "7204", quantity = 300m, unit = "TNE", validFrom = "2026-01-01", validTo = "2026-12-31",
        }), HttpStatusCode.Created);
        Assert.Matches(@"^MEP-WL-20\d\d-\d{6}$", registered.GetProperty("number").GetString()!);
        Assert.Empty(registered.GetProperty("portsOfEntry").EnumerateArray());
        var badList = await Expect(await officer.GetAsync("/api/ministries/lpcos?status=lost&pageSize=501"), HttpStatusCode.BadRequest);
        Assert.NotEmpty(Errors(badList, "status"));
        Assert.NotEmpty(Errors(badList, "pageSize"));
    }

    /// <summary>Three permits registered one after the other, numbered <c>{tag}-B</c>, <c>-C</c>, <c>-A</c>, expiring 2027-03-01, 2027-01-15, 2027-06-01.</summary>
    private async Task<(string Tag, string B, string C, string A)> ThreeSortablePermitsAsync(HttpClient officer)
    {
        var tag = NewNumber("MOA-QP");
        string[] numbers = [tag + "-B", tag + "-C", tag + "-A"];
        string[] expiring = ["2027-03-01", "2027-01-15", "2027-06-01"];
        for (var i = 0; i < 3; i++)
        {
            var (number, to) = (numbers[i], expiring[i]);
            await fixture.RegisterPermitAsync(officer, b => (b["number"], b["validTo"]) = (number, to));
        }

        return (tag, numbers[0], numbers[1], numbers[2]);
    }

    [Fact]
    public async Task The_register_sorts_by_application_number_and_expiry_and_refuses_an_unknown_order()
    {
        var officer = await fixture.SignInAsync("moa.officer", Moa);
        var (tag, b, c, a) = await ThreeSortablePermitsAsync(officer);
        async Task<string[]> NumbersAsync(string sort) =>
            [.. (await Expect(await officer.GetAsync($"/api/ministries/lpcos?q={tag}{sort}"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(l => l.GetProperty("number").GetString()!)];

        Assert.Equal([a, c, b], await NumbersAsync(""));
        Assert.Equal([a, c, b], await NumbersAsync("&sort=newest"));
        Assert.Equal([a, b, c], await NumbersAsync("&sort=number"));
        Assert.Equal([c, b, a], await NumbersAsync("&sort=expiry"));
        await officer.UnknownSortIsRefusedAsync($"/api/ministries/lpcos?q={tag}", "newest, number, expiry");

        // The holder's own list sorts the same way.
        var importer = await fixture.SignInAsync("moa.importer", Moa);
        Assert.Equal([c, b, a], [.. (await Expect(await importer.GetAsync($"/api/ministries/lpcos?q={tag}&sort=expiry"), HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().Select(l => l.GetProperty("number").GetString()!)]);
    }

    [Fact]
    public async Task The_register_download_names_its_columns_in_the_readers_language_and_follows_the_order()
    {
        var officer = await fixture.SignInAsync("moa.officer", Moa);
        var (tag, b, c, a) = await ThreeSortablePermitsAsync(officer);

        var (en, file) = await officer.CsvAsync("en", $"/lpcos/export.csv?q={tag}&sort=expiry");
        Assert.Equal("Number,Kind,Status,Holder (USCC),HS code,Product description,Quantity issued,Quantity remaining,Unit,Valid from,Valid to,Last updated", en[0]);
        Assert.Matches("^lpcos-[0-9]{8}-[0-9]{4}\\.csv$", file);
        Assert.Equal([c, b, a], en[1..].Select(l => l.Split(',')[0]));
        var row = en[1].Split(',');
        Assert.Equal([c, "Entry animal and plant quarantine permit", "Issued", NingboFood, "0202", "Frozen beef (test)"], row[..6]);
        // Quantities as written, whatever scale the database keeps them at.
        Assert.Equal(["1000", "1000", "KGM", "2026-01-01", "2027-01-15"], row[6..11]);

        // In Chinese every column keeps a name of its own (the HS code and the product description are two columns).
        var (zh, _) = await officer.CsvAsync("zh-CN", $"/lpcos/export.csv?q={tag}&sort=number");
        var columns = zh[0].Split(',');
        Assert.True(columns.Length == 12 && columns.Distinct(StringComparer.Ordinal).Count() == 12, $"12 columns, each named once, expected; the file reads:\n{zh[0]}\n{zh[1]}");
        Assert.Equal(["编号", "类别", "状态", "持证企业(统一社会信用代码)", "HS 编码", "产品描述"], columns[..6]);
        Assert.Equal(["批准数量", "剩余数量", "单位", "有效期自", "有效期至", "最近更新"], columns[6..]);
        Assert.Equal([a, b, c], zh[1..].Select(l => l.Split(',')[0]));
        Assert.Equal([a, "进境动植物检疫许可证", "已签发", NingboFood, "0202", "Frozen beef (test)"], zh[1].Split(',')[..6]);

        var bad = await Expect(await officer.DownloadAsync("zh-CN", "/lpcos/export.csv?status=lost&sort=sideways"), HttpStatusCode.BadRequest);
        Assert.NotEmpty(Errors(bad, "status"));
        Assert.Equal(["“sideways”不是允许的值（允许：newest, number, expiry）"], Errors(bad, "sort"));
    }

    [Fact]
    public async Task A_malformed_register_file_fails_whole_with_file_and_line_and_a_good_one_loads_once()
    {
        var folder = Path.Combine(Path.GetTempPath(), "gq-lpco-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            const string Header = "number,kind,holder_uscc,hs_code,product,origin_country,quantity,unit,remaining,ports_of_entry,valid_from,valid_to,status\n";
            var (a, b) = (NewNumber("MOA-QP"), NewNumber("MOA-QP"));
            string Row(string number, string hs = "0202", string quantity = "100", string to = "2026-12-31") =>
                $"{number},quarantine-permit,{NingboFood},{hs},Frozen beef,AU,{quantity},KGM,,CNNGB,2026-01-01,{to},issued\n";
            var cases = new (string Content, string Expected)[]
            {
                (Header + Row(a) + Row(b, hs: "99"), ":3: hsCode: '99' must be an HS code or prefix of 4 to 10 digits"),
                (Header + Row(a) + Row(b, quantity: "lots"), ":3: quantity 'lots' is not a number"),
                (Header + Row(a) + Row(b, to: "31/12/2026"), ":3: valid_to '31/12/2026' is not a date"),
                (Header + Row(a) + Row(a), ":3: number " + a + " is listed twice"),
                ("number,kind\n" + a + ",quarantine-permit\n", "holder_uscc"),
            };
            var moa = fixture.Federation[Moa];
            var actor = new Actor(Guid.Empty, "moa-system", UserRoles.System, Guid.NewGuid(), "MOA", "MOA", null, null);
            foreach (var (content, expected) in cases)
            {
                var file = Path.Combine(folder, "permits.csv");
                await File.WriteAllTextAsync(file, content);
                var (scope, _) = moa.Database();
                await using (scope)
                {
                    var loader = scope.ServiceProvider.GetRequiredService<ILpcoRegisterFile>();
                    var e = await Assert.ThrowsAsync<DataFileException>(() => loader.LoadAsync(file, actor, CancellationToken.None));
                    Assert.Contains(expected, e.Message, StringComparison.Ordinal);
                }
            }

            var officer = await fixture.SignInAsync("moa.officer", Moa);
            Assert.Equal(0, (await Expect(await officer.GetAsync("/api/ministries/lpcos?q=" + a), HttpStatusCode.OK)).GetProperty("total").GetInt32());

            var good = Path.Combine(folder, "good.csv");
            await File.WriteAllTextAsync(good, Header + Row(a) + Row(b));
            foreach (var (added, unchanged) in new[] { (2, 0), (0, 2) })
            {
                var (scope, _) = moa.Database();
                await using (scope)
                {
                    var summary = await scope.ServiceProvider.GetRequiredService<ILpcoRegisterFile>().LoadAsync(good, actor, CancellationToken.None);
                    Assert.Equal(new LpcoLoadSummary(2, added, unchanged), summary);
                }
            }

            var loaded = await Expect(await officer.GetAsync("/api/ministries/lpcos?q=" + a), HttpStatusCode.OK);
            Assert.Equal("issued", Assert.Single(loaded.GetProperty("items").EnumerateArray()).GetProperty("status").GetString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

[Collection("sqlite")]
public sealed class LpcoRegisterOnSqlite(SqliteLpcoFederation fixture) : LpcoRegisterTests(fixture), IClassFixture<SqliteLpcoFederation>;

[Collection("postgres")]
public sealed class LpcoRegisterOnPostgres(PostgresLpcoFederation fixture) : LpcoRegisterTests(fixture), IClassFixture<PostgresLpcoFederation>;
