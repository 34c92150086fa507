using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Audit.Contracts;
using GoldenQuality.Exchange.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace GoldenQuality.Demo;

/// <summary>
/// What a dishonest operator could do to its own node's logs, for <see cref="AccountabilityScenario"/> to show it caught.
/// Implemented by the command line (the composition root), which may reach the logs' tables; each change is undone when
/// the returned handle is disposed.
/// </summary>
internal interface ILogTamper
{
    /// <summary>Changes the record key of one audit entry (leaving its hash as it was).</summary>
    Task<IAsyncDisposable> EditAuditEntryAsync(IServiceProvider node, long sequence, string recordKey, CancellationToken ct);

    /// <summary>Makes the message log's entry <paramref name="from"/> name another envelope, re-chains every later entry and re-signs the checkpoints with the node's key.</summary>
    Task<IAsyncDisposable> RewriteMessageLogAsync(IServiceProvider node, long from, CancellationToken ct);
}

/// <summary>
/// <c>gq demo --scenario accountability --exit</c> (issue 17, decision 0018): the MEP files an information need for AQSIQ's
/// import-inspection results of waste imports; AQSIQ comments; the State Council's coordinating office approves it, which
/// makes an agreement; the directory authority signs it into the next directory version and the MEP node takes it. The
/// first result flows (a waste-paper import inspected at Ningbo), the MEP acts on it and its use goes back to AQSIQ as
/// feedback, which AQSIQ's provider page shows; every node reports its reciprocity and the leadership's matrix shows the
/// new flow both ways. Then the logs are tampered with as a dishonest operator could: an edited audit row is caught by the
/// audit chain (what <c>gq audit verify</c> runs), and the MEP's message log, rewritten and re-signed with its own key, is
/// caught by what its peers witnessed (<c>gq log verify --witnesses</c>). Both are put back afterwards.
/// </summary>
internal static class AccountabilityScenario
{
    private const string Importer = "913302000000DEM02M";
    private const string ResultType = "declarations.import-inspection.completed";

    public static Task<bool> RunAsync(DemoFederation federation, ILogTamper tamper, CancellationToken ct) =>
        ClearanceScenarios.Run(federation, "agent.ningbo", "ciq.ningbo.port", async (driver, stamp) =>
        {
            var national = federation[DemoFederation.National];
            var mepNode = federation[DemoFederation.Mep];
            using var mep = await MinistriesScenario.SignInAsync(mepNode.Url, "mep.officer", ct);
            using var aqsiq = await MinistriesScenario.SignInAsync(national.Url, "admin", ct);
            using var coordinator = await MinistriesScenario.SignInAsync(national.Url, "coordinator", ct);
            using var leader = await MinistriesScenario.SignInAsync(national.Url, "leader", ct);
            using var mepSystem = SystemClient(mepNode.Url, federation.Summaries[DemoFederation.Mep].SystemApiKey);

            var agreement = await NeedToAgreementAsync(mep, aqsiq, coordinator, mepSystem, stamp, ct);
            await ResultAndFeedbackAsync(driver, mep, aqsiq, agreement, stamp, ct);
            await ReciprocityAsync(federation, leader, ct);
            await AuditTamperAsync(national.App.Services, aqsiq, tamper, ct);
            await WitnessTamperAsync(federation, mepSystem, tamper, ct);
            return true;
        });

