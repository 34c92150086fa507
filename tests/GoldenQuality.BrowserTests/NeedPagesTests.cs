using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using GoldenQuality.BrowserTests.Infrastructure;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GoldenQuality.BrowserTests;

/// <summary>
/// The information-need screens (issue 17) in the browser, on a federation with the ministry nodes: the MEP officer
/// files a need on the MEP node (first with bad input: the field messages), the AQSIQ provider comments on the
/// national node, the coordinator approves it with the agreement's steps, and after the directory's next signing the
/// leader reads the agreement and that the directory in force has it — each in zh-CN and in English, with axe.
/// </summary>
[Collection("browser")]
public sealed class NeedPagesTests(BrowserFixture web, MinistryNodes nodes) : IClassFixture<MinistryNodes>
{
    private static bool En(string culture) => culture == "en";

    /// <summary>Fills the need form but for its consumers and deadline.</summary>
    private static async Task FillNeedAsync(IPage page, string title)
    {
        await page.Locator("#providerAgency").SelectOptionAsync("GQ/GOV/AQSIQ");
        await page.Locator("#title").FillAsync(title);
        await page.Locator("#description").FillAsync("The result of every import inspection of waste imports under a waste import licence.");
        await page.Locator("#messageTypes").SelectOptionAsync("declarations.import-inspection.completed");
        await page.Locator("#purpose").FillAsync("Supervision of waste import licences: a failed inspection suspends the licence.");
        await page.Locator("#regulation").FillAsync("Solid Waste Pollution Prevention Law");
        await page.Locator("#article").FillAsync("Art. 25");
        await page.Locator("#fields").FillAsync("declarationNumber, result, licenceNumber");
        await page.Locator("#frequency").SelectOptionAsync("per-event");
    }

    private static string L(string culture, string en, string zh) => En(culture) ? en : zh;

