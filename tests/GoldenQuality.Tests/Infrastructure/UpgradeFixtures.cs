using System.IO.Compression;
using GoldenQuality.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GoldenQuality.Tests.Infrastructure;

/// <summary>The databases an earlier release made (tests/fixtures/upgrade/README.md).</summary>
public static class UpgradeFixtures
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "upgrade");

    /// <summary>The release that made them.</summary>
    public const string Release = "ff55b72";

    /// <summary>The national node after the demo's export (SQLite), decompressed into <paramref name="folder"/>; returns the file.</summary>
    public static string Sqlite(string folder)
    {
        var file = Path.Combine(folder, Release + "-national.db");
        using (var gzip = new GZipStream(File.OpenRead(Path.Combine(Folder, Release + "-national-export.sqlite.gz")), CompressionMode.Decompress))
        using (var copy = File.Create(file))
        {
            gzip.CopyTo(copy);
        }

        return file;
    }

    /// <summary>A seeded national node (PostgreSQL), as the pg_dump archive <c>gq backup</c> also writes.</summary>
    public static string PostgresDump => Path.Combine(Folder, Release + "-national-seeded.pgdump");
}

/// <summary>The number of rows in every table of a node's database, by table name.</summary>
public static class TableCounts
{
    public static async Task<SortedDictionary<string, long>> ReadAsync(DatabaseProvider provider, string connectionString)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        if (provider == DatabaseProvider.Postgres)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            foreach (var table in await ListAsync(connection, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
            {
                await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
                counts[table] = (long)(await count.ExecuteScalarAsync())!;
            }
        }
        else
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString.Contains('=', StringComparison.Ordinal) ? connectionString : "Data Source=" + connectionString) { Pooling = false }.ToString());
            await connection.OpenAsync();
            foreach (var table in await ListAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
            {
                await using var count = connection.CreateCommand();
                count.CommandText = $"SELECT count(*) FROM \"{table}\"";
                counts[table] = (long)(await count.ExecuteScalarAsync())!;
            }
        }

        return counts;
    }

    private static async Task<List<string>> ListAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
