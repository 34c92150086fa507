using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GoldenQuality.Exchange.Contracts;

/// <summary>A member of the federation: an agency, e.g. <c>GQ/GOV/AQSIQ</c>.</summary>
public sealed record DirectoryMember(string Id, string Name);

/// <summary>
/// A key a node signed with before its current one (decision 0025). Signatures made before <see cref="Ends"/> stay
/// verifiable; later ones are refused, and so is its TLS certificate.
/// </summary>
/// <param name="PublicKey">Base64 SubjectPublicKeyInfo.</param>
/// <param name="TlsPin">The pin of the certificate the node presented with it (absent: the pin of the key).</param>
/// <param name="ValidTo">The end of the overlap with the next key: the node had switched by then.</param>
/// <param name="RevokedAt">When the key is known to have been compromised, if it was.</param>
public sealed record PreviousNodeKey(
    string PublicKey,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TlsPin,
    DateTimeOffset ValidTo,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? RevokedAt = null)
{
    /// <summary>When the key stops verifying: the end of its overlap, or its revocation if that came first.</summary>
    [JsonIgnore]
    public DateTimeOffset Ends => RevokedAt is { } revoked && revoked < ValidTo ? revoked : ValidTo;

    [JsonIgnore]
    public string Pin => TlsPin is { Length: > 0 } pin ? pin : TransportPins.OfPublicKey(PublicKey);
}

/// <summary>
/// A node: its identifier <c>GQ/&lt;class&gt;/&lt;agency&gt;/&lt;node&gt;</c>, endpoint (its mutual-TLS peer URL), public key,
/// hosted offices, and the pin of its TLS certificate (base64 SHA-256 of the SubjectPublicKeyInfo; absent in older
/// directories, where it is the pin of <see cref="PublicKey"/>, from which the node derives its certificate).
/// After a rotation (decision 0025) <see cref="PublicKey"/> is the new key, which the node signs with from
/// <see cref="KeyValidFrom"/>, and <see cref="PreviousKeys"/> the keys it signed with before.
/// </summary>
public sealed record DirectoryNode(
    string Id,
    string Endpoint,
    string PublicKey,
    string[] Offices,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TlsPin = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? KeyValidFrom = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PreviousNodeKey[]? PreviousKeys = null)
{
    /// <summary>The member the node belongs to: its first three parts.</summary>
    [JsonIgnore]
    public string Member => Parties.MemberOf(Id);

    /// <summary>
    /// The public keys that verify a signature this node made at <paramref name="at"/>: the current key first, then the
    /// previous keys that had not ended by then (not revoked, overlap not over).
    /// </summary>
    public IReadOnlyList<string> KeysAt(DateTimeOffset at) =>
        [PublicKey, .. (PreviousKeys ?? []).Where(k => at < k.Ends).Select(k => k.PublicKey)];

    /// <summary>The TLS pins the node may present at <paramref name="at"/>: its current one, and those of previous keys not ended.</summary>
    public IReadOnlyList<string> PinsAt(DateTimeOffset at) =>
        [TransportPins.Of(this), .. (PreviousKeys ?? []).Where(k => at < k.Ends).Select(k => k.Pin)];

    /// <summary>
    /// How specifically this node claims the office: -1 when it does not, the prefix's length for a claim such as
    /// <c>CIQ-*</c> (a trailing <c>*</c> is a prefix), <see cref="int.MaxValue"/> for the exact code. Whether it is the
    /// office's host is the directory's answer (<see cref="FederationDirectoryDocument.HostOf"/>): the most specific claim wins.
    /// </summary>
    public int ClaimOn(string office) => Offices
        .Select(o => o.EndsWith('*')
            ? (office.StartsWith(o[..^1], StringComparison.Ordinal) ? o.Length - 1 : -1)
            : (string.Equals(o, office, StringComparison.Ordinal) ? int.MaxValue : -1))
        .DefaultIfEmpty(-1)
        .Max();
}

/// <summary>A message type the federation knows.</summary>
public sealed record DirectoryMessageType(string Type, string Description);

/// <summary>Who must act at one step of an exchange, and by when.</summary>
public sealed record AgreementStep(string Step, string Accountable, string ResponseDeadline);

/// <summary>The legal basis of an agreement: the regulation and the article it cites.</summary>
public sealed record LegalBasis(string Regulation, string Article);

