using System.Data.Common;
using System.Diagnostics;
using GoldenQuality.Common;
using GoldenQuality.Persistence;
using GoldenQuality.Standards.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Standards;

/// <summary>
/// Holds the compiled standards the conformity engine checks against. A reload compiles a new index from the
/// database and swaps it in with one reference write: a batch being checked keeps the index it started with,
/// the next batch takes the new one, and ingestion never stops.
/// </summary>
internal sealed partial class StandardsCatalogue : IStandardsCatalogue
{
    private const string ReloadTopic = "standards-reload";
    private readonly SemaphoreSlim reloading = new(1, 1);
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider clock;
    private readonly NodeSignals signals;
    private readonly ILogger<StandardsCatalogue> logger;
    private volatile Loaded? current;

    public StandardsCatalogue(IServiceScopeFactory scopes, TimeProvider clock, NodeSignals signals, ILogger<StandardsCatalogue> logger)
    {
        (this.scopes, this.clock, this.signals, this.logger) = (scopes, clock, signals, logger);
        // Another instance of the node imported or reloaded: compile the same catalogue here (in the background; batches
        // keep the index they have until the new one is swapped in).
        signals.Subscribe(ReloadTopic, changed => _ = ReloadQuietlyAsync());
    }

    internal sealed record Loaded(StandardsIndex Index, long Generation, DateTimeOffset LoadedAt, TimeSpan ReadTime, TimeSpan CompileTime);

    public Loaded? Current => current;

    /// <summary>The current index, loading it first when none is loaded yet.</summary>
    public async ValueTask<StandardsIndex> IndexAsync(CancellationToken ct) => (current ?? await ReloadAsync(ct)).Index;

    public async ValueTask<(StandardsIndex Index, long Generation)> LoadedAsync(CancellationToken ct)
    {
        var loaded = current ?? await ReloadAsync(ct);
        return (loaded.Index, loaded.Generation);
    }

    public async Task<Loaded> ReloadAsync(CancellationToken ct)
    {
        await reloading.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
            var watch = Stopwatch.StartNew();
            var snapshot = await ReadAsync(db, ct);
            var read = watch.Elapsed;
            var index = StandardsIndex.Compile(snapshot);
            var compile = watch.Elapsed - read;
            var loaded = new Loaded(index, (current?.Generation ?? 0) + 1, clock.GetUtcNow(), read, compile);
            current = loaded;
            LogReloaded(logger, loaded.Generation, index.ToString(), read.TotalMilliseconds, compile.TotalMilliseconds);
            return loaded;
        }
        finally
        {
            reloading.Release();
        }
    }

    /// <summary>Reloads here, then has the node's other instances reload too (after an import or an administrator's reload).</summary>
    public async Task<Loaded> ReloadEverywhereAsync(CancellationToken ct)
    {
        var loaded = await ReloadAsync(ct);
        await signals.PublishAsync(ReloadTopic, "", ct);
        return loaded;
    }

    private async Task ReloadQuietlyAsync()
    {
        try
        {
            await ReloadAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            LogReloadFailed(logger, e.Message);
        }
    }

    /// <summary>Reads the catalogue in one transaction, so that the index never mixes two imports.</summary>
    internal static async Task<CatalogueSnapshot> ReadAsync(GqDbContext db, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var categories = await db.Set<ProductCategory>().AsNoTracking().OrderBy(c => c.Code)
            .Select(c => new CategoryRow(c.Code, c.ParentCode, c.NameEn)).ToListAsync(ct);
        var parameters = await db.Set<Parameter>().AsNoTracking().OrderBy(p => p.Code)
            .Select(p => new ParameterRow(p.Code, p.Quantity, p.Unit)).ToListAsync(ct);
        // The hot part of a reload: one join read with a plain data reader (EF's materialisation of 100,000 rows costs more
        // than the compile), in no particular order — the compiler sorts, and ties are broken by requirement id.
        var requirements = new List<RequirementRow>(await db.Set<Requirement>().CountAsync(ct));
        await using (var command = db.Database.GetDbConnection().CreateCommand())
        {
            command.Transaction = tx.GetDbTransaction();
            command.CommandText = """
                SELECT r."Id", s."Number", s."Kind", r."Clause", r."CategoryCode", r."Parameter", r."ProcessingState", r."Kind",
                       r."Lower", r."Upper", r."Unit", r."Method", r."Jurisdiction", s."ValidFrom", s."ValidTo"
                FROM standards_requirements r JOIN standards_standards s ON s."Number" = r."StandardNumber"
                """;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                requirements.Add(new RequirementRow(
                    reader.GetGuid(0), reader.GetString(1), Enum.Parse<StandardKind>(reader.GetString(2)), reader.GetString(3), reader.GetString(4),
                    reader.GetString(5), reader.GetString(6), Enum.Parse<LimitKind>(reader.GetString(7)),
                    reader.IsDBNull(8) ? null : reader.GetDouble(8), reader.IsDBNull(9) ? null : reader.GetDouble(9),
                    reader.GetString(10), reader.GetString(11), reader.GetString(12), Date(reader, 13), reader.IsDBNull(14) ? null : Date(reader, 14)));
            }
        }

        await tx.CommitAsync(ct);
        return new CatalogueSnapshot(categories, parameters, requirements);
    }

    /// <summary>SQLite keeps a date as text (yyyy-MM-dd); PostgreSQL as a date.</summary>
    private static DateOnly Date(System.Data.Common.DbDataReader reader, int i) =>
        reader.GetFieldType(i) == typeof(string)
            ? DateOnly.ParseExact(reader.GetString(i), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            : reader.GetFieldValue<DateOnly>(i);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reloading the standards index after another instance's change failed: {Reason}")]
    private static partial void LogReloadFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Standards index {Generation} loaded: {Index}; read {ReadMs:F0} ms, compiled {CompileMs:F0} ms")]
    private static partial void LogReloaded(ILogger logger, long generation, string index, double readMs, double compileMs);
}

/// <summary>At start-up: loads the cited sample standards into an empty catalogue, then compiles the index.</summary>
internal sealed class StandardsStartup(IServiceScopeFactory scopes, StandardsCatalogue catalogue, IOptions<ReferenceDataOptions> node) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (node.Value.SeedReferenceData)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
            var folder = Path.Combine(node.Value.ReferenceData, "standards");
            if (!await db.Set<ProductCategory>().AnyAsync(cancellationToken) && Directory.Exists(folder))
            {
                await scope.ServiceProvider.GetRequiredService<StandardsImporter>().ImportFolderAsync(folder, null, cancellationToken);
            }
        }

        await catalogue.ReloadAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