    /// <summary>Filed by the MEP, commented by AQSIQ, approved by the coordinator, signed into the directory, taken by the MEP node: the agreement's id.</summary>
    private static async Task<string> NeedToAgreementAsync(HttpClient mep, HttpClient aqsiq, HttpClient coordinator, HttpClient mepSystem, string stamp, CancellationToken ct)
    {
        var filed = await FlowDriver.Expect(await mep.PostAsJsonAsync("/api/accountability/needs", new
        {
            providerAgency = "GQ/GOV/AQSIQ",
            title = "Import-inspection results of waste imports " + stamp,
            description = "For each import of solid waste drawn on an MEP licence: the inspection's conformity, the decision and its reasons, so that the MEP can act on the licence.",
            messageTypes = new[] { ResultType },
            purpose = "Supervise imported solid waste: suspend or revoke the licence of an importer whose waste fails inspection.",
            regulation = "Law of the People's Republic of China on the Prevention and Control of Environmental Pollution by Solid Waste",
            article = "indicative, to be confirmed by the legal office",
            consumers = new[] { "GQ/GOV/MEP" },
            fields = new[] { "declarationNumber", "licenceNumber", "importerUscc", "hsCode", "goodsDescription", "quantity", "unit", "portOfEntry", "conforming", "decision", "reasons", "inspectedAt" },
            frequency = "per-event",
            deadline = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }, ct), HttpStatusCode.Created, "file the information need on the MEP node", ct);
        var number = Text(Need(filed), "number");
        ClearanceScenarios.Step("the MEP files an information need for AQSIQ's import-inspection results of waste imports (MEP node)", true,
            $"{number}: {ResultType}, per event, for the MEP");

        var atProvider = await FlowDriver.WaitAsync(async () => await NeedAsync(aqsiq, number, ct), $"need {number} at AQSIQ's node", ct);
        var commented = await FlowDriver.Expect(await aqsiq.PostAsJsonAsync($"/api/accountability/needs/{number}/comments", new
        {
            version = Need(atProvider).GetProperty("version").GetInt64(),
            text = "AQSIQ can send each waste import's inspection result when the inspection is recorded; the importer's USCC and the licence number are included, the inspectors' notes are not.",
        }, ct), HttpStatusCode.OK, "comment on the need as the provider (national node)", ct);
        ClearanceScenarios.Step("AQSIQ comments as the provider (national node)", Text(Need(commented), "state") == "commented", Text(Need(commented), "state"));

        var atCoordinator = await FlowDriver.WaitAsync(async () => await NeedAsync(coordinator, number, ct) is { } v && Text(Need(v), "state") == "commented" ? v : null,
            $"AQSIQ's comment on {number} at the coordinating office", ct);
        var decided = await FlowDriver.Expect(await coordinator.PostAsJsonAsync($"/api/accountability/needs/{number}/decision", new
        {
            version = Need(atCoordinator).GetProperty("version").GetInt64(),
            decision = "approve",
            reasons = "A lawful need of the MEP, met by data AQSIQ already holds; AQSIQ answers for delivery within an hour, the MEP for acting within five days.",
            agreement = new
            {
                sensitivity = "internal",
                validTo = DateTimeOffset.UtcNow.AddYears(1),
                steps = new[]
                {
                    new { step = "deliver", accountable = "GQ/GOV/AQSIQ", responseDeadline = "PT1H" },
                    new { step = "act-on-licence", accountable = "GQ/GOV/MEP", responseDeadline = "P5D" },
                },
            },
        }, ct), HttpStatusCode.OK, "approve the need as the coordinating office (national node)", ct);
        var agreement = Text(Need(decided).GetProperty("decision"), "agreementId");
        ClearanceScenarios.Step("the State Council's coordinating office approves it: an agreement with owners and step deadlines (national node)",
            Text(Need(decided), "state") == "approved", $"{agreement}: deliver by AQSIQ within PT1H, act-on-licence by the MEP within P5D");

        await FlowDriver.Expect(await aqsiq.PostAsync("/api/exchange/directory/sign", null, ct), HttpStatusCode.OK, "sign the next directory version (authority)", ct);
        await FlowDriver.Expect(await mepSystem.PostAsync("/api/exchange/directory/refresh", null, ct), HttpStatusCode.OK, "refresh the directory on the MEP node", ct);
        var atMep = await FlowDriver.WaitAsync(async () => await NeedAsync(mep, number, ct) is { } v && v.GetProperty("inDirectory").GetBoolean() ? v : null,
            $"agreement {agreement} in the MEP node's directory", ct);
        ClearanceScenarios.Step("the directory authority signs it into the next directory version; the MEP node takes it", true,
            $"directory version {atMep.GetProperty("directoryVersion")} with {agreement}");
        return agreement;
    }

