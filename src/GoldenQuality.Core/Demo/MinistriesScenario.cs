using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Ministries.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace GoldenQuality.Demo;

/// <summary>
/// <c>gq demo --scenario ministries --exit</c>: the registers other ministries keep on their own nodes, checked at the
/// source in the flow. A frozen-beef import by the Ningbo demo importer is returned for a missing MOA permit, accepted
/// with one (checked by a signed query to the MOA node), drawn down at the MOA node over two partial releases, and
/// returned once the permit is exhausted; a waste-paper import is checked against an MEP licence and drawn at the MEP
/// node; a nonconformity found by AQSIQ's supervision lowers the enterprise's credit class at the central bank (PBC
/// node), and the next declaration's risk decision on the national node weighs the lower class. Each step is checked
/// on the node where it must happen; the scenario fails on the first that did not.
/// </summary>
internal static class MinistriesScenario
{
    private const string Importer = "913302000000DEM02M";
    private const string Exporter = "913301000000DEM01D";

    public static Task<bool> RunAsync(DemoFederation federation, CancellationToken ct) => ClearanceScenarios.Run(federation, "agent.ningbo", "ciq.ningbo.port", async (driver, stamp) =>
    {
        using var moa = await SignInAsync(federation[DemoFederation.Moa].Url, "moa.officer", ct);
        using var mep = await SignInAsync(federation[DemoFederation.Mep].Url, "mep.officer", ct);
        using var pbc = await SignInAsync(federation[DemoFederation.Pbc].Url, "pbc.officer", ct);
        await BeefAsync(driver, moa, stamp, ct);
        await WastePaperAsync(driver, mep, stamp, ct);
        await CreditAsync(federation, pbc, stamp, ct);
        return true;
    });

    /// <summary>Frozen beef: refused without a permit, then 6000 and 4000 KGM released under a fresh 10000 KGM permit, then refused when nothing is left.</summary>
    private static async Task BeefAsync(FlowDriver driver, HttpClient moa, string stamp, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var permit = await RegisterAsync(moa, new LpcoRegistration(null, "quarantine-permit", Importer, "0202", "Frozen bovine meat (demo, fictional)", "AU", 10000m, "KGM",
            ["CNNGB"], today.AddDays(-1), today.AddDays(180), null, "issued", "demo scenario"), ct);
        var number = permit.GetProperty("number").GetString()!;
        ClearanceScenarios.Step("MOA registers a quarantine permit (MOA node)", true, $"{number}: HS 0202 from AU through CNNGB, 10000 KGM");

        var missing = await driver.DeclareAsync(Beef(3000m, "BEEF-0-" + stamp, []), ct);
        ClearanceScenarios.Step("frozen beef without a permit is refused (national node)",
            missing.GetProperty("status").GetString() == "returned" && Reasons(missing).Contains("quarantine-permit", StringComparison.Ordinal), Reasons(missing));

        var permitDocument = new[] { new { type = "quarantine-permit", number, issuer = "MOA" } };
        foreach (var (quantity, left, step) in new[] { (6000m, 4000m, 1), (4000m, 0m, 2) })
        {
            var released = await driver.DeclareAndPassAsync(Beef(quantity, $"BEEF-{step}-{stamp}", permitDocument), ct);
            var checkedBy = Stage(released, "lpco-checked");
            ClearanceScenarios.Step($"release {step}: {quantity} KGM checked at the issuer (MOA node answered)",
                checkedBy.Contains(number, StringComparison.Ordinal) && checkedBy.Contains(DemoFederation.Moa, StringComparison.Ordinal), checkedBy);
            var declarationNumber = released.GetProperty("number").GetString()!;
            var view = await FlowDriver.WaitAsync(async () =>
            {
                var v = await GetLpcoAsync(moa, permit, ct);
                return v.GetProperty("draws").EnumerateArray().Any(d => d.GetProperty("declarationNumber").GetString() == declarationNumber) ? v : null;
            }, $"the draw of {declarationNumber} at the MOA node", ct);
            var remaining = view.GetProperty("remaining").GetDecimal();
            ClearanceScenarios.Step($"release {step}: drawn at the issuer (MOA node)", remaining == left,
                string.Create(CultureInfo.InvariantCulture, $"{declarationNumber} drew {quantity} KGM; {remaining:0.###} KGM left of 10000, {view.GetProperty("draws").GetArrayLength()} draw(s)"));
        }

        var exhausted = await driver.DeclareAsync(Beef(500m, "BEEF-3-" + stamp, permitDocument), ct);
        ClearanceScenarios.Step("a third import once the permit is exhausted is refused (MOA node's answer)",
            exhausted.GetProperty("status").GetString() == "returned" && Reasons(exhausted).Contains("lines[0].quantity", StringComparison.Ordinal), Reasons(exhausted));
    }

