using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Exchange;

/// <summary>
/// Exports the evidence of one case: its envelopes and receipts, the message-log segment that holds them up to the
/// first signed checkpoint at or after the case's last entry (preferring the first one peers witnessed), that checkpoint,
/// its witness statements and the signed directory.
/// </summary>
internal sealed class EvidenceBundles(GqDbContext db, ExchangeNode node, TimeProvider clock)
{
    public const int MaxEnvelopes = 500;
    public const int MaxSegment = 20_000;

    /// <summary>The bundle, or the reason there is none (the field and why).</summary>
    public async Task<(EvidenceBundle? Bundle, string? Field, Message? Problem)> ExportAsync(Guid correlationId, Guid? envelopeId, CancellationToken ct)
    {
        if (!node.Enabled || await WitnessKeys.DirectoryAsync(db, node, ct) is null)
        {
            return (null, "node", new Message("exchange.evidence.no-exchange"));
        }

        var key = correlationId.ToString();
        var sent = await db.Set<OutboxMessage>().AsNoTracking().Where(o => o.OrderingKey == key && (envelopeId == null || o.EnvelopeId == envelopeId))
            .OrderBy(o => o.Sequence).Take(MaxEnvelopes * 4).ToListAsync(ct);
        var received = await db.Set<InboxMessage>().AsNoTracking()
            .Where(i => (i.CorrelationId == correlationId || i.EnvelopeId == correlationId) && (envelopeId == null || i.EnvelopeId == envelopeId))
            .OrderBy(i => i.ReceivedAt).Take(MaxEnvelopes + 1).ToListAsync(ct);
        var envelopes = sent.DistinctBy(o => o.EnvelopeId).Select(o => new EvidenceEnvelope(o.EnvelopeId, "sent", o.Jws, o.Payload))
            .Concat(received.Select(i => new EvidenceEnvelope(i.EnvelopeId, "received", i.Jws, i.Payload))).ToList();
        if (envelopes.Count == 0)
        {
            return (null, envelopeId is null ? "correlationId" : "envelope", new Message("exchange.evidence.no-envelope"));
        }

        if (envelopes.Count > MaxEnvelopes)
        {
            return (null, "correlationId", new Message("exchange.evidence.too-many", MaxEnvelopes));
        }

        var receipts = sent.Where(o => o.Receipt is not null).Select(o => new EvidenceReceipt(o.EnvelopeId, "received", o.Receipt!))
            .Concat(received.Select(i => new EvidenceReceipt(i.EnvelopeId, "sent", i.Receipt))).ToList();
        var ids = envelopes.Select(e => e.EnvelopeId).Distinct().ToList();
        var span = await db.Set<MessageLogEntry>().AsNoTracking().Where(e => ids.Contains(e.EnvelopeId))
            .GroupBy(_ => 1).Select(g => new { First = g.Min(e => e.Sequence), Last = g.Max(e => e.Sequence) }).FirstOrDefaultAsync(ct);
        if (span is null)
        {
            return (null, "correlationId", new Message("exchange.evidence.not-logged"));
        }

        var witnessed = db.Set<WitnessStatement>().Where(s => s.Log == "message").Select(s => s.Sequence);
        var checkpoint = await db.Set<LogCheckpoint>().AsNoTracking().Where(c => c.Sequence >= span.Last && witnessed.Contains(c.Sequence))
                .OrderBy(c => c.Sequence).FirstOrDefaultAsync(ct)
            ?? await db.Set<LogCheckpoint>().AsNoTracking().Where(c => c.Sequence >= span.Last).OrderBy(c => c.Sequence).FirstOrDefaultAsync(ct);
        if (checkpoint is null)
        {
            return (null, "correlationId", new Message("exchange.evidence.no-checkpoint"));
        }

        if (checkpoint.Sequence - span.First + 1 > MaxSegment)
        {
            return (null, "correlationId", new Message("exchange.evidence.segment-too-long", MaxSegment));
        }

        var log = await db.Set<MessageLogEntry>().AsNoTracking().Where(e => e.Sequence >= span.First && e.Sequence <= checkpoint.Sequence).OrderBy(e => e.Sequence)
            .Select(e => new EvidenceLogEntry(e.Sequence, e.At, e.Kind, e.EnvelopeId, e.Peer, e.ItemDigest, e.PreviousHash, e.Hash)).ToListAsync(ct);
        var statements = await db.Set<WitnessStatement>().AsNoTracking().Where(s => s.Log == "message" && s.Sequence == checkpoint.Sequence)
            .OrderBy(s => s.Witness).Select(s => s.Statement).ToListAsync(ct);
        var directory = node.Directory.Current?.Jws ?? await db.Set<CachedDirectory>().AsNoTracking().Select(d => d.Jws).FirstAsync(ct);
        return (new EvidenceBundle(EvidenceBundle.FormatName, node.Id, correlationId, clock.GetUtcNow(), directory, envelopes, receipts, log, checkpoint.Signature, statements), null, null);
    }
}

