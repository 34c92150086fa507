using GoldenQuality.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GoldenQuality.BrowserTests;

/// <summary>The enterprise register's list (issue 19): filtered by role and area, sorted by name, downloaded as CSV; a bad area named in the reader's language.</summary>
[Collection("browser")]
public sealed class EnterpriseListPagesTests(BrowserFixture web)
{
    [Fact]
    public async Task The_register_is_filtered_sorted_by_name_and_downloaded_in_that_order()
    {
        var page = await web.NewPageAsync("zh-CN");
        await BrowserFixture.SignInAsync(page, "ciq.zhejiang", "demo-ciq-2026");
        await page.GotoAsync("/enterprises");
        await page.Locator("#role").SelectOptionAsync(new SelectOptionValue { Label = "出口商" });
        await page.Locator("#area").FillAsync("33");
        await page.Locator("#sort").SelectOptionAsync(new SelectOptionValue { Label = "按中文名称" });
        await page.Locator("main form[role=search] button.primary").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sort=name"));

        // Every row is a Zhejiang exporter, in the order of its Chinese name.
        var rows = page.Locator("[data-testid=enterprises] tbody tr");
        Assert.True(await rows.CountAsync() >= 2, "at least two Zhejiang exporters in the demo register");
        var names = await page.Locator("[data-testid=enterprises] tbody tr td:nth-child(2)").AllInnerTextsAsync();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.All(await page.Locator("[data-testid=enterprises] tbody tr td:nth-child(3)").AllInnerTextsAsync(), area => Assert.StartsWith("33", area, StringComparison.Ordinal));
        Assert.All(await page.Locator("[data-testid=enterprises] tbody tr td:nth-child(4)").AllInnerTextsAsync(), roles => Assert.Contains("出口商", roles, StringComparison.Ordinal));
        await Expect(page.Locator("#sort")).ToHaveValueAsync("name");
        await Expect(page.Locator("#area")).ToHaveValueAsync("33");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "19-enterprise-list", "zh-CN");

        // The download has the same rows in the same order, its columns named in Chinese.
        var csv = await BrowserFixture.DownloadCsvAsync(page);
        Assert.Equal("统一社会信用代码,中文名称,英文名称,行政区划代码,贸易角色", csv[0]);
        var usccs = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.uscc)");
        Assert.Equal(usccs, csv.Skip(1).Select(l => l.Split(',')[0]));

        // An area that is no code is named in Chinese; the form keeps what was typed.
        await page.GotoAsync("/enterprises?area=ab");
        await Expect(page.Locator("main [role=alert]")).ToContainTextAsync("地区筛选须为 GB/T 2260 行政区划代码或其前几位数字");
        await Expect(page.Locator("#area")).ToHaveValueAsync("ab");
        await page.Context.CloseAsync();
    }
}