    /// <summary>A waste-paper import inspected at Ningbo: its result reaches the MEP under the new agreement; the MEP acts on it, and the feedback reaches AQSIQ's provider page.</summary>
    private static async Task ResultAndFeedbackAsync(FlowDriver driver, HttpClient mep, HttpClient aqsiq, string agreement, string stamp, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var licence = await FlowDriver.Expect(await mep.PostAsJsonAsync("/api/ministries/lpcos/registered", new Ministries.Contracts.LpcoRegistration(null, "waste-import-licence", Importer,
            "4707", "Waste paper (demo, fictional)", null, 500m, "TNE", ["CNNGB"], today.AddDays(-1), today.AddDays(180), null, "issued", "demo scenario"), ct),
            HttpStatusCode.Created, "register the waste import licence (MEP node)", ct);
        var licenceNumber = Text(licence, "number");
        var documents = new[]
        {
            new { type = "waste-import-licence", number = licenceNumber, issuer = "MEP" },
            new { type = "pre-shipment-inspection-certificate", number = "CCIC-US-ACC-" + stamp, issuer = "CCIC" },
        };
        var released = await driver.DeclareAndPassAsync(MinistriesScenario.WastePaper(20000m, "PAPER-ACC-" + stamp, documents), ct);
        var declaration = Text(released, "number");
        ClearanceScenarios.Step("a waste-paper import on the licence is inspected and passes at Ningbo (national node)", true, $"{declaration} on {licenceNumber}: {Text(released, "status")}");

        var withResult = await FlowDriver.WaitAsync(async () =>
        {
            var v = await FlowDriver.Expect(await mep.GetAsync($"/api/ministries/lpcos/{licence.GetProperty("id").GetGuid()}", ct), HttpStatusCode.OK, "read the licence (MEP node)", ct);
            // The result and the draw of the same declaration both change the licence: act on the version that has both.
            return v.TryGetProperty("inspectionResults", out var results) && results.EnumerateArray().Any(r => Text(r, "declarationNumber") == declaration)
                && v.GetProperty("draws").EnumerateArray().Any(d => Text(d, "declarationNumber") == declaration) ? v : null;
        }, $"the inspection result and the draw of {declaration} at the MEP node", ct);
        ClearanceScenarios.Step($"the first result flows to the MEP under {agreement} (MEP node)", true,
            $"{declaration}: {string.Join("; ", withResult.GetProperty("inspectionResults").EnumerateArray().Select(r => $"{Text(r, "decision")}"))}");

        var used = await FlowDriver.Expect(await mep.PostAsJsonAsync($"/api/ministries/lpcos/{licence.GetProperty("id").GetGuid()}/inspection-results/{declaration}/review",
            new { version = withResult.GetProperty("version").GetInt64(), outcome = "licence-kept", note = "Conforming waste paper; the licence stays in force." }, ct),
            HttpStatusCode.OK, "act on the result (MEP node)", ct);
        ClearanceScenarios.Step("the MEP reviews the result and keeps the licence; its use goes back to AQSIQ as feedback (MEP node)", true, Text(used, "number"));

        var report = await FlowDriver.WaitAsync(async () =>
        {
            var r = await FlowDriver.Expect(await aqsiq.GetAsync("/api/accountability/provider", ct), HttpStatusCode.OK, "read AQSIQ's provider page", ct);
            return r.GetProperty("latest").EnumerateArray().Any(f => Text(f, "caseRef") == licenceNumber || Text(f, "recordKey") == declaration) ? r : null;
        }, "the MEP's feedback on AQSIQ's provider page", ct);
        var shared = report.GetProperty("shared").EnumerateArray().Where(s => Text(s, "consumer") == "GQ/GOV/MEP" && Text(s, "what") == ResultType).Sum(s => s.GetProperty("count").GetInt32());
        ClearanceScenarios.Step("AQSIQ's provider page shows what the MEP received and what came of it (national node)", shared > 0,
            $"{shared} result(s) sent to the MEP under {agreement}; " + string.Join(" ", report.GetProperty("sentences").EnumerateArray().Select(s => Text(s, "en"))));
    }

