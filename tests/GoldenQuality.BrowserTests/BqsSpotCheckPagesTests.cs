using System.Globalization;
using GoldenQuality.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GoldenQuality.BrowserTests;

/// <summary>
/// Market spot checks in the browser on the Zhejiang BQS node: the Hangzhou officer sets up a plan, records a sample and
/// the laboratory's results (a typing error first, kept as typed), reads the judgement per item and orders a follow-up;
/// the dashboard; and the public list of nonconforming products read without signing in, in Chinese and English.
/// (The federation is <see cref="BqsNodes"/>, one for this class.)
/// </summary>
[Collection("browser")]
public sealed class BqsSpotCheckPagesTests(BrowserFixture web, BqsNodes nodes) : IClassFixture<BqsNodes>
{
    private static string Day(int offset) => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_officer_records_a_sample_and_its_results_sees_the_judgement_and_the_public_reads_the_list()
    {
        var page = await MinistryNodes.SignInAsync(web, nodes.Bqs, "en", "bqs.hangzhou", "demo-bqs-hz-2026");
        await Expect(page.Locator("nav.menu").GetByRole(AriaRole.Link, new() { Name = "Province dashboard" })).ToBeVisibleAsync();
        await page.Locator("ul.tiles").GetByRole(AriaRole.Link, new() { Name = "Market spot checks" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Market spot checks");

        // A new plan: a bad period first (kept as typed, the field named), then a good one.
        await page.Locator("#title").FillAsync("Tea in Hangzhou markets (browser test)");
        await page.Locator("#categories").FillAsync("tea");
        await page.Locator("#standards").FillAsync("GB 2762-2022");
        await page.Locator("#plannedSamples").FillAsync("10");
        await page.Locator("#regions").FillAsync("330100");
        await page.Locator("#periodFrom").FillAsync(Day(-30));
        await page.Locator("#periodTo").FillAsync(Day(-40));
        await page.GetByTestId("create-plan").ClickAsync();
        await Expect(page.Locator("#periodTo-error")).ToContainTextAsync("on or after periodFrom");
        await Expect(page.Locator("#title")).ToHaveValueAsync("Tea in Hangzhou markets (browser test)");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "63-spot-check-plans", "en");
        await page.Locator("#periodTo").FillAsync(Day(30));
        await page.GetByTestId("create-plan").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("Spot-check plan PLAN-BQS-ZJ-HZ-");

        // The sampling record.
        await page.Locator("#placeName").FillAsync("West Lake demo supermarket (test)");
        await page.Locator("#areaCode").FillAsync("330106");
        await page.Locator("#sellerName").FillAsync("Demo supermarket (test)");
        await page.Locator("#manufacturerUscc").FillAsync("913301000000DEM01D");
        await page.Locator("#product").FillAsync("Longjing green tea 250 g");
        await page.Locator("#brand").FillAsync("Demo Peak");
        await page.Locator("#lotNumber").FillAsync("LJ-2026-BROWSER");
        await page.Locator("#sampledOn").FillAsync(Day(-5));
        await page.Locator("#samplers").FillAsync("Wang Test, Li Test");
        await page.Locator("#quantity").FillAsync("4 × 250 g");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "64-spot-check-plan", "en");
        await page.GetByTestId("record-sample").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("Sample SC-BQS-ZJ-HZ-");
        var sampleUrl = page.Url;
        await Expect(page.GetByTestId("outcome")).ToContainTextAsync("Awaiting results");

        // Results: an unknown parameter first (the row keeps what was typed), then lead 6.2 mg/kg.
        await page.Locator("#laboratory").FillAsync("Zhejiang demo food testing laboratory (test)");
        await page.Locator("#reportNumber").FillAsync("R-BROWSER-1");
        await page.Locator("#testedOn").FillAsync(Day(-2));
        await page.Locator("#items-0-parameter").FillAsync("lead");
        await page.Locator("#items-0-value").FillAsync("6.2");
        await page.Locator("#items-0-unit").FillAsync("mg/kg");
        await page.GetByTestId("record-results").ClickAsync();
        await Expect(page.Locator("#items-0-parameter-error")).ToContainTextAsync("not a parameter of the standards catalogue");
        await Expect(page.Locator("#items-0-value")).ToHaveValueAsync("6.2");
        await Expect(page.Locator("#reportNumber")).ToHaveValueAsync("R-BROWSER-1");
        await page.Locator("#items-0-parameter").FillAsync("pb");
        await page.GetByTestId("record-results").ClickAsync();
        await Expect(page.GetByTestId("outcome")).ToContainTextAsync("Nonconforming");
        var lead = page.Locator("[data-testid=results] tr[data-parameter=pb]");
        await Expect(lead).ToContainTextAsync("GB 2762-2022 4.1 表1");
        await Expect(lead).ToContainTextAsync("max 5 mg/kg");
        await Expect(lead).ToContainTextAsync("Nonconforming");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "60-spot-check-sample", "en");

