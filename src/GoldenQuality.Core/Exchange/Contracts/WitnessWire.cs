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
