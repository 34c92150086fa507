using System.Net;
using System.Text.Json.Nodes;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Exchange;

/// <summary>
/// The evidence bundle of one case (issue 17): exported from the national node over HTTP and with <c>gq evidence export</c>,
/// verified offline with <c>gq evidence verify</c> and nothing but the file; each tamper fails naming its reason.
/// </summary>
public abstract class EvidenceTests : WitnessTestBase
{
    [Fact]
    public async Task A_case_bundle_verifies_offline_and_each_tamper_fails_with_its_reason()
    {
        await using var federation = await StartFederationAsync();
        using var aqsiq = federation[Aqsiq].Client();
        var correlation = Guid.NewGuid();
        var sent = await SendCaseAsync(aqsiq, federation[Aqsiq], correlation, 2);
        await SendCaseAsync(aqsiq, federation[Aqsiq], Guid.NewGuid(), 1); // another case, inside the segment but not in the bundle
        await WitnessAsync(aqsiq, federation[Aqsiq], Customs);

        // Over HTTP: the bundle, and a clear problem for a malformed or unknown case.
        var bundle = JsonNode.Parse(await (await aqsiq.GetAsync($"/api/exchange/evidence?correlationId={correlation}")).Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(2, bundle["envelopes"]!.AsArray().Count);
        Assert.Equal(2, bundle["receipts"]!.AsArray().Count);
        Assert.Single(bundle["statements"]!.AsArray());
        var bad = await aqsiq.GetAsync("/api/exchange/evidence?correlationId=not-a-case");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("is not an envelope or case id", (await bad.Json()).GetProperty("errors").GetProperty("correlationId")[0].GetString(), StringComparison.Ordinal);
        var unknown = await aqsiq.GetAsync($"/api/exchange/evidence?correlationId={Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("no envelope of this case", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // With the CLI, from the node's database.
        var file = Path.Combine(Path.GetTempPath(), "gq-evidence-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        var export = await CliAsync("evidence", "export", "--config", ConfigFile(federation, Aqsiq), "--case", correlation.ToString(), "--out", file);
        Assert.Equal(0, export.Exit);
        Assert.Contains("2 envelope(s), 2 receipt(s)", export.Output, StringComparison.Ordinal);
        var one = await CliAsync("evidence", "export", "--config", ConfigFile(federation, Aqsiq), "--case", correlation.ToString(), "--envelope", sent[1].ToString(), "--out", file + ".one");
        Assert.Equal(0, one.Exit);
        Assert.Contains("1 envelope(s), 1 receipt(s)", one.Output, StringComparison.Ordinal);

        // Offline: nothing but the file, and the federation's key when the auditor has it.
        var verified = await CliAsync("evidence", "verify", file, "--authority-key", federation.AuthorityKey);
        Assert.Equal(0, verified.Exit);
        Assert.Contains("verified with the given authority key", verified.Output, StringComparison.Ordinal);
        Assert.Contains("2 envelope(s): signatures, payload digests and log entries verified.", verified.Output, StringComparison.Ordinal);
        Assert.Contains($"1 witness statement(s) of the checkpoint: {Customs}", verified.Output, StringComparison.Ordinal);
        Assert.Contains("VERIFIED", verified.Output, StringComparison.Ordinal);
        var anchorless = await CliAsync("evidence", "verify", file);
        Assert.Equal(0, anchorless.Exit);
        Assert.Contains("the trust anchor was taken from the bundle itself", anchorless.Output, StringComparison.Ordinal);
        var otherKey = await CliAsync("evidence", "verify", file, "--authority-key", Convert.ToBase64String(System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfo()));
        Assert.Equal(1, otherKey.Exit);
        Assert.Contains("FAILED: directory: its signature does not verify with the given authority key", otherKey.Output, StringComparison.Ordinal);

        var original = File.ReadAllText(file);
        async Task FailsAsync(Action<JsonObject> tamper, string reason)
        {
            var copy = JsonNode.Parse(original)!.AsObject();
            tamper(copy);
            var path = file + ".tampered";
            await File.WriteAllTextAsync(path, copy.ToJsonString());
            var outcome = await CliAsync("evidence", "verify", path, "--authority-key", federation.AuthorityKey);
            Assert.Equal(1, outcome.Exit);
            Assert.Contains("FAILED: " + reason, outcome.Output, StringComparison.Ordinal);
        }

        await FailsAsync(b => b["envelopes"]![0]!["payload"] = "{\"n\":0,\"note\":\"lot 2026-9\"}",
            $"envelope {bundle["envelopes"]![0]!["envelopeId"]}: its payload does not match the digest its sender signed");
        await FailsAsync(b => b["receipts"]![0]!["jws"] = b["receipts"]![1]!["jws"]!.GetValue<string>(),
            $"receipt of envelope {bundle["receipts"]![0]!["envelopeId"]}: the signed receipt acknowledges envelope");
        await FailsAsync(b => b["log"]!.AsArray().RemoveAt(1),
            $"log: entry {bundle["log"]![1]!["sequence"]} is missing");
        await FailsAsync(b =>
            {
                var parts = b["statements"]![0]!.GetValue<string>().Split('.');
                var claim = JsonNode.Parse(GoldenQuality.Exchange.Contracts.Jws.FromBase64Url(parts[1]))!.AsObject();
                claim["sequence"] = claim["sequence"]!.GetValue<long>() - 1;
                b["statements"]![0] = parts[0] + "." + GoldenQuality.Exchange.Contracts.Jws.Base64Url(System.Text.Encoding.UTF8.GetBytes(claim.ToJsonString())) + "." + parts[2];
            },
            $"witness statement of {Customs}: its signature does not verify");
        await FailsAsync(b => b["checkpoint"] = b["statements"]![0]!.GetValue<string>(), "checkpoint: its signature does not verify");
    }
}

[Collection("sqlite")]
public sealed class EvidenceOnSqlite : EvidenceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

[Collection("postgres")]
public sealed class EvidenceOnPostgres : EvidenceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