        // A rectification order, listed with the sample.
        await page.Locator("#detail").FillAsync("Recall the lot and check the raw leaf supplier (test)");
        await page.Locator("#dueOn").FillAsync(Day(20));
        await page.GetByTestId("add-follow-up").ClickAsync();
        await Expect(page.Locator("[data-testid=follow-ups] tr[data-kind=rectification-order]")).ToContainTextAsync("Rectification order");

        // The dashboard counts it.
        await page.GotoAsync("/quality/dashboard");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Province dashboard");
        await Expect(page.Locator("[data-testid=by-category] tr[data-key=tea]")).ToContainTextAsync("0.0 %");
        await Expect(page.GetByTestId("open-follow-ups")).ToContainTextAsync("Rectification order");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "61-quality-dashboard", "en");
        await page.Context.CloseAsync();

        // The same sample in Chinese.
        var zh = await MinistryNodes.SignInAsync(web, nodes.Bqs, "zh-CN", "bqs.hangzhou", "demo-bqs-hz-2026");
        await zh.GotoAsync(sampleUrl);
        await Expect(zh.GetByTestId("outcome")).ToContainTextAsync("不合格");
        await Expect(zh.Locator("[data-testid=follow-ups] tr[data-kind=rectification-order]")).ToContainTextAsync("责令整改");
        await BrowserFixture.AssertAccessibleAsync(zh);
        await BrowserFixture.ScreenshotAsync(zh, "60-spot-check-sample", "zh-CN");
        await zh.GotoAsync("/quality/dashboard");
        await Expect(zh.Locator("h1")).ToHaveTextAsync("全省抽查概况");
        await BrowserFixture.AssertAccessibleAsync(zh);
        await BrowserFixture.ScreenshotAsync(zh, "61-quality-dashboard", "zh-CN");
        await zh.Context.CloseAsync();

        // The public reads the list without signing in.
        foreach (var (culture, heading, failed) in new[] { ("en", "Nonconforming products", "pb: 6.2 mg/kg (limit max 5 mg/kg, GB 2762-2022 4.1 表1)"), ("zh-CN", "不合格产品公示", "pb：6.2 mg/kg（限量 max 5 mg/kg，GB 2762-2022 4.1 表1）") })
        {
            var anonymous = await web.NewPageAsync(nodes.Bqs, culture);
            await anonymous.GotoAsync("/nonconforming-products");
            await Expect(anonymous.Locator("h1")).ToHaveTextAsync(heading);
            var row = anonymous.Locator("[data-testid=nonconforming-products] tbody tr").Filter(new() { HasText = "LJ-2026-BROWSER" });
            await Expect(row).ToContainTextAsync("Longjing green tea 250 g");
            await Expect(row).ToContainTextAsync("913301000000DEM01D");
            await Expect(row).ToContainTextAsync(failed);
            await Expect(row).ToContainTextAsync(culture == "en" ? "Rectification order" : "责令整改");
            await BrowserFixture.AssertAccessibleAsync(anonymous);
            await BrowserFixture.ScreenshotAsync(anonymous, "62-nonconforming-products", culture);
            await anonymous.Context.CloseAsync();
        }
    }
}
