using Microsoft.Extensions.Configuration;

namespace GoldenQuality.Persistence;

/// <summary>
/// The node's database setting, read by the modules that need it (Persistence, Identity's key store) from the
/// <c>Node:Database</c> key (<c>GQ_DB</c> and <c>--db</c> set the same key), so that none of them needs the host's options.
/// </summary>
public static class DatabaseOptions
{
    /// <summary>The configuration key of the connection string.</summary>
    public const string Key = "Node:Database";

    /// <summary>The default: a SQLite file under <c>.gq/</c> in the working folder.</summary>
    public const string Default = "Data Source=.gq/national.db";

    /// <summary>The configured connection string, or the default.</summary>
    public static string ConnectionString(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[Key] is { Length: > 0 } value ? value : Default;
    }
}
