using System.Net;
using System.Text;
using GoldenQuality.Codes.Sps;
using GoldenQuality.Tests.Infrastructure;

namespace GoldenQuality.Tests.Security;

/// <summary>
/// The SPS importer bounds its work and its answer: a body of thousands of foreign elements gets the first 100
/// problems and one "and N more", a deeply nested body is refused at the depth limit, a huge one at the element
/// limit, and an oversized one with 413. (Before: a 300 KB body gave a 102 MB answer, 100,000 nested elements took 34 s.)
/// </summary>
[Collection("sqlite")]
public sealed class LimitsSpsTests(SqliteNode node)
{
    private const string Open = """<rsm:SPSCertificate xmlns:rsm="urn:un:unece:uncefact:data:standard:SPSCertificate:17" xmlns:f="urn:example:foreign">""";

    private static async Task<(HttpStatusCode Status, string Text)> ImportAsync(HttpClient client, string xml)
    {
        var response = await client.PostAsync("/api/codes/sps/import", new StringContent(xml, Encoding.UTF8, "application/xml"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Fifteen_thousand_foreign_elements_get_the_first_100_problems_and_one_saying_how_many_more()
    {
        using var client = node.System();
        var xml = new StringBuilder(Open + "<f:wrap>");
        for (var i = 0; i < 15_000; i++)
        {
            xml.Append("<f:note>value</f:note>");
        }

        xml.Append("</f:wrap></rsm:SPSCertificate>");
        Assert.True(xml.Length > 300_000);
        var (status, text) = await ImportAsync(client, xml.ToString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(text.Length < 64 * 1024, $"the answer has {text.Length} characters");
        var problems = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("problems");
        Assert.Equal(SpsCertificate.MaxProblems + 1, problems.GetArrayLength());
        Assert.Contains("element note is in namespace 'urn:example:foreign'", problems[0].GetProperty("reason").GetString(), StringComparison.Ordinal);

        // 15,000 foreign elements and the two missing parts of a certificate: 15,002 problems, 100 of them reported.
        Assert.Equal("and 14902 more problem(s): only the first 100 are reported", problems[SpsCertificate.MaxProblems].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task One_hundred_thousand_nested_elements_are_refused_at_the_depth_limit_with_one_problem()
    {
        using var client = node.System();
        var xml = new StringBuilder(Open);
        for (var i = 0; i < 100_000; i++)
        {
            xml.Append("<f:a>");
        }

        for (var i = 0; i < 100_000; i++)
        {
            xml.Append("</f:a>");
        }

        xml.Append("</rsm:SPSCertificate>");
        var (status, text) = await ImportAsync(client, xml.ToString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(text.Length < 4 * 1024, $"the answer has {text.Length} characters");
        var problem = Assert.Single(System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal($"the elements nest deeper than {SpsCertificate.MaxDepth} levels; at most {SpsCertificate.MaxDepth} are accepted", problem.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_certificate_with_more_elements_than_the_limit_is_refused_with_one_problem()
    {
        using var client = node.System();
        var xml = new StringBuilder(Open);
        for (var i = 0; i < SpsCertificate.MaxElements + 10; i++)
        {
            xml.Append("<f:n/>");
        }

        xml.Append("</rsm:SPSCertificate>");
        var (status, text) = await ImportAsync(client, xml.ToString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var problem = Assert.Single(System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal($"the document has more than {SpsCertificate.MaxElements} elements; at most {SpsCertificate.MaxElements} are accepted", problem.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_body_over_4_MB_is_refused_with_413_naming_the_body_and_the_limit()
    {
        var body = Encoding.UTF8.GetBytes(Open + new string(' ', 5 * 1024 * 1024) + "</rsm:SPSCertificate>");
        var (status, text) = await RawHttp.PostAsync(node.BaseAddress, "/api/codes/sps/import", node.SystemApiKey, "application/xml", body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        var problem = System.Text.Json.JsonDocument.Parse(text).RootElement;
        Assert.Equal("body", problem.GetProperty("field").GetString());
        Assert.Contains("at most 4194304 bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
