namespace GoldenQuality.Web;

/// <summary>
/// Whether the node runs the demo (<c>gq demo</c>, key <c>Node:Demo</c>): the start page then lists the demo accounts
/// of <c>data/demo/users.csv</c>.
/// </summary>
public sealed class DemoModeOptions
{
    public const string Section = "Node";

    /// <summary>The node runs the demo.</summary>
    public bool Demo { get; set; }
}
