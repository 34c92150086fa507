using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Audit;
using GoldenQuality.Audit.Contracts;
using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Exchange;

/// <summary>
/// Witnessed logs (issue 17, decision 0018): the national node publishes its signed checkpoints to Customs, which keeps
/// what it saw and signs its statement; a log rewritten and re-signed with the node's own key passes the plain chain
/// walk but not the check against the witness's statement; a peer shown two hashes for one sequence keeps both.
/// </summary>

    /// <summary>What the witness and evidence tests share: a federation on a fake clock, publishing, the CLI.</summary>
public abstract class WitnessTestBase
{
    protected abstract DatabaseProvider Provider { get; }

    /// <summary>Both nodes' clock; it moves 1 ms each time it is read, so that checkpoints keep their order.</summary>
    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    protected static readonly Dictionary<string, string?> Settings = new() { ["Exchange:WitnessEverySeconds"] = "0" };

    protected Task<TestFederation> StartFederationAsync() =>
        StartAsync(Provider, configure: (_, services) => services.AddSingleton<TimeProvider>(Clock), settings: Settings);

    internal static async Task<List<Guid>> SendCaseAsync(HttpClient client, TestNode sender, Guid correlationId, int count)
    {
        var sent = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var response = await client.PostAsJsonAsync("/api/exchange/messages", new { type = "test.event", payload = new { n = i, note = "lot 2026-" + i }, correlationId });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            sent.AddRange((await response.Content.ReadFromJsonAsync<PublishResponse>(Envelopes.Json))!.Envelopes);
        }

        await WaitUntilAsync(async () =>
        {
            var (scope, db) = sender.Database();
            await using (scope)
            {
                return await db.Set<OutboxMessage>().CountAsync(o => sent.Contains(o.EnvelopeId) && o.Status == OutboxStatus.Delivered && o.Receipt != null) == count;
            }
        }, "the deliveries and their receipts");
        return sent;
    }

    /// <summary>Publishes the checkpoints now and waits until the witness's statement of the message log is back.</summary>
    internal static async Task<JsonElement> WitnessAsync(HttpClient client, TestNode origin, string witness)
    {
        var response = await client.PostAsync("/api/exchange/witness", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var published = await response.Json();
        var sequence = published.GetProperty("checkpoints").EnumerateArray().Single(c => c.GetProperty("log").GetString() == "message").GetProperty("sequence").GetInt64();
        Assert.Contains(witness, published.GetProperty("sentTo").EnumerateArray().Select(p => p.GetString()));
        await WaitUntilAsync(async () =>
        {
            var (scope, db) = origin.Database();
            await using (scope)
            {
                return await db.Set<WitnessStatement>().AnyAsync(s => s.Witness == witness && s.Log == "message" && s.Sequence == sequence);
            }
        }, "the witness statement");
        return published;
    }

    /// <summary>A configuration file for the CLI on a node's database, with its id, key and the trust anchor.</summary>
    internal static string ConfigFile(TestFederation federation, string id)
    {
        var path = Path.Combine(Path.GetTempPath(), "gq-witness-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            Node = new { Database = federation[id].ConnectionString },
            Exchange = new { NodeId = id, KeyFile = federation[id].KeyFile, federation.AuthorityKey },
        }));
        return path;
    }

    internal static async Task<(int Exit, string Output)> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exit = await GoldenQuality.Cli.GqCli.Build().Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output });
        return (exit, output.ToString());
    }

    /// <summary>
    /// Stops the node and rewrites its message log from <paramref name="from"/> on as an operator with its key would;
    /// returns the re-signed checkpoints by sequence.
    /// </summary>
    internal static async Task<Dictionary<long, string>> RewriteAsync(TestFederation federation, string id, long from)
    {
        var connection = federation[id].ConnectionString;
        await federation.StopNodeAsync(id);
        var options = new DbContextOptionsBuilder<GqDbContext>();
        GoldenQuality.Persistence.Database.Configure(options, connection);
        using var key = NodeKeys.LoadOrCreate(federation[id].KeyFile);
        var resigned = new Dictionary<long, string>();
        await using var db = new GqDbContext(options.Options);
        var entries = await db.Set<MessageLogEntry>().AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
        var previous = entries.Single(e => e.Sequence == from).PreviousHash;
        var hashes = new Dictionary<long, string>();
        foreach (var e in entries.Where(e => e.Sequence >= from))
        {
            var digest = e.Sequence == from ? Jws.Digest("a different envelope"u8) : e.ItemDigest;
            var hash = MessageLog.Hash(previous, e.Sequence, e.At, e.Kind, e.EnvelopeId, e.Peer, digest);
            await db.Database.ExecuteSqlRawAsync("UPDATE exchange_message_log SET \"ItemDigest\" = {0}, \"PreviousHash\" = {1}, \"Hash\" = {2} WHERE \"Sequence\" = {3}",
                digest, previous, hash, e.Sequence);
            hashes[e.Sequence] = hash;
            previous = hash;
        }

        foreach (var c in await db.Set<LogCheckpoint>().AsNoTracking().Where(c => c.Sequence >= from).ToListAsync())
        {
            var signature = WitnessSigning.SignCheckpoint(id, WitnessedLog.Message, c.Sequence, hashes[c.Sequence], c.At, key);
            await db.Database.ExecuteSqlRawAsync("UPDATE exchange_log_checkpoints SET \"Hash\" = {0}, \"Signature\" = {1} WHERE \"Sequence\" = {2}", hashes[c.Sequence], signature, c.Sequence);
            resigned[c.Sequence] = signature;
        }

        return resigned;
    }
}

