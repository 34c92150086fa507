namespace GoldenQuality.Common;

/// <summary>
/// Where the node's reference data files are and whether they are loaded at start-up (keys <c>Node:ReferenceData</c>
/// and <c>Node:SeedReferenceData</c>). Every module that reads a file under <c>data/</c> takes its folder from here.
/// </summary>
public sealed class ReferenceDataOptions
{
    public const string Section = "Node";

    /// <summary>Where the reference data files are; by default the <c>data</c> folder beside the executable.</summary>
    public string ReferenceData { get; set; } = Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>Load the reference data idempotently at start-up, after the migrations.</summary>
    public bool SeedReferenceData { get; set; } = true;
}
