using System.Net;
using System.Net.Http.Json;
using GoldenQuality.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Tests.Infrastructure;

/// <summary>One node as <c>gq serve</c> starts it (migrating first) on a database a test prepared, on a free loopback port.</summary>
public static class TestHost
{
    public static async Task<WebApplication> StartAsync(string database, Action<IServiceCollection>? configure = null, string logLevel = "Warning",
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Logging:LogLevel:Default"] = logLevel };
        var app = GqHost.Build(new HostSettings
        {
            Urls = "http://127.0.0.1:0",
            Database = database,
            JsonLogs = false,
            Settings = all,
            ConfigureServices = configure,
        });
        await GqHost.PrepareAsync(app, CancellationToken.None);
        await app.StartAsync();
        return app;
    }

    /// <summary>An account signed in on the node as a browser would (cookie, and the header of cookie-authenticated changes).</summary>
    public static async Task<HttpClient> SignInAsync(WebApplication app, string userName, string password)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(GqHost.Addresses(app)[0]) };
        client.DefaultRequestHeaders.Add("X-GQ-Request", "1");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password })).StatusCode);
        return client;
    }
}
