using System.Net;
using System.Net.Http.Json;
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
            var options = node.app.Services.GetRequiredService<IOptions<NodeOptions>>().Value;
            node.SystemApiKey = (await scope.ServiceProvider.GetRequiredService<DemoData>().LoadAsync(options.ReferenceData, CancellationToken.None)).SystemApiKey;
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
