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

/// <summary>The signed part of a batch receipt: <see cref="Count"/> envelopes accepted together, under one Merkle root.</summary>
public sealed record BatchReceiptRoot(string Receiver, DateTimeOffset ReceivedAt, int Count, string Root);

/// <summary>One envelope's part of a batch receipt: what it acknowledges and the path from its leaf to the signed root.</summary>
public sealed record BatchReceiptProof(Guid EnvelopeId, string PayloadDigest, int Index, string[] Path);

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

    /// <summary>Separates a batch receipt's signed root from the envelope's inclusion proof; a JWS never contains it.</summary>
    public const char BatchProofSeparator = '~';

    /// <summary>
    /// Receipts for envelopes accepted together, in their order. One envelope gets a plain receipt JWS. Several get one
    /// signature over the Merkle root of their (id, digest) leaves; each receipt is that root JWS, <c>~</c>, and the
    /// envelope's inclusion proof, so that it verifies alone (docs/exchange-protocol.md, section 8.1).
    /// </summary>
    public static string[] SignReceipts(IReadOnlyList<(Guid EnvelopeId, string PayloadDigest)> accepted, DateTimeOffset receivedAt, string nodeId, ECDsa key)
    {
        if (accepted.Count == 1)
        {
            return [SignReceipt(new ReceiptBody(accepted[0].EnvelopeId, accepted[0].PayloadDigest, receivedAt, nodeId), nodeId, key)];
        }

        var (root, paths) = MerkleTree.Build([.. accepted.Select(a => ReceiptLeaf(a.EnvelopeId, a.PayloadDigest))]);
        var signed = Jws.Sign(JsonSerializer.SerializeToUtf8Bytes(new BatchReceiptRoot(nodeId, receivedAt, accepted.Count, Jws.Base64Url(root)), Json), nodeId, key);
        return [.. accepted.Select((a, i) => signed + BatchProofSeparator + Jws.Base64Url(JsonSerializer.SerializeToUtf8Bytes(
            new BatchReceiptProof(a.EnvelopeId, a.PayloadDigest, i, [.. paths[i].Select(p => Jws.Base64Url(p))]), Json)))];
    }

    private static byte[] ReceiptLeaf(Guid envelopeId, string payloadDigest) =>
        MerkleTree.LeafHash(Encoding.UTF8.GetBytes(envelopeId.ToString() + "\n" + payloadDigest));

    /// <summary>
    /// Reads and verifies a receipt, plain or batch, against the receiver's key; null when it does not verify.
    /// <paramref name="verifiedRoots"/>, when given, remembers batch roots whose signature has verified, so that the
    /// receipts of one batch cost one signature check.
    /// </summary>
    public static ReceiptBody? ReadReceipt(string? receipt, ECDsa receiverKey, HashSet<string>? verifiedRoots = null) =>
        ReadReceipt(receipt, [receiverKey], verifiedRoots);

    /// <summary>As <see cref="ReadReceipt(string?, ECDsa, HashSet{string}?)"/>, with the receiver's keys in force (one of them must verify it).</summary>
    public static ReceiptBody? ReadReceipt(string? receipt, IReadOnlyList<ECDsa> receiverKeys, HashSet<string>? verifiedRoots = null)
    {
        ArgumentNullException.ThrowIfNull(receiverKeys);
        if (receipt is null)
        {
            return null;
        }

        var separator = receipt.IndexOf(BatchProofSeparator, StringComparison.Ordinal);
        var signed = separator < 0 ? receipt : receipt[..separator];
        if (!Jws.TryRead(signed, out _, out var payload) || !(verifiedRoots?.Contains(signed) == true || receiverKeys.Any(k => Jws.Verify(signed, k))))
        {
            return null;
        }

        try
        {
            if (separator < 0)
            {
                return JsonSerializer.Deserialize<ReceiptBody>(payload, Json) is { EnvelopeId: var id, PayloadDigest: not null, Receiver: not null } body && id != Guid.Empty ? body : null;
            }

            verifiedRoots?.Add(signed);
            var root = JsonSerializer.Deserialize<BatchReceiptRoot>(payload, Json);
            var proof = JsonSerializer.Deserialize<BatchReceiptProof>(Jws.FromBase64Url(receipt[(separator + 1)..]), Json);
            if (root is not { Receiver: not null, Root: not null, Count: > 1 } || proof is not { PayloadDigest: not null, Path: not null } || proof.Path.Length > MerkleTree.MaxPathLength ||
                MerkleTree.RootFromPath(ReceiptLeaf(proof.EnvelopeId, proof.PayloadDigest), proof.Index, root.Count, [.. proof.Path.Select(Jws.FromBase64Url)]) is not { } reached ||
                Jws.Base64Url(reached) != root.Root)
            {
                return null;
            }

            return new ReceiptBody(proof.EnvelopeId, proof.PayloadDigest, root.ReceivedAt, root.Receiver);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The digest that the message log records for a whole envelope (JWS and payload).</summary>
    public static string ItemDigest(string jws, string payload) =>
        Jws.Digest(Encoding.UTF8.GetBytes(jws + "\n" + payload));
}
