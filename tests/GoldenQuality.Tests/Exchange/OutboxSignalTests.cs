using System.Net;
using System.Net.Http.Json;
using GoldenQuality.Exchange;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Exchange;

/// <summary>
/// A save that queues envelopes wakes the delivery worker by itself (the message log raises the outbox signal):
/// with the worker's poll set to ten minutes, an enterprise record created, changed and published over the API
/// still reaches Customs at once, though no endpoint nudges the worker.
/// </summary>
public abstract class OutboxSignalTests
{
    protected abstract DatabaseProvider Provider { get; }

    private static readonly Dictionary<string, string?> SlowPoll = new() { ["Exchange:PollMilliseconds"] = "600000" };

    private static async Task<int> CopiesAsync(TestNode node, string uscc, string nameZh)
    {
        var (scope, db) = node.Database();
        await using (scope)
        {
            return await db.Set<GoldenQuality.Registry.Enterprise>().AsNoTracking().CountAsync(e => e.Uscc == uscc && e.NameZh == nameZh);
        }
    }

    private static async Task<int> DeliveredAsync(TestNode node, string uscc)
    {
        var (scope, db) = node.Database();
        await using (scope)
        {
            return await db.Set<OutboxMessage>().AsNoTracking().CountAsync(o => o.Status == OutboxStatus.Delivered && o.Payload.Contains(uscc));
        }
    }

    [Fact]
    public async Task An_enterprise_created_changed_and_published_is_delivered_without_waiting_for_the_poll()
    {
        await using var federation = await StartAsync(Provider, settings: SlowPoll);
        using var aqsiq = federation[Aqsiq].Client();
        var uscc = TestData.NewUscc();
        var created = await TestData.CreateEnterpriseAsync(aqsiq, uscc, "信号测试一有限公司");
        await WaitUntilAsync(async () => await CopiesAsync(federation[Customs], uscc, "信号测试一有限公司") == 1, "the created record at Customs", 30);

        var body = TestData.Enterprise(uscc, "信号测试二有限公司", changes: b => b["version"] = created.GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await aqsiq.PutAsJsonAsync($"/api/registry/enterprises/{uscc}", body)).StatusCode);
        await WaitUntilAsync(async () => await CopiesAsync(federation[Customs], uscc, "信号测试二有限公司") == 1, "the changed record at Customs", 30);

        Assert.Equal(HttpStatusCode.OK, (await aqsiq.PostAsync($"/api/registry/enterprises/{uscc}/publish", null)).StatusCode);
        await WaitUntilAsync(async () => await DeliveredAsync(federation[Aqsiq], uscc) == 3, "the three envelopes delivered", 30);
    }
}

[Collection("sqlite")]
public sealed class OutboxSignalOnSqlite : OutboxSignalTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

[Collection("postgres")]
public sealed class OutboxSignalOnPostgres : OutboxSignalTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
