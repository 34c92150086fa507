using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GoldenQuality.Demo;

/// <summary>
/// <c>gq demo --scenario domestic --exit</c>: the "two units" (issue 15, decision 0015). On the Zhejiang BQS node the
/// Hangzhou demo tea maker applies for a food production licence for tea and the bureau reviews and grants it; the
/// Hangzhou BQS office samples the maker's tea on a Hangzhou market under a provincial plan, the laboratory finds lead
/// at 6.2 mg/kg, judged nonconforming against GB 2762-2022; a rectification order is issued and the licence suspended.
/// The national node receives the suspension; the maker's next export declaration there goes to a physical inspection
/// with the reason <c>domestic-supervision</c>; the Hangzhou CIQ office finds the export nonconforming, and the lead
/// appears on the BQS node. Each step is checked on the node where it must happen; the scenario fails on the first
/// that did not.
/// </summary>
internal static class DomesticScenario
{
    private const string Maker = "913301000000DEM01D";

    public static Task<bool> RunAsync(DemoFederation federation, CancellationToken ct) => ClearanceScenarios.Run(federation, "exporter.hangzhou", "ciq.hangzhou", async (driver, stamp) =>
    {
        var bqs = federation[DemoFederation.BqsZhejiang].Url;
        using var maker = await MinistriesScenario.SignInAsync(bqs, "tea.maker", ct);
        using var licensing = await MinistriesScenario.SignInAsync(bqs, "bqs.licensing", ct);
        using var hangzhou = await MinistriesScenario.SignInAsync(bqs, "bqs.hangzhou", ct);
        var licence = await LicenceAsync(maker, licensing, stamp, ct);
        var sample = await SpotCheckAsync(hangzhou, licensing, licence, stamp, ct);
        await ExportAsync(driver, hangzhou, licence, sample, stamp, ct);
        return true;
    });

