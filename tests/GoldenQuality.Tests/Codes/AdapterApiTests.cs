using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GoldenQuality.Cli;
using GoldenQuality.Tests.Infrastructure;

namespace GoldenQuality.Tests.Codes;

public abstract class AdapterApiTests(NodeFixture node)
{
    private static readonly string Declarations = AdapterParserTests.Data("adapters", "samples", "ciq-zj-declarations.txt");

    /// <summary>The sample declaration file with fresh declaration numbers, so that tests never share records.</summary>
    private static byte[] FreshDeclarations(out string[] numbers)
    {
        var gb = AdapterParserTests.Gb18030;
        var prefix = Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var lines = gb.GetString(File.ReadAllBytes(Declarations)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(l => prefix + l[6..]).ToArray();
        numbers = [.. lines.Select(l => l[..18])];
        return gb.GetBytes(string.Join("\r\n", lines) + "\r\n");
    }

    private static ByteArrayContent Body(byte[] bytes) => new(bytes);

    [Fact]
    public async Task Importing_the_same_legacy_file_twice_creates_no_duplicates()
    {
        using var client = node.System();
        var file = FreshDeclarations(out var numbers);
        var first = await (await client.PostAsync("/api/codes/adapters/ciq-zj-legacy-declaration/import", Body(file))).Json();
        Assert.Equal((5, 5, 0), (first.GetProperty("records").GetInt32(), first.GetProperty("added").GetInt32(), first.GetProperty("unchanged").GetInt32()));

        var second = await (await client.PostAsync("/api/codes/adapters/ciq-zj-legacy-declaration/import", Body(file))).Json();
        Assert.Equal((0, 0, 5), (second.GetProperty("added").GetInt32(), second.GetProperty("updated").GetInt32(), second.GetProperty("unchanged").GetInt32()));

        var record = await (await client.GetAsync($"/api/codes/records/declaration/{numbers[0]}")).Json();
        Assert.Equal("杭州示例茶叶有限公司", record.GetProperty("consignorName").GetString());
        Assert.Equal(1, record.GetProperty("_revision").GetInt32());

        // A changed line updates its record and nothing else.
        var gb = AdapterParserTests.Gb18030;
        var changed = gb.GetBytes(gb.GetString(file).Replace("CNNGB", "CNSHA", StringComparison.Ordinal));
        var third = await (await client.PostAsync("/api/codes/adapters/ciq-zj-legacy-declaration/import", Body(changed))).Json();
        Assert.Equal((0, 3, 2), (third.GetProperty("added").GetInt32(), third.GetProperty("updated").GetInt32(), third.GetProperty("unchanged").GetInt32()));
    }

    [Fact]
    public async Task The_ministries_register_exports_import_as_lpco_and_credit_records_read_only_by_their_agencies()
    {
        using var client = node.System();
        foreach (var (adapter, sample, count) in new[]
        {
            ("moa-quarantine-permits", "moa-quarantine-permits.csv", 4), ("mep-waste-licences", "mep-waste-licences.xml", 3), ("pbc-credit-classes", "pbc-credit-classes.txt", 5),
        })
        {
            var imported = await (await client.PostAsync($"/api/codes/adapters/{adapter}/import", Body(File.ReadAllBytes(AdapterParserTests.Data("adapters", "samples", sample))))).Json();
            Assert.Equal(count, imported.GetProperty("records").GetInt32());
            Assert.Equal(0, imported.GetProperty("rejects").GetArrayLength());
        }

        // The MOA's Chinese words become the register's values: 千克 → KGM, 暂停 → suspended; the MEP's tonnes used are kept.
        var permit = await (await client.GetAsync("/api/codes/records/lpco/MOA-QP-2026-000102")).Json();
        Assert.Equal(("H87", "suspended", "NL", "060290"), (permit.GetProperty("unit").GetString(), permit.GetProperty("status").GetString(),
            permit.GetProperty("originCountry").GetString(), permit.GetProperty("hsCode").GetString()));
        var licence = await (await client.GetAsync("/api/codes/records/lpco/MEP-WL-2026-000101")).Json();
        Assert.Equal(("1200", "200", "TNE", "issued"), (licence.GetProperty("quantity").GetString(), licence.GetProperty("used").GetString(),
            licence.GetProperty("unit").GetString(), licence.GetProperty("status").GetString()));

        // Credit records are the central bank's: an AQSIQ official may not read them.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/codes/records/credit-record/913702000000DEM05F")).StatusCode);
    }

    [Fact]
    public async Task A_file_with_a_malformed_line_is_refused_whole_unless_rejects_are_allowed()
    {
        using var client = node.System();
        var gb = AdapterParserTests.Gb18030;
        var lines = gb.GetString(FreshDeclarations(out var numbers)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[1] = lines[1][..100];
        var file = gb.GetBytes(string.Join("\n", lines));

        var refused = await client.PostAsync("/api/codes/adapters/ciq-zj-legacy-declaration/import", Body(file));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.Json();
        Assert.Contains("nothing was imported", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        var reject = problem.GetProperty("rejects")[0];
        Assert.Equal(2, reject.GetProperty("line").GetInt32());
        Assert.Contains("short by", reject.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/codes/records/declaration/{numbers[0]}")).StatusCode);

        var partial = await (await client.PostAsync("/api/codes/adapters/ciq-zj-legacy-declaration/import?allowRejects=true", Body(file))).Json();
        Assert.Equal(4, partial.GetProperty("added").GetInt32());
        Assert.Equal(1, partial.GetProperty("rejects").GetArrayLength());
    }

    [Theory]
    [InlineData("bqs-zj-enterprise-roster", "", 1, 1, "the file is empty")]
    [InlineData("bqs-zj-enterprise-roster", "统一社会信用代码,企业名称\n\"9133,x\n", 2, 1, "never closed")]
    [InlineData("customs-clearance-permit", "<?xml version=\"1.0\"?>\n<x:ClearancePermits xmlns:x=\"urn:other\"/>", 2, 2, "in namespace 'urn:other'")]
    [InlineData("customs-clearance-permit", "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<r>&x;</r>", 2, 1, "DTDs and external entities are refused")]
    public async Task A_file_that_cannot_be_read_is_a_located_422_and_nothing_is_imported(string adapter, string content, int line, int column, string reason)
    {
        using var client = node.System();
        var response = await client.PostAsync($"/api/codes/adapters/{adapter}/import", Body(Encoding.UTF8.GetBytes(content)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Json();
        Assert.Equal((line, column), (problem.GetProperty("line").GetInt32(), problem.GetProperty("column").GetInt32()));
        Assert.Contains(reason, problem.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_GB18030_roster_sent_to_the_UTF8_adapter_is_refused_with_its_line_and_column()
    {
        using var client = node.System();
        var roster = File.ReadAllText(AdapterParserTests.Data("adapters", "samples", "bqs-zj-enterprises.csv"));
        var response = await client.PostAsync("/api/codes/adapters/bqs-zj-enterprise-roster/import", Body(AdapterParserTests.Gb18030.GetBytes(roster)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Json();
        Assert.Equal(1, problem.GetProperty("line").GetInt32());
        Assert.Contains("cannot be read as utf-8", problem.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Canonical_records_are_written_back_in_the_legacy_format()
    {
        using var client = node.System();
        var response = await client.PostAsJsonAsync("/api/codes/adapters/ciq-zj-legacy-declaration/export", new
        {
            records = new[]
            {
                new Dictionary<string, object>
                {
                    ["declarationNo"] = "330100217000000001", ["direction"] = "export", ["declaredAt"] = "2017-06-15", ["ciqOffice"] = "CIQ-ZJ-HZ",
                    ["declarantUscc"] = "913301000000DEM01D", ["consignorName"] = "杭州示例茶叶有限公司", ["tradeCountry"] = "502", ["portOfLoading"] = "CNNGB",
                    ["transportMode"] = "2", ["tradeMode"] = "0110", ["currency"] = "502",
                    ["items"] = new[] { new Dictionary<string, string> { ["seq"] = "1", ["commodityCode"] = "0902101000", ["description"] = "绿茶（示例）", ["quantity"] = "1200.000", ["unit"] = "035", ["netWeightKg"] = "1200", ["value"] = "18600", ["originCountry"] = "142" } },
                },
            },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var expected = File.ReadAllBytes(Declarations).AsSpan(0, 194).ToArray();
        Assert.Equal(expected, bytes[..194]);
    }

    [Fact]
    public async Task An_unknown_adapter_is_404_and_the_shipped_ones_are_listed()
    {
        using var client = node.System();
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/codes/adapters/nope/import", Body([1]))).StatusCode);
        var list = await (await client.GetAsync("/api/codes/adapters")).Json();
        Assert.Equal(["bqs-zj-enterprise-roster", "ciq-zj-legacy-declaration", "customs-clearance-permit", "mep-waste-licences", "moa-quarantine-permits", "pbc-credit-classes"],
            list.EnumerateArray().Select(a => a.GetProperty("name").GetString()!).ToArray());
    }

    [Fact]
    public async Task The_ePhyto_Hub_sample_imports_over_HTTP_reporting_mapped_and_unmapped_elements()
    {
        using var client = node.System();
        var xml = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "testdata", "sps", "ephyto-hub-sample-SPSCertificate.xml"));
        var response = await client.PostAsync("/api/codes/sps/import?store=true", new ByteArrayContent(xml));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Json();
        Assert.Equal("123ABC", result.GetProperty("permit").GetProperty("permitNo").GetString());
        Assert.True(result.GetProperty("mappedCount").GetInt32() > 30);
        Assert.True(result.GetProperty("notMappedCount").GetInt32() > 10);
        Assert.Contains(result.GetProperty("notMapped").EnumerateArray(), l => l.GetProperty("path").GetString() == "SPSConsignment/MainCarriageSPSTransportMovement[2]/ID");
        Assert.Equal("123ABC", (await (await client.GetAsync("/api/codes/records/permit/123ABC")).Json()).GetProperty("permitNo").GetString());

        // Its codes, checked against the international coding on the issue date (2016-04-22).
        var codes = result.GetProperty("codes").EnumerateArray().ToDictionary(c => c.GetProperty("field").GetString()!);
        Assert.Equal("unchanged", codes["exportCountry"].GetProperty("outcome").GetString());
        Assert.Equal("unchanged", codes["items[0].netWeightUnit"].GetProperty("outcome").GetString());
        Assert.Equal("unmappable", codes["portOfEntry"].GetProperty("outcome").GetString());
        Assert.Contains("'USSEA' is not a code of un-locode:2014", codes["portOfEntry"].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("no version of hs is in force on 2016-04-22", codes["items[0].commodityCode"].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("unmappable", codes["items[1].unit"].GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData("", "the body is empty")]
    [InlineData("<a:SPSCertificate xmlns:a=\"urn:un:unece:uncefact:data:standard:SPSCertificate:16\"/>", "an SPS certificate is")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>", "DTDs and external entities are refused")]
    public async Task A_bad_SPS_certificate_is_a_422_and_nothing_is_stored(string xml, string reason)
    {
        using var client = node.System();
        var response = await client.PostAsync("/api/codes/sps/import?store=true", new StringContent(xml));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(reason, (await response.Json()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_permit_goes_to_SPS_XML_and_back_over_HTTP_unchanged()
    {
        using var client = node.System();
        var permit = AdapterParserTests.FullPermit().ToJson();
        var export = await client.PostAsJsonAsync("/api/codes/sps/export", permit);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var xml = await export.Content.ReadAsStringAsync();
        Assert.Contains("urn:un:unece:uncefact:data:standard:SPSCertificate:17", xml, StringComparison.Ordinal);
        var back = await (await client.PostAsync("/api/codes/sps/import", new StringContent(xml))).Json();
        Assert.Equal(permit.ToJsonString(), back.GetProperty("permit").GetRawText().Length > 0 ? System.Text.Json.Nodes.JsonNode.Parse(back.GetProperty("permit").GetRawText())!.ToJsonString() : "");
        Assert.Equal(0, back.GetProperty("notMappedCount").GetInt32());
    }

    [Fact]
    public async Task Gq_adapt_posts_to_a_node_and_posting_again_changes_nothing()
    {
        var folder = Directory.CreateTempSubdirectory("gq-adapt-").FullName;
        var input = Path.Combine(folder, "declarations.txt");
        await File.WriteAllBytesAsync(input, FreshDeclarations(out var numbers));
        string[] args = ["adapt", "--adapter", AdapterParserTests.Data("adapters", "ciq-zj-legacy-declaration.json"), "--in", input, "--post", node.BaseAddress.ToString(), "--api-key", node.SystemApiKey];

        var (exit, output) = Run(args);
        Assert.True(exit == 0, output);
        Assert.Contains("5 added, 0 updated, 0 unchanged", output, StringComparison.Ordinal);
        (exit, output) = Run(args);
        Assert.Equal(0, exit);
        Assert.Contains("0 added, 0 updated, 5 unchanged", output, StringComparison.Ordinal);

        using var client = node.System();
        var stored = await (await client.GetAsync($"/api/codes/records/declaration/{numbers[4]}")).Json();
        Assert.Equal("8471300000", stored.GetProperty("items")[0].GetProperty("commodityCode").GetString());
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Posted_records_are_checked_against_the_record_shape()
    {
        using var client = node.System();
        var response = await client.PostAsJsonAsync("/api/codes/records", new
        {
            kind = "enterprise",
            source = "test",
            records = new object[] { new { uscc = "X", colour = "red" }, new { nameZh = "无代码" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Json();
        Assert.Contains("is not a field of a enterprise record", TestData.FieldErrors(problem, "records[0].colour").Single(), StringComparison.Ordinal);
        Assert.Equal("is required", TestData.FieldErrors(problem, "records[1].uscc").Single());
    }

    internal static (int Exit, string Output) Run(params string[] args)
    {
        using var output = new StringWriter();
        var exit = GqCli.Build().Parse(args).Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = output });
        return (exit, output.ToString());
    }
}

[Collection("sqlite")]
public sealed class AdapterApiOnSqlite(SqliteNode node) : AdapterApiTests(node);

[Collection("postgres")]
public sealed class AdapterApiOnPostgres(PostgresNode node) : AdapterApiTests(node);

public sealed class AdaptCommandTests
{
    [Fact]
    public void Gq_adapt_converts_to_canonical_JSON_and_back_to_the_same_legacy_file()
    {
        var folder = Directory.CreateTempSubdirectory("gq-adapt-").FullName;
        var adapter = AdapterParserTests.Data("adapters", "bqs-zj-enterprise-roster.json");
        var sample = AdapterParserTests.Data("adapters", "samples", "bqs-zj-enterprises.csv");
        var json = Path.Combine(folder, "roster.json");
        var back = Path.Combine(folder, "roster.csv");
        var (exit, output) = AdapterApiTests.Run("adapt", "--adapter", adapter, "--in", sample, "--out", json, "--rejects", Path.Combine(folder, "r.csv"));
        Assert.True(exit == 0, output);
        Assert.Equal(3, JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("records").GetArrayLength());
        (exit, output) = AdapterApiTests.Run("adapt", "--adapter", adapter, "--in", json, "--out", back, "--reverse");
        Assert.True(exit == 0, output);
        Assert.Equal(File.ReadAllText(sample), File.ReadAllText(back));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Gq_adapt_writes_rejects_with_line_column_and_reason_and_nothing_else()
    {
        var folder = Directory.CreateTempSubdirectory("gq-adapt-").FullName;
        var lines = File.ReadAllLines(AdapterParserTests.Data("adapters", "samples", "bqs-zj-enterprises.csv"));
        var input = Path.Combine(folder, "roster.csv");
        File.WriteAllLines(input, [lines[0], lines[1], lines[2].Replace("2022/06/30", "2022-06-30", StringComparison.Ordinal)]);
        var output = Path.Combine(folder, "out.json");
        var (exit, text) = AdapterApiTests.Run("adapt", "--adapter", AdapterParserTests.Data("adapters", "bqs-zj-enterprise-roster.json"), "--in", input, "--out", output);
        Assert.Equal(1, exit);
        Assert.Contains("1 rejected", text, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        var rejects = File.ReadAllLines(input + ".rejects.csv");
        Assert.Equal("line,column,field,reason,key", rejects[0]);
        Assert.StartsWith("3,", rejects[1], StringComparison.Ordinal);
        Assert.Contains("licenceValidTo", rejects[1], StringComparison.Ordinal);
        Assert.Contains("is not a date of the form yyyy/MM/dd", rejects[1], StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Gq_adapt_reports_an_unreadable_file_with_its_location_and_needs_one_destination()
    {
        var folder = Directory.CreateTempSubdirectory("gq-adapt-").FullName;
        var input = Path.Combine(folder, "empty.txt");
        File.WriteAllText(input, "");
        var (exit, text) = AdapterApiTests.Run("adapt", "--adapter", AdapterParserTests.Data("adapters", "ciq-zj-legacy-declaration.json"), "--in", input, "--out", Path.Combine(folder, "o.json"));
        Assert.Equal(1, exit);
        Assert.Contains("empty.txt:1:1: the file is empty", text, StringComparison.Ordinal);

        (exit, text) = AdapterApiTests.Run("adapt", "--adapter", AdapterParserTests.Data("adapters", "ciq-zj-legacy-declaration.json"), "--in", input);
        Assert.NotEqual(0, exit);
        Assert.Contains("Give exactly one of --out FILE and --post URL.", text, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }
}

public sealed class CodesCommandTests
{
    [Fact]
    public void Gq_codes_check_prints_the_report_of_every_pair_and_exits_0_on_the_shipped_tables()
    {
        var folder = Directory.CreateTempSubdirectory("gq-codes-").FullName;
        var db = $"Data Source={Path.Combine(folder, "node.db")}";
        var (exit, output) = AdapterApiTests.Run("codes", "check", "--db", db);
        Assert.True(exit == 0, output);
        Assert.Contains("hs:2017 -> hs:2022: 15/15 codes mapped; ambiguous 0, overlapping 0, cardinality 0", output, StringComparison.Ordinal);
        Assert.Contains("No ambiguous, overlapping or contradictory mappings.", output, StringComparison.Ordinal);

        (exit, output) = AdapterApiTests.Run("codes", "check", "--db", db, "--from", "cn-customs-transport:2000", "--verbose");
        Assert.Equal(0, exit);
        Assert.Contains("unmapped: '9' of cn-customs-transport:2000 has no mapping to unece-rec19:current", output, StringComparison.Ordinal);

        (exit, output) = AdapterApiTests.Run("codes", "check", "--db", db, "--from", "hs:1996");
        Assert.Equal(2, exit);
        Assert.Contains("unknown version '1996' of hs", output, StringComparison.Ordinal);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
