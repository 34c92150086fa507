using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Codes;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Tests.Codes;

public abstract class CodeApiTests(NodeFixture node)
{
    private static string[] Strings(JsonElement array, string property) =>
        array.EnumerateArray().Select(e => e.GetProperty(property).GetString()!).ToArray();

    [Fact]
    public async Task Every_code_system_is_listed_with_versions_validity_and_verification_status()
    {
        using var client = node.System();
        var systems = await (await client.GetAsync("/api/codes/systems")).Json();
        var ids = Strings(systems, "id");
        foreach (var id in new[] { "hs", "cn-tariff", "ciq", "bqs-zj", "bqs-gd", "unece-rec20", "iso-3166-1", "iso-4217", "un-locode", "cn-customs-country", "cn-customs-currency", "cn-customs-unit", "cn-customs-transport", "unece-rec19" })
        {
            Assert.Contains(id, ids);
        }

        var hs = systems.EnumerateArray().Single(s => s.GetProperty("id").GetString() == "hs").GetProperty("versions");
        Assert.Equal(["2017", "2022"], Strings(hs, "version"));
        Assert.Equal("2021-12-31", hs[0].GetProperty("validTo").GetString());
        Assert.Equal("2022-01-01", hs[1].GetProperty("validFrom").GetString());

        // Ports are the Registry's, not a copy.
        var locode = systems.EnumerateArray().Single(s => s.GetProperty("id").GetString() == "un-locode").GetProperty("versions")[0];
        Assert.Equal(File.ReadAllLines(AdapterParserTests.Data("registry", "ports.csv")).Length - 1, locode.GetProperty("codes").GetInt32());

        var port = await (await client.GetAsync("/api/codes/systems/un-locode/versions/2014/codes/CNNGB")).Json();
        Assert.Equal("Ningbo", port.GetProperty("description").GetString());
    }

