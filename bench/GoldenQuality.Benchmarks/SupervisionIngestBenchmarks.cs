using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using GoldenQuality.Common;
using GoldenQuality.Demo;
using GoldenQuality.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Benchmarks;

/// <summary>
/// Measurement ingestion over HTTP into the real node on loopback: batched JSON (10,000 measurements per request),
/// checked against the sample standards and stored (SQLite: multi-row INSERT; PostgreSQL: binary COPY).
/// Each iteration opens fresh lots and posts pre-serialised bodies from <see cref="Clients"/> concurrent clients.
/// PostgreSQL runs only when GQ_BENCH_POSTGRES holds a connection string to an empty database.
/// Run: GQ_BENCH_POSTGRES="Host=...;Database=...;Username=..." dotnet run -c Release --project bench/GoldenQuality.Benchmarks -- --filter *SupervisionIngestBenchmarks*
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class SupervisionIngestBenchmarks
{
    public const int Clients = 2;
    public const int BatchesPerClient = 10;
    public const int BatchSize = 10_000;

    private WebApplication? app;
    private HttpClient client = null!;
    private string folder = "";
    private byte[][][] bodies = [];
    private string line = "";
    private int iteration;

    [Params("sqlite", "postgres")]
    public string Provider { get; set; } = "sqlite";

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        string db;
        if (Provider == "postgres")
        {
            db = Environment.GetEnvironmentVariable("GQ_BENCH_POSTGRES") ?? throw new InvalidOperationException("Set GQ_BENCH_POSTGRES to a connection string of an empty PostgreSQL database.");
        }
        else
        {
            folder = Path.Combine(Path.GetTempPath(), "gq-bench-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(folder);
            db = $"Data Source={Path.Combine(folder, "node.db")}";
        }

        app = GqHost.Build(new HostSettings
        {
            Urls = "http://127.0.0.1:0",
            Database = db,
            JsonLogs = false,
            Settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" },
        });
        await GqHost.PrepareAsync(app, CancellationToken.None);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var node = app.Services.GetRequiredService<IOptions<ReferenceDataOptions>>().Value;
            await DemoData.From(scope.ServiceProvider).LoadAsync(node.ReferenceData, CancellationToken.None);
        }

        await app.StartAsync();
        client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(GqHost.Addresses(app)[0]), Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Add("X-GQ-Request", "1");
        (await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "exporter.hangzhou", password = "demo-exporter-2026" })).EnsureSuccessStatusCode();
        line = "BENCH-" + Guid.NewGuid().ToString("N")[..6];
        (await client.PostAsJsonAsync("/api/supervision/lines", new { code = line, name = "Benchmark line" })).EnsureSuccessStatusCode();
    }

    [IterationSetup]
    public void PrepareBodies() => PrepareAsync().GetAwaiter().GetResult();

    private async Task PrepareAsync()
    {
        iteration++;
        bodies = new byte[Clients][][];
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        var random = new Random(iteration);
        for (var c = 0; c < Clients; c++)
        {
            var response = await client.PostAsJsonAsync("/api/supervision/lots", new { line, number = $"B{iteration}-{c}-{Guid.NewGuid():N}", product = "cereal.rice", market = "export" });
            response.EnsureSuccessStatusCode();
            var lot = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString();
            bodies[c] = new byte[BatchesPerClient][];
            for (var b = 0; b < BatchesPerClient; b++)
            {
                var json = new StringBuilder("{\"measurements\":[");
                for (var i = 0; i < BatchSize; i++)
                {
                    var k = (b * BatchSize) + i;
                    var sensor = "s" + (k % 8).ToString(CultureInfo.InvariantCulture);
                    var at = start.AddTicks(k * 1000L).ToString("O", CultureInfo.InvariantCulture);
                    // A stable process: lead around 0.05 mg/kg (limit 0.2), roughly normal noise (sum of uniforms).
                    var noise = random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5;
                    var value = Math.Round(0.05 + (noise * 0.004), 5).ToString("R", CultureInfo.InvariantCulture);
                    json.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                        $"{{\"lot\":\"{lot}\",\"device\":\"plc-1\",\"sensor\":\"{sensor}\",\"parameter\":\"pb\",\"value\":{value},\"unit\":\"mg/kg\",\"at\":\"{at}\"}}");
                }

                bodies[c][b] = Encoding.UTF8.GetBytes(json.Append("]}").ToString());
            }
        }
    }

    [Benchmark(OperationsPerInvoke = Clients * BatchesPerClient * BatchSize)]
    public async Task IngestJsonBatches()
    {
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async c =>
        {
            foreach (var body in bodies[c])
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using var response = await client.PostAsync("/api/supervision/measurements", content);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        client.Dispose();
        if (app is not null)
        {
            app.StopAsync().GetAwaiter().GetResult();
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (folder.Length > 0)
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
