namespace GoldenQuality.Hosting;

/// <summary>
/// The host's own settings of the <c>Node</c> section. The section's other keys belong to the modules that use them:
/// <c>Node:Database</c> to <see cref="Persistence.DatabaseOptions"/>, <c>Node:ReferenceData</c> and
/// <c>Node:SeedReferenceData</c> to <see cref="Common.ReferenceDataOptions"/>, <c>Node:Demo</c> to
/// <see cref="Web.DemoModeOptions"/>; no module reads this class.
/// </summary>
public sealed class NodeOptions
{
    public const string Section = "Node";

    /// <summary>The node's name within its agency, e.g. <c>national</c> (the demo names each of its nodes).</summary>
    public string Name { get; set; } = "national";
}
