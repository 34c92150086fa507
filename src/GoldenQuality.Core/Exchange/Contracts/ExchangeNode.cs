using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Exchange.Contracts;

/// <summary>This node's exchange identity: its id, its signing key, the directory in force, and the write lock.</summary>
public sealed class ExchangeNode : IDisposable
{
    private readonly Lazy<ECDsa> key;
    private readonly Lazy<(ECDsa Key, string PublicKey)?> nextKey;
    private readonly Lazy<ECDsa?> authorityKey;
    private readonly TimeProvider clock;

    public ExchangeNode(IOptions<ExchangeOptions> options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
        this.clock = clock ?? TimeProvider.System;
        key = new Lazy<ECDsa>(() => NodeKeys.LoadOrCreate(Options.KeyFile));
        nextKey = new Lazy<(ECDsa, string)?>(() =>
            Options.NextKeyFile is { Length: > 0 } file && NodeKeys.LoadOrCreate(file) is var next ? (next, NodeKeys.PublicKey(next)) : null);
        authorityKey = new Lazy<ECDsa?>(() => Options.AuthorityKey is { Length: > 0 } k ? NodeKeys.FromPublicKey(k) : null);
    }

    public ExchangeOptions Options { get; }

    public bool Enabled => !string.IsNullOrEmpty(Options.NodeId);

    public string Id => Options.NodeId ?? throw new InvalidOperationException("Exchange:NodeId is not configured.");

    /// <summary>
    /// The key this node signs with now: <see cref="ExchangeOptions.NextKeyFile"/>'s once the directory in force lists it
    /// as this node's key and its <c>keyValidFrom</c> has come (decision 0025), else <see cref="ExchangeOptions.KeyFile"/>'s.
    /// </summary>
    public ECDsa Key =>
        Enabled && nextKey.Value is { } next && Directory.Current?.Node(Id) is { } listed && listed.PublicKey == next.PublicKey &&
        (listed.KeyValidFrom is not { } from || from <= clock.GetUtcNow())
            ? next.Key
            : key.Value;

    /// <summary>The keys this node holds (its key file's, and the next one's if configured).</summary>
    public IEnumerable<ECDsa> OwnKeys => nextKey.Value is { } next ? [key.Value, next.Key] : [key.Value];

    /// <summary>The configured trust anchor (<see cref="ExchangeOptions.AuthorityKey"/>).</summary>
    public ECDsa? AuthorityKey => authorityKey.Value;

    /// <summary>
    /// The authority key the next directory must verify with (base64 SPKI): the one the version in force was verified
    /// with, which the authority chain may have moved on from the configured anchor; null without an anchor.
    /// </summary>
    public string? TrustedAuthorityKey => Directory.Current?.AuthorityKey ?? (Options.AuthorityKey is { Length: > 0 } anchor ? anchor : null);

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

        if (nextKey.IsValueCreated)
        {
            nextKey.Value?.Key.Dispose();
        }

        if (authorityKey.IsValueCreated)
        {
            authorityKey.Value?.Dispose();
        }

        WriteLock.Dispose();
    }
}
