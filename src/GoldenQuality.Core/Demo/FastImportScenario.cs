using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GoldenQuality.Demo;

/// <summary>
/// <c>gq demo --scenario fast-import --exit</c>: fast inspection of imports from foreign SPS certificates received
/// through the hub (issue 18, decision 0017). Ecuador's authority (fictional, hosted on the hub node) delivers an SPS
/// certificate for frozen shrimp to China before the ship arrives; the national node pulls and acknowledges it, and the
/// hub tracks it as delivered. The Ningbo demo importer's declaration cites it; every field matches, and with a clean
/// history the line is released on documents ("may proceed", every reason listed). A second certificate states a
/// different quantity: the mismatch is listed field by field and the goods are inspected; the inspection fails and the
/// border rejection goes back through the hub to Ecuador's authority. A third certificate is cancelled by its
/// authority before the goods arrive: its declaration is blocked from release on documents. Each step is checked
/// on the node where it must happen.
/// </summary>
/// <remarks>
/// The demo nodes run this scenario without the random sample of document checks (<see cref="Settings"/>), so that the
/// release on documents cannot be drawn for a random inspection; the product's default rate is 2 %.
/// </remarks>
internal static class FastImportScenario
{
    private const string Importer = "913302000000DEM02M";
    private const string Consignor = "Demo Shrimp Exporter S.A. (fictional)";
    private const string Vessel = "MSC ANNA";

    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Declarations:Risk:RandomSampleRate"] = "0",
    };

    public static Task<bool> RunAsync(DemoFederation federation, CancellationToken ct) => ClearanceScenarios.Run(federation, "agent.ningbo", "ciq.ningbo.port", async (driver, stamp) =>
    {
        using var ecuador = await MinistriesScenario.SignInAsync(federation[DemoFederation.Hub].Url, "nppo.ecuador", ct);
        var quarantinePermit = await FlowDriver.RegisterQuarantinePermitAsync(new Uri(federation[DemoFederation.Moa].Url), "030617", "EC", 30000m, ct);
        ClearanceScenarios.Step("MOA registers the importer's quarantine permit (MOA node)", true, $"{quarantinePermit}: HS 0306.17 from EC through CNNGB, 30000 KGM");

        // 1. A matching certificate, before the ship: delivered, pulled, acknowledged, released on documents.
        var matching = "EC-SPS-" + stamp + "-1";
        var first = await DeliverAsync(ecuador, matching, 6000m, "70", ct);
        ClearanceScenarios.Step("Ecuador's authority delivers an SPS certificate for frozen shrimp to CN (hub node)", Text(first, "state") == "pending-delivery",
            $"{matching} as hub envelope {Text(first, "hubDeliveryNumber")}, {Text(first, "state")}");
        await PullAsync(driver.Port, Text(first, "hubDeliveryNumber"), "delivered", ct);
        await TrackedAsync(ecuador, Text(first, "hubDeliveryNumber"), "delivered", ct);

        var released = await driver.DeclareAsync(Import(6000m, "SHRIMP-FT-" + stamp, quarantinePermit, matching), ct);
        var reason = Reason(released, "foreign-certificate");
        ClearanceScenarios.Step("the importer's declaration cites it; every field matches and the line is released on documents (national node)",
            Text(released, "status") == "permit-issued" && reason is { } r && Text(r, "value") == "matched" && Risk(released) == "document-check",
            $"{Text(released, "number")}: {Text(released, "status")}, permit {Text(released, "permitNumber")}");
        PrintReasons(released);

        // 2. A certificate with another quantity: the mismatch is listed and the goods are inspected; they fail, and the rejection goes back.
        var other = "EC-SPS-" + stamp + "-2";
        var second = await DeliverAsync(ecuador, other, 5000m, "70", ct);
        await PullAsync(driver.Port, Text(second, "hubDeliveryNumber"), "delivered", ct);
        var flagged = await driver.DeclareAsync(Import(6000m, "SHRIMP-MM-" + stamp, quarantinePermit, other), ct);
        var fastTrack = Reason(flagged, "fast-track");
        ClearanceScenarios.Step("a second certificate states 5000 KGM against 6000 declared: flagged and sent to inspection (national node)",
            Text(flagged, "status") == "inspection" && Reason(flagged, "foreign-certificate") is { } m && Text(m, "value") == "mismatched" && fastTrack is { } f &&
            Text(f, "explanation").Contains("netWeightKg", StringComparison.Ordinal),
            $"{Text(flagged, "number")}: {(fastTrack is { } why ? Text(why, "explanation") : "no fast-track reason")}");
        await RejectAsync(driver, ecuador, flagged, other, ct);

        // 3. A certificate cancelled by its authority before the goods arrive: its declaration is blocked from release on documents.
        var cancelled = "EC-SPS-" + stamp + "-3";
        var third = await DeliverAsync(ecuador, cancelled, 4000m, "70", ct);
        await PullAsync(driver.Port, Text(third, "hubDeliveryNumber"), "delivered", ct);
        var withdrawal = await DeliverAsync(ecuador, cancelled, 4000m, "40", ct);
        await PullAsync(driver.Port, Text(withdrawal, "hubDeliveryNumber"), "delivered", ct);
        ClearanceScenarios.Step("Ecuador's authority cancels the third certificate; the withdrawal reaches the national node", true,
            $"{cancelled}: withdrawal envelope {Text(withdrawal, "hubDeliveryNumber")}");
        var blocked = await driver.DeclareAsync(Import(4000m, "SHRIMP-WD-" + stamp, quarantinePermit, cancelled), ct);
        ClearanceScenarios.Step("the declaration citing the cancelled certificate is not released on documents (national node)",
            Text(blocked, "status") == "inspection" && Reason(blocked, "foreign-certificate") is { } w && Text(w, "value") == "withdrawn",
            $"{Text(blocked, "number")}: {Text(blocked, "status")}; {(Reason(blocked, "fast-track") is { } b ? Text(b, "explanation") : "")}");
        return true;
    });

    /// <summary>The certificate as Ecuador's authority writes it (the hub node's SPS export), delivered to CN; returns the hub's header.</summary>
    private static async Task<JsonElement> DeliverAsync(HttpClient authority, string number, decimal netKg, string status, CancellationToken ct)
    {
        var issued = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(-5)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var permit = new JsonObject
        {
            ["permitNo"] = number, ["permitType"] = "853", ["status"] = status, ["issuedAt"] = issued,
            ["issuer"] = "Ecuador SPS export authority (fictional, demo only)", ["issueLocation"] = "Guayaquil", ["signatory"] = "Demo certifying officer (fictional)",
            ["consignorName"] = Consignor, ["consignorAddress"] = "Av. Demo 1, Guayaquil (fictional)",
            ["consigneeName"] = "Ningbo Demo Food Import & Export Co., Ltd. (demo)", ["consigneeId"] = Importer,
            ["exportCountry"] = "EC", ["importCountry"] = "CN", ["portOfEntry"] = "CNNGB", ["portOfEntryName"] = "Ningbo",
            ["transportMode"] = "1", ["transportMeans"] = Vessel, ["voyageNo"] = "214E",
            ["additionalDeclaration"] = "The shrimp were sampled and found free from white spot syndrome virus.",
            ["items"] = new JsonArray(new JsonObject
            {
                ["seq"] = "1", ["description"] = "Frozen shrimps, peeled, in cartons", ["commonName"] = "Whiteleg shrimp", ["scientificName"] = "Litopenaeus vannamei",
                ["commodityCode"] = "030617", ["netWeight"] = netKg.ToString("0.###", CultureInfo.InvariantCulture), ["netWeightUnit"] = "KGM", ["originCountry"] = "EC",
                ["treatment"] = "FRZ", ["treatmentDetails"] = "deep frozen at -18 °C or below",
            }),
        };
        using var written = await authority.PostAsJsonAsync("/api/codes/sps/export", permit, ct);
        var xml = await written.Content.ReadAsStringAsync(ct);
        if (written.StatusCode != HttpStatusCode.OK)
        {
            throw new FlowException($"write the SPS certificate {number} on the hub node: {(int)written.StatusCode}: {xml}");
        }

        var receipt = await FlowDriver.Expect(await authority.PostAsJsonAsync("/api/hub/envelopes", new
        {
            deliveryId = Guid.CreateVersion7(),
            to = "CN",
            kind = "certificate",
            certificateType = "853",
            certificateStatus = status,
            nppoCertificateNumber = number,
            content = xml,
        }, ct), HttpStatusCode.Created, "deliver the envelope to the hub", ct);
        return receipt.GetProperty("envelope");
    }

    /// <summary>The port office pulls now from the hub (national node); the envelope must be among what it pulled, acknowledged as <paramref name="outcome"/>.</summary>
    private static async Task PullAsync(HttpClient port, string hubNumber, string outcome, CancellationToken ct)
    {
        var pulled = await FlowDriver.WaitAsync(async () =>
        {
            var summary = await FlowDriver.Expect(await port.PostAsync("/api/international/pull", null, ct), HttpStatusCode.OK, "pull from the hub", ct);
            return summary.GetProperty("pulled").EnumerateArray().Where(p => Text(p, "hubDeliveryNumber") == hubNumber).Cast<JsonElement?>().FirstOrDefault();
        }, "envelope " + hubNumber + " at the national node", ct);
        ClearanceScenarios.Step($"the national node pulls {hubNumber} from the hub and acknowledges it", Text(pulled, "outcome") == outcome,
            $"{Text(pulled, "nppoCertificateNumber")} from {Text(pulled, "from")}: {Text(pulled, "outcome")}{(Text(pulled, "reason") is { Length: > 0 } why ? " (" + why + ")" : "")}");
    }

    /// <summary>The sender follows the envelope at the hub until it reaches <paramref name="state"/>.</summary>
    private static async Task TrackedAsync(HttpClient sender, string hubNumber, string state, CancellationToken ct)
    {
        var tracking = await FlowDriver.WaitAsync(async () =>
        {
            var t = await FlowDriver.Expect(await sender.GetAsync($"/api/hub/envelopes/{Uri.EscapeDataString(hubNumber)}/tracking", ct), HttpStatusCode.OK, "the hub's tracking", ct);
            return Text(t.GetProperty("envelope"), "state") == state ? t : null;
        }, $"envelope {hubNumber} {state} at the hub", ct);
        ClearanceScenarios.Step($"the hub tracks {hubNumber} as {state} for its sender (hub node)", true,
            string.Join(" → ", tracking.GetProperty("history").EnumerateArray().Select(h => Text(h, "state"))));
    }

    /// <summary>The port office's inspection fails; the border rejection reaches Ecuador's authority through the hub.</summary>
    private static async Task RejectAsync(FlowDriver driver, HttpClient ecuador, JsonElement declaration, string certificate, CancellationToken ct)
    {
        var id = declaration.GetProperty("id").GetGuid();
        var failed = await FlowDriver.Expect(await driver.Inspector.PostAsJsonAsync($"/api/declarations/{id}/inspection", new
        {
            lines = new[]
            {
                new { sequence = 1, quantityInspected = 50m, findings = "5000 KGM found in the container against 6000 KGM declared; cartons unlabelled", findingsConform = false, labResults = Array.Empty<object>() },
            },
        }, ct), HttpStatusCode.OK, "record the failed inspection", ct);
        ClearanceScenarios.Step("the port office's inspection finds the goods nonconforming (national node)", Text(failed, "status") == "failed", $"{Text(failed, "number")}: {Text(failed, "status")}");

        var notice = await FlowDriver.WaitAsync(async () =>
        {
            var list = await FlowDriver.Expect(await ecuador.GetAsync("/api/hub/envelopes?box=import", ct), HttpStatusCode.OK, "Ecuador's import box at the hub", ct);
            return list.GetProperty("envelopes").EnumerateArray()
                .Where(e => Text(e, "kind") == "border-rejection" && Text(e, "from") == "CN" && Text(e, "nppoCertificateNumber") == "NC-" + Text(failed, "number"))
                .Cast<JsonElement?>().FirstOrDefault();
        }, "the border rejection in Ecuador's box at the hub", ct, 60);
        var number = Text(notice, "hubDeliveryNumber");
        var content = await FlowDriver.Expect(await ecuador.GetAsync($"/api/hub/envelopes/{Uri.EscapeDataString(number)}", ct), HttpStatusCode.OK, "pull the border rejection", ct);
        await FlowDriver.Expect(await ecuador.PostAsJsonAsync($"/api/hub/envelopes/{Uri.EscapeDataString(number)}/acknowledgement", new { outcome = "delivered" }, ct),
            HttpStatusCode.OK, "acknowledge the border rejection", ct);
        ClearanceScenarios.Step("the border rejection goes back through the hub to Ecuador's authority, which pulls and acknowledges it (hub node)",
            Text(content, "content").Contains(certificate, StringComparison.Ordinal),
            $"notice {Text(notice, "nppoCertificateNumber")} (envelope {number}) from CN about certificate {certificate}");
    }

    private static object Import(decimal quantity, string lot, string quarantinePermit, string certificate) => new
    {
        kind = "import",
        declarantUscc = Importer,
        consigneeUscc = Importer,
        consignorName = Consignor,
        transportMode = "1",
        transportMeans = Vessel + " / 214E",
        portOfLoading = "ECGYE",
        portOfEntry = "CNNGB",
        country = "EC",
        contractReference = "NBF-2026-" + lot,
        invoiceReference = "EC-INV-" + lot,
        documents = new[]
        {
            new { type = "quarantine-permit", number = quarantinePermit, issuer = "MOA" },
            new { type = "sps-certificate", number = certificate, issuer = "NPPO-EC-DEMO" },
        },
        lines = new[]
        {
            new
            {
                sequence = 1, hsCode = "0306170000", description = "Frozen shrimps (other) / 冻虾", quantity, unit = "KGM", netWeightKg = quantity,
                grossWeightKg = quantity * 1.05m, value = quantity * 7.2m, currency = "USD", placeOfOrigin = "EC", lots = new[] { lot }, packaging = "frozen cartons",
            },
        },
    };

    private static string? Risk(JsonElement declaration) =>
        declaration.TryGetProperty("risk", out var risk) && risk.ValueKind == JsonValueKind.Object ? Text(risk, "outcome") : null;

    private static JsonElement? Reason(JsonElement declaration, string input) =>
        declaration.TryGetProperty("risk", out var risk) && risk.ValueKind == JsonValueKind.Object
            ? risk.GetProperty("reasons").EnumerateArray().Where(r => Text(r, "input") == input).Cast<JsonElement?>().FirstOrDefault()
            : null;

    private static void PrintReasons(JsonElement declaration)
    {
        foreach (var r in declaration.GetProperty("risk").GetProperty("reasons").EnumerateArray())
        {
            ClearanceScenarios.Step("  reason " + Text(r, "input"), true, string.Create(CultureInfo.InvariantCulture, $"{Text(r, "value")} ({r.GetProperty("points").GetInt32()} points): {Text(r, "explanation")}"));
        }
    }

    private static string Text(JsonElement? e, string name) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : "";
}
