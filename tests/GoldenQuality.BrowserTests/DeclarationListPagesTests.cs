using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GoldenQuality.BrowserTests;

/// <summary>The declaration worklist: search, filters, sorting, paging and the CSV download (issue 19).</summary>
[Collection("browser")]
public sealed class DeclarationListPagesTests(BrowserFixture web)
{
    private const string Tea = "913301000000DEM01D";

    private static Dictionary<string, object?> Draft(string reference) => new()
    {
        ["kind"] = "export", ["declarantUscc"] = Tea, ["consignorUscc"] = Tea, ["manufacturerUscc"] = Tea, ["transportMode"] = "1",
        ["portOfExit"] = "CNNGB", ["country"] = "DE", ["contractReference"] = reference,
        ["lines"] = new[]
        {
            new Dictionary<string, object?>
            {
                ["sequence"] = 1, ["hsCode"] = "0902101000", ["description"] = "Green tea / 绿茶 " + reference, ["quantity"] = 120m, ["unit"] = "KGM", ["value"] = 2220m, ["currency"] = "USD",
            },
            new Dictionary<string, object?>
            {
                ["sequence"] = 2, ["hsCode"] = "0902300000", ["description"] = "Black tea / 红茶", ["quantity"] = 10m, ["unit"] = "KGM", ["value"] = 200m, ["currency"] = "USD",
            },
        },
    };

    [Fact]
    public async Task The_worklist_is_searched_sorted_paged_and_downloaded_as_CSV()
    {
        using var exporter = await web.Node.SignInAsync("exporter.hangzhou", "demo-exporter-2026");
        var numbers = new List<string>();
        for (var i = 0; i < 27; i++)
        {
            var response = await exporter.PostAsJsonAsync("/api/declarations", Draft($"LIST-{i:00}"));
            response.EnsureSuccessStatusCode();
            numbers.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!);
        }

        var page = await web.NewPageAsync("zh-CN");
        await BrowserFixture.SignInAsync(page, "exporter.hangzhou", "demo-exporter-2026");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" }).GetByRole(AriaRole.Link, new() { Name = "申报" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("申报");

        // Every column a worker needs: the enterprise by name and the goods of the first line, with the others counted.
        var rows = page.Locator("[data-testid=declarations] tbody tr");
        await Expect(rows).ToHaveCountAsync(25);
        await Expect(page.Locator("[data-testid=declarations] thead")).ToContainTextAsync("货物（第一条明细）");
        await Expect(rows.First).ToContainTextAsync("另有 1 条明细");
        await Expect(rows.First).ToContainTextAsync(Tea);
        await Expect(page.Locator("nav.pager")).ToContainTextAsync("第 1 页");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "19-declaration-list", "zh-CN");

        // The next page holds the rest.
        await page.Locator("nav.pager a[rel=next]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("page=2"));
        await Expect(page.Locator("nav.pager")).ToContainTextAsync("第 2 页");

        // Search by a declaration number: one row.
        await page.GotoAsync("/declarations");
        await page.Locator("#q").FillAsync(numbers[3]);
        await page.Locator("main form[role=search] button.primary").ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync(numbers[3]);
        await Expect(page.Locator("#q")).ToHaveValueAsync(numbers[3]);

        // Sorted by number, the page is in number order.
        await page.GotoAsync("/declarations?sort=number&status=draft");
        await Expect(page.Locator("#sort")).ToHaveValueAsync("number");
        var shown = await page.Locator("[data-testid=declarations] tbody tr td:first-child").AllInnerTextsAsync();
        Assert.Equal(shown.Order(StringComparer.Ordinal), shown);

        // The download has every match (not one page), a byte-order mark and the column names in Chinese.
        var href = await page.Locator("[data-testid=export-csv]").GetAttributeAsync("href");
        Assert.Contains("sort=number", href, StringComparison.Ordinal);
        var lines = await BrowserFixture.DownloadCsvAsync(page);
        Assert.StartsWith("编号,类型,企业统一社会信用代码,企业,", lines[0], StringComparison.Ordinal);
        Assert.True(lines.Length - 1 >= numbers.Count, $"{lines.Length - 1} rows for at least {numbers.Count} drafts");
        Assert.All(numbers, n => Assert.Contains(lines, l => l.StartsWith(n + ",", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains("Green tea / 绿茶 LIST-03", StringComparison.Ordinal) && l.Contains("草稿", StringComparison.Ordinal));

        // The search box of every page finds a declaration by its number; what the account may not see is not found.
        await page.Locator("#global-search").FillAsync(numbers[5]);
        await page.Locator("#global-search").PressAsync("Enter");
        await Expect(page.Locator("[data-testid=search-declarations] li")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=search-results] h2")).ToHaveTextAsync($"“{numbers[5]}”的查找结果：1 项");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "19-search", "zh-CN");
        await page.Locator("[data-testid=search-declarations] a").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync(numbers[5]);
        await page.GotoAsync("/search?q=DE-20990101-NOTHERE");
        await Expect(page.Locator("[data-testid=search-nothing]")).ToHaveTextAsync("没有找到本账户可查看的记录。");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_previous_declaration_is_copied_into_a_new_one_without_its_lots()
    {
        using var exporter = await web.Node.SignInAsync("exporter.hangzhou", "demo-exporter-2026");
        var body = Draft("COPY-1");
        ((Dictionary<string, object?>[])body["lines"]!)[0]["lots"] = new[] { "LOT-COPY-1" };
        var response = await exporter.PostAsJsonAsync("/api/declarations", body);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();

        var page = await web.NewPageAsync("zh-CN");
        await BrowserFixture.SignInAsync(page, "exporter.hangzhou", "demo-exporter-2026");
        await page.GotoAsync("/declarations/" + created.GetProperty("id").GetString());
        await page.Locator("[data-testid=copy-declaration]").ClickAsync();
        await Expect(page.Locator("[data-testid=copied-from]")).ToContainTextAsync(created.GetProperty("number").GetString()!);
        await Expect(page.Locator("#lines-0-hsCode")).ToHaveValueAsync("0902101000");
        await Expect(page.Locator("#lines-0-description")).ToHaveValueAsync("Green tea / 绿茶 COPY-1");
        await Expect(page.Locator("#lines-0-quantity")).ToHaveValueAsync("120");
        await Expect(page.Locator("#lines-1-hsCode")).ToHaveValueAsync("0902300000");
        await Expect(page.Locator("#lines-0-lots")).ToHaveValueAsync("");
        await Expect(page.Locator("#contractReference")).ToHaveValueAsync("");
        await Expect(page.Locator("#country")).ToHaveValueAsync("DE");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "19-declaration-copy", "zh-CN");
        await page.Context.CloseAsync();
    }
}