/// <summary>
/// A sharing agreement: which provider may send which message types (or answer which datasets) to which
/// consumers, for what purpose and on what legal basis, with which fields, and who answers for each step.
/// Providers and consumers are member ids (<c>GQ/GOV/CUSTOMS</c>) or node ids.
/// </summary>
public sealed record Agreement(
    string Id,
    string Provider,
    string[] Consumers,
    string[] MessageTypes,
    string[] Datasets,
    string Purpose,
    LegalBasis LegalBasis,
    string[] AllowedFields,
    string Sensitivity,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidTo,
    AgreementStep[] Steps)
{
    public bool Covers(string provider, string consumer, string messageTypeOrDataset, bool dataset) =>
        Parties.Matches(Provider, provider) && Consumers.Any(c => Parties.Matches(c, consumer)) &&
        (dataset ? Datasets : MessageTypes).Contains(messageTypeOrDataset, StringComparer.Ordinal);

    public bool IsValidAt(DateTimeOffset at) => at >= ValidFrom && at < ValidTo;
}

/// <summary>The federation directory: the trust anchor every node verifies and caches.</summary>
public sealed record FederationDirectoryDocument(
    long Version,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidTo,
    string Authority,
    DirectoryMember[] Members,
    DirectoryNode[] Nodes,
    DirectoryMessageType[] MessageTypes,
    Agreement[] Agreements,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string[]? AuthorityChain = null)
{
    /// <summary>
    /// The node that hosts the office: the one whose claim is the most specific (an exact code over a prefix, a longer
    /// prefix over a shorter one), so that the national node's <c>CIQ-*</c> hosts every CIQ office that has no node of
    /// its own and a provincial node's <c>CIQ-ZJ*</c> takes Zhejiang's. Null when no node claims it.
    /// </summary>
    public DirectoryNode? HostOf(string office) =>
        Nodes.Select(n => (Node: n, Claim: n.ClaimOn(office))).Where(x => x.Claim >= 0).OrderByDescending(x => x.Claim).Select(x => x.Node).FirstOrDefault();

    /// <summary>
    /// Office claims that two nodes make alike (the same code, or the same prefix): the directory could not say which
    /// of them hosts those offices, so such a directory is never signed nor accepted.
    /// </summary>
    public IReadOnlyList<string> ClaimConflicts() =>
        [.. Nodes.SelectMany(n => n.Offices.Distinct(StringComparer.Ordinal).Select(o => (Claim: o, Node: n.Id)))
            .GroupBy(x => x.Claim, StringComparer.Ordinal)
            .Where(g => g.Select(x => x.Node).Distinct(StringComparer.Ordinal).Count() > 1)
            .Select(g => $"office {g.Key} is claimed by {string.Join(" and ", g.Select(x => x.Node).Distinct(StringComparer.Ordinal))}")];
}

/// <summary>Party identifiers: a node (<c>GQ/GOV/AQSIQ/national</c>) or an office hosted on a node (<c>…/national/CIQ-NB</c>).</summary>
public static class Parties
{
    public static string MemberOf(string party)
    {
        var parts = party.Split('/');
        return parts.Length >= 3 ? string.Join('/', parts[..3]) : party;
    }

    public static string NodeOf(string party)
    {
        var parts = party.Split('/');
        return parts.Length >= 4 ? string.Join('/', parts[..4]) : party;
    }

    public static string? OfficeOf(string party)
    {
        var parts = party.Split('/');
        return parts.Length == 5 ? parts[4] : null;
    }

    public static bool IsWellFormed(string? party)
    {
        var parts = party?.Split('/');
        return parts is { Length: 4 or 5 } && parts[0] == "GQ" && parts.All(p => p.Length > 0 && p.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'));
    }

    /// <summary>True when <paramref name="pattern"/> (a member, node or party id) covers <paramref name="party"/>.</summary>
    public static bool Matches(string pattern, string party) =>
        string.Equals(pattern, party, StringComparison.Ordinal) ||
        party.StartsWith(pattern + "/", StringComparison.Ordinal);
}

/// <summary>
/// The pins of the peer transport's TLS certificates as the directory lists them (<see cref="DirectoryNode.TlsPin"/>):
/// base64 SHA-256 of a SubjectPublicKeyInfo. Whoever builds a directory (the authority, the demo) computes them here.
/// </summary>
public static class TransportPins
{
    /// <summary>The pin of a public key given as base64 SubjectPublicKeyInfo (the directory's <c>publicKey</c>).</summary>
    public static string OfPublicKey(string publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return Convert.ToBase64String(SHA256.HashData(Convert.FromBase64String(publicKey)));
    }

