using System.Net;
using System.Net.Http.Json;
using GoldenQuality.Common;
using GoldenQuality.Demo;
using GoldenQuality.Hosting;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Tests.Security;

/// <summary>A node with extra settings (limits set low, video storage configured), on its own database of the given provider.</summary>
internal sealed class LimitsNode : IAsyncDisposable
{
    private WebApplication? app;
    private string? folder;

    public Uri BaseAddress { get; private set; } = null!;

    public string SystemApiKey { get; private set; } = "";

    public IServiceProvider Services => app!.Services;

    public static async Task<LimitsNode> StartAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?> settings)
    {
        var node = new LimitsNode();
        string database;
        if (provider == DatabaseProvider.Postgres)
        {
            database = await PostgresServer.CreateDatabaseAsync();
        }
        else
        {
            node.folder = Path.Combine(Path.GetTempPath(), "gq-limits-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(node.folder);
            database = $"Data Source={Path.Combine(node.folder, "node.db")}";
        }

        var all = new Dictionary<string, string?>(settings) { ["Logging:LogLevel:Default"] = "Warning" };
        node.app = GqHost.Build(new HostSettings { Urls = "http://127.0.0.1:0", Database = database, JsonLogs = false, Settings = all });
        await GqHost.PrepareAsync(node.app, CancellationToken.None);
        await using (var scope = node.app.Services.CreateAsyncScope())
        {
            var options = node.app.Services.GetRequiredService<IOptions<ReferenceDataOptions>>().Value;
            node.SystemApiKey = (await DemoData.From(scope.ServiceProvider).LoadAsync(options.ReferenceData, CancellationToken.None)).SystemApiKey;
        }

        await node.app.StartAsync();
        node.BaseAddress = new Uri(GqHost.Addresses(node.app)[0]);
        return node;
    }

    public HttpClient System()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", SystemApiKey);
        return client;
    }

    public async Task<HttpClient> SignInAsync(string userName, string password)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("X-GQ-Request", "1"); // the cross-site rule for cookie calls (decision 0006)
        var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (folder is not null)
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>
/// A POST over a raw connection that reads the answer while the body is still being sent: a node may answer 413
/// before the body ends and close the connection, which HttpClient reports as a broken pipe instead of the answer.
/// </summary>
internal static class RawHttp
{
    public static Task<(HttpStatusCode Status, string Body)> PostAsync(Uri node, string path, string apiKey, string contentType, byte[] body) =>
        SendAsync("POST", node, path, apiKey, contentType, body);

    public static async Task<(HttpStatusCode Status, string Body)> SendAsync(string method, Uri node, string path, string apiKey, string contentType, byte[] body)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(node.Host, node.Port);
        var stream = tcp.GetStream();
        var answer = new MemoryStream();
        var reading = Task.Run(async () =>
        {
            var buffer = new byte[16 * 1024];
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer)) > 0)
                {
                    lock (answer)
                    {
                        answer.Write(buffer, 0, read);
                    }
                }
            }
            catch (IOException)
            {
            }
        });
        try
        {
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{method} {path} HTTP/1.1\r\nHost: {node.Authority}\r\nX-Api-Key: {apiKey}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n")));
            for (var at = 0; at < body.Length && !reading.IsCompleted; at += 64 * 1024)
            {
                await stream.WriteAsync(body.AsMemory(at, Math.Min(64 * 1024, body.Length - at)));
            }
        }
        catch (IOException)
        {
            // The node answered and closed the connection before the body ended.
        }

        await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(30)));
        string text;
        lock (answer)
        {
            text = System.Text.Encoding.UTF8.GetString(answer.ToArray());
        }

        var status = (HttpStatusCode)int.Parse(text.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var start = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        var content = text[start..];
        if (text.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            // One chunk is enough for a problem: drop the size lines.
            var open = content.IndexOf('{', StringComparison.Ordinal);
            var close = content.LastIndexOf('}');
            content = open >= 0 && close > open ? content[open..(close + 1)] : content;
        }

        return (status, content);
    }
}