public abstract class WitnessTests : WitnessTestBase
{
    [Fact]
    public async Task A_peer_witnesses_the_checkpoints_and_a_rewritten_re_signed_log_is_caught_naming_the_sequence_and_the_peer()
    {
        await using var federation = await StartFederationAsync();
        using var aqsiq = federation[Aqsiq].Client();
        await SendCaseAsync(aqsiq, federation[Aqsiq], Guid.NewGuid(), 3);

        // An audit entry, so that the audit log has a head to sign and witness too.
        var (auditScope, auditDb) = federation[Aqsiq].Database();
        await using (auditScope)
        {
            auditDb.Add(AuditEntry.Create(1, Clock.GetUtcNow(), new ProtectedRead("officer.zj", "CIQ-ZJ", "T-5", "credit check", "credit-record", "913300001234567890", ["creditClass"]),
                new string('0', 64)));
            await auditDb.SaveChangesAsync();
        }

        var published = await WitnessAsync(aqsiq, federation[Aqsiq], Customs);
        var witnessed = published.GetProperty("checkpoints").EnumerateArray().Single(c => c.GetProperty("log").GetString() == "message").GetProperty("sequence").GetInt64();
        Assert.Contains(published.GetProperty("checkpoints").EnumerateArray(), c => c.GetProperty("log").GetString() == "audit" && c.GetProperty("sequence").GetInt64() == 1);

        // Customs kept what it saw; the national node keeps Customs' statements of both logs and shows them to its operator.
        var (scope, db) = federation[Customs].Database();
        await using (scope)
        {
            var seen = await db.Set<WitnessedCheckpoint>().AsNoTracking().Where(w => w.Node == Aqsiq).ToListAsync();
            Assert.Contains(seen, w => w.Log == "message" && w.Sequence == witnessed);
            Assert.Contains(seen, w => w.Log == "audit" && w.Sequence == 1);
        }

        await WaitUntilAsync(async () =>
        {
            var (s, d) = federation[Aqsiq].Database();
            await using (s)
            {
                return await d.Set<WitnessStatement>().AnyAsync(x => x.Log == "audit");
            }
        }, "the audit log's statement");
        var status = await (await aqsiq.GetAsync("/api/exchange/witness")).Json();
        var message = status.GetProperty("logs").EnumerateArray().Single(l => l.GetProperty("log").GetString() == "message");
        Assert.Equal(witnessed, message.GetProperty("lastWitnessedSequence").GetInt64());
        Assert.Equal(Customs, message.GetProperty("peers")[0].GetProperty("witness").GetString());
        (scope, db) = federation[Aqsiq].Database();
        await using (scope)
        {
            var witnesses = scope.ServiceProvider.GetRequiredService<ILogWitnesses>();
            Assert.True((await witnesses.VerifyAsync(WitnessedLog.Audit, CancellationToken.None)).Intact);
            await db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET \"Hash\" = {0} WHERE \"Sequence\" = 1", new string('b', 64));
            var audit = await witnesses.VerifyAsync(WitnessedLog.Audit, CancellationToken.None);
            Assert.False(audit.Intact);
            Assert.Equal(1, audit.FirstMismatchSequence);
            Assert.Contains(Customs, audit.Reason, StringComparison.Ordinal);
        }

        var config = ConfigFile(federation, Aqsiq);
        var before = await CliAsync("log", "verify", "--witnesses", "--config", config);
        Assert.Equal(0, before.Exit);
        Assert.Contains("Witnesses: 1 statement(s) from 1 peer(s); last witnessed entry: " + witnessed, before.Output, StringComparison.Ordinal);

        // The operator, who has the node key, rewrites entry 2 (another item digest), recomputes the chain after it and
        // re-signs every checkpoint.
        var resigned = await RewriteAsync(federation, Aqsiq, 2);
        var plain = await CliAsync("log", "verify", "--config", config);
        Assert.Equal(0, plain.Exit);
        Assert.Contains("Intact", plain.Output, StringComparison.Ordinal);
        var withWitnesses = await CliAsync("log", "verify", "--witnesses", "--config", config);
        Assert.Equal(1, withWitnesses.Exit);
        Assert.Contains($"DIFFERS from its witnesses at entry {witnessed}", withWitnesses.Output, StringComparison.Ordinal);
        Assert.Contains($"the one {Customs} signed", withWitnesses.Output, StringComparison.Ordinal);

