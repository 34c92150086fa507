using System.Globalization;
using System.Text.RegularExpressions;
using GoldenQuality.BrowserTests.Infrastructure;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GoldenQuality.BrowserTests;

/// <summary>The national AQSIQ node, Customs and the Zhejiang BQS node (SQLite), for the production-licence pages; one federation per class.</summary>
public sealed class BqsNodes : IAsyncLifetime
{
    public TestFederation Federation { get; private set; } = null!;

    public Uri Bqs => Federation[TestFederation.BqsZhejiang].Url;

    public async Task InitializeAsync() => Federation = await TestFederation.StartAsync(DatabaseProvider.Sqlite, bqs: true);

    public async Task DisposeAsync()
    {
        if (Federation is not null)
        {
            await Federation.DisposeAsync();
        }
    }
}

/// <summary>
/// The production-licence register in the browser, on the Zhejiang BQS node: the tea maker applies, the bureau's
/// licence officer records the on-site review, grants the licence and suspends it (reason and confirmation), in
/// zh-CN and en, every page axe-checked.
/// </summary>
[Collection("browser")]
public sealed class BqsLicencePagesTests(BrowserFixture web, BqsNodes nodes) : IClassFixture<BqsNodes>
{
    [Fact]
    public async Task The_maker_applies_and_the_officer_reviews_grants_and_suspends_the_licence()
    {
        // The tea maker applies for a food production licence of its own enterprise.
        var maker = await MinistryNodes.SignInAsync(web, nodes.Bqs, "en", "tea.maker", "demo-tea-bqs-2026");
        await maker.Locator("nav.menu").GetByRole(AriaRole.Link, new() { Name = "Our production licences" }).ClickAsync();
        await maker.GetByRole(AriaRole.Link, new() { Name = "Apply for a production licence" }).ClickAsync();
        await Expect(maker.Locator("h1")).ToHaveTextAsync("Apply for a production licence");
        await Expect(maker.Locator("[data-testid=holder]")).ToHaveTextAsync("913301000000DEM01D");
        await maker.Locator("#siteAddress").FillAsync("浙江省杭州市西湖区示例路1号（浏览器测试）");
        await maker.Locator("#siteArea").FillAsync("320102");
        await maker.Locator("#categories").FillAsync("tea");
        await maker.Locator("[data-testid=apply]").ClickAsync();
        await Expect(maker.Locator("#siteArea + .field-error")).ToContainTextAsync("320102");
        await Expect(maker.Locator("#siteArea")).ToHaveAttributeAsync("aria-invalid", "true");
        await BrowserFixture.AssertAccessibleAsync(maker);
        await BrowserFixture.ScreenshotAsync(maker, "60-licence-apply-errors", "en");
        await maker.Locator("#siteArea").FillAsync("330106");
        await maker.Locator("[data-testid=apply]").ClickAsync();
        await maker.WaitForURLAsync(new Regex("/licences/QLA-BQS-ZJ-[0-9]{8}-[0-9]{4}$"));
        var path = new Uri(maker.Url).AbsolutePath;
        await Expect(maker.Locator("[data-testid=status]")).ToHaveTextAsync("Applied");
        await Expect(maker.Locator("[data-testid=review-form]")).ToHaveCountAsync(0);
        await BrowserFixture.InBothLanguagesAsync(maker, "61-licence-applied", async page =>
        {
            await Expect(page.Locator("h1")).ToContainTextAsync("食品生产许可证");
            await Expect(page.Locator("[data-testid=status]")).ToHaveTextAsync("已申请");
        });

        // The bureau's licence officer (in Chinese) finds it in the register, records a passed on-site review and grants it.
        var officer = await MinistryNodes.SignInAsync(web, nodes.Bqs, "zh-CN", "bqs.licensing", "demo-bqs-licence-2026");
        await officer.Locator("ul.tiles").GetByRole(AriaRole.Link, new() { Name = "生产许可证登记簿" }).ClickAsync();
        await Expect(officer.Locator("h1")).ToHaveTextAsync("生产许可证登记簿");
        var application = path[(path.LastIndexOf('/') + 1)..];
        var row = officer.Locator($"[data-testid=licences] tr[data-number='{application}']");
        await Expect(row.Locator("td[data-status]")).ToHaveTextAsync("已申请");
        await Expect(row).ToContainTextAsync("杭州示例茶叶有限公司");
        var csv = await BrowserFixture.DownloadCsvAsync(officer);
        Assert.StartsWith("编号,生产许可申请,", csv[0], StringComparison.Ordinal);
        Assert.Contains(csv, l => l.StartsWith("," + application + ",", StringComparison.Ordinal) && l.Contains("杭州示例茶叶有限公司", StringComparison.Ordinal) && l.Contains(",已申请,", StringComparison.Ordinal));
        await BrowserFixture.InBothLanguagesAsync(officer, "62-licence-register", english: async page => await Expect(page.Locator("h1")).ToHaveTextAsync("Production licence register"));

        await row.Locator("a").ClickAsync();
        await officer.WaitForURLAsync(new Regex(application + "$"));
        await officer.Locator("#review-scheduledOn").FillAsync(DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await officer.Locator("#review-reviewers").FillAsync("王核查，李核查");
        await officer.Locator("#review-result").SelectOptionAsync("pass");
        await officer.Locator("#review-findings").FillAsync("场所、设备和记录符合要求");
        await officer.Locator("[data-testid=review-form] button").ClickAsync();
        await Expect(officer.Locator("#done")).ToHaveTextAsync("现场核查已记录。");
        await Expect(officer.Locator("[data-testid=status]")).ToHaveTextAsync("现场核查中");
        await Expect(officer.Locator("[data-testid=review]")).ToContainTextAsync("通过");
        await officer.Locator("[data-testid=grant] button").ClickAsync();
        await Expect(officer.Locator("#done")).ToHaveTextAsync("许可证已发放。");
        await Expect(officer.Locator("[data-testid=status]")).ToHaveTextAsync("已发证");
        await Expect(officer.Locator("[data-testid=number]")).ToHaveTextAsync(new Regex("^SC1330106[0-9]{7}$"));
        var number = await officer.Locator("[data-testid=number]").InnerTextAsync();
        await Expect(officer.Locator("tr[data-action=granted] td").Nth(2)).ToHaveTextAsync("发证");
        await BrowserFixture.AssertAccessibleAsync(officer);
        await BrowserFixture.ScreenshotAsync(officer, "63-licence-granted", "zh-CN");

        // Suspending needs a reason and the confirmation; each message sits next to its field, in the user's language.
        await officer.Locator("[data-testid=suspend] button").ClickAsync();
        await Expect(officer.Locator("#suspend-confirm-error")).ToHaveTextAsync("请勾选以确认。");
        await Expect(officer.Locator("[data-testid=status]")).ToHaveTextAsync("已发证");
        await officer.Locator("#suspend-confirm").CheckAsync();
        await officer.Locator("[data-testid=suspend] button").ClickAsync();
        await Expect(officer.Locator("#suspend-reason + .field-error")).ToHaveTextAsync("此项为必填项。");
        await BrowserFixture.AssertAccessibleAsync(officer);
        await BrowserFixture.ScreenshotAsync(officer, "64-licence-suspend-error", "zh-CN");
        await officer.Locator("#suspend-reason").FillAsync("市场抽检茶叶铅超过 GB 2762 限量");
        await officer.Locator("#suspend-confirm").CheckAsync();
        await officer.Locator("[data-testid=suspend] button").ClickAsync();
        await Expect(officer.Locator("#done")).ToHaveTextAsync("许可证已暂停，已通知检验检疫机构。");
        await Expect(officer.Locator("[data-testid=status]")).ToHaveTextAsync("已暂停");
        await Expect(officer.Locator("tr[data-action=suspended]")).ToContainTextAsync("市场抽检茶叶铅超过 GB 2762 限量");
        await BrowserFixture.InBothLanguagesAsync(officer, "65-licence-suspended", english: async page =>
        {
            await Expect(page.Locator("[data-testid=status]")).ToHaveTextAsync("Suspended");
            await Expect(page.Locator("tr[data-action=suspended] td").Nth(2)).ToHaveTextAsync("Suspended");
            await Expect(page.Locator("[data-testid=reinstate] button")).ToHaveTextAsync("Reinstate the licence");
        });

        // The maker reads its suspended licence, without the officer's actions.
        await maker.GotoAsync("/licences/" + number);
        await Expect(maker.Locator("[data-testid=status]")).ToHaveTextAsync("Suspended");
        await Expect(maker.Locator("#actions")).ToHaveCountAsync(0);
        await maker.Context.CloseAsync();
        await officer.Context.CloseAsync();
    }
}
