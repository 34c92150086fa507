using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using GoldenQuality.Audit;
using GoldenQuality.Audit.Contracts;
using GoldenQuality.Hosting;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace GoldenQuality.Benchmarks;

/// <summary>
/// The cost of auditing a read (issue 17): <see cref="IReadAudit.RecordAsync"/> of <see cref="Reads"/> entries by
/// <see cref="Concurrency"/> concurrent readers, with group commit (the node's writer: every entry queued so far appended
/// in one transaction) against a baseline of one transaction per entry (the same writer limited to batches of one,
/// <c>Audit:MaxBatch = 1</c>), on a SQLite node's database (the node's own settings: WAL, default synchronous). Both
/// append to the real hash-chained <c>audit_entries</c> of the same database; every iteration waits until all its
/// entries are committed. At cleanup the chain is walked and must be intact.
/// Run: dotnet run -c Release --project bench/GoldenQuality.Benchmarks -- --filter *AuditBenchmarks*
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class AuditBenchmarks
{
    public const int Reads = 256;

    private static readonly string[] Fields = ["uscc", "nameZh", "nameEn", "areaCode", "roles", "registrations"];

    private WebApplication? app;
    private string folder = "";
    private IReadAudit grouped = null!;
    private AuditWriter? perEntry;

    [Params(1, 16)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        folder = Path.Combine(Path.GetTempPath(), "gq-bench-audit-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        app = GqHost.Build(new HostSettings
        {
            Urls = "http://127.0.0.1:0",
            Database = $"Data Source={Path.Combine(folder, "node.db")}",
            JsonLogs = false,
            Settings = new Dictionary<string, string?>
            {
                ["Node:SeedReferenceData"] = "false",
                ["Logging:LogLevel:Default"] = "Warning",
            },
        });
        await GqHost.PrepareAsync(app, CancellationToken.None);
        grouped = app.Services.GetRequiredService<IReadAudit>();
        var options = Microsoft.Extensions.Options.Options.Create(new AuditOptions { MaxBatch = 1 });
        perEntry = new AuditWriter(app.Services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System, options, NullLogger<AuditWriter>.Instance);
    }

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task CleanupAsync()
    {
        if (perEntry is not null)
        {
            await perEntry.DisposeAsync();
        }

        if (app is not null)
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
                var entries = await db.Set<AuditEntry>().CountAsync();
                var broken = await AuditChain.VerifyAsync(db, CancellationToken.None);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"// audit log after the run: {entries} entries, chain {(broken is null ? "intact" : $"BROKEN at {broken.Value.Sequence}: {broken.Value.Reason}")}"));
                if (broken is not null)
                {
                    throw new InvalidOperationException("The audit chain written by the benchmark is broken.");
                }
            }

            await app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (folder.Length > 0)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Reads, Description = "one transaction per entry")]
    public Task PerEntry() => RunAsync(perEntry!);

    [Benchmark(OperationsPerInvoke = Reads, Description = "group commit")]
    public Task GroupCommit() => RunAsync(grouped);

    private Task RunAsync(IReadAudit audit) =>
        Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async reader =>
        {
            for (var i = 0; i < Reads / Concurrency; i++)
            {
                var key = "91330100MA27BENCH" + (i % 10).ToString(CultureInfo.InvariantCulture);
                await audit.RecordAsync(new ProtectedRead("bench-" + reader.ToString(CultureInfo.InvariantCulture), "AQSIQ", null, "enterprise-record", "enterprise", key, Fields),
                    CancellationToken.None);
            }
        }));
}
