using System.Text;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace GoldenQuality.Exchange;

/// <summary>
/// The receiving side: checks each envelope in order (well-formed and within size, sender listed, signature,
/// digest, clock, recipient hosted here, agreement and fields), deduplicates by envelope id, runs the handlers
/// in the same transaction as the inbox record, and answers each envelope with a signed receipt or a typed
/// rejection. Rejections are stored (and so logged) as well as written to the node's log: one row and one log
/// entry per request and reason, with the count, so that a batch of bad envelopes cannot flood either.
/// </summary>
public sealed partial class ExchangeReceiver(
    GqDbContext db, ExchangeNode node, TimeProvider clock, IEnumerable<IEnvelopeHandler> handlers, Audit.Contracts.IReadAudit audit, ILogger<ExchangeReceiver> logger)
{
    private sealed record Checked(EnvelopeHeader Header, WireEnvelope Wire, Agreement Agreement, JsonElement Payload);

    /// <summary>The rejections of this request, by reason: the first envelope's header and detail, and how many there were.</summary>
    private readonly Dictionary<string, (EnvelopeHeader? Header, string Detail, int Count)> rejections = new(StringComparer.Ordinal);

    /// <summary>A 413 problem when a batch has more envelopes than <see cref="ExchangeOptions.MaxInboxBatch"/>; nothing of it is checked or stored.</summary>
    public Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? RefuseBatch(int count)
    {
        var max = node.Options.MaxInboxBatch;
        if (count <= max)
        {
            return null;
        }

        LogBatchRefused(logger, count, max);
        return Microsoft.AspNetCore.Http.TypedResults.Problem(
            detail: string.Create(System.Globalization.CultureInfo.InvariantCulture, $"envelopes: the batch has {count} envelopes; at most {max} are accepted per request"),
            statusCode: Microsoft.AspNetCore.Http.StatusCodes.Status413PayloadTooLarge, title: "Batch too large",
            extensions: new Dictionary<string, object?> { ["field"] = "envelopes", ["reason"] = RejectionReasons.TooLarge, ["limit"] = max });
    }

    public async Task<InboxResponse> ReceiveAsync(IReadOnlyList<WireEnvelope?> envelopes, CancellationToken ct)
    {
        var results = new InboxResult?[envelopes.Count];
        var accepted = new List<(int Index, Checked Envelope)>();
        var seen = new HashSet<Guid>();
        for (var i = 0; i < envelopes.Count; i++)
        {
            var (ok, rejection) = Check(envelopes[i]);
            if (rejection is not null)
            {
                results[i] = rejection;
                continue;
            }

            if (!seen.Add(ok!.Header.Id))
            {
                results[i] = Reject(ok.Header, RejectionReasons.Replay, "the same envelope id appears twice in one batch");
                continue;
            }

            accepted.Add((i, ok));
        }

        // Deduplicate against what this node already accepted.
        var ids = accepted.Select(a => a.Envelope.Header.Id).ToList();
        var existing = ids.Count == 0 ? [] : await db.Set<InboxMessage>().AsNoTracking()
            .Where(m => ids.Contains(m.EnvelopeId)).Select(m => new { m.EnvelopeId, m.Digest, m.Receipt })
            .ToDictionaryAsync(m => m.EnvelopeId, ct);
        var fresh = new List<(int Index, Checked Envelope)>();
        foreach (var (index, envelope) in accepted)
        {
            if (existing.TryGetValue(envelope.Header.Id, out var earlier))
            {
                results[index] = earlier.Digest == envelope.Header.PayloadDigest
                    ? Duplicate(envelope.Header.Id, earlier.Receipt)
                    : Reject(envelope.Header, RejectionReasons.Replay, "an envelope with this id but another payload was accepted before");
            }
            else
            {
                fresh.Add((index, envelope));
            }
        }

        foreach (var (index, result) in await ApplyAsync(fresh, ct))
        {
            results[index] = result;
        }

        RecordRejections();
        await db.SaveChangesAsync(ct); // the rejections
        return new InboxResponse([.. results.Select(r => r!)]);
    }

    /// <summary>Applies all fresh envelopes in one transaction; if that fails, one at a time, so one bad envelope cannot hold up the rest.</summary>
    private async Task<List<(int, InboxResult)>> ApplyAsync(List<(int Index, Checked Envelope)> fresh, CancellationToken ct)
    {
        if (fresh.Count == 0)
        {
            return [];
        }

        try
        {
            return await ApplyBatchAsync(fresh, ct);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or JsonException)
        {
            // One envelope at a time, so that one bad envelope cannot hold up the rest; it is answered "failed".
            db.ChangeTracker.Clear();
            var results = new List<(int, InboxResult)>();
            foreach (var one in fresh)
            {
                try
                {
                    results.AddRange(await ApplyBatchAsync([one], ct));
                }
                catch (Exception single) when (single is DbUpdateException or InvalidOperationException or JsonException)
                {
                    db.ChangeTracker.Clear();
                    if (await db.Set<InboxMessage>().AsNoTracking().Where(m => m.EnvelopeId == one.Envelope.Header.Id).Select(m => new { m.Digest, m.Receipt }).SingleOrDefaultAsync(ct) is { } meanwhile &&
                        meanwhile.Digest == one.Envelope.Header.PayloadDigest)
                    {
                        // Another request of the same sender (one it stopped waiting for) applied it meanwhile.
                        results.Add((one.Index, Duplicate(one.Envelope.Header.Id, meanwhile.Receipt)));
                        continue;
                    }

                    LogHandlerFailed(logger, one.Envelope.Header.Id, one.Envelope.Header.Type, single.Message);
                    results.Add((one.Index, new InboxResult(one.Envelope.Header.Id, "failed", null, "handler-failed", single.Message)));
                }
            }

            return results;
        }
    }

    private static InboxResult Duplicate(Guid id, string? receipt) => new(id, "duplicate", receipt, null, "already accepted; the original receipt is returned");

    private async Task<List<(int, InboxResult)>> ApplyBatchAsync(List<(int Index, Checked Envelope)> batch, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var results = new List<(int, InboxResult)>();
        var receipts = Envelopes.SignReceipts([.. batch.Select(b => (b.Envelope.Header.Id, b.Envelope.Header.PayloadDigest))], now, node.Id, node.Key);
        foreach (var ((index, e), receipt) in batch.Zip(receipts))
        {
            db.Set<InboxMessage>().Add(InboxMessage.Create(e.Header, e.Wire.Jws, e.Wire.Payload, e.Agreement.Id, now, receipt));
            foreach (var handler in handlers.Where(h => h.Handles(e.Header.Type)))
            {
                await handler.HandleAsync(db, e.Header, e.Payload, ct);
            }

            results.Add((index, new InboxResult(e.Header.Id, "accepted", receipt, null, null)));
        }

        await db.SaveChangesAsync(ct);
        return results;
    }

    private (Checked?, InboxResult?) Check(WireEnvelope? wire, bool dataset = false)
    {
        if (wire?.Jws is null || wire.Payload is null)
        {
            return (null, Reject(null, RejectionReasons.Malformed, "an envelope needs 'jws' and 'payload'"));
        }

        var options = node.Options;
        if (wire.Jws.Length > 16 * 1024 || Encoding.UTF8.GetByteCount(wire.Payload) > options.MaxPayloadBytes)
        {
            return (null, Reject(null, RejectionReasons.TooLarge, $"the payload exceeds {options.MaxPayloadBytes} bytes"));
        }

        if (!Jws.TryRead(wire.Jws, out var kid, out var headerBytes))
        {
            return (null, Reject(null, RejectionReasons.Malformed, "'jws' is not an ES256 JWS in compact form"));
        }

        EnvelopeHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<EnvelopeHeader>(headerBytes, Envelopes.Json);
        }
        catch (JsonException e)
        {
            return (null, Reject(null, RejectionReasons.Malformed, "the signed header is not an envelope header: " + e.Message));
        }

        if (header is null || header.Id == Guid.Empty || string.IsNullOrWhiteSpace(header.Type) || header.Recipients is not { Length: > 0 } ||
            !Parties.IsWellFormed(header.Sender) || header.Recipients.Any(r => !Parties.IsWellFormed(r)))
        {
            return (null, Reject(header, RejectionReasons.Malformed, "the header lacks an id, a type, a well-formed sender or recipients"));
        }

        var directory = node.Directory.Required;
        if (directory.Node(kid) is null || Parties.NodeOf(header.Sender) != kid)
        {
            return (null, Reject(header, RejectionReasons.UnknownSender, $"{kid} is not a node of the federation directory (version {directory.Document.Version}), or did not send as itself"));
        }

        if (Parties.OfficeOf(header.Sender) is { } office && !directory.IsHost(kid, office))
        {
            return (null, Reject(header, RejectionReasons.UnknownSender, $"{office} is not hosted on {kid}"));
        }

        var now = clock.GetUtcNow();
        if (!directory.Verifies(kid, wire.Jws, now))
        {
            return (null, Reject(header, RejectionReasons.BadSignature, $"the signature does not verify with a key of {kid} in force now (a revoked or retired key is refused)"));
        }

        var payloadBytes = Encoding.UTF8.GetBytes(wire.Payload);
        if (Jws.Digest(payloadBytes) != header.PayloadDigest || payloadBytes.Length != header.PayloadLength)
        {
            return (null, Reject(header, RejectionReasons.DigestMismatch, "the payload does not match the signed digest"));
        }

        if (now - header.CreatedAt > TimeSpan.FromSeconds(options.ReplayWindowSeconds))
        {
            return (null, Reject(header, RejectionReasons.Replay, $"created {header.CreatedAt:O}, older than the replay window"));
        }

        if (header.CreatedAt - now > TimeSpan.FromSeconds(options.ClockSkewSeconds))
        {
            return (null, Reject(header, RejectionReasons.ClockSkew, $"created {header.CreatedAt:O}, in the future beyond the allowed skew"));
        }

        var recipient = header.Recipients.FirstOrDefault(node.Hosts);
        if (recipient is null)
        {
            return (null, Reject(header, RejectionReasons.UnknownRecipient, $"no recipient is hosted on {node.Id}"));
        }

        // A message flows from provider to consumer; a query asks the provider (the recipient) for its data.
        var (valid, expired) = dataset
            ? directory.Find(recipient, header.Sender, DatasetOf(header.Type), dataset: true, now)
            : directory.Find(header.Sender, recipient, header.Type, dataset: false, now);
        if (valid is null)
        {
            return expired is null
                ? (null, Reject(header, RejectionReasons.NoAgreement, $"no agreement lets {header.Sender} send {header.Type} to {recipient}"))
                : (null, Reject(header, RejectionReasons.AgreementExpired, $"agreement {expired.Id} is valid from {expired.ValidFrom:O} to {expired.ValidTo:O}"));
        }

        JsonElement payload;
        try
        {
            payload = JsonDocument.Parse(payloadBytes).RootElement.Clone();
        }
        catch (JsonException e)
        {
            return (null, Reject(header, RejectionReasons.Malformed, "the payload is not JSON: " + e.Message));
        }

        if (payload.ValueKind != JsonValueKind.Object)
        {
            return (null, Reject(header, RejectionReasons.Malformed, "the payload is not a JSON object"));
        }

        if (!valid.AllowedFields.Contains("*", StringComparer.Ordinal))
        {
            foreach (var property in payload.EnumerateObject())
            {
                if (!valid.AllowedFields.Contains(property.Name, StringComparer.Ordinal))
                {
                    return (null, Reject(header, RejectionReasons.FieldNotAllowed, $"agreement {valid.Id} does not allow the field '{property.Name}'"));
                }
            }
        }

        return (new Checked(header, wire, valid, payload), null);
    }

    /// <summary>Query envelopes carry the type <c>dataset.NAME</c>.</summary>
    public static string DatasetOf(string type) => type.StartsWith("dataset.", StringComparison.Ordinal) ? type["dataset.".Length..] : type;

    /// <summary>
    /// Answers a signed query: the same checks as an envelope (the agreement must cover the dataset), then the
    /// dataset provider's answer, minimised to the agreement's fields, in a signed response envelope. The request
    /// is kept in the inbox with the response as its receipt, so both are in the message log.
    /// </summary>
    public async Task<(WireEnvelope? Response, InboxResult? Rejection)> AnswerAsync(WireEnvelope? request, IEnumerable<IDatasetProvider> providers, CancellationToken ct)
    {
        var (ok, rejection) = Check(request, dataset: true);
        if (rejection is null && await db.Set<InboxMessage>().AnyAsync(m => m.EnvelopeId == ok!.Header.Id, ct))
        {
            rejection = Reject(ok!.Header, RejectionReasons.Replay, "this query was answered before");
        }

        var name = ok is null ? "" : DatasetOf(ok.Header.Type);
        var provider = providers.FirstOrDefault(p => p.Dataset == name);
        if (rejection is null && provider is null)
        {
            rejection = Reject(ok!.Header, "unknown-dataset", $"{node.Id} serves no dataset '{name}'");
        }

        if (rejection is not null)
        {
            RecordRejections();
            await db.SaveChangesAsync(ct);
            return (null, rejection);
        }

        var answer = await provider!.QueryAsync(db, ok!.Header.Sender, ok.Payload, ct);
        var full = JsonSerializer.SerializeToNode(answer ?? new { found = false }, Envelopes.Json) as System.Text.Json.Nodes.JsonObject
            ?? new System.Text.Json.Nodes.JsonObject();
        var minimised = ExchangeSender.Minimise(full, ok.Agreement);
        if (await AuditAnswerAsync(ok, name, minimised, ct) is { } refused)
        {
            return (null, refused);
        }

        var text = minimised.ToJsonString(Envelopes.Json);
        var now = clock.GetUtcNow();
        var header = Envelopes.Header(Ids.New(clock), ok.Header.Type + ".response", node.Id, [ok.Header.Sender], ok.Header.CorrelationId, ok.Header.Id, now, text);
        var response = Envelopes.Seal(header, text, node.Id, node.Key);
        db.Set<InboxMessage>().Add(InboxMessage.Create(ok.Header, ok.Wire.Jws, ok.Wire.Payload, ok.Agreement.Id, now, response.Jws));
        await db.SaveChangesAsync(ct);
        return (response, null);
    }

    /// <summary>
    /// Records the answer in the audit log before it is served (reader and office: the asking party; the agreement and
    /// its purpose; kind <c>dataset:NAME</c>; key: the query's parameters; fields: the agreement's allowed fields, or the
    /// answer's when it allows every field). When the entry cannot be written, the query is rejected <c>audit-unavailable</c>.
    /// </summary>
    private async Task<InboxResult?> AuditAnswerAsync(Checked ok, string dataset, System.Text.Json.Nodes.JsonObject answer, CancellationToken ct)
    {
        var fields = ok.Agreement.AllowedFields.Length > 0 && !ok.Agreement.AllowedFields.Contains("*", StringComparer.Ordinal)
            ? ok.Agreement.AllowedFields
            : [.. answer.Select(p => p.Key)];
        var key = JsonSerializer.Serialize(ok.Payload, Envelopes.Json);
        var read = new Audit.Contracts.ProtectedRead(ok.Header.Sender, ok.Header.Sender, ok.Agreement.Id, ok.Agreement.Purpose, "dataset:" + dataset, key, fields);
        try
        {
            await audit.RecordAsync(read, ct);
            return null;
        }
        catch (Audit.Contracts.AuditUnavailableException e)
        {
            var rejection = Reject(ok.Header, RejectionReasons.AuditUnavailable, $"{node.Id} cannot write its audit log, so it serves no data now: {e.Message}");
            RecordRejections();
            await db.SaveChangesAsync(ct);
            return rejection;
        }
    }

    private InboxResult Reject(EnvelopeHeader? header, string reason, string detail)
    {
        rejections[reason] = rejections.TryGetValue(reason, out var earlier) ? earlier with { Count = earlier.Count + 1 } : (header, detail, 1);
        return new InboxResult(header?.Id, "rejected", null, reason, detail);
    }

    /// <summary>One stored rejection and one log entry per reason of this request; the header fields (chosen by the sender) are cut to the columns' lengths.</summary>
    private void RecordRejections()
    {
        foreach (var (reason, (header, detail, count)) in rejections)
        {
            var text = count == 1
                ? detail
                : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{count} envelopes of one request were rejected for {reason}; the first: {detail}");
            db.Set<ExchangeRejection>().Add(ExchangeRejection.Create(Ids.New(clock), clock.GetUtcNow(), "in", header?.Id, Cut(header?.Type, 128), Cut(header?.Sender, 160), reason, Cut(text, 2000)!));
            LogRejected(logger, header?.Id, Cut(header?.Sender, 160), reason, count, Cut(text, 2000)!);
        }

        rejections.Clear();
    }

    private static string? Cut(string? text, int length) => text is null || text.Length <= length ? text : text[..(length - 3)] + "...";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected envelope {EnvelopeId} from {Sender}: {Reason}, {Count} in this request ({Detail})")]
    private static partial void LogRejected(ILogger logger, Guid? envelopeId, string? sender, string reason, int count, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an inbox batch of {Count} envelopes (at most {Max})")]
    private static partial void LogBatchRefused(ILogger logger, int count, int max);

    [LoggerMessage(Level = LogLevel.Error, Message = "The handler of envelope {EnvelopeId} ({Type}) failed: {Error}")]
    private static partial void LogHandlerFailed(ILogger logger, Guid envelopeId, string type, string error);
}