/// <summary>
/// Verifies an evidence bundle offline, with nothing but the file (and, optionally, the federation authority's key):
/// every signature with the keys of the signed directory it carries, every digest, the log segment's chain, its end
/// against the signed checkpoint, and the witnesses' statements of that checkpoint. Stops at the first failure.
/// </summary>
public static class EvidenceVerifier
{
    /// <summary>The most bytes a bundle file may have.</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    public sealed record Outcome(bool Verified, IReadOnlyList<string> Lines, string? Failure);

    public static Outcome Verify(string json, ECDsa? authorityKey)
    {
        var lines = new List<string>();
        Outcome Fail(string reason) => new(false, lines, reason);
        EvidenceBundle? bundle;
        try
        {
            bundle = JsonSerializer.Deserialize<EvidenceBundle>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web) { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            return Fail($"the file is not an evidence bundle: {e.Message}");
        }

        if (bundle is null || bundle.Format != EvidenceBundle.FormatName || bundle.Directory is null || bundle.Envelopes is null || bundle.Receipts is null ||
            bundle.Log is null || bundle.Statements is null || bundle.Checkpoint is null || bundle.Node is null)
        {
            return Fail($"the file is not an evidence bundle of format {EvidenceBundle.FormatName}");
        }

        // 1. The directory: the keys every other signature is checked with.
        if (!Jws.TryRead(bundle.Directory, out _, out var directoryPayload))
        {
            return Fail("directory: not a JWS");
        }

        FederationDirectoryDocument? directory;
        try
        {
            directory = JsonSerializer.Deserialize<FederationDirectoryDocument>(directoryPayload, DirectorySigning.Json);
        }
        catch (JsonException)
        {
            directory = null;
        }

        if (directory is null)
        {
            return Fail("directory: its payload is not a federation directory");
        }

        // Every key a node has had (current and previous), imported once; which of them verify depends on when it signed.
        var imported = new Dictionary<string, ECDsa>(StringComparer.Ordinal);
        var nodes = directory.Nodes.GroupBy(n => n.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        try
        {
            foreach (var publicKey in directory.Nodes.SelectMany(n => n.KeysAt(DateTimeOffset.MinValue)).Distinct(StringComparer.Ordinal))
            {
                imported[publicKey] = NodeKeys.FromPublicKey(publicKey);
            }
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return Fail("directory: a node's public key cannot be read");
        }

        IReadOnlyList<ECDsa> KeysOf(string nodeId, DateTimeOffset at) =>
            nodes.TryGetValue(nodeId, out var n) ? [.. n.KeysAt(at).Select(k => imported[k])] : [];

        try
        {
            DirectorySigning.Verify(bundle.Directory, authorityKey is null ? nodes.GetValueOrDefault(directory.Authority)?.PublicKey ?? "" : NodeKeys.PublicKey(authorityKey), now: null, out _);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or CryptographicException)
        {
            return Fail(authorityKey is null
                ? $"directory: its signature does not verify with the key its authority {directory.Authority} has in it"
                : "directory: its signature does not verify with the given authority key, nor with a key its authority chain leads to from it");
        }

        lines.Add(authorityKey is null
            ? string.Create(CultureInfo.InvariantCulture, $"Directory version {directory.Version} signed by {directory.Authority}: the trust anchor was taken from the bundle itself (give --authority-key to check it against the federation's key).")
            : string.Create(CultureInfo.InvariantCulture, $"Directory version {directory.Version} signed by {directory.Authority}: verified with the given authority key."));

        // 2. The log segment chains.
        var log = bundle.Log;
        if (log.Count == 0)
        {
            return Fail("log: the segment is empty");
        }

        for (var i = 0; i < log.Count; i++)
        {
            var e = log[i];
            if (i > 0 && e.Sequence != log[i - 1].Sequence + 1)
            {
                return Fail(string.Create(CultureInfo.InvariantCulture, $"log: entry {log[i - 1].Sequence + 1} is missing (the next entry is {e.Sequence})"));
            }

            if (i > 0 && e.PreviousHash != log[i - 1].Hash)
            {
                return Fail(string.Create(CultureInfo.InvariantCulture, $"log: entry {e.Sequence}'s previous-hash does not match the hash of the entry before it"));
            }

            if (MessageLog.Hash(e.PreviousHash ?? "", e.Sequence, e.At, e.Kind ?? "", e.EnvelopeId, e.Peer ?? "", e.ItemDigest ?? "") != e.Hash)
            {
                return Fail(string.Create(CultureInfo.InvariantCulture, $"log: entry {e.Sequence}'s content does not match its hash"));
            }
        }

        var digests = log.Select(e => (e.EnvelopeId, e.ItemDigest)).ToHashSet();
        var loggedAt = log.GroupBy(e => e.EnvelopeId).ToDictionary(g => g.Key, g => g.Min(e => e.At));
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"Log segment of {bundle.Node}: entries {log[0].Sequence} to {log[^1].Sequence}, chain intact."));

