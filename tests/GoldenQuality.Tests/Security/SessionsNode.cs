using System.Net;
using System.Net.Http.Json;
using GoldenQuality.Common;
using GoldenQuality.Demo;
using GoldenQuality.Hosting;
using GoldenQuality.Identity;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Tests.Security;

/// <summary>
/// A node of its own for the session tests that need their own settings (lockout, throttling) or a second node:
/// the same host as <c>gq serve</c>, with the demo accounts, on a fresh database.
/// </summary>
public sealed class SessionsNode : IAsyncDisposable
{
    private WebApplication app = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public string Folder { get; private set; } = "";

    public string ConnectionString { get; private set; } = "";

    public CountingHasher Hasher { get; } = new();

    public IServiceProvider Services => app.Services;

    /// <summary>Starts a node; a SQLite database goes in a new folder under the temp folder (<see cref="Folder"/>).</summary>
    public static async Task<SessionsNode> StartAsync(DatabaseProvider provider, Dictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var node = new SessionsNode { Folder = Path.Combine(Path.GetTempPath(), "gq-sessions-" + Guid.NewGuid().ToString("N")[..8], "data") };
        node.ConnectionString = await TestDatabases.CreateAsync(provider, Path.Combine(node.Folder, "node.db"));
        var all = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" };
        foreach (var (k, v) in settings ?? [])
        {
            all[k] = v;
        }

        node.app = GqHost.Build(new HostSettings
        {
            Urls = "http://127.0.0.1:0",
            Database = node.ConnectionString,
            JsonLogs = false,
            Settings = all,
            ConfigureServices = s =>
            {
                s.AddSingleton<IPasswordHasher<User>>(node.Hasher);
                if (clock is not null)
                {
                    s.AddSingleton(clock);
                }
            },
        });
        await GqHost.PrepareAsync(node.app, CancellationToken.None);
        await using (var scope = node.app.Services.CreateAsyncScope())
        {
            var options = node.app.Services.GetRequiredService<IOptions<ReferenceDataOptions>>().Value;
            await DemoData.From(scope.ServiceProvider).LoadAsync(options.ReferenceData, CancellationToken.None);
        }

        await node.app.StartAsync();
        node.BaseAddress = new Uri(GqHost.Addresses(node.app)[0]);
        return node;
    }

    /// <summary>A browser-like client with its own cookies and the X-GQ-Request header.</summary>
    public HttpClient Browser(CookieContainer? cookies = null)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = cookies ?? new CookieContainer() }) { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("X-GQ-Request", "1");
        return client;
    }

    public async Task<HttpClient> SignInAsync(string userName, string password)
    {
        var client = Browser();
        var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var root = Path.GetDirectoryName(Folder)!;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

/// <summary>The node's password hasher, counting the hash verifications it does.</summary>
public sealed class CountingHasher : IPasswordHasher<User>
{
    // The test nodes' work factor (PasswordWorkFactorTests): these tests count the checks, not their cost.
    private readonly PasswordHasher<User> inner = new(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = 1000 }));
    private int verifications;

    public int Verifications => Volatile.Read(ref verifications);

    public string HashPassword(User user, string password) => inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref verifications);
        return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
