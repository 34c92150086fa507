using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using GoldenQuality.Hosting;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace GoldenQuality.Tests.Security;

/// <summary>
/// Video references are read only from the configured storage: no loopback, link-local, private or unique-local
/// address (checked on the address, also after DNS resolution), no redirect, no oversized body. Every request of
/// these tests goes to 127.0.0.1; the non-loopback addresses are refused by address before any connection.
/// </summary>
public abstract class LimitsVideoTests(NodeFixture node)
{
    private static readonly byte[] Video = RandomNumberGenerator.GetBytes(4096);

    private static readonly string VideoSha = Convert.ToHexStringLower(SHA256.HashData(Video));

    protected abstract DatabaseProvider Provider { get; }

    private static async Task<string> NewLotAsync(HttpClient exporter)
    {
        var line = "L-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await exporter.PostAsJsonAsync("/api/supervision/lines", new { code = line, name = "Rice line" })).StatusCode);
        var response = await exporter.PostAsJsonAsync("/api/supervision/lots", new { line, number = "LOT-" + Guid.NewGuid().ToString("N")[..10], product = "cereal.rice", market = "export" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Json()).GetProperty("id").GetString()!;
    }

    private static Task<HttpResponseMessage> AddAsync(HttpClient client, string lot, string uri)
    {
        var from = DateTimeOffset.UtcNow.AddHours(-1);
        return client.PostAsJsonAsync($"/api/supervision/lots/{lot}/videos", new { camera = "cam-1", from, to = from.AddMinutes(30), uri, sha256 = VideoSha });
    }

    [Theory]
    [InlineData("http://127.0.0.1/videos/a.mp4", "127.0.0.1 is a loopback address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local (169.254.0.0/16) address")]
    [InlineData("http://10.0.0.1/videos/a.mp4", "10.0.0.1 is a private (10.0.0.0/8) address")]
    [InlineData("http://[::1]/videos/a.mp4", "[::1] is a loopback address")]
    [InlineData("http://[fd00::1]/videos/a.mp4", "[fd00::1] is a unique-local (fc00::/7) address")]
    [InlineData("https://video.example.org/a.mp4", "none is configured")]
    public async Task A_video_reference_outside_the_configured_storage_is_refused_naming_the_uri_and_the_reason(string uri, string reason)
    {
        using var exporter = await node.SignInAsync("exporter.hangzhou", "demo-exporter-2026");
        var lot = await NewLotAsync(exporter);
        var response = await AddAsync(exporter, lot, uri);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = TestData.FieldErrors(await response.Json(), "uri");
        Assert.Contains(errors, e => e.Contains(reason, StringComparison.Ordinal));
        var listed = await (await exporter.GetAsync($"/api/supervision/lots/{lot}/videos")).Json();
        Assert.Equal(0, listed.GetArrayLength());
    }

    [Fact]
    public async Task Configured_storage_is_read_but_not_through_a_name_resolving_to_loopback_a_redirect_or_an_oversized_body()
    {
        // The storage: a small server on loopback, configured for this test as storage on a private network on purpose.
        var storage = WebApplication.CreateSlimBuilder();
        storage.WebHost.UseUrls("http://127.0.0.1:0");
        await using var server = storage.Build();
        server.MapGet("/videos/ok.mp4", () => Results.Bytes(Video, "video/mp4"));
        server.MapGet("/videos/redirect.mp4", (HttpContext http) => Results.Redirect($"http://{http.Request.Host}/videos/ok.mp4"));
        server.MapGet("/videos/big.mp4", () => Results.Bytes(new byte[2 * 1024 * 1024], "video/mp4"));
        server.MapGet("/videos/big-unannounced.mp4", async (HttpContext http) =>
        {
            http.Response.ContentType = "video/mp4";
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 32; i++)
            {
                await http.Response.Body.WriteAsync(chunk);
            }
        });
        await server.StartAsync();
        var port = new Uri(GqHost.Addresses(server)[0]).Port;

        await using var configured = await LimitsNode.StartAsync(Provider, new Dictionary<string, string?>
        {
            ["Supervision:VideoStorage:0"] = $"http://127.0.0.1:{port}/videos/",
            ["Supervision:VideoStorage:1"] = $"http://localhost:{port}/videos/",
            ["Supervision:VideoStorage:2"] = "http://10.0.0.1/videos/",
            ["Supervision:VideoStoragePrivateHosts:0"] = "127.0.0.1",
            ["Supervision:MaxVideoBytes"] = "1048576",
        });
        using var exporter = await configured.SignInAsync("exporter.hangzhou", "demo-exporter-2026");
        using var officer = await configured.SignInAsync("ciq.zhejiang", "demo-ciq-2026");
        var lot = await NewLotAsync(exporter);

        async Task<string> AddedAsync(string uri)
        {
            var response = await AddAsync(exporter, lot, uri);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Json()).GetProperty("id").GetString()!;
        }

