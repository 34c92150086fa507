using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoldenQuality.Exchange.Contracts;

/// <summary>
/// Receives a batch of signed envelopes from a peer and answers each with a signed receipt or a typed rejection.
/// There is no <see cref="Actor"/>: a peer proves who it is by the signature of every envelope (keys from the signed
/// directory) and reaches the inbox only over the mutual-TLS peer listener. A body that is not a batch is refused
/// (400) and recorded as a rejection; a batch larger than the limit is refused whole (413). Each envelope is stored
/// in its own transaction by the receiver.
/// </summary>
public sealed class ReceiveEnvelopes
{
    private readonly GqDbContext db;
    private readonly ExchangeNode node;
    private readonly ExchangeReceiver receiver;
    private readonly TimeProvider clock;

    internal ReceiveEnvelopes(GqDbContext db, ExchangeNode node, ExchangeReceiver receiver, TimeProvider clock) =>
        (this.db, this.node, this.receiver, this.clock) = (db, node, receiver, clock);

    /// <summary>Reads the batch from <paramref name="body"/>; <paramref name="remoteAddress"/> is recorded with a malformed batch.</summary>
    public async Task<HandlerResult<InboxResponse>> HandleAsync(Stream body, string? remoteAddress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!node.Enabled || node.Directory.Current is null)
        {
            return ExchangeProblems.NotConfigured();
        }

        var (batch, error) = await ReadAsync(body, ct);
        if (batch?.Envelopes is null)
        {
            db.Set<ExchangeRejection>().Add(ExchangeRejection.Create(Ids.New(clock), clock.GetUtcNow(), "in", null, null, remoteAddress,
                RejectionReasons.Malformed, error ?? "the body is not an inbox batch"));
            await db.SaveChangesAsync(ct);
            return TypedResults.Problem(detail: $"malformed: {error ?? "the body must be {\"envelopes\": [...]}"}", statusCode: StatusCodes.Status400BadRequest,
                title: "Malformed batch", extensions: new Dictionary<string, object?> { ["reason"] = RejectionReasons.Malformed });
        }

        if (receiver.RefuseBatch(batch.Envelopes.Length) is { } tooLarge)
        {
            return tooLarge;
        }

        // Once read, the batch is applied even if the sender stops waiting (its timeout while this node is busy): the
        // work is bounded by the batch limit, and the sender's next attempt is then answered "duplicate" with these
        // receipts at once, so a busy node still gets through its backlog instead of starting it again.
        return await receiver.ReceiveAsync(batch.Envelopes, CancellationToken.None);
    }

    private static async Task<(InboxBatch? Batch, string? Error)> ReadAsync(Stream body, CancellationToken ct)
    {
        try
        {
            return (await JsonSerializer.DeserializeAsync<InboxBatch>(body, Envelopes.Json, ct), null);
        }
        catch (JsonException e)
        {
            return (null, e.Message);
        }
    }
}

/// <summary>
/// Sends an operator message type (notices, tests): never a domain type (<see cref="MessageOwnership"/>), only as
/// the actor's own office (or an office under it in the chain of command), with a bounded payload; to the named
/// recipients, or to every party an agreement covers. Access (<c>Policies.ExchangeOperator</c>) is checked by the caller.
/// </summary>
public sealed class PublishMessage(GqDbContext db, ExchangeNode node, ExchangeSender sender, IOfficeHierarchy offices)
{
    /// <summary>Limits of an operator message's payload (domain types are never sent here).</summary>
    public const int MaxPayloadBytes = 16 * 1024;

    public const int MaxPayloadDepth = 4;

    public const int MaxPayloadFields = 32;

    public async Task<HandlerResult<PublishResponse>> HandleAsync(Actor actor, PublishRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var v = new Validation();
        var type = v.Required("type", request.Type, 128);
        if (type.Length > 0 && MessageOwnership.OwnerOf(type) is { } owner)
        {
            v.Add("type", new Message("exchange.type-owned", type, owner));
            return v.Result();
        }

        if (!node.Enabled || node.Directory.Current is null)
        {
            return ExchangeProblems.NotConfigured();
        }

        if (type.Length > 0 && !node.Directory.Required.Document.MessageTypes.Any(m => m.Type == type))
        {
            v.Add("type", new Message("exchange.type-unknown", type));
        }

        if (request.Payload is not { ValueKind: JsonValueKind.Object } payload)
        {
            v.Add("payload", new Message("exchange.payload-object"));
            return v.Result();
        }

        CheckPayload(v, payload);
        await CheckSenderOfficeAsync(v, actor, request.SenderOffice, ct);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var result = request.Recipients is { Length: > 0 } recipients
            ? sender.Send(db, type, payload, recipients, request.SenderOffice, request.CorrelationId, request.CausationId)
            : sender.Publish(db, type, payload, request.SenderOffice, request.CorrelationId, request.CausationId);
        await db.SaveChangesAsync(ct);
        return new PublishResponse([.. result.Envelopes], [.. result.Recipients], [.. result.Denied.Select(d => new DeniedView(d.Party, d.Reason))]);
    }

    /// <summary>An operator message's payload: bounded in size, depth and fields.</summary>
    private static void CheckPayload(Validation v, JsonElement payload)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(payload.GetRawText()) > MaxPayloadBytes)
        {
            v.Add("payload", new Message("exchange.payload-bytes", MaxPayloadBytes));
            return;
        }

        if (payload.EnumerateObject().Count() > MaxPayloadFields)
        {
            v.Add("payload", new Message("exchange.payload-fields", MaxPayloadFields));
        }

        if (Depth(payload) > MaxPayloadDepth)
        {
            v.Add("payload", new Message("exchange.payload-depth", MaxPayloadDepth));
        }

        static int Depth(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Object => 1 + e.EnumerateObject().Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
            JsonValueKind.Array => 1 + e.EnumerateArray().Select(Depth).DefaultIfEmpty(0).Max(),
            _ => 0,
        };
    }

    /// <summary>A sender office, when named, is hosted on this node and is the actor's own office or one under it.</summary>
    private async Task CheckSenderOfficeAsync(Validation v, Actor actor, string? office, CancellationToken ct)
    {
        if (office is null)
        {
            return;
        }

        if (!node.Directory.Required.IsHost(node.Id, office))
        {
            v.Add("senderOffice", new Message("exchange.sender-not-hosted", office, node.Id));
        }
        else if (!await MaySpeakForAsync(actor, office, ct))
        {
            v.Add("senderOffice", new Message("exchange.sender-not-yours", office, actor.OrganisationCode ?? (object)new Message("exchange.no-office")));
        }
    }

    /// <summary>The actor speaks for its own office and for the offices under it (its office is in their chain of command).</summary>
    private async Task<bool> MaySpeakForAsync(Actor actor, string office, CancellationToken ct)
    {
        if (actor.OrganisationCode is not { } own)
        {
            return false;
        }

        if (own == office)
        {
            return true;
        }

        return await offices.ReportsToAsync(office, own, ct);
    }
}

/// <summary>The exchange's own problems.</summary>
internal static class ExchangeProblems
{
    /// <summary>503: this node has no exchange configuration or no verified directory.</summary>
    public static ProblemHttpResult NotConfigured() =>
        Problems.Coded(StatusCodes.Status503ServiceUnavailable, "Service Unavailable", new Message("exchange.not-configured"));
}
