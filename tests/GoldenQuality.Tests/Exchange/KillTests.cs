using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Hosting;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Exchange;

/// <summary>
/// The sending node runs as a real <c>gq serve</c> process, is killed in the middle of delivering a backlog, and
/// is started again: nothing is lost and nothing is applied twice.
/// </summary>
public abstract class KillTests
{
    private const int Count = 600;

    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task The_sender_killed_mid_batch_and_restarted_loses_nothing_and_applies_nothing_twice()
    {
        await using var federation = await StartAsync(Provider);
        await federation.StopNodeAsync(Aqsiq);
        var settings = federation.Settings(Aqsiq, new() { ["Exchange:BatchSize"] = "5", ["Exchange:PollMilliseconds"] = "10" });

        // The backlog, queued through the node's own sender.
        await using (var offline = GqHost.Build(new HostSettings { JsonLogs = false, Settings = settings }))
        {
            await GqHost.PrepareAsync(offline, CancellationToken.None);
            await using var scope = offline.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
            var sender = scope.ServiceProvider.GetRequiredService<ExchangeSender>();
            for (var i = 0; i < Count; i++)
            {
                sender.Publish(db, "test.event", new { n = i }, correlationId: Guid.CreateVersion7());
            }

            await db.SaveChangesAsync();
        }

        async Task<int> ReceivedAsync()
        {
            var (scope, db) = federation[Customs].Database();
            await using (scope)
            {
                return await db.Set<InboxMessage>().CountAsync(m => m.Type == "test.event");
            }
        }

        await using var node = new ChildNode(settings, federation[Aqsiq].Url.ToString());
        node.Start();
        await WaitUntilAsync(async () => await ReceivedAsync() >= 20, "the first deliveries", 60);
        await node.KillAsync();
        var atKill = await ReceivedAsync();
        Assert.True(atKill < Count, $"the kill came after all {Count} were delivered; nothing was interrupted");

        node.Start();
        await WaitUntilAsync(async () => await ReceivedAsync() == Count, $"all {Count} envelopes after the restart", 120);
        var options = new DbContextOptionsBuilder<GqDbContext>();
        GoldenQuality.Persistence.Database.Configure(options, settings["Node:Database"]!);
        await using (var senderDb = new GqDbContext(options.Options))
        {
            await WaitUntilAsync(async () => await senderDb.Set<OutboxMessage>().CountAsync(o => o.Status == OutboxStatus.Delivered) == Count, "every receipt stored", 60);
        }

        await node.KillAsync();

        // Exactly once: one inbox row per envelope, and the receiver's log holds one reception each.
        var (checkScope, checkDb) = federation[Customs].Database();
        await using (checkScope)
        {
            Assert.Equal(Count, await checkDb.Set<InboxMessage>().Select(m => m.EnvelopeId).Distinct().CountAsync());
            Assert.Equal(Count, await checkDb.Set<MessageLogEntry>().CountAsync(e => e.Kind == "envelope-received"));
            Assert.Null(await MessageLog.VerifyAsync(checkDb, null, CancellationToken.None));
        }
    }
}

[Collection("sqlite")]
public sealed class KillOnSqlite : KillTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

[Collection("postgres")]
public sealed class KillOnPostgres : KillTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
