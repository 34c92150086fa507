using System.Globalization;
using Npgsql;

namespace GoldenQuality.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL primary and a streaming standby of its own (initdb, pg_basebackup, pg_ctl), on loopback, with
/// synchronous replication: the primary acknowledges a commit only once the standby has it. The test can crash the
/// primary and promote the standby. Always throwaway clusters, whatever <c>GQ_TEST_POSTGRES</c> says.
/// </summary>
public sealed class ReplicatedPostgres : IAsyncDisposable
{
    private const string StandbyName = "standby1";
    private readonly string folder;
    private readonly bool asPostgres = Environment.UserName == "root";

    private ReplicatedPostgres(string folder, int primaryPort, int standbyPort)
    {
        this.folder = folder;
        PrimaryPort = primaryPort;
        StandbyPort = standbyPort;
    }

    public int PrimaryPort { get; }

    public int StandbyPort { get; }

    private string PrimaryDir => Path.Combine(folder, "primary");

    private string StandbyDir => Path.Combine(folder, "standby");

    /// <summary>Whichever of the two is the primary, as a node finds it (Npgsql's multi-host failover).</summary>
    public string ConnectionString(string database) => string.Create(CultureInfo.InvariantCulture,
        $"Host=127.0.0.1:{PrimaryPort},127.0.0.1:{StandbyPort};Username=gq;Database={database};Target Session Attributes=primary;Host Recheck Seconds=1;Timeout=5;Command Timeout=15");

    /// <summary>The standby while it is one, else the primary: where a node's dashboards read (<c>Node:ReportingDatabase</c>).</summary>
    public string ReportingConnectionString(string database) => string.Create(CultureInfo.InvariantCulture,
        $"Host=127.0.0.1:{StandbyPort},127.0.0.1:{PrimaryPort};Username=gq;Database={database};Target Session Attributes=prefer-standby;Host Recheck Seconds=1;Timeout=5;Command Timeout=15");

    /// <summary>
    /// Pauses or resumes the standby's replay: paused, it still receives and keeps the primary's commits (so they are
    /// acknowledged) but shows none of them until resumed.
    /// </summary>
    public async Task ReplayAsync(bool paused)
    {
        await using var standby = new NpgsqlConnection(Admin(StandbyPort));
        await standby.OpenAsync();
        await using var command = new NpgsqlCommand(paused ? "SELECT pg_wal_replay_pause()" : "SELECT pg_wal_replay_resume()", standby);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<ReplicatedPostgres> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "gq-pgrep-" + Guid.NewGuid().ToString("N")[..8]);
        var pair = new ReplicatedPostgres(folder, GoldenQuality.Hosting.GqHost.FreeLoopbackPort(), GoldenQuality.Hosting.GqHost.FreeLoopbackPort());
        // initdb and pg_basebackup make the two data folders themselves, with the permissions PostgreSQL requires.
        Directory.CreateDirectory(folder);
        if (pair.asPostgres)
        {
            await PostgresServer.Run("chown", ["postgres:postgres", folder], asPostgres: false);
        }

        await pair.Pg("initdb", "-D", pair.PrimaryDir, "-A", "trust", "-U", "gq", "--no-sync", "-E", "UTF8", "--locale=C");
        await pair.StartServerAsync(pair.PrimaryDir, pair.PrimaryPort,
            $"-c wal_level=replica -c max_wal_senders=5 -c synchronous_commit=on -c synchronous_standby_names={StandbyName}");
        await pair.Pg("pg_basebackup", "-h", "127.0.0.1", "-p", pair.PrimaryPort.ToString(CultureInfo.InvariantCulture), "-U", "gq", "-D", pair.StandbyDir, "-R", "-X", "stream", "--no-sync");
        // The standby's cluster name is the name the walreceiver gives the primary, which waits for exactly that name.
        await pair.StartServerAsync(pair.StandbyDir, pair.StandbyPort, $"-c cluster_name={StandbyName}");
        await using (var primary = new NpgsqlConnection(pair.Admin(pair.PrimaryPort)))
        {
            await primary.OpenAsync();
            await TestFederation.WaitUntilAsync(async () =>
            {
                await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_replication WHERE application_name = @name AND sync_state = 'sync'", primary);
                command.Parameters.AddWithValue("name", StandbyName);
                return (long)(await command.ExecuteScalarAsync())! == 1;
            }, "the standby streaming synchronously", 60);
        }

        return pair;
    }

    /// <summary>Creates a database on the primary (it reaches the standby by replication).</summary>
    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(Admin(PrimaryPort));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Kills the primary as a crash would (immediate shutdown: no checkpoint); until <see cref="PromoteAsync"/> there is no primary.</summary>
    public Task CrashPrimaryAsync() => Pg("pg_ctl", "-D", PrimaryDir, "-m", "immediate", "-w", "stop");

    /// <summary>Promotes the standby to primary.</summary>
    public Task PromoteAsync() => Pg("pg_ctl", "-D", StandbyDir, "-w", "promote");

    public string Admin(int port) => string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={port};Username=gq;Database=postgres;Pooling=false");

    public async ValueTask DisposeAsync()
    {
        foreach (var dir in new[] { PrimaryDir, StandbyDir })
        {
            if (File.Exists(Path.Combine(dir, "postmaster.pid")))
            {
                try
                {
                    await Pg("pg_ctl", "-D", dir, "-m", "immediate", "-w", "stop");
                }
                catch (InvalidOperationException)
                {
                    // Already stopped.
                }
            }
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task StartServerAsync(string dir, int port, string extra) =>
        Pg("pg_ctl", "-D", dir, "-o", string.Create(CultureInfo.InvariantCulture, $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off {extra}"),
            "-l", Path.Combine(dir, "log"), "-w", "start");

    private Task Pg(string program, params string[] args) => PostgresServer.Run(program, args, asPostgres);
}
