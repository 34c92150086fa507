using GoldenQuality.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GoldenQuality.BrowserTests;

/// <summary>
/// The dashboard over the demo's generated year (issue 19, decision 0020): the leader sees the national picture of the
/// 35 bureaus, marked as generated, with its trends; drills into a bureau; narrows the range; and gets a bad range
/// refused next to the field, in Chinese and in English.
/// </summary>
[Collection("browser")]
public sealed class DashboardHistoryPagesTests(BrowserFixture web)
{
    [Fact]
    public async Task The_leader_reads_the_generated_year_drills_into_a_bureau_and_narrows_the_range()
    {
        var page = await web.NewPageAsync("zh-CN");
        await BrowserFixture.SignInAsync(page, "leader", "demo-leader-2026");
        await page.Locator("nav.menu").GetByRole(AriaRole.Link, new() { Name = "通关与共享看板" }).ClickAsync();
        await BrowserFixture.InBothLanguagesAsync(page, "20-dashboard-year", chinese: async p =>
        {
            await Expect(p.Locator("#history")).ToHaveTextAsync("通关历史：全部 35 个直属局");
            await Expect(p.Locator("[data-testid=generated-notice]")).ToContainTextAsync("演示用生成数据。");
            await Expect(p.Locator("[data-testid=generated-notice]")).ToContainTextAsync("由种子 2008 为演示生成");
            await Expect(p.Locator("[data-testid=generated-notice]")).ToContainTextAsync("并非任何直属局的统计数据");
            await Expect(p.Locator("#history-trend")).ToHaveTextAsync("报检量与通关时间（按周）");
            var bureaus = p.Locator("[data-testid=history-bureaus] tbody tr");
            await Expect(bureaus).ToHaveCountAsync(35);
            await Expect(bureaus.First.Locator("th")).ToHaveTextAsync("上海出入境检验检疫局");
            await Expect(p.Locator("[data-testid=history-sharing] thead th")).ToHaveTextAsync(["直属局", "海关", "省级质监局", "农业部", "环境保护部", "中国人民银行"]);
            await Expect(p.Locator("[data-testid=history-trend] title")).ToContainTextAsync("通关时间中位数由首期的");
            await Expect(p.Locator("[data-testid=history-stages] title")).ToContainTextAsync("口岸核查 p50");
            await Expect(p.Locator("[data-testid=history-median]")).ToContainTextAsync("小时");
        }, english: async p =>
        {
            await Expect(p.Locator("#history")).ToHaveTextAsync("Clearance history: all 35 bureaus");
            await Expect(p.Locator("[data-testid=generated-notice]")).ToContainTextAsync("Generated demonstration data. These figures were generated for the demo from seed 2008");
            await Expect(p.Locator("[data-testid=history-bureaus] tbody tr").First.Locator("th")).ToHaveTextAsync("Shanghai Entry-Exit Inspection and Quarantine Bureau");
            await Expect(p.Locator("[data-testid=history-median]")).ToContainTextAsync(" h");
        });

        // The trend is drawn: one bar per week of the year, and the median falls over it.
        Assert.InRange(await page.Locator("[data-testid=history-trend] rect.bar").CountAsync(), 52, 54);
        var national = await page.Locator("[data-testid=history-declarations]").InnerTextAsync();

        // Drill into Ningbo from the bureau table (the page is in Chinese again).
        await page.Locator("[data-testid=history-bureaus]").GetByRole(AriaRole.Link, new() { Name = "宁波出入境检验检疫局" }).ClickAsync();
        await Expect(page.Locator("#history")).ToHaveTextAsync("通关历史：宁波出入境检验检疫局");
        await Expect(page.Locator("#bureau")).ToHaveValueAsync("CIQ-NB");
        await Expect(page.Locator("[data-testid=history-sharing] tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=history-bureaus] tr[aria-current=true] th")).ToHaveTextAsync("宁波出入境检验检疫局");
        Assert.NotEqual(national, await page.Locator("[data-testid=history-declarations]").InnerTextAsync());

        // The last 30 days of Ningbo, day by day.
        await page.Locator("[data-testid=history]").GetByRole(AriaRole.Link, new() { Name = "最近 30 天" }).ClickAsync();
        await BrowserFixture.InBothLanguagesAsync(page, "21-dashboard-bureau-30-days", chinese: async p =>
        {
            await Expect(p.Locator("#history")).ToHaveTextAsync("通关历史：宁波出入境检验检疫局");
            await Expect(p.Locator("#history-trend")).ToHaveTextAsync("报检量与通关时间（按日）");
            await Expect(p.Locator("[data-testid=history-series] tbody tr")).ToHaveCountAsync(30);
        }, english: async p =>
        {
            await Expect(p.Locator("#history")).ToHaveTextAsync("Clearance history: Ningbo Entry-Exit Inspection and Quarantine Bureau");
            await Expect(p.Locator("#history-trend")).ToHaveTextAsync("Declarations and clearance time, day by day");
            await Expect(p.Locator("[data-testid=history-series] tbody tr")).ToHaveCountAsync(30);
        });

        // Back to the nation, then a range that ends before it starts: refused next to the field, the form keeping it.
        await page.Locator("[data-testid=history-national]").ClickAsync();
        await Expect(page.Locator("#history")).ToHaveTextAsync("通关历史：全部 35 个直属局");
        await page.Locator("#from").FillAsync("2026-06-30");
        await page.Locator("#to").FillAsync("2026-06-01");
        await page.Locator("[data-testid=history] form button[type=submit]").ClickAsync();
        await BrowserFixture.InBothLanguagesAsync(page, "22-dashboard-bad-range", chinese: async p =>
        {
            await Expect(p.Locator("#from-error")).ToHaveTextAsync("须早于或等于结束日期");
            await Expect(p.Locator("[data-testid=history-invalid]")).ToHaveTextAsync("无法显示该日期范围或直属局：请查看上方各项。");
        }, english: async p =>
        {
            await Expect(p.Locator("#from-error")).ToHaveTextAsync("must be on or before to");
            await Expect(p.Locator("#from")).ToHaveValueAsync("2026-06-30");
            await Expect(p.Locator("#from")).ToHaveAttributeAsync("aria-invalid", "true");
        });
        await page.Context.CloseAsync();
    }
}
