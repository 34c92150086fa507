using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.BrowserTests.Infrastructure;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GoldenQuality.BrowserTests;

/// <summary>
/// AQSIQ, Customs and MEP (SQLite) with T-34, AQSIQ's import-inspection results to the MEP: a waste-paper import is
/// inspected on the national node and its result reaches the MEP's licence.
/// </summary>
public sealed class InspectionResultNodes : IAsyncLifetime
{
    public TestFederation Federation { get; private set; } = null!;

    public Uri Mep => Federation[TestFederation.Mep].Url;

    /// <summary>Every import goes to physical inspection (no random sample, no document check).</summary>
    private static Dictionary<string, string?> RiskSettings => new()
    {
        ["Declarations:Risk:RandomSampleRate"] = "0",
        ["Declarations:Risk:DocumentCheckBelow"] = "1",
        ["Declarations:Risk:PhysicalInspectionBelow"] = "1000",
    };

    private const string DemoAgent = "913302000000DEM02M";

    public async Task InitializeAsync() =>
        Federation = await TestFederation.StartAsync(DatabaseProvider.Sqlite, settings: RiskSettings, ministries: true, only: [TestFederation.Mep],
            inspectionResults: true);

    public async Task DisposeAsync()
    {
        if (Federation is not null)
        {
            await Federation.DisposeAsync();
        }
    }

