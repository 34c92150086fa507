using System.Net;
using System.Net.Http.Json;
using GoldenQuality.BrowserTests.Infrastructure;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GoldenQuality.BrowserTests;

/// <summary>The central bank's credit register through the screens of the PBC node, in English and Chinese, axe-checked.</summary>
[Collection("browser")]
public sealed class CreditRegisterPagesTests(BrowserFixture web)
{
    private const string Importer = "913302000000DEM02M";

    [Fact]
    public async Task A_pbc_officer_finds_a_record_sees_a_customs_penalty_in_its_history_and_changes_the_class_with_field_errors_first()
    {
        await using var federation = await TestFederation.StartAsync(DatabaseProvider.Sqlite, ministries: true, only: [TestFederation.Pbc]);
        var pbcUrl = federation[TestFederation.Pbc].Url;

        // Customs records a penalty on the Ningbo importer (class B in the demo register): the central bank lowers it to C.
        using (var customs = await SignInAsync(federation[TestFederation.Customs].Url, "customs.ningbo", "demo-customs-2026"))
        {
            var penalty = await customs.PostAsJsonAsync("/api/clearance/penalties", new
            {
                uscc = Importer, reference = "NBHG-2026-0042", legalBasis = "Customs Law of the PRC, art. 86", detail = "Misdeclared quantity (fictional test case)",
            });
            Assert.Equal(HttpStatusCode.Created, penalty.StatusCode);
        }

        using (var bank = await SignInAsync(pbcUrl, "pbc.officer", "demo-pbc-2026"))
        {
            await TestFederation.WaitUntilAsync(async () =>
                (await (await bank.GetAsync($"/api/ministries/credit/{Importer}")).Content.ReadAsStringAsync()).Contains("\"creditClass\":\"C\"", StringComparison.Ordinal),
                "the central bank to apply the penalty");
        }

        var context = await web.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = pbcUrl.ToString(), Locale = "en" });
        await SetCultureAsync(context, pbcUrl, "en");
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "pbc.officer", "demo-pbc-2026");

        // The register: from the menu, filtered by class.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main menu" }).GetByRole(AriaRole.Link, new() { Name = "Credit register" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Central bank credit register");
        await page.Locator("#creditClass").SelectOptionAsync("C");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.Locator("[data-testid=credit-records] tbody tr", new() { HasText = Importer })).ToContainTextAsync("C");
        await Shots(page, "credit-register", async zh => await Expect(zh.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("央行企业信用档案"));

        // One record: the penalty in its history with source, legal basis and effect.
        await page.GetByRole(AriaRole.Link, new() { Name = Importer }).ClickAsync();
        await Expect(page.Locator("[data-testid=credit-class]")).ToHaveTextAsync("C");
        var penaltyRow = page.Locator("[data-testid=credit-history] tbody tr[data-cause=event]");
        await Expect(penaltyRow).ToContainTextAsync("Credit event · Customs penalty");
        await Expect(penaltyRow).ToContainTextAsync("CUSTOMS-NB");
        await Expect(penaltyRow).ToContainTextAsync("NBHG-2026-0042");
        await Expect(penaltyRow).ToContainTextAsync("Customs Law of the PRC, art. 86");
        await Expect(penaltyRow.Locator("[data-testid=to]")).ToHaveTextAsync("C");

        // Without a reason or legal basis nothing changes, and each field says why.
        await page.Locator("#creditClass").SelectOptionAsync("A");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change class" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("The class was not changed. Please correct:");
        await Expect(page.Locator("#reason-error")).ToHaveTextAsync("This field is required.");
        await Expect(page.Locator("#legalBasis-error")).ToHaveTextAsync("This field is required.");
        await Expect(page.Locator("#reason")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("[data-testid=credit-class]")).ToHaveTextAsync("C");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "credit-change-errors", "en");

        await page.Locator("#creditClass").SelectOptionAsync("A");
        await page.Locator("#legalBasis").FillAsync("Credit rating rules (fictional), art. 7");
        await page.Locator("#reason").FillAsync("Penalty appealed and annulled (fictional test case)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change class" }).ClickAsync();
        await Expect(page.Locator("[data-testid=credit-changed]")).ToHaveTextAsync("The credit class was changed; Customs and AQSIQ are notified.");
        await Expect(page.Locator("[data-testid=credit-class]")).ToHaveTextAsync("A");
        var latest = page.Locator("[data-testid=credit-history] tbody tr").First;
        await Expect(latest).ToContainTextAsync("Central bank officer");
        await Expect(latest.Locator("[data-testid=from]")).ToHaveTextAsync("C");
        await Expect(latest.Locator("[data-testid=to]")).ToHaveTextAsync("A");
        await Expect(latest).ToContainTextAsync("Credit rating rules (fictional), art. 7");
        await page.GotoAsync($"/ministries/credit/{Importer}");
        await Shots(page, "credit-record", async zh =>
        {
            await Expect(zh.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("企业信用档案");
            await Expect(zh.Locator("[data-testid=credit-history] tbody tr").First).ToContainTextAsync("央行官员调整");
            await Expect(zh.Locator("[data-testid=credit-history] tbody tr[data-cause=event]")).ToContainTextAsync("信用事件 · 海关行政处罚");
            await Expect(zh.GetByRole(AriaRole.Heading, new() { Name = "调整信用等级" })).ToBeVisibleAsync();
        });
    }

    private static async Task<HttpClient> SignInAsync(Uri node, string user, string password)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = node };
        client.DefaultRequestHeaders.Add("X-GQ-Request", "1");
        var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = user, password });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return client;
    }

    private static Task SetCultureAsync(IBrowserContext context, Uri node, string culture) =>
        context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = ".AspNetCore.Culture", Value = Uri.EscapeDataString($"c={culture}|uic={culture}"), Url = node.GetLeftPart(UriPartial.Authority) }]);

    /// <summary>Axe and screenshots in Chinese (checked by <paramref name="chinese"/>) and then English, on a reload of the page's GET.</summary>
    private static async Task Shots(IPage page, string name, Func<IPage, Task> chinese)
    {
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            await SetCultureAsync(page.Context, new Uri(page.Url), culture);
            await page.ReloadAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
            if (culture == "zh-CN")
            {
                await chinese(page);
            }

            await BrowserFixture.AssertAccessibleAsync(page);
            await BrowserFixture.ScreenshotAsync(page, name, culture);
        }
    }
}