    /// <summary>Opens the need on a node, reloading until it has arrived there in <paramref name="state"/> (the messages travel between nodes).</summary>
    private static async Task OpenWhenAsync(IPage page, string number, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await page.GotoAsync("/needs/" + number);
            var badge = page.Locator("[data-testid=state]");
            if (await badge.CountAsync() == 1 && await badge.GetAttributeAsync("data-state") == state)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"need {number} did not reach state {state} on {page.Url}");
            await Task.Delay(250);
        }
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task Requester_files_provider_comments_coordinator_approves_with_steps_and_the_leader_reads_the_agreement_in_the_directory(string culture)
    {
        var title = "Waste import inspection results " + culture + " " + Guid.NewGuid().ToString("N")[..6];
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

        // The requester: the menu leads to the needs; the form refuses bad input with messages next to the fields, and saves nothing.
        var mep = await MinistryNodes.SignInAsync(web, nodes.Mep, culture, "mep.officer", "demo-mep-2026");
        await mep.Locator("nav.menu").GetByRole(AriaRole.Link, new() { Name = L(culture, "Information needs", "信息需求") }).ClickAsync();
        await Expect(mep.Locator("h1")).ToHaveTextAsync(L(culture, "Information needs", "信息需求"));
        await mep.GetByRole(AriaRole.Link, new() { Name = L(culture, "File an information need", "提出信息需求") }).ClickAsync();
        await Expect(mep.Locator("h1")).ToHaveTextAsync(L(culture, "File an information need", "提出信息需求"));
        await Expect(mep.Locator("label[for=providerAgency]")).ToHaveTextAsync(L(culture, "Provider agency", "数据提供机构"));
        await FillNeedAsync(mep, title);
        await mep.Locator("[data-testid=file]").ClickAsync();
        await Expect(mep.Locator("#error-summary")).ToBeVisibleAsync();
        await Expect(mep.Locator("#consumers-error")).ToHaveTextAsync(L(culture, "must have at least one item", "至少需要一项"));
        await Expect(mep.Locator("#deadline-error")).ToHaveTextAsync(L(culture, "This field is required.", "此项为必填项。"));
        await Expect(mep.Locator("#title")).ToHaveValueAsync(title);
        await Expect(mep.Locator("#messageTypes")).ToHaveValuesAsync(["declarations.import-inspection.completed"]);
        await BrowserFixture.AssertAccessibleAsync(mep);
        await BrowserFixture.ScreenshotAsync(mep, "90-need-new-errors", culture);
        await mep.GotoAsync("/needs");
        await Expect(mep.Locator("main")).Not.ToContainTextAsync(title);

        await mep.GotoAsync("/needs/new");
        await FillNeedAsync(mep, title);
        await mep.Locator("input[name=consumers][value='GQ/GOV/MEP']").CheckAsync();
        await mep.Locator("#deadline").FillAsync(today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await mep.Locator("[data-testid=file]").ClickAsync();
        await mep.WaitForURLAsync(new Regex("/needs/IN-MEP-", RegexOptions.CultureInvariant));
        var number = Uri.UnescapeDataString(new Uri(mep.Url).AbsolutePath["/needs/".Length..]);
        Assert.Matches("^IN-MEP-GATEWAY-[0-9]{4}-[0-9]{4}$", number);
        await Expect(mep.Locator("h1")).ToContainTextAsync(number);
        await Expect(mep.Locator("[data-testid=state]")).ToHaveTextAsync(L(culture, "Filed", "已提出"));
        await Expect(mep.Locator("[data-testid=provider]")).ToHaveTextAsync(L(culture, "AQSIQ", "国家质检总局"));
        await Expect(mep.Locator("[data-testid=timeline] li[data-kind=filed]")).ToContainTextAsync("mep.officer");
        await Expect(mep.Locator("[data-testid=withdraw-form]")).ToBeVisibleAsync();
        await Expect(mep.Locator("[data-testid=comment-form]")).ToHaveCountAsync(0);
        await Expect(mep.Locator("[data-testid=approve-form]")).ToHaveCountAsync(0);
        await BrowserFixture.AssertAccessibleAsync(mep);
        await BrowserFixture.ScreenshotAsync(mep, "91-need-filed-requester", culture);

        // The provider, on the national node: the need addressed to AQSIQ, with the comment form and no decision form.
        var provider = await MinistryNodes.SignInAsync(web, nodes.Aqsiq, culture, "ciq.zhejiang", "demo-ciq-2026");
        await OpenWhenAsync(provider, number, "filed");
        await Expect(provider.Locator("[data-testid=requester]")).ToContainTextAsync(L(culture, "Ministry of Environmental Protection", "环境保护部"));
        await Expect(provider.Locator("[data-testid=approve-form]")).ToHaveCountAsync(0);
        await Expect(provider.Locator("[data-testid=withdraw-form]")).ToHaveCountAsync(0);
        await provider.Locator("[data-testid=comment]").ClickAsync();
        await Expect(provider.Locator("#text-error")).ToHaveTextAsync(L(culture, "This field is required.", "此项为必填项。"));
        await provider.Locator("#text").FillAsync("We can send the result per declaration; the licence number is on the declaration.");
        await provider.Locator("[data-testid=comment]").ClickAsync();
        await Expect(provider.Locator("[data-testid=state]")).ToHaveTextAsync(L(culture, "Commented", "提供方已答复"));
        await Expect(provider.Locator("[data-testid=timeline] li[data-kind=comment]")).ToContainTextAsync("ciq.zhejiang (CIQ-ZJ): We can send the result per declaration");
        await BrowserFixture.AssertAccessibleAsync(provider);
        await BrowserFixture.ScreenshotAsync(provider, "92-need-commented-provider", culture);

        // The coordinator: a step with a bad deadline gets its message in its cell; then the approval with two steps.
        var coordinator = await MinistryNodes.SignInAsync(web, nodes.Aqsiq, culture, "coordinator", "demo-coordinator-2026");
        await OpenWhenAsync(coordinator, number, "commented");
        await Expect(coordinator.Locator("[data-testid=comment-form]")).ToHaveCountAsync(0);
        await Expect(coordinator.Locator("[data-testid=step-rows] caption")).ToHaveTextAsync(L(culture, "Steps, accountable agencies and deadlines", "环节、责任机构及时限"));
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "93-need-decide-coordinator", culture);
        await coordinator.Locator("#agreement-steps-0-step").FillAsync("deliver");
        await coordinator.Locator("#agreement-steps-0-accountable").SelectOptionAsync("GQ/GOV/AQSIQ");
        await coordinator.Locator("#agreement-steps-0-responseDeadline").FillAsync("4 hours");
        await coordinator.Locator("#agreement-steps-1-step").FillAsync("acknowledge");
        await coordinator.Locator("#agreement-steps-1-accountable").SelectOptionAsync("GQ/GOV/MEP");
        await coordinator.Locator("#agreement-steps-1-responseDeadline").FillAsync("P2D");
        await coordinator.Locator("#agreement-sensitivity").SelectOptionAsync("internal");
        await coordinator.Locator("#agreement-validTo").FillAsync(today.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await coordinator.Locator("[data-testid=approve]").ClickAsync();
        await Expect(coordinator.Locator("#agreement-steps-0-responseDeadline-error")).ToContainTextAsync("ISO 8601");
        await Expect(coordinator.Locator("#agreement-steps-1-responseDeadline-error")).ToHaveCountAsync(0);
        await Expect(coordinator.Locator("[data-testid=state]")).ToHaveTextAsync(L(culture, "Commented", "提供方已答复"));
        await Expect(coordinator.Locator("#agreement-steps-1-step")).ToHaveValueAsync("acknowledge");
        await coordinator.Locator("#agreement-steps-0-responseDeadline").FillAsync("PT4H");
        await coordinator.Locator("[data-testid=approve]").ClickAsync();
        await Expect(coordinator.Locator("[data-testid=state]")).ToHaveTextAsync(L(culture, "Approved", "已批准"));
        var agreementId = (await coordinator.Locator("[data-testid=agreement-id]").TextContentAsync())!;
        Assert.Matches("^AGR-[0-9]{4}-[0-9]{4}$", agreementId);
        await Expect(coordinator.Locator("[data-testid=in-directory]")).ToContainTextAsync(L(culture, "does not have this agreement yet", "尚未包含该协议"));
        await Expect(coordinator.Locator("[data-testid=approve-form]")).ToHaveCountAsync(0);
        await Expect(coordinator.Locator("[data-testid=refuse-form]")).ToHaveCountAsync(0);
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "94-need-approved-coordinator", culture);

        // The requester reads the decision on its own node.
        await OpenWhenAsync(mep, number, "approved");
        await Expect(mep.Locator("[data-testid=agreement-id]")).ToHaveTextAsync(agreementId);
        await Expect(mep.Locator("[data-testid=withdraw-form]")).ToHaveCountAsync(0);

        // The directory's next signing (the authority's administrator), then the leader reads the agreement in force.
        var admin = await nodes.Federation.SignInAsync(TestFederation.Aqsiq, "admin");
        var signed = await admin.PostAsync("/api/exchange/directory/sign", null);
        Assert.True(signed.StatusCode == HttpStatusCode.OK, await signed.Content.ReadAsStringAsync());

        var version = System.Text.Json.JsonDocument.Parse(await signed.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt64();
        var leader = await MinistryNodes.SignInAsync(web, nodes.Aqsiq, culture, "leader", "demo-leader-2026");
        await leader.Locator("nav.menu").GetByRole(AriaRole.Link, new() { Name = L(culture, "Information needs", "信息需求") }).ClickAsync();
        var row = leader.Locator($"[data-testid=needs] tr[data-number='{number}']");
        await Expect(row).ToContainTextAsync(title);
        await Expect(row).ToContainTextAsync(agreementId);
        await Expect(row.Locator("[data-state]")).ToHaveTextAsync(L(culture, "Approved", "已批准"));
        await BrowserFixture.AssertAccessibleAsync(leader);
        await BrowserFixture.ScreenshotAsync(leader, "95-needs-leader", culture);
        await row.Locator("a").ClickAsync();
        await Expect(leader.Locator("[data-testid=agreement-id]")).ToHaveTextAsync(agreementId);
        await Expect(leader.Locator("[data-testid=in-directory]")).ToHaveTextAsync(string.Format(CultureInfo.InvariantCulture,
            L(culture, "The federation directory in force (version {0}) has this agreement.", "现行联盟目录（第 {0} 版）已包含该协议。"), version));
        await Expect(leader.Locator("[data-testid=agreement-steps] tr[data-step=acknowledge]")).ToContainTextAsync(L(culture, "Ministry of Environmental Protection", "环境保护部"));
        await Expect(leader.Locator("[data-testid=agreement-steps] tr[data-step=acknowledge]")).ToContainTextAsync(L(culture, "P2D (2 days)", "P2D (2 天)"));
        await Expect(leader.Locator("[data-testid=sensitivity]")).ToHaveTextAsync(L(culture, "Internal", "内部"));
        await Expect(leader.Locator("[data-testid=timeline] li[data-kind=approved]")).ToContainTextAsync("coordinator");
        await Expect(leader.Locator("form[data-testid]")).ToHaveCountAsync(0);
        await BrowserFixture.AssertAccessibleAsync(leader);
        await BrowserFixture.ScreenshotAsync(leader, "96-need-approved-leader", culture);

        foreach (var page in new[] { mep, provider, coordinator, leader })
        {
            await page.Context.CloseAsync();
        }
    }
}
