using System.Net;
using System.Text;
using GoldenQuality.Tests.Infrastructure;

namespace GoldenQuality.Tests.Standards;

public abstract class StandardsApiTests(NodeFixture node)
{
    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    /// <summary>Imports a small catalogue of its own (codes prefixed, so tests never share data) and returns the prefix.</summary>
    internal static async Task<string> ImportCatalogueAsync(HttpClient admin)
    {
        var p = "t" + Guid.NewGuid().ToString("N")[..8];
        var categories = $"code,parent,name_zh,name_en,hs_codes,ciq_codes\n{p},,测试,Test root,09,\n{p}.a,{p},测试A,Test A,0902,\n{p}.a.b,{p}.a,测试B,Test B,0902.10,\n";
        var standards = $"number,title,kind,issuing_body,province,valid_from,valid_to,superseded_by\n" +
            $"GB {p}-2020,测试国标,national,Test,,2020-01-01,,\nDB33/ {p}-2021,浙江地方标准,provincial,BQS-ZJ,330000,2021-01-01,,\n";
        var requirements = "standard,clause,category,parameter,processing_state,kind,lower,upper,unit,method,jurisdiction\n" +
            $"GB {p}-2020,4.1,{p},pb,,max,,0.5,mg/kg,GB 5009.12,national\n" +
            $"GB {p}-2020,4.2,{p}.a.b,pb,,max,,800,ug/kg,GB 5009.12,national\n" +
            $"DB33/ {p}-2021,5.1,{p},pb,,max,,0.3,mg/kg,GB 5009.12,330000\n" +
            $"GB {p}-2020,4.3,{p},core-temperature,,range,2,8,Cel,SN/T 1,national\n";
        foreach (var (file, body) in new[] { ("categories", categories), ("standards", standards), ("requirements", requirements) })
        {
            var response = await admin.PostAsync($"/api/standards/import/{file}", Csv(body));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(0, (await response.Json()).GetProperty("summary").GetProperty("rejected").GetInt32());
        }

        return p;
    }

    [Fact]
    public async Task The_cited_sample_is_loaded_and_resolves_with_inheritance_and_supersession()
    {
        using var client = await node.CiqOfficerAsync();
        // Rice in 2020: lead comes from the cereal row of GB 2762-2017 (inherited); in 2024 from GB 2762-2022.
        var old = await (await client.GetAsync("/api/standards/resolve?product=cereal.rice&parameter=pb&date=2020-05-01")).Json();
        var governing = old.GetProperty("governing");
        Assert.Equal("GB 2762-2017", governing.GetProperty("standard").GetString());
        Assert.Equal("cereal", governing.GetProperty("category").GetString());
        Assert.True(governing.GetProperty("inherited").GetBoolean());
        Assert.Equal(0.2, governing.GetProperty("upper").GetDouble());
        var now = await (await client.GetAsync("/api/standards/resolve?product=cereal.rice&parameter=cd&date=2024-01-01")).Json();
        Assert.Equal("GB 2762-2022", now.GetProperty("governing").GetProperty("standard").GetString());
        var candidates = now.GetProperty("candidates").EnumerateArray().ToList();
        Assert.Contains(candidates, c => c.GetProperty("standard").GetString() == "GB 2762-2017" && c.GetProperty("reason").GetString()!.Contains("not in force", StringComparison.Ordinal));

        // Aflatoxin B1 in maize, asked for in mg/kg: 20 µg/kg = 0.02 mg/kg.
        var afb1 = await (await client.GetAsync("/api/standards/resolve?product=cereal.maize&parameter=afb1&unit=mg/kg&date=2024-01-01")).Json();
        Assert.Equal(0.02, afb1.GetProperty("governing").GetProperty("upper").GetDouble(), 9);
        Assert.Equal("4.1 表1", afb1.GetProperty("governing").GetProperty("clause").GetString());

        var index = await (await client.GetAsync("/api/standards/index")).Json();
        Assert.True(index.GetProperty("requirements").GetInt32() >= 34);
    }

