using System.Net;
using System.Net.Http.Json;
using GoldenQuality.Common;
using GoldenQuality.Demo;
using GoldenQuality.Hosting;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Tests.Infrastructure;

/// <summary>
/// A real node (the same host <c>gq serve</c> runs) on a free loopback port, with its own database, the
/// reference data and the demo accounts loaded through the same code as <c>gq demo</c>.
/// Tests create their own enterprises and users, so they never depend on each other's data.
/// </summary>
public abstract class NodeFixture : IAsyncLifetime
{
    private WebApplication? app;

    public abstract DatabaseProvider Provider { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The demo system account's API key (role: system, office: AQSIQ).</summary>
    public string SystemApiKey { get; private set; } = "";

    public string ConnectionString { get; private set; } = "";

    public IServiceProvider Services => app!.Services;

    /// <summary>Also generate the demo's clearance history (a year of bureau-days, as <c>gq demo</c> does); off by default, it costs seconds.</summary>
    public bool WithGeneratedHistory { get; init; }

    protected abstract Task<string> CreateDatabaseAsync();

    /// <summary>Settings a fixture adds to the node's (e.g. legacy feeds).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> MoreSettings => [];

    public async Task InitializeAsync()
    {
        ConnectionString = await CreateDatabaseAsync();
        app = GqHost.Build(new HostSettings
        {
            Urls = "http://127.0.0.1:0",
            Database = ConnectionString,
            JsonLogs = false,
            // Node:Demo as gq demo sets it: the web start page lists the demo accounts.
            Settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning", ["Node:Demo"] = "true",
                // Every test of a collection signs in from 127.0.0.1 against this one node.
                ["Security:SignInsPerAddressPerMinute"] = "100000", ["Security:FailuresPerAccountPerMinute"] = "100000", ["Security:LockoutFailures"] = "100000",
                // The suite signs in thousands of times; the work factor is not what it tests (PasswordWorkFactorTests).
                ["Security:PasswordHashIterations"] = "1000" }
                .Concat(MoreSettings).ToDictionary(),
        });
        await GqHost.PrepareAsync(app, CancellationToken.None);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var node = app.Services.GetRequiredService<IOptions<ReferenceDataOptions>>().Value;
            var demo = await DemoData.From(scope.ServiceProvider).LoadAsync(node.ReferenceData, CancellationToken.None);
            SystemApiKey = demo.SystemApiKey;
            if (WithGeneratedHistory)
            {
                await DemoData.From(scope.ServiceProvider).GenerateHistoryAsync(node.ReferenceData, DemoData.Today(), CancellationToken.None);
            }

            // This one node stands in for the whole federation: the tests sign in one account of every role here,
            // so it also gets the accounts the demo puts on the Customs and ministry nodes.
            foreach (var other in DemoData.HeadOffices.Keys.Where(n => n != "national"))
            {
                await DemoData.From(scope.ServiceProvider).LoadAsync(node.ReferenceData, CancellationToken.None, other);
            }
        }

        await app.StartAsync();
        BaseAddress = new Uri(GqHost.Addresses(app)[0]);
    }

    public virtual async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>A browser-like client: keeps cookies and sends the header the node requires of cookie-authenticated changes.</summary>
    public HttpClient Anonymous()
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("X-GQ-Request", "1");
        return client;
    }

    public HttpClient WithApiKey(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public HttpClient System() => WithApiKey(SystemApiKey);

    /// <summary>A client signed in with a password, holding the session cookie.</summary>
    public async Task<HttpClient> SignInAsync(string userName, string password)
    {
        var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return client;
    }

    /// <summary>The demo accounts of data/demo/users.csv.</summary>
    public Task<HttpClient> AdminAsync() => SignInAsync("admin", "demo-admin-2026");

    public Task<HttpClient> CiqOfficerAsync() => SignInAsync("ciq.zhejiang", "demo-ciq-2026");

    public Task<HttpClient> BqsOfficerAsync() => SignInAsync("bqs.zhejiang", "demo-bqs-2026");

    /// <summary>Creates an enterprise user for the given enterprise (through the admin API) and signs it in.</summary>
    public async Task<HttpClient> NewEnterpriseUserAsync(string uscc)
    {
        using var admin = await AdminAsync();
        var userName = "ent-" + Guid.NewGuid().ToString("N")[..10];
        var response = await admin.PostAsJsonAsync("/api/identity/users", new
        {
            userName,
            displayName = "Test declarant",
            password = "test-password-1",
            roles = new[] { "enterprise-user" },
            enterpriseUscc = uscc,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await SignInAsync(userName, "test-password-1");
    }
}

public sealed class SqliteNode : NodeFixture
{
    private readonly SqliteFolder folder = new();

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string> CreateDatabaseAsync() => TestDatabases.SqliteAsync(folder.File);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        folder.Delete();
    }
}

/// <summary>A node's SQLite database in a temporary folder of its own, deleted with the folder when the node is done.</summary>
public sealed class SqliteFolder
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "gq-test-" + Guid.NewGuid().ToString("N")[..8]);

    public string ConnectionString => $"Data Source={File}";

    /// <summary>The database file (its folder is made when asked for).</summary>
    public string File
    {
        get
        {
            Directory.CreateDirectory(folder);
            return Path.Combine(folder, "node.db");
        }
    }

    public void Delete()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

public sealed class PostgresNode : NodeFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override Task<string> CreateDatabaseAsync() => TestDatabases.PostgresAsync();
}

[CollectionDefinition("sqlite")]
public sealed class SqliteCollection : ICollectionFixture<SqliteNode>;

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresNode>;
