using System.Globalization;
using HttpStatusCode = System.Net.HttpStatusCode;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using GoldenQuality.BrowserTests.Infrastructure;
using GoldenQuality.Demo;
using GoldenQuality.Tests.Infrastructure;
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
                // The flow's fourth step happens on the Customs node: the step says where, with a link.
                var customs = page.Locator("[data-account='customs.ningbo']");
                await Expect(customs).ToContainTextAsync(culture == "en" ? "Customs node" : "海关节点");
                await Expect(customs.Locator("a")).ToHaveAttributeAsync("href", demo[DemoFederation.Customs].Url + "/sign-in");
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

    [Fact]
    public async Task Two_nodes_open_side_by_side_in_one_browser_do_not_spoil_each_others_forms()
    {
        // On one host the browser sends a node's cookies to every node (cookies ignore the port): each node must name
        // its anti-forgery cookie as its own, or a form opened on one node fails after a page of the other was loaded.
        var national = await web.NewPageAsync(nodes.Aqsiq, "en");
        await national.GotoAsync("/sign-in");
        var moa = await national.Context.NewPageAsync();
        await moa.GotoAsync(nodes.Moa + "sign-in");
        await Expect(moa.Locator("#userName")).ToBeVisibleAsync();

        await national.Locator("#userName").FillAsync("agent.ningbo");
        await national.Locator("#password").FillAsync("demo-agent-2026");
        await national.Locator("form button[type=submit]").ClickAsync();
        await national.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal), new() { Timeout = 90_000 });
        await Expect(national.Locator("header")).ToContainTextAsync("宁波示例食品报检员");

        // And the other way round: the MOA form opened before the national sign-in still works.
        await moa.Locator("#userName").FillAsync("moa.officer");
        await moa.Locator("#password").FillAsync("demo-moa-2026");
        await moa.Locator("form button[type=submit]").ClickAsync();
        await moa.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal), new() { Timeout = 90_000 });
        await Expect(moa.Locator("h1")).ToHaveTextAsync("Permits and licences");
        await national.ReloadAsync();
        await Expect(national.Locator("header")).ToContainTextAsync("宁波示例食品报检员");
        await national.Context.CloseAsync();
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

    [Fact]
    public async Task An_importer_applies_on_the_MOA_node_and_the_officer_reviews_issues_and_suspends_it_with_a_reason_in_the_history()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var from = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = today.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // The importer applies: first without quantity and end of validity, and with a bad HS code; each message sits next to its field.
        var importer = await MinistryNodes.SignInAsync(web, nodes.Moa, "en", "moa.importer", "demo-moa-importer-2026");
        await importer.GetByRole(AriaRole.Link, new() { Name = "Apply for a quarantine permit" }).First.ClickAsync();
        await Expect(importer.Locator("h1")).ToHaveTextAsync("Apply for a quarantine permit");
        await Expect(importer.Locator("[data-testid=holder]")).ToHaveTextAsync("913302000000DEM02M");
        await FillApplicationAsync(importer, hs: "02", quantity: "", validTo: "", from);
        await importer.Locator("[data-testid=apply]").ClickAsync();
        await Expect(importer.Locator("#quantity + .field-error")).ToHaveTextAsync("This field is required.");
        await Expect(importer.Locator("#validTo + .field-error")).ToHaveTextAsync("This field is required.");
        await Expect(importer.Locator("#hsCode-error")).ToContainTextAsync("'02'");
        await Expect(importer.Locator("#quantity")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(importer.Locator("#quantity")).ToHaveAttributeAsync("aria-describedby", new Regex("quantity-error"));
        await BrowserFixture.AssertAccessibleAsync(importer);
        await BrowserFixture.ScreenshotAsync(importer, "42-lpco-apply-errors", "en");

        // The same in Chinese: the labels and the required-field message are the interface's own text.
        var zh = await MinistryNodes.SignInAsync(web, nodes.Moa, "zh-CN", "moa.importer", "demo-moa-importer-2026");
        await zh.GotoAsync("/lpcos/new");
        await Expect(zh.Locator("h1")).ToHaveTextAsync("申请检疫许可证");
        await Expect(zh.Locator("label[for=originCountry]")).ToHaveTextAsync("原产国");
        // The HS field looks up the nomenclature: frozen bovine meat is found by its name.
        await zh.Locator("#hsCode").PressSequentiallyAsync("bovine frozen", new() { Delay = 20 });
        await Expect(zh.Locator("#hsCode-options [data-code='0202']")).ToBeVisibleAsync();
        await FillApplicationAsync(zh, hs: "02", quantity: "", validTo: "", from);
        await zh.Locator("[data-testid=apply]").ClickAsync();
        await Expect(zh.Locator("#quantity + .field-error")).ToHaveTextAsync("此项为必填项。");
        await Expect(zh.Locator("#error-summary")).ToContainTextAsync("申请未提交");
        await BrowserFixture.AssertAccessibleAsync(zh);
        await BrowserFixture.ScreenshotAsync(zh, "42-lpco-apply-errors", "zh-CN");
        await zh.Context.CloseAsync();

        await FillApplicationAsync(importer, hs: "0202", quantity: "18000", validTo: to, from);
        await importer.Locator("[data-testid=apply]").ClickAsync();
        await importer.WaitForURLAsync(new Regex("/lpcos/[0-9a-f-]{36}$"));
        var path = new Uri(importer.Url).AbsolutePath;
        var id = path[(path.LastIndexOf('/') + 1)..];
        await Expect(importer.Locator("[data-testid=status]")).ToHaveTextAsync("Applied");
        await Expect(importer.Locator("[data-testid=number]")).ToHaveCountAsync(0);
        await Expect(importer.Locator("[data-testid=remaining]")).ToHaveTextAsync("18000 KGM");
        await Expect(importer.Locator("[data-testid=start-review]")).ToHaveCountAsync(0);
        await ShotsAsync(importer, "43-lpco-applied", async page =>
            await Expect(page.Locator("[data-testid=status]")).ToHaveTextAsync("已申请"));

        // The importer's own applications list it.
        await importer.GotoAsync("/lpcos");
        await Expect(importer.Locator("h1")).ToHaveTextAsync("My permit applications");
        await Expect(importer.Locator($"tr[data-id='{id}'] td[data-status]")).ToHaveTextAsync("Applied");
        await ShotsAsync(importer, "44-lpco-mine");

        // The MOA officer finds it first in the worklist, starts the review and issues it.
        var officer = await MinistryNodes.SignInAsync(web, nodes.Moa, "en", "moa.officer", "demo-moa-2026");
        await officer.GetByRole(AriaRole.Link, new() { Name = "Quarantine permits" }).First.ClickAsync();
        await Expect(officer.Locator("h1")).ToHaveTextAsync("Quarantine permits");
        var row = officer.Locator($"[data-testid=lpcos-waiting] tr[data-id='{id}']");
        await Expect(row.Locator("td[data-status]")).ToHaveTextAsync("Applied");
        await Expect(row).ToContainTextAsync("0202");
        await Expect(row).ToContainTextAsync("18000 / 18000 KGM");
        await Expect(officer.Locator("[data-testid=lpcos] tbody tr")).Not.ToHaveCountAsync(0);
        await ShotsAsync(officer, "45-lpco-register", async page =>
        {
            await Expect(page.Locator("h1")).ToHaveTextAsync("检疫许可证");
            await Expect(page.Locator("#waiting")).ToContainTextAsync("待审核");
        });

        // The register sorted by expiry, searched by tariff code and downloaded in that order, its columns in English.
        await officer.Locator("#q").FillAsync("0202");
        await officer.Locator("#sort").SelectOptionAsync(new SelectOptionValue { Label = "Expiring soonest first" });
        await officer.Locator("main form button.primary").ClickAsync();
        await Expect(officer).ToHaveURLAsync(new Regex("q=0202.*sort=expiry"));
        await Expect(officer.Locator("#waiting")).ToContainTextAsync("Waiting for review");
        var validity = await officer.Locator("[data-testid=lpcos] tbody tr td:nth-child(5)").AllInnerTextsAsync();
        Assert.Equal(validity.Select(v => v[^10..]).Order(StringComparer.Ordinal), validity.Select(v => v[^10..]));
        var csv = await BrowserFixture.DownloadCsvAsync(officer);
        Assert.Equal("Number,Kind,Status,Holder (USCC),HS code,Product description,Quantity issued,Quantity remaining,Unit,Valid from,Valid to,Last updated", csv[0]);
        Assert.Contains(csv, l => l.StartsWith("Application,Entry animal and plant quarantine permit,Applied,", StringComparison.Ordinal) && l.Contains(",0202", StringComparison.Ordinal));
        Assert.All(csv.Skip(1), l => Assert.Contains(",0202", l, StringComparison.Ordinal));
        var expiries = csv.Skip(1).Select(l => l.Split(',')[^2]).ToList();
        Assert.Equal(expiries.Order(StringComparer.Ordinal), expiries);

        await row.Locator("a").ClickAsync();
        await officer.WaitForURLAsync(new Regex(id + "$"));
        await officer.Locator("[data-testid=start-review] button").ClickAsync();
        await Expect(officer.Locator("[data-testid=status]")).ToHaveTextAsync("Under review");
        await Expect(officer.Locator("#done")).ToHaveTextAsync("The review has started.");
        await officer.Locator("[data-testid=issue] button").ClickAsync();
        await Expect(officer.Locator("[data-testid=status]")).ToHaveTextAsync("Issued");
        await Expect(officer.Locator("[data-testid=number]")).ToHaveTextAsync(new Regex("^MOA-QP-[0-9]{4}-[0-9]{6}$"));
        var number = await officer.Locator("[data-testid=number]").InnerTextAsync();
        await Expect(officer.Locator("tr[data-action=issued]")).ToContainTextAsync("moa.officer");
        await ShotsAsync(officer, "46-lpco-issued", async page =>
        {
            await Expect(page.Locator("[data-testid=status]")).ToHaveTextAsync("已签发");
            await Expect(page.Locator("tr[data-action=issued] td").Nth(2)).ToHaveTextAsync("签发");
        });

        // Suspending needs a reason: without one the message sits next to the reason, in the user's language.
        await officer.Locator("[data-testid=suspend] button").ClickAsync();
        await Expect(officer.Locator("#suspend-reason + .field-error")).ToHaveTextAsync("This field is required.");
        await Expect(officer.Locator("#suspend-reason")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(officer.Locator("[data-testid=status]")).ToHaveTextAsync("Issued");
        await BrowserFixture.AssertAccessibleAsync(officer);
        await BrowserFixture.ScreenshotAsync(officer, "47-lpco-suspend-error", "en");
        var officerZh = await MinistryNodes.SignInAsync(web, nodes.Moa, "zh-CN", "moa.officer", "demo-moa-2026");
        await officerZh.GotoAsync(path);
        await officerZh.Locator("[data-testid=suspend] button").ClickAsync();
        await Expect(officerZh.Locator("#suspend-reason + .field-error")).ToHaveTextAsync("此项为必填项。");
        await BrowserFixture.AssertAccessibleAsync(officerZh);
        await BrowserFixture.ScreenshotAsync(officerZh, "47-lpco-suspend-error", "zh-CN");
        await officerZh.Context.CloseAsync();

        await officer.Locator("#suspend-reason").FillAsync("Foot-and-mouth disease reported in the region of origin");
        await officer.Locator("[data-testid=suspend] button").ClickAsync();
        await Expect(officer.Locator("[data-testid=status]")).ToHaveTextAsync("Suspended");
        await Expect(officer.Locator("tr[data-action=suspended]")).ToContainTextAsync("Foot-and-mouth disease reported in the region of origin");
        await Expect(officer.Locator("tr[data-action=suspended]")).ToContainTextAsync("moa.officer");
        await Expect(officer.Locator("[data-testid=reinstate]")).ToHaveCountAsync(1);
        await ShotsAsync(officer, "48-lpco-suspended", async page =>
            await Expect(page.Locator("tr[data-action=suspended] td").Nth(2)).ToHaveTextAsync("暂停"));

        // The importer sees the suspension and its number, and has no officer's actions.
        await importer.GotoAsync(path);
        await Expect(importer.Locator("[data-testid=status]")).ToHaveTextAsync("Suspended");
        await Expect(importer.Locator("[data-testid=number]")).ToHaveTextAsync(number);
        await Expect(importer.Locator("[data-testid=reinstate]")).ToHaveCountAsync(0);
        await importer.Context.CloseAsync();
        await officer.Context.CloseAsync();
    }

    [Fact]
    public async Task The_MEP_officer_sees_the_waste_import_licences_and_none_of_the_MOA_permits()
    {
        var page = await MinistryNodes.SignInAsync(web, nodes.Mep, "en", "mep.officer", "demo-mep-2026");
        await page.GotoAsync("/lpcos");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Waste import licences");
        await Expect(page.Locator("[data-testid=lpcos]")).ToContainTextAsync("4707");
        await Expect(page.Locator("[data-testid=lpcos]")).ToContainTextAsync("MEP-WL-");
        await Expect(page.Locator("[data-testid=lpcos]")).Not.ToContainTextAsync("MOA-QP-");
        await ShotsAsync(page, "49-lpco-register-mep", async zh => await Expect(zh.Locator("h1")).ToHaveTextAsync("固体废物进口许可证"));

        // One licence, with its tonnage.
        await page.Locator("[data-testid=lpcos] tr", new() { HasText = "4707" }).First.Locator("a").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("Waste import licence");
        await Expect(page.Locator("[data-testid=issued]")).ToContainTextAsync("TNE");
        await ShotsAsync(page, "50-lpco-mep-licence");

        // The MOA register is not the MEP officer's: the MOA node does not let them in.
        var moa = await web.NewPageAsync(nodes.Moa, "en");
        await moa.GotoAsync("/sign-in");
        await moa.Locator("#userName").FillAsync("mep.officer");
        await moa.Locator("#password").FillAsync("demo-mep-2026");
        await moa.Locator("form button[type=submit]").ClickAsync();
        await Expect(moa.Locator("#sign-in-error")).ToBeVisibleAsync();
        await moa.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_declaration_whose_permit_issuer_is_down_says_it_waits_for_the_issuer_and_goes_on_when_it_answers()
    {
        // An issued MOA permit for the Ningbo demo importer, registered by the MOA officer.
        const string Importer = "913302000000DEM02M";
        var federation = nodes.Federation;
        var moa = await federation.SignInAsync(TestFederation.Moa, "moa.officer");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var number = "MOA-QP-B-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var registered = await moa.PostAsJsonAsync("/api/ministries/lpcos/registered", new
        {
            number, kind = "quarantine-permit", holderUscc = Importer, hsCode = "020230", productDescription = "Frozen bovine meat (browser test)", originCountry = "AU",
            quantity = 1000m, unit = "KGM", portsOfEntry = new[] { "CNNGB" }, validFrom = today.AddDays(-30), validTo = today.AddDays(300), status = "issued",
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

        // The importer's agent declares frozen beef citing it while the MOA node is down.
        var agent = await federation.SignInAsync(TestFederation.Aqsiq, "agent.ningbo");
        var lot = "BEEF-B-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var created = await agent.PostAsJsonAsync("/api/declarations", new
        {
            kind = "import", declarantUscc = Importer, consigneeUscc = Importer, transportMode = "1", transportMeans = "MAERSK KOWLOON / 318N", portOfLoading = "AUMEL",
            portOfEntry = "CNNGB", country = "AU", contractReference = "NBF-" + lot, invoiceReference = "AU-" + lot,
            documents = new[] { new { type = "quarantine-permit", number, issuer = "MOA" } },
            lines = new[]
            {
                new
                {
                    sequence = 1, hsCode = "0202300000", description = "Frozen boneless beef / 冷冻去骨牛肉", quantity = 200m, unit = "KGM", netWeightKg = 200m, grossWeightKg = 208m,
                    value = 1220m, currency = "USD", placeOfOrigin = "AU", lots = new[] { lot }, packaging = "frozen cartons",
                },
            },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await federation.StopNodeAsync(TestFederation.Moa);
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/declarations/{id}/submit", null)).StatusCode);
            var page = await MinistryNodes.SignInAsync(web, nodes.Aqsiq, "en", "agent.ningbo", "demo-agent-2026");
            await page.GotoAsync($"/declarations/{id}");
            await Expect(page.Locator("[data-testid=status]")).ToHaveTextAsync("Awaiting the issuer");
            await Expect(page.Locator("[data-testid=awaiting-issuer-explained]")).ToHaveTextAsync(
                "The authority that issued a permit or licence this declaration cites has not answered the check yet. The declaration waits, and goes on by itself as soon as the answer arrives; it is never accepted without it.");
            await Expect(page.Locator("[data-testid=awaiting-issuer-detail]")).ToContainTextAsync(number);
            await Expect(page.Locator("[data-testid=awaiting-issuer-detail]")).ToContainTextAsync("MOA");
            // One entry in the timeline for the wait, however often the node asked again meanwhile.
            await Expect(page.Locator("[data-stage=awaiting-issuer]")).ToHaveTextAsync("Awaiting the issuer");
            await ShotsAsync(page, "51-declaration-awaiting-issuer", async zh =>
            {
                await Expect(zh.Locator("[data-testid=status]")).ToHaveTextAsync("等待签发机关答复");
                await Expect(zh.Locator("[data-testid=awaiting-issuer-explained]")).ToHaveTextAsync("本申报所附许可证的签发机关尚未答复核验。申报将等待，答复到达后自动继续办理；未经签发机关答复，申报不会被受理。");
            });
            await page.Context.CloseAsync();
        }
        finally
        {
            await federation.StartNodeAsync(TestFederation.Moa, extra: MinistryNodes.Settings);
        }

        // MOA answers again: the retry checks the permit and the declaration goes on; the page says so.
        await TestFederation.WaitUntilAsync(async () =>
            (await agent.GetFromJsonAsync<JsonElement>($"/api/declarations/{id}")).GetProperty("status").GetString() is not ("awaiting-issuer" or "submitted"),
            "the declaration to go on once MOA answers", 60);
        var after = await MinistryNodes.SignInAsync(web, nodes.Aqsiq, "en", "agent.ningbo", "demo-agent-2026");
        await after.GotoAsync($"/declarations/{id}");
        await Expect(after.Locator("[data-testid=status]")).Not.ToHaveTextAsync("Awaiting the issuer");
        await Expect(after.Locator("[data-testid=awaiting-issuer]")).ToHaveCountAsync(0);
        await Expect(after.Locator("[data-stage=lpco-checked]")).ToHaveTextAsync("Checked at the issuer");
        await Expect(after.Locator("li", new() { Has = after.Locator("[data-stage=lpco-checked]") })).ToContainTextAsync(number);
        await ShotsAsync(after, "52-declaration-issuer-answered", async zh =>
            await Expect(zh.Locator("[data-stage=lpco-checked]")).ToHaveTextAsync("已向签发机关核验"));
        await after.Context.CloseAsync();
    }

    /// <summary>The application form on the MOA node (frozen beef from Australia through Ningbo); the caller submits it.</summary>
    private static async Task FillApplicationAsync(IPage page, string hs, string quantity, string validTo, string validFrom)
    {
        await page.Locator("#hsCode").FillAsync(hs);
        await page.Locator("#productDescription").FillAsync("Frozen boneless beef / 冷冻去骨牛肉");
        await page.Locator("#originCountry").FillAsync("AU");
        await page.Locator("#quantity").FillAsync(quantity);
        await page.Locator("#unit").FillAsync("KGM");
        await page.Locator("#portsOfEntry").FillAsync("CNNGB");
        await page.Locator("#validFrom").FillAsync(validFrom);
        await page.Locator("#validTo").FillAsync(validTo);
    }

    /// <summary>
    /// Screenshots and axe in both languages of a page a GET shows again (the language is a cookie, so a reload
    /// re-renders it); <paramref name="chinese"/> checks the Chinese rendering. The page ends in English.
    /// </summary>
    private static async Task ShotsAsync(IPage page, string name, Func<IPage, Task>? chinese = null)
    {
        foreach (var culture in Cultures)
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = Uri.EscapeDataString($"c={culture}|uic={culture}"), Url = new Uri(page.Url).GetLeftPart(UriPartial.Authority) }]);
            await page.GotoAsync(page.Url);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
            if (culture == "zh-CN" && chinese is not null)
            {
                await chinese(page);
            }

            await BrowserFixture.AssertAccessibleAsync(page);
            await BrowserFixture.ScreenshotAsync(page, name, culture);
        }
    }
}
