namespace GoldenQuality.Persistence;

/// <summary>
/// Where the node's database is: <c>Node:Database</c> (the <c>GQ_DB</c> environment variable and <c>--db</c> set the
/// same key). The key keeps its historic place in the <c>Node</c> section, beside the other node settings.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Node";

    /// <summary>The full configuration key of <see cref="Database"/>: <c>Node:Database</c>.</summary>
    public const string Key = Section + ":" + nameof(Database);

    /// <summary>A SQLite connection string or file path, or a PostgreSQL connection string (<c>Host=...</c>).</summary>
    public string Database { get; set; } = "Data Source=.gq/national.db";

    /// <summary>The full configuration key of <see cref="ReportingDatabase"/>: <c>Node:ReportingDatabase</c>.</summary>
    public const string ReportingKey = Section + ":" + nameof(ReportingDatabase);

    /// <summary>
    /// Where the dashboards and reports read (<see cref="GqDbContext.Reporting"/>): typically a PostgreSQL streaming
    /// standby, <c>Host=standby,primary;…;Target Session Attributes=prefer-standby</c>, so that they neither load the
    /// primary nor wait on it. Unset: they read <see cref="Database"/>. Must be on the same engine as <see cref="Database"/>.
    /// </summary>
    public string? ReportingDatabase { get; set; }

    /// <summary>The settings as configured (the defaults where a key is absent).</summary>
    public static DatabaseOptions From(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        Microsoft.Extensions.Configuration.ConfigurationBinder.Get<DatabaseOptions>(configuration.GetSection(Section)) ?? new DatabaseOptions();
}
