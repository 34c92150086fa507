using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GoldenQuality.Demo;

/// <summary>
/// <c>gq demo --scenario alert --exit</c>: a rapid alert across the agencies (issue 16, decision 0016). The Ningbo demo
/// importer has shrimp on the way through two ports: a consignment entering at Qingdao, decided by the Shandong CIQ
/// node, whose permit is issued there and whose clearance permit waits at Customs; and a consignment declared at
/// Beilun and still open. A third consignment at Beilun is inspected by the port office and refused: chloramphenicol,
/// a banned veterinary drug, is found. The port office raises a border-rejection notification; the coordinating
/// office (AQSIQ-IEFSB) validates it and distributes it to Customs Ningbo, the inland CIQ office of Ningbo and the
/// Zhejiang BQS, which have it within seconds; the importer's open declaration, the permit at Qingdao and the clearance
/// permit at Customs are held on their own nodes, and the port check answers "held". The CIQ office and the BQS answer
/// in time; Customs Ningbo does not acknowledge by its deadline and is escalated to the General Administration of
/// Customs, then answers late. A re-test passes and the Shandong CIQ bureau releases the held permits by decision; the
/// Customs copy is released with them. Each step is checked on the node where it must happen.
/// </summary>
/// <remarks>
/// The demo federation runs this scenario with short deadlines (<see cref="Settings"/>), so that a missed deadline
/// happens within the scenario; the product's defaults are RASFF's (24 and 48 hours).
/// </remarks>
internal static class AlertScenario
{
    private const string Importer = "913302000000DEM02M";
    private const string Shrimp = "0306170000";

