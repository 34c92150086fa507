using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Persistence;

namespace GoldenQuality.Exchange.Contracts;

/// <summary>A dataset this node answers queries about, e.g. <c>credit-record</c> on the central bank's node.</summary>
public interface IDatasetProvider
{
    string Dataset { get; }

    Task<object?> QueryAsync(GqDbContext db, JsonElement parameters, CancellationToken ct);

    /// <summary>
    /// Answers a query knowing who asks (<paramref name="asker"/>: the request's verified sender, a node or one of its
    /// offices), e.g. to record the node as holding a copy; the answer is saved with the request. By default the
    /// asker is not used.
    /// </summary>
    Task<object?> QueryAsync(GqDbContext db, string? asker, JsonElement parameters, CancellationToken ct) => QueryAsync(db, parameters, ct);
}

public sealed record QueryRequest(WireEnvelope Request);

public sealed record QueryReply(WireEnvelope? Response, InboxResult? Rejection);

/// <summary>The outcome of a query: the provider's verified answer, or why there is none.</summary>
public sealed record QueryOutcome(bool Answered, JsonElement? Answer, string? Reason, string? Detail, Guid RequestId, Guid? ResponseId);

/// <summary>
/// Queries a dataset on another node: a signed request under an agreement, a signed response that must verify
/// with the provider's key and name the request as its cause. Both are kept (outbox row with the response as its
/// receipt), so both are in the message log.
/// </summary>
public sealed class ExchangeQueries(GqDbContext db, ExchangeNode node, PeerTransport transport, TimeProvider clock, IHttpClientFactory http)
{
    public async Task<QueryOutcome> QueryAsync(string providerNode, string dataset, object parameters, CancellationToken ct)
    {
        var directory = node.Directory.Required;
        var now = clock.GetUtcNow();
        var id = Ids.New(clock);
        var type = "dataset." + dataset;
        var (valid, expired) = directory.Find(providerNode, node.Id, dataset, dataset: true, now);
        var target = directory.Node(providerNode);
        var denial = target is null ? RejectionReasons.UnknownRecipient
            : valid is null ? (expired is null ? RejectionReasons.NoAgreement : RejectionReasons.AgreementExpired) : null;
        if (denial is not null)
        {
            db.Set<ExchangeRejection>().Add(ExchangeRejection.Create(Ids.New(clock), now, "out", id, type, providerNode, denial, $"{node.Id} may not query {dataset} on {providerNode}"));
            await db.SaveChangesAsync(ct);
            return new QueryOutcome(false, null, denial, $"no valid agreement lets {node.Id} query {dataset} on {providerNode}", id, null);
        }

        var text = JsonSerializer.Serialize(parameters, Envelopes.Json);
        var header = Envelopes.Header(id, type, node.Id, [providerNode], id, null, now, text);
        var request = Envelopes.Seal(header, text, node.Id, node.Key);
        var url = new Uri(new Uri(target!.Endpoint), "/api/exchange/query");
        if (transport.RefusePlain(url) is { } plain)
        {
            return await RefusedAsync("transport-refused", plain);
        }

        using var client = http.CreateClient(DeliveryWorker.HttpClientName);
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new QueryRequest(request), options: Envelopes.Json) };
        message.Options.Set(PeerTransport.TargetNode, providerNode);
        HttpResponseMessage reply;
        try
        {
            reply = await client.SendAsync(message, ct);
        }
        catch (HttpRequestException) when (message.Options.TryGetValue(PeerTransport.Refusal, out var refusal))
        {
            return await RefusedAsync("transport-refused", refusal);
        }

        using var _ = reply;
        var body = await reply.Content.ReadFromJsonAsync<QueryReply>(Envelopes.Json, ct);
        if (body?.Response is not { } response)
        {
            var reason = body?.Rejection?.Reason ?? $"http-{(int)reply.StatusCode}";
            return await RefusedAsync(reason, body?.Rejection?.Detail);
        }

        async Task<QueryOutcome> RefusedAsync(string reason, string? detail)
        {
            db.Set<ExchangeRejection>().Add(ExchangeRejection.Create(Ids.New(clock), clock.GetUtcNow(), "out", id, type, providerNode, reason, detail ?? ""));
            await db.SaveChangesAsync(ct);
            return new QueryOutcome(false, null, reason, detail, id, null);
        }

        if (!Jws.TryRead(response.Jws, out var kid, out var headerBytes) || kid != providerNode || !directory.Verifies(providerNode, response.Jws, clock.GetUtcNow()) ||
            JsonSerializer.Deserialize<EnvelopeHeader>(headerBytes, Envelopes.Json) is not { } responseHeader ||
            responseHeader.CausationId != id || Jws.Digest(Encoding.UTF8.GetBytes(response.Payload)) != responseHeader.PayloadDigest)
        {
            db.Set<ExchangeRejection>().Add(ExchangeRejection.Create(Ids.New(clock), clock.GetUtcNow(), "out", id, type, providerNode, RejectionReasons.BadSignature, "the response does not verify or does not answer this request"));
            await db.SaveChangesAsync(ct);
            return new QueryOutcome(false, null, RejectionReasons.BadSignature, "the response does not verify or does not answer this request", id, null);
        }

        var row = OutboxMessage.Create(Ids.New(clock), header, providerNode, id.ToString(), 0, request.Jws, request.Payload, now);
        row.Delivered(response.Jws, clock.GetUtcNow());
        db.Set<OutboxMessage>().Add(row);
        await db.SaveChangesAsync(ct);
        return new QueryOutcome(true, JsonDocument.Parse(response.Payload).RootElement.Clone(), null, null, id, responseHeader.Id);
    }
}
