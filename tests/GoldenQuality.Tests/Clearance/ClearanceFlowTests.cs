using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Declarations;
using static GoldenQuality.Tests.Clearance.Flow;

namespace GoldenQuality.Tests.Clearance;

/// <summary>The clearance flow of issue 4 over HTTP against the AQSIQ and Customs nodes: export, import, lifecycle and risk decision.</summary>
public abstract class ClearanceFlowTests(ClearanceFederation fixture)
{
    private const string Tea = "0902101000";
    private const string Shrimp = "0306170000";

    [Fact]
    public async Task An_export_goes_from_declaration_through_inspection_port_release_in_two_shipments_to_customs_clearance()
    {
        var exporter = await fixture.SignInAsync("exporter.hangzhou");
        var inspector = await fixture.SignInAsync("ciq.hangzhou");
        var port = await fixture.SignInAsync("ciq.ningbo.port");
        var customs = await fixture.SignInAsync("customs.ningbo");
        var timeBefore = await Expect(await exporter.GetAsync("/api/declarations/metrics/clearance-time"), HttpStatusCode.OK);
        var coverageBefore = await Expect(await exporter.GetAsync("/api/declarations/metrics/coverage"), HttpStatusCode.OK);

        var lot = NewLot("TEA");
        var created = await CreateAsync(exporter, Export(1200m, lot));
        Assert.Equal("draft", created.GetProperty("status").GetString());
        var id = created.GetProperty("id").GetGuid();

        var submitted = await SubmitAsync(exporter, id);
        Assert.Equal("inspection", submitted.GetProperty("status").GetString());
        Assert.Equal("CIQ-ZJ-HZ", submitted.GetProperty("office").GetString()); // the manufacturer's area, Hangzhou
        Assert.Contains("330100", submitted.GetProperty("routingReason").GetString(), StringComparison.Ordinal);

        // Lead in tea is judged against GB 2762 (5.0 mg/kg).
        var inspected = await InspectAsync(inspector, id, 0.8);
        Assert.Equal("passed", inspected.GetProperty("status").GetString());
        var lab = inspected.GetProperty("inspection")[0].GetProperty("labResults")[0];
        Assert.Matches(@"^max 5(\.0)? mg/kg$", lab.GetProperty("limit").GetString());
        Assert.StartsWith("GB 2762", lab.GetProperty("standard").GetString(), StringComparison.Ordinal);
        Assert.True(lab.GetProperty("pass").GetBoolean());

        var issuedFrom = DateTimeOffset.UtcNow;
        var issued = await IssuePermitAsync(inspector, id);
        Assert.Equal("permit-issued", issued.GetProperty("status").GetString());
        var number = issued.GetProperty("permitNumber").GetString()!;

        // The paper: the QR payload is GQP1|number|code|digest, and the PDF's code scans to it.
        var permit = await PermitAsync(exporter, number);
        var qr = permit.GetProperty("qrPayload").GetString()!;
        var parts = qr.Split('|');
        Assert.Equal(["GQP1", number, permit.GetProperty("document").GetProperty("verificationCode").GetString()!, permit.GetProperty("digest").GetString()!], parts);
        var pdf = await exporter.GetAsync($"/api/certificates/permits/{number}/pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal(qr, Certificates.PaperPermit.Read(await pdf.Content.ReadAsByteArrayAsync()).QrPayload); // what the paper says: PaperPermitTests

        // The port office checks the paper against its electronic copy, then releases two shipments.
        var paper = new { lines = new[] { new { sequence = 1, hsCode = Tea, quantity = 1200m, unit = "KGM" } } };
        var check = await CheckWhenArrivedAsync(port, new { qr, paper });
        Outcome("match", check);
        Assert.Equal(1200m, Remaining(check));

        var first = await Expect(await port.PostAsJsonAsync("/api/certificates/releases", new { qr, drawDown = new[] { new { sequence = 1, quantity = 700m } } }), HttpStatusCode.OK);
        Assert.Equal(500m, Remaining(first.GetProperty("check")));
        var cp1 = first.GetProperty("clearancePermit").GetString()!;
        Assert.Contains(first.GetProperty("clearanceSentTo").EnumerateArray(), s => s.GetString()!.EndsWith("/CUSTOMS-NB", StringComparison.Ordinal));
        var second = await Expect(await port.PostAsJsonAsync("/api/certificates/releases", new { qr, drawDown = new[] { new { sequence = 1, quantity = 500m } } }), HttpStatusCode.OK);
        Assert.Equal(0m, Remaining(second.GetProperty("check")));
        var cp2 = second.GetProperty("clearancePermit").GetString()!;
        Assert.NotEqual(cp1, cp2);

        // Nothing is left: a third shipment is refused, and the permit says so.
        var third = await Expect(await port.PostAsJsonAsync("/api/certificates/releases", new { qr, drawDown = new[] { new { sequence = 1, quantity = 1m } } }), HttpStatusCode.Conflict);
        Outcome("quantity-exhausted", third);
        Assert.Equal("drawDown", Field(third));

        // Customs verifies each clearance permit against its customs declaration and clears.
        foreach (var (cp, quantity) in new[] { (cp1, 700m), (cp2, 500m) })
        {
            var verified = await VerifyAtCustomsWhenArrivedAsync(customs, cp, Tea, quantity);
            Outcome("match", verified);
            var decision = await Expect(await DecideAsync(customs, NewCustomsNumber(), cp, Tea, quantity), HttpStatusCode.Created);
            Assert.Equal("cleared", decision.GetProperty("decision").GetString());
            Assert.Equal("electronic", decision.GetProperty("basis").GetString());
        }

        // The decisions flow back: the declaration is cleared on AQSIQ, every stage in its history.
        var cleared = await WaitForStatusAsync(exporter, id, "cleared", d => Stages(d).Count(s => s == "customs-decided") == 2);
        Assert.True(cleared.GetProperty("electronicClearance").GetBoolean());
        var stages = Stages(cleared);
        foreach (var stage in new[] { "created", "submitted", "accepted", "risk-decided", "inspection-ordered", "passed", "permit-issued", "permit-copy-received", "port-verified", "clearance-permit-issued" })
        {
            Assert.Contains(stage, stages);
        }

        Assert.Equal(2, stages.Count(s => s == "port-verified"));
        Assert.Equal(2, stages.Count(s => s == "clearance-permit-issued"));
        var times = cleared.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("at").GetDateTimeOffset()).ToArray();
        Assert.Equal(times.Order(), times);

        // The metrics count it: one more declaration through every stage, and electronic lines in the coverage.
        var timeAfter = await Expect(await exporter.GetAsync("/api/declarations/metrics/clearance-time"), HttpStatusCode.OK);
        int StageCount(JsonElement view, string stage) => view.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == stage).GetProperty("count").GetInt32();
        foreach (var stage in new[] { "acceptance", "risk", "inspection", "permit", "port-verification", "customs", "total" })
        {
            Assert.Equal(StageCount(timeBefore, stage) + 1, StageCount(timeAfter, stage));
        }

