using System.Net;
using System.Net.Http.Json;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using Microsoft.Extensions.DependencyInjection;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Exchange;

/// <summary>
/// The exchange's read contract (<see cref="IExchangeRecords"/>), which other modules and the demo use instead of the
/// inbox and outbox tables: received messages by type, office and envelope, oldest or newest first and paged; and
/// where sent envelopes stand.
/// </summary>
public abstract class ExchangeRecordsTests
{
    protected abstract DatabaseProvider Provider { get; }

    private static async Task<Guid> SendLocalAsync(HttpClient client, string note)
    {
        var response = await client.PostAsJsonAsync("/api/exchange/messages", new { type = "test.local", payload = new { note }, recipients = new[] { Aqsiq + "/CIQ-NB" }, senderOffice = "CIQ-ZJ" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single((await response.Content.ReadFromJsonAsync<PublishResponse>(Envelopes.Json))!.Envelopes);
    }

    private static async Task<T> ReadAsync<T>(TestNode node, Func<IExchangeRecords, Task<T>> read)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<IExchangeRecords>());
    }

    [Fact]
    public async Task Received_messages_are_read_by_type_office_and_envelope_in_order_and_sent_envelopes_by_their_state()
    {
        await using var federation = await StartAsync(Provider);
        var node = federation[Aqsiq];
        using var aqsiq = node.Client();
        var first = await SendLocalAsync(aqsiq, "first");
        await WaitUntilAsync(async () => (await ReadAsync(node, r => r.SentAsync([first], default))).All(s => s.Delivered), "the first delivered");
        var second = await SendLocalAsync(aqsiq, "second");
        await WaitUntilAsync(async () => (await ReadAsync(node, r => r.SentAsync([second], default))).All(s => s.Delivered), "the second delivered");

        var sent = await ReadAsync(node, r => r.SentAsync([first, second, Guid.NewGuid()], default));
        Assert.Equal([first, second], sent.Select(s => s.EnvelopeId).ToArray());
        Assert.All(sent, s => Assert.Equal((Aqsiq, "Delivered", true), (s.RecipientNode, s.State, s.Delivered)));

        var oldestFirst = await ReadAsync(node, r => r.ReceivedAsync(new ReceivedQuery(Type: "test.local", Office: "CIQ-NB"), 1, 10, default));
        Assert.Equal(2, oldestFirst.Total);
        Assert.Equal([first, second], oldestFirst.Items.Select(m => m.EnvelopeId).ToArray());
        var message = oldestFirst.Items[0];
        Assert.Equal(("test.local", Aqsiq + "/CIQ-ZJ"), (message.Type, message.Sender));
        Assert.Contains(Aqsiq + "/CIQ-NB", message.Recipients, StringComparison.Ordinal);
        Assert.Contains("first", message.Payload, StringComparison.Ordinal);
        Assert.NotEmpty(message.AgreementId);
        Assert.NotEmpty(message.Receipt);

        var newestFirst = await ReadAsync(node, r => r.ReceivedAsync(new ReceivedQuery(Type: "test.local", NewestFirst: true), 1, 1, default));
        Assert.Equal((2, second), (newestFirst.Total, Assert.Single(newestFirst.Items).EnvelopeId));

        var byEnvelope = await ReadAsync(node, r => r.ReceivedAsync(new ReceivedQuery(Envelopes: [second]), 1, 10, default));
        Assert.Equal(second, Assert.Single(byEnvelope.Items).EnvelopeId);

        var otherOffice = await ReadAsync(node, r => r.ReceivedAsync(new ReceivedQuery(Type: "test.local", Office: "CIQ-SH"), 1, 10, default));
        var otherType = await ReadAsync(node, r => r.ReceivedAsync(new ReceivedQuery(Type: "test.other"), 1, 10, default));
        Assert.Equal((0, 0), (otherOffice.Total, otherType.Total));
        Assert.Empty(otherOffice.Items);
    }
}

[Collection("sqlite")]
public sealed class ExchangeRecordsOnSqlite : ExchangeRecordsTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

[Collection("postgres")]
public sealed class ExchangeRecordsOnPostgres : ExchangeRecordsTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