    [Fact]
    public async Task The_codes_of_a_version_are_listed_by_prefix_and_an_unknown_version_is_404()
    {
        using var client = node.System();
        var page = await (await client.GetAsync("/api/codes/systems/hs/versions/2022/codes?prefix=8541")).Json();
        Assert.Equal(["854141", "854142", "854143", "854149"], Strings(page.GetProperty("items"), "code"));
        var missing = await client.GetAsync("/api/codes/systems/hs/versions/2012/codes");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("unknown version '2012' of hs", (await missing.Json()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/codes/systems/hs/versions/2022/codes/999999")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_code_and_a_bad_mapping_are_told_in_the_readers_language()
    {
        using var client = node.System();
        async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, string? language, HttpStatusCode status)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            if (language is not null)
            {
                request.Headers.AcceptLanguage.ParseAdd(language);
            }

            var response = await client.SendAsync(request);
            Assert.Equal(status, response.StatusCode);
            return await response.Json();
        }

        const string Code = "/api/codes/systems/hs/versions/2022/codes/999999";
        Assert.Equal("No code of hs:2022 '999999' exists.", (await SendAsync(HttpMethod.Get, Code, null, null, HttpStatusCode.NotFound)).GetProperty("detail").GetString());
        Assert.Equal("不存在hs:2022 的代码“999999”。", (await SendAsync(HttpMethod.Get, Code, null, "zh-CN", HttpStatusCode.NotFound)).GetProperty("detail").GetString());

        var mapping = new { from = "hs:2017", fromCode = "999999", to = "hs:2017", toCode = "850760", cardinality = "one-to-one", validFrom = "2017-01-01", validTo = "2016-01-01", provenance = "test" };
        var english = await SendAsync(HttpMethod.Post, "/api/codes/mappings", mapping, null, HttpStatusCode.BadRequest);
        Assert.Equal(["'999999' is not a code of hs:2017"], TestData.FieldErrors(english, "fromCode"));
        Assert.Equal(["a mapping joins two different system versions"], TestData.FieldErrors(english, "to"));
        Assert.Equal(["must not be before validFrom"], TestData.FieldErrors(english, "validTo"));
        var chinese = await SendAsync(HttpMethod.Post, "/api/codes/mappings", mapping, "zh-CN", HttpStatusCode.BadRequest);
        Assert.Equal(["“999999”不是 hs:2017 的代码"], TestData.FieldErrors(chinese, "fromCode"));
        Assert.Equal(["映射必须连接两个不同的代码体系版本"], TestData.FieldErrors(chinese, "to"));
        Assert.Equal(["不得早于 validFrom"], TestData.FieldErrors(chinese, "validTo"));
    }

    [Fact]
    public async Task Loading_the_reference_data_again_changes_nothing()
    {
        await using var scope = node.Services.CreateAsyncScope();
        var loader = scope.ServiceProvider.GetRequiredService<CodeReferenceData>();
        var summary = await loader.LoadAsync(AdapterParserTests.Data(), CancellationToken.None, force: true);
        Assert.Equal((0, 0, 0), (summary.Added, summary.Updated, summary.Removed));
        Assert.Equal(15, summary.Systems);
        Assert.True(summary.Codes > 250);
    }

    [Fact]
    public async Task A_one_to_one_code_translates_between_HS_versions()
    {
        using var client = node.System();
        var result = await (await client.GetAsync("/api/codes/translate?from=hs:2017&to=hs:2022&code=850760&on=2020-05-01")).Json();
        Assert.Equal("translated", result.GetProperty("outcome").GetString());
        Assert.Equal("850760", result.GetProperty("target").GetString());
        Assert.Equal("Lithium-ion accumulators", result.GetProperty("targetDescription").GetString());
    }

    [Fact]
    public async Task A_split_code_without_a_condition_is_unmappable_and_lists_the_candidates_and_a_condition_decides()
    {
        using var client = node.System();
        var response = await client.GetAsync("/api/codes/translate?from=hs:2017&to=hs:2022&code=851712&on=2020-05-01");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Json();
        Assert.Contains("splits into 2 codes of hs:2022", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var candidates = problem.GetProperty("candidates");
        Assert.Equal(["851713", "851714"], Strings(candidates, "code").Order(StringComparer.Ordinal));
        Assert.Contains("product=smartphone", Strings(candidates, "condition"));

        var chosen = await (await client.GetAsync("/api/codes/translate?from=hs:2017&to=hs:2022&code=851712&on=2020-05-01&condition=product=smartphone")).Json();
        Assert.Equal("851713", chosen.GetProperty("target").GetString());
    }

    [Theory]
    [InlineData("from=hx:2017&to=hs:2022&code=850760", "from", "unknown code system 'hx'")]
    [InlineData("from=hs:2012&to=hs:2022&code=850760", "from", "unknown version '2012' of hs; known: 2017, 2022")]
    [InlineData("from=hs&to=hs:2022&code=850760", "from", "is not of the form system:version")]
    [InlineData("from=hs:2017&to=hs:2022&code=850760&on=2020-13-01", "on", "is not a yyyy-MM-dd date")]
    public async Task An_unknown_system_or_version_is_a_400_naming_the_field(string query, string field, string reason)
    {
        using var client = node.System();
        var response = await client.GetAsync("/api/codes/translate?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, TestData.FieldErrors(await response.Json(), field).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_outside_its_validity_window_or_unknown_is_unmappable_with_the_reason()
    {
        using var client = node.System();
        var late = await client.GetAsync("/api/codes/translate?from=hs:2017&to=hs:2022&code=850760&on=2024-01-01");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Contains("hs:2017 is in force from 2017-01-01 to 2021-12-31, not on 2024-01-01", (await late.Json()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var unknown = await client.GetAsync("/api/codes/translate?from=hs:2017&to=hs:2022&code=999999&on=2020-01-01");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("'999999' is not a code of hs:2017", (await unknown.Json()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bulk_translation_reports_each_code()
    {
        using var client = node.System();
        var response = await client.PostAsJsonAsync("/api/codes/translate/bulk", new
        {
            from = "cn-customs-country:legacy",
            to = "iso-3166-1:2013",
            on = "2017-06-15",
            codes = new object[] { new { code = "502" }, new { code = "142" }, new { code = "999" } },
        });
        var result = await response.Json();
        Assert.Equal(2, result.GetProperty("translated").GetInt32());
        Assert.Equal(1, result.GetProperty("unmappable").GetInt32());
        Assert.Equal(["US", "CN"], result.GetProperty("results").EnumerateArray().Take(2).Select(r => r.GetProperty("target").GetString()!).ToArray());
    }

    private static object CustomsDeclaration() => new
    {
        declarationNo = "330100217000000001",
        direction = "export",
        declaredAt = "2017-06-15",
        consignorName = "杭州示例茶叶有限公司",
        tradeCountry = "502",
        portOfLoading = "CNNGB",
        transportMode = "2",
        tradeMode = "0110",
        currency = "502",
        totalValue = "18600.00",
        items = new[] { new { seq = "1", commodityCode = "0902101000", description = "绿茶", quantity = "1200", unit = "035", originCountry = "142" } },
    };

    [Fact]
    public async Task A_Customs_coded_declaration_translates_into_national_coding_reporting_every_field()
    {
        using var client = node.System();
        var response = await client.PostAsJsonAsync("/api/codes/translate/document", new
        {
            kind = "declaration",
            from = "customs",
            to = "national",
            on = "2017-06-15",
            document = CustomsDeclaration(),
            conditions = new Dictionary<string, Dictionary<string, string>> { ["transportMode"] = new() { ["waterway"] = "sea" } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Json();
        var document = result.GetProperty("document");
        Assert.Equal("US", document.GetProperty("tradeCountry").GetString());
        Assert.Equal("USD", document.GetProperty("currency").GetString());
        Assert.Equal("1", document.GetProperty("transportMode").GetString());
        Assert.Equal("0902101000999", document.GetProperty("items")[0].GetProperty("commodityCode").GetString());
        Assert.Equal("KGM", document.GetProperty("items")[0].GetProperty("unit").GetString());
        Assert.Equal("CN", document.GetProperty("items")[0].GetProperty("originCountry").GetString());

        var fields = result.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("field").GetString()!, f => f.GetProperty("outcome").GetString());
        Assert.Equal(16, fields.Count);
        Assert.Equal("translated", fields["tradeCountry"]);
        Assert.Equal("translated", fields["items[0].commodityCode"]);
        Assert.Equal("unchanged", fields["declarationNo"]);
        Assert.Equal("unchanged", fields["portOfLoading"]);
        Assert.Equal("unchanged", fields["tradeMode"]);
        Assert.Equal(6, result.GetProperty("translated").GetInt32());
        Assert.Equal(10, result.GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task A_document_field_that_needs_a_condition_is_unmappable_with_candidates_and_nothing_is_guessed()
    {
        using var client = node.System();
        var response = await client.PostAsJsonAsync("/api/codes/translate/document", new
        {
            kind = "declaration",
            from = "customs",
            to = "national",
            on = "2017-06-15",
            document = CustomsDeclaration(),
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Json();
        Assert.Equal(1, problem.GetProperty("unmappable").GetInt32());
        var transport = problem.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("field").GetString() == "transportMode");
        Assert.Equal("unmappable", transport.GetProperty("outcome").GetString());
        Assert.Equal(["1", "8"], Strings(transport.GetProperty("candidates"), "code"));
        Assert.Contains("waterway=sea", transport.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_dated_after_a_code_list_expired_says_which_versions_exist()
    {
        using var client = node.System();
        var response = await client.PostAsJsonAsync("/api/codes/translate/document", new
        {
            kind = "declaration",
            from = "customs",
            to = "national",
            on = "2019-03-01",
            document = new { declarationNo = "X1", tradeCountry = "502" },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var field = (await response.Json()).GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("field").GetString() == "tradeCountry");
        Assert.Contains("no version of cn-customs-country is in force on 2019-03-01", field.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provincial_BQS_codes_translate_between_provinces()
    {
        using var client = node.System();
        var merged = await (await client.GetAsync("/api/codes/translate?from=bqs-zj:2015&to=bqs-gd:2016&code=01010001&on=2020-01-01")).Json();
        Assert.Equal("A0101", merged.GetProperty("target").GetString());
        var split = await client.GetAsync("/api/codes/translate?from=bqs-zj:2015&to=bqs-gd:2016&code=05010000&on=2020-01-01");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, split.StatusCode);
        var electric = await (await client.GetAsync("/api/codes/translate?from=bqs-zj:2015&to=bqs-gd:2016&code=05010000&on=2020-01-01&condition=electric=yes")).Json();
        Assert.Equal("T0101", electric.GetProperty("target").GetString());
    }

    [Fact]
    public async Task The_consistency_report_lists_unmapped_codes_unreached_targets_and_round_trip_losses()
    {
        using var client = node.System();
        var transport = (await (await client.GetAsync("/api/codes/consistency?from=cn-customs-transport:2000&to=unece-rec19:current")).Json())[0];
        Assert.Equal(["9"], Strings(transport.GetProperty("unmapped"), "code"));
        Assert.Contains("0", Strings(transport.GetProperty("unreachedTargets"), "code"));

        var hs = (await (await client.GetAsync("/api/codes/consistency?from=hs:2022&to=hs:2017")).Json())[0];
        var losses = hs.GetProperty("roundTripLosses").EnumerateArray().ToList();
        Assert.Contains(losses, l => l.GetProperty("code").GetString() == "851713" && l.GetProperty("detail").GetString()!.Contains("needs a condition", StringComparison.Ordinal));

        var provinces = (await (await client.GetAsync("/api/codes/consistency?from=bqs-zj:2015&to=bqs-gd:2016")).Json())[0];
        Assert.Equal(["A0104"], Strings(provinces.GetProperty("unreachedTargets"), "code"));

        var all = await (await client.GetAsync("/api/codes/consistency")).Json();
        Assert.True(all.GetArrayLength() >= 20);
    }

    [Fact]
    public async Task Added_mappings_take_effect_at_once_and_the_report_finds_ambiguity_and_overlapping_validity()
    {
        using var client = node.System();
        var before = await client.GetAsync("/api/codes/translate?from=bqs-gd:2016&to=bqs-zj:2015&code=A0104&on=2020-01-01");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, before.StatusCode);

        var add = await client.PostAsJsonAsync("/api/codes/mappings", new
        {
            from = "bqs-gd:2016", fromCode = "A0104", to = "bqs-zj:2015", toCode = "01010002",
            cardinality = "many-to-one", validFrom = "2016-01-01", provenance = "test: white tea counts as other green tea in Zhejiang",
        });
        Assert.Equal(HttpStatusCode.Created, add.StatusCode);
        var after = await (await client.GetAsync("/api/codes/translate?from=bqs-gd:2016&to=bqs-zj:2015&code=A0104&on=2020-01-01")).Json();
        Assert.Equal("01010002", after.GetProperty("target").GetString());

        // A second unconditional target for E0305 (ambiguous) and a repeated row for A0102 (overlapping validity).
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/codes/mappings", new
        {
            from = "bqs-gd:2016", fromCode = "E0305", to = "bqs-zj:2015", toCode = "07010001",
            cardinality = "one-to-one", validFrom = "2016-01-01", provenance = "test",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/codes/mappings", new
        {
            from = "bqs-gd:2016", fromCode = "A0102", to = "bqs-zj:2015", toCode = "01020001",
            cardinality = "one-to-one", validFrom = "2020-01-01", validTo = "2020-12-31", provenance = "test",
        })).StatusCode);
        var report = (await (await client.GetAsync("/api/codes/consistency?from=bqs-gd:2016&to=bqs-zj:2015")).Json())[0];
        Assert.Equal(["E0305"], Strings(report.GetProperty("ambiguous"), "code"));
        Assert.Equal(["A0102"], Strings(report.GetProperty("overlappingValidity"), "code"));
        Assert.Contains("E0305", Strings(report.GetProperty("cardinalityMismatches"), "code"));

        var ambiguous = await client.GetAsync("/api/codes/translate?from=bqs-gd:2016&to=bqs-zj:2015&code=E0305&on=2020-01-01");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ambiguous.StatusCode);
        Assert.Equal(2, (await ambiguous.Json()).GetProperty("candidates").GetArrayLength());
    }

    [Fact]
    public async Task A_mapping_is_refused_when_its_parts_do_not_fit()
    {
        using var client = node.System();
        var response = await client.PostAsJsonAsync("/api/codes/mappings", new
        {
            from = "hs:2017", fromCode = "999999", to = "hs:2022", toCode = "850760",
            cardinality = "one-to-many", validFrom = "2017-01-01", provenance = "test",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Json();
        Assert.Contains("'999999' is not a code of hs:2017", TestData.FieldErrors(problem, "fromCode").Single(), StringComparison.Ordinal);
        Assert.Contains("needs a condition", TestData.FieldErrors(problem, "condition").Single(), StringComparison.Ordinal);

        var uscc = TestData.NewUscc();
        await TestData.CreateEnterpriseAsync(node.System(), uscc);
        using var enterprise = await node.NewEnterpriseUserAsync(uscc);
        var forbidden = await enterprise.PostAsJsonAsync("/api/codes/mappings", new { from = "hs:2017" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}

[Collection("sqlite")]
public sealed class CodeApiOnSqlite(SqliteNode node) : CodeApiTests(node);

[Collection("postgres")]
public sealed class CodeApiOnPostgres(PostgresNode node) : CodeApiTests(node);
