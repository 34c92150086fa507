using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace GoldenQuality.Tests.Infrastructure;

/// <summary>Requests in a given language, and the code of a coded problem (decision 0019).</summary>
public static class TestHttp
{
    /// <summary>POSTs <paramref name="body"/> as JSON with <c>Accept-Language: <paramref name="language"/></c>.</summary>
    public static async Task<HttpResponseMessage> PostInAsync(this HttpClient client, string language, string url, object body)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.AcceptLanguage.ParseAdd(language);
        return await client.SendAsync(request);
    }

    /// <summary>GETs <paramref name="url"/> with <c>Accept-Language: <paramref name="language"/></c>.</summary>
    public static async Task<HttpResponseMessage> GetInAsync(this HttpClient client, string language, string url)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptLanguage.ParseAdd(language);
        return await client.SendAsync(request);
    }

    /// <summary>The message code of a coded problem (its <c>message</c> extension).</summary>
    public static string MessageCode(this JsonElement problem) => problem.GetProperty("message").GetProperty("code").GetString()!;

    /// <summary>
    /// GETs a list with an order it does not know (<c>sort=sideways</c> added to <paramref name="url"/>), in English and in
    /// Chinese: a 400 naming the field <c>sort</c>, coded <c>not-one-of</c>, listing <paramref name="allowed"/> in the reader's language.
    /// </summary>
    public static async Task UnknownSortIsRefusedAsync(this HttpClient client, string url, string allowed)
    {
        var address = url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "sort=sideways";
        foreach (var (language, expected) in new[] { ("en", $"'sideways' is not one of: {allowed}"), ("zh-CN", $"“sideways”不是允许的值（允许：{allowed}）") })
        {
            using var response = await client.GetInAsync(language, address);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{address} in {language}: expected 400, got {(int)response.StatusCode}: {text}");
            var problem = JsonDocument.Parse(text).RootElement;
            Assert.Equal([expected], TestData.FieldErrors(problem, "sort"));
            Assert.Equal("not-one-of", problem.GetProperty("messages").GetProperty("sort")[0].GetProperty("code").GetString());
        }
    }

    /// <summary>
    /// GETs a page or download (not the API) as a browser whose reader chose <paramref name="language"/>: the culture
    /// cookie the language switch sets (pages follow only that choice), and the same <c>Accept-Language</c>.
    /// </summary>
    public static async Task<HttpResponseMessage> DownloadAsync(this HttpClient client, string language, string url)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", ".AspNetCore.Culture=" + Uri.EscapeDataString($"c={language}|uic={language}"));
        request.Headers.AcceptLanguage.ParseAdd(language);
        return await client.SendAsync(request);
    }

    /// <summary>
    /// Downloads a CSV worklist in <paramref name="language"/> (<see cref="DownloadAsync"/>): a 200 with <c>text/csv</c>, UTF-8 with a byte-order mark;
    /// its lines (without the mark and line ends) and the file name it is offered under.
    /// </summary>
    public static async Task<(string[] Lines, string FileName)> CsvAsync(this HttpClient client, string language, string url)
    {
        using var response = await client.DownloadAsync(language, url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} in {language}: expected 200, got {(int)response.StatusCode}: {text}");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), $"{url}: no UTF-8 byte-order mark");
        var lines = text[1..].Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
        return (lines, response.Content.Headers.ContentDisposition?.FileName?.Trim('"') ?? "");
    }
}
