using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Security;

/// <summary>
/// The anonymous exchange inbox bounds a request: a batch longer than Exchange:MaxInboxBatch is refused whole (413,
/// nothing stored), and a batch of bad envelopes is recorded as one rejection row and one log entry per reason.
/// </summary>
public abstract class LimitsExchangeTests
{
    protected abstract DatabaseProvider Provider { get; }

    private static async Task<(int Rejections, int Inbox, int Log)> CountsAsync(TestNode node)
    {
        var (scope, db) = node.Database();
        await using (scope)
        {
            return (await db.Set<ExchangeRejection>().CountAsync(), await db.Set<InboxMessage>().CountAsync(),
                await db.Set<MessageLogEntry>().CountAsync(e => e.Kind == "rejection-sent" || e.Kind == "envelope-received"));
        }
    }

    [Fact]
    public async Task A_batch_longer_than_the_limit_is_refused_whole_with_413_and_nothing_is_stored()
    {
        await using var federation = await StartAsync(Provider);
        var customs = federation[Customs];
        using var aqsiqKey = NodeKeys.LoadOrCreate(federation[Aqsiq].KeyFile);
        var before = await CountsAsync(customs);

        // 501 envelopes, the first of them good: the whole batch is refused, the good one included.
        var envelopes = Enumerable.Range(0, 501)
            .Select(i => i == 0
                ? Envelopes.Seal(Envelopes.Header(Guid.CreateVersion7(), "test.event", Aqsiq, [Customs], null, null, DateTimeOffset.UtcNow, """{"n":1}"""), """{"n":1}""", Aqsiq, aqsiqKey)
                : new WireEnvelope("x", "{}"))
            .ToArray();
        using var client = customs.PeerClient(); // the peer listener (mutual TLS), where peers post
        var response = await client.PostAsJsonAsync("/api/exchange/inbox", new InboxBatch(envelopes), Envelopes.Json);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Json();
        Assert.Equal("envelopes", problem.GetProperty("field").GetString());
        Assert.Equal(500, problem.GetProperty("limit").GetInt32());
        Assert.Equal("envelopes: the batch has 501 envelopes; at most 500 are accepted per request", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await CountsAsync(customs));
    }

    [Fact]
    public async Task A_batch_of_many_bad_envelopes_is_recorded_as_one_rejection_and_one_log_entry_per_reason()
    {
        await using var federation = await StartAsync(Provider);
        var customs = federation[Customs];
        using var rogueKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var before = await CountsAsync(customs);

        // 250 malformed envelopes and 250 from unknown senders, each sender different and with a 10,000-character type.
        var longType = "test." + new string('t', 10_000);
        var envelopes = Enumerable.Range(0, 250).Select(_ => new WireEnvelope("not-a-jws", "{}"))
            .Concat(Enumerable.Range(0, 250).Select(i =>
            {
                var kid = $"GQ/GOV/ROGUE{(char)('A' + (i / 26))}{(char)('A' + (i % 26))}/node";
                return Envelopes.Seal(Envelopes.Header(Guid.CreateVersion7(), longType, kid, [Customs], null, null, DateTimeOffset.UtcNow, "{}"), "{}", kid, rogueKey);
            }))
            .ToArray();
        using var client = customs.PeerClient(); // the peer listener (mutual TLS), where peers post
        var response = await client.PostAsJsonAsync("/api/exchange/inbox", new InboxBatch(envelopes), Envelopes.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<InboxResponse>(Envelopes.Json))!.Results;
        Assert.Equal(500, results.Length);
        Assert.All(results, r => Assert.Equal("rejected", r.Status));
        Assert.Equal(250, results.Count(r => r.Reason == RejectionReasons.Malformed));
        Assert.Equal(250, results.Count(r => r.Reason == RejectionReasons.UnknownSender));

        // Bounded: two rows (one per reason) with the count, not 500; two log entries.
        var after = await CountsAsync(customs);
        Assert.Equal(before.Rejections + 2, after.Rejections);
        Assert.Equal(before.Inbox, after.Inbox);
        var (scope, db) = customs.Database();
        await using (scope)
        {
            var rows = await db.Set<ExchangeRejection>().AsNoTracking().OrderBy(r => r.Reason).ToListAsync();
            var malformed = Assert.Single(rows, r => r.Reason == RejectionReasons.Malformed);
            Assert.StartsWith("250 envelopes of one request were rejected for malformed; the first: ", malformed.Detail, StringComparison.Ordinal);
            var unknown = Assert.Single(rows, r => r.Reason == RejectionReasons.UnknownSender);
            Assert.StartsWith("250 envelopes of one request were rejected for unknown-sender; the first: GQ/GOV/ROGUEAA/node", unknown.Detail, StringComparison.Ordinal);
            Assert.True(unknown.Type!.Length <= 128, "the sender-chosen type is cut to the column's length");
            Assert.Equal(before.Log + 2, await db.Set<MessageLogEntry>().CountAsync(e => e.Kind == "rejection-sent"));
            Assert.Null(await MessageLog.VerifyAsync(db, null, CancellationToken.None));
        }
    }
}

[Collection("sqlite")]
public sealed class LimitsExchangeOnSqlite : LimitsExchangeTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

[Collection("postgres")]
public sealed class LimitsExchangeOnPostgres : LimitsExchangeTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
