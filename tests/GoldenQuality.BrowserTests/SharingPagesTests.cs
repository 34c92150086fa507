using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.BrowserTests.Infrastructure;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GoldenQuality.BrowserTests;

/// <summary>The national node, Customs and the Zhejiang BQS node (SQLite), for the "two units" pages; one federation per class.</summary>
public sealed class SharingNodes : IAsyncLifetime
{
    public TestFederation Federation { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Federation = await TestFederation.StartAsync(DatabaseProvider.Sqlite, settings: new() { ["Declarations:Risk:RandomSampleRate"] = "0" }, bqs: true);

    public async Task DisposeAsync()
    {
        if (Federation is not null)
        {
            await Federation.DisposeAsync();
        }
    }
}

/// <summary>
/// The two units in the browser (issue 15): the Hangzhou CIQ officer reads on the national node the licence suspension
/// the BQS sent; the Hangzhou BQS officer finds on the BQS node the export nonconformity CIQ sent as a lead, from the
/// home page, and closes it (a note is required first) — in zh-CN and en, axe-checked.
/// </summary>
[Collection("browser")]
public sealed class SharingPagesTests(BrowserFixture web, SharingNodes nodes) : IClassFixture<SharingNodes>
{
    private const string Tea = "913301000000DEM01D";

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task The_ciq_officer_reads_the_bqs_suspension_and_the_bqs_officer_closes_the_lead_of_a_failed_export()
    {
        var federation = nodes.Federation;

        // On the BQS node: the tea maker's licence granted and suspended.
        var maker = await federation.SignInAsync(TestFederation.BqsZhejiang, "tea.maker");
        var licensing = await federation.SignInAsync(TestFederation.BqsZhejiang, "bqs.licensing");
        var applied = await Json(await maker.PostAsJsonAsync("/api/quality/licences",
            new { kind = "food", siteAddress = "浙江省杭州市西湖区示例路1号（测试）", siteArea = "330106", categories = new[] { "tea" } }));
        var app = Uri.EscapeDataString(applied.GetProperty("applicationNumber").GetString()!);
        await Json(await licensing.PostAsJsonAsync($"/api/quality/licences/{app}/review", new { scheduledOn = "2026-03-10", reviewers = new[] { "王核查" }, result = "pass", findings = "conforms" }));
        var licence = (await Json(await licensing.PostAsJsonAsync($"/api/quality/licences/{app}/grant", new { }))).GetProperty("number").GetString()!;
        await Json(await licensing.PostAsJsonAsync($"/api/quality/licences/{Uri.EscapeDataString(licence)}/suspend", new { reason = "lead above GB 2762 in a market sample (test)" }));

        // On the national node: the maker's export fails its inspection (lead 6.2 mg/kg).
        var exporter = await federation.SignInAsync(TestFederation.Aqsiq, "exporter.hangzhou");
        var ciq = await federation.SignInAsync(TestFederation.Aqsiq, "ciq.hangzhou");
        await TestFederation.WaitUntilAsync(async () => (await (await ciq.GetAsync($"/api/quality/signals?uscc={Tea}")).Content.ReadAsStringAsync()).Contains(licence, StringComparison.Ordinal),
            "the suspension on the national node");
        var lot = "TEA-UI-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var created = await Json(await exporter.PostAsJsonAsync("/api/declarations", new
        {
            kind = "export", declarantUscc = Tea, consignorUscc = Tea, manufacturerUscc = Tea, transportMode = "1", transportMeans = "COSCO SHIPPING ARIES / 042W",
            portOfLoading = "CNNGB", portOfExit = "CNNGB", country = "DE", contractReference = "HZT-" + lot, invoiceReference = "INV-" + lot, documents = Array.Empty<object>(),
            lines = new[]
            {
                new
                {
                    sequence = 1, hsCode = "0902101000", description = "Green tea (not fermented) / 绿茶", quantity = 100m, unit = "KGM", netWeightKg = 100m, grossWeightKg = 108m,
                    value = 1850m, currency = "USD", placeOfOrigin = "330100", lots = new[] { lot }, packaging = "cartons",
                },
            },
        }));
        var id = created.GetProperty("id").GetGuid();
        var number = created.GetProperty("number").GetString()!;
        await Json(await exporter.PostAsync($"/api/declarations/{id}/submit", null));
        await Json(await ciq.PostAsJsonAsync($"/api/declarations/{id}/inspection", new
        {
            lines = new[] { new { sequence = 1, quantityInspected = 20m, findings = "as declared", findingsConform = true, labResults = new[] { new { parameter = "pb", value = 6.2, unit = "mg/kg" } } } },
        }));

