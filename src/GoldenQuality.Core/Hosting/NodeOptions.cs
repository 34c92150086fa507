namespace GoldenQuality.Hosting;

/// <summary>The configuration of one node (section <c>Node</c>; <c>GQ_DB</c> sets the database).</summary>
public sealed class NodeOptions
{
    public const string Section = "Node";

    /// <summary>The node's name within its agency, e.g. <c>national</c>.</summary>
    public string Name { get; set; } = "national";

    /// <summary>A SQLite connection string or file path, or a PostgreSQL connection string (<c>Host=...</c>).</summary>
    public string Database { get; set; } = "Data Source=.gq/national.db";

    /// <summary>Where the reference data files are; by default the <c>data</c> folder beside the executable.</summary>
    public string ReferenceData { get; set; } = Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>Load the reference data idempotently at start-up, after the migrations.</summary>
    public bool SeedReferenceData { get; set; } = true;

    /// <summary>The node runs the demo (<c>gq demo</c>): the start page lists the demo accounts of <c>data/demo/users.csv</c>.</summary>
    public bool Demo { get; set; }
}
