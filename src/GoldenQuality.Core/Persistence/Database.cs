using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GoldenQuality.Persistence;

/// <summary>The database engines a node can run on.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded, one file per node: the default.</summary>
    Sqlite,
    /// <summary>PostgreSQL through Npgsql: for production and for several instances of one node.</summary>
    Postgres,
}

/// <summary>Chooses the provider from a connection string and configures EF Core for it.</summary>
public static class Database
{
    /// <summary>The migrations assembly for each provider (docs/decisions/0001-migrations-projects.md).</summary>
    public static string MigrationsAssembly(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Postgres => "GoldenQuality.Migrations.Postgres",
        _ => "GoldenQuality.Migrations.Sqlite",
    };

    /// <summary>
    /// A connection string is PostgreSQL when it has a <c>Host=</c> key or is a <c>postgres://</c> URI;
    /// anything else is a SQLite connection string or a plain file path.
    /// </summary>
    public static DatabaseProvider DetectProvider(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var text = connectionString.Trim();
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
            text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) ||
            text.Contains("Host=", StringComparison.OrdinalIgnoreCase))
        {
            return DatabaseProvider.Postgres;
        }

        return DatabaseProvider.Sqlite;
    }

    /// <summary>Turns a bare file path into a SQLite connection string and makes sure its folder exists.</summary>
    public static string NormaliseSqlite(string connectionString)
    {
        var text = connectionString.Contains('=', StringComparison.Ordinal)
            ? connectionString
            : new SqliteConnectionStringBuilder { DataSource = connectionString }.ToString();
        var builder = new SqliteConnectionStringBuilder(text);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:")
        {
            // A new database file and its folder are the node's own: 0600 and 0700 on Unix (decision 0006).
            Common.PrivateFiles.EnsureFile(Path.GetFullPath(builder.DataSource));
        }

        return builder.ToString();
    }

    /// <summary>
    /// Configures the context for the provider the connection string names. The modules' save hooks are not
    /// named here: each module registers its EF interceptors as <c>IInterceptor</c> services, and
    /// <see cref="PersistenceModule"/> adds every one of them.
    /// </summary>
    public static void Configure(DbContextOptionsBuilder options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        var provider = DetectProvider(connectionString);
        if (provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(connectionString, o => o.MigrationsAssembly(MigrationsAssembly(provider)));
        }
        else
        {
            options.UseSqlite(NormaliseSqlite(connectionString), o => o.MigrationsAssembly(MigrationsAssembly(provider)));
            options.AddInterceptors(SqliteBusyTimeout.Instance);
        }
    }

    /// <summary>What <see cref="MigrateAsync"/> would do to this database.</summary>
    public static async Task<MigrationPlan> PlanAsync(GqDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var applied = await HasHistoryAsync(db, cancellationToken) ? (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList() : [];
        var known = db.Database.GetMigrations().ToList();
        var done = applied.ToHashSet(StringComparer.Ordinal);
        var knownSet = known.ToHashSet(StringComparer.Ordinal);
        return new MigrationPlan(applied, known.Where(m => !done.Contains(m)).ToList(), applied.Where(m => !knownSet.Contains(m)).ToList());
    }

    /// <summary>
    /// Whether the database has EF's history table, asked of the catalogue. EF's own check reads the table, and on a new
    /// database its command logger reports that failed read as an error: an operator would see "fail:" at every new
    /// node's first start (dotnet/efcore#37328).
    /// </summary>
    private static async Task<bool> HasHistoryAsync(GqDbContext db, CancellationToken cancellationToken)
    {
        var sql = db.Database.IsNpgsql()
            ? "SELECT count(*)::int AS \"Value\" FROM pg_catalog.pg_tables WHERE tablename = '__EFMigrationsHistory' AND schemaname = ANY (current_schemas(false))"
            : "SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory'";
        return await db.Database.SqlQueryRaw<int>(sql).SingleAsync(cancellationToken) > 0;
    }

    /// <summary>Applies every pending migration, then the per-provider settings that live in the database.</summary>
    public static async Task MigrateAsync(GqDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        // A database that already has every migration (a node's restart, a test node copied from a migrated template)
        // is left as it is: EF's migrate would still take its lock and diff the whole model against the snapshot, which
        // was most of a start's database work. That the model matches the migrations is a test (MigrationTests).
        var plan = await PlanAsync(db, cancellationToken);
        if (plan.Unknown.Count > 0)
        {
            throw new InvalidOperationException(plan.UnknownMessage());
        }

        if (plan.Pending.Count > 0)
        {
            // Made here first, for the same reason: EF's migrate reads the table before it creates it.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets readers run while a writer commits; the setting persists in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}

/// <summary>
/// The migrations a database has against those this build knows: <see cref="Pending"/> would run at the next start;
/// <see cref="Unknown"/> were applied by a newer release, which this build must not run on.
/// </summary>
public sealed record MigrationPlan(IReadOnlyList<string> Applied, IReadOnlyList<string> Pending, IReadOnlyList<string> Unknown)
{
    public string UnknownMessage() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"The database has {Unknown.Count} migration(s) this gq does not know ({string.Join(", ", Unknown)}): a newer release made it. Run that release, or restore a backup made for this one (docs/operations.md, \"Upgrades\").");
}

/// <summary>
/// Lets SQLite itself wait for the write lock (<c>busy_timeout</c>, with its own short back-off) instead of
/// returning SQLITE_BUSY at once. Without it, Microsoft.Data.Sqlite retries a busy statement after sleeping
/// 150 ms, and concurrent writers (requests, the delivery worker) pile those sleeps up (seen in a trace of
/// <c>gq bench flow</c>: seconds per flow).
/// </summary>
internal sealed class SqliteBusyTimeout : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqliteBusyTimeout Instance = new();

    private const int Milliseconds = 30000;

    // Set on the native handle (what PRAGMA busy_timeout does, without preparing and running a statement on every
    // open: a pooled connection is opened many times per request).
    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData) =>
        Set(connection);

    public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Set(connection);
        return Task.CompletedTask;
    }

    private static void Set(System.Data.Common.DbConnection connection)
    {
        var handle = (connection as Microsoft.Data.Sqlite.SqliteConnection)?.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var rc = SQLitePCL.raw.sqlite3_busy_timeout(handle, Milliseconds);
        if (rc != SQLitePCL.raw.SQLITE_OK)
        {
            Microsoft.Data.Sqlite.SqliteException.ThrowExceptionForRC(rc, handle);
        }
    }
}

