using GoldenQuality.Hosting;
using GoldenQuality.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GoldenQuality.Tests.Infrastructure;

/// <summary>
/// Node databases for the test nodes, copied from a template that is migrated and loaded with the reference data once
/// per test run and provider. A node's own start-up then checks the migrations and the reference data as it does at
/// every start, and finds them in place, instead of building both again for each of the hundreds of nodes the suite
/// starts. The demo data (accounts, enterprises) is not in the template: each node loads its own.
/// </summary>
public static class TestDatabases
{
    private static readonly Lazy<Task<string>> SqliteTemplate = new(() => PrepareAsync(
        $"Data Source={Path.Combine(Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "gq-template-" + Guid.NewGuid().ToString("N")[..8])).FullName, "node.db")}"));

    private static readonly SemaphoreSlim SqliteCopies = new(1, 1);

    private static readonly Lazy<Task<string>> PostgresTemplate = new(async () => await PrepareAsync(await PostgresServer.CreateDatabaseAsync()));

    /// <summary>A new SQLite database at <paramref name="file"/>, a copy of the template; returns its connection string.</summary>
    public static async Task<string> SqliteAsync(string file)
    {
        var template = await SqliteTemplate.Value;
        // A private file, as a node makes its new database (decision 0006); the copy goes into it.
        Common.PrivateFiles.EnsureFile(file);
        var target = $"Data Source={file}";

        // One copy at a time: two connections opening the template (a WAL database) at once can meet its recovery
        // lock and fail with SQLITE_BUSY_RECOVERY; a copy takes milliseconds.
        await SqliteCopies.WaitAsync();
        try
        {
            await using var source = new SqliteConnection(template);
            await using var copy = new SqliteConnection(target);
            await source.OpenAsync();
            await copy.OpenAsync();
            source.BackupDatabase(copy);
        }
        finally
        {
            SqliteCopies.Release();
        }

        return target;
    }

    /// <summary>A new PostgreSQL database on the test server, made from the template; returns its connection string.</summary>
    public static async Task<string> PostgresAsync() => await PostgresServer.CreateDatabaseAsync(new NpgsqlConnectionStringBuilder(await PostgresTemplate.Value).Database);

    /// <summary>A new database of <paramref name="provider"/> (SQLite at <paramref name="sqliteFile"/>) made from the template.</summary>
    public static Task<string> CreateAsync(DatabaseProvider provider, string sqliteFile) =>
        provider == DatabaseProvider.Postgres ? PostgresAsync() : SqliteAsync(sqliteFile);

    private static async Task<string> PrepareAsync(string connectionString)
    {
        await using (var app = GqHost.Build(new HostSettings
        {
            Urls = "http://127.0.0.1:0",
            Database = connectionString,
            JsonLogs = false,
            Settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" },
        }))
        {
            await GqHost.PrepareAsync(app, CancellationToken.None);
        }

        // No connection may stay open on a template: PostgreSQL copies a database only when no one is connected to it.
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        return connectionString;
    }
}