    /// <summary>The pin the directory lists for a node: explicit, or (older directories) that of the node's signing key.</summary>
    public static string Of(DirectoryNode directoryNode)
    {
        ArgumentNullException.ThrowIfNull(directoryNode);
        return directoryNode.TlsPin is { Length: > 0 } pin ? pin : OfPublicKey(directoryNode.PublicKey);
    }
}

/// <summary>
/// One step of the authority's key rotation: <see cref="Previous"/> hands the signing of directories to <see cref="Next"/>
/// from <see cref="At"/>, signed by the previous key (both base64 SubjectPublicKeyInfo). The directory carries every link
/// (<see cref="FederationDirectoryDocument.AuthorityChain"/>), so a node whose anchor is an older key follows them.
/// </summary>
public sealed record AuthorityLink(string Previous, string Next, DateTimeOffset At);

/// <summary>Signing, verifying and reading the directory (a JWS whose payload is the directory JSON).</summary>
public static class DirectorySigning
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Signs the directory with the authority's key; refuses one in which two nodes claim an office alike.</summary>
    public static string Sign(FederationDirectoryDocument directory, ECDsa authorityKey)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (directory.ClaimConflicts() is [_, ..] conflicts)
        {
            throw new InvalidDataException($"The directory cannot be signed: {string.Join("; ", conflicts)}.");
        }

        return Jws.Sign(JsonSerializer.SerializeToUtf8Bytes(directory, Json), directory.Authority, authorityKey);
    }

    /// <summary>A link of the authority chain: <paramref name="previous"/> (the key in force) hands over to <paramref name="nextPublicKey"/>.</summary>
    public static string LinkAuthority(string authorityId, ECDsa previous, string nextPublicKey, DateTimeOffset at) =>
        Jws.Sign(JsonSerializer.SerializeToUtf8Bytes(new AuthorityLink(NodeKeys.PublicKey(previous), nextPublicKey, at), Json), authorityId, previous);

    /// <summary>
    /// The key a directory must be signed with for a node that trusts <paramref name="anchor"/>: the anchor itself, or the
    /// key that the directory's chain of links leads to from it, each link verified with the key before it. Links before
    /// the anchor are passed over, so a node that has followed a rotation no longer accepts the older key.
    /// </summary>
    public static string AuthorityKeyFrom(FederationDirectoryDocument directory, string anchor)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var current = anchor;
        foreach (var link in directory.AuthorityChain ?? [])
        {
            AuthorityLink? step = null;
            try
            {
                step = Jws.TryRead(link, out _, out var body) ? JsonSerializer.Deserialize<AuthorityLink>(body, Json) : null;
            }
            catch (JsonException)
            {
            }

            if (step is not { Previous.Length: > 0, Next.Length: > 0 })
            {
                throw new InvalidDataException($"The directory (version {directory.Version}) holds an authority link that is not a signed link.");
            }

            if (step.Previous != current)
            {
                continue;
            }

            using var key = PublicKeyOf(current, "The authority key");
            if (!Jws.Verify(link, key))
            {
                throw new InvalidDataException($"The directory (version {directory.Version}) holds an authority link that does not verify with the key it hands over from.");
            }

            using (PublicKeyOf(step.Next, $"The key that an authority link of directory version {directory.Version} hands over to"))
            {
                current = step.Next;
            }
        }

        return current;
    }

    /// <summary>An EC public key (SPKI, base64), or an <see cref="InvalidDataException"/> naming <paramref name="what"/>.</summary>
    private static ECDsa PublicKeyOf(string spkiBase64, string what)
    {
        try
        {
            return NodeKeys.FromPublicKey(spkiBase64);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            throw new InvalidDataException($"{what} is not an EC public key (SubjectPublicKeyInfo, base64): {e.Message}", e);
        }
    }

    /// <summary>Verifies the JWS with the authority's key and parses it; throws with the reason otherwise.</summary>
    public static FederationDirectoryDocument Verify(string jws, ECDsa authorityKey, DateTimeOffset now) =>
        Verify(jws, NodeKeys.PublicKey(authorityKey), now, out _);

    /// <summary>
    /// Verifies the JWS with the key the authority chain leads to from <paramref name="anchor"/> (returned in
    /// <paramref name="authorityKey"/>) and parses it; without <paramref name="now"/> its validity period is not checked
    /// (reading what was signed in the past). Throws with the reason otherwise.
    /// </summary>
    public static FederationDirectoryDocument Verify(string jws, string anchor, DateTimeOffset? now, out string authorityKey)
    {
        if (!Jws.TryRead(jws, out _, out var payload))
        {
            throw new InvalidDataException("The directory is not a JWS (ES256).");
        }

        FederationDirectoryDocument? directory;
        try
        {
            directory = JsonSerializer.Deserialize<FederationDirectoryDocument>(payload, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("The directory is not valid JSON: " + e.Message, e);
        }

        if (directory is null)
        {
            throw new InvalidDataException("The directory is empty.");
        }

        authorityKey = AuthorityKeyFrom(directory, anchor);
        using (var key = PublicKeyOf(authorityKey, "The authority key"))
        {
            if (!Jws.Verify(jws, key))
            {
                throw new InvalidDataException(authorityKey == anchor
                    ? "The directory's signature does not verify with the federation authority's key."
                    : "The directory's signature does not verify with the authority key its chain of links leads to.");
            }
        }

        if (now is { } at && (at < directory.ValidFrom || at >= directory.ValidTo))
        {
            throw new InvalidDataException($"The directory (version {directory.Version}) is valid from {directory.ValidFrom:O} to {directory.ValidTo:O}, not at {at:O}.");
        }

        if (directory.ClaimConflicts() is [_, ..] conflicts)
        {
            throw new InvalidDataException($"The directory (version {directory.Version}) is refused: {string.Join("; ", conflicts)}.");
        }

        return directory;
    }
}

