using System.Net;
using GoldenQuality.Tests.Infrastructure;

namespace GoldenQuality.Tests.Hosting;

/// <summary>A person's browser gets an error page in the chosen language; an API client keeps the problem details.</summary>
[Collection("sqlite")]
public sealed class ErrorPageTests(SqliteNode node)
{
    private async Task<HttpResponseMessage> GetAsync(string path, string accept, string? culture = null)
    {
        // A signed-in user: an anonymous one is sent to the sign-in page wherever the address leads.
        using var client = node.System();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        if (culture is not null)
        {
            request.Headers.Add("Cookie", ".AspNetCore.Culture=" + Uri.EscapeDataString($"c={culture}|uic={culture}"));
        }

        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_page_that_does_not_exist_is_a_404_page_in_the_users_language()
    {
        var chinese = await GetAsync("/no-such-page", "text/html,application/xhtml+xml");
        Assert.Equal(HttpStatusCode.NotFound, chinese.StatusCode);
        Assert.Equal("text/html", chinese.Content.Headers.ContentType?.MediaType);
        var zh = WebUtility.HtmlDecode(await chinese.Content.ReadAsStringAsync());
        Assert.Contains("<html lang=\"zh-CN\">", zh, StringComparison.Ordinal);
        Assert.Contains("页面不存在", zh, StringComparison.Ordinal);
        Assert.Contains("返回首页", zh, StringComparison.Ordinal);
        Assert.DoesNotContain("Page not found", zh, StringComparison.Ordinal);

        var english = await GetAsync("/no-such-page", "text/html", "en");
        Assert.Equal(HttpStatusCode.NotFound, english.StatusCode);
        var en = WebUtility.HtmlDecode(await english.Content.ReadAsStringAsync());
        Assert.Contains("Page not found", en, StringComparison.Ordinal);
        Assert.Contains("There is no page at this address.", en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_API_keeps_problem_details()
    {
        var api = await GetAsync("/api/no-such-thing", "text/html,application/json");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }
}
