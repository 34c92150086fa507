using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Demo;
using GoldenQuality.Hosting;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GoldenQuality.Tests.Persistence;

/// <summary>A database an earlier release made migrates to this one with its data intact (issue 21, "Upgrades").</summary>
public abstract class UpgradeTests
{
    private const string TeaExporter = "913301000000DEM01D";

    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task A_database_of_the_previous_release_migrates_at_start_with_every_row_kept_and_its_users_see_their_data()
    {
        var folder = Directory.CreateTempSubdirectory("gq-upgrade-").FullName;
        string database;
        if (Provider == DatabaseProvider.Postgres)
        {
            database = await PostgresServer.CreateDatabaseAsync();
            var restored = await TestCli.RunAsync("restore", "--from", UpgradeFixtures.PostgresDump, "--db", database);
            Assert.True(restored.Exit == 0, restored.Output);
            Assert.Contains("The backup is older than this gq: the node applies ", restored.Output, StringComparison.Ordinal);
        }
        else
        {
            database = "Data Source=" + UpgradeFixtures.Sqlite(folder);
        }

        var before = await TableCounts.ReadAsync(Provider, database);
        var cleared = Provider == DatabaseProvider.Sqlite ? await ScalarAsync(database, "SELECT Number FROM declarations WHERE Status = 'Cleared'") : null;

        var check = await TestCli.RunAsync("db", "migrate", "--check", "--db", database);
        Assert.True(check.Exit == 1, check.Output);
        Assert.Contains("migration(s) would run, in this order: ", check.Output, StringComparison.Ordinal);
        Assert.Contains("_ClearanceHistory, ", check.Output, StringComparison.Ordinal);
        Assert.Contains("The database has 13.", check.Output, StringComparison.Ordinal);

        // This release's node starts on it: it migrates first, as gq serve does.
        await using var app = await TestHost.StartAsync(database);

        // No row is lost. The start may add rows: the reference data the earlier release's seed did not load (the
        // seeded PostgreSQL fixture has no standards catalogue), and the entries of the node's own start-up.
        var after = await TableCounts.ReadAsync(Provider, database);
        foreach (var (table, rows) in before)
        {
            Assert.True(after.TryGetValue(table, out var now) && now >= rows, $"{table}: {rows} rows before the upgrade, {(after.ContainsKey(table) ? now : "no table")} after");
        }

        Assert.Contains(before, t => t.Key == "registry_enterprises" && t.Value > 0);
        var upToDate = await TestCli.RunAsync("db", "migrate", "--check", "--db", database);
        Assert.True(upToDate.Exit == 0, upToDate.Output);
        Assert.Contains("The database is up to date", upToDate.Output, StringComparison.Ordinal);

        // The exporter signs in with the password the earlier release stored, and sees its enterprise (and, on the
        // SQLite fixture, its cleared declaration with the whole history).
        var password = DemoData.Passwords(Path.Combine(AppContext.BaseDirectory, "data"))["exporter.hangzhou"];
        using var user = await TestHost.SignInAsync(app, "exporter.hangzhou", password);
        var enterprise = await user.GetFromJsonAsync<JsonElement>($"/api/registry/enterprises/{TeaExporter}");
        Assert.Equal("杭州示例茶叶有限公司（演示）", enterprise.GetProperty("nameZh").GetString());

        if (cleared is not null)
        {
            var list = await user.GetFromJsonAsync<JsonElement>($"/api/declarations?q={cleared}");
            var item = Assert.Single(list.GetProperty("items").EnumerateArray());
            Assert.Equal("cleared", item.GetProperty("status").GetString());
            var view = await user.GetFromJsonAsync<JsonElement>($"/api/declarations/{item.GetProperty("id").GetString()}");
            Assert.StartsWith("IP-CIQ-ZJ-HZ-", view.GetProperty("permitNumber").GetString(), StringComparison.Ordinal);
            Assert.True(view.GetProperty("history").GetArrayLength() >= 5, view.GetProperty("history").ToString());

            // The envelopes written before their links were columns got them from their signed headers at the start
            // (decision 0027): every outbox row names its sender, the flow's envelopes their case, and the marker is gone.
            Assert.Equal("0", await ScalarAsync(database, "SELECT COUNT(*) FROM exchange_outbox WHERE Sender IS NULL"));
            Assert.NotEqual("0", await ScalarAsync(database, "SELECT COUNT(*) FROM exchange_outbox WHERE CorrelationId IS NOT NULL"));
            Assert.Equal("0", await ScalarAsync(database, "SELECT COUNT(*) FROM exchange_counters WHERE Name = 'links-backfill'"));

            var log = await TestCli.RunAsync("log", "verify", "--db", database);
            Assert.True(log.Exit == 0, log.Output);
            Assert.Contains("Intact: 12 entries", log.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_gq_executable_migrates_a_new_database_and_prints_no_error_line()
    {
        // As an operator runs it on a node's first day: EF's own check of its history table logs a failed read as
        // "fail:" on a new database (dotnet/efcore#37328), which would read as something gone wrong.
        var database = Provider == DatabaseProvider.Postgres
            ? await PostgresServer.CreateDatabaseAsync()
            : "Data Source=" + Path.Combine(Directory.CreateTempSubdirectory("gq-new-").FullName, "node.db");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "gq.dll"), "db", "migrate", "--db", database])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;

        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("Applied ", output, StringComparison.Ordinal);
        Assert.Contains("_Foundation, ", output, StringComparison.Ordinal);
        Assert.DoesNotContain(output.Split('\n'), l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("warn:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_database_a_newer_release_made_is_named_by_the_check_and_refused_by_the_node()
    {
        var database = await TestDatabases.CreateAsync(Provider, Path.Combine(Directory.CreateTempSubdirectory("gq-newer-").FullName, "node.db"));
        await ScalarAsync(database, "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('29990101000000_FromANewerRelease', '10.0.15')");
        const string Message = "The database has 1 migration(s) this gq does not know (29990101000000_FromANewerRelease): a newer release made it.";

        var check = await TestCli.RunAsync("db", "migrate", "--check", "--db", database);
        Assert.Equal(2, check.Exit);
        Assert.Contains(Message, check.Output, StringComparison.Ordinal);

        await using var app = GqHost.Build(new HostSettings { Urls = "http://127.0.0.1:0", Database = database, JsonLogs = false });
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => GqHost.PrepareAsync(app, CancellationToken.None));
        Assert.Contains(Message, refused.Message, StringComparison.Ordinal);
    }

    private async Task<string?> ScalarAsync(string database, string sql)
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return (await command.ExecuteScalarAsync())?.ToString();
        }

        await using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder(database) { Pooling = false }.ToString());
        await sqlite.OpenAsync();
        await using var statement = sqlite.CreateCommand();
        statement.CommandText = sql;
        return (await statement.ExecuteScalarAsync())?.ToString();
    }
}

[Collection("sqlite")]
public sealed class UpgradeOnSqlite : UpgradeTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

[Collection("postgres")]
public sealed class UpgradeOnPostgres : UpgradeTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
