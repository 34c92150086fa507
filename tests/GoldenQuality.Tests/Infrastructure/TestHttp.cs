using System.Net.Http.Json;
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

    /// <summary>The message code of a coded problem (its <c>message</c> extension).</summary>
    public static string MessageCode(this JsonElement problem) => problem.GetProperty("message").GetProperty("code").GetString()!;
}
