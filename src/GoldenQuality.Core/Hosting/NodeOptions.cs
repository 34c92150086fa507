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

    /// <summary>
    /// The addresses of the reverse proxies in front of this instance (e.g. <c>127.0.0.1</c> for <c>gq proxy</c> on the
    /// same machine): from them alone the client's address is taken from <c>X-Forwarded-For</c>, so that sign-in limits
    /// and the security log see the client, not the proxy. Empty: forwarded headers are ignored.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];
}