        // 3. Envelopes: signature, payload digest, case, and in the log.
        var headers = new Dictionary<Guid, EnvelopeHeader>();
        foreach (var envelope in bundle.Envelopes)
        {
            var what = $"envelope {envelope.EnvelopeId}";
            if (!Jws.TryRead(envelope.Jws, out var kid, out var headerBytes) || Deserialize<EnvelopeHeader>(headerBytes) is not { } header)
            {
                return Fail($"{what}: not a signed envelope");
            }

            if (!KeysOf(kid, loggedAt.GetValueOrDefault(envelope.EnvelopeId, DateTimeOffset.MaxValue)).Any(k => Jws.Verify(envelope.Jws, k)))
            {
                return Fail($"{what}: its signature does not verify with the key of {kid} in the directory");
            }

            if (header.Id != envelope.EnvelopeId || Parties.NodeOf(header.Sender) != kid)
            {
                return Fail($"{what}: the signed header names envelope {header.Id} from {header.Sender}");
            }

            if (Jws.Digest(Encoding.UTF8.GetBytes(envelope.Payload ?? "")) != header.PayloadDigest)
            {
                return Fail($"{what}: its payload does not match the digest its sender signed (the payload was changed)");
            }

            if (header.CorrelationId != bundle.CorrelationId && header.Id != bundle.CorrelationId)
            {
                return Fail($"{what}: it is not part of case {bundle.CorrelationId}");
            }

            if (!digests.Contains((envelope.EnvelopeId, Envelopes.ItemDigest(envelope.Jws, envelope.Payload ?? ""))))
            {
                return Fail($"{what}: it is not in the log segment (no entry has its digest)");
            }

            headers[header.Id] = header;
        }

        lines.Add(string.Create(CultureInfo.InvariantCulture, $"{bundle.Envelopes.Count} envelope(s): signatures, payload digests and log entries verified."));

