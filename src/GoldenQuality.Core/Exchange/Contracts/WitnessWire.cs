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
