namespace GoldenQuality.Web;

/// <summary>
/// Whether the node runs the demo (<c>gq demo</c>, key <c>Node:Demo</c>): the start page then lists the demo accounts
/// of <c>data/demo/users.csv</c>, each with the node it signs in on.
/// </summary>
public sealed class DemoModeOptions
{
    public const string Section = "Node";

    /// <summary>The node runs the demo.</summary>
    public bool Demo { get; set; }

    /// <summary>
    /// The web address of each demo node by its demo name (the <c>node</c> column of users.csv: <c>national</c>,
    /// <c>customs</c>, <c>moa</c>, <c>mep</c>, <c>pbc</c>), keys <c>Node:DemoNodeUrls:{name}</c>. The demo federation
    /// sets them so that the start page can send each account to its own node; empty outside the demo.
    /// </summary>
    public Dictionary<string, string> DemoNodeUrls { get; set; } = new(StringComparer.Ordinal);
}
