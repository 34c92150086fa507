using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GoldenQuality.Demo;

/// <summary>
/// <c>gq demo --scenario provincial --exit</c>: a local node in the flow (decision 0014). The Qingdao demo enterprise
/// declares an import of smartphones entering at Qingdao (CNTAO) on the national node; the port office of Qingdao,
/// CIQ-SD-HUANGDAO, is hosted by the Shandong CIQ bureau's own node, so the national node forwards the declaration
/// there instead of deciding it; the Shandong node creates it as its own, checks and decides it (inspecting it when the
/// risk decision asks) and issues the permit; the outcome — its number there and the permit — shows on the national node.
/// Each step is checked on the node where it must happen; the scenario fails on the first that did not.
/// </summary>
internal static class ProvincialScenario
{
    private const string Importer = "913702000000DEM05F";

    public static Task<bool> RunAsync(DemoFederation federation, CancellationToken ct) => ClearanceScenarios.Run(federation, "importer.qingdao", "ciq.ningbo.port", async (driver, stamp) =>
    {
        using var huangdao = await MinistriesScenario.SignInAsync(federation[DemoFederation.Shandong].Url, "ciq.huangdao", ct);
        var (id, there, view) = await DecideOnShandongAsync(driver, huangdao, Phones("PHONE-" + stamp), ct);
        var permit = view.GetProperty("permitNumber").GetString() ?? "";
        var clearance = Stage(view, "clearance-permit-issued");
        ClearanceScenarios.Step("permit issued by the Shandong node, clearance permit sent to Customs",
            view.GetProperty("status").GetString() == "permit-issued" && permit.StartsWith("IP-CIQ-SD-HUANGDAO-", StringComparison.Ordinal)
            && clearance.Contains("CUSTOMS-QD", StringComparison.Ordinal) && !clearance.Contains("not sent", StringComparison.Ordinal), $"{permit}; {clearance}");

        var outcome = await FlowDriver.WaitAsync(async () =>
        {
            var d = await FlowDriver.Expect(await driver.Enterprise.GetAsync($"/api/declarations/{id}", ct), HttpStatusCode.OK, "read the declaration", ct);
            return d.GetProperty("forwarding").GetProperty("remotePermitNumber").ValueKind == JsonValueKind.String ? d : null;
        }, "the permit at the national node", ct);
        var forwarding = outcome.GetProperty("forwarding");
        ClearanceScenarios.Step("the outcome is visible on the national node",
            forwarding.GetProperty("remoteStatus").GetString() == "permit-issued" && forwarding.GetProperty("remotePermitNumber").GetString() == permit
            && outcome.GetProperty("status").GetString() == "forwarded",
            $"{outcome.GetProperty("number").GetString()} forwarded; at {DemoFederation.Shandong}: {there} {forwarding.GetProperty("remoteStatus").GetString()}, permit {permit}");
        return true;
    });

    /// <summary>
    /// Submits an import entering at Qingdao on the national node and follows it to the Shandong node, which takes it
    /// (forwarded), decides it and — inspecting it when the risk decision asks — issues the permit; returns the national
    /// id, the Shandong number and the declaration as the Shandong node holds it.
    /// </summary>
    internal static async Task<(Guid Id, string There, JsonElement View)> DecideOnShandongAsync(FlowDriver driver, HttpClient huangdao, object declaration, CancellationToken ct)
    {
        var submitted = await driver.DeclareAsync(declaration, ct);
        var id = submitted.GetProperty("id").GetGuid();
        var forwarded = Stage(submitted, "forwarded");
        ClearanceScenarios.Step("submitted on the national node and forwarded to the Shandong node",
            submitted.GetProperty("status").GetString() == "forwarded" && forwarded.Contains("hosted by node " + DemoFederation.Shandong, StringComparison.Ordinal)
            && submitted.GetProperty("history").EnumerateArray().All(h => h.GetProperty("stage").GetString() != "risk-decided"), forwarded);

        // The Shandong node's number comes back as soon as it has taken the declaration.
        var reported = await FlowDriver.WaitAsync(async () =>
        {
            var d = await FlowDriver.Expect(await driver.Enterprise.GetAsync($"/api/declarations/{id}", ct), HttpStatusCode.OK, "read the declaration", ct);
            return d.GetProperty("forwarding").GetProperty("remoteNumber").ValueKind == JsonValueKind.String ? d : null;
        }, "the Shandong node's answer at the national node", ct);
        var there = reported.GetProperty("forwarding").GetProperty("remoteNumber").GetString()!;
        var list = await FlowDriver.Expect(await huangdao.GetAsync($"/api/declarations?q={there}", ct), HttpStatusCode.OK, "the Huangdao worklist", ct);
        var item = list.GetProperty("items").EnumerateArray().FirstOrDefault();
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new FlowException($"{there} is not in the worklist of CIQ-SD-HUANGDAO on the Shandong node");
        }

