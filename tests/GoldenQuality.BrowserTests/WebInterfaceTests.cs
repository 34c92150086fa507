using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GoldenQuality.BrowserTests.Infrastructure;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GoldenQuality.BrowserTests;

/// <summary>The web interface in headless Chromium against a real node: one node and one browser for the class.</summary>
[Collection("browser")]
public sealed class WebInterfaceTests(BrowserFixture web)
{
    private static readonly string[] Cultures = ["zh-CN", "en"];

    [Fact]
    public async Task The_start_page_explains_the_export_flow_and_lists_the_demo_accounts_in_both_languages()
    {
        foreach (var culture in Cultures)
        {
            var page = await web.NewPageAsync(culture);
            var response = await page.GotoAsync("/");
            Assert.Equal(200, response!.Status);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture == "en" ? "en" : "zh-CN");
            await Expect(page.Locator("ol.steps > li")).ToHaveCountAsync(4);
            await Expect(page.Locator("ol.steps")).ToContainTextAsync("exporter.hangzhou");
            await Expect(page.Locator("ol.steps")).ToContainTextAsync("customs.ningbo");
            await Expect(page.Locator("table")).ToContainTextAsync("demo-ciq-2026");
            await BrowserFixture.AssertAccessibleAsync(page);
            await BrowserFixture.ScreenshotAsync(page, "01-start", culture);

            await page.GotoAsync("/sign-in");
            await BrowserFixture.AssertAccessibleAsync(page);
            await BrowserFixture.ScreenshotAsync(page, "02-sign-in", culture);
            await page.Context.CloseAsync();
        }

        var english = await web.NewPageAsync("en");
        await english.GotoAsync("/");
        await Expect(english.Locator("h1")).ToHaveTextAsync("Product quality and food safety, shared between agencies");