        // The control: a video in the storage is read, checked and served.
        var ok = await AddedAsync($"http://127.0.0.1:{port}/videos/ok.mp4");
        var served = await officer.GetAsync($"/api/supervision/lots/{lot}/videos/{ok}/content");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(Video, await served.Content.ReadAsByteArrayAsync());

        // Configured as storage, yet a private IP literal: refused by address, before any connection.
        var tenNet = await AddAsync(exporter, lot, "http://10.0.0.1/videos/a.mp4");
        Assert.Equal(HttpStatusCode.BadRequest, tenNet.StatusCode);
        Assert.Contains(TestData.FieldErrors(await tenNet.Json(), "uri"), e => e.Contains("10.0.0.1 is a private (10.0.0.0/8) address", StringComparison.Ordinal));

        // Outside the storage's path or port.
        var elsewhere = await AddAsync(exporter, lot, $"http://127.0.0.1:{port}/admin/secret");
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Contains(TestData.FieldErrors(await elsewhere.Json(), "uri"), e => e.Contains("must point to the node's video storage", StringComparison.Ordinal));

        async Task RefusedAsync(string id, string reason)
        {
            var check = await (await officer.GetAsync($"/api/supervision/lots/{lot}/videos/{id}/check")).Json();
            Assert.False(check.GetProperty("passed").GetBoolean());
            Assert.Contains(reason, check.GetProperty("problem").GetString(), StringComparison.Ordinal);
            var content = await officer.GetAsync($"/api/supervision/lots/{lot}/videos/{id}/content");
            Assert.Equal(HttpStatusCode.Conflict, content.StatusCode);
            var problem = await content.Json();
            Assert.Equal("uri", problem.GetProperty("field").GetString());
            Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // A name is checked on the address it resolves to: localhost is loopback, and not storage on a private network on purpose.
        await RefusedAsync(await AddedAsync($"http://localhost:{port}/videos/ok.mp4"), "localhost resolved to");
        await RefusedAsync(await AddedAsync($"http://127.0.0.1:{port}/videos/redirect.mp4"), "the storage answered 302");
        await RefusedAsync(await AddedAsync($"http://127.0.0.1:{port}/videos/big.mp4"), "the video is larger than 1048576 bytes");
        await RefusedAsync(await AddedAsync($"http://127.0.0.1:{port}/videos/big-unannounced.mp4"), "the video is larger than 1048576 bytes");

        var events = await (await officer.GetAsync($"/api/supervision/events?lot={lot}&kind=video-integrity-failure")).Json();
        Assert.Equal(8, events.GetProperty("total").GetInt32());
    }
}

[Collection("sqlite")]
public sealed class LimitsVideoOnSqlite(SqliteNode node) : LimitsVideoTests(node)
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

[Collection("postgres")]
public sealed class LimitsVideoOnPostgres(PostgresNode node) : LimitsVideoTests(node)
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