        var shandongId = item.GetProperty("id").GetGuid();
        var view = await FlowDriver.Expect(await huangdao.GetAsync($"/api/declarations/{shandongId}", ct), HttpStatusCode.OK, "read it on the Shandong node", ct);
        ClearanceScenarios.Step("held and decided by the Shandong node (CIQ-SD-HUANGDAO)",
            view.GetProperty("office").GetString() == "CIQ-SD-HUANGDAO" && view.GetProperty("forwarding").GetProperty("forwardedFrom").GetString() == DemoFederation.National
            && Stage(view, "risk-decided").Length > 0,
            $"{there}: {Stage(view, "forwarded-in")}; risk {Stage(view, "risk-decided")}");

        if (view.GetProperty("status").GetString() == "inspection")
        {
            var lines = view.GetProperty("data").GetProperty("lines").EnumerateArray().Select(l => new
            {
                sequence = l.GetProperty("sequence").GetInt32(), quantityInspected = Math.Min(10m, l.GetProperty("quantity").GetDecimal()),
                findings = "marks, labels and documents as declared", findingsConform = true, labResults = Array.Empty<object>(),
            }).ToArray();
            await FlowDriver.Expect(await huangdao.PostAsJsonAsync($"/api/declarations/{shandongId}/inspection", new { lines }, ct), HttpStatusCode.OK, "inspect on the Shandong node", ct);
            view = await FlowDriver.Expect(await huangdao.PostAsync($"/api/declarations/{shandongId}/permit", null, ct), HttpStatusCode.OK, "issue the permit on the Shandong node", ct);
            ClearanceScenarios.Step("inspected on the Shandong node", true, "the risk decision asked for a physical inspection; conforming");
        }

        return (id, there, view);
    }

    /// <summary>Smartphones from Korea for the Qingdao demo enterprise, entering at Qingdao (fictional).</summary>
    private static object Phones(string lot) => new
    {
        kind = "import", declarantUscc = Importer, consigneeUscc = Importer, transportMode = "1", transportMeans = "DEMO VESSEL / 077E",
        portOfLoading = "KRPUS", portOfEntry = "CNTAO", country = "KR", contractReference = "QD-" + lot, invoiceReference = "KR-" + lot, documents = Array.Empty<object>(),
        lines = new[]
        {
            new
            {
                sequence = 1, hsCode = "8517130000", description = "Smartphones / 智能手机 (demo)", quantity = 200m, unit = "H87", netWeightKg = 60m, grossWeightKg = 80m,
                value = 40000m, currency = "USD", placeOfOrigin = "KR", lots = new[] { lot }, packaging = "cartons",
            },
        },
    };

    internal static string Stage(JsonElement declaration, string stage) =>
        declaration.GetProperty("history").EnumerateArray().Where(h => h.GetProperty("stage").GetString() == stage).Select(h => h.GetProperty("detail").GetString()!).LastOrDefault() ?? "";
}