        // 4. Receipts: signature, the envelope they acknowledge, and in the log.
        foreach (var receipt in bundle.Receipts)
        {
            var what = $"receipt of envelope {receipt.EnvelopeId}";
            var signer = WitnessSigning.SignerOf(receipt.Jws) ?? (Jws.TryRead(receipt.Jws, out var k, out _) ? k : "");
            var body = Envelopes.ReadReceipt(receipt.Jws, KeysOf(signer, loggedAt.GetValueOrDefault(receipt.EnvelopeId, DateTimeOffset.MaxValue)));
            if (body is null)
            {
                return Fail($"{what}: its signature does not verify with the key of {(signer.Length > 0 ? signer : "its signer")} in the directory");
            }

            if (body.EnvelopeId != receipt.EnvelopeId || (headers.TryGetValue(body.EnvelopeId, out var h) && h.PayloadDigest != body.PayloadDigest))
            {
                return Fail($"{what}: the signed receipt acknowledges envelope {body.EnvelopeId} with another digest (the receipt was swapped)");
            }

            if (!digests.Contains((receipt.EnvelopeId, Jws.Digest(Encoding.UTF8.GetBytes(receipt.Jws)))))
            {
                return Fail($"{what}: it is not in the log segment (no entry has its digest)");
            }
        }

        lines.Add(string.Create(CultureInfo.InvariantCulture, $"{bundle.Receipts.Count} receipt(s): signatures and log entries verified."));

        // 5. The checkpoint: the node's signature over the segment's last entry.
        if (!nodes.ContainsKey(bundle.Node))
        {
            return Fail($"checkpoint: {bundle.Node} is not in the directory");
        }

        // A checkpoint is signed after the entry it names, and a witness's statement after the checkpoint: keys that
        // had ended before the entry was written cannot have signed either.
        var checkpoint = WitnessSigning.ReadCheckpoint(bundle.Checkpoint, KeysOf(bundle.Node, log[^1].At), out var problem);
        if (checkpoint is null)
        {
            return Fail($"checkpoint: {problem}");
        }

        if (checkpoint.Node != bundle.Node || checkpoint.Log != "message" || checkpoint.Sequence != log[^1].Sequence || checkpoint.Hash != log[^1].Hash)
        {
            return Fail(string.Create(CultureInfo.InvariantCulture, $"checkpoint: it signs entry {checkpoint.Sequence} of {checkpoint.Node}'s {checkpoint.Log} log with another hash than the segment's last entry {log[^1].Sequence}"));
        }

        lines.Add(string.Create(CultureInfo.InvariantCulture, $"Checkpoint of entry {checkpoint.Sequence} signed by {bundle.Node} at {checkpoint.At:O}: verified."));

        // 6. The witnesses' statements of that checkpoint.
        var hashes = log.ToDictionary(e => e.Sequence, e => e.Hash);
        var witnesses = new List<string>();
        foreach (var statement in bundle.Statements)
        {
            var witness = WitnessSigning.SignerOf(statement) ?? "";
            var claim = WitnessSigning.ReadStatement(statement, KeysOf(witness, log[^1].At), out problem);
            if (claim is null || claim.Witness != witness)
            {
                return Fail($"witness statement of {(witness.Length > 0 ? witness : "an unknown signer")}: its signature does not verify with its key in the directory");
            }

            if (claim.Node != bundle.Node || claim.Log != "message" || !hashes.TryGetValue(claim.Sequence, out var hash) || hash != claim.Hash)
            {
                return Fail(string.Create(CultureInfo.InvariantCulture, $"witness statement of {witness}: it signs hash {claim.Hash[..12]}… for entry {claim.Sequence}, not the segment's"));
            }

            witnesses.Add(string.Create(CultureInfo.InvariantCulture, $"{witness} (seen {claim.SeenAt:O})"));
        }

        lines.Add(witnesses.Count == 0
            ? "No witness statement: the checkpoint is signed by the node alone."
            : $"{witnesses.Count} witness statement(s) of the checkpoint: {string.Join(", ", witnesses)}.");
        foreach (var key in imported.Values)
        {
            key.Dispose();
        }

        return new(true, lines, null);
    }

    private static T? Deserialize<T>(byte[] bytes)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, Envelopes.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
