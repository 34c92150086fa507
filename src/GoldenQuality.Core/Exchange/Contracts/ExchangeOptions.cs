namespace GoldenQuality.Exchange.Contracts;

/// <summary>Configuration of the exchange (section <c>Exchange</c>). The exchange is off until <see cref="NodeId"/> is set.</summary>
public sealed class ExchangeOptions
{
    public const string Section = "Exchange";

    /// <summary>This node's identifier, <c>GQ/&lt;class&gt;/&lt;agency&gt;/&lt;node&gt;</c>, e.g. <c>GQ/GOV/AQSIQ/national</c>.</summary>
    public string? NodeId { get; set; }

    /// <summary>The node's ECDSA P-256 key (PKCS#8 PEM); generated there with mode 0600 when missing.</summary>
    public string KeyFile { get; set; } = ".gq/node-key.pem";

    /// <summary>
    /// The key this node rotates to (decision 0025): generated there when missing. The node signs with it, and presents
    /// the certificate derived from it, once the directory in force lists it as the node's key and its
    /// <c>keyValidFrom</c> has come; until then it signs with <see cref="KeyFile"/>.
    /// </summary>
    public string? NextKeyFile { get; set; }

    /// <summary>
    /// The federation authority's public key (base64 SubjectPublicKeyInfo): the trust anchor. After the authority's key
    /// rotates, the directory's chain of links leads from this key to the new one, so it need not be changed.
    /// </summary>
    public string? AuthorityKey { get; set; }

    /// <summary>A signed directory file to load (the authority serves the one it signed).</summary>
    public string? DirectoryFile { get; set; }

    /// <summary>The authority node's base URL, from which the directory is fetched and refreshed.</summary>
    public string? DirectoryUrl { get; set; }

    /// <summary>
    /// The mutual-TLS peer listener, <c>https://ADDRESS:PORT</c>: the inbox, query and directory endpoints are served there
    /// to clients whose certificate the directory pins (decision 0009). The directory lists this URL as the node's endpoint.
    /// </summary>
    public string? PeerUrl { get; set; }

    /// <summary>
    /// Where this instance binds its peer listener, <c>https://ADDRESS:PORT</c>, when that is not <see cref="PeerUrl"/>:
    /// several instances of one node each bind their own, and a TCP relay (<c>gq proxy</c>) at <see cref="PeerUrl"/> passes
    /// peers' connections through to them, so that mutual TLS still ends at the node (docs/operations.md).
    /// </summary>
    public string? PeerListenUrl { get; set; }

    /// <summary>
    /// Loopback development only: the peer endpoints also answer plain HTTP on the main listener, and peers with http://
    /// loopback endpoints are reached without TLS. Start-up refuses it when the node listens on a non-loopback address.
    /// </summary>
    public bool AllowPlainHttp { get; set; }

    public int DirectoryRefreshSeconds { get; set; } = 60;

    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// How long the delivery worker waits for a peer to answer one batch. A batch that is not answered in time is not
    /// counted as a failed attempt while it has more than one envelope: the next batch to that peer is half as large, and it
    /// grows back after each batch answered (a peer busy after an outage still receives its backlog). Keep it below
    /// <see cref="LeaseSeconds"/>, so that no row is leased out again while it is still being sent.
    /// </summary>
    public int SendTimeoutSeconds { get; set; } = 20;

    public int MaxAttempts { get; set; } = 12;

    /// <summary>First retry delay; it doubles with each attempt (with jitter), up to <see cref="MaxRetryDelaySeconds"/>.</summary>
    public double RetryBaseSeconds { get; set; } = 0.5;

    public double MaxRetryDelaySeconds { get; set; } = 300;

    /// <summary>
    /// The longest the delivery worker sleeps between looks at the outbox when nothing wakes it: a save that queues
    /// envelopes wakes it at once and a retry wakes it when due, so this only bounds how late it sees rows queued by
    /// another instance of the node.
    /// </summary>
    public int PollMilliseconds { get; set; } = 1000;

    public int LeaseSeconds { get; set; } = 30;

    public int MaxPayloadBytes { get; set; } = 256 * 1024;

    public int ClockSkewSeconds { get; set; } = 120;

    /// <summary>An envelope created longer ago than this is refused as a replay.</summary>
    public int ReplayWindowSeconds { get; set; } = 3 * 24 * 3600;

    /// <summary>A signed checkpoint is written every this many log entries ...</summary>
    public int CheckpointEvery { get; set; } = 1000;

    /// <summary>... and at least this often while the log grows.</summary>
    public int CheckpointSeconds { get; set; } = 60;

    /// <summary>How often the node publishes its signed log checkpoints to its peers, the witnesses (0: never; <c>POST /api/exchange/witness</c> publishes now).</summary>
    public int WitnessEverySeconds { get; set; } = 300;

    /// <summary>How often the exchange's gauges on <c>/metrics</c> (outbox backlog, dead letters, witness conflicts) are read from the database.</summary>
    public int MetricsEverySeconds { get; set; } = 15;

    /// <summary>The most envelopes one inbox request may carry (a larger batch is refused whole with 413); keep <see cref="BatchSize"/> below it.</summary>
    public int MaxInboxBatch { get; set; } = 500;
}