        // The tab shows the GQ mark: the icon the page names is served to anyone, as an SVG with the product's name.
        var icon = await english.Locator("link[rel=icon]").GetAttributeAsync("href");
        Assert.NotNull(icon);
        var served = await english.Context.APIRequest.GetAsync(icon);
        Assert.Equal(200, served.Status);
        Assert.StartsWith("image/svg+xml", served.Headers["content-type"], StringComparison.Ordinal);
        Assert.Contains("<title>GoldenQuality</title>", await served.TextAsync(), StringComparison.Ordinal);
        await english.Context.CloseAsync();
    }

    [Fact]
    public async Task The_API_reference_loads_nothing_from_another_origin_and_shows_no_vendor_buttons()
    {
        var page = await web.NewPageAsync("en");
        var origin = web.Node.BaseAddress.GetLeftPart(UriPartial.Authority);
        var outside = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                outside.Add(request.Url);
            }
        };
        var console = new List<string>();
        page.Console += (_, message) => console.Add(message.Type + ": " + message.Text);

        await page.GotoAsync("/docs");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Expect(page.Locator("h1").First).ToHaveTextAsync("GoldenQuality API");
        await Expect(page.GetByText("Peers exchange envelopes under /api/exchange")).ToBeVisibleAsync();
        foreach (var vendor in new[] { "Generate SDK", "Deploy .NET", "Developer Tools", "Open API Client", "Ask AI" })
        {
            await Expect(page.GetByText(vendor, new() { Exact = true })).ToHaveCountAsync(0);
        }

        // The first screen only (the whole reference is tens of thousands of pixels long).
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "03-api-reference.en.png") });
        Assert.True(outside.Count == 0, "requests to other origins: " + string.Join(", ", outside) + " | console: " + string.Join(" | ", console));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_interface_is_in_Chinese_by_default_and_English_is_one_click_away()
    {
        var context = await web.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = web.Node.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("h1")).ToHaveTextAsync("产品质量与食品安全信息,跨部门共享");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Product quality and food safety, shared between agencies");

        // The choice is kept across pages, and the way back is one click too.
        await page.GotoAsync("/sign-in");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await page.GetByRole(AriaRole.Link, new() { Name = "中文" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("登录");
        await Expect(page).ToHaveURLAsync(new Regex("/sign-in$"));
        await context.CloseAsync();
    }

    [Theory]
    [InlineData("exporter.hangzhou", "demo-exporter-2026", "Enterprise portal", "Hangzhou Demo Tea", "home-enterprise")]
    [InlineData("ciq.zhejiang", "demo-ciq-2026", "CIQ officer", "Zhejiang", "home-ciq")]
    [InlineData("ciq.ningbo.port", "demo-port-2026", "Port officer", "Beilun", "home-port")]
    [InlineData("customs.ningbo", "demo-customs-2026", "Customs officer", "Ningbo", "home-customs")]
    [InlineData("bqs.zhejiang", "demo-bqs-2026", "Quality supervision officer", "Zhejiang", "home-bqs")]
    [InlineData("admin", "demo-admin-2026", "Administration and leadership", "Information", "home-leader")]
    [InlineData("exchange.operator", "demo-exchange-2026", "Exchange operator", "Information", "home-exchange")]
    public async Task Each_role_signs_in_to_its_own_home_page_with_user_and_office_in_the_header(string user, string password, string heading, string of, string shot)
    {
        var page = await web.NewPageAsync("en");
        await BrowserFixture.SignInAsync(page, user, password);
        await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
        await Expect(page.Locator("[data-testid=user]")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("[data-testid=of]")).ToContainTextAsync(of);
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "03-" + shot, "en");

        await page.GetByRole(AriaRole.Link, new() { Name = "中文" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "03-" + shot, "zh-CN");

        // Sign out ends the session: the next page asks for sign-in again.
        await page.Locator("form[action='/sign-out'] button").ClickAsync();
        await page.GotoAsync("/supervision");
        await Expect(page).ToHaveURLAsync(new Regex("/sign-in"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message()
    {
        var page = await web.NewPageAsync("en");
        await page.GotoAsync("/sign-in");
        await page.Locator("#userName").FillAsync("admin");
        await page.Locator("#password").FillAsync("not-the-password");
        await page.Locator("form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#sign-in-error")).ToHaveTextAsync("The user name or password is wrong.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_enterprise_user_updates_its_record_and_sees_each_validation_message_next_to_its_field()
    {
        using var admin = await web.Node.AdminAsync();
        var uscc = TestData.NewUscc();
        await TestData.CreateEnterpriseAsync(admin, uscc);
        var userName = await web.NewEnterpriseUserAsync(uscc);

        foreach (var culture in Cultures)
        {
            var page = await web.NewPageAsync(culture);
            await BrowserFixture.SignInAsync(page, userName, "test-password-1");
            await page.GotoAsync("/enterprise");
            await Expect(page).ToHaveURLAsync(new Regex("/enterprises/" + uscc + "$"));
            await Expect(page.Locator("[data-testid=uscc]")).ToHaveTextAsync(uscc);
            await BrowserFixture.AssertAccessibleAsync(page);
            await BrowserFixture.ScreenshotAsync(page, "04-enterprise-record", culture);
            await page.Context.CloseAsync();
        }

        var en = await web.NewPageAsync("en");
        await BrowserFixture.SignInAsync(en, userName, "test-password-1");
        await en.GotoAsync("/enterprise");
        await en.GetByLabel("Address").FillAsync("");
        await en.GetByLabel("Administrative area").FillAsync("999999");
        await en.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        // Each message sits right after its field and is tied to it for screen readers.
        await Expect(en.Locator("#address + .field-error")).ToHaveTextAsync("This field is required.");
        await Expect(en.Locator("#areaCode + .field-error")).ToContainTextAsync("unknown administrative area '999999'");
        await Expect(en.Locator("#areaCode")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(en.Locator("#areaCode")).ToHaveAttributeAsync("aria-describedby", new Regex("areaCode-error"));
        await BrowserFixture.AssertAccessibleAsync(en);
        await BrowserFixture.ScreenshotAsync(en, "05-enterprise-validation", "en");

        // The same refused save in Chinese: the required-field message is the interface's own text.
        var zh = await web.NewPageAsync("zh-CN");
        await BrowserFixture.SignInAsync(zh, userName, "test-password-1");
        await zh.GotoAsync("/enterprise");
        await zh.Locator("#address").FillAsync("");
        await zh.Locator("#areaCode").FillAsync("999999");
        await zh.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Expect(zh.Locator("#address + .field-error")).ToHaveTextAsync("此项为必填项。");
        await Expect(zh.Locator("#areaCode")).ToHaveAttributeAsync("aria-invalid", "true");
        await BrowserFixture.AssertAccessibleAsync(zh);
        await BrowserFixture.ScreenshotAsync(zh, "05-enterprise-validation", "zh-CN");
        await zh.Context.CloseAsync();

        // Nothing was written.
        var before = await (await admin.GetAsync($"/api/registry/enterprises/{uscc}")).Json();
        Assert.Equal("浙江省杭州市西湖区测试路1号", before.GetProperty("address").GetString());

        await en.GetByLabel("Address").FillAsync("浙江省杭州市西湖区新路8号");
        await en.GetByLabel("Administrative area").FillAsync("330106");
        await en.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(en.Locator("#saved")).ToHaveTextAsync("The record was saved.");
        var after = await (await admin.GetAsync($"/api/registry/enterprises/{uscc}")).Json();
        Assert.Equal("浙江省杭州市西湖区新路8号", after.GetProperty("address").GetString());
        Assert.Equal(before.GetProperty("version").GetInt64() + 1, after.GetProperty("version").GetInt64());
        await en.Context.CloseAsync();
    }

    [Fact]
    public async Task An_enterprise_user_cannot_open_another_enterprises_record_or_lot()
    {
        using var admin = await web.Node.AdminAsync();
        var own = TestData.NewUscc();
        var other = TestData.NewUscc();
        await TestData.CreateEnterpriseAsync(admin, own);
        await TestData.CreateEnterpriseAsync(admin, other, nameZh: "别家保密企业" + other[^6..] + "有限公司");
        var userName = await web.NewEnterpriseUserAsync(own);

        var page = await web.NewPageAsync("en");
        await BrowserFixture.SignInAsync(page, userName, "test-password-1");
        var response = await page.GotoAsync("/enterprises/" + other);
        Assert.Equal(403, response!.Status);
        await Expect(page.Locator("[role=alert]")).ToContainTextAsync("belongs to another enterprise");
        Assert.DoesNotContain("别家保密企业", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(other, await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // The register lists only its own enterprise; another enterprise's lot is refused too.
        await page.GotoAsync("/enterprises");
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("tbody")).ToContainTextAsync(own);
        var lot = await NewLotAsync(await web.Node.SignInAsync("exporter.hangzhou", "demo-exporter-2026"));
        var lotResponse = await page.GotoAsync("/supervision/lots/" + lot);
        Assert.Equal(403, lotResponse!.Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_supervision_chart_marks_the_limit_the_nonconforming_reading_and_the_hold()
    {
        using var exporter = await web.Node.SignInAsync("exporter.hangzhou", "demo-exporter-2026");
        var lot = await NewLotAsync(exporter);
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        object M(double value, int minute) => new { lot, device = "dev-1", sensor = "s1", parameter = "pb", value, unit = "mg/kg", at = start.AddMinutes(minute).ToString("O", CultureInfo.InvariantCulture) };
        var ingest = await exporter.PostAsJsonAsync("/api/supervision/measurements", new { measurements = new[] { M(0.05, 1), M(0.06, 2), M(0.04, 3) } });
        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);

        var page = await web.NewPageAsync("en");
        await BrowserFixture.SignInAsync(page, "ciq.zhejiang", "demo-ciq-2026");
        await page.GotoAsync("/supervision/lots/" + lot);
        await Expect(page.Locator("[data-testid=lot-status]")).ToHaveTextAsync("Open");
        await Expect(page.Locator("[data-testid=chart-pb] .limit")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=chart-pb] .point.bad")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=hold-marker]")).ToHaveCountAsync(0);

        var bad = await exporter.PostAsJsonAsync("/api/supervision/measurements", new { measurements = new[] { M(0.35, 4) } });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);

        foreach (var culture in Cultures)
        {
            await web.SetCultureAsync(page.Context, culture);
            await page.GotoAsync("/supervision/lots/" + lot);
            await Expect(page.Locator("[data-testid=chart-pb] .point.bad")).ToHaveCountAsync(1);
            await Expect(page.Locator("[data-testid=hold-marker]")).ToHaveCountAsync(1);
            await Expect(page.Locator("[data-testid=hold-reason]")).ToContainTextAsync("GB 2762-2022");
            await BrowserFixture.AssertAccessibleAsync(page);
            await BrowserFixture.ScreenshotAsync(page, "06-supervision-lot", culture);
        }

        await Expect(page.Locator("[data-testid=lot-status]")).ToHaveTextAsync("Held");
        var number = await LotNumberAsync(exporter, lot);
        foreach (var culture in Cultures)
        {
            await web.SetCultureAsync(page.Context, culture);
            await page.GotoAsync("/supervision?status=held");
            await Expect(page.Locator("tbody")).ToContainTextAsync(number);
            await BrowserFixture.AssertAccessibleAsync(page);
            await BrowserFixture.ScreenshotAsync(page, "07-supervision-lots", culture);
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_exchange_operator_sees_the_node_and_verifies_the_message_log()
    {
        foreach (var culture in Cultures)
        {
            var page = await web.NewPageAsync(culture);
            await BrowserFixture.SignInAsync(page, "exchange.operator", "demo-exchange-2026");
            await page.GotoAsync("/exchange");
            await Expect(page.Locator("[data-testid=outbox-depth]")).ToHaveTextAsync(new Regex("^[0-9,]+$"));
            await page.Locator("form button.primary").ClickAsync();
            await Expect(page.Locator("[data-testid=verify-result]")).ToHaveClassAsync(new Regex("ok"));
            await BrowserFixture.AssertAccessibleAsync(page);
            await BrowserFixture.ScreenshotAsync(page, "08-exchange", culture);
            await page.Context.CloseAsync();
        }

        // An officer who may not operate the exchange is refused.
        var customs = await web.NewPageAsync("en");
        await BrowserFixture.SignInAsync(customs, "customs.ningbo", "demo-customs-2026");
        var response = await customs.GotoAsync("/exchange");
        Assert.Equal(403, response!.Status);
        await Expect(customs.Locator("[data-testid=verify-result]")).ToHaveCountAsync(0);
        await customs.Context.CloseAsync();
    }

    [Fact]
    public async Task The_leadership_dashboard_shows_active_holds_and_nonconformities()
    {
        using var exporter = await web.Node.SignInAsync("exporter.hangzhou", "demo-exporter-2026");
        var lot = await NewLotAsync(exporter);
        var at = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O", CultureInfo.InvariantCulture);
        var bad = await exporter.PostAsJsonAsync("/api/supervision/measurements",
            new { measurements = new[] { new { lot, device = "dev-1", sensor = "s1", parameter = "pb", value = 0.5, unit = "mg/kg", at } } });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var number = await LotNumberAsync(exporter, lot);

        foreach (var culture in Cultures)
        {
            var page = await web.NewPageAsync(culture);
            await BrowserFixture.SignInAsync(page, "admin", "demo-admin-2026");
            await page.GotoAsync("/dashboard");
            await Expect(page.Locator("section[aria-labelledby=holds] tbody")).ToContainTextAsync(number);
            await Expect(page.Locator("section[aria-labelledby=alerts] tbody")).ToContainTextAsync(number);
            await Expect(page.Locator("section[aria-labelledby=by-office] svg.bars")).ToContainTextAsync("CIQ-ZJ-HZ");
            Assert.NotEqual("0", await page.Locator("[data-testid=held-count]").InnerTextAsync());
            // This node runs without an exchange: the matrix says so rather than show made-up numbers.
            await Expect(page.Locator("[data-testid=matrix-empty]")).ToHaveCountAsync(1);
            await BrowserFixture.AssertAccessibleAsync(page);
            await BrowserFixture.ScreenshotAsync(page, "09-dashboard", culture);
            await page.Context.CloseAsync();
        }

        var enterprise = await web.NewPageAsync("en");
        await BrowserFixture.SignInAsync(enterprise, "exporter.hangzhou", "demo-exporter-2026");
        Assert.Equal(403, (await enterprise.GotoAsync("/dashboard"))!.Status);
        await enterprise.Context.CloseAsync();
    }

    /// <summary>A line and an open rice lot of the demo exporter; returns the lot id.</summary>
    private static async Task<string> NewLotAsync(HttpClient exporter)
    {
        var line = "L-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await exporter.PostAsJsonAsync("/api/supervision/lines", new { code = line, name = "Rice line" })).StatusCode);
        var response = await exporter.PostAsJsonAsync("/api/supervision/lots", new { line, number = "LOT-" + Guid.NewGuid().ToString("N")[..10], product = "cereal.rice", market = "export" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Json()).GetProperty("id").GetString()!;
    }

    private static async Task<string> LotNumberAsync(HttpClient client, string lot) =>
        (await (await client.GetAsync($"/api/supervision/lots/{lot}")).Json()).GetProperty("number").GetString()!;
}