    /// <summary>The maker applies, the bureau reviews and grants (BQS node); returns the licence number.</summary>
    private static async Task<string> LicenceAsync(HttpClient maker, HttpClient licensing, string stamp, CancellationToken ct)
    {
        var applied = await FlowDriver.Expect(await maker.PostAsJsonAsync("/api/quality/licences", new
        {
            kind = "food", holderUscc = Maker, siteAddress = $"浙江省杭州市西湖区示例路1号（演示 {stamp}）", siteArea = "330106", categories = new[] { "tea" },
        }, ct), HttpStatusCode.Created, "apply for the production licence", ct);
        var application = Text(applied, "applicationNumber");
        ClearanceScenarios.Step("tea.maker applies for a food production licence for tea (BQS node)", Text(applied, "status") == "applied", application);

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await FlowDriver.Expect(await licensing.PostAsJsonAsync($"/api/quality/licences/{Uri.EscapeDataString(application)}/review", new
        {
            scheduledOn = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), reviewers = new[] { "王核查（演示）", "李核查（演示）" }, result = "pass",
            findings = "site, equipment and records conform (demo)",
        }, ct), HttpStatusCode.OK, "the on-site review", ct);
        var granted = await FlowDriver.Expect(await licensing.PostAsJsonAsync($"/api/quality/licences/{Uri.EscapeDataString(application)}/grant",
            new { reason = "documents and site conform (demo)" }, ct), HttpStatusCode.OK, "grant the licence", ct);
        var number = granted.GetProperty("number").GetString() ?? "";
        ClearanceScenarios.Step("bqs.licensing reviews and grants it (BQS node)", Text(granted, "status") == "granted" && number.Length > 0,
            $"{number}, valid {granted.GetProperty("validFrom")} to {granted.GetProperty("validTo")}");
        return number;
    }

    /// <summary>The provincial plan, the market sample, the nonconforming result, the rectification order and the suspension (BQS node); returns the sample number.</summary>
    private static async Task<string> SpotCheckAsync(HttpClient hangzhou, HttpClient licensing, string licence, string stamp, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string Day(int days) => today.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var plan = await FlowDriver.Expect(await hangzhou.PostAsJsonAsync("/api/quality/plans", new
        {
            level = "provincial", title = $"Tea in Hangzhou markets (demo {stamp})", categories = new[] { "tea" }, standards = new[] { "GB 2762-2022" }, plannedSamples = 10,
            regions = new[] { "330100" }, periodFrom = Day(-30), periodTo = Day(60),
        }, ct), HttpStatusCode.Created, "the provincial plan", ct);
        var planNumber = Text(plan, "number");
        ClearanceScenarios.Step("bqs.hangzhou sets up a provincial spot-check plan for tea (BQS node)", Text(plan, "level") == "provincial", planNumber);

        var recorded = await FlowDriver.Expect(await hangzhou.PostAsJsonAsync($"/api/quality/plans/{Uri.EscapeDataString(planNumber)}/samples", new
        {
            placeName = "West Lake demo supermarket (fictional)", areaCode = "330106", sellerName = "Demo supermarket (fictional)", manufacturerUscc = Maker,
            product = "Longjing green tea 250 g (demo)", category = "tea", brand = "Demo Peak", lotNumber = "LJ-" + stamp, sampledOn = Day(-2),
            samplers = new[] { "王抽样（演示）", "李抽样（演示）" }, quantity = "4 × 250 g",
        }, ct), HttpStatusCode.Created, "the market sample", ct);
        var sample = Text(recorded, "number");
        ClearanceScenarios.Step("bqs.hangzhou samples the maker's tea on the Hangzhou market (BQS node)", true, $"{sample}, lot LJ-{stamp}");

        var judged = await FlowDriver.Expect(await hangzhou.PostAsJsonAsync($"/api/quality/samples/{Uri.EscapeDataString(sample)}/results", new
        {
            laboratory = "Zhejiang demo food testing laboratory (fictional)", reportNumber = "R-" + stamp, testedOn = Day(-1),
            items = new[] { new { parameter = "pb", value = 6.2m, unit = "mg/kg" } },
        }, ct), HttpStatusCode.OK, "the laboratory results", ct);
        var item = judged.GetProperty("results").EnumerateArray().FirstOrDefault();
        ClearanceScenarios.Step("lead 6.2 mg/kg is judged nonconforming against GB 2762 (BQS node)",
            Text(judged, "outcome") == "nonconforming" && item.ValueKind == JsonValueKind.Object && (item.GetProperty("standard").GetString() ?? "").StartsWith("GB 2762", StringComparison.Ordinal),
            item.ValueKind == JsonValueKind.Object ? $"pb {item.GetProperty("value")} {item.GetProperty("unit").GetString()}: {item.GetProperty("verdict").GetString()}, limit {item.GetProperty("limit")} ({item.GetProperty("standard")} {item.GetProperty("clause")})" : "no result");

        await FlowDriver.Expect(await hangzhou.PostAsJsonAsync($"/api/quality/samples/{Uri.EscapeDataString(sample)}/follow-ups",
            new { kind = "rectification-order", detail = "Recall the lot and rectify the tea garden's soil management (demo)", dueOn = Day(30) }, ct), HttpStatusCode.OK, "the rectification order", ct);
        await FlowDriver.Expect(await hangzhou.PostAsJsonAsync($"/api/quality/samples/{Uri.EscapeDataString(sample)}/follow-ups",
            new { kind = "licence-suspension", detail = "Suspend the production licence until rectified (demo)", dueOn = Day(30), licenceNumber = licence }, ct), HttpStatusCode.OK, "the licence suspension follow-up", ct);
        // The licence-suspension follow-up suspends the licence through the register, in the same save.
        var suspended = await FlowDriver.Expect(await licensing.GetAsync($"/api/quality/licences/{Uri.EscapeDataString(licence)}", ct), HttpStatusCode.OK, "read the licence", ct);
        var followUps = (await FlowDriver.Expect(await hangzhou.GetAsync($"/api/quality/samples/{Uri.EscapeDataString(sample)}", ct), HttpStatusCode.OK, "read the sample", ct))
            .GetProperty("followUps").EnumerateArray().Select(f => Text(f, "kind")).ToArray();
        ClearanceScenarios.Step("a rectification order is issued and the licence suspended (BQS node)",
            Text(suspended, "status") == "suspended" && followUps.Contains("rectification-order") && followUps.Contains("licence-suspension"),
            $"follow-ups {string.Join(", ", followUps)}; {licence} suspended");
        return sample;
    }

    /// <summary>The suspension at the national node, the export's risk decision and failed inspection there, the lead back on the BQS node.</summary>
    private static async Task ExportAsync(FlowDriver driver, HttpClient hangzhou, string licence, string sample, string stamp, CancellationToken ct)
    {
        var signal = await FlowDriver.WaitAsync(async () =>
        {
            var page = await FlowDriver.Expect(await driver.Inspector.GetAsync($"/api/quality/signals?uscc={Maker}&pageSize=100", ct), HttpStatusCode.OK, "the signals", ct);
            return page.GetProperty("items").EnumerateArray().Where(s => Text(s, "reference") == licence && Text(s, "status") == "suspended").Cast<JsonElement?>().FirstOrDefault();
        }, "the suspension at the national node", ct);
        ClearanceScenarios.Step("the national node receives the suspension", true,
            $"{licence} suspended by {Text(signal, "office")}, from {Text(signal, "senderNode")} under {signal.GetProperty("agreementId")}");

        var declared = await driver.DeclareAsync(FlowDriver.ExportDeclaration(500m, "TEA-D-" + stamp), ct);
        var risk = declared.GetProperty("risk");
        var domestic = risk.GetProperty("reasons").EnumerateArray().FirstOrDefault(r => Text(r, "input") == "domestic-supervision");
        var outcome = Text(risk, "outcome");
        // On a fresh demo the suspension alone makes it a physical inspection (45 points); on a data folder where earlier runs
        // left failed inspections or E-Supervision alerts of the maker, those reasons make it sampling, which is stricter.
        var stricterBecauseOfEarlierRuns = outcome == "sampling-lab-test" && risk.GetProperty("reasons").EnumerateArray()
            .Any(r => Text(r, "input") == "holds-and-alerts" || (Text(r, "input") == "recent-failures" && r.GetProperty("points").GetInt32() > 0));
        ClearanceScenarios.Step(outcome == "physical-inspection"
                ? "exporter.hangzhou's export goes to physical inspection with reason domestic-supervision (national node)"
                : "exporter.hangzhou's export goes to sampling (earlier runs' failures) with reason domestic-supervision (national node)",
            domestic.ValueKind == JsonValueKind.Object && domestic.GetProperty("points").GetInt32() > 0 && (outcome == "physical-inspection" || stricterBecauseOfEarlierRuns),
            domestic.ValueKind == JsonValueKind.Object ? $"{Text(declared, "number")}: {outcome}, score {risk.GetProperty("score")}; +{domestic.GetProperty("points")} {Text(domestic, "explanation")}" : outcome);

        var id = declared.GetProperty("id").GetGuid();
        var inspected = await FlowDriver.Expect(await driver.Inspector.PostAsJsonAsync($"/api/declarations/{id}/inspection", new
        {
            lines = new[]
            {
                new
                {
                    sequence = 1, quantityInspected = 20m, findings = "packaging and marks as declared", findingsConform = true,
                    labResults = new[] { new { parameter = "pb", value = 6.2, unit = "mg/kg" } },
                },
            },
        }, ct), HttpStatusCode.OK, "record the inspection", ct);
        var reported = inspected.GetProperty("history").EnumerateArray().Where(h => Text(h, "stage") == "nonconformity-reported").Select(h => Text(h, "detail")).LastOrDefault() ?? "";
        ClearanceScenarios.Step("ciq.hangzhou records a nonconforming inspection (national node)",
            Text(inspected, "status") == "failed" && reported.Contains("sent to BQS-ZJ-HZ", StringComparison.Ordinal), reported);

        var number = Text(declared, "number");
        var lead = await FlowDriver.WaitAsync(async () =>
        {
            var page = await FlowDriver.Expect(await hangzhou.GetAsync("/api/quality/leads?open=true&pageSize=100", ct), HttpStatusCode.OK, "the leads", ct);
            return page.GetProperty("items").EnumerateArray().Where(l => Text(l, "declarationNumber") == number).Cast<JsonElement?>().FirstOrDefault();
        }, "the lead on the BQS node", ct);
        ClearanceScenarios.Step("the lead appears on the BQS node for BQS-ZJ-HZ", Text(lead, "bqsOffice") == "BQS-ZJ-HZ",
            $"{number}: {Text(lead, "failed")} (from {Text(lead, "ciqOffice")}; earlier sample {sample})");
    }

    private static string Text(JsonElement e, string name) => e.GetProperty(name).GetString() ?? "";
}
