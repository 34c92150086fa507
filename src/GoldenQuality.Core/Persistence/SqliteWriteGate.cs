using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GoldenQuality.Persistence;

/// <summary>
/// One writer at a time per SQLite database in this process, served in the order they came, waiting without a thread.
/// SQLite lets one connection write at a time; a connection that finds the lock taken sleeps in its busy handler
/// (1, 2, 5, 10, 15, 20, 25 … 100 ms), blocking its thread, and a writer arriving meanwhile takes the lock first. Under
/// <c>gq bench flow</c> a port's check record waited 10.8 ms on average for that reason, and 130 ms and more at times,
/// while the saves that hold the node's write lock took turns ahead of it (decision 0023).
/// <para>
/// A save takes the gate for the whole of <c>SaveChangesAsync</c> (<see cref="GqDbContext"/>) unless its context is
/// in a transaction, which took the gate when it began (SQLite's <c>BEGIN IMMEDIATE</c> takes the write lock there
/// too) and gives it back when it commits, rolls back, fails or its connection closes. The gate is always taken before
/// the message log's write lock, never after. Other processes writing the same file still meet SQLite's busy handler.
/// </para>
/// </summary>
internal sealed class SqliteWriteGate : DbTransactionInterceptor, IDbConnectionInterceptor
{
    public static readonly SqliteWriteGate Instance = new();

    /// <summary>As long as SQLite's own busy timeout (<see cref="SqliteBusyTimeout"/>): then the save fails as SQLite's would.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // One gate per database file, by connection string; none for an in-memory database, which has no file to share.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim?> Gates = new(StringComparer.Ordinal);

    // The contexts that hold their database's gate, and for what: a save gives it back itself, a transaction on its end.
    private readonly ConditionalWeakTable<DbContext, Holder> holders = [];

    private sealed record Holder(SemaphoreSlim Gate, bool Transaction);

    /// <summary>Waits for the gate for a save outside a transaction; the result gives it back. Null when nothing is to be held.</summary>
    public async ValueTask<IDisposable?> EnterSaveAsync(DbContext context, CancellationToken ct) =>
        context.Database.CurrentTransaction is null && !holders.TryGetValue(context, out _) && context.Database.IsSqlite()
            ? await EnterAsync(context, transaction: false, ct)
            : null;

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && !holders.TryGetValue(context, out _))
        {
            await EnterAsync(context, transaction: true, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (eventData.Context is { } context && !holders.TryGetValue(context, out _))
        {
            EnterAsync(context, transaction: true, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        return result;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => EndTransaction(eventData.Context);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        EndTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => EndTransaction(eventData.Context);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        EndTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => EndTransaction(eventData.Context);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        EndTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>A transaction disposed without commit or rollback ends when EF closes the connection it opened for it.</summary>
    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => EndTransaction(eventData.Context);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        EndTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    private async ValueTask<IDisposable?> EnterAsync(DbContext context, bool transaction, CancellationToken ct)
    {
        var gate = Gates.GetOrAdd(context.Database.GetConnectionString() ?? "", static text =>
        {
            var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(text);
            return builder.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:" ? null : new SemaphoreSlim(1, 1);
        });
        if (gate is null)
        {
            return null;
        }

        if (!await gate.WaitAsync(Timeout, ct))
        {
            throw new TimeoutException($"Another writer of this node held the SQLite database for {Timeout.TotalSeconds:0} s; nothing was written.");
        }

        var holder = new Holder(gate, transaction);
        holders.AddOrUpdate(context, holder);
        return new Exit(this, context, holder);
    }

    private void EndTransaction(DbContext? context)
    {
        if (context is not null && holders.TryGetValue(context, out var holder) && holder.Transaction)
        {
            Leave(context, holder);
        }
    }

    private void Leave(DbContext context, Holder holder)
    {
        // Only the holder that entered leaves, once: a late event of an earlier holding must not free a later one.
        if (holders.TryGetValue(context, out var current) && ReferenceEquals(current, holder) && holders.Remove(context))
        {
            holder.Gate.Release();
        }
    }

    private sealed class Exit(SqliteWriteGate owner, DbContext context, Holder holder) : IDisposable
    {
        public void Dispose() => owner.Leave(context, holder);
    }
}
