using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Exchange;

/// <summary>
/// Key rotation (issue 21, decision 0025), with the <c>gq federation</c> commands an authority would use, on live nodes:
/// Customs rotates its key through a new directory version with an overlap, without a restart; what its old key signed
/// stays verifiable; the old key is then revoked and what it signs afterwards is refused, at the handshake and in the
/// inbox; the authority's own key rotates through a chained link, and a directory signed with its old key is refused.
/// </summary>
public abstract class KeyRotationTests : WitnessTestBase
{
    private static async Task<long?> RefreshAsync(TestNode node)
    {
        using var client = node.Client();
        var response = await client.PostAsync("/api/exchange/directory/refresh", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<DirectoryRefreshedView>(Envelopes.Json))!.Version;
    }

    /// <summary>Publishes the directory file the nodes load, and has both load it now; returns the version each is on.</summary>
    private static async Task<(long? Aqsiq, long? Customs)> PublishAsync(TestFederation federation) =>
        (await RefreshAsync(federation[Aqsiq]), await RefreshAsync(federation[Customs]));

    private static async Task<string> OutboxReceiptAsync(TestNode sender, Guid envelope)
    {
        var (scope, db) = sender.Database();
        await using (scope)
        {
            return (await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(o => o.EnvelopeId == envelope)).Receipt!;
        }
    }

    /// <summary>A Customs decision envelope signed with <paramref name="key"/>, posted to AQSIQ's peer listener; the inbox's answer.</summary>
    private async Task<InboxResult> PostSignedByCustomsAsync(TestFederation federation, System.Security.Cryptography.ECDsa key)
    {
        var payload = JsonSerializer.Serialize(new { note = "signed for the rotation test" });
        var header = Envelopes.Header(Guid.CreateVersion7(), "clearance.decision.recorded", Customs + "/CUSTOMS-NB", [Aqsiq + "/CIQ-ZJ-NB"], null, null, Clock.GetUtcNow(), payload);
        using var client = federation[Aqsiq].PeerClient();
        var response = await client.PostAsJsonAsync("/api/exchange/inbox", new InboxBatch([Envelopes.Seal(header, payload, Customs, key)]), Envelopes.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<InboxResponse>(Envelopes.Json))!.Results.Single();
    }