    [Fact]
    public async Task Resolve_names_the_field_it_cannot_use()
    {
        using var client = await node.CiqOfficerAsync();
        var response = await client.GetAsync("/api/standards/resolve?product=nope&parameter=pb&market=abroad&unit=Cel");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Json();
        Assert.Equal(["unknown category 'nope'"], TestData.FieldErrors(problem, "product"));
        Assert.Equal(["must be export, domestic, or domestic:<province code> (e.g. domestic:330000)"], TestData.FieldErrors(problem, "market"));
        Assert.Equal(["'Cel' is not a known unit of mass-fraction"], TestData.FieldErrors(problem, "unit"));

        // In Chinese, with the code and arguments alongside.
        async Task<System.Text.Json.JsonElement> InChineseAsync(string url, HttpStatusCode status)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.AcceptLanguage.ParseAdd("zh-CN");
            var answer = await client.SendAsync(request);
            Assert.Equal(status, answer.StatusCode);
            return await answer.Json();
        }

        var zh = await InChineseAsync("/api/standards/resolve?product=nope&parameter=pb&market=abroad&unit=Cel", HttpStatusCode.BadRequest);
        Assert.Equal(["未知的产品类别“nope”"], TestData.FieldErrors(zh, "product"));
        Assert.Equal(["“Cel”不是 mass-fraction 的已知单位"], TestData.FieldErrors(zh, "unit"));
        var code = zh.GetProperty("messages").GetProperty("product")[0];
        Assert.Equal(("standards.category.unknown", "nope"), (code.GetProperty("code").GetString(), code.GetProperty("args")[0].GetString()));
        var missing = await InChineseAsync("/api/standards/categories/nope", HttpStatusCode.NotFound);
        Assert.Equal("不存在产品类别“nope”。", missing.GetProperty("detail").GetString());
        missing = await (await client.GetAsync("/api/standards/categories/nope")).Json();
        Assert.Equal("No category 'nope' exists.", missing.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_provincial_standard_governs_only_its_provinces_domestic_market()
    {
        using var admin = await node.AdminAsync();
        var p = await ImportCatalogueAsync(admin);
        async Task<(string Standard, double Upper)> Resolve(string market)
        {
            var r = await (await admin.GetAsync($"/api/standards/resolve?product={p}.a&parameter=pb&market={market}&date=2024-01-01")).Json();
            return (r.GetProperty("governing").GetProperty("standard").GetString()!, r.GetProperty("governing").GetProperty("upper").GetDouble());
        }

        Assert.Equal(($"GB {p}-2020", 0.5), await Resolve("export"));
        Assert.Equal(($"GB {p}-2020", 0.5), await Resolve("domestic:320000"));
        Assert.Equal(($"DB33/ {p}-2021", 0.3), await Resolve("domestic:330000"));

        // The more specific national entry on the grandchild wins even in Zhejiang; it is given in µg/kg, asked in ppm.
        var deep = await (await admin.GetAsync($"/api/standards/resolve?product={p}.a.b&parameter=pb&market=domestic:330000&date=2024-01-01&unit=ppm")).Json();
        Assert.Equal("4.2", deep.GetProperty("governing").GetProperty("clause").GetString());
        Assert.Equal(0.8, deep.GetProperty("governing").GetProperty("upper").GetDouble(), 9);
        var reasons = deep.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("reason").GetString()!).ToList();
        Assert.Contains(reasons, r => r.Contains("overridden by the more specific category", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Import_rejects_bad_lines_with_line_numbers_and_reimport_is_idempotent()
    {
        using var admin = await node.AdminAsync();
        var p = await ImportCatalogueAsync(admin);
        var body = "standard,clause,category,parameter,processing_state,kind,lower,upper,unit,method,jurisdiction\n" +
            $"GB {p}-2020,9.1,{p}.a,cd,,max,,0.1,mg/kg,GB 5009.15,national\n" +
            $"GB {p}-2020,9.2,{p}.a,unobtainium,,max,,0.1,mg/kg,X,national\n" +
            $"GB {p}-2020,9.3,{p}.a,cd,,max,,0.1,Cel,X,national\n" +
            $"GB {p}-2020,9.4,{p}.a,cd,,max,,NaN,mg/kg,X,national\n" +
            $"GB {p}-2020,9.5,{p}.a,cd,,range,3,1,mg/kg,X,national\n" +
            $"GB {p}-2020,9.6,{p}.zzz,cd,,max,,1,mg/kg,X,national\n" +
            $"GB {p}-2020,9.7,{p}.a,cd,,max,,1,mg/kg,X,330000\n" +
            $"GB {p}-2020,9.1,{p}.a,cd,,max,,0.1,mg/kg,GB 5009.15,national\n" +
            "only,three,fields\n";
        var first = await (await admin.PostAsync("/api/standards/import/requirements", Csv(body))).Json();
        var summary = first.GetProperty("summary");
        Assert.Equal(1, summary.GetProperty("inserted").GetInt32());
        var rejects = first.GetProperty("rejects").EnumerateArray().ToDictionary(r => r.GetProperty("line").GetInt32(), r => r.GetProperty("reason").GetString()!);
        Assert.Equal(8, rejects.Count);
        Assert.Contains("unknown parameter 'unobtainium'", rejects[3], StringComparison.Ordinal);
        Assert.Contains("unit: 'Cel' is not a known unit of mass-fraction", rejects[4], StringComparison.Ordinal);
        Assert.Contains("not a finite number", rejects[5], StringComparison.Ordinal);
        Assert.Contains("lower not above upper", rejects[6], StringComparison.Ordinal);
        Assert.Contains("unknown category", rejects[7], StringComparison.Ordinal);
        Assert.Contains("only a provincial standard", rejects[8], StringComparison.Ordinal);
        Assert.Contains("repeats line 2", rejects[9], StringComparison.Ordinal);
        Assert.Contains("fields", rejects[10], StringComparison.Ordinal);

        var again = await (await admin.PostAsync("/api/standards/import/requirements", Csv(body))).Json();
        Assert.Equal(0, again.GetProperty("summary").GetProperty("inserted").GetInt32());
        Assert.Equal(0, again.GetProperty("summary").GetProperty("updated").GetInt32());
        Assert.Equal(1, again.GetProperty("summary").GetProperty("unchanged").GetInt32());

        var changed = await (await admin.PostAsync("/api/standards/import/requirements", Csv(body.Replace(",max,,0.1,mg/kg,GB 5009.15", ",max,,0.2,mg/kg,GB 5009.15", StringComparison.Ordinal)))).Json();
        Assert.Equal(1, changed.GetProperty("summary").GetProperty("updated").GetInt32());
    }

    [Fact]
    public async Task Malformed_csv_and_missing_columns_are_reported_not_thrown()
    {
        using var admin = await node.AdminAsync();
        var missing = await (await admin.PostAsync("/api/standards/import/categories", Csv("code,name\nx,y\n"))).Json();
        Assert.Contains("missing column", missing.GetProperty("rejects")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        var p = "m" + Guid.NewGuid().ToString("N")[..8];
        var quoted = await admin.PostAsync("/api/standards/import/categories", Csv($"code,parent,name_zh,name_en,hs_codes,ciq_codes\n{p},,\"unclosed,x,,,\n"));
        Assert.Equal(HttpStatusCode.OK, quoted.StatusCode);
        Assert.NotEqual(0, (await quoted.Json()).GetProperty("summary").GetProperty("rejected").GetInt32());
    }

    [Fact]
    public async Task Only_administrators_import_and_the_export_reimports_unchanged()
    {
        using var officer = await node.CiqOfficerAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsync("/api/standards/import/categories", Csv("code\n"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsync("/api/standards/reload", null)).StatusCode);

        using var admin = await node.AdminAsync();
        foreach (var file in new[] { "categories", "parameters", "standards", "requirements" })
        {
            var export = await admin.GetAsync($"/api/standards/export/{file}");
            Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
            var text = await export.Content.ReadAsStringAsync();
            var reimport = await (await admin.PostAsync($"/api/standards/import/{file}", Csv(text))).Json();
            var s = reimport.GetProperty("summary");
            Assert.Equal(0, s.GetProperty("rejected").GetInt32());
            Assert.Equal(0, s.GetProperty("inserted").GetInt32());
            Assert.Equal(s.GetProperty("rows").GetInt32(), s.GetProperty("unchanged").GetInt32());
        }

        var category = await (await admin.GetAsync("/api/standards/categories/cereal.rice")).Json();
        Assert.Equal(new[] { "cereal" }, category.GetProperty("path").EnumerateArray().Select(x => x.GetString()!).ToArray());
        Assert.Contains("1006", category.GetProperty("hsCodes").EnumerateArray().Select(x => x.GetString()));
        var list = await (await admin.GetAsync("/api/standards/requirements?standard=GB%202761-2017&parameter=afb1")).Json();
        Assert.Equal(7, list.GetProperty("total").GetInt32());
    }
}

[Collection("sqlite")]
public sealed class StandardsApiTestsOnSqlite(SqliteNode node) : StandardsApiTests(node);

[Collection("postgres")]
public sealed class StandardsApiTestsOnPostgres(PostgresNode node) : StandardsApiTests(node);