        foreach (var culture in new[] { "zh-CN", "en" })
        {
            var en = culture == "en";
            var officer = await MinistryNodes.SignInAsync(web, federation[TestFederation.Aqsiq].Url, culture, "ciq.hangzhou", "demo-ciq-hz-2026");
            await officer.Locator("nav.menu").GetByRole(AriaRole.Link, new() { Name = en ? "Signals from BQS" : "质监局通报" }).ClickAsync();
            await Expect(officer.Locator("h1")).ToHaveTextAsync(en ? "Signals from the provincial BQS" : "省质量技术监督局通报");
            var row = officer.Locator("[data-testid=signals] tbody tr", new() { HasText = licence }).First;
            await Expect(row).ToContainTextAsync(en ? "Production licence" : "生产许可证");
            await Expect(row).ToContainTextAsync(en ? "Suspended" : "暂停");
            await Expect(row).ToContainTextAsync("BQS-ZJ-HZ");
            await BrowserFixture.AssertAccessibleAsync(officer);
            await BrowserFixture.ScreenshotAsync(officer, "60-ciq-signals-from-bqs", culture);
            await officer.Context.CloseAsync();

            var bqs = await MinistryNodes.SignInAsync(web, federation[TestFederation.BqsZhejiang].Url, culture, "bqs.hangzhou", "demo-bqs-hz-2026");
            await bqs.Locator("ul.tiles").GetByRole(AriaRole.Link, new() { Name = en ? "Leads from CIQ" : "出口不合格线索" }).ClickAsync();
            await Expect(bqs.Locator("h1")).ToHaveTextAsync(en ? "Leads from CIQ: export nonconformities" : "出入境检验检疫局通报的出口不合格线索");
            await TestFederation.WaitUntilAsync(async () =>
            {
                await bqs.ReloadAsync();
                return await bqs.Locator("[data-testid=leads] tbody tr", new() { HasText = number }).CountAsync() > 0;
            }, "the lead on the BQS node");
            var lead = bqs.Locator("[data-testid=leads] tbody tr", new() { HasText = number });
            await Expect(lead).ToContainTextAsync("pb 6.2 mg/kg");
            await Expect(lead).ToContainTextAsync(en ? "Open" : "未处理");
            await BrowserFixture.AssertAccessibleAsync(bqs);
            await BrowserFixture.ScreenshotAsync(bqs, "61-bqs-leads", culture);
            await lead.GetByRole(AriaRole.Link).ClickAsync();
            await Expect(bqs.Locator("[data-testid=lead]")).ToContainTextAsync("CIQ-ZJ-HZ");
            await Expect(bqs.Locator("[data-testid=lead-status]")).ToHaveTextAsync(en ? "Open" : "未处理");
            if (en)
            {
                await bqs.GetByRole(AriaRole.Button, new() { Name = "Close lead" }).ClickAsync();
                await Expect(bqs.Locator("#error-summary")).ToContainTextAsync("The lead was not closed. Please correct:");
                await Expect(bqs.Locator("#note")).ToHaveAttributeAsync("aria-invalid", "true");
                await BrowserFixture.AssertAccessibleAsync(bqs);
                await BrowserFixture.ScreenshotAsync(bqs, "62-bqs-lead-close-errors", culture);
                await bqs.Locator("#note").FillAsync("Market sample of the same tea taken in Hangzhou (test)");
                await bqs.Locator("#ledTo").FillAsync("SC-BQS-ZJ-HZ-2026-000099");
                await bqs.GetByRole(AriaRole.Button, new() { Name = "Close lead" }).ClickAsync();
                await Expect(bqs.Locator("[data-testid=lead-closed]")).ToHaveTextAsync("The lead is closed.");
                await Expect(bqs.Locator("[data-testid=lead-status]")).ToHaveTextAsync("Closed");
                await Expect(bqs.Locator("[data-testid=lead]")).ToContainTextAsync("SC-BQS-ZJ-HZ-2026-000099");
            }

            await BrowserFixture.AssertAccessibleAsync(bqs);
            await BrowserFixture.ScreenshotAsync(bqs, "63-bqs-lead", culture);
            await bqs.Context.CloseAsync();
        }
    }
}
