using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace GoldenQuality.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests run against: <c>GQ_TEST_POSTGRES</c> when it is set, otherwise a throwaway
/// cluster made with initdb and pg_ctl for this test run, on a free loopback port, stopped when the run ends.
/// Each fixture gets a database of its own.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<Task<string>> Server = new(StartAsync);
    private static string? clusterDirectory;

    /// <summary>A new database on the test server, empty or a copy of <paramref name="template"/>; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string? template = null)
    {
        var admin = await Server.Value;
        var name = "gq_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("GQ_TEST_POSTGRES") is { Length: > 0 } given)
        {
            return given;
        }

        RemoveStoppedClusters();
        var dir = Path.Combine(Path.GetTempPath(), "gq-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await Run("chown", ["postgres:postgres", dir], asPostgres: false);
        }

        var port = GoldenQuality.Hosting.GqHost.FreeLoopbackPort();
        await Run("initdb", ["-D", dir, "-A", "trust", "-U", "gq", "--no-sync", "-E", "UTF8", "--locale=C"], asRoot);
        var options = string.Create(CultureInfo.InvariantCulture,
            $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200");
        await Run("pg_ctl", ["-D", dir, "-o", options, "-l", Path.Combine(dir, "log"), "-w", "start"], asRoot);
        clusterDirectory = dir;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(asRoot);
        return string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={port};Username=gq;Database=postgres;Pooling=true;Maximum Pool Size=50;Connection Idle Lifetime=5;Connection Pruning Interval=2");
    }

    private static void Stop(bool asRoot)
    {
        if (clusterDirectory is null)
        {
            return;
        }

        try
        {
            Run("pg_ctl", ["-D", clusterDirectory, "-m", "immediate", "-w", "stop"], asRoot).GetAwaiter().GetResult();
            Directory.Delete(clusterDirectory, recursive: true);
        }
        catch (InvalidOperationException)
        {
            // Stopping is best effort at process exit; the cluster lives in the temp folder.
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Clusters of earlier runs whose server has stopped (no postmaster.pid) but whose folder remained.</summary>
    private static void RemoveStoppedClusters()
    {
        foreach (var old in Directory.EnumerateDirectories(Path.GetTempPath(), "gq-pg-*"))
        {
            if (!File.Exists(Path.Combine(old, "postmaster.pid")))
            {
                try
                {
                    Directory.Delete(old, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    internal static async Task Run(string program, string[] args, bool asPostgres)
    {
        var info = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", program })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}: {await stdout}{await stderr}");
        }
    }

}
