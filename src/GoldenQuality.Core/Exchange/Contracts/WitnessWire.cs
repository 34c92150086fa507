namespace GoldenQuality.Exchange.Contracts;

/// <summary>
/// The wire contract of witnessed logs (docs/exchange-protocol.md): a node publishes the signed heads of its message log
/// and audit log to its peers; each peer returns its own signed statement of what it saw (DEMO-AGR-025 in the demo).
/// </summary>
public static class WitnessWire
{
    /// <summary>A node publishes its signed log heads to a peer.</summary>
    public const string CheckpointPublishedType = "exchange.checkpoint.published";

    /// <summary>A peer's signed statement of the log heads it saw, returned to the node.</summary>
    public const string CheckpointWitnessedType = "exchange.checkpoint.witnessed";

    public static readonly string[] Types = [CheckpointPublishedType, CheckpointWitnessedType];
}

/// <summary>The logs a node's peers witness.</summary>
public enum WitnessedLog
{
    /// <summary>The message log (every envelope, receipt and rejection).</summary>
    Message,

    /// <summary>The audit log of protected reads.</summary>
    Audit,
}

/// <summary>
/// What the peers' signed statements say about a log: whether every statement's signature verifies with the witness's
/// key and names the hash the local chain has at that sequence, how many statements and peers there are, the last
/// sequence a peer witnessed, and the first sequence where the chain differs from what a peer signed.
/// </summary>
public sealed record WitnessCheck(bool Intact, int Statements, int Peers, long? LastWitnessedSequence, long? FirstMismatchSequence, string? Reason);

/// <summary>Checks a log's chain against what its peers signed (<c>gq log verify --witnesses</c>, <c>gq audit verify --witnesses</c>).</summary>
public interface ILogWitnesses
{
    Task<WitnessCheck> VerifyAsync(WitnessedLog log, CancellationToken ct);
}

/// <summary>The operator's view of witnessing: per log, what each peer signed; and the conflicting checkpoints peers showed this node.</summary>
public sealed record WitnessStatus(IReadOnlyList<WitnessLogStatus> Logs, IReadOnlyList<WitnessConflictView> Conflicts);

public sealed record WitnessLogStatus(string Log, int Statements, long? LastWitnessedSequence, IReadOnlyList<WitnessPeerStatus> Peers);

public sealed record WitnessPeerStatus(string Witness, int Statements, long LastSequence);

/// <summary>A peer showed this node two checkpoints that cannot both be true; both signed checkpoints are the evidence.</summary>
public sealed record WitnessConflictView(string Node, string Log, long Sequence, string Reason, DateTimeOffset SeenAt, string EarlierCheckpoint, string LaterCheckpoint);

/// <summary>
/// The evidence of one case (docs/exchange-protocol.md, "Evidence bundle"): verifiable offline with nothing but this
/// file (<c>gq evidence verify</c>).
/// </summary>
/// <param name="Format">Always <see cref="EvidenceBundle.FormatName"/>.</param>
/// <param name="Node">The node whose log the segment is.</param>
/// <param name="CorrelationId">The case: envelopes whose correlation id, or own id, is this.</param>
/// <param name="ExportedAt">When the node exported it.</param>
/// <param name="Directory">The signed federation directory (JWS): every node's public key.</param>
/// <param name="Envelopes">The envelopes of the case, as signed and sent.</param>
/// <param name="Receipts">The signed receipts of those envelopes.</param>
/// <param name="Log">The contiguous message-log segment from the case's first entry to <paramref name="Checkpoint"/>.</param>
/// <param name="Checkpoint">The node's signed checkpoint of the segment's last entry.</param>
/// <param name="Statements">The witnesses' signed statements of that checkpoint.</param>
public sealed record EvidenceBundle(
    string Format, string Node, Guid CorrelationId, DateTimeOffset ExportedAt, string Directory,
    IReadOnlyList<EvidenceEnvelope> Envelopes, IReadOnlyList<EvidenceReceipt> Receipts, IReadOnlyList<EvidenceLogEntry> Log,
    string Checkpoint, IReadOnlyList<string> Statements)
{
    public const string FormatName = "gq-evidence/1";
}

/// <summary>An envelope of the case as it travelled: its JWS and payload; direction <c>sent</c> or <c>received</c>.</summary>
public sealed record EvidenceEnvelope(Guid EnvelopeId, string Direction, string Jws, string Payload);

/// <summary>A signed receipt of an envelope of the case; direction <c>sent</c> (this node's) or <c>received</c> (the peer's).</summary>
public sealed record EvidenceReceipt(Guid EnvelopeId, string Direction, string Jws);

/// <summary>One message-log entry, every field its hash covers.</summary>
public sealed record EvidenceLogEntry(long Sequence, DateTimeOffset At, string Kind, Guid EnvelopeId, string Peer, string ItemDigest, string PreviousHash, string Hash);
