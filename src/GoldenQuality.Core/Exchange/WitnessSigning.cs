using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;

namespace GoldenQuality.Exchange;

/// <summary>What a signed checkpoint says: {node, log, sequence, hash, at}.</summary>
internal sealed record CheckpointClaim(string Node, string Log, long Sequence, string Hash, DateTimeOffset At);

/// <summary>What a witness statement says: {witness, node, log, sequence, hash, checkpointAt, seenAt}.</summary>
internal sealed record StatementClaim(string Witness, string Node, string Log, long Sequence, string Hash, DateTimeOffset CheckpointAt, DateTimeOffset SeenAt);

/// <summary>
/// The signed forms of witnessed logs (docs/exchange-protocol.md, "Witnessed logs"): a checkpoint, signed by the node
/// whose log it is, and a witness statement, signed by the peer that saw the checkpoint. Both are JWS (ES256) whose kid
/// is the signer's node id; readers take the key from the signed directory, never from the JWS.
/// </summary>
internal static class WitnessSigning
{
    /// <summary>The most characters a checkpoint or statement JWS may have.</summary>
    public const int MaxJws = 1000;

    public static string LogName(WitnessedLog log) => WireNames.Of(log);

    public static string SignCheckpoint(string node, WitnessedLog log, long sequence, string hash, DateTimeOffset at, ECDsa key) =>
        Jws.Sign(JsonSerializer.SerializeToUtf8Bytes(new { node, log = LogName(log), sequence, hash, at }), node, key);

    public static string SignStatement(StatementClaim s, ECDsa key) =>
        Jws.Sign(JsonSerializer.SerializeToUtf8Bytes(new
        {
            witness = s.Witness, node = s.Node, log = s.Log, sequence = s.Sequence, hash = s.Hash, checkpointAt = s.CheckpointAt, seenAt = s.SeenAt,
        }), s.Witness, key);

    /// <summary>The signer named by the JWS (its kid), without verifying anything.</summary>
    public static string? SignerOf(string? jws) => jws is { Length: <= MaxJws } && Jws.TryRead(jws, out var kid, out _) ? kid : null;

    /// <summary>
    /// Reads a checkpoint and verifies its signature with one of the keys; null with the reason when it is malformed or does not
    /// verify. A message-log checkpoint signed before the log was named in it (no <c>log</c>) reads as <c>message</c>.
    /// </summary>
    public static CheckpointClaim? ReadCheckpoint(string? jws, IReadOnlyList<ECDsa> keys, out string? problem)
    {
        if (!Open(jws, keys, out var root, out problem))
        {
            return null;
        }

        var log = root.TryGetProperty("log", out var l) ? l.GetString() : LogName(WitnessedLog.Message);
        var claim = Text(root, "node") is { } node && IsLog(log) && Sequence(root) is { } sequence && Hash(root) is { } hash && Time(root, "at") is { } at
            ? new CheckpointClaim(node, log!, sequence, hash, at)
            : null;
        problem = claim is null ? "the checkpoint does not name node, log, sequence, hash and at" : null;
        return claim;
    }

    /// <summary>Reads a witness statement and verifies its signature with one of the witness's keys.</summary>
    public static StatementClaim? ReadStatement(string? jws, IReadOnlyList<ECDsa> keys, out string? problem)
    {
        if (!Open(jws, keys, out var root, out problem))
        {
            return null;
        }

        var claim = Text(root, "witness") is { } witness && Text(root, "node") is { } node && Text(root, "log") is { } log && IsLog(log) &&
            Sequence(root) is { } sequence && Hash(root) is { } hash && Time(root, "checkpointAt") is { } checkpointAt && Time(root, "seenAt") is { } seenAt
            ? new StatementClaim(witness, node, log, sequence, hash, checkpointAt, seenAt)
            : null;
        problem = claim is null ? "the statement does not name witness, node, log, sequence, hash, checkpointAt and seenAt" : null;
        return claim;
    }

    /// <summary>A list of JWS strings under <paramref name="name"/>: at most <paramref name="max"/>, each at most <see cref="MaxJws"/> characters.</summary>
    public static string[]? ReadList(JsonElement payload, string name, int max)
    {
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array ||
            list.GetArrayLength() is 0 || list.GetArrayLength() > max)
        {
            return null;
        }

        var items = new List<string>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 and <= MaxJws } text)
            {
                return null;
            }

            items.Add(text);
        }

        return [.. items];
    }

    private static bool Open(string? jws, IReadOnlyList<ECDsa> keys, out JsonElement root, out string? problem)
    {
        root = default;
        if (jws is not { Length: > 0 and <= MaxJws } || !Jws.TryRead(jws, out _, out var payload))
        {
            problem = "it is not a JWS (ES256) of at most 1000 characters";
            return false;
        }

        if (!keys.Any(k => Jws.Verify(jws, k)))
        {
            problem = "its signature does not verify with a key the directory lists for the signer at that time";
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 4 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problem = "its payload is not a JSON object";
                return false;
            }

            root = document.RootElement.Clone();
            problem = null;
            return true;
        }
        catch (JsonException)
        {
            problem = "its payload is not JSON";
            return false;
        }
    }

    private static bool IsLog(string? log) => log == LogName(WitnessedLog.Message) || log == LogName(WitnessedLog.Audit);

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 and <= 160 } s ? s : null;

    private static long? Sequence(JsonElement root) =>
        root.TryGetProperty("sequence", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var s) && s > 0 ? s : null;

    private static string? Hash(JsonElement root) =>
        Text(root, "hash") is { Length: 64 } h && h.All(char.IsAsciiHexDigitLower) ? h : null;

    private static DateTimeOffset? Time(JsonElement root, string name) =>
        Text(root, name) is { } t && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at.ToUniversalTime() : null;
}
