using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GoldenQuality.BrowserTests.Infrastructure;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GoldenQuality.BrowserTests;

/// <summary>One export through the screens across two nodes with the exchange: AQSIQ (enterprise, CIQ, port) and Customs.</summary>
[Collection("browser")]
public sealed class ClearanceFlowTests(BrowserFixture web)
{
    private static readonly Dictionary<string, string?> Settings = new() { ["Node:Demo"] = "true", ["Declarations:Risk:RandomSampleRate"] = "0" };

    [Fact]
    public async Task An_export_goes_from_declaration_to_customs_clearance_through_the_screens_and_a_forged_quantity_is_a_mismatch()
    {
        await using var federation = await TestFederation.StartAsync(DatabaseProvider.Sqlite, settings: Settings);
        var aqsiq = federation[TestFederation.Aqsiq].Url.ToString();
        var customsUrl = federation[TestFederation.Customs].Url.ToString();

        // The enterprise declares: first with a bad quantity, which is named next to its field.
        var exporter = await PageAsync(aqsiq, "en");
        await BrowserFixture.SignInAsync(exporter, "exporter.hangzhou", "demo-exporter-2026");
        await exporter.GotoAsync("/declarations/new");
        await exporter.Locator("#transportMode").FillAsync("1");
        await exporter.Locator("#transportMeans").FillAsync("COSCO SHIPPING ARIES / 042W");
        await exporter.Locator("#portOfLoading").FillAsync("CNNGB");
        await exporter.Locator("#portOfExit").FillAsync("CNNGB");
        await exporter.Locator("#country").FillAsync("DE");
        await exporter.Locator("#contractReference").FillAsync("HZT-2026-UI");
        await exporter.Locator("#invoiceReference").FillAsync("INV-UI");
        await exporter.Locator("#lines-0-hsCode").FillAsync("0902101000");
        await exporter.Locator("#lines-0-description").FillAsync("Green tea / 绿茶");
        await exporter.Locator("#lines-0-quantity").FillAsync("0");
        await exporter.Locator("#lines-0-unit").FillAsync("KGM");
        await exporter.Locator("#lines-0-netWeightKg").FillAsync("1200");
        await exporter.Locator("#lines-0-grossWeightKg").FillAsync("1296");
        await exporter.Locator("#lines-0-value").FillAsync("22200");
        await exporter.Locator("#lines-0-currency").FillAsync("USD");
        await exporter.Locator("#lines-0-placeOfOrigin").FillAsync("330100");
        await exporter.Locator("#lines-0-lots").FillAsync("LOT-UI-1");
        await exporter.Locator("#lines-0-packaging").FillAsync("cartons");
        await exporter.GetByRole(AriaRole.Button, new() { Name = "Save and submit" }).ClickAsync();
        await Expect(exporter.Locator("#lines-0-quantity + .field-error")).Not.ToBeEmptyAsync();
        await Expect(exporter.Locator("#lines-0-quantity")).ToHaveAttributeAsync("aria-invalid", "true");
        await BrowserFixture.AssertAccessibleAsync(exporter);
        await BrowserFixture.ScreenshotAsync(exporter, "10-declaration-new", "en");

        await exporter.Locator("#lines-0-quantity").FillAsync("1200");
        await exporter.GetByRole(AriaRole.Button, new() { Name = "Save and submit" }).ClickAsync();
        await exporter.WaitForURLAsync(new Regex("/declarations/[0-9a-f-]{36}$"));
        var declarationUrl = new Uri(exporter.Url).AbsolutePath;
        // No PBC node: credit unknown (+20) and tea (+15) ask for a physical inspection, with the reasons shown.
        await Expect(exporter.Locator("[data-testid=status]")).ToHaveAttributeAsync("data-status", "inspection");
        await Expect(exporter.Locator("[data-testid=risk-reasons] tr")).Not.ToHaveCountAsync(0);
        await Expect(exporter.Locator("[data-testid=timeline] li")).Not.ToHaveCountAsync(0);
        await ShotsAsync(exporter, "11-declaration");

        // The CIQ officer of Hangzhou finds it in the worklist, records the inspection and issues the permit.
        var ciq = await PageAsync(aqsiq, "en");
        await BrowserFixture.SignInAsync(ciq, "ciq.hangzhou", "demo-ciq-hz-2026");
        await ciq.GotoAsync("/declarations?status=inspection&risk=physical-inspection");
        await Expect(ciq.Locator("[data-testid=declarations] tbody tr")).ToHaveCountAsync(1);
        await ShotsAsync(ciq, "12-worklist");
        await ciq.GotoAsync(declarationUrl);
        await ShotsAsync(ciq, "13-inspection");
        await ciq.Locator("#lines-0-quantityInspected").FillAsync("50");
        await ciq.Locator("#lines-0-findings").FillAsync("labels and marks as declared; no pests");
        await ciq.Locator("#lines-0-findingsConform").SelectOptionAsync("true");
        await ciq.Locator("[data-testid=record-inspection]").ClickAsync();
        await Expect(ciq.Locator("[data-testid=status]")).ToHaveAttributeAsync("data-status", "passed");
        await ciq.Locator("[data-testid=issue-permit]").ClickAsync();
        await Expect(ciq.Locator("[data-testid=status]")).ToHaveAttributeAsync("data-status", "permit-issued");
        var permit = await ciq.Locator("[data-testid=permit-number]").InnerTextAsync();

        // The enterprise downloads the paper permit.
        await exporter.ReloadAsync();
        var pdf = await exporter.Context.APIRequest.GetAsync($"/api/certificates/permits/{permit}/pdf");
        Assert.Equal(200, pdf.Status);
        Assert.Equal("application/pdf", pdf.Headers["content-type"]);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString((await pdf.BodyAsync())[..4]), StringComparison.Ordinal);

