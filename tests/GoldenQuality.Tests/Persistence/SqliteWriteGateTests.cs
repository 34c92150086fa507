using GoldenQuality.Certificates;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Tests.Persistence;

/// <summary>The writers of one SQLite file in this process take turns at an in-process gate (SqliteWriteGate).</summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"gq-gate-{Guid.NewGuid():N}.db");
    private readonly ServiceProvider services;

    public SqliteWriteGateTests()
    {
        var collection = new ServiceCollection();
        collection.AddDomainEvents();
        collection.AddDbContextPool<GqDbContext>((sp, o) =>
        {
            Database.Configure(o, file);
            o.AddInterceptors(sp.GetServices<IInterceptor>());
        });
        services = collection.BuildServiceProvider();
        using var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<GqDbContext>().Database.EnsureCreated();
    }

    [Fact]
    public async Task A_save_waits_for_an_open_transaction_and_then_succeeds()
    {
        await using var first = services.CreateAsyncScope();
        var holder = first.ServiceProvider.GetRequiredService<GqDbContext>();
        var transaction = await holder.Database.BeginTransactionAsync();
        holder.Add(Check("in the transaction"));
        await holder.SaveChangesAsync();

        var waiting = SaveAsync("after the transaction");
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "A save went ahead while another context held the database in a transaction.");

        await transaction.CommitAsync();
        await transaction.DisposeAsync();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["after the transaction", "in the transaction"], await DetailsAsync());
    }

    [Fact]
    public async Task A_transaction_dropped_without_commit_frees_the_database_and_leaves_nothing()
    {
        await using (var first = services.CreateAsyncScope())
        {
            var db = first.ServiceProvider.GetRequiredService<GqDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Add(Check("never committed"));
            await db.SaveChangesAsync();
        }

        // Were the gate still held, this save would wait 30 s and fail.
        await SaveAsync("next writer").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["next writer"], await DetailsAsync());
    }

    [Fact]
    public async Task Concurrent_saves_of_separate_requests_all_land()
    {
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => SaveAsync($"save {i:00}")));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"save {i:00}"), await DetailsAsync());
    }

    private async Task SaveAsync(string detail)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
        db.Add(Check(detail));
        await db.SaveChangesAsync();
    }

    private async Task<List<string>> DetailsAsync()
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GqDbContext>().Set<PermitCheck>().Select(c => c.Detail).OrderBy(d => d).ToListAsync();
    }

    private static PermitCheck Check(string detail) => PermitCheck.Create(Guid.NewGuid(), DateTimeOffset.UnixEpoch, "office", "actor", "P-1", "match", detail, null);

    public void Dispose()
    {
        services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(path);
        }
    }
}