    /// <summary>Every node reports its reciprocity to the coordinating office's node; the leadership's matrix shows AQSIQ → MEP and MEP → AQSIQ.</summary>
    private static async Task ReciprocityAsync(DemoFederation federation, HttpClient leader, CancellationToken ct)
    {
        foreach (var node in federation.Nodes)
        {
            using var system = SystemClient(node.Url, federation.Summaries[node.Id].SystemApiKey);
            await FlowDriver.Expect(await system.PostAsync("/api/accountability/reciprocity/report", null, ct), HttpStatusCode.OK, $"report reciprocity from {node.Id}", ct);
        }

        var matrix = await FlowDriver.WaitAsync(async () =>
        {
            var m = await FlowDriver.Expect(await leader.GetAsync("/api/accountability/reciprocity", ct), HttpStatusCode.OK, "read the reciprocity matrix (leadership)", ct);
            return m.GetProperty("nodes").EnumerateArray().Count(n => n.GetProperty("reportedAt").ValueKind != JsonValueKind.Null) >= federation.Nodes.Count ? m : null;
        }, "every node's reciprocity report at the coordinating office", ct);
        var pairs = matrix.GetProperty("pairs").EnumerateArray().ToList();
        (int Envelopes, int Answers) Given(string from, string to) => pairs.Where(p => Text(p, "from") == from && Text(p, "to") == to)
            .Aggregate((0, 0), (sum, p) => (sum.Item1 + p.GetProperty("envelopes").GetInt32(), sum.Item2 + p.GetProperty("queriesAnswered").GetInt32()));
        var down = Given("GQ/GOV/AQSIQ", "GQ/GOV/MEP");
        var up = Given("GQ/GOV/MEP", "GQ/GOV/AQSIQ");
        ClearanceScenarios.Step("the leadership's reciprocity matrix, from every node's signed report, shows the flow both ways (national node)",
            down.Envelopes > 0 && up.Envelopes + up.Answers > 0,
            $"{federation.Nodes.Count} nodes reported; AQSIQ → MEP {down.Envelopes} envelope(s), {down.Answers} answer(s); MEP → AQSIQ {up.Envelopes} envelope(s), {up.Answers} licence check(s) answered");
    }

    /// <summary>An edited audit row is caught by the chain walk <c>gq audit verify</c> runs; the row is put back.</summary>
    private static async Task AuditTamperAsync(IServiceProvider national, HttpClient aqsiq, ILogTamper tamper, CancellationToken ct)
    {
        await FlowDriver.Expect(await aqsiq.GetAsync($"/api/registry/enterprises/{Importer}", ct), HttpStatusCode.OK, "read an enterprise master record (national node)", ct);
        var reads = await FlowDriver.Expect(await aqsiq.GetAsync($"/api/audit/entries?kind=enterprise&key={Importer}&pageSize=1", ct), HttpStatusCode.OK, "read the audit log (national node)", ct);
        var entry = reads.GetProperty("items")[0];
        var sequence = entry.GetProperty("sequence").GetInt64();
        ClearanceScenarios.Step("reading an enterprise master record is audited before it is served (national node)", Text(entry, "reader") == "admin",
            $"entry {sequence}: {Text(entry, "reader")} for {Text(entry, "onBehalfOf")}, {Text(entry, "recordKind")} {Text(entry, "recordKey")}");

        AuditChainCheck broken;
        await using (await tamper.EditAuditEntryAsync(national, sequence, "913300000000000000", ct))
        {
            broken = await AuditChainAsync(national, ct);
        }

        var restored = await AuditChainAsync(national, ct);
        ClearanceScenarios.Step("an edited audit row is caught by gq audit verify's chain walk; put back, the chain is intact (national node)",
            !broken.Intact && broken.BrokenSequence == sequence && restored.Intact,
            $"BROKEN at entry {broken.BrokenSequence}: {broken.Reason}; after the row was put back: intact, {restored.Entries} entries");
    }

