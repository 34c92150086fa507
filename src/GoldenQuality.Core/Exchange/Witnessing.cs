using System.Security.Cryptography;
using System.Text.Json;
using GoldenQuality.Audit.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoldenQuality.Exchange;

/// <summary>The public keys of the directory's nodes: the one in force, else the cached copy verified with the trust anchor.</summary>
internal static class WitnessKeys
{
    public static async Task<FederationDirectoryDocument?> DirectoryAsync(GqDbContext db, ExchangeNode node, CancellationToken ct)
    {
        if (node.Directory.Current is { } current)
        {
            return current.Document;
        }

        // Offline (gq log verify): the cached copy, signed by the authority. Its validity period does not matter here:
        // the keys it lists are the ones the statements were signed with.
        var cached = await db.Set<CachedDirectory>().AsNoTracking().Select(d => d.Jws).FirstOrDefaultAsync(ct);
        if (cached is null || node.TrustedAuthorityKey is not { } anchor)
        {
            return null;
        }

        try
        {
            return DirectorySigning.Verify(cached, anchor, now: null, out _);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The keys of <paramref name="nodeId"/> that verify what it signed at <paramref name="at"/> (the caller disposes them); empty when it is not listed.</summary>
    public static List<ECDsa> KeysOf(FederationDirectoryDocument? directory, string nodeId, DateTimeOffset at) =>
        directory?.Nodes.FirstOrDefault(n => n.Id == nodeId) is { } n ? [.. n.KeysAt(at).Select(NodeKeys.FromPublicKey)] : [];
}

/// <summary>What one witness publication did: the checkpoints published, the peers they went to, the peers skipped and why.</summary>
public sealed record WitnessPublication(IReadOnlyList<PublishedCheckpoint> Checkpoints, IReadOnlyList<string> SentTo, IReadOnlyList<SkippedPeer> Skipped);

public sealed record PublishedCheckpoint(string Log, long Sequence, string Hash, DateTimeOffset At);

public sealed record SkippedPeer(string Peer, string Reason);

/// <summary>
/// Publishes this node's latest signed checkpoints of the message log and the audit log to every other node of the
/// directory (<c>exchange.checkpoint.published</c>), at most one publication pending per peer.
/// </summary>
internal sealed class WitnessPublisher(GqDbContext db, ExchangeNode node, ExchangeSender sender, DirectoryService directoryService)
{
    public async Task<WitnessPublication> PublishAsync(CancellationToken ct)
    {
        if (!node.Enabled || node.Directory.Current is not { } directory)
        {
            return new WitnessPublication([], [], []);
        }

        await directoryService.CheckpointAsync(ct);
        var message = await db.Set<LogCheckpoint>().AsNoTracking().OrderByDescending(c => c.Sequence).FirstOrDefaultAsync(ct);
        var audit = await db.Set<AuditCheckpoint>().AsNoTracking().OrderByDescending(c => c.Sequence).FirstOrDefaultAsync(ct);
        var published = new List<PublishedCheckpoint>();
        var jws = new List<string>();
        if (message is not null)
        {
            published.Add(new(WitnessSigning.LogName(WitnessedLog.Message), message.Sequence, message.Hash, message.At));
            jws.Add(message.Signature);
        }

        if (audit is not null)
        {
            published.Add(new(WitnessSigning.LogName(WitnessedLog.Audit), audit.Sequence, audit.Hash, audit.At));
            jws.Add(audit.Signature);
        }

        if (jws.Count == 0)
        {
            return new WitnessPublication([], [], []);
        }

        var peers = directory.Document.Nodes.Select(n => n.Id).Where(id => id != node.Id).ToList();
        var pending = (await db.Set<OutboxMessage>().AsNoTracking()
            .Where(o => o.Type == WitnessWire.CheckpointPublishedType && o.Status == OutboxStatus.Pending).Select(o => o.RecipientNode).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var skipped = peers.Where(pending.Contains).Select(p => new SkippedPeer(p, "a publication to it is still pending")).ToList();
        var targets = peers.Where(p => !pending.Contains(p)).ToList();
        if (targets.Count == 0)
        {
            return new WitnessPublication(published, [], skipped);
        }

        var result = sender.As(SendingModule.Exchange).Send(db, WitnessWire.CheckpointPublishedType, new { checkpoints = jws }, targets);
        await db.SaveChangesAsync(ct);
        skipped.AddRange(result.Denied.Select(d => new SkippedPeer(d.Party, d.Reason)));
        return new WitnessPublication(published, result.Recipients, skipped);
    }
}

/// <summary>Publishes the checkpoints every <c>Exchange:WitnessEverySeconds</c> (0: never).</summary>
internal sealed partial class WitnessWorker(IServiceScopeFactory scopes, ExchangeNode node, TimeProvider clock, ILogger<WitnessWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!node.Enabled || node.Options.WitnessEverySeconds <= 0)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(node.Options.WitnessEverySeconds), clock, stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<WitnessPublisher>().PublishAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
#pragma warning disable CA1031 // A failed publication is retried at the next interval; the node keeps serving.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(logger, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish the log checkpoints to the witnesses: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}

/// <summary>
/// A peer's <c>exchange.checkpoint.published</c>: each checkpoint must verify with the sender's directory key and name
/// the sender; a checkpoint contradicting one the sender showed before (another hash for the same sequence, or a lower
/// sequence with a later time) is kept with it as a <see cref="WitnessConflict"/> and not signed; the others are kept and
/// answered with this node's signed statements (<c>exchange.checkpoint.witnessed</c>).
/// </summary>
internal sealed class CheckpointPublishedHandler(ExchangeNode node, ExchangeSender sender, TimeProvider clock) : IEnvelopeHandler
{
    public bool Handles(string type) => type == WitnessWire.CheckpointPublishedType;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(header);
        var origin = Parties.NodeOf(header.Sender);
        var now = MessageLog.Truncate(clock.GetUtcNow());
        var keys = node.Directory.Current?.KeysOf(origin, now) ?? [];
        var list = WitnessSigning.ReadList(payload, "checkpoints", 2);
        if (keys.Count == 0 || list is null)
        {
            Refuse(db, header, keys.Count == 0 ? $"{origin} is not in the directory" : "checkpoints: a list of one or two signed checkpoints is required");
            return;
        }

        var statements = new List<string>();
        foreach (var jws in list)
        {
            var claim = WitnessSigning.ReadCheckpoint(jws, keys, out var problem);
            problem ??= claim!.Node != origin ? $"the checkpoint names {claim.Node}, not its sender {origin}" : null;
            if (problem is not null)
            {
                Refuse(db, header, $"checkpoint refused: {problem}");
                continue;
            }

            var seen = await SeenAsync(db, origin, claim!.Log, ct);
            var same = seen.FirstOrDefault(s => s.Sequence == claim.Sequence);
            var contradiction = same is not null && same.Hash != claim.Hash ? (same, $"two hashes for sequence {claim.Sequence}")
                : seen.FirstOrDefault(s => (s.Sequence > claim.Sequence && s.CheckpointAt < claim.At) || (s.Sequence < claim.Sequence && s.CheckpointAt > claim.At)) is { } c
                    ? (c, $"sequence {Math.Min(c.Sequence, claim.Sequence)} is dated after sequence {Math.Max(c.Sequence, claim.Sequence)}")
                : ((WitnessedCheckpoint?)null, (string?)null);
            if (contradiction.Item1 is { } earlier)
            {
                if (!await db.Set<WitnessConflict>().AnyAsync(x => x.Node == origin && x.Log == claim.Log && x.LaterCheckpoint == jws, ct))
                {
                    db.Add(WitnessConflict.Create(Ids.New(clock), origin, claim.Log, claim.Sequence, contradiction.Item2!, earlier.Checkpoint, jws, now));
                }

                continue;
            }

            if (same is null)
            {
                db.Add(same = WitnessedCheckpoint.Create(Ids.New(clock), origin, claim.Log, claim.Sequence, claim.Hash, claim.At, now, jws));
            }

            statements.Add(WitnessSigning.SignStatement(new StatementClaim(node.Id, origin, claim.Log, claim.Sequence, claim.Hash, claim.At, same.SeenAt), node.Key));
        }

        if (statements.Count > 0)
        {
            sender.As(SendingModule.Exchange).Send(db, WitnessWire.CheckpointWitnessedType, new { statements }, [origin], correlationId: header.CorrelationId ?? header.Id, causationId: header.Id);
        }
    }

    private static async Task<List<WitnessedCheckpoint>> SeenAsync(GqDbContext db, string origin, string log, CancellationToken ct) =>
        [
            .. await db.Set<WitnessedCheckpoint>().AsNoTracking().Where(w => w.Node == origin && w.Log == log).ToListAsync(ct),
            .. db.Set<WitnessedCheckpoint>().Local.Where(w => w.Node == origin && w.Log == log),
        ];

    private void Refuse(GqDbContext db, EnvelopeHeader header, string detail) =>
        db.Add(ExchangeRejection.Create(Ids.New(clock), clock.GetUtcNow(), "in", header.Id, header.Type, header.Sender, "witness-refused", detail.Length > 1000 ? detail[..1000] : detail));
}

/// <summary>
/// A peer's <c>exchange.checkpoint.witnessed</c>: each statement must verify with the witness's directory key, be made
/// by the sender and be about this node; it is kept once per witness, log and sequence.
/// </summary>
internal sealed class CheckpointWitnessedHandler(ExchangeNode node, TimeProvider clock) : IEnvelopeHandler
{
    public bool Handles(string type) => type == WitnessWire.CheckpointWitnessedType;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(header);
        var witness = Parties.NodeOf(header.Sender);
        var keys = node.Directory.Current?.KeysOf(witness, clock.GetUtcNow()) ?? [];
        var list = WitnessSigning.ReadList(payload, "statements", 2);
        if (keys.Count == 0 || list is null)
        {
            Refuse(db, header, keys.Count == 0 ? $"{witness} is not in the directory" : "statements: a list of one or two signed statements is required");
            return;
        }

        foreach (var jws in list)
        {
            var s = WitnessSigning.ReadStatement(jws, keys, out var problem);
            problem ??= s!.Witness != witness ? $"the statement is made by {s.Witness}, not by its sender {witness}"
                : s.Node != node.Id ? $"the statement is about {s.Node}, not this node" : null;
            if (problem is not null)
            {
                Refuse(db, header, $"statement refused: {problem}");
                continue;
            }

            if (!await db.Set<WitnessStatement>().AnyAsync(x => x.Witness == witness && x.Log == s!.Log && x.Sequence == s.Sequence, ct) &&
                !db.Set<WitnessStatement>().Local.Any(x => x.Witness == witness && x.Log == s!.Log && x.Sequence == s.Sequence))
            {
                db.Add(WitnessStatement.Create(Ids.New(clock), witness, s!.Log, s.Sequence, s.Hash, s.CheckpointAt, s.SeenAt, jws));
            }
        }
    }

    private void Refuse(GqDbContext db, EnvelopeHeader header, string detail) =>
        db.Add(ExchangeRejection.Create(Ids.New(clock), clock.GetUtcNow(), "in", header.Id, header.Type, header.Sender, "witness-refused", detail.Length > 1000 ? detail[..1000] : detail));
}

/// <summary>
/// Checks a log against the statements its peers signed: each statement's signature with the witness's key from the
/// verified directory, and the local chain's hash at its sequence against the statement's hash.
/// </summary>
internal sealed class LogWitnesses(GqDbContext db, ExchangeNode node, IAuditLog audit) : ILogWitnesses
{
    public async Task<WitnessCheck> VerifyAsync(WitnessedLog log, CancellationToken ct)
    {
        var name = WitnessSigning.LogName(log);
        var statements = await db.Set<WitnessStatement>().AsNoTracking().Where(s => s.Log == name).OrderBy(s => s.Sequence).ThenBy(s => s.Witness).ToListAsync(ct);
        var directory = await WitnessKeys.DirectoryAsync(db, node, ct);
        var peers = statements.Select(s => s.Witness).Distinct(StringComparer.Ordinal).Count();
        var last = statements.Count == 0 ? (long?)null : statements.Max(s => s.Sequence);
        if (statements.Count > 0 && !node.Enabled)
        {
            return new WitnessCheck(false, statements.Count, peers, last, null, "Exchange:NodeId and Exchange:AuthorityKey must be configured (--config) to check the witnesses");
        }

        if (statements.Count > 0 && directory is null)
        {
            return new WitnessCheck(false, statements.Count, peers, last, null, "no verified federation directory holds the witnesses' keys");
        }

        foreach (var s in statements)
        {
            var keys = WitnessKeys.KeysOf(directory, s.Witness, s.SeenAt);
            var claim = WitnessSigning.ReadStatement(s.Statement, keys, out _);
            keys.ForEach(k => k.Dispose());
            if (claim is null || claim.Witness != s.Witness || claim.Node != node.Id || claim.Log != name)
            {
                return new WitnessCheck(false, statements.Count, peers, last, null,
                    $"the statement of {s.Witness} for sequence {s.Sequence} does not verify with its key from the directory");
            }

            var local = log == WitnessedLog.Message
                ? await db.Set<MessageLogEntry>().AsNoTracking().Where(e => e.Sequence == claim.Sequence).Select(e => e.Hash).FirstOrDefaultAsync(ct)
                : await audit.HashAtAsync(claim.Sequence, ct);
            if (local != claim.Hash)
            {
                return new WitnessCheck(false, statements.Count, peers, last, claim.Sequence, local is null
                    ? $"entry {claim.Sequence}, which {s.Witness} witnessed at {claim.SeenAt:O}, is not in the log"
                    : $"at entry {claim.Sequence} the chain's hash differs from the one {s.Witness} signed at {claim.SeenAt:O}");
            }
        }

        return new WitnessCheck(true, statements.Count, peers, last, null, null);
    }
}

/// <summary>What this node's witnesses signed and what its peers showed it that cannot be true (the operator's witness status).</summary>
internal sealed class WitnessStatusQuery(GqDbContext db)
{
    public async Task<WitnessStatus> GetAsync(CancellationToken ct)
    {
        var logs = new List<WitnessLogStatus>();
        foreach (var log in Enum.GetValues<WitnessedLog>())
        {
            var name = WitnessSigning.LogName(log);
            var rows = await db.Set<WitnessStatement>().AsNoTracking().Where(s => s.Log == name)
                .GroupBy(s => s.Witness).Select(g => new WitnessPeerStatus(g.Key, g.Count(), g.Max(s => s.Sequence))).ToListAsync(ct);
            logs.Add(new WitnessLogStatus(name, rows.Sum(r => r.Statements), rows.Count == 0 ? null : rows.Max(r => r.LastSequence), [.. rows.OrderBy(r => r.Witness, StringComparer.Ordinal)]));
        }

        var conflicts = (await db.Set<WitnessConflict>().AsNoTracking().ToListAsync(ct)).OrderByDescending(c => c.SeenAt).Take(100)
            .Select(c => new WitnessConflictView(c.Node, c.Log, c.Sequence, c.Reason, c.SeenAt, c.EarlierCheckpoint, c.LaterCheckpoint)).ToList();
        return new WitnessStatus(logs, conflicts);
    }
}
