using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;

namespace GoldenQuality.Tests.Clearance;

/// <summary>
/// The AQSIQ and Customs nodes of <see cref="TestFederation"/>, once per test class, with a risk configuration that
/// makes the decision deterministic: no random sample, and every declaration with any risk points gets a physical
/// inspection (so the tests drive the inspection themselves).
/// </summary>
public abstract class ClearanceFederation : IAsyncLifetime
{
    public abstract DatabaseProvider Provider { get; }

    public TestFederation Federation { get; private set; } = null!;

    public static Dictionary<string, string?> RiskSettings => new()
    {
        ["Declarations:Risk:RandomSampleRate"] = "0",
        ["Declarations:Risk:DocumentCheckBelow"] = "1",
        ["Declarations:Risk:PhysicalInspectionBelow"] = "1000",
    };

    /// <summary>
    /// The lead limit for tea of GB 2762-2022 (table 1, 5.0 mg/kg). The shipped catalogue has carried this row since issue 15
    /// (data/standards/SOURCES.md); importing it again changes nothing, and keeps these tests independent of that file.
    /// </summary>
    public const string TeaLeadRequirement = "standard,clause,category,parameter,processing_state,kind,lower,upper,unit,method,jurisdiction\n" +
        "GB 2762-2022,4.1 表1,tea,pb,,max,,5.0,mg/kg,GB 5009.12,national\n";

    /// <summary>The permit agreements' steps, as the demo directory's DEMO-AGR-007 and DEMO-AGR-008 have them.</summary>
    private static Agreement WithSteps(Agreement a) => a.Id switch
    {
        "T-6" => a with { Steps = [new AgreementStep("deliver", "GQ/GOV/AQSIQ", "PT5M"), new AgreementStep("verify at the port", "GQ/GOV/AQSIQ", "PT2H")] },
        "T-7" => a with { Steps = [new AgreementStep("deliver", "GQ/GOV/AQSIQ", "PT5M"), new AgreementStep("verify and decide", "GQ/GOV/CUSTOMS", "PT4H")] },
        _ => a,
    };