/// <summary>
/// The directory in force on this node, with the peers' public keys imported once.
/// It is replaced atomically when a newer signed version arrives.
/// </summary>
public sealed class DirectoryState
{
    private volatile Snapshot? current;

    public sealed class Snapshot(FederationDirectoryDocument document, string jws, string? authorityKey)
    {
        private readonly ConcurrentDictionary<string, ECDsa> keys = new(StringComparer.Ordinal);

        public FederationDirectoryDocument Document { get; } = document;

        public string Jws { get; } = jws;

        /// <summary>The authority key this version was verified with (base64 SPKI): later versions must chain from it.</summary>
        public string? AuthorityKey { get; } = authorityKey;

        public DirectoryNode? Node(string nodeId) => Document.Nodes.FirstOrDefault(n => n.Id == nodeId);

        /// <summary>The node that hosts the office (the most specific claim wins), or null.</summary>
        public DirectoryNode? HostOf(string office) => Document.HostOf(office);

        /// <summary>True when <paramref name="nodeId"/> is the node that hosts <paramref name="office"/>.</summary>
        public bool IsHost(string nodeId, string office) => HostOf(office)?.Id == nodeId;

        /// <summary>The keys that verify a signature <paramref name="nodeId"/> made at <paramref name="at"/> (<see cref="DirectoryNode.KeysAt"/>); empty when it is not listed.</summary>
        public IReadOnlyList<ECDsa> KeysOf(string nodeId, DateTimeOffset at) =>
            Node(nodeId) is { } node ? [.. node.KeysAt(at).Select(k => keys.GetOrAdd(k, NodeKeys.FromPublicKey))] : [];

        /// <summary>True when the JWS verifies with a key <paramref name="nodeId"/> held at <paramref name="at"/>.</summary>
        public bool Verifies(string nodeId, string jws, DateTimeOffset at) => KeysOf(nodeId, at).Any(k => GoldenQuality.Exchange.Contracts.Jws.Verify(jws, k));

        /// <summary>The agreement that covers the exchange, preferring one valid at <paramref name="at"/>.</summary>
        public (Agreement? Valid, Agreement? Expired) Find(string provider, string consumer, string type, bool dataset, DateTimeOffset at)
        {
            var covering = Document.Agreements.Where(a => a.Covers(provider, consumer, type, dataset)).ToList();
            return (covering.FirstOrDefault(a => a.IsValidAt(at)), covering.FirstOrDefault());
        }
    }

    public Snapshot? Current => current;

    public Snapshot Required => current ?? throw new InvalidOperationException("This node has no verified federation directory yet.");

    /// <summary>Puts a verified version in force (an older one than the version in force is ignored).</summary>
    public void Set(FederationDirectoryDocument document, string jws, string? authorityKey = null)
    {
        if (current is { } existing && existing.Document.Version > document.Version)
        {
            return;
        }

        current = new Snapshot(document, jws, authorityKey);
    }
}