    /// <summary>The MEP's peers witness its log; rewritten and re-signed with its own key, the log still chains but is caught by the witnesses; it is put back.</summary>
    private static async Task WitnessTamperAsync(DemoFederation federation, HttpClient mepSystem, ILogTamper tamper, CancellationToken ct)
    {
        var mep = federation[DemoFederation.Mep].App.Services;
        await FlowDriver.Expect(await mepSystem.PostAsync("/api/exchange/witness", null, ct), HttpStatusCode.OK, "publish the MEP node's checkpoints to its peers", ct);
        var witnessed = await WaitForAsync(async () => await WitnessesAsync(mep, ct) is { Statements: > 0, LastWitnessedSequence: not null } w ? w : null,
            "the peers' statements at the MEP node", ct);
        ClearanceScenarios.Step("the MEP node's peers witness its log checkpoints and sign what they saw (MEP node)", witnessed.Intact,
            $"{witnessed.Statements} statement(s) from {witnessed.Peers} peer(s), last witnessed entry {witnessed.LastWitnessedSequence}");

        WitnessCheck caught;
        LogVerification chain;
        await using (await tamper.RewriteMessageLogAsync(mep, 1, ct))
        {
            chain = await LogChainAsync(mep, ct);
            caught = await WitnessesAsync(mep, ct);
        }

        var after = await WitnessesAsync(mep, ct);
        ClearanceScenarios.Step("the MEP's message log, rewritten and re-signed with its own key, still chains but is caught by its witnesses; put back, they agree (MEP node)",
            chain.Intact && !caught.Intact && after.Intact,
            $"gq log verify: {(chain.Intact ? "intact" : $"BROKEN at entry {chain.BrokenAt}: {chain.Reason}")}; gq log verify --witnesses: {caught.Reason} (first mismatch at entry {caught.FirstMismatchSequence}); "
            + $"after it was put back: {(after.Intact ? $"{after.Statements} statement(s) agree" : $"still differs: {after.Reason}")}");
    }

    private static async Task<AuditChainCheck> AuditChainAsync(IServiceProvider node, CancellationToken ct)
    {
        await using var scope = node.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IAuditQueries>().VerifyChainAsync(ct);
    }

    private static async Task<LogVerification> LogChainAsync(IServiceProvider node, CancellationToken ct)
    {
        await using var scope = node.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ExchangeOperations>().VerifyLogAsync(ct);
    }

    private static async Task<WitnessCheck> WitnessesAsync(IServiceProvider node, CancellationToken ct)
    {
        await using var scope = node.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ILogWitnesses>().VerifyAsync(WitnessedLog.Message, ct);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what, CancellationToken ct)
        where T : class
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > until)
            {
                throw new FlowException($"timed out waiting for {what}");
            }

            await Task.Delay(50, ct);
        }
    }

    private static async Task<JsonElement?> NeedAsync(HttpClient client, string number, CancellationToken ct)
    {
        using var response = await client.GetAsync($"/api/accountability/needs/{number}", ct);
        return response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone() : null;
    }

    private static HttpClient SystemClient(string url, string apiKey)
    {
        var client = new HttpClient { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    private static JsonElement Need(JsonElement view) => view.TryGetProperty("need", out var need) ? need : view;

    private static string Text(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
}