    /// <summary>Registers a licence at the MEP, declares 20 TNE of waste paper on it and records a failed inspection at Ningbo; returns the licence id and the declaration number once the result is at the MEP.</summary>
    public async Task<(Guid Licence, string Declaration)> FailedImportAsync()
    {
        var mep = await Federation.SignInAsync(TestFederation.Mep, "mep.officer");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var licence = await Expect(await mep.PostAsJsonAsync("/api/ministries/lpcos/registered", new
        {
            number = "MEP-WL-B-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), kind = "waste-import-licence", holderUscc = DemoAgent, hsCode = "4707",
            productDescription = "Waste paper (test)", quantity = 500m, unit = "TNE", portsOfEntry = new[] { "CNNGB" }, validFrom = today.AddDays(-30), validTo = today.AddDays(300),
        }), HttpStatusCode.Created);
        var number = licence.GetProperty("number").GetString()!;
        var agent = await Federation.SignInAsync(TestFederation.Aqsiq, "agent.ningbo");
        var lot = "PAPER-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var created = await Expect(await agent.PostAsJsonAsync("/api/declarations", new
        {
            kind = "import", declarantUscc = DemoAgent, consigneeUscc = DemoAgent, transportMode = "1", transportMeans = "MAERSK KOWLOON / 318N",
            portOfLoading = "USLAX", portOfEntry = "CNNGB", country = "US", contractReference = "WP-" + lot, invoiceReference = "US-" + lot,
            documents = new object[]
            {
                new { type = "waste-import-licence", number, issuer = "MEP" },
                new { type = "pre-shipment-inspection-certificate", number = "CCIC-US-" + lot, issuer = "CCIC" },
            },
            lines = new[]
            {
                new
                {
                    sequence = 1, hsCode = "4707100000", description = "Waste kraft paper / 废牛皮纸", quantity = 20m, unit = "TNE", netWeightKg = 20000m, grossWeightKg = 20100m,
                    value = 4000m, currency = "USD", placeOfOrigin = "US", lots = new[] { lot }, packaging = "bales",
                },
            },
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var declaration = (await Expect(await agent.PostAsync($"/api/declarations/{id}/submit", null), HttpStatusCode.OK)).GetProperty("number").GetString()!;
        var port = await Federation.SignInAsync(TestFederation.Aqsiq, "ciq.ningbo.port");
        await Expect(await port.PostAsJsonAsync($"/api/declarations/{id}/inspection", new
        {
            lines = new[] { new { sequence = 1, quantityInspected = 5m, findings = "捆包中混有生活垃圾", findingsConform = false, labResults = Array.Empty<object>() } },
        }), HttpStatusCode.OK);
        var licenceId = licence.GetProperty("id").GetGuid();
        await TestFederation.WaitUntilAsync(async () =>
        {
            var view = await Expect(await mep.GetAsync($"/api/ministries/lpcos/{licenceId}"), HttpStatusCode.OK);
            return view.GetProperty("inspectionResults").EnumerateArray().Any(r => r.GetProperty("declarationNumber").GetString() == declaration);
        }, "the result at the MEP", 30);
        return (licenceId, declaration);
    }

    private static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.RequestUri}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>The MEP officer's licence page lists the import-inspection results with a review form, in Chinese and English.</summary>
[Collection("browser")]
public sealed class InspectionResultPagesTests(BrowserFixture web, InspectionResultNodes nodes) : IClassFixture<InspectionResultNodes>
{
    [Fact]
    public async Task The_MEP_officer_reads_the_result_on_the_licence_and_suspends_it_with_a_note_in_both_languages()
    {
        var (licence, declaration) = await nodes.FailedImportAsync();

        var zh = await MinistryNodes.SignInAsync(web, nodes.Mep, "zh-CN", "mep.officer", "demo-mep-2026");
        await zh.GotoAsync($"/lpcos/{licence}");
        var section = zh.Locator("section[aria-labelledby=results]");
        await Expect(section.Locator("h2")).ToHaveTextAsync("进口检验结果");
        var result = section.Locator($"[data-declaration='{declaration}']");
        await Expect(result.Locator("[data-testid=result-decision]")).ToHaveTextAsync("不合格 · 不符合");
        await Expect(result.Locator("[data-testid=result-reasons]")).ToContainTextAsync("查验发现：捆包中混有生活垃圾");
        await Expect(result.Locator("[data-testid=result-review]")).ToHaveTextAsync("尚未审查");
        await Expect(result.GetByLabel("暂停许可证")).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(zh);
        await BrowserFixture.ScreenshotAsync(zh, "92-licence-inspection-results", "zh-CN");
        await zh.Context.CloseAsync();

        var en = await MinistryNodes.SignInAsync(web, nodes.Mep, "en", "mep.officer", "demo-mep-2026");
        await en.GotoAsync($"/lpcos/{licence}");
        var row = en.Locator($"[data-declaration='{declaration}']");
        await Expect(row.Locator("[data-testid=result-decision]")).ToHaveTextAsync("Failed · not conforming");
        await Expect(row).ToContainTextAsync("T-34");

        // Suspending without a note: the field says why, nothing changes.
        await row.GetByLabel("Suspend the licence").CheckAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Record the review" }).ClickAsync();
        row = en.Locator($"[data-declaration='{declaration}']");
        await Expect(row.Locator($"[id='review-{declaration}-note-error']")).ToContainTextAsync("required");
        await Expect(en.Locator("[data-testid=status]")).ToHaveAttributeAsync("data-status", "issued");
        await BrowserFixture.AssertAccessibleAsync(en);

        await row.GetByLabel("Suspend the licence").CheckAsync();
        await row.GetByLabel("Note (required to suspend or revoke; it becomes the reason)").FillAsync("contaminated waste paper imported");
        await row.GetByRole(AriaRole.Button, new() { Name = "Record the review" }).ClickAsync();
        await Expect(en.Locator("#done")).ToContainTextAsync("the licence is suspended");
        await Expect(en.Locator("[data-testid=status]")).ToHaveAttributeAsync("data-status", "suspended");
        await Expect(en.Locator($"[data-declaration='{declaration}'] [data-testid=result-review]")).ToContainTextAsync("Suspend the licence · mep.officer");
        await Expect(en.Locator($"[data-declaration='{declaration}'] [data-testid=review]")).ToHaveCountAsync(0);
        await BrowserFixture.AssertAccessibleAsync(en);
        await BrowserFixture.ScreenshotAsync(en, "92-licence-inspection-results", "en");
    }
}
