using GoldenQuality.BrowserTests.Infrastructure;
using GoldenQuality.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GoldenQuality.BrowserTests;

/// <summary>
/// The ministries' registers in the browser: MOA and MEP officers and an importer sign in on their own ministry's
/// node (a federation with the ministry nodes) and see their register, and nothing of the inspection flow.
/// </summary>
[Collection("browser")]
public sealed class MinistryRegisterTests(BrowserFixture web, MinistryNodes nodes) : IClassFixture<MinistryNodes>
{
    private static readonly string[] Cultures = ["zh-CN", "en"];

    [Fact]
    public async Task The_national_start_page_says_on_which_node_each_demo_account_signs_in_and_links_to_it()
    {
        var folder = Path.Combine(Path.GetTempPath(), "gq-demo-ui-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            await using var demo = await DemoFederation.StartAsync(folder, 0, CancellationToken.None);
            var national = new Uri(demo[DemoFederation.National].Url);
            var moa = demo[DemoFederation.Moa].Url;
            foreach (var culture in Cultures)
            {
                var page = await web.NewPageAsync(national, culture);
                await page.GotoAsync("/");
                var officer = page.Locator("tr[data-user='moa.officer'] td[data-node]");
                await Expect(officer).ToContainTextAsync(culture == "en" ? "Ministry of Agriculture node" : "农业部节点");
                await Expect(officer.Locator("a")).ToHaveAttributeAsync("href", moa + "/sign-in");
                await Expect(page.Locator("tr[data-user='mep.officer'] td[data-node]")).ToContainTextAsync(culture == "en" ? "Ministry of Environmental Protection node" : "环境保护部节点");
                await Expect(page.Locator("tr[data-user='customs.ningbo'] td[data-node]")).ToContainTextAsync(culture == "en" ? "Customs node" : "海关节点");
                await Expect(page.Locator("tr[data-user='ciq.zhejiang'] td[data-node]")).ToContainTextAsync(culture == "en" ? "AQSIQ national node" : "国家质检总局节点");
                await BrowserFixture.AssertAccessibleAsync(page);
                await BrowserFixture.ScreenshotAsync(page, "40-start-nodes", culture);

                // The link leads to the MOA node's sign-in, where the MOA officer signs in and lands on the register's home.
                await officer.Locator("a").ClickAsync();
                await Expect(page).ToHaveURLAsync(moa + "/sign-in");
                await page.Locator("#userName").FillAsync("moa.officer");
                await page.Locator("#password").FillAsync("demo-moa-2026");
                await page.Locator("form button[type=submit]").ClickAsync();
                await page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal), new() { Timeout = 90_000 });
                await Expect(page.Locator("h1")).ToHaveTextAsync(culture == "en" ? "Permits and licences" : "许可证审批");
                await page.Context.CloseAsync();
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [Theory]
    [InlineData("moa", "moa.officer", "demo-moa-2026", "Permits and licences", "Quarantine permits", "41-home-moa-officer")]
    [InlineData("mep", "mep.officer", "demo-mep-2026", "Permits and licences", "Waste import licences", "41-home-mep-officer")]
    [InlineData("moa", "moa.importer", "demo-moa-importer-2026", "Enterprise portal", "My permit applications", "41-home-moa-importer")]
    public async Task On_a_ministry_node_the_menu_offers_the_register_and_nothing_of_the_inspection_flow(string node, string user, string password, string heading, string register, string shot)
    {
        var page = await MinistryNodes.SignInAsync(web, node == "moa" ? nodes.Moa : nodes.Mep, "en", user, password);
        await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
        var menu = page.Locator("nav.menu");
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = register })).ToBeVisibleAsync();
        await Expect(menu).Not.ToContainTextAsync("Supervision");
        await Expect(menu).Not.ToContainTextAsync("Declarations");
        await Expect(page.Locator("ul.tiles")).Not.ToContainTextAsync("Production supervision");
        if (user == "moa.importer")
        {
            await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Apply for a quarantine permit" })).ToBeVisibleAsync();
            await Expect(menu).Not.ToContainTextAsync("Our enterprise record");
        }
        else
        {
            // An officer of one ministry does not see the other's register.
            await Expect(menu).Not.ToContainTextAsync(node == "moa" ? "Waste import licences" : "Quarantine permits");
        }

        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, shot, "en");

        await page.GetByRole(AriaRole.Link, new() { Name = "中文" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("nav.menu")).Not.ToContainTextAsync("生产监管");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, shot, "zh-CN");
        await page.Context.CloseAsync();
    }
}
