using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Exchange.Contracts;

/// <summary>This node's exchange identity: its id, its signing key, the directory in force, and the write lock.</summary>
public sealed class ExchangeNode : IDisposable
{
    private readonly Lazy<ECDsa> key;
    private readonly Lazy<ECDsa?> authorityKey;

    public ExchangeNode(IOptions<ExchangeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
        key = new Lazy<ECDsa>(() => NodeKeys.LoadOrCreate(Options.KeyFile));
        authorityKey = new Lazy<ECDsa?>(() => Options.AuthorityKey is { Length: > 0 } k ? NodeKeys.FromPublicKey(k) : null);
    }

    public ExchangeOptions Options { get; }

    public bool Enabled => !string.IsNullOrEmpty(Options.NodeId);

    public string Id => Options.NodeId ?? throw new InvalidOperationException("Exchange:NodeId is not configured.");

    public ECDsa Key => key.Value;

    public ECDsa? AuthorityKey => authorityKey.Value;

    public DirectoryState Directory { get; } = new();

    /// <summary>Serialises this process's writes to the message log (and claims of outbox rows).</summary>
    internal SemaphoreSlim WriteLock { get; } = new(1, 1);

    /// <summary>True when the party is this node or an office the directory says this node hosts.</summary>
    public bool Hosts(string party)
    {
        if (!Enabled || Parties.NodeOf(party) != Id)
        {
            return false;
        }

        var office = Parties.OfficeOf(party);
        return office is null || Directory.Current?.IsHost(Id, office) == true;
    }

    /// <summary><c>{node}/{office}</c> for the node of the directory that hosts the office; null when the exchange is off or no node does.</summary>
    public string? PartyOf(string office) =>
        Enabled && office.Length > 0 && Directory.Current?.HostOf(office) is { } host ? $"{host.Id}/{office}" : null;

    public void Dispose()
    {
        if (key.IsValueCreated)
        {
            key.Value.Dispose();
        }

        if (authorityKey.IsValueCreated)
        {
            authorityKey.Value?.Dispose();
        }

        WriteLock.Dispose();
    }
}
