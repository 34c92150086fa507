using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GoldenQuality.BrowserTests.Infrastructure;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GoldenQuality.BrowserTests;

/// <summary>The national AQSIQ node and Customs (SQLite), for the hold pages; one federation per class.</summary>
public sealed class HoldNodes : IAsyncLifetime
{
    public TestFederation Federation { get; private set; } = null!;

    public Uri National => Federation[TestFederation.Aqsiq].Url;

    public async Task InitializeAsync() => Federation = await TestFederation.StartAsync(DatabaseProvider.Sqlite);

    public async Task DisposeAsync()
    {
        if (Federation is not null)
        {
            await Federation.DisposeAsync();
        }
    }
}

/// <summary>
/// The hold register in the browser: an E-Supervision nonconformity holds a lot of the Hangzhou tea maker; the Zhejiang
/// CIQ bureau (above the Hangzhou office) finds the hold in its list, tries to release it without a passing re-test (the
/// message sits next to the field), then releases it with the report, in zh-CN and en, every page axe-checked.
/// </summary>
[Collection("browser")]
public sealed class HoldPagesTests(BrowserFixture web, HoldNodes nodes) : IClassFixture<HoldNodes>
{
    [Fact]
    public async Task The_bureau_finds_a_nonconformity_hold_and_releases_it_after_a_passing_retest()
    {
        // A lot of the tea maker breaks the lead limit: it is held, and the hold is in the register.
        var exporter = await nodes.Federation.SignInAsync(TestFederation.Aqsiq, "exporter.hangzhou");
        var line = "L-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await exporter.PostAsJsonAsync("/api/supervision/lines", new { code = line, name = "Rice line" })).StatusCode);
        var created = await exporter.PostAsJsonAsync("/api/supervision/lots", new { line, number = "LOT-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), product = "cereal.rice", market = "export" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var lot = await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var number = lot.GetProperty("number").GetString()!;
        var at = DateTimeOffset.UtcNow.AddMinutes(-2).ToString("O", CultureInfo.InvariantCulture);
        var measured = await exporter.PostAsJsonAsync("/api/supervision/measurements",
            new { measurements = new[] { new { lot = lot.GetProperty("id").GetString(), device = "dev-1", sensor = "s1", parameter = "pb", value = 350.0, unit = "ug/kg", at } } });
        Assert.Equal(HttpStatusCode.OK, measured.StatusCode);
        var key = "913301000000DEM01D/" + number;

        // The bureau's officer (in Chinese) opens the holds from the menu and finds the lot's hold.
        var officer = await MinistryNodes.SignInAsync(web, nodes.National, "zh-CN", "ciq.zhejiang", "demo-ciq-2026");
        await officer.Locator("nav.menu").GetByRole(AriaRole.Link, new() { Name = "扣留" }).ClickAsync();
        await Expect(officer.Locator("h1")).ToHaveTextAsync("扣留登记");
        var row = officer.Locator("[data-testid=holds] tr").Filter(new() { HasText = key });
        await Expect(row.Locator("td[data-status]")).ToHaveTextAsync("扣留中");
        await Expect(row).ToContainTextAsync("电子监管不合格");
        await Expect(row).ToContainTextAsync("pb = 350 ug/kg（北京时间");
        await Expect(row).ToContainTextAsync("CIQ-ZJ-HZ");

        // The register downloads as CSV with the page's filters, in Chinese.
        var csv = await BrowserFixture.DownloadCsvAsync(officer);
        Assert.StartsWith("扣留对象类型,对象,机构,", csv[0], StringComparison.Ordinal);
        Assert.Contains(csv, l => l.StartsWith("监管批次," + key + ",CIQ-ZJ-HZ,电子监管不合格,", StringComparison.Ordinal) && l.Contains(",扣留中,", StringComparison.Ordinal));
        await BrowserFixture.InBothLanguagesAsync(officer, "90-holds", english: async page =>
        {
            await Expect(page.Locator("h1")).ToHaveTextAsync("Holds");
            await Expect(page.Locator("[data-testid=holds] tr").Filter(new() { HasText = key }).Locator("td[data-status]")).ToHaveTextAsync("Held");
        });

        // A release without a passing re-test is refused, the message next to the field, in the user's language.
        await officer.Locator("[data-testid=holds] tr").Filter(new() { HasText = key }).Locator("a").ClickAsync();
        await officer.WaitForURLAsync(new Regex("/holds/[0-9a-f-]{36}$"));
        await Expect(officer.Locator("[data-testid=key]")).ToHaveTextAsync(key);
        await Expect(officer.Locator("[data-testid=status]")).ToHaveTextAsync("扣留中");
        await Expect(officer.Locator("label[for=decision-destroyed]")).ToHaveTextAsync("已销毁");
        await officer.Locator("#decision-released").CheckAsync();
        await officer.Locator("#evidence").FillAsync("复检报告 RT-2026-0099：铅 0.08 mg/kg，符合 GB 2762");
        await officer.Locator("[data-testid=decide] button").ClickAsync();
        await Expect(officer.Locator("#retestReport-result-error")).ToHaveTextAsync("放行必须有合格的复检。");
        await Expect(officer.Locator("#retestReport-number-error")).ToHaveTextAsync("放行必须填写复检报告编号。");
        await Expect(officer.Locator("[data-testid=status]")).ToHaveTextAsync("扣留中");
        await BrowserFixture.AssertAccessibleAsync(officer);
        await BrowserFixture.ScreenshotAsync(officer, "91-hold-decision-errors", "zh-CN");

        await officer.Locator("#decision-released").CheckAsync();
        await officer.Locator("#evidence").FillAsync("复检报告 RT-2026-0099：铅 0.08 mg/kg，符合 GB 2762");
        await officer.Locator("#retestReport-number").FillAsync("RT-2026-0099");
        await officer.Locator("#retestReport-result").SelectOptionAsync("pass");
        await officer.Locator("[data-testid=decide] button").ClickAsync();
        await Expect(officer.Locator("#done")).ToHaveTextAsync("已放行。处置决定已发送至预警涉及的其他节点。");
        await Expect(officer.Locator("[data-testid=status]")).ToHaveTextAsync("已放行");
        await Expect(officer.Locator("[data-testid=evidence]")).ToContainTextAsync("RT-2026-0099");
        await Expect(officer.Locator("[data-testid=decide]")).ToHaveCountAsync(0);
        await BrowserFixture.InBothLanguagesAsync(officer, "92-hold-released", english: async page =>
        {
            await Expect(page.Locator("[data-testid=status]")).ToHaveTextAsync("Released");
            await Expect(page.Locator("[data-testid=decision]")).ToContainTextAsync("Passed");
        });

        // The lot is open again.
        var view = await (await exporter.GetAsync("/api/supervision/lots/" + lot.GetProperty("id").GetString())).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("open", view.GetProperty("status").GetString());
        await officer.Context.CloseAsync();
    }
}
