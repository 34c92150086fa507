using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GoldenQuality.Persistence;

/// <summary>What a backup or a restore wrote: the file or database, its size, and the last migration it holds.</summary>
public sealed record BackupResult(DatabaseProvider Provider, string File, long Bytes, string LastMigration);

/// <summary>A backup or restore refused or failed; <see cref="Option"/> is the command-line option it concerns.</summary>
public sealed class BackupException(string option, string message) : Exception(message)
{
    public string Option { get; } = option;
}

/// <summary>
/// Online backups of a node's database and their restore (docs/operations.md, "Backup and restore").
/// A SQLite node is copied with SQLite's online backup API into one self-contained file (no WAL beside it); a
/// PostgreSQL node with <c>pg_dump</c>'s custom format, one consistent snapshot. A restore replaces the target
/// database whole, in one transaction on PostgreSQL; it refuses a target that already holds tables unless forced.
/// The node's keys are files, not in the database: they are backed up on their own.
/// </summary>
public static class Backups
{
    private const string MigrationsTable = "__EFMigrationsHistory";
    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();
    private static readonly byte[] PgDumpHeader = "PGDMP"u8.ToArray();

    public static Task<BackupResult> BackupAsync(string connectionString, string output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        var target = Path.GetFullPath(output);
        if (File.Exists(target))
        {
            throw new BackupException("--output", $"{target} already exists; a backup never overwrites a file.");
        }

        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder))
        {
            throw new BackupException("--output", $"the folder {folder} does not exist.");
        }

        return Database.DetectProvider(connectionString) == DatabaseProvider.Postgres
            ? BackupPostgresAsync(connectionString, target, ct)
            : BackupSqliteAsync(connectionString, target, ct);
    }

    public static Task<BackupResult> RestoreAsync(string backupFile, string connectionString, bool force, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(backupFile);
        var source = Path.GetFullPath(backupFile);
        if (!File.Exists(source))
        {
            throw new BackupException("--from", $"there is no file {source}.");
        }

        var kind = KindOf(source);
        var provider = Database.DetectProvider(connectionString);
        if (kind != provider)
        {
            throw new BackupException("--from", kind is null
                ? $"{source} is neither a SQLite database nor a pg_dump archive made by gq backup."
                : $"{source} is a {Name(kind.Value)} backup, but the target database (--db) is {Name(provider)}; a backup is restored to the same kind of database.");
        }

        return provider == DatabaseProvider.Postgres
            ? RestorePostgresAsync(source, connectionString, force, ct)
            : RestoreSqliteAsync(source, connectionString, force, ct);
    }

    /// <summary>The engine's name as messages give it.</summary>
    public static string Name(DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? "PostgreSQL" : "SQLite";

    private static DatabaseProvider? KindOf(string file)
    {
        Span<byte> head = stackalloc byte[16];
        using var stream = File.OpenRead(file);
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read >= SqliteHeader.Length && head[..SqliteHeader.Length].SequenceEqual(SqliteHeader))
        {
            return DatabaseProvider.Sqlite;
        }

        return read >= PgDumpHeader.Length && head[..PgDumpHeader.Length].SequenceEqual(PgDumpHeader) ? DatabaseProvider.Postgres : null;
    }

    // ---- SQLite ----

    private static async Task<BackupResult> BackupSqliteAsync(string connectionString, string target, CancellationToken ct)
    {
        var builder = SqliteBuilder(connectionString);
        if (!File.Exists(builder.DataSource) || new FileInfo(builder.DataSource).Length == 0)
        {
            throw new BackupException("--db", $"there is no SQLite database at {Path.GetFullPath(builder.DataSource)}.");
        }

        var partial = target + ".partial";
        File.Delete(partial);
        Common.PrivateFiles.EnsureFile(partial);
        try
        {
            await using (var source = new SqliteConnection(builder.ToString()))
            await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
            {
                await source.OpenAsync(ct);
                await copy.OpenAsync(ct);
                // One step: the source stays readable and writable by the running node (WAL) while its pages are copied.
                source.BackupDatabase(copy);
                // One self-contained file: no write-ahead log beside it.
                await ExecuteAsync(copy, "PRAGMA journal_mode=DELETE;", ct);
            }

            var last = await CheckSqliteAsync(partial, "--db", ct, Path.GetFullPath(builder.DataSource));
            File.Move(partial, target);
            return new BackupResult(DatabaseProvider.Sqlite, target, new FileInfo(target).Length, last);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static async Task<BackupResult> RestoreSqliteAsync(string source, string connectionString, bool force, CancellationToken ct)
    {
        var last = await CheckSqliteAsync(source, "--from", ct);
        var builder = SqliteBuilder(Database.NormaliseSqlite(connectionString));
        await using (var target = new SqliteConnection(builder.ToString()))
        {
            await target.OpenAsync(ct);
            var tables = Convert.ToInt64(await ScalarAsync(target, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%';", ct), CultureInfo.InvariantCulture);
            RefuseUnlessForced(tables, builder.DataSource, force);
            await using (var backup = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
            {
                await backup.OpenAsync(ct);
                // SQLite's backup API replaces the target's pages in one transaction of the target.
                backup.BackupDatabase(target);
            }

            await ExecuteAsync(target, "PRAGMA journal_mode=WAL;", ct);
        }

        return new BackupResult(DatabaseProvider.Sqlite, Path.GetFullPath(builder.DataSource), new FileInfo(builder.DataSource).Length, last);
    }

    /// <summary>
    /// The file passes SQLite's integrity check and has gq's migration history; returns its last migration. Messages
    /// name <paramref name="name"/> (the database a copy was made of), or the file.
    /// </summary>
    private static async Task<string> CheckSqliteAsync(string file, string option, CancellationToken ct, string? name = null)
    {
        name ??= file;
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(ct);
            var integrity = (string?)await ScalarAsync(connection, "PRAGMA integrity_check;", ct);
            if (integrity != "ok")
            {
                throw new BackupException(option, $"{name} fails SQLite's integrity check: {integrity}.");
            }

            var history = await ScalarAsync(connection, $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{MigrationsTable}';", ct);
            if (Convert.ToInt64(history, CultureInfo.InvariantCulture) == 0)
            {
                throw new BackupException(option, $"{name} is a SQLite database but not a GoldenQuality node's: it has no migration history.");
            }

            return (string?)await ScalarAsync(connection, $"SELECT MigrationId FROM \"{MigrationsTable}\" ORDER BY MigrationId DESC LIMIT 1;", ct) ?? "(none)";
        }
        catch (SqliteException e)
        {
            throw new BackupException(option, $"{name} cannot be read as a SQLite database: {e.Message}");
        }
    }

    private static SqliteConnectionStringBuilder SqliteBuilder(string connectionString)
    {
        var text = connectionString.Contains('=', StringComparison.Ordinal)
            ? connectionString
            : new SqliteConnectionStringBuilder { DataSource = connectionString }.ToString();
        return new SqliteConnectionStringBuilder(text) { Pooling = false };
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }

    private static void RefuseUnlessForced(long tables, string database, bool force)
    {
        if (tables > 0 && !force)
        {
            throw new BackupException("--force", string.Create(CultureInfo.InvariantCulture,
                $"the target database {database} already holds {tables} table(s); stop its node and add --force to replace it with the backup."));
        }
    }

    // ---- PostgreSQL ----

    private static async Task<BackupResult> BackupPostgresAsync(string connectionString, string target, CancellationToken ct)
    {
        var builder = PostgresBuilder(connectionString, "--db");
        var last = await LastPostgresMigrationAsync(builder, "--db", ct)
            ?? throw new BackupException("--db", $"the database {builder.Database} on {builder.Host} is not a GoldenQuality node's: it has no migration history.");
        var partial = target + ".partial";
        File.Delete(partial);
        Common.PrivateFiles.EnsureFile(partial);
        try
        {
            // pg_dump reads one consistent snapshot while the node keeps running.
            await RunAsync("pg_dump", ["--format=custom", "--no-password", "--file=" + partial], builder, "--db", ct);
            var contents = await RunAsync("pg_restore", ["--list", partial], builder: null, "--db", ct);
            if (!contents.Contains($"TABLE DATA public {MigrationsTable}", StringComparison.Ordinal))
            {
                throw new BackupException("--db", $"pg_dump's archive of {builder.Database} lacks the migration history's data.");
            }

            Common.PrivateFiles.Restrict(partial);
            File.Move(partial, target);
            return new BackupResult(DatabaseProvider.Postgres, target, new FileInfo(target).Length, last);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static async Task<BackupResult> RestorePostgresAsync(string source, string connectionString, bool force, CancellationToken ct)
    {
        var builder = PostgresBuilder(connectionString, "--db");
        var contents = await RunAsync("pg_restore", ["--list", source], builder: null, "--from", ct);
        if (!contents.Contains($"TABLE DATA public {MigrationsTable}", StringComparison.Ordinal))
        {
            throw new BackupException("--from", $"{source} is a pg_dump archive but not of a GoldenQuality node's database: it has no migration history.");
        }

        long tables;
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(ct);
            await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", connection);
            tables = (long)(await count.ExecuteScalarAsync(ct))!;
        }
        catch (NpgsqlException e)
        {
            throw new BackupException("--db", $"cannot connect to the target database {builder.Database} on {builder.Host}: {e.Message}");
        }

        RefuseUnlessForced(tables, builder.Database!, force);

        // pg_restore turns the archive into SQL; psql runs it after emptying the schema, all in one transaction: the
        // target is either the backup, whole, or unchanged.
        using var sql = StartProcess("pg_restore", ["--no-owner", "--no-privileges", "--file=-", source], builder: null, redirectInput: false);
        using var psql = StartProcess("psql", ["--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction", "--file=-"], builder, redirectInput: true);
        var sqlErrors = sql.StandardError.ReadToEndAsync(ct);
        var psqlOutput = psql.StandardOutput.ReadToEndAsync(ct);
        var psqlErrors = psql.StandardError.ReadToEndAsync(ct);
        try
        {
            await using (var input = psql.StandardInput.BaseStream)
            {
                await input.WriteAsync("DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n"u8.ToArray(), ct);
                await sql.StandardOutput.BaseStream.CopyToAsync(input, ct);
            }
        }
        catch (IOException)
        {
            // psql stopped reading (an error with ON_ERROR_STOP): its exit code and message say why, below.
        }

        await Task.WhenAll(sql.WaitForExitAsync(ct), psql.WaitForExitAsync(ct));
        await psqlOutput;
        if (sql.ExitCode != 0)
        {
            throw new BackupException("--from", $"pg_restore could not read {source}: {Last(await sqlErrors)}");
        }

        if (psql.ExitCode != 0)
        {
            throw new BackupException("--db", $"the restore into {builder.Database} failed and was rolled back: {Last(await psqlErrors)}");
        }

        var last = await LastPostgresMigrationAsync(builder, "--db", ct) ?? "(none)";
        return new BackupResult(DatabaseProvider.Postgres, builder.Database!, new FileInfo(source).Length, last);
    }

    private static async Task<string?> LastPostgresMigrationAsync(NpgsqlConnectionStringBuilder builder, string option, CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(ct);
            await using var exists = new NpgsqlCommand($"SELECT to_regclass('public.\"{MigrationsTable}\"') IS NOT NULL", connection);
            if (!(bool)(await exists.ExecuteScalarAsync(ct))!)
            {
                return null;
            }

            await using var last = new NpgsqlCommand($"SELECT \"MigrationId\" FROM \"{MigrationsTable}\" ORDER BY \"MigrationId\" DESC LIMIT 1", connection);
            return (string?)await last.ExecuteScalarAsync(ct);
        }
        catch (NpgsqlException e)
        {
            throw new BackupException(option, $"cannot connect to {builder.Database} on {builder.Host}: {e.Message}");
        }
    }

    private static NpgsqlConnectionStringBuilder PostgresBuilder(string connectionString, string option)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrEmpty(builder.Database))
            {
                throw new BackupException(option, "the PostgreSQL connection string names no database (Database=...).");
            }

            return builder;
        }
        catch (ArgumentException e)
        {
            throw new BackupException(option, $"the PostgreSQL connection string cannot be read: {e.Message}");
        }
    }

    /// <summary>Runs a PostgreSQL client program to its end; returns its standard output, or throws with its last error line.</summary>
    private static async Task<string> RunAsync(string program, string[] args, NpgsqlConnectionStringBuilder? builder, string option, CancellationToken ct)
    {
        using var process = StartProcess(program, args, builder, redirectInput: false);
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new BackupException(option, $"{program} failed (exit {process.ExitCode.ToString(CultureInfo.InvariantCulture)}): {Last(await errors)}");
        }

        return await output;
    }

    /// <summary>
    /// Starts a PostgreSQL client program with the connection in its environment (PGHOST, PGPORT, PGUSER, PGPASSWORD,
    /// PGDATABASE, PGSSLMODE), never on its command line, where other users of the machine could read the password.
    /// </summary>
    private static Process StartProcess(string program, string[] args, NpgsqlConnectionStringBuilder? builder, bool redirectInput)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        if (builder is not null)
        {
            // Several hosts (a primary and its standbys, "Host=a:5432,b:5432"): libpq takes them as lists, and the
            // session attributes choose among them as Npgsql does.
            var hosts = (builder.Host ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(h => h.LastIndexOf(':') is var colon and > 0 && !h.EndsWith(']') ? (h[..colon], h[(colon + 1)..]) : (h, builder.Port.ToString(CultureInfo.InvariantCulture)))
                .ToList();
            Set(info, "PGHOST", string.Join(',', hosts.Select(h => h.Item1)));
            Set(info, "PGPORT", string.Join(',', hosts.Select(h => h.Item2)));
            Set(info, "PGTARGETSESSIONATTRS", builder.TargetSessionAttributes);
            Set(info, "PGUSER", builder.Username);
            Set(info, "PGPASSWORD", builder.Password);
            Set(info, "PGDATABASE", builder.Database);
            Set(info, "PGSSLMODE", builder.SslMode switch
            {
                SslMode.Disable => "disable",
                SslMode.Require => "require",
                SslMode.VerifyCA => "verify-ca",
                SslMode.VerifyFull => "verify-full",
                _ => "prefer",
            });
        }

        try
        {
            return Process.Start(info) ?? throw new BackupException("--db", $"{program} could not be started.");
        }
        catch (Win32Exception)
        {
            throw new BackupException("--db", $"{program} was not found on PATH: install PostgreSQL's client programs (Debian: postgresql-client), of the server's version or newer.");
        }
    }

    private static void Set(ProcessStartInfo info, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            info.Environment[name] = value;
        }
    }

    private static string Last(string errors)
    {
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no message)" : string.Join(" ", lines.TakeLast(3));
    }
}