    /// <summary>Waste paper: 40 TNE released under a fresh MEP licence, with the pre-shipment inspection certificate, drawn at the MEP node.</summary>
    private static async Task WastePaperAsync(FlowDriver driver, HttpClient mep, string stamp, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var licence = await RegisterAsync(mep, new LpcoRegistration(null, "waste-import-licence", Importer, "4707", "Waste paper (demo, fictional)", null, 500m, "TNE",
            ["CNNGB"], today.AddDays(-1), today.AddDays(180), null, "issued", "demo scenario"), ct);
        var number = licence.GetProperty("number").GetString()!;
        ClearanceScenarios.Step("MEP registers a waste import licence (MEP node)", true, $"{number}: HS 4707, 500 TNE");
        var documents = new[]
        {
            new { type = "waste-import-licence", number, issuer = "MEP" },
            new { type = "pre-shipment-inspection-certificate", number = "CCIC-US-" + stamp, issuer = "CCIC" },
        };
        var released = await driver.DeclareAndPassAsync(WastePaper(40000m, "PAPER-" + stamp, documents), ct);
        var checkedBy = Stage(released, "lpco-checked");
        ClearanceScenarios.Step("waste paper checked against the MEP licence (MEP node answered)",
            checkedBy.Contains(number, StringComparison.Ordinal) && checkedBy.Contains(DemoFederation.Mep, StringComparison.Ordinal), checkedBy);
        var declarationNumber = released.GetProperty("number").GetString()!;
        var view = await FlowDriver.WaitAsync(async () =>
        {
            var v = await GetLpcoAsync(mep, licence, ct);
            return v.GetProperty("draws").EnumerateArray().Any(d => d.GetProperty("declarationNumber").GetString() == declarationNumber) ? v : null;
        }, $"the draw of {declarationNumber} at the MEP node", ct);
        ClearanceScenarios.Step("40 TNE drawn at the issuer (MEP node)", view.GetProperty("remaining").GetDecimal() == 460m,
            string.Create(CultureInfo.InvariantCulture, $"{view.GetProperty("remaining").GetDecimal():0.###} TNE left of 500"));
    }

    /// <summary>
    /// An export by the Hangzhou demo enterprise is risk-scored with its credit class; its production data then breaks
    /// GB 2762's cadmium limit (a nonconformity on the national node), the central bank lowers the class on the event,
    /// and the enterprise's next export is scored with the lower class.
    /// </summary>
    private static async Task CreditAsync(DemoFederation federation, HttpClient pbc, string stamp, CancellationToken ct)
    {
        var national = new Uri(federation[DemoFederation.National].Url);
        var customs = new Uri(federation[DemoFederation.Customs].Url);
        using var exporter = await FlowDriver.SignInAsync(national, customs, "exporter.hangzhou", "ciq.hangzhou", ct);
        var before = await exporter.DeclareAsync(FlowDriver.ExportDeclaration(100m, "TEA-C1-" + stamp), ct);
        var (classBefore, pointsBefore, source) = Credit(before);
        ClearanceScenarios.Step("credit class asked of the central bank (PBC node)", source.Contains(DemoFederation.Pbc, StringComparison.Ordinal),
            $"class {classBefore} (+{pointsBefore} risk points): {source}");
        var recordBefore = await FlowDriver.Expect(await pbc.GetAsync($"/api/ministries/credit/{Exporter}", ct), HttpStatusCode.OK, "read the credit record at the PBC node", ct);
        var eventsBefore = recordBefore.GetProperty("history").GetArrayLength();
        var changesBefore = await ClassChangesAsync(federation, ct);

        if (!await DemoScenarios.NonconformityAsync(federation, "CREDIT-" + stamp, ct))
        {
            throw new FlowException("the supervision nonconformity was not raised");
        }

        var record = await FlowDriver.WaitAsync(async () =>
        {
            var r = await FlowDriver.Expect(await pbc.GetAsync($"/api/ministries/credit/{Exporter}", ct), HttpStatusCode.OK, "read the credit record at the PBC node", ct);
            return r.GetProperty("history").GetArrayLength() > eventsBefore ? r : null;
        }, "the credit event at the PBC node", ct);
        var change = record.GetProperty("history")[0];
        var classAfter = record.GetProperty("record").GetProperty("creditClass").GetString()!;
        ClearanceScenarios.Step("the nonconformity lowers the credit class (PBC node, event from the national node)",
            change.GetProperty("eventKind").GetString() == "aqsiq-nonconformity" && change.GetProperty("sourceNode").GetString() == DemoFederation.National
            && string.CompareOrdinal(classAfter, classBefore) > 0,
            $"{change.GetProperty("from").GetString()} → {classAfter}: {change.GetProperty("effect").GetString()} ({change.GetProperty("legalBasis").GetString()})");

        // The central bank tells the nodes that ask for credit records; the national node forgets the class it had.
        await FlowDriver.WaitAsync(async () => await ClassChangesAsync(federation, ct) > changesBefore ? default(JsonElement) : null,
            "the class change at the national node", ct);
        var after = await exporter.DeclareAsync(FlowDriver.ExportDeclaration(100m, "TEA-C2-" + stamp), ct);
        var (_, pointsAfter, sourceAfter) = Credit(after);
        ClearanceScenarios.Step("the next declaration's risk weighs the lower class (national node)", pointsAfter > pointsBefore,
            $"class {classAfter} (+{pointsAfter} instead of +{pointsBefore} risk points): {sourceAfter}");
    }

