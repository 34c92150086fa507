using System.Net;
using System.Text.Json;
using GoldenQuality.Tests.Infrastructure;

namespace GoldenQuality.Tests.Codes;

/// <summary>The look-up behind the forms' code fields: <c>GET /api/lookup/{list}</c>.</summary>
public abstract class LookupApiTests(NodeFixture node)
{
    private async Task<JsonElement> FindAsync(string path, string? language = null)
    {
        using var client = node.System();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Json();
    }

    private static (string Code, string Name)[] Items(JsonElement view) =>
        [.. view.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("code").GetString()!, i.GetProperty("name").GetString()!))];

    [Fact]
    public async Task Green_tea_and_frozen_shrimps_are_found_by_name_in_the_whole_HS_2022_nomenclature()
    {
        var tea = await FindAsync("/api/lookup/hs?q=green%20tea");
        Assert.Equal(["090210", "090220"], Items(tea).Select(i => i.Code));
        Assert.StartsWith("Tea, green; (not fermented)", Items(tea)[0].Name, StringComparison.Ordinal);

        var shrimp = await FindAsync("/api/lookup/hs?q=frozen%20shrimp&limit=50");
        Assert.Contains("030617", Items(shrimp).Select(i => i.Code));
        Assert.Contains("030616", Items(shrimp).Select(i => i.Code));

        // By code: codes starting with the query come first, dots ignored; chapters and headings are there too.
        var byCode = await FindAsync("/api/lookup/hs?q=09.02");
        Assert.Equal(["0902", "090210", "090220", "090230", "090240"], Items(byCode).Select(i => i.Code));
        var chapter = (await FindAsync("/api/lookup/hs?q=09")).GetProperty("items")[0];
        Assert.Equal(("09", "chapter"), (chapter.GetProperty("code").GetString(), chapter.GetProperty("detail").GetString()));

        // The nomenclature is English only: a Chinese reader gets the English text, and is told so.
        var inChinese = (await FindAsync("/api/lookup/hs?q=green%20tea", "zh-CN")).GetProperty("items")[0];
        Assert.Equal("en", inChinese.GetProperty("language").GetString());
    }

    [Fact]
    public async Task The_tariff_look_up_lists_each_subheading_with_the_national_codes_known_under_it()
    {
        var tea = await FindAsync("/api/lookup/tariff?q=0902.10&limit=50");
        var codes = tea.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("code").GetString(), i.GetProperty("illustrative").GetBoolean())).ToArray();
        Assert.Equal(("090210", false), codes[0]);
        Assert.Contains(("0902101000", true), codes);
    }

    [Fact]
    public async Task China_is_found_by_its_Chinese_name_and_countries_are_named_in_the_language_asked_for()
    {
        var china = await FindAsync("/api/lookup/country?q=%E4%B8%AD%E5%9B%BD", "zh-CN");
        Assert.Equal(("CN", "中国"), Items(china)[0]);
        Assert.Equal("zh-CN", china.GetProperty("items")[0].GetProperty("language").GetString());

        var vietnam = await FindAsync("/api/lookup/country?q=viet");
        Assert.Equal([("VN", "Viet Nam")], Items(vietnam));
        Assert.Equal(("VN", "越南"), Items(await FindAsync("/api/lookup/country?q=VNM", "zh-CN")).Single());
    }

    [Fact]
    public async Task Currencies_units_transport_modes_and_ports_are_found_by_code_or_name()
    {
        Assert.Equal(("CNY", "Yuan Renminbi"), Items(await FindAsync("/api/lookup/currency?q=renminbi")).Single());
        Assert.Contains(("KGM", "kilogram"), Items(await FindAsync("/api/lookup/unit?q=kilogram")));
        Assert.Equal("1", Items(await FindAsync("/api/lookup/transport?q=maritime")).Select(i => i.Code).First());
        Assert.Equal(("CNNGB", "宁波港"), Items(await FindAsync("/api/lookup/port?q=ningbo", "zh-CN")).First());
    }

    [Fact]
    public async Task The_lab_parameters_offered_are_those_the_catalogue_sets_limits_for_on_the_product()
    {
        var tea = await FindAsync("/api/lookup/lab-parameter?hs=0902101000&limit=50");
        var codes = Items(tea).Select(i => i.Code).ToArray();
        Assert.NotEmpty(codes);
        Assert.Contains("the standards catalogue, category tea", tea.GetProperty("source").GetString(), StringComparison.Ordinal);
        var none = await FindAsync("/api/lookup/lab-parameter?hs=8471300000");
        Assert.Equal(0, none.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_bad_look_up_is_refused_naming_the_field_and_an_anonymous_one_is_401()
    {
        using var client = node.System();
        var unknown = await (await client.GetAsync("/api/lookup/planets?q=mars")).Json();
        Assert.Contains("'planets' is not one of: hs, tariff, country", TestData.FieldErrors(unknown, "list").Single(), StringComparison.Ordinal);
        var tooLong = await client.GetAsync("/api/lookup/hs?q=" + new string('a', 101));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(["must be at most 100 characters"], TestData.FieldErrors(await tooLong.Json(), "q"));
        Assert.Equal(["must be between 1 and 50"], TestData.FieldErrors(await (await client.GetAsync("/api/lookup/country?limit=500")).Json(), "limit"));
        Assert.Equal(["is required"], TestData.FieldErrors(await (await client.GetAsync("/api/lookup/lab-parameter?q=lead")).Json(), "hs"));

        using var anonymous = node.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/lookup/hs?q=tea")).StatusCode);
    }
}

[Collection("sqlite")]
public sealed class LookupApiOnSqlite(SqliteNode node) : LookupApiTests(node);

[Collection("postgres")]
public sealed class LookupApiOnPostgres(PostgresNode node) : LookupApiTests(node);
