using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GoldenQuality.Exchange.Contracts;

/// <summary>
/// The signed part of an envelope. The JWS payload is this object as UTF-8 JSON; the business payload travels
/// beside it as a string whose UTF-8 bytes hash to <see cref="PayloadDigest"/> (docs/exchange-protocol.md).
/// </summary>
public sealed record EnvelopeHeader(
    Guid Id,
    string Type,
    string Sender,
    string[] Recipients,
    Guid? CorrelationId,
    Guid? CausationId,
    DateTimeOffset CreatedAt,
    string PayloadDigest,
    int PayloadLength);

/// <summary>An envelope on the wire.</summary>
public sealed record WireEnvelope(string Jws, string Payload);

/// <summary>A batch of envelopes posted to a node's inbox.</summary>
public sealed record InboxBatch(WireEnvelope[] Envelopes);

/// <summary>What the receiver answers for one envelope: a signed receipt, or a typed rejection.</summary>
public sealed record InboxResult(Guid? EnvelopeId, string Status, string? Receipt, string? Reason, string? Detail);

public sealed record InboxResponse(InboxResult[] Results);

/// <summary>The signed part of a receipt: proof that <see cref="Receiver"/> accepted the envelope with that digest.</summary>
public sealed record ReceiptBody(Guid EnvelopeId, string PayloadDigest, DateTimeOffset ReceivedAt, string Receiver);

/// <summary>The typed reasons for refusing an envelope or a query.</summary>
public static class RejectionReasons
{
    public const string UnknownSender = "unknown-sender";
    public const string BadSignature = "bad-signature";
    public const string DigestMismatch = "digest-mismatch";
    public const string NoAgreement = "no-agreement";
    public const string AgreementExpired = "agreement-expired";
    public const string Replay = "replay";
    public const string Malformed = "malformed";
    public const string TooLarge = "too-large";
    public const string ClockSkew = "clock-skew";
    public const string UnknownRecipient = "unknown-recipient";
    public const string FieldNotAllowed = "field-not-allowed";

    /// <summary>The provider cannot write its audit log, so it serves no data (decision 0018).</summary>
    public const string AuditUnavailable = "audit-unavailable";
}

/// <summary>Making and reading envelopes and receipts.</summary>
public static class Envelopes
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WireEnvelope Seal(EnvelopeHeader header, string payload, string nodeId, ECDsa key) =>
        new(Jws.Sign(JsonSerializer.SerializeToUtf8Bytes(header, Json), nodeId, key), payload);

    /// <summary>A header for a payload: digest and length are computed here.</summary>
    public static EnvelopeHeader Header(Guid id, string type, string sender, string[] recipients, Guid? correlationId, Guid? causationId, DateTimeOffset createdAt, string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        return new EnvelopeHeader(id, type, sender, recipients, correlationId, causationId, createdAt, Jws.Digest(bytes), bytes.Length);
    }

    public static string SignReceipt(ReceiptBody body, string nodeId, ECDsa key) =>
        Jws.Sign(JsonSerializer.SerializeToUtf8Bytes(body, Json), nodeId, key);

    /// <summary>Reads and verifies a receipt against the receiver's key; null when it does not verify.</summary>
    public static ReceiptBody? ReadReceipt(string? receipt, ECDsa receiverKey)
    {
        if (receipt is null || !Jws.TryRead(receipt, out _, out var payload) || !Jws.Verify(receipt, receiverKey))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ReceiptBody>(payload, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The digest that the message log records for a whole envelope (JWS and payload).</summary>
    public static string ItemDigest(string jws, string payload) =>
        Jws.Digest(Encoding.UTF8.GetBytes(jws + "\n" + payload));
}