        // The QR on the paper (what the scanner reads): the payload the issuing node serves.
        using var api = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = federation[TestFederation.Aqsiq].Url };
        Assert.True((await api.PostAsJsonAsync("/api/auth/sign-in", new { userName = "ciq.hangzhou", password = "demo-ciq-hz-2026" })).IsSuccessStatusCode);
        var qr = (await (await api.GetAsync($"/api/certificates/permits/{permit}")).Json()).GetProperty("qrPayload").GetString()!;

        // The port: the forged paper (quantity altered) is a mismatch with the field highlighted; the true paper matches and is released.
        var port = await PageAsync(aqsiq, "en");
        await BrowserFixture.SignInAsync(port, "ciq.ningbo.port", "demo-port-2026");
        await FederationWait(port, qr);
        await port.Locator("#qr").FillAsync(qr);
        await port.Locator("#paper-lines-0-quantity").FillAsync("12000");
        await port.Locator("[data-testid=check]").ClickAsync();
        await Expect(port.Locator("[data-testid=outcome]")).ToHaveTextAsync("Mismatch");
        await Expect(port.Locator("tr.differs[data-field='paper.lines[0].quantity']")).ToHaveCountAsync(1);
        await Expect(port.Locator(".field.differs #paper-lines-0-quantity")).ToHaveCountAsync(1);
        await Expect(port.Locator("[data-testid=release]")).ToHaveCountAsync(0);
        await ShotsAsync(port, "14-port-mismatch");

        await port.Locator("#paper-lines-0-quantity").FillAsync("1200");
        await port.Locator("[data-testid=check]").ClickAsync();
        await Expect(port.Locator("[data-testid=outcome]")).ToHaveTextAsync("Match");
        await ShotsAsync(port, "15-port-match");
        await port.Locator("#draw-0").FillAsync("1200");
        await port.Locator("[data-testid=release]").ClickAsync();
        await Expect(port.Locator("[data-testid=released]")).ToBeVisibleAsync();
        var clearance = await port.Locator("[data-testid=clearance-permit]").InnerTextAsync();

        // Customs, on its own node, verifies and clears once the electronic copy has arrived.
        var customs = await PageAsync(customsUrl, "en");
        await BrowserFixture.SignInAsync(customs, "customs.ningbo", "demo-customs-2026");
        await customs.GotoAsync("/customs");
        await customs.Locator("#customsDeclarationNumber").FillAsync("CD-UI-" + Guid.NewGuid().ToString("N")[..8]);
        await customs.Locator("#permitNumber").FillAsync(clearance);
        await customs.Locator("#lines-0-hsCode").FillAsync("0902101000");
        await customs.Locator("#lines-0-quantity").FillAsync("1200");
        await customs.Locator("#lines-0-unit").FillAsync("KGM");
        await TestFederation.WaitUntilAsync(async () =>
        {
            await customs.Locator("[data-testid=verify]").ClickAsync();
            return await customs.Locator("[data-testid=outcome]").InnerTextAsync() == "Match";
        }, "the clearance permit reaches Customs", 30);
        await ShotsAsync(customs, "16-customs");
        await customs.Locator("#decision").SelectOptionAsync("cleared");
        await customs.Locator("#reasonCode").SelectOptionAsync("C02");
        await customs.Locator("[data-testid=decide]").ClickAsync();
        await Expect(customs.Locator("[data-testid=decided]")).ToContainTextAsync("C02");

        // The result flows back: the declaration ends cleared on its timeline.
        await TestFederation.WaitUntilAsync(async () =>
        {
            await exporter.GotoAsync(declarationUrl);
            return await exporter.Locator("[data-testid=status]").GetAttributeAsync("data-status") == "cleared";
        }, "the customs decision reaches the declaration", 30);

        // The leaders see where the time went, and that the permit reached Customs electronically.
        var leader = await PageAsync(aqsiq, "en");
        await BrowserFixture.SignInAsync(leader, "admin", "demo-admin-2026");
        await leader.GotoAsync("/dashboard");
        await Expect(leader.Locator("[data-testid=clearance-times]")).ToBeVisibleAsync();
        await Expect(leader.Locator("[data-testid=coverage]")).ToHaveTextAsync("100 %");
        await ShotsAsync(leader, "17-dashboard-clearance");
    }

    private async Task<IPage> PageAsync(string baseUrl, string culture)
    {
        var context = await web.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = culture });
        await context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = Uri.EscapeDataString($"c={culture}|uic={culture}"), Url = baseUrl }]);
        return await context.NewPageAsync();
    }

    /// <summary>Screenshots and axe in both languages; the page ends in English.</summary>
    private static async Task ShotsAsync(IPage page, string name)
    {
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = Uri.EscapeDataString($"c={culture}|uic={culture}"), Url = page.Url }]);
            if (culture == "zh-CN")
            {
                // A fresh GET shows the same state only for read pages; forms with results are shot in the language they were posted in.
                if (page.Url.Contains("/declarations", StringComparison.Ordinal))
                {
                    await page.ReloadAsync();
                }
                else
                {
                    continue;
                }
            }
            else if (page.Url.Contains("/declarations", StringComparison.Ordinal))
            {
                await page.ReloadAsync();
            }

            await BrowserFixture.AssertAccessibleAsync(page);
            await BrowserFixture.ScreenshotAsync(page, name, culture);
        }
    }

    private static Task FederationWait(IPage port, string qr) =>
        TestFederation.WaitUntilAsync(async () =>
        {
            await port.GotoAsync("/port");
            await port.Locator("#qr").FillAsync(qr);
            await port.Locator("[data-testid=check]").ClickAsync();
            return await port.Locator("[data-testid=outcome]").InnerTextAsync() == "Match";
        }, "the permit copy reaches the port office", 30);
}
