using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Exchange;

public abstract class ExchangeTests
{
    protected abstract DatabaseProvider Provider { get; }

    private static async Task<PublishResponse> PublishAsync(HttpClient client, string type, object payload, Guid? correlationId = null, string[]? recipients = null, string? senderOffice = null)
    {
        var response = await client.PostAsJsonAsync("/api/exchange/messages", new { type, payload, correlationId, recipients, senderOffice });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PublishResponse>(Envelopes.Json))!;
    }

    private static async Task<int> CountAsync<T>(TestNode node, Func<IQueryable<T>, IQueryable<T>>? filter = null)
        where T : class
    {
        var (scope, db) = node.Database();
        await using (scope)
        {
            IQueryable<T> query = db.Set<T>().AsNoTracking();
            return await (filter?.Invoke(query) ?? query).CountAsync();
        }
    }

    private static Task<int> DeliveredAsync(TestNode sender, IEnumerable<Guid> envelopes)
    {
        var ids = envelopes.ToList();
        return CountAsync<OutboxMessage>(sender, q => q.Where(o => ids.Contains(o.EnvelopeId) && o.Status == OutboxStatus.Delivered));
    }

    [Fact]
    public async Task A_published_event_reaches_the_consumer_minimised_with_a_signed_receipt_and_is_applied_once()
    {
        await using var federation = await StartAsync(Provider);
        using var aqsiq = federation[Aqsiq].Client();
        var uscc = TestData.NewUscc();
        await TestData.CreateEnterpriseAsync(aqsiq, uscc);

        // Creating the record published it under T-2: Customs keeps its copy, with the allowed fields only.
        await WaitUntilAsync(async () => await CountAsync<GoldenQuality.Registry.Enterprise>(federation[Customs], q => q.Where(e => e.Uscc == uscc)) == 1, "the replicated record");
        var (scope, db) = federation[Customs].Database();
        await using (scope)
        {
            var copy = await db.Enterprises.AsNoTracking().SingleAsync(e => e.Uscc == uscc);
            Assert.Equal("", copy.Address); // not in T-2's fields
            Assert.StartsWith("测试企业", copy.NameZh, StringComparison.Ordinal);
            var inbox = await db.Set<InboxMessage>().AsNoTracking().SingleAsync(m => m.Type == "registry.enterprise.published" && m.Payload.Contains(uscc));
            Assert.Equal("T-2", inbox.AgreementId);
            Assert.DoesNotContain("address", inbox.Payload, StringComparison.Ordinal);
        }

        var (senderScope, senderDb) = federation[Aqsiq].Database();
        await using (senderScope)
        {
            await WaitUntilAsync(async () => await senderDb.Set<OutboxMessage>().AsNoTracking().AnyAsync(o => o.Status == OutboxStatus.Delivered && o.Payload.Contains(uscc)), "the receipt");
            var row = await senderDb.Set<OutboxMessage>().AsNoTracking().SingleAsync(o => o.Payload.Contains(uscc));
            using var customsKey = NodeKeys.LoadOrCreate(federation[Customs].KeyFile);
            var receipt = Envelopes.ReadReceipt(row.Receipt, customsKey);
            Assert.NotNull(receipt);
            Assert.Equal(row.EnvelopeId, receipt.EnvelopeId);
            Assert.Equal(row.Digest, receipt.PayloadDigest);
            Assert.Equal(Customs, receipt.Receiver);
        }
    }

    [Fact]
    public async Task A_peer_back_from_an_outage_gets_its_backlog_at_once_not_at_the_end_of_the_back_off()
    {
        // A back-off of 30 to 90 s after the first failed attempt: without the wake-up the backlog would wait for it.
        await using var federation = await StartAsync(Provider, settings: new() { ["Exchange:RetryBaseSeconds"] = "60", ["Exchange:MaxRetryDelaySeconds"] = "600" });
        await federation.StopNodeAsync(Customs);
        using var aqsiq = federation[Aqsiq].Client();
        var waiting = (await PublishAsync(aqsiq, "test.event", new { n = 1 })).Envelopes;
        await WaitUntilAsync(async () => await CountAsync<OutboxMessage>(federation[Aqsiq], q => q.Where(o => waiting.Contains(o.EnvelopeId) && o.Attempts >= 1)) == 1, "a failed attempt");
        DateTimeOffset scheduled;
        var (scope, db) = federation[Aqsiq].Database();
        await using (scope)
        {
            var row = await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(o => o.EnvelopeId == waiting[0]);
            Assert.StartsWith("unreachable: ", row.LastError, StringComparison.Ordinal);
            scheduled = row.NextAttemptAt;
        }

        // Customs is back; the next envelope to it is its first attempt, goes at once, and wakes the backlog, which is
        // delivered before the attempt its back-off had scheduled.
        await federation.StartNodeAsync(Customs);
        var fresh = (await PublishAsync(aqsiq, "test.event", new { n = 2 })).Envelopes;
        await WaitUntilAsync(async () => await DeliveredAsync(federation[Aqsiq], [.. waiting, .. fresh]) == 2, "both delivered", 120);
        (scope, db) = federation[Aqsiq].Database();
        await using (scope)
        {
            var delivered = (await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(o => o.EnvelopeId == waiting[0])).DeliveredAt!.Value;
            Assert.True(delivered < scheduled, $"delivered at {delivered:O}, not before the back-off's next attempt at {scheduled:O}");
        }
    }

    [Fact]
    public async Task A_peer_too_busy_to_answer_a_whole_backlog_in_time_gets_it_in_smaller_batches_and_keeps_what_it_applied()
    {
        // Customs applies each test event in 100 ms, so a backlog of 30 takes 3 s, and AQSIQ waits 1 s for an answer. The
        // lease (120 s) is far longer than the test may take: rows are sent again only because the worker gives them back.
        var sizes = new System.Collections.Concurrent.ConcurrentQueue<int>();
        void Configure(string id, IServiceCollection services)
        {
            if (id == Customs)
            {
                services.AddScoped<IEnvelopeHandler, SlowTestEvents>();
            }
            else
            {
                services.AddHttpClient(DeliveryWorker.HttpClientName).AddHttpMessageHandler(() => new CountEnvelopes(sizes));
            }
        }

        await using var federation = await StartAsync(Provider, Configure, settings: new()
        {
            ["Exchange:SendTimeoutSeconds"] = "1", ["Exchange:LeaseSeconds"] = "120",
            ["Exchange:RetryBaseSeconds"] = "60", ["Exchange:MaxRetryDelaySeconds"] = "600", // the backlog moves only when Customs answers again
        });
        await federation.StopNodeAsync(Customs);
        using var aqsiq = federation[Aqsiq].Client();
        var backlog = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            backlog.AddRange((await PublishAsync(aqsiq, "test.event", new { n = i })).Envelopes);
        }

        await WaitUntilAsync(async () => await CountAsync<OutboxMessage>(federation[Aqsiq], q => q.Where(o => backlog.Contains(o.EnvelopeId) && o.Attempts >= 1)) == 30, "a failed attempt of each");
        await federation.StartNodeAsync(Customs, Configure);
        var fresh = (await PublishAsync(aqsiq, "test.event", new { n = 30 })).Envelopes;
        await WaitUntilAsync(async () => await DeliveredAsync(federation[Aqsiq], [.. backlog, .. fresh]) == 31, "all 31 delivered, long before the lease would give a row back", 60);

        // The whole backlog went once, was not answered in time, and smaller batches followed.
        var sent = sizes.ToArray();
        var whole = Array.IndexOf(sent, 30);
        Assert.True(whole >= 0, $"batches sent: {string.Join(", ", sent)}");
        Assert.Contains(sent[(whole + 1)..], n => n <= 15);

        // Each event was applied once.
        var (scope, db) = federation[Customs].Database();
        await using (scope)
        {
            Assert.Equal(31, await db.Set<InboxMessage>().CountAsync(m => backlog.Contains(m.EnvelopeId) || fresh.Contains(m.EnvelopeId)));
        }
    }

    [Fact]
    public async Task A_batch_whose_sender_stopped_waiting_is_applied_and_its_next_attempt_is_answered_duplicate()
    {
        var applying = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var federation = await StartAsync(Provider, (id, services) =>
        {
            if (id == Customs)
            {
                services.AddScoped<IEnvelopeHandler>(_ => new SlowTestEvents(applying));
            }
        });
        using var aqsiqKey = NodeKeys.LoadOrCreate(federation[Aqsiq].KeyFile);
        var ids = Enumerable.Range(0, 10).Select(_ => Guid.CreateVersion7()).ToList();
        var batch = ids.Select((id, i) => Craft("test.event", $$"""{"n":{{i}}}""", Aqsiq, aqsiqKey, id)).ToArray();

        // Applying the batch takes a second; the sender gives up as soon as Customs has begun (not after a fixed time,
        // which on a busy machine may end before the TLS handshake does, and then nothing reaches Customs at all).
        using (var impatient = federation[Customs].PeerClient())
        using (var giveUp = new CancellationTokenSource())
        {
            var post = impatient.PostAsJsonAsync("/api/exchange/inbox", new InboxBatch(batch), Envelopes.Json, giveUp.Token);
            await applying.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await giveUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => post);
        }

        await WaitUntilAsync(async () => await CountAsync<InboxMessage>(federation[Customs], q => q.Where(m => ids.Contains(m.EnvelopeId))) == 10, "the ten envelopes applied");
        using var client = federation[Customs].PeerClient();
        var again = (await (await client.PostAsJsonAsync("/api/exchange/inbox", new InboxBatch(batch), Envelopes.Json)).Content.ReadFromJsonAsync<InboxResponse>(Envelopes.Json))!;
        Assert.All(again.Results, r => Assert.Equal("duplicate", r.Status));
        Assert.Single(again.Results.Select(r => r.Receipt!.Split(Envelopes.BatchProofSeparator)[0]).Distinct());
    }

    /// <summary>A receiver's handler that takes 100 ms per test event (and stops only when its node stops); it tells
    /// <paramref name="applying"/>, if given, when it begins.</summary>
    private sealed class SlowTestEvents(TaskCompletionSource? applying = null) : IEnvelopeHandler
    {
        public bool Handles(string type) => type == "test.event";

        public Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
        {
            applying?.TrySetResult();
            return Task.Delay(100, ct);
        }
    }

    /// <summary>Records how many envelopes each inbox request carries.</summary>
    private sealed class CountEnvelopes(System.Collections.Concurrent.ConcurrentQueue<int> sizes) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath == "/api/exchange/inbox" && request.Content is { } content)
            {
                using var body = JsonDocument.Parse(await content.ReadAsStringAsync(cancellationToken));
                sizes.Enqueue(body.RootElement.GetProperty("envelopes").GetArrayLength());
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task A_peer_that_goes_down_and_comes_back_gets_everything_in_order()
    {
        await using var federation = await StartAsync(Provider);
        await federation.StopNodeAsync(Customs);
        using var aqsiq = federation[Aqsiq].Client();
        var correlation = Guid.CreateVersion7();
        var sent = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            sent.AddRange((await PublishAsync(aqsiq, "test.event", new { n = i }, correlation)).Envelopes);
        }

        // While the peer is down, nothing is delivered and the sender keeps trying.
        await WaitUntilAsync(async () => await CountAsync<OutboxMessage>(federation[Aqsiq], q => q.Where(o => o.LastError != null)) > 0, "failed attempts");
        Assert.Equal(0, await DeliveredAsync(federation[Aqsiq], sent));

        await federation.StartNodeAsync(Customs);
        await WaitUntilAsync(async () => await DeliveredAsync(federation[Aqsiq], sent) == 30, "all 30 receipts");

        var (scope, db) = federation[Customs].Database();
        await using (scope)
        {
            var order = await db.Set<MessageLogEntry>().AsNoTracking().Where(e => e.Kind == "envelope-received").OrderBy(e => e.Sequence).Select(e => e.EnvelopeId).ToListAsync();
            Assert.Equal(sent, order.Where(sent.Contains).ToList());
            Assert.Equal(30, await db.Set<InboxMessage>().CountAsync(m => m.CorrelationId == correlation));
        }

        // The backlog went in batches: each batch's receipts share one signed Merkle root, and each verifies alone.
        var (senderScope, senderDb) = federation[Aqsiq].Database();
        await using (senderScope)
        {
            var rows = await senderDb.Set<OutboxMessage>().AsNoTracking().Where(o => sent.Contains(o.EnvelopeId)).ToListAsync();
            using var customsKey = NodeKeys.LoadOrCreate(federation[Customs].KeyFile);
            Assert.All(rows, row => Assert.Equal((row.EnvelopeId, row.Digest), Envelopes.ReadReceipt(row.Receipt, customsKey) is { } r ? (r.EnvelopeId, r.PayloadDigest) : default));
            Assert.True(rows.Select(r => r.Receipt!.Split(Envelopes.BatchProofSeparator)[0]).Distinct().Count() < 30, "at least two envelopes shared a signed root");
        }
    }

    [Fact]
    public async Task A_lost_receipt_is_retried_and_the_duplicate_is_dropped()
    {
        var dropped = 0;
        await using var federation = await StartAsync(Provider, (id, services) =>
        {
            if (id == Aqsiq)
            {
                // The inbox applies the batch, then the answer is lost on the way back, twice.
                services.AddHttpClient(DeliveryWorker.HttpClientName).AddHttpMessageHandler(() => new LoseResponses(() => Interlocked.Increment(ref dropped) <= 2));
            }
        });
        using var aqsiq = federation[Aqsiq].Client();
        var uscc = TestData.NewUscc();
        await TestData.CreateEnterpriseAsync(aqsiq, uscc);
        await WaitUntilAsync(async () => await CountAsync<OutboxMessage>(federation[Aqsiq], q => q.Where(o => o.Status == OutboxStatus.Delivered && o.Payload.Contains(uscc))) == 1, "the receipt after retries");

        Assert.True(dropped >= 3);
        var (scope, db) = federation[Customs].Database();
        await using (scope)
        {
            Assert.Equal(1, await db.Set<InboxMessage>().CountAsync(m => m.Payload.Contains(uscc)));
            var copy = await db.Enterprises.AsNoTracking().SingleAsync(e => e.Uscc == uscc);
            Assert.Equal(1, await db.EnterpriseChanges.CountAsync(c => c.EnterpriseId == copy.Id));
        }
    }

    private sealed class LoseResponses(Func<bool> lose) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri!.AbsolutePath == "/api/exchange/inbox" && lose())
            {
                response.Dispose();
                throw new HttpRequestException("test: the receipt was lost on the way back");
            }

            return response;
        }
    }

    private static WireEnvelope Craft(string type, string payload, string kid, ECDsa key, Guid? id = null, DateTimeOffset? createdAt = null, string? sender = null) =>
        Envelopes.Seal(Envelopes.Header(id ?? Guid.CreateVersion7(), type, sender ?? kid, [Customs], null, null, createdAt ?? DateTimeOffset.UtcNow, payload), payload, kid, key);

    private static async Task<InboxResult> PostAsync(TestNode node, WireEnvelope envelope)
    {
        using var client = node.PeerClient();
        var response = await client.PostAsJsonAsync("/api/exchange/inbox", new InboxBatch([envelope]), Envelopes.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<InboxResponse>(Envelopes.Json))!.Results.Single();
    }

    [Fact]
    public async Task Each_bad_envelope_is_rejected_with_its_typed_reason_nothing_is_applied_and_the_rejection_is_logged()
    {
        await using var federation = await StartAsync(Provider);
        var customs = federation[Customs];
        using var aqsiqKey = NodeKeys.LoadOrCreate(federation[Aqsiq].KeyFile);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var good = Craft("test.event", """{"n":1}""", Aqsiq, aqsiqKey);
        var cases = new List<(string Reason, WireEnvelope Envelope)>
        {
            (RejectionReasons.DigestMismatch, good with { Payload = """{"n":2}""" }),
            (RejectionReasons.BadSignature, Craft("test.event", """{"n":3}""", Aqsiq, otherKey)),
            (RejectionReasons.UnknownSender, Craft("test.event", """{"n":4}""", "GQ/GOV/ROGUE/node", otherKey)),
            (RejectionReasons.AgreementExpired, Craft("test.expired", """{"n":5}""", Aqsiq, aqsiqKey)),
            (RejectionReasons.NoAgreement, Craft("test.local", """{"n":6}""", Aqsiq, aqsiqKey)),
            (RejectionReasons.Replay, Craft("test.event", """{"n":7}""", Aqsiq, aqsiqKey, createdAt: DateTimeOffset.UtcNow.AddDays(-30))),
            (RejectionReasons.TooLarge, Craft("test.event", "{\"blob\":\"" + new string('x', 300 * 1024) + "\"}", Aqsiq, aqsiqKey)),
            (RejectionReasons.Malformed, new WireEnvelope("not-a-jws", "{}")),
            (RejectionReasons.Malformed, Craft("test.event", "{not json", Aqsiq, aqsiqKey)),
        };
        foreach (var (reason, envelope) in cases)
        {
            var result = await PostAsync(customs, envelope);
            Assert.Equal("rejected", result.Status);
            Assert.Equal(reason, result.Reason);
        }

        // A replay of an accepted envelope's id with another payload is refused too.
        var accepted = await PostAsync(customs, good);
        Assert.Equal("accepted", accepted.Status);
        var sameId = JsonSerializer.Deserialize<EnvelopeHeader>(Jws.FromBase64Url(good.Jws.Split('.')[1]), Envelopes.Json)!.Id;
        var replayed = await PostAsync(customs, Craft("test.event", """{"n":99}""", Aqsiq, aqsiqKey, id: sameId));
        Assert.Equal(RejectionReasons.Replay, replayed.Reason);
        Assert.Equal("duplicate", (await PostAsync(customs, good)).Status);

        // A body that is not JSON at all.
        using (var client = customs.PeerClient())
        {
            var malformed = await client.PostAsync("/api/exchange/inbox", new StringContent("{\"envelopes\": [", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            Assert.Equal(RejectionReasons.Malformed, (await malformed.Json()).GetProperty("reason").GetString());
        }

        var (scope, db) = customs.Database();
        await using (scope)
        {
            Assert.Equal(1, await db.Set<InboxMessage>().CountAsync());
            var rejections = await db.Set<ExchangeRejection>().AsNoTracking().Where(r => r.Direction == "in").Select(r => r.Reason).ToListAsync();
            Assert.Equal(cases.Count + 2, rejections.Count);
            Assert.Equal(cases.Count + 2, await db.Set<MessageLogEntry>().CountAsync(e => e.Kind == "rejection-sent"));
            Assert.Null(await MessageLog.VerifyAsync(db, customs.Services.GetRequiredService<ExchangeNode>(), CancellationToken.None));
        }
    }

    [Fact]
    public async Task Editing_one_log_row_breaks_verification_which_names_that_entry()
    {
        await using var federation = await StartAsync(Provider);
        using var aqsiq = federation[Aqsiq].Client();
        var sent = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            sent.AddRange((await PublishAsync(aqsiq, "test.event", new { n = i })).Envelopes);
        }

        await WaitUntilAsync(async () => await DeliveredAsync(federation[Aqsiq], sent) == 5, "deliveries");
        var verify = await (await aqsiq.GetAsync("/api/exchange/log/verify")).Json();
        Assert.True(verify.GetProperty("intact").GetBoolean());
        var connection = federation[Aqsiq].ConnectionString;
        await federation.StopNodeAsync(Aqsiq);

        var options = new DbContextOptionsBuilder<GqDbContext>();
        GoldenQuality.Persistence.Database.Configure(options, connection);
        await using (var db = new GqDbContext(options.Options))
        {
            await db.Database.ExecuteSqlRawAsync("""UPDATE exchange_message_log SET "Peer" = 'GQ/GOV/SOMEONE/else' WHERE "Sequence" = 4""");
        }

        using var output = new StringWriter();
        var exit = await GoldenQuality.Cli.GqCli.Build().Parse(["log", "verify", "--db", connection]).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output });
        Assert.Equal(1, exit);
        Assert.Contains("BROKEN at entry 4", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_delivery_goes_through_the_same_inbox_checks_and_log()
    {
        await using var federation = await StartAsync(Provider);
        using var aqsiq = federation[Aqsiq].Client();
        var published = await PublishAsync(aqsiq, "test.local", new { note = "to the port office" }, recipients: [Aqsiq + "/CIQ-NB"], senderOffice: "CIQ-ZJ");
        Assert.Single(published.Envelopes);
        await WaitUntilAsync(async () => await DeliveredAsync(federation[Aqsiq], published.Envelopes) == 1, "local delivery");
        var (scope, db) = federation[Aqsiq].Database();
        await using (scope)
        {
            var inbox = await db.Set<InboxMessage>().AsNoTracking().SingleAsync(m => m.EnvelopeId == published.Envelopes[0]);
            Assert.Equal(Aqsiq + "/CIQ-ZJ", inbox.Sender);
            var kinds = await db.Set<MessageLogEntry>().AsNoTracking().Where(e => e.EnvelopeId == published.Envelopes[0]).Select(e => e.Kind).ToListAsync();
            Assert.Equal(["envelope-received", "envelope-sent", "receipt-received", "receipt-sent"], kinds.Order(StringComparer.Ordinal).ToArray());
        }

        // No agreement covers sending test.local to Customs: the sender denies it and records the denial.
        var denied = await PublishAsync(aqsiq, "test.local", new { note = "x" }, recipients: [Customs]);
        Assert.Empty(denied.Envelopes);
        Assert.Equal(RejectionReasons.NoAgreement, Assert.Single(denied.Denied).Reason);
    }

    [Fact]
    public async Task A_query_gets_a_signed_minimised_answer_under_an_agreement_and_is_refused_without_one()
    {
        await using var federation = await StartAsync(Provider);
        var uscc = TestData.NewUscc();
        var (scope, _) = federation[Customs].Database();
        await using (scope)
        {
            var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".csv");
            await File.WriteAllTextAsync(file, $"uscc,credit_class,rated_on,note\n{uscc},B,2026-06-30,private note\n");
            await scope.ServiceProvider.GetRequiredService<GoldenQuality.Ministries.Contracts.ICreditRecords>().LoadAsync(file, CancellationToken.None);
            File.Delete(file);
        }

        using var aqsiq = federation[Aqsiq].Client();
        var outcome = await (await aqsiq.PostAsJsonAsync("/api/exchange/queries", new { provider = Customs, dataset = "credit-record", parameters = new { uscc } })).Json();
        Assert.True(outcome.GetProperty("answered").GetBoolean());
        Assert.Equal("B", outcome.GetProperty("answer").GetProperty("creditClass").GetString());
        Assert.False(outcome.GetProperty("answer").TryGetProperty("note", out _));

        // Customs has no agreement to query AQSIQ.
        using var customs = federation[Customs].Client();
        var refused = await (await customs.PostAsJsonAsync("/api/exchange/queries", new { provider = Aqsiq, dataset = "credit-record", parameters = new { uscc } })).Json();
        Assert.False(refused.GetProperty("answered").GetBoolean());
        Assert.Equal(RejectionReasons.NoAgreement, refused.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Dead_letters_are_listed_and_retried_by_the_operator()
    {
        await using var federation = await StartAsync(Provider, settings: new() { ["Exchange:MaxAttempts"] = "2" });
        await federation.StopNodeAsync(Customs);
        using var aqsiq = federation[Aqsiq].Client();
        var sent = (await PublishAsync(aqsiq, "test.event", new { n = 1 })).Envelopes;
        await WaitUntilAsync(async () => await CountAsync<OutboxMessage>(federation[Aqsiq], q => q.Where(o => o.Status == OutboxStatus.Dead)) == 1, "the dead letter");
        var dead = await (await aqsiq.GetAsync("/api/exchange/dead-letters")).Json();
        var id = dead.GetProperty("items")[0].GetProperty("id").GetGuid();

        await federation.StartNodeAsync(Customs);
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // the peer's circuit, opened by the failures, lets a trial call through again
        Assert.Equal(HttpStatusCode.NoContent, (await aqsiq.PostAsync($"/api/exchange/dead-letters/{id}/retry", null)).StatusCode);
        await WaitUntilAsync(async () => await DeliveredAsync(federation[Aqsiq], sent) == 1, "delivery after the retry");
        var status = await (await aqsiq.GetAsync("/api/exchange/status")).Json();
        Assert.Equal(0, status.GetProperty("deadLetters").GetInt32());
    }

    [Fact]
    public async Task The_operators_problems_read_in_the_callers_language_with_their_codes()
    {
        await using var federation = await StartAsync(Provider);
        using var aqsiq = federation[Aqsiq].Client();
        async Task<JsonElement> SendAsync(HttpMethod method, string url, object? body, string language, HttpStatusCode expected)
        {
            using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
            request.Headers.AcceptLanguage.ParseAdd(language);
            using var response = await aqsiq.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        // Field messages: an unknown type and a payload that is not an object, each with its code.
        var body = new { type = "nosuch.type", payload = 5 };
        var zh = await SendAsync(HttpMethod.Post, "/api/exchange/messages", body, "zh-CN", HttpStatusCode.BadRequest);
        Assert.Equal("“nosuch.type”不是联邦目录中的消息类型", zh.GetProperty("errors").GetProperty("type")[0].GetString());
        Assert.Equal("必须填写，且须为 JSON 对象", zh.GetProperty("errors").GetProperty("payload")[0].GetString());
        Assert.Equal("exchange.type-unknown", zh.GetProperty("messages").GetProperty("type")[0].GetProperty("code").GetString());
        var en = await SendAsync(HttpMethod.Post, "/api/exchange/messages", body, "en", HttpStatusCode.BadRequest);
        Assert.Equal("'nosuch.type' is not a message type of the federation directory", en.GetProperty("errors").GetProperty("type")[0].GetString());
        Assert.Equal("is required and must be a JSON object", en.GetProperty("errors").GetProperty("payload")[0].GetString());

        // A problem: no such dead letter.
        var id = Guid.NewGuid();
        var missing = await SendAsync(HttpMethod.Post, $"/api/exchange/dead-letters/{id}/retry", null, "zh-CN", HttpStatusCode.NotFound);
        Assert.Equal($"不存在死信“{id}”。", missing.GetProperty("detail").GetString());
        Assert.Equal("not-found", missing.GetProperty("message").GetProperty("code").GetString());
        missing = await SendAsync(HttpMethod.Post, $"/api/exchange/dead-letters/{id}/retry", null, "en", HttpStatusCode.NotFound);
        Assert.Equal($"No dead letter '{id}' exists.", missing.GetProperty("detail").GetString());
    }
}

[Collection("sqlite")]
public sealed class ExchangeOnSqlite : ExchangeTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

[Collection("postgres")]
public sealed class ExchangeOnPostgres : ExchangeTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
