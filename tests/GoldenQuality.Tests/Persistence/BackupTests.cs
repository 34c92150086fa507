using System.Net;
using System.Net.Http.Json;
using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Persistence;

/// <summary><c>gq backup</c> and <c>gq restore</c> against real nodes (issue 21): online, whole, and nothing applied twice after.</summary>
public abstract class BackupTests
{
    protected abstract DatabaseProvider Provider { get; }

    private string Kind => Provider == DatabaseProvider.Postgres ? "PostgreSQL" : "SQLite";

    [Fact]
    public async Task A_backup_taken_while_the_node_runs_restores_whole_and_delivery_resumes_without_applying_anything_twice()
    {
        await using var federation = await StartAsync(Provider);
        var aqsiq = federation[Aqsiq];
        await federation.StopNodeAsync(Customs);
        using var client = aqsiq.Client();
        var correlation = Guid.CreateVersion7();

        // Ten envelopes wait for Customs, which is down, when the backup is taken from the running node.
        var pendingAtBackup = await PublishAsync(client, correlation, 0, 10);
        var file = Path.Combine(Directory.CreateTempSubdirectory("gq-backup-").FullName, Provider == DatabaseProvider.Postgres ? "national.pgdump" : "national.db");
        var backup = await TestCli.RunAsync("backup", "--db", aqsiq.ConnectionString, "--output", file);
        Assert.True(backup.Exit == 0, backup.Output);
        Assert.Contains($"Backed up the {Kind} database to {file}", backup.Output, StringComparison.Ordinal);
        Assert.Contains("last migration 2", backup.Output, StringComparison.Ordinal);

        // A backup never overwrites a file.
        var again = await TestCli.RunAsync("backup", "--db", aqsiq.ConnectionString, "--output", file);
        Assert.Equal(2, again.Exit);
        Assert.Contains($"--output: {file} already exists; a backup never overwrites a file.", again.Output, StringComparison.Ordinal);

        // After the backup: Customs comes back, gets the ten, and five more are sent and applied.
        await federation.StartNodeAsync(Customs);
        await WaitUntilAsync(async () => await DeliveredAsync(aqsiq, pendingAtBackup) == 10, "the ten delivered");
        var sentAfterBackup = await PublishAsync(client, correlation, 10, 5);
        await WaitUntilAsync(async () => await DeliveredAsync(aqsiq, sentAfterBackup) == 5, "the five delivered");
        Assert.Equal(15, await AppliedAsync(federation[Customs], correlation));

        // The national node's database is lost and comes back from the backup. A restore refuses to replace a
        // database that holds tables unless told to.
        await federation.StopNodeAsync(Aqsiq);
        var refused = await TestCli.RunAsync("restore", "--from", file, "--db", aqsiq.ConnectionString);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("--force: the target database", refused.Output, StringComparison.Ordinal);
        Assert.Contains("stop its node and add --force to replace it with the backup.", refused.Output, StringComparison.Ordinal);
        var restored = await TestCli.RunAsync("restore", "--from", file, "--db", aqsiq.ConnectionString, "--force");
        Assert.True(restored.Exit == 0, restored.Output);
        Assert.Contains($"Restored {file} into the {Kind} database", restored.Output, StringComparison.Ordinal);
        Assert.Contains("Intact: ", restored.Output, StringComparison.Ordinal);

        // The database is as it was at the backup: the ten not yet delivered, the five not yet published.
        await using (var db = Context(aqsiq.ConnectionString))
        {
            var rows = await db.Set<OutboxMessage>().AsNoTracking().Where(o => pendingAtBackup.Contains(o.EnvelopeId)).ToListAsync();
            Assert.Equal(10, rows.Count);
            Assert.All(rows, r => Assert.NotEqual(OutboxStatus.Delivered, r.Status));
            Assert.False(await db.Set<OutboxMessage>().AnyAsync(o => sentAfterBackup.Contains(o.EnvelopeId)));
        }

        // Started again, the node sends the ten again; Customs answers them as duplicates and applies nothing twice.
        await federation.StartNodeAsync(Aqsiq);
        await WaitUntilAsync(async () => await DeliveredAsync(aqsiq, pendingAtBackup) == 10, "the ten sent again and acknowledged");
        Assert.Equal(15, await AppliedAsync(federation[Customs], correlation));

        // New work goes on from the restored state, and the message log is intact.
        var sentAfterRestore = await PublishAsync(client, correlation, 15, 3);
        await WaitUntilAsync(async () => await DeliveredAsync(aqsiq, sentAfterRestore) == 3, "the three after the restore");
        Assert.Equal(18, await AppliedAsync(federation[Customs], correlation));
        var verify = await TestCli.RunAsync("log", "verify", "--db", aqsiq.ConnectionString);
        Assert.True(verify.Exit == 0, verify.Output);
        Assert.Contains("Intact: ", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restore_refuses_a_file_that_is_not_a_backup_of_the_same_kind_and_leaves_the_target_unchanged()
    {
        var folder = Directory.CreateTempSubdirectory("gq-restore-").FullName;
        var target = await TestDatabases.CreateAsync(Provider, Path.Combine(folder, "target.db"));
        var before = await TableCounts.ReadAsync(Provider, target);

        var notABackup = Path.Combine(folder, "notes.txt");
        await File.WriteAllTextAsync(notABackup, "not a database");
        var refused = await TestCli.RunAsync("restore", "--from", notABackup, "--db", target, "--force");
        Assert.Equal(2, refused.Exit);
        Assert.Contains($"--from: {notABackup} is neither a SQLite database nor a pg_dump archive made by gq backup.", refused.Output, StringComparison.Ordinal);

        var otherKind = Provider == DatabaseProvider.Postgres ? UpgradeFixtures.Sqlite(folder) : UpgradeFixtures.PostgresDump;
        var wrongKind = await TestCli.RunAsync("restore", "--from", otherKind, "--db", target, "--force");
        Assert.Equal(2, wrongKind.Exit);
        Assert.Contains($"is a {(Provider == DatabaseProvider.Postgres ? "SQLite" : "PostgreSQL")} backup, but the target database (--db) is {Kind}", wrongKind.Output, StringComparison.Ordinal);

        // A file that starts like a backup of this engine but is cut short: the refusal names --from, the file.
        var truncated = Path.Combine(folder, "truncated.bak");
        await File.WriteAllBytesAsync(truncated, [.. (Provider == DatabaseProvider.Postgres ? "PGDMP"u8 : "SQLite format 3\0"u8), .. new byte[200]]);
        var broken = await TestCli.RunAsync("restore", "--from", truncated, "--db", target, "--force");
        Assert.Equal(2, broken.Exit);
        Assert.StartsWith("--from: ", broken.Output, StringComparison.Ordinal);

        var missing = await TestCli.RunAsync("restore", "--from", Path.Combine(folder, "none.db"), "--db", target);
        Assert.Equal(2, missing.Exit);
        Assert.Contains($"--from: there is no file {Path.Combine(folder, "none.db")}.", missing.Output, StringComparison.Ordinal);

        Assert.Equal(before, await TableCounts.ReadAsync(Provider, target));
    }

    private static GqDbContext Context(string connectionString)
    {
        var options = new DbContextOptionsBuilder<GqDbContext>();
        GoldenQuality.Persistence.Database.Configure(options, connectionString);
        return new GqDbContext(options.Options);
    }

    private static async Task<List<Guid>> PublishAsync(HttpClient client, Guid correlation, int from, int count)
    {
        var sent = new List<Guid>();
        for (var i = from; i < from + count; i++)
        {
            var response = await client.PostAsJsonAsync("/api/exchange/messages", new { type = "test.event", payload = new { n = i }, correlationId = correlation });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            sent.AddRange((await response.Content.ReadFromJsonAsync<PublishResponse>(Envelopes.Json))!.Envelopes);
        }

        return sent;
    }

    private static async Task<int> DeliveredAsync(TestNode sender, List<Guid> envelopes)
    {
        var (scope, db) = sender.Database();
        await using (scope)
        {
            return await db.Set<OutboxMessage>().AsNoTracking().CountAsync(o => envelopes.Contains(o.EnvelopeId) && o.Status == OutboxStatus.Delivered);
        }
    }

    private static async Task<int> AppliedAsync(TestNode receiver, Guid correlation)
    {
        var (scope, db) = receiver.Database();
        await using (scope)
        {
            return await db.Set<InboxMessage>().AsNoTracking().CountAsync(m => m.CorrelationId == correlation);
        }
    }
}

[Collection("sqlite")]
public sealed class BackupOnSqlite : BackupTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

[Collection("postgres")]
public sealed class BackupOnPostgres : BackupTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