    /// <summary>The deadlines the demo nodes run with for this scenario: acknowledge within 20 s, answer within 60 s, swept every 2 s.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Alerts:AcknowledgeWithin"] = "00:00:20",
        ["Alerts:AnswerWithin"] = "00:01:00",
        ["Alerts:SweepEvery"] = "00:00:02",
    };

    public static Task<bool> RunAsync(DemoFederation federation, CancellationToken ct) => ClearanceScenarios.Run(federation, "agent.ningbo", "ciq.ningbo.port", async (driver, stamp) =>
    {
        var national = federation[DemoFederation.National].Url;
        var customsUrl = federation[DemoFederation.Customs].Url;
        using var coordinator = await MinistriesScenario.SignInAsync(national, "alerts.coordinator", ct);
        using var inland = await MinistriesScenario.SignInAsync(national, "ciq.ningbo", ct);
        using var huangdao = await MinistriesScenario.SignInAsync(federation[DemoFederation.Shandong].Url, "ciq.huangdao", ct);
        using var customsHq = await MinistriesScenario.SignInAsync(customsUrl, "customs.hq", ct);
        using var bqs = await MinistriesScenario.SignInAsync(federation[DemoFederation.BqsZhejiang].Url, "bqs.licensing", ct);

        var quarantinePermit = await FlowDriver.RegisterQuarantinePermitAsync(new Uri(federation[DemoFederation.Moa].Url), "030617", "EC", 30000m, ct, ["CNNGB", "CNTAO"]);
        var (qingdaoPermit, qingdaoClearance) = await QingdaoAsync(driver, huangdao, quarantinePermit, stamp, ct);
        var open = await driver.DeclareAsync(FlowDriver.ImportDeclaration(6000m, "SHRIMP-B-" + stamp, quarantinePermit), ct);
        ClearanceScenarios.Step("the importer's other consignment at Beilun is declared and still open (national node)",
            open.GetProperty("status").GetString() is not ("released" or "cleared" or "returned" or "failed"),
            $"{Text(open, "number")}: {Text(open, "status")}");

        var number = await RejectAndRaiseAsync(driver, quarantinePermit, stamp, ct);
        var recipients = new[] { "CUSTOMS-NB", "CIQ-NB", "BQS-ZJ" };
        var clock = Stopwatch.StartNew();
        var validated = await FlowDriver.Expect(await coordinator.PostAsJsonAsync($"/api/alerts/{Uri.EscapeDataString(number)}/validate",
            new { recipients, note = "Banned substance in a border rejection: hold the importer's other consignments (demo)" }, ct), HttpStatusCode.OK, "validate the notification", ct);
        ClearanceScenarios.Step("alerts.coordinator (AQSIQ-IEFSB) validates it and distributes it (national node)",
            Text(validated, "status") == "validated" && validated.GetProperty("recipients").GetArrayLength() == recipients.Length,
            $"to {string.Join(", ", recipients)}; acknowledge by {validated.GetProperty("recipients")[0].GetProperty("acknowledgeBy")}");

        using var customs = await MinistriesScenario.SignInAsync(customsUrl, "customs.ningbo", ct);
        foreach (var (client, where) in new[] { (customs, "Customs node (CUSTOMS-NB)"), (bqs, "Zhejiang BQS node (BQS-ZJ)"), (inland, "national node, inland office CIQ-NB") })
        {
            var seen = await FlowDriver.WaitAsync(async () =>
            {
                var r = await client.GetAsync($"/api/alerts/{Uri.EscapeDataString(number)}", ct);
                return r.StatusCode == HttpStatusCode.OK ? await r.Content.ReadFromJsonAsync<JsonElement>(ct) : null;
            }, "the notification at the " + where, ct);
            ClearanceScenarios.Step($"received at the {where}", Text(seen, "status") == "validated",
                string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:0.0} s after validation; role {Text(seen, "role")}"));
        }

        await HoldsAsync(coordinator, huangdao, customsHq, number, Text(open, "number"), qingdaoPermit, qingdaoClearance, ct);
        await AnswersAsync(coordinator, inland, bqs, customs, customsHq, number, ct);
        using var shandong = await MinistriesScenario.SignInAsync(federation[DemoFederation.Shandong].Url, "ciq.shandong", ct);
        await ReleaseAsync(shandong, huangdao, customsHq, number, qingdaoPermit, qingdaoClearance, stamp, ct);
        return true;
    });

    /// <summary>The Qingdao consignment: forwarded to the Shandong node, permit issued there, clearance permit to Customs Qingdao; returns both numbers.</summary>
    private static async Task<(string Permit, string Clearance)> QingdaoAsync(FlowDriver driver, HttpClient huangdao, string quarantinePermit, string stamp, CancellationToken ct)
    {
        var declaration = FlowDriver.ImportDeclaration(8000m, "SHRIMP-Q-" + stamp, quarantinePermit, port: "CNTAO");
        var (_, there, view) = await ProvincialScenario.DecideOnShandongAsync(driver, huangdao, declaration, ct);
        var permit = view.GetProperty("permitNumber").GetString() ?? "";
        var clearance = ProvincialScenario.Stage(view, "clearance-permit-issued").Split(' ')[0];
        ClearanceScenarios.Step("the importer's consignment at Qingdao: permit issued by the Shandong node, clearance permit sent to Customs Qingdao",
            permit.StartsWith("IP-CIQ-SD-HUANGDAO-", StringComparison.Ordinal) && clearance.StartsWith("CP-", StringComparison.Ordinal), $"{there}: {permit}, {clearance}");
        return (permit, clearance);
    }

    /// <summary>The Beilun consignment refused at inspection (chloramphenicol found), and the port office's notification; returns its number.</summary>
    private static async Task<string> RejectAndRaiseAsync(FlowDriver driver, string quarantinePermit, string stamp, CancellationToken ct)
    {
        var lot = "SHRIMP-A-" + stamp;
        var submitted = await driver.DeclareAsync(FlowDriver.ImportDeclaration(4000m, lot, quarantinePermit), ct);
        var id = submitted.GetProperty("id").GetGuid();
        if (Text(submitted, "status") != "inspection")
        {
            throw new FlowException($"the Beilun consignment was expected in inspection, but is {Text(submitted, "status")}");
        }

        var inspected = await FlowDriver.Expect(await driver.Port.PostAsJsonAsync($"/api/declarations/{id}/inspection", new
        {
            lines = new[]
            {
                new
                {
                    sequence = 1, quantityInspected = 40m, findingsConform = false,
                    findings = "laboratory: chloramphenicol 0.0012 mg/kg detected (banned in food animals; demo)", labResults = Array.Empty<object>(),
                },
            },
        }, ct), HttpStatusCode.OK, "record the failed inspection", ct);
        ClearanceScenarios.Step("the Beilun port office refuses the consignment: chloramphenicol found (national node)",
            Text(inspected, "status") == "failed", $"{Text(inspected, "number")}, lot {lot}: {Text(inspected, "status")}");

        var raised = await FlowDriver.Expect(await driver.Port.PostAsJsonAsync("/api/alerts", new
        {
            type = "border-rejection", basis = "border-control", title = $"Chloramphenicol in frozen shrimp from Ecuador (demo {stamp})",
            hazard = new { category = "veterinary-drug-residue", agent = "chloramphenicol", value = 0.0012m, unit = "mg/kg" },
            product = new { hsCode = Shrimp, description = "Frozen shrimps (other) / 冻虾", brand = "Demo Pacific (fictional)", lots = new[] { lot } },
            enterprises = new[] { new { uscc = Importer, name = "宁波演示食品有限公司 (demo)", role = "importer" } },
            originCountry = "EC", distributionCountries = new[] { "CN" }, risk = "serious",
            measuresTaken = "Consignment refused entry and detained at Beilun pending return to the sender (demo)",
        }, ct), HttpStatusCode.Created, "raise the notification", ct);
        var number = Text(raised, "number");
        var hazard = raised.GetProperty("hazard");
        ClearanceScenarios.Step("ciq.ningbo.port raises a border-rejection notification (national node)", Text(raised, "status") == "submitted",
            $"{number}: {Text(hazard, "agent")} {hazard.GetProperty("value")} {Text(hazard, "unit")}, {Text(hazard, "assessment")}");
        return number;
    }

    /// <summary>The holds on each node: the open declaration (national), the permit at Qingdao (Shandong) with the port check answering held, the clearance permit (Customs).</summary>
    private static async Task HoldsAsync(HttpClient coordinator, HttpClient huangdao, HttpClient customsHq, string number, string openDeclaration, string permit, string clearance, CancellationToken ct)
    {
        async Task<JsonElement> HeldAsync(HttpClient client, string key, string where) => await FlowDriver.WaitAsync(async () =>
        {
            var page = await FlowDriver.Expect(await client.GetAsync($"/api/alerts/holds?alert={Uri.EscapeDataString(number)}&pageSize=100", ct), HttpStatusCode.OK, "the holds", ct);
            return page.GetProperty("items").EnumerateArray().Where(h => Text(h, "key") == key).Cast<JsonElement?>().FirstOrDefault();
        }, $"the hold on {key} ({where})", ct);

        var declaration = await HeldAsync(coordinator, openDeclaration, "national node");
        ClearanceScenarios.Step("the importer's open declaration is held (national node)", Text(declaration, "status") == "active", $"{openDeclaration}: {Text(declaration, "reason")}");
        var held = await HeldAsync(huangdao, permit, "Shandong node");
        ClearanceScenarios.Step("the permit at Qingdao is held (Shandong node, CIQ-SD-HUANGDAO)", Text(held, "status") == "active", $"{permit}: {Text(held, "office")}");
        var check = await CheckAsync(huangdao, permit, ct);
        ClearanceScenarios.Step("the port check at Huangdao answers held, with the reason (Shandong node)", Text(check, "outcome") == "held", Text(check, "detail"));
        var copy = await HeldAsync(customsHq, clearance, "Customs node");
        ClearanceScenarios.Step("the clearance permit at Customs Qingdao is held (Customs node)", Text(copy, "status") == "active", $"{clearance}: {Text(copy, "office")}");
    }

    /// <summary>CIQ-NB and BQS-ZJ answer in time; CUSTOMS-NB misses its deadline, is escalated to CUSTOMS, and answers late.</summary>
    private static async Task AnswersAsync(HttpClient coordinator, HttpClient inland, HttpClient bqs, HttpClient customs, HttpClient customsHq, string number, CancellationToken ct)
    {
        var path = $"/api/alerts/{Uri.EscapeDataString(number)}";
        foreach (var (client, office, text) in new[]
        {
            (inland, "CIQ-NB", "No other consignment of the importer at the inland office; its warehouse checked (demo)"),
            (bqs, "BQS-ZJ", "The importer's domestic distributors checked; no product of the lot on the Zhejiang market (demo)"),
        })
        {
            await FlowDriver.Expect(await client.PostAsJsonAsync(path + "/acknowledge", new { note = "received (demo)" }, ct), HttpStatusCode.OK, office + " acknowledges", ct);
            await FlowDriver.Expect(await client.PostAsJsonAsync(path + "/follow-ups", new { text, measuresTaken = "checked (demo)" }, ct), HttpStatusCode.OK, office + " answers", ct);
        }

        var answered = await FlowDriver.WaitAsync(async () =>
        {
            var a = await FlowDriver.Expect(await coordinator.GetAsync(path, ct), HttpStatusCode.OK, "read the notification", ct);
            return Recipient(a, "CIQ-NB") is { } n && Recipient(a, "BQS-ZJ") is { } b && Text(n, "state") == "answered" && Text(b, "state") == "answered" ? a : null;
        }, "the answers at the coordinator", ct);
        ClearanceScenarios.Step("CIQ-NB and BQS-ZJ acknowledge and answer in time (national and BQS nodes)",
            !Recipient(answered, "CIQ-NB")!.Value.GetProperty("answeredLate").GetBoolean() && !Recipient(answered, "BQS-ZJ")!.Value.GetProperty("answeredLate").GetBoolean(),
            "follow-ups attached to the notification on the coordinating node");

        var escalated = await FlowDriver.WaitAsync(async () =>
        {
            var a = await FlowDriver.Expect(await coordinator.GetAsync(path, ct), HttpStatusCode.OK, "read the notification", ct);
            return Recipient(a, "CUSTOMS-NB") is { } c && c.GetProperty("escalatedTo").ValueKind == JsonValueKind.String ? a : null;
        }, "the escalation of CUSTOMS-NB", ct, seconds: 60);
        ClearanceScenarios.Step("CUSTOMS-NB misses its deadline to acknowledge and is escalated (national node)",
            Text(Recipient(escalated, "CUSTOMS-NB")!.Value, "escalatedTo") == "CUSTOMS",
            escalated.GetProperty("timeline").EnumerateArray().Where(t => Text(t, "kind") == "escalation").Select(t => Text(t, "text")).LastOrDefault() ?? "");
        var inbox = await FlowDriver.WaitAsync(async () =>
        {
            var i = await FlowDriver.Expect(await customsHq.GetAsync("/api/alerts/inbox", ct), HttpStatusCode.OK, "the inbox of CUSTOMS", ct);
            return i.GetProperty("items").EnumerateArray().Where(x => Text(x, "number") == number && Text(x, "kind") == "escalation").Cast<JsonElement?>().FirstOrDefault();
        }, "the escalation in the inbox of CUSTOMS", ct);
        ClearanceScenarios.Step("the General Administration of Customs sees the escalation (Customs node, customs.hq)", true, Text(inbox, "detail"));

        await FlowDriver.Expect(await customs.PostAsJsonAsync(path + "/follow-ups", new
        {
            text = "Clearance permits of the importer checked; the Qingdao consignment's clearance permit is held (demo)", measuresTaken = "held at Customs (demo)",
        }, ct), HttpStatusCode.OK, "CUSTOMS-NB answers", ct);
        var late = await FlowDriver.WaitAsync(async () =>
        {
            var a = await FlowDriver.Expect(await coordinator.GetAsync(path, ct), HttpStatusCode.OK, "read the notification", ct);
            return Recipient(a, "CUSTOMS-NB") is { } c && Text(c, "state") == "answered" ? c : null;
        }, "the late answer of CUSTOMS-NB at the coordinator", ct);
        ClearanceScenarios.Step("CUSTOMS-NB answers late, and the coordinator records it as late (national node)",
            late.GetProperty("acknowledgedLate").GetBoolean(), $"answered at {late.GetProperty("answeredAt")}, acknowledge by {late.GetProperty("acknowledgeBy")}");
    }

    /// <summary>The re-test passes; the Shandong bureau releases the held permits of Huangdao by decision, and the Customs copy follows.</summary>
    private static async Task ReleaseAsync(HttpClient shandong, HttpClient huangdao, HttpClient customsHq, string number, string permit, string clearance, string stamp, CancellationToken ct)
    {
        var holds = await FlowDriver.Expect(await shandong.GetAsync($"/api/alerts/holds?alert={Uri.EscapeDataString(number)}&pageSize=100", ct), HttpStatusCode.OK, "the holds on the Shandong node", ct);
        foreach (var key in new[] { permit, clearance })
        {
            var hold = holds.GetProperty("items").EnumerateArray().First(h => Text(h, "key") == key && Text(h, "office") == "CIQ-SD-HUANGDAO");
            var decided = await FlowDriver.Expect(await shandong.PostAsJsonAsync($"/api/alerts/holds/{hold.GetProperty("id").GetGuid()}/decide", new
            {
                decision = "released", evidence = "Re-test of the Qingdao consignment's retained samples: chloramphenicol not detected (demo)",
                retestReport = new { number = "SD-RT-" + stamp, result = "pass", laboratory = "Shandong demo food laboratory (fictional)" },
            }, ct), HttpStatusCode.OK, "release the held permit " + key, ct);
            ClearanceScenarios.Step($"a re-test passes and ciq.shandong (CIQ-SD) releases the hold on {key[..2]} {key} by decision (Shandong node)",
                Text(decided, "status") == "released", Text(decided, "evidence"));
        }

        var check = await CheckAsync(huangdao, permit, ct);
        ClearanceScenarios.Step("the port check at Huangdao matches again (Shandong node)", Text(check, "outcome") == "match", Text(check, "detail"));
        var copy = await FlowDriver.WaitAsync(async () =>
        {
            var page = await FlowDriver.Expect(await customsHq.GetAsync($"/api/alerts/holds?alert={Uri.EscapeDataString(number)}&pageSize=100", ct), HttpStatusCode.OK, "the holds at Customs", ct);
            return page.GetProperty("items").EnumerateArray().Where(h => Text(h, "key") == clearance && Text(h, "status") == "released").Cast<JsonElement?>().FirstOrDefault();
        }, "the release of the clearance permit at Customs", ct);
        ClearanceScenarios.Step("the decision reaches Customs: its copy of the clearance permit is released too (Customs node, CUSTOMS-QD)", true,
            $"{clearance}: {Text(copy, "status")}");
    }

    private static async Task<JsonElement> CheckAsync(HttpClient port, string permit, CancellationToken ct)
    {
        var read = await FlowDriver.Expect(await port.GetAsync($"/api/certificates/permits/{Uri.EscapeDataString(permit)}", ct), HttpStatusCode.OK, "read the permit", ct);
        return await FlowDriver.Expect(await port.PostAsJsonAsync("/api/certificates/checks", new { qr = Text(read, "qrPayload") }, ct), HttpStatusCode.OK, "the port check", ct);
    }

    private static JsonElement? Recipient(JsonElement alert, string office) =>
        alert.GetProperty("recipients").EnumerateArray().Where(r => Text(r, "office") == office).Cast<JsonElement?>().FirstOrDefault();

    private static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : "";
}
