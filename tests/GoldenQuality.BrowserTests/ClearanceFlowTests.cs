using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GoldenQuality.BrowserTests.Infrastructure;
using GoldenQuality.Exchange;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
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
        await FillDeclarationAsync(exporter, quantity: "0");
        await exporter.GetByRole(AriaRole.Button, new() { Name = "Save and submit" }).ClickAsync();
        await Expect(exporter.Locator("#lines-0-quantity + .field-error")).Not.ToBeEmptyAsync();
        await Expect(exporter.Locator("#lines-0-quantity")).ToHaveAttributeAsync("aria-invalid", "true");
        await PostedShotsAsync(exporter, await PageAsync(aqsiq, "zh-CN", "exporter.hangzhou", "demo-exporter-2026"), "10-declaration-new", async zh =>
        {
            await FillDeclarationAsync(zh, quantity: "0");
            await zh.GetByRole(AriaRole.Button, new() { Name = "保存并提交" }).ClickAsync();
            await Expect(zh.Locator("#lines-0-quantity")).ToHaveAttributeAsync("aria-invalid", "true");
        });

        await exporter.Locator("#lines-0-quantity").FillAsync("1200");
        await exporter.GetByRole(AriaRole.Button, new() { Name = "Save and submit" }).ClickAsync();
        await exporter.WaitForURLAsync(new Regex("/declarations/[0-9a-f-]{36}$"));
        var declarationUrl = new Uri(exporter.Url).AbsolutePath;
        // No PBC node: credit unknown (+20) and tea (+15) ask for a physical inspection, with the reasons shown.
        await Expect(exporter.Locator("[data-testid=status]")).ToHaveAttributeAsync("data-status", "inspection");
        await Expect(exporter.Locator("[data-testid=risk-reasons] tr")).Not.ToHaveCountAsync(0);
        await Expect(exporter.Locator("[data-testid=timeline] li")).Not.ToHaveCountAsync(0);
        await ShotsAsync(exporter, "11-declaration", async zh =>
        {
            // Stages, risk inputs and statuses in Chinese, not as the API's codes.
            await Expect(zh.Locator("[data-testid=timeline] [data-stage=submitted]")).ToHaveTextAsync("已提交");
            await Expect(zh.Locator("[data-testid=timeline] [data-stage=inspection-ordered]")).ToHaveTextAsync("已布控查验");
            await Expect(zh.Locator("[data-testid=risk-reasons] [data-input=credit-class]")).ToHaveTextAsync("信用等级");
            await Expect(zh.Locator("[data-testid=risk-reasons] [data-input=credit-class] + td")).ToHaveTextAsync("未知");
            await Expect(zh.Locator("[data-testid=status]")).ToHaveTextAsync("待查验");
        });

        // The CIQ officer of Hangzhou finds it in the worklist, records the inspection and issues the permit.
        var ciq = await PageAsync(aqsiq, "en");
        await BrowserFixture.SignInAsync(ciq, "ciq.hangzhou", "demo-ciq-hz-2026");
        await ciq.GotoAsync("/declarations?status=inspection&risk=physical-inspection");
        await Expect(ciq.Locator("[data-testid=declarations] tbody tr")).ToHaveCountAsync(1);
        await ShotsAsync(ciq, "12-worklist");
        await ciq.GotoAsync(declarationUrl);
        await ShotsAsync(ciq, "13-inspection");
        // A quantity that is not a number is refused at its field, and the form keeps everything else that was typed;
        // the lab parameter is chosen from those the standards catalogue sets limits for on tea.
        await ciq.Locator("#lines-0-quantityInspected").FillAsync("fifty");
        await ciq.Locator("#lines-0-findings").FillAsync("labels and marks as declared; no pests");
        await ciq.Locator("#lines-0-labResults-0-parameter").PressSequentiallyAsync("lead", new() { Delay = 20 });
        var parameter = ciq.Locator("#lines-0-labResults-0-parameter-options [role=option]");
        await Expect(parameter.First).ToContainTextAsync("Lead (as Pb)");
        await parameter.First.ClickAsync();
        await Expect(ciq.Locator("#lines-0-labResults-0-parameter")).ToHaveValueAsync("pb");
        await ciq.Locator("#lines-0-labResults-0-value").FillAsync("0.8");
        await ciq.Locator("#lines-0-labResults-0-unit").FillAsync("mg/kg");
        await ciq.Locator("[data-testid=record-inspection]").ClickAsync();
        await Expect(ciq.Locator("#lines-0-quantityInspected")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(ciq.Locator("#lines-0-quantityInspected")).ToHaveValueAsync("fifty");
        await Expect(ciq.Locator("#lines-0-findings")).ToHaveValueAsync("labels and marks as declared; no pests");
        await Expect(ciq.Locator("#lines-0-labResults-0-parameter")).ToHaveValueAsync("pb");
        await Expect(ciq.Locator("#lines-0-labResults-0-value")).ToHaveValueAsync("0.8");
        await BrowserFixture.AssertAccessibleAsync(ciq);
        await BrowserFixture.ScreenshotAsync(ciq, "19-inspection-kept", "en");
        await ciq.Locator("#lines-0-quantityInspected").FillAsync("50");
        await ciq.Locator("#lines-0-findingsConform").SelectOptionAsync("true");
        await ciq.Locator("[data-testid=record-inspection]").ClickAsync();
        await Expect(ciq.Locator("[data-testid=status]")).ToHaveAttributeAsync("data-status", "passed");
        // The port office's inbox is open before the permit exists; it shows the copy when it arrives, without a reload.
        var port = await PageAsync(aqsiq, "en");
        await BrowserFixture.SignInAsync(port, "ciq.ningbo.port", "demo-port-2026");
        await port.GotoAsync("/port");
        await port.EvaluateAsync("() => window.stillTheSamePage = true");

        // Signing asks for a confirmation first, naming the declaration, the signing office and the goods.
        await ciq.Locator("[data-testid=issue-permit]").ClickAsync();
        await Expect(ciq.Locator("[data-testid=status]")).ToHaveAttributeAsync("data-status", "passed");
        await Expect(ciq.Locator("[data-testid=confirm-permit-text]")).ToContainTextAsync("cannot be changed; it can only be revoked");
        await Expect(ciq.Locator("[data-testid=permit-form]")).ToContainTextAsync("0902101000");
        await BrowserFixture.AssertAccessibleAsync(ciq);
        await BrowserFixture.ScreenshotAsync(ciq, "13b-confirm-permit", "en");
        await ciq.Locator("[data-testid=confirm-permit]").ClickAsync();
        await Expect(ciq.Locator("[data-testid=status]")).ToHaveAttributeAsync("data-status", "permit-issued");
        var permit = await ciq.Locator("[data-testid=permit-number]").InnerTextAsync();
        var arrived = port.Locator($"[data-testid=inbox] tr[data-permit='{permit}']");
        await Expect(arrived).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(arrived.Locator("[data-state]")).ToHaveTextAsync("Valid");
        await Expect(arrived).ToContainTextAsync("1200 / 1200 KGM");
        Assert.True(await port.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "the inbox was updated in place, without reloading the page");
        await Expect(port.Locator("#inbox-news")).ToHaveTextAsync("The list of received permits has changed.");
        await BrowserFixture.AssertAccessibleAsync(port);
        await BrowserFixture.ScreenshotAsync(port, "19-port-inbox", "en");
        // One click from the inbox to the check, with the number filled in.
        await arrived.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(port.Locator("#number")).ToHaveValueAsync(permit);

        // The enterprise downloads the paper permit.
        await exporter.ReloadAsync();
        var pdf = await exporter.Context.APIRequest.GetAsync($"/api/certificates/permits/{permit}/pdf");
        Assert.Equal(200, pdf.Status);
        Assert.Equal("application/pdf", pdf.Headers["content-type"]);
        var paper = await pdf.BodyAsync();
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(paper[..4]), StringComparison.Ordinal);
        await BrowserFixture.RenderPdfAsync(paper, "14-paper-permit");

        // The QR on the paper (what the scanner reads): the payload the issuing node serves.
        using var api = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = federation[TestFederation.Aqsiq].Url };
        api.DefaultRequestHeaders.Add("X-GQ-Request", "1");
        Assert.True((await api.PostAsJsonAsync("/api/auth/sign-in", new { userName = "ciq.hangzhou", password = "demo-ciq-hz-2026" })).IsSuccessStatusCode);
        var qr = (await (await api.GetAsync($"/api/certificates/permits/{permit}")).Json()).GetProperty("qrPayload").GetString()!;

        // The port: the forged paper (quantity altered) is a mismatch with the field highlighted; the true paper matches and is released.
        await FederationWait(port, qr);
        await port.Locator("#qr").FillAsync(qr);
        await port.Locator("#paper-lines-0-quantity").FillAsync("12000");
        await port.Locator("[data-testid=check]").ClickAsync();
        await Expect(port.Locator("[data-testid=outcome]")).ToHaveTextAsync("Mismatch");
        await Expect(port.Locator("tr.differs[data-field='paper.lines[0].quantity']")).ToHaveCountAsync(1);
        await Expect(port.Locator(".field.differs #paper-lines-0-quantity")).ToHaveCountAsync(1);
        await Expect(port.Locator("[data-testid=release]")).ToHaveCountAsync(0);
        // A check only reads (and logs); the Chinese page makes the same checks before anything is drawn.
        var portZh = await PageAsync(aqsiq, "zh-CN", "ciq.ningbo.port", "demo-port-2026");
        await PostedShotsAsync(port, portZh, "14-port-mismatch", zh => PortCheckAsync(zh, qr, "12000", "不一致"));

        await port.Locator("#paper-lines-0-quantity").FillAsync("1200");
        await port.Locator("[data-testid=check]").ClickAsync();
        await Expect(port.Locator("[data-testid=outcome]")).ToHaveTextAsync("Match");
        await Expect(port.Locator("[data-testid=detail]")).ToContainTextAsync("matches the electronic copy of " + permit);
        await PostedShotsAsync(port, portZh, "15-port-match", zh => PortCheckAsync(zh, qr, "1200", "一致"));
        // Customs' inbox, open on its own node before the release, receives the clearance permit without a reload.
        var customs = await PageAsync(customsUrl, "en");
        await BrowserFixture.SignInAsync(customs, "customs.ningbo", "demo-customs-2026");
        await customs.GotoAsync("/customs");
        await customs.EvaluateAsync("() => window.stillTheSamePage = true");

        await port.Locator("#draw-0").FillAsync("1200");
        await port.Locator("[data-testid=release]").ClickAsync();
        await Expect(port.Locator("[data-testid=released]")).ToBeVisibleAsync();
        var clearance = await port.Locator("[data-testid=clearance-permit]").InnerTextAsync();

        var received = customs.Locator($"[data-testid=inbox] tr[data-permit='{clearance}']");
        await Expect(received).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.True(await customs.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "the inbox was updated in place, without reloading the page");
        await BrowserFixture.AssertAccessibleAsync(customs);
        await BrowserFixture.ScreenshotAsync(customs, "19-customs-inbox", "en");
        await received.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(customs.Locator("#permitNumber")).ToHaveValueAsync(clearance);
        await Expect(customs.Locator("#lines-0-hsCode")).ToHaveValueAsync("0902101000");
        await Expect(customs.Locator("#lines-0-quantity")).ToHaveValueAsync("1200");
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
        // A verification only reads: the Chinese page verifies the same permit.
        await PostedShotsAsync(customs, await PageAsync(customsUrl, "zh-CN", "customs.ningbo", "demo-customs-2026"), "16-customs", async zh =>
        {
            await zh.GotoAsync("/customs");
            await zh.Locator("#customsDeclarationNumber").FillAsync("CD-UI-ZH");
            await zh.Locator("#permitNumber").FillAsync(clearance);
            await zh.Locator("#lines-0-hsCode").FillAsync("0902101000");
            await zh.Locator("#lines-0-quantity").FillAsync("1200");
            await zh.Locator("#lines-0-unit").FillAsync("KGM");
            await zh.Locator("[data-testid=verify]").ClickAsync();
            await Expect(zh.Locator("[data-testid=outcome]")).ToHaveTextAsync("一致");
            await Expect(zh.Locator("[data-testid=detail]")).ToContainTextAsync("电子底账一致");
        });
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

    [Fact]
    public async Task The_exchange_operator_retries_a_real_dead_letter_and_it_leaves_the_list()
    {
        // One attempt only, and Customs is down: the envelope becomes a dead letter at once.
        var settings = new Dictionary<string, string?>(Settings) { ["Exchange:MaxAttempts"] = "1", ["Exchange:RetryBaseSeconds"] = "0.05" };
        await using var federation = await TestFederation.StartAsync(DatabaseProvider.Sqlite, settings: settings);
        await federation.StopNodeAsync(TestFederation.Customs);
        var aqsiq = federation[TestFederation.Aqsiq].Url.ToString();
        using var api = federation[TestFederation.Aqsiq].Client();
        const string type = "test.event"; // a type of the test federation's directory; the only one sent here
        Assert.True((await api.PostAsJsonAsync("/api/exchange/messages", new { type, payload = new { n = 1 } })).IsSuccessStatusCode);
        await TestFederation.WaitUntilAsync(async () =>
            (await (await api.GetAsync("/api/exchange/dead-letters")).Json()).GetProperty("items").EnumerateArray().Any(d => d.GetProperty("type").GetString() == type),
            "the dead letter", 30);

        var zh = await PageAsync(aqsiq, "zh-CN", "exchange.operator", "demo-exchange-2026");
        await zh.GotoAsync("/exchange");
        await Expect(zh.Locator($"button[aria-label*='{type}']")).ToHaveTextAsync("重新投递");
        await BrowserFixture.AssertAccessibleAsync(zh);
        await BrowserFixture.ScreenshotAsync(zh, "18-exchange-dead-letter", "zh-CN");

        // Customs is back; its circuit, opened by the failure, lets a trial call through after a moment.
        await federation.StartNodeAsync(TestFederation.Customs);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var page = await PageAsync(aqsiq, "en", "exchange.operator", "demo-exchange-2026");
        await page.GotoAsync("/exchange");
        var retry = page.Locator($"button[aria-label*='{type}']");
        await Expect(retry).ToHaveCountAsync(1);
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "18-exchange-dead-letter", "en");
        await retry.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#exchange-message")).ToHaveTextAsync("The message is back in the outbox.");
        await Expect(retry).ToHaveCountAsync(0);
        await TestFederation.WaitUntilAsync(async () =>
        {
            var (scope, db) = federation[TestFederation.Aqsiq].Database();
            await using (scope)
            {
                return await db.Set<OutboxMessage>().AnyAsync(o => o.Type == type && o.Status == OutboxStatus.Delivered);
            }
        }, "delivery after the retry", 30);
    }

    private async Task<IPage> PageAsync(string baseUrl, string culture)
    {
        var context = await web.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = culture });
        await context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = Uri.EscapeDataString($"c={culture}|uic={culture}"), Url = baseUrl }]);
        return await context.NewPageAsync();
    }

    private async Task<IPage> PageAsync(string baseUrl, string culture, string user, string password)
    {
        var page = await PageAsync(baseUrl, culture);
        await BrowserFixture.SignInAsync(page, user, password);
        return page;
    }

    /// <summary>
    /// Screenshots and axe in both languages of a page a GET shows again (the language is a cookie, so a reload
    /// re-renders it); <paramref name="chinese"/> checks the Chinese rendering. The page ends in English.
    /// </summary>
    private static async Task ShotsAsync(IPage page, string name, Func<IPage, Task>? chinese = null)
    {
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            // The same cookie as the sign-in page's (path /), so it replaces it rather than sit beside it.
            await page.Context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = Uri.EscapeDataString($"c={culture}|uic={culture}"), Url = new Uri(page.Url).GetLeftPart(UriPartial.Authority) }]);
            await page.ReloadAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
            if (culture == "zh-CN" && chinese is not null)
            {
                await chinese(page);
            }

            await BrowserFixture.AssertAccessibleAsync(page);
            await BrowserFixture.ScreenshotAsync(page, name, culture);
        }
    }

    /// <summary>
    /// A form's result, which a GET cannot show again: the English page is shot as it stands, and
    /// <paramref name="post"/> makes the same (read-only) post in the Chinese page, which is shot then.
    /// </summary>
    private static async Task PostedShotsAsync(IPage english, IPage chinese, string name, Func<IPage, Task> post)
    {
        await BrowserFixture.AssertAccessibleAsync(english);
        await BrowserFixture.ScreenshotAsync(english, name, "en");
        await post(chinese);
        await Expect(chinese.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await BrowserFixture.AssertAccessibleAsync(chinese);
        await BrowserFixture.ScreenshotAsync(chinese, name, "zh-CN");
    }

    private static async Task PortCheckAsync(IPage page, string qr, string quantity, string outcome)
    {
        await page.GotoAsync("/port");
        await page.Locator("#qr").FillAsync(qr);
        await page.Locator("#paper-lines-0-quantity").FillAsync(quantity);
        await page.Locator("[data-testid=check]").ClickAsync();
        await Expect(page.Locator("[data-testid=outcome]")).ToHaveTextAsync(outcome);
        await Expect(page.Locator("[data-testid=detail]")).ToContainTextAsync("电子底账" + outcome);
        if (quantity != "1200")
        {
            await Expect(page.Locator("tr.differs[data-field='paper.lines[0].quantity'] td").First).ToHaveTextAsync("货物明细 1 · 数量");
        }
    }

    /// <summary>The new-declaration form with one line of green tea; the caller submits it.</summary>
    private static async Task FillDeclarationAsync(IPage page, string quantity)
    {
        await page.GotoAsync("/declarations/new");
        await page.Locator("#transportMode").FillAsync("1");
        await page.Locator("#transportMeans").FillAsync("COSCO SHIPPING ARIES / 042W");
        await page.Locator("#portOfLoading").FillAsync("CNNGB");
        await page.Locator("#portOfExit").FillAsync("CNNGB");
        await page.Locator("#country").FillAsync("DE");
        await page.Locator("#contractReference").FillAsync("HZT-2026-UI");
        await page.Locator("#invoiceReference").FillAsync("INV-UI");
        await page.Locator("#lines-0-hsCode").FillAsync("0902101000");
        await page.Locator("#lines-0-description").FillAsync("Green tea / 绿茶");
        await page.Locator("#lines-0-quantity").FillAsync(quantity);
        await page.Locator("#lines-0-unit").FillAsync("KGM");
        await page.Locator("#lines-0-netWeightKg").FillAsync("1200");
        await page.Locator("#lines-0-grossWeightKg").FillAsync("1296");
        await page.Locator("#lines-0-value").FillAsync("22200");
        await page.Locator("#lines-0-currency").FillAsync("USD");
        await page.Locator("#lines-0-placeOfOrigin").FillAsync("330100");
        await page.Locator("#lines-0-lots").FillAsync("LOT-UI-1");
        await page.Locator("#lines-0-packaging").FillAsync("cartons");
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
