using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Tests.Infrastructure;

namespace GoldenQuality.Tests.Registry;

public abstract class OrganisationApiTests(NodeFixture node)
{
    private static string[] Codes(JsonElement array) => array.EnumerateArray().Select(o => o.GetProperty("code").GetString()!).ToArray();

    [Fact]
    public async Task A_port_office_reports_through_its_bureau_to_AQSIQ_and_the_State_Council()
    {
        using var client = node.System();
        var chain = await (await client.GetAsync("/api/registry/organisations/CIQ-NB-BEILUN/chain")).Json();
        Assert.Equal(["CIQ-NB-BEILUN", "CIQ-NB", "AQSIQ", "STATE-COUNCIL"], Codes(chain));
    }

    [Fact]
    public async Task A_BQS_bureau_reports_to_its_provincial_government_and_is_only_guided_by_AQSIQ()
    {
        using var client = node.System();
        var chain = await (await client.GetAsync("/api/registry/organisations/BQS-ZJ-HZ/chain")).Json();
        Assert.Equal(["BQS-ZJ-HZ", "BQS-ZJ", "GOV-ZJ", "STATE-COUNCIL"], Codes(chain));

        var links = await (await client.GetAsync("/api/registry/organisations/BQS-ZJ/links")).Json();
        var outgoing = links.EnumerateArray().Where(l => l.GetProperty("from").GetString() == "BQS-ZJ")
            .Select(l => (l.GetProperty("to").GetString(), l.GetProperty("type").GetString())).ToHashSet();
        Assert.Contains(("GOV-ZJ", "provincial-administration"), outgoing);
        Assert.Contains(("AQSIQ", "non-vertical"), outgoing);
    }

    [Fact]
    public async Task The_offices_in_a_province_include_every_agency_located_there()
    {
        using var client = node.System();
        var offices = Codes(await (await client.GetAsync("/api/registry/provinces/330000/offices")).Json());
        Assert.Contains("CIQ-ZJ", offices);
        Assert.Contains("CIQ-NB", offices);
        Assert.Contains("BQS-ZJ", offices);
        Assert.Contains("GOV-ZJ", offices);
        Assert.DoesNotContain("CIQ-JS", offices);

        var ciqOnly = Codes(await (await client.GetAsync("/api/registry/provinces/330000/offices?agency=CIQ")).Json());
        Assert.All(ciqOnly, c => Assert.StartsWith("CIQ-", c, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("330206", "CIQ", "CIQ-NB")] // Beilun district: Ningbo CIQ, not Zhejiang CIQ
    [InlineData("330282", "CIQ", "CIQ-NB-CIXI")] // Cixi: the branch's own jurisdiction is more specific
    [InlineData("330106", "CIQ", "CIQ-ZJ-HZ")] // Xihu district, Hangzhou: the Hangzhou branch
    [InlineData("440305", "CIQ", "CIQ-SZ")] // Nanshan, Shenzhen: carved out of Guangdong CIQ
    [InlineData("440104", "CIQ", "CIQ-GD")] // Yuexiu, Guangzhou: the provincial bureau
    [InlineData("330106", "BQS", "BQS-ZJ-HZ")]
    public async Task The_most_specific_jurisdiction_answers_for_an_area(string area, string agency, string expected)
    {
        using var client = node.System();
        var answer = await (await client.GetAsync($"/api/registry/responsible-office?area={area}&agency={agency}")).Json();
        Assert.Equal(expected, answer.GetProperty("office").GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_unknown_area_is_a_400_naming_the_field()
    {
        using var client = node.System();
        var response = await client.GetAsync("/api/registry/responsible-office?area=999999");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("unknown administrative area '999999'", TestData.FieldErrors(await response.Json(), "area").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_carries_its_UN_LOCODE_and_responsible_port_office()
    {
        using var client = node.System();
        var port = await (await client.GetAsync("/api/registry/ports/cnngb")).Json();
        Assert.Equal("CNNGB", port.GetProperty("locode").GetString());
        Assert.Equal("seaport", port.GetProperty("kind").GetString());
        Assert.Equal("CIQ-NB-BEILUN", port.GetProperty("office").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/registry/ports/XXXXX")).StatusCode);
    }

    [Fact]
    public async Task Lists_are_paged_and_page_parameters_are_checked()
    {
        using var client = node.System();
        var page = await (await client.GetAsync("/api/registry/organisations?kind=ciq-bureau&pageSize=10&page=2")).Json();
        Assert.Equal(35, page.GetProperty("total").GetInt32());
        Assert.Equal(10, page.GetProperty("items").GetArrayLength());
        Assert.Equal(2, page.GetProperty("page").GetInt32());

        var bqs = await (await client.GetAsync("/api/registry/organisations?kind=bqs-bureau")).Json();
        Assert.Equal(31, bqs.GetProperty("total").GetInt32());

        var bad = await client.GetAsync("/api/registry/organisations?pageSize=100000&kind=nonsense");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Json();
        Assert.NotEmpty(TestData.FieldErrors(problem, "pageSize"));
        Assert.NotEmpty(TestData.FieldErrors(problem, "kind"));
    }

    [Fact]
    public async Task Areas_hold_GB_T_2260_codes_under_their_parents()
    {
        using var client = node.System();
        var area = await (await client.GetAsync("/api/registry/areas/330106")).Json();
        Assert.Equal("330100", area.GetProperty("parentCode").GetString());
        var provinces = await (await client.GetAsync("/api/registry/areas?level=province&pageSize=100")).Json();
        Assert.Equal(31, provinces.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_supervisor_renames_an_office_of_its_own_line_with_a_version_and_a_stale_version_is_409()
    {
        using var ciq = await node.CiqOfficerAsync();
        var office = await (await ciq.GetAsync("/api/registry/organisations/CIQ-ZJ-WZ")).Json();
        var version = office.GetProperty("version").GetInt64();
        var nameZh = office.GetProperty("nameZh").GetString();
        var renamed = await ciq.PutAsJsonAsync("/api/registry/organisations/CIQ-ZJ-WZ/names", new { nameZh, nameEn = "Wenzhou office " + version, version });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(version + 1, (await renamed.Json()).GetProperty("version").GetInt64());

        var stale = await ciq.PutAsJsonAsync("/api/registry/organisations/CIQ-ZJ-WZ/names", new { nameZh, nameEn = "Stale", version });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(version + 1, (await stale.Json()).GetProperty("currentVersion").GetInt64());
    }
}

[Collection("sqlite")]
public sealed class OrganisationApiOnSqlite(SqliteNode node) : OrganisationApiTests(node);

[Collection("postgres")]
public sealed class OrganisationApiOnPostgres(PostgresNode node) : OrganisationApiTests(node);