    public async Task InitializeAsync()
    {
        Federation = await TestFederation.StartAsync(Provider, settings: RiskSettings, ministries: true, only: [TestFederation.Moa], agreements: WithSteps);
        var admin = await SignInAsync("admin");
        var imported = await admin.PostAsync("/api/standards/import/requirements", new StringContent(TeaLeadRequirement, System.Text.Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await Federation.DisposeAsync();
    }

    /// <summary>A demo account signed in on the AQSIQ node (or, for Customs and MOA officers, on their own node); the fixture disposes it.</summary>
    public Task<HttpClient> SignInAsync(string user, string? password = null) =>
        Federation.SignInAsync(user.StartsWith("customs", StringComparison.Ordinal) ? TestFederation.Customs
            : user.StartsWith("moa.", StringComparison.Ordinal) ? TestFederation.Moa : TestFederation.Aqsiq, user, password);

    /// <summary>A new officer of the given office on the AQSIQ node, created by the administrator.</summary>
    public async Task<HttpClient> NewOfficerAsync(string office)
    {
        var admin = await SignInAsync("admin");
        var name = "officer-" + Guid.NewGuid().ToString("N")[..10];
        var created = await admin.PostAsJsonAsync("/api/identity/users", new
        {
            userName = name, displayName = "Test officer " + office, password = "test-password-1", roles = new[] { "officer" }, organisation = office,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return await SignInAsync(name, "test-password-1");
    }
}

public sealed class SqliteClearanceFederation : ClearanceFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresClearanceFederation : ClearanceFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>The flow's requests and steps, as the demo's FlowDriver drives them.</summary>
public static class Flow
{
    public const string DemoTea = "913301000000DEM01D";
    public const string DemoAgent = "913302000000DEM02M";

    public static string NewLot(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    public static string NewCustomsNumber() => "3102" + Guid.NewGuid().ToString("N")[..14].ToUpperInvariant();

    /// <summary>Green tea (HS 0902101000) of the Hangzhou demo enterprise through Ningbo; change fields with <paramref name="change"/>.</summary>
    public static Dictionary<string, object?> Export(decimal quantity, string lot, Action<Dictionary<string, object?>, Dictionary<string, object?>>? change = null)
    {
        var line = new Dictionary<string, object?>
        {
            ["sequence"] = 1, ["hsCode"] = "0902101000", ["description"] = "Green tea (not fermented) / 绿茶", ["quantity"] = quantity, ["unit"] = "KGM",
            ["netWeightKg"] = quantity > 0 ? quantity : null, ["grossWeightKg"] = quantity > 0 ? quantity * 1.08m : null, ["value"] = 18.5m * Math.Abs(quantity), ["currency"] = "USD",
            ["placeOfOrigin"] = "330100", ["lots"] = new[] { lot }, ["packaging"] = "cartons",
        };
        var body = new Dictionary<string, object?>
        {
            ["kind"] = "export", ["declarantUscc"] = DemoTea, ["consignorUscc"] = DemoTea, ["manufacturerUscc"] = DemoTea, ["transportMode"] = "1",
            ["transportMeans"] = "COSCO SHIPPING ARIES / 042W", ["portOfLoading"] = "CNNGB", ["portOfExit"] = "CNNGB", ["country"] = "DE",
            ["contractReference"] = "HZT-" + lot, ["invoiceReference"] = "INV-" + lot, ["documents"] = Array.Empty<object>(), ["lines"] = new[] { line },
        };
        change?.Invoke(body, line);
        return body;
    }

    /// <summary>Frozen shrimp (HS 0306170000) imported by the Ningbo demo importer through Beilun, with or without its quarantine permit (issued by MOA).</summary>
    public static Dictionary<string, object?> Import(decimal quantity, string lot, string? quarantinePermit) => new()
    {
        ["kind"] = "import", ["declarantUscc"] = DemoAgent, ["consigneeUscc"] = DemoAgent, ["transportMode"] = "1", ["transportMeans"] = "MSC ANNA / 214E",
        ["portOfLoading"] = "ECGYE", ["portOfEntry"] = "CNNGB", ["country"] = "EC", ["contractReference"] = "NBF-" + lot, ["invoiceReference"] = "EC-" + lot,
        ["documents"] = quarantinePermit is not null ? new[] { new { type = "quarantine-permit", number = quarantinePermit, issuer = "MOA" } } : Array.Empty<object>(),
        ["lines"] = new[]
        {
            new
            {
                sequence = 1, hsCode = "0306170000", description = "Frozen shrimps / 冻虾", quantity, unit = "KGM", netWeightKg = quantity, grossWeightKg = quantity * 1.05m,
                value = quantity * 7.2m, currency = "USD", placeOfOrigin = "EC", lots = new[] { lot }, packaging = "frozen cartons",
            },
        },
    };

    /// <summary>Registers an issued entry quarantine permit for frozen shrimp from Ecuador through Ningbo on the MOA node (as its officer); returns its number.</summary>
    public static async Task<string> ShrimpPermitAsync(HttpClient moaOfficer, decimal quantity)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var created = await Expect(await moaOfficer.PostAsJsonAsync("/api/ministries/lpcos/registered", new
        {
            number = "MOA-QP-T-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), kind = "quarantine-permit", holderUscc = DemoAgent, hsCode = "030617",
            productDescription = "Frozen shrimps (test)", originCountry = "EC", quantity, unit = "KGM", portsOfEntry = new[] { "CNNGB" },
            validFrom = today.AddDays(-30), validTo = today.AddDays(300),
        }), HttpStatusCode.Created);
        return created.GetProperty("number").GetString()!;
    }

    public static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, string.Create(CultureInfo.InvariantCulture, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)status}, got {(int)response.StatusCode}: {text}"));
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> CreateAsync(HttpClient enterprise, object body) =>
        await Expect(await enterprise.PostAsJsonAsync("/api/declarations", body), HttpStatusCode.Created);

    public static async Task<JsonElement> SubmitAsync(HttpClient enterprise, Guid id) =>
        await Expect(await enterprise.PostAsync($"/api/declarations/{id}/submit", null), HttpStatusCode.OK);

    public static async Task<JsonElement> GetAsync(HttpClient client, Guid id) =>
        await Expect(await client.GetAsync($"/api/declarations/{id}"), HttpStatusCode.OK);

    /// <summary>The officer's inspection of line 1 with a lead (Pb) result in mg/kg when given.</summary>
    public static async Task<JsonElement> InspectAsync(HttpClient inspector, Guid id, double? pb, decimal inspected = 50m) =>
        await Expect(await inspector.PostAsJsonAsync($"/api/declarations/{id}/inspection", new
        {
            lines = new[]
            {
                new
                {
                    sequence = 1, quantityInspected = inspected, findings = "packaging and marks as declared", findingsConform = true,
                    labResults = pb is { } value ? new[] { new { parameter = "pb", value, unit = "mg/kg" } } : [],
                },
            },
        }), HttpStatusCode.OK);

    public static async Task<JsonElement> IssuePermitAsync(HttpClient inspector, Guid id) =>
        await Expect(await inspector.PostAsync($"/api/declarations/{id}/permit", null), HttpStatusCode.OK);

    /// <summary>Declares tea, submits, inspects with a conforming lead result and issues the permit; returns the declaration.</summary>
    public static async Task<JsonElement> ExportWithPermitAsync(HttpClient exporter, HttpClient inspector, decimal quantity, string lot)
    {
        var id = (await CreateAsync(exporter, Export(quantity, lot))).GetProperty("id").GetGuid();
        Assert.Equal("inspection", (await SubmitAsync(exporter, id)).GetProperty("status").GetString());
        Assert.Equal("passed", (await InspectAsync(inspector, id, 0.8)).GetProperty("status").GetString());
        var issued = await IssuePermitAsync(inspector, id);
        Assert.Equal("permit-issued", issued.GetProperty("status").GetString());
        return issued;
    }

    public static async Task<JsonElement> PermitAsync(HttpClient client, string number) =>
        await Expect(await client.GetAsync($"/api/certificates/permits/{number}"), HttpStatusCode.OK);

    public static async Task<JsonElement> CheckAsync(HttpClient officer, object check) =>
        await Expect(await officer.PostAsJsonAsync("/api/certificates/checks", check), HttpStatusCode.OK);

    /// <summary>Checks until the electronic copy has arrived (outcome no longer unknown).</summary>
    public static async Task<JsonElement> CheckWhenArrivedAsync(HttpClient officer, object check)
    {
        JsonElement result = default;
        await TestFederation.WaitUntilAsync(async () =>
        {
            result = await CheckAsync(officer, check);
            return result.GetProperty("outcome").GetString() != "unknown";
        }, "the electronic copy of the permit", 30);
        return result;
    }

    public static async Task<JsonElement> VerifyAtCustomsWhenArrivedAsync(HttpClient customs, string clearancePermit, string hs, decimal quantity)
    {
        JsonElement result = default;
        await TestFederation.WaitUntilAsync(async () =>
        {
            result = await Expect(await customs.PostAsJsonAsync("/api/clearance/verifications", new { permitNumber = clearancePermit, lines = CustomsLines(hs, quantity) }), HttpStatusCode.OK);
            return result.GetProperty("outcome").GetString() != "unknown";
        }, "the clearance permit at Customs", 30);
        return result;
    }

    public static object[] CustomsLines(string hs, decimal quantity) => [new { sequence = 1, hsCode = hs, quantity, unit = "KGM" }];

    public static Task<HttpResponseMessage> DecideAsync(HttpClient customs, string customsNumber, string clearancePermit, string hs, decimal quantity, string decision = "cleared", string reasonCode = "C02") =>
        customs.PostAsJsonAsync("/api/clearance/decisions", new { customsDeclarationNumber = customsNumber, permitNumber = clearancePermit, lines = CustomsLines(hs, quantity), decision, reasonCode });

    public static async Task<JsonElement> WaitForStatusAsync(HttpClient client, Guid id, string status, Func<JsonElement, bool>? also = null)
    {
        JsonElement result = default;
        await TestFederation.WaitUntilAsync(async () =>
        {
            result = await GetAsync(client, id);
            return result.GetProperty("status").GetString() == status && (also?.Invoke(result) ?? true);
        }, $"the declaration to become {status}", 30);
        return result;
    }

    public static string[] Stages(JsonElement declaration) =>
        [.. declaration.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("stage").GetString()!)];

    /// <summary>Asserts a check's or verification's outcome, showing the whole answer when it differs.</summary>
    public static void Outcome(string expected, JsonElement view) =>
        Assert.True(view.GetProperty("outcome").GetString() == expected, $"expected {expected}: {view.GetRawText()}");

    public static string Field(JsonElement problem) => problem.GetProperty("field").GetString()!;

    public static decimal Remaining(JsonElement check) => check.GetProperty("remaining")[0].GetProperty("remaining").GetDecimal();

    public static async Task<int> TotalAsync(HttpClient client, string query) =>
        (await Expect(await client.GetAsync("/api/declarations?" + query), HttpStatusCode.OK)).GetProperty("total").GetInt32();
}