        var coverageAfter = await Expect(await exporter.GetAsync("/api/declarations/metrics/coverage"), HttpStatusCode.OK);
        Assert.Equal(coverageBefore.GetProperty("clearedDeclarations").GetInt32() + 1, coverageAfter.GetProperty("clearedDeclarations").GetInt32());
        Assert.Equal(coverageBefore.GetProperty("electronicLines").GetInt32() + 1, coverageAfter.GetProperty("electronicLines").GetInt32());
        Assert.Equal(1.0, coverageAfter.GetProperty("coverage").GetDouble());

        // The agreements' steps of these cases are all done on AQSIQ: the port's verification of the permit's copy (T-6,
        // done by the first clearance permit, caused by the copy's envelope) and each clearance permit's "verify and decide"
        // (T-7, done by Customs' decision in the clearance permit's case).
        var operatorClient = fixture.Federation[Infrastructure.TestFederation.Aqsiq].Client();
        await Expect(await operatorClient.PostAsync("/api/accountability/steps/track", null), HttpStatusCode.OK);
        var steps = (await Expect(await operatorClient.GetAsync("/api/accountability/steps?pageSize=500"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
            .Where(s => s.GetProperty("openedAt").GetDateTimeOffset() >= issuedFrom && s.GetProperty("stepIndex").GetInt32() > 0)
            .Select(s => (Step: s.GetProperty("step").GetString(), Agreement: s.GetProperty("agreement").GetString(), State: s.GetProperty("state").GetString()))
            .OrderBy(s => s.Agreement, StringComparer.Ordinal).ToArray();
        Assert.Equal(
            [("verify at the port", "T-6", "done"), ("verify and decide", "T-7", "done"), ("verify and decide", "T-7", "done")],
            steps);
    }

    [Fact]
    public async Task An_import_without_its_quarantine_permit_is_returned_and_once_amended_goes_through_the_port_office_to_customs_and_the_inland_office()
    {
        var agent = await fixture.SignInAsync("agent.ningbo");
        var port = await fixture.SignInAsync("ciq.ningbo.port");
        var inland = await fixture.SignInAsync("ciq.ningbo");
        var customs = await fixture.SignInAsync("customs.ningbo");
        var lot = NewLot("SHRIMP");
        var quarantinePermit = await ShrimpPermitAsync(await fixture.SignInAsync("moa.officer"), 8000m);

        var created = await CreateAsync(agent, Import(8000m, lot, quarantinePermit: null));
        var id = created.GetProperty("id").GetGuid();
        var returned = await SubmitAsync(agent, id);
        Assert.Equal("returned", returned.GetProperty("status").GetString());
        Assert.Equal("CIQ-NB-BEILUN", returned.GetProperty("office").GetString()); // the port office of the port of entry
        var reasons = returned.GetProperty("returnReasons").GetString()!;
        Assert.Contains("lines[0]", reasons, StringComparison.Ordinal);
        Assert.Contains("quarantine-permit", reasons, StringComparison.Ordinal);
        Assert.StartsWith("import: the CIQ port office of the port of entry ", returned.GetProperty("routingReason").GetString(), StringComparison.Ordinal);

        // The reasons, the routing and the history are kept coded and read in the reader's language.
        using (var inChinese = new HttpRequestMessage(HttpMethod.Get, $"/api/declarations/{id}"))
        {
            inChinese.Headers.AcceptLanguage.ParseAdd("zh-CN");
            var chinese = await Expect(await agent.SendAsync(inChinese), HttpStatusCode.OK);
            Assert.StartsWith("lines[0]：HS ", chinese.GetProperty("returnReasons").GetString(), StringComparison.Ordinal);
            Assert.Contains("需要进境动植物检疫许可证（单证类型 quarantine-permit）", chinese.GetProperty("returnReasons").GetString(), StringComparison.Ordinal);
            Assert.StartsWith("进口：入境口岸 ", chinese.GetProperty("routingReason").GetString(), StringComparison.Ordinal);
            var history = chinese.GetProperty("history").EnumerateArray().ToDictionary(h => h.GetProperty("stage").GetString()!, h => h.GetProperty("detail").GetString()!);
            Assert.StartsWith("分派至 CIQ-NB-BEILUN：进口：入境口岸 ", history["submitted"], StringComparison.Ordinal);
            Assert.Equal(chinese.GetProperty("returnReasons").GetString(), history["returned"]);
        }

        // A returned declaration cannot be submitted as it is; it is changed (with the permit attached) and submitted again.
        var again = await Expect(await agent.PostAsync($"/api/declarations/{id}/submit", null), HttpStatusCode.Conflict);
        Assert.Equal("returned", again.GetProperty("currentStatus").GetString());
        var changed = await Expect(await agent.PutAsJsonAsync($"/api/declarations/{id}?version={returned.GetProperty("version").GetInt64()}", Import(8000m, lot, quarantinePermit)), HttpStatusCode.OK);
        Assert.Equal("draft", changed.GetProperty("status").GetString());
        var submitted = await SubmitAsync(agent, id);
        Assert.Equal("inspection", submitted.GetProperty("status").GetString());

        // The inland office does not see it; the port office inspects and issues the permit and the clearance permit.
        Assert.Equal(HttpStatusCode.NotFound, (await inland.GetAsync($"/api/declarations/{id}")).StatusCode);
        Assert.Equal("passed", (await InspectAsync(port, id, null)).GetProperty("status").GetString());
        var issued = await IssuePermitAsync(port, id);
        Assert.Equal("permit-issued", issued.GetProperty("status").GetString());
        var clearanceDetail = issued.GetProperty("history").EnumerateArray().Single(h => h.GetProperty("stage").GetString() == "clearance-permit-issued").GetProperty("detail").GetString()!;
        Assert.Contains("CUSTOMS-NB", clearanceDetail, StringComparison.Ordinal);
        var clearancePermit = clearanceDetail.Split(' ')[0];

        var verified = await VerifyAtCustomsWhenArrivedAsync(customs, clearancePermit, Shrimp, 8000m);
        Outcome("match", verified);
        await Expect(await DecideAsync(customs, NewCustomsNumber(), clearancePermit, Shrimp, 8000m), HttpStatusCode.Created);
        var cleared = await WaitForStatusAsync(agent, id, "cleared");
        Assert.Contains("customs-decided", Stages(cleared));
        Assert.Contains("returned", Stages(cleared));
        Assert.Contains("amended", Stages(cleared));

        // The inland office of the consignee's area holds an electronic copy of the inspection permit.
        var permit = await PermitAsync(agent, issued.GetProperty("permitNumber").GetString()!);
        var check = await CheckWhenArrivedAsync(inland, new { qr = permit.GetProperty("qrPayload").GetString() });
        Outcome("match", check);
        Assert.Equal("CIQ-NB", check.GetProperty("holder").GetString());
    }

    [Fact]
    public async Task An_illegal_transition_is_refused_with_409_naming_the_current_state_and_the_history_is_kept()
    {
        var exporter = await fixture.SignInAsync("exporter.hangzhou");
        var inspector = await fixture.SignInAsync("ciq.hangzhou");
        var admin = await fixture.SignInAsync("admin");

        var id = (await CreateAsync(exporter, Export(100m, NewLot("TEA-L")))).GetProperty("id").GetGuid();
        async Task Refused(HttpClient client, string path, string current, object? body = null)
        {
            var response = body is null ? await client.PostAsync(path, null) : await client.PostAsJsonAsync(path, body);
            var problem = await Expect(response, HttpStatusCode.Conflict);
            Assert.Equal(current, problem.GetProperty("currentStatus").GetString());
            Assert.Contains(current, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // A draft is not inspected, given a permit or amended.
        var inspection = new { lines = new[] { new { sequence = 1, quantityInspected = 10m, findingsConform = true } } };
        await Refused(admin, $"/api/declarations/{id}/inspection", "draft", inspection);
        await Refused(admin, $"/api/declarations/{id}/permit", "draft");
        await Refused(exporter, $"/api/declarations/{id}/amend", "draft");

        // Submitted once; not twice, no permit before it passed, no withdrawal during inspection.
        Assert.Equal("inspection", (await SubmitAsync(exporter, id)).GetProperty("status").GetString());
        await Refused(exporter, $"/api/declarations/{id}/submit", "inspection");
        await Refused(inspector, $"/api/declarations/{id}/permit", "inspection");
        await Refused(exporter, $"/api/declarations/{id}/withdraw", "inspection");
        Assert.Equal("passed", (await InspectAsync(inspector, id, 1.0)).GetProperty("status").GetString());
        await Refused(inspector, $"/api/declarations/{id}/inspection", "passed", inspection);
        await IssuePermitAsync(inspector, id);
        await Refused(inspector, $"/api/declarations/{id}/permit", "permit-issued");

        var kept = await GetAsync(exporter, id);
        // In order (the port's receipt of its copy may follow at any moment).
        Assert.Equal(["created", "submitted", "accepted", "risk-decided", "inspection-ordered", "passed", "permit-issued"], Stages(kept).Where(s => s != "permit-copy-received"));

        // A draft can be withdrawn, and then nothing more happens to it.
        var other = (await CreateAsync(exporter, Export(100m, NewLot("TEA-W")))).GetProperty("id").GetGuid();
        Assert.Equal("withdrawn", (await Expect(await exporter.PostAsync($"/api/declarations/{other}/withdraw", null), HttpStatusCode.OK)).GetProperty("status").GetString());
        await Refused(exporter, $"/api/declarations/{other}/submit", "withdrawn");
        await Refused(exporter, $"/api/declarations/{other}/withdraw", "withdrawn");
        var withdrawn = await GetAsync(exporter, other);
        Assert.Equal(["created", "withdrawn"], Stages(withdrawn));
    }

    [Fact]
    public async Task The_risk_decision_lists_its_reasons_is_reproducible_from_its_seed_and_counts_recent_failures()
    {
        var exporter = await fixture.SignInAsync("exporter.hangzhou");
        var inspector = await fixture.SignInAsync("ciq.hangzhou");

        var before = await SubmitAsync(exporter, (await CreateAsync(exporter, Export(300m, NewLot("TEA-R")))).GetProperty("id").GetGuid());
        var risk = before.GetProperty("risk");
        var reasons = risk.GetProperty("reasons").EnumerateArray().ToDictionary(r => r.GetProperty("input").GetString()!, r => r);
        foreach (var input in new[] { "credit-class", "product-risk", "recent-failures", "supervision", "alerts", "random-sample" })
        {
            Assert.True(reasons.ContainsKey(input), $"no reason {input}");
            Assert.False(string.IsNullOrWhiteSpace(reasons[input].GetProperty("explanation").GetString()));
        }

        Assert.Equal(reasons.Values.Sum(r => r.GetProperty("points").GetInt32()), risk.GetProperty("score").GetInt32());
        Assert.Equal("physical-inspection", risk.GetProperty("outcome").GetString());
        Assert.Equal("not selected", reasons["random-sample"].GetProperty("value").GetString());
        var seed = risk.GetProperty("seed").GetInt64();
        Assert.Equal(RiskEngine.Draw(seed), risk.GetProperty("draw").GetDouble());
        Assert.Contains(seed.ToString(System.Globalization.CultureInfo.InvariantCulture), reasons["random-sample"].GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.Contains(before.GetProperty("history").EnumerateArray(), h => h.GetProperty("stage").GetString() == "risk-decided" &&
            h.GetProperty("detail").GetString()!.Contains(seed.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        // Lead above the GB 2762 limit fails the inspection.
        var failedId = before.GetProperty("id").GetGuid();
        var failed = await InspectAsync(inspector, failedId, 6.2);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var lab = failed.GetProperty("inspection")[0].GetProperty("labResults")[0];
        Assert.False(lab.GetProperty("pass").GetBoolean());
        Assert.Matches(@"^max 5(\.0)? mg/kg$", lab.GetProperty("limit").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await inspector.PostAsync($"/api/declarations/{failedId}/permit", null)).StatusCode);

        // The trader's next declaration carries the failure.
        var after = await SubmitAsync(exporter, (await CreateAsync(exporter, Export(300m, NewLot("TEA-R")))).GetProperty("id").GetGuid());
        var failuresBefore = reasons["recent-failures"];
        var failuresAfter = after.GetProperty("risk").GetProperty("reasons").EnumerateArray().Single(r => r.GetProperty("input").GetString() == "recent-failures");
        Assert.Equal(int.Parse(failuresBefore.GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture) + 1,
            int.Parse(failuresAfter.GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Math.Min(45, failuresBefore.GetProperty("points").GetInt32() + 15), failuresAfter.GetProperty("points").GetInt32());
        Assert.True(after.GetProperty("risk").GetProperty("score").GetInt32() > risk.GetProperty("score").GetInt32());
    }
}

[Collection("sqlite")]
public sealed class ClearanceFlowOnSqlite(SqliteClearanceFederation fixture) : ClearanceFlowTests(fixture), IClassFixture<SqliteClearanceFederation>;

[Collection("postgres")]
public sealed class ClearanceFlowOnPostgres(PostgresClearanceFederation fixture) : ClearanceFlowTests(fixture), IClassFixture<PostgresClearanceFederation>;