    [Fact]
    public async Task Keys_rotate_without_downtime_a_revoked_key_is_refused_and_the_authority_key_rotates_through_its_chain()
    {
        var folder = Path.Combine(Path.GetTempPath(), "gq-rotation-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        string NextKeyFile(string id) => Path.Combine(folder, DemoSlug(id) + "-next.pem");
        await using var federation = await StartAsync(Provider, settings: Settings, configure: (id, services) =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.PostConfigure<ExchangeOptions>(o => o.NextKeyFile = NextKeyFile(id));
        });
        using var aqsiq = federation[Aqsiq].Client();
        using var customsOld = NodeKeys.LoadOrCreate(federation[Customs].KeyFile);
        using var customsNext = NodeKeys.LoadOrCreate(NextKeyFile(Customs));

        // Before: a case delivered to Customs, receipted with its current key, and witnessed by it.
        var before = Guid.NewGuid();
        var beforeSent = await SendCaseAsync(aqsiq, federation[Aqsiq], before, 2);
        await WitnessAsync(aqsiq, federation[Aqsiq], Customs);
        Assert.NotNull(Envelopes.ReadReceipt(await OutboxReceiptAsync(federation[Aqsiq], beforeSent[0]), customsOld));

        // The authority edits the directory it signed (its JSON) with the CLI: Customs' new key from 10 minutes on, a 2-day overlap.
        var json = Path.Combine(folder, "directory.json");
        Jws.TryRead(await File.ReadAllTextAsync(federation.DirectoryFile), out _, out var signedPayload);
        await File.WriteAllBytesAsync(json, signedPayload);
        var switchAt = Clock.GetUtcNow().AddMinutes(10);
        var rotated = await CliAsync("federation", "rotate-key", "--in", json, "--id", Customs, "--key", NextKeyFile(Customs), "--from", switchAt.ToString("O"), "--overlap-days", "2");
        Assert.True(rotated.Exit == 0, rotated.Output);
        Assert.Contains($"{Customs}: signs with the new key from", rotated.Output, StringComparison.Ordinal);
        var again = await CliAsync("federation", "rotate-key", "--in", json, "--id", Customs, "--key", NextKeyFile(Customs));
        Assert.Equal(2, again.Exit);
        var signed = await CliAsync("federation", "sign", "--in", json, "--key", federation[Aqsiq].KeyFile, "--out", federation.DirectoryFile);
        Assert.True(signed.Exit == 0, signed.Output);
        Assert.Equal((2L, 2L), await PublishAsync(federation));

        // Until the switch, Customs goes on with its current key; once it has come, with the new one, without a restart:
        // the receipts are signed with it and its peer listener presents the certificate derived from it.
        var during = await SendCaseAsync(aqsiq, federation[Aqsiq], Guid.NewGuid(), 1);
        Assert.NotNull(Envelopes.ReadReceipt(await OutboxReceiptAsync(federation[Aqsiq], during[0]), customsOld));
        Clock.Advance(TimeSpan.FromMinutes(11));
        var after = await SendCaseAsync(aqsiq, federation[Aqsiq], Guid.NewGuid(), 1);
        var newReceipt = await OutboxReceiptAsync(federation[Aqsiq], after[0]);
        Assert.NotNull(Envelopes.ReadReceipt(newReceipt, customsNext));
        Assert.Null(Envelopes.ReadReceipt(newReceipt, customsOld));
        Assert.Equal(PeerTransport.PinOfPublicKey(NodeKeys.PublicKey(customsNext)), PeerTransport.Pin(federation[Customs].Services.GetRequiredService<PeerTransport>().Certificate));

        // During the overlap an envelope signed with the old key (sealed before the switch, still in an outbox) is taken,
        // and so is a connection with the old certificate.
        var overlapping = await PostSignedByCustomsAsync(federation, customsOld);
        Assert.NotEqual("rejected", overlapping.Status);
        var oldCertificate = PeerTransport.Create(customsOld, Customs, null, Clock.GetUtcNow());
        using (var oldClient = federation[Aqsiq].PeerClient(oldCertificate))
        {
            Assert.Equal(HttpStatusCode.OK, (await oldClient.PostAsJsonAsync("/api/exchange/inbox", new InboxBatch([]), Envelopes.Json)).StatusCode);
        }

        // The old key is compromised: revoked from now. What it signs from then on is refused, at the handshake and in the inbox.
        var revoked = await CliAsync("federation", "revoke-key", "--in", json, "--id", Customs, "--key", federation[Customs].KeyFile, "--at", Clock.GetUtcNow().ToString("O"));
        Assert.True(revoked.Exit == 0, revoked.Output);
        Assert.Contains("is revoked from", revoked.Output, StringComparison.Ordinal);
        var current = await CliAsync("federation", "revoke-key", "--in", json, "--id", Customs, "--key", NextKeyFile(Customs));
        Assert.Equal(2, current.Exit);
        Assert.True((await CliAsync("federation", "sign", "--in", json, "--key", federation[Aqsiq].KeyFile, "--out", federation.DirectoryFile)).Exit == 0);
        Assert.Equal((3L, 3L), await PublishAsync(federation));
        Clock.Advance(TimeSpan.FromSeconds(1));
        var refused = await PostSignedByCustomsAsync(federation, customsOld);
        Assert.Equal("rejected", refused.Status);
        Assert.Equal(RejectionReasons.BadSignature, refused.Reason);
        Assert.Contains("a revoked or retired key is refused", refused.Detail, StringComparison.Ordinal);
        using (var oldClient = federation[Aqsiq].PeerClient(oldCertificate))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => oldClient.PostAsJsonAsync("/api/exchange/inbox", new InboxBatch([]), Envelopes.Json));
        }

        Assert.NotEqual("rejected", (await PostSignedByCustomsAsync(federation, customsNext)).Status);

        // What the old key signed before the revocation stays verifiable: the first case's evidence, offline, and the logs.
        var bundle = Path.Combine(folder, "before.json");
        Assert.Equal(0, (await CliAsync("evidence", "export", "--config", ConfigFile(federation, Aqsiq), "--case", before.ToString(), "--out", bundle)).Exit);
        var evidence = await CliAsync("evidence", "verify", bundle, "--authority-key", federation.AuthorityKey);
        Assert.True(evidence.Exit == 0, evidence.Output);
        Assert.Contains($"1 witness statement(s) of the checkpoint: {Customs}", evidence.Output, StringComparison.Ordinal);
        foreach (var id in new[] { Aqsiq, Customs })
        {
            var log = await CliAsync("log", "verify", "--config", ConfigFile(federation, id));
            Assert.True(log.Exit == 0, $"{id}: {log.Output}");
        }

        // The authority's key rotates: a link signed by its current key hands over to the next one; nodes whose anchor
        // is the old key follow the chain, and the authority node signs with its new key from then on.
        using var authorityNext = NodeKeys.LoadOrCreate(NextKeyFile(Aqsiq));
        var handed = await CliAsync("federation", "rotate-authority", "--in", json, "--key", federation[Aqsiq].KeyFile, "--next-key", NextKeyFile(Aqsiq),
            "--from", Clock.GetUtcNow().AddMinutes(-1).ToString("O"), "--overlap-days", "2");
        Assert.True(handed.Exit == 0, handed.Output);
        var oldSigner = await CliAsync("federation", "sign", "--in", json, "--key", federation[Aqsiq].KeyFile, "--out", federation.DirectoryFile + ".old");
        Assert.Equal(2, oldSigner.Exit);
        Assert.True((await CliAsync("federation", "sign", "--in", json, "--key", NextKeyFile(Aqsiq), "--out", federation.DirectoryFile)).Exit == 0);
        Assert.Equal((4L, 4L), await PublishAsync(federation));
        var shown = await TestCli.RunAsync("federation", "show", "--in", federation.DirectoryFile, "--authority-key", await WritePemAsync(folder, federation.AuthorityKey));
        Assert.True(shown.Exit == 0, shown.Output);
        Assert.Contains("The authority's key has rotated 1 time(s)", shown.Output, StringComparison.Ordinal);
        var fromAuthority = await SendCaseAsync(aqsiq, federation[Aqsiq], Guid.NewGuid(), 1);
        var (scope, db) = federation[Customs].Database();
        await using (scope)
        {
            var inbox = await db.Set<InboxMessage>().AsNoTracking().SingleAsync(m => m.EnvelopeId == fromAuthority[0]);
            Assert.True(Jws.Verify(inbox.Jws, authorityNext), "the authority node now signs with its new key");
        }

        // A directory signed with the authority's old key (say, stolen) is refused by a node that has followed the chain.
        var forged = JsonSerializer.Deserialize<FederationDirectoryDocument>(await File.ReadAllTextAsync(json), DirectorySigning.Json)! with { Version = 99 };
        using (var oldAuthority = NodeKeys.LoadOrCreate(federation[Aqsiq].KeyFile))
        {
            await File.WriteAllTextAsync(federation.DirectoryFile, DirectorySigning.Sign(forged with { AuthorityChain = null }, oldAuthority));
        }

        Assert.Equal((4L, 4L), await PublishAsync(federation));
    }

    private static async Task<string> WritePemAsync(string folder, string publicKey)
    {
        var path = Path.Combine(folder, "anchor.pem");
        using var key = NodeKeys.FromPublicKey(publicKey);
        await File.WriteAllTextAsync(path, key.ExportSubjectPublicKeyInfoPem(), Encoding.ASCII);
        return path;
    }

    private static string DemoSlug(string id) => GoldenQuality.Demo.DemoFederation.Slug(id);
}

[Collection("sqlite")]
public sealed class KeyRotationOnSqlite : KeyRotationTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

[Collection("postgres")]
public sealed class KeyRotationOnPostgres : KeyRotationTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