        // Showing Customs the re-signed checkpoint for the same sequence: Customs keeps both as evidence and signs neither again.
        await federation.StartNodeAsync(Aqsiq, (_, services) => services.AddSingleton<TimeProvider>(Clock), Settings);
        (scope, db) = federation[Aqsiq].Database();
        await using (scope)
        {
            scope.ServiceProvider.GetRequiredService<ExchangeSender>().As(SendingModule.Exchange)
                .Send(db, WitnessWire.CheckpointPublishedType, new { checkpoints = new[] { resigned[witnessed] } }, [Customs]);
            await db.SaveChangesAsync();
        }

        using var customs = federation[Customs].Client();
        await WaitUntilAsync(async () => (await (await customs.GetAsync("/api/exchange/witness")).Json()).GetProperty("conflicts").GetArrayLength() == 1, "the conflict on Customs");
        var conflict = (await (await customs.GetAsync("/api/exchange/witness")).Json()).GetProperty("conflicts")[0];
        Assert.Equal(Aqsiq, conflict.GetProperty("node").GetString());
        Assert.Equal(witnessed, conflict.GetProperty("sequence").GetInt64());
        Assert.Equal($"two hashes for sequence {witnessed}", conflict.GetProperty("reason").GetString());
        Assert.Equal(resigned[witnessed], conflict.GetProperty("laterCheckpoint").GetString());
        Assert.NotEqual(resigned[witnessed], conflict.GetProperty("earlierCheckpoint").GetString());
        (scope, db) = federation[Aqsiq].Database();
        await using (scope)
        {
            Assert.Equal(1, await db.Set<WitnessStatement>().CountAsync(s => s.Log == "message" && s.Sequence == witnessed));
        }
    }

    [Fact]
    public async Task A_lower_sequence_with_a_later_time_is_a_conflict_and_a_checkpoint_not_signed_by_its_sender_is_refused()
    {
        await using var federation = await StartFederationAsync();
        using var aqsiq = federation[Aqsiq].Client();
        await SendCaseAsync(aqsiq, federation[Aqsiq], Guid.NewGuid(), 2);
        var published = await WitnessAsync(aqsiq, federation[Aqsiq], Customs);
        var witnessed = published.GetProperty("checkpoints").EnumerateArray().Single(c => c.GetProperty("log").GetString() == "message").GetProperty("sequence").GetInt64();

        // The node signs, for an earlier entry, a checkpoint dated after the one Customs witnessed; and a checkpoint
        // signed with a key that is not the node's travels in a correctly signed envelope.
        using var key = NodeKeys.LoadOrCreate(federation[Aqsiq].KeyFile);
        using var stranger = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        Clock.Advance(TimeSpan.FromMinutes(5));
        var backdated = WitnessSigning.SignCheckpoint(Aqsiq, WitnessedLog.Message, 1, new string('c', 64), MessageLog.Truncate(Clock.GetUtcNow()), key);
        var forged = WitnessSigning.SignCheckpoint(Aqsiq, WitnessedLog.Audit, 7, new string('d', 64), MessageLog.Truncate(Clock.GetUtcNow()), stranger);
        var (scope, db) = federation[Aqsiq].Database();
        await using (scope)
        {
            scope.ServiceProvider.GetRequiredService<ExchangeSender>().As(SendingModule.Exchange)
                .Send(db, WitnessWire.CheckpointPublishedType, new { checkpoints = new[] { backdated, forged } }, [Customs]);
            await db.SaveChangesAsync();
        }

        using var customs = federation[Customs].Client();
        await WaitUntilAsync(async () => (await (await customs.GetAsync("/api/exchange/witness")).Json()).GetProperty("conflicts").GetArrayLength() == 1, "the conflict on Customs");
        var conflict = (await (await customs.GetAsync("/api/exchange/witness")).Json()).GetProperty("conflicts")[0];
        Assert.Equal($"sequence 1 is dated after sequence {witnessed}", conflict.GetProperty("reason").GetString());
        Assert.Equal(backdated, conflict.GetProperty("laterCheckpoint").GetString());
        (scope, db) = federation[Customs].Database();
        await using (scope)
        {
            var refused = await db.Set<ExchangeRejection>().AsNoTracking().Where(r => r.Reason == "witness-refused").Select(r => r.Detail).ToListAsync();
            Assert.Equal(["checkpoint refused: its signature does not verify with a key the directory lists for the signer at that time"], refused);
            Assert.False(await db.Set<WitnessedCheckpoint>().AnyAsync(w => w.Sequence == 1 || w.Log == "audit"));
        }

        // Nothing was signed for either: Customs answered only the first publication.
        (scope, db) = federation[Customs].Database();
        await using (scope)
        {
            Assert.Equal(1, await db.Set<OutboxMessage>().CountAsync(o => o.Type == WitnessWire.CheckpointWitnessedType));
        }
    }
}

[Collection("sqlite")]
public sealed class WitnessOnSqlite : WitnessTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

[Collection("postgres")]
public sealed class WitnessOnPostgres : WitnessTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