    /// <summary>How many credit class changes of the Hangzhou demo enterprise the national node has received from the central bank.</summary>
    private static async Task<int> ClassChangesAsync(DemoFederation federation, CancellationToken ct)
    {
        await using var scope = federation[DemoFederation.National].App.Services.CreateAsyncScope();
        var received = await scope.ServiceProvider.GetRequiredService<IExchangeRecords>()
            .ReceivedAsync(new ReceivedQuery(Type: MinistriesWire.CreditClassChangedType, NewestFirst: true), 1, 200, ct);
        return received.Items.Count(m => m.Payload.Contains(Exporter, StringComparison.Ordinal));
    }

    private static object Beef(decimal quantity, string lot, object[] documents) => Import(lot, "AUMEL", "AU", documents,
        new { sequence = 1, hsCode = "0202300000", description = "Frozen boneless beef / 冻去骨牛肉", quantity, unit = "KGM", netWeightKg = quantity,
              grossWeightKg = quantity * 1.04m, value = quantity * 6.8m, currency = "USD", placeOfOrigin = "AU", lots = new[] { lot }, packaging = "frozen cartons" });

    internal static object WastePaper(decimal kilograms, string lot, object[] documents) => Import(lot, "USLAX", "US", documents,
        new { sequence = 1, hsCode = "4707100000", description = "Waste kraft paper / 废牛皮纸", quantity = kilograms / 1000m, unit = "TNE", netWeightKg = kilograms,
              grossWeightKg = kilograms * 1.01m, value = kilograms * 0.21m, currency = "USD", placeOfOrigin = "US", lots = new[] { lot }, packaging = "bales" });

    private static object Import(string lot, string loading, string country, object[] documents, object line) => new
    {
        kind = "import",
        declarantUscc = Importer,
        consigneeUscc = Importer,
        transportMode = "1",
        transportMeans = "DEMO CARRIER / 001E",
        portOfLoading = loading,
        portOfEntry = "CNNGB",
        country,
        contractReference = "NBF-" + lot,
        invoiceReference = "INV-" + lot,
        documents,
        lines = new[] { line },
    };

    internal static async Task<HttpClient> SignInAsync(string node, string user, CancellationToken ct)
    {
        var passwords = DemoData.Passwords(Path.Combine(AppContext.BaseDirectory, "data"));
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(node) };
        client.DefaultRequestHeaders.Add("X-GQ-Request", "1");
        using var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = user, password = passwords[user] }, ct);
        if (!response.IsSuccessStatusCode)
        {
            client.Dispose();
            throw new FlowException($"{user} could not sign in at {node}: {(int)response.StatusCode}");
        }

        return client;
    }

    private static async Task<JsonElement> RegisterAsync(HttpClient officer, LpcoRegistration registration, CancellationToken ct) =>
        await FlowDriver.Expect(await officer.PostAsJsonAsync("/api/ministries/lpcos/registered", registration, ct), HttpStatusCode.Created, "register the LPCO at its issuer", ct);

    private static async Task<JsonElement> GetLpcoAsync(HttpClient officer, JsonElement created, CancellationToken ct) =>
        await FlowDriver.Expect(await officer.GetAsync($"/api/ministries/lpcos/{created.GetProperty("id").GetGuid()}", ct), HttpStatusCode.OK, "read the LPCO at its issuer", ct);

    private static string Reasons(JsonElement declaration) =>
        declaration.TryGetProperty("returnReasons", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : $"(status {declaration.GetProperty("status").GetString()})";

    private static string Stage(JsonElement declaration, string stage) =>
        string.Join("; ", declaration.GetProperty("history").EnumerateArray().Where(h => h.GetProperty("stage").GetString() == stage).Select(h => h.GetProperty("detail").GetString()));

    private static (string Class, int Points, string Source) Credit(JsonElement declaration)
    {
        var reason = declaration.GetProperty("risk").GetProperty("reasons").EnumerateArray().First(r => r.GetProperty("input").GetString() == "credit-class");
        return (reason.GetProperty("value").GetString()!, reason.GetProperty("points").GetInt32(), reason.GetProperty("explanation").GetString()!);
    }
}
