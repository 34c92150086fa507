using System.Collections.Concurrent;
using System.Text.Json;
using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Hosting;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Exchange;

/// <summary>Two instances of one node on one PostgreSQL database share the outbox, and no envelope is sent twice.</summary>
[Collection("postgres")]
public sealed class ScaleOutOnPostgres
{
    /// <summary>
    /// Counts, per envelope id, the answers of the peer that say it took the envelope: "accepted", or "duplicate"
    /// (it had taken it before). An envelope the peer answered "failed" (a transient error on its side, e.g. under
    /// load) is due again and legitimately sent again; one sent twice by the two instances shows as accepted once
    /// and duplicate once. <c>Statuses</c> keeps every answer for the failure message.
    /// </summary>
    private sealed class CountSends(ConcurrentDictionary<Guid, int> sends, ConcurrentQueue<string> statuses) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode && request.RequestUri!.AbsolutePath == "/api/exchange/inbox")
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                var answer = JsonSerializer.Deserialize<InboxResponse>(await response.Content.ReadAsStringAsync(cancellationToken), Envelopes.Json)!;
                foreach (var result in answer.Results.Where(r => r.EnvelopeId is not null))
                {
                    statuses.Enqueue($"{result.EnvelopeId}: {result.Status} {result.Reason} {result.Detail}");
                    if (result.Status is "accepted" or "duplicate")
                    {
                        sends.AddOrUpdate(result.EnvelopeId!.Value, 1, (_, n) => n + 1);
                    }
                }
            }

            return response;
        }
    }

    [Fact]
    public async Task Two_instances_of_one_node_share_the_outbox_and_send_each_envelope_once()
    {
        var sends = new ConcurrentDictionary<Guid, int>();
        var statuses = new ConcurrentQueue<string>();
        void Count(string id, IServiceCollection services)
        {
            if (id == Aqsiq)
            {
                services.AddHttpClient(DeliveryWorker.HttpClientName).AddHttpMessageHandler(() => new CountSends(sends, statuses));
            }
        }

        // A lease long enough that a slow machine never sees one expire mid-delivery: an expired lease is taken again
        // and sent again, which is right (at least once) but is not what this test is about (two instances, one taker).
        var small = new Dictionary<string, string?> { ["Exchange:BatchSize"] = "20", ["Exchange:LeaseSeconds"] = "300" };
        await using var federation = await StartAsync(DatabaseProvider.Postgres, Count, small);
        await federation.StopNodeAsync(Customs);

        // The second instance: same node id, key and database, another port.
        var second = GqHost.Build(new HostSettings
        {
            Urls = $"http://127.0.0.1:{GoldenQuality.Hosting.GqHost.FreeLoopbackPort()}",
            JsonLogs = false,
            // Its own mutual-TLS peer listener: the first instance holds the port the directory lists.
            Settings = federation.Settings(Aqsiq, new(small) { ["Exchange:PeerUrl"] = $"https://127.0.0.1:{GoldenQuality.Hosting.GqHost.FreeLoopbackPort()}" }),
            ConfigureServices = services => Count(Aqsiq, services),
        });
        await GqHost.PrepareAsync(second, CancellationToken.None);
        await second.StartAsync();
        try
        {
            // A backlog of 400 envelopes while the peer is down; then both instances race to deliver it.
            var (scope, db) = federation[Aqsiq].Database();
            await using (scope)
            {
                var sender = scope.ServiceProvider.GetRequiredService<ExchangeSender>();
                for (var i = 0; i < 400; i++)
                {
                    sender.Publish(db, "test.event", new { n = i }, correlationId: Guid.CreateVersion7());
                }

                await db.SaveChangesAsync();
            }

            await federation.StartNodeAsync(Customs);
            await WaitUntilAsync(async () =>
            {
                var (s, d) = federation[Customs].Database();
                await using (s)
                {
                    return await d.Set<InboxMessage>().CountAsync(m => m.Type == "test.event") == 400;
                }
            }, "400 envelopes at the peer", 120);

            var (checkScope, checkDb) = federation[Aqsiq].Database();
            await using (checkScope)
            {
                await WaitUntilAsync(async () => await checkDb.Set<OutboxMessage>().CountAsync(o => o.Status == OutboxStatus.Delivered) == 400, "400 receipts", 60);
            }

            Assert.Equal(400, sends.Count);
            var twice = sends.Where(s => s.Value != 1).Select(s => s.Key.ToString()).ToHashSet(StringComparer.Ordinal);
            Assert.True(twice.Count == 0, "taken more than once: " + string.Join("; ", statuses.Where(s => twice.Contains(s[..36]))));
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }
}
