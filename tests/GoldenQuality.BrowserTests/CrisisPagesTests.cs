using System.Globalization;
using System.Text.RegularExpressions;
using GoldenQuality.Alerts;
using GoldenQuality.Alerts.Contracts;
using GoldenQuality.BrowserTests.Infrastructure;
using GoldenQuality.Common;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GoldenQuality.BrowserTests;

/// <summary>The national node (hosting the coordinating office) and the Customs node (SQLite), with one validated alert seeded on the national node.</summary>
public sealed class CrisisNodes : IAsyncLifetime
{
    public TestFederation Federation { get; private set; } = null!;

    public Uri National => Federation[TestFederation.Aqsiq].Url;

    public Uri Customs => Federation[TestFederation.Customs].Url;

    public string Alert { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Federation = await TestFederation.StartAsync(DatabaseProvider.Sqlite);
        var now = DateTimeOffset.UtcNow;
        Alert = "AL-CIQ-NB-BEILUN-" + now.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-BROWSER1";
        AlertRecipient Recipient(string office) => new($"{TestFederation.Aqsiq}/{office}", office, now.AddHours(24), now.AddHours(48));
        var wire = new AlertNotification(Alert, "border-rejection", "border-control", "validated", "虾仁检出氯霉素（浏览器测试）",
            new AlertHazard("veterinary-drug-residue", "chloramphenicol", 0.5m, "µg/kg", "not detectable", "GB 31650-2019"),
            new AlertProduct("030617", "Frozen shrimp (test)", null, ["LOT-1"]), [new AlertEnterprise("913302000000DEM02M", "Ningbo Demo Food (demo)", "importer")],
            "VN", [], "serious", "consignment rejected", [], "CIQ-NB-BEILUN", TestFederation.Aqsiq, "ciq.ningbo.port", now.AddHours(-1), "alerts.coordinator", now.AddMinutes(-30),
            [Recipient("CUSTOMS-NB"), Recipient("CIQ-NB")]);
        await using var scope = Federation[TestFederation.Aqsiq].Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
        var row = AlertNotificationRow.From(Guid.CreateVersion7(), wire, AlertRole.Coordinator, now);
        db.Add(row);
        var customs = AlertRecipientRow.Create(Guid.CreateVersion7(), row.Id, wire.Recipients[0], now.AddMinutes(-30));
        customs.Acknowledged(now.AddMinutes(-20));
        db.Add(customs);
        db.Add(AlertRecipientRow.Create(Guid.CreateVersion7(), row.Id, wire.Recipients[1], now.AddMinutes(-30)));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        if (Federation is not null)
        {
            await Federation.DisposeAsync();
        }
    }
}

/// <summary>
/// Crisis mode in the browser: the coordinator opens a crisis for the alert with Customs and the Ningbo CIQ bureau,
/// assigns an action to Customs and reads the board (team, actions, who has responded, timeline, daily summary); the
/// Ningbo Customs officer reports it done on the Customs node; the board shows it. zh-CN and en, every page axe-checked.
/// </summary>
[Collection("browser")]
public sealed class CrisisPagesTests(BrowserFixture web, CrisisNodes nodes) : IClassFixture<CrisisNodes>
{
    [Fact]
    public async Task The_coordinator_opens_a_crisis_assigns_an_action_and_customs_reports_it_done()
    {
        var coordinator = await MinistryNodes.SignInAsync(web, nodes.National, "zh-CN", "alerts.coordinator", "demo-alerts-2026");
        await coordinator.Locator("nav.menu").GetByRole(AriaRole.Link, new() { Name = "危机协调" }).ClickAsync();
        await Expect(coordinator.Locator("h1")).ToHaveTextAsync("危机协调");

        // A form without title, alerts or team: each message next to its field.
        await coordinator.Locator("[data-testid=open]").ClickAsync();
        await Expect(coordinator.Locator("#problem")).ToHaveTextAsync("请更正下列标出的字段。");
        await Expect(coordinator.Locator("#title")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(coordinator.Locator("#title-error")).ToHaveTextAsync("此项为必填项。");
        await Expect(coordinator.Locator("#members-error")).ToHaveTextAsync("工作组至少需要一个机构。");
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "90-crisis-open-errors", "zh-CN");

        await coordinator.Locator("#title").FillAsync("进口虾仁氯霉素事件（浏览器测试）");
        await coordinator.Locator("#summary").FillAsync("跨部门工作组追查并扣留该进口商的虾仁。");
        await coordinator.Locator("#alerts").FillAsync(nodes.Alert);
        await coordinator.Locator("#member-office-0").FillAsync("CUSTOMS-NB");
        await coordinator.Locator("#member-office-1").FillAsync("CIQ-NB");
        await coordinator.Locator("#member-role-1").SelectOptionAsync("lead-agency");
        await coordinator.Locator("[data-testid=open]").ClickAsync();
        await coordinator.WaitForURLAsync(new Regex("/crises/CR-[0-9]{4}-[0-9]{4}$"));
        var number = await coordinator.Locator("[data-testid=number]").InnerTextAsync();
        await Expect(coordinator.Locator("h1")).ToContainTextAsync("危机看板");
        await Expect(coordinator.Locator("[data-testid=status]")).ToHaveTextAsync("进行中");
        await Expect(coordinator.Locator("[data-testid=team] tr[data-office=CIQ-NB]")).ToContainTextAsync("牵头机构");
        await Expect(coordinator.Locator("[data-testid=no-actions]")).ToHaveTextAsync("尚未分派行动。");

        // Assign an action to Ningbo Customs, due tomorrow (China time).
        var due = ChinaTime.Of(DateTimeOffset.UtcNow.AddDays(1)).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        await coordinator.Locator("#assign-title").FillAsync("扣留该进口商所有虾仁报关单");
        await coordinator.Locator("#assign-ownerOffice").SelectOptionAsync("CUSTOMS-NB");
        await coordinator.Locator("#assign-due").FillAsync(due);
        await coordinator.Locator("#assign-alert").SelectOptionAsync(nodes.Alert);
        await coordinator.Locator("[data-testid=assign-submit]").ClickAsync();
        await Expect(coordinator.Locator("#done")).ToHaveTextAsync("行动已分派。");
        var action = coordinator.Locator("[data-testid=actions] tr[data-action]");
        await Expect(action).ToContainTextAsync("扣留该进口商所有虾仁报关单");
        await Expect(action.Locator("td").Nth(3)).ToHaveTextAsync("未开始");
        var grid = coordinator.Locator($"[data-testid=responses][data-alert='{nodes.Alert}']");
        await Expect(grid.Locator("tr[data-office=CUSTOMS-NB] td").First).ToHaveTextAsync("已确认收到，未答复");
        await Expect(grid.Locator("tr[data-office=CIQ-NB] td").First).ToHaveTextAsync("未回应");
        await Expect(coordinator.Locator("[data-testid=timeline] li[data-kind=action-assigned]")).ToContainTextAsync("分派行动");
        await Expect(coordinator.Locator("[data-testid=summary-text]")).ToContainTextAsync("未完成的行动: 1");
        await BrowserFixture.InBothLanguagesAsync(coordinator, "91-crisis-board", english: async page =>
        {
            await Expect(page.Locator("[data-testid=status]")).ToHaveTextAsync("Open");
            await Expect(page.Locator("[data-testid=actions] tr[data-action] td").Nth(3)).ToHaveTextAsync("Not started");
            await Expect(page.Locator($"[data-testid=responses][data-alert='{nodes.Alert}'] tr[data-office=CIQ-NB] td").First).ToHaveTextAsync("Silent");
            await Expect(page.Locator("[data-testid=summary-text]")).ToContainTextAsync("Open actions: 1");
        });

        // The Ningbo Customs officer finds it on the Customs node and reports it done.
        var customs = await MinistryNodes.SignInAsync(web, nodes.Customs, "en", "customs.ningbo", "demo-customs-2026");
        await TestFederation.WaitUntilAsync(async () =>
        {
            await customs.ReloadAsync();
            return await customs.Locator("[data-testid=crisis-actions-count]").CountAsync() > 0;
        }, "the crisis action on the Customs node");
        await Expect(customs.Locator("[data-testid=crisis-actions-count]")).ToHaveTextAsync("1");
        await customs.Locator("nav.menu").GetByRole(AriaRole.Link, new() { Name = "Crisis actions" }).ClickAsync();
        await Expect(customs.Locator("h1")).ToHaveTextAsync("Crisis actions");
        var card = customs.Locator("section[data-action]");
        await Expect(card.Locator("h2")).ToHaveTextAsync("扣留该进口商所有虾仁报关单");
        await Expect(card.Locator("[data-testid=status]")).ToHaveTextAsync("Not started");
        await Expect(card).ToContainTextAsync(number);
        await BrowserFixture.InBothLanguagesAsync(customs, "92-crisis-actions", chinese: async page => await Expect(page.Locator("h1")).ToHaveTextAsync("危机行动"));
        await card.Locator("select").SelectOptionAsync("done");
        await card.Locator("textarea").FillAsync("Two declarations of the importer held at Beilun (browser test)");
        await card.Locator("button").ClickAsync();
        await Expect(customs.Locator("#done")).ToHaveTextAsync("Your report is recorded.");
        await Expect(customs.Locator("section[data-action] [data-testid=status]")).ToHaveTextAsync("Done");
        await BrowserFixture.AssertAccessibleAsync(customs);
        await BrowserFixture.ScreenshotAsync(customs, "93-crisis-action-reported", "en");

        // The coordinator's board shows it done, with the report.
        await TestFederation.WaitUntilAsync(async () =>
        {
            await coordinator.ReloadAsync();
            return await coordinator.Locator("[data-testid=actions] tr[data-action]").GetAttributeAsync("data-status") == "done";
        }, "the report on the coordinator's board");
        await Expect(coordinator.Locator("[data-testid=actions] tr[data-action]")).ToContainTextAsync("Two declarations of the importer held at Beilun (browser test)");
        await BrowserFixture.InBothLanguagesAsync(coordinator, "94-crisis-board-done", chinese: async page =>
        {
            await Expect(page.Locator("[data-testid=actions] tr[data-action] td").Nth(3)).ToHaveTextAsync("已完成");
            await Expect(page.Locator("[data-testid=timeline] li[data-kind=action-reported]")).ToContainTextAsync("行动报告");
            await Expect(page.Locator("[data-testid=summary-text]")).ToContainTextAsync("当日完成的行动: 1");
        });
        await coordinator.GotoAsync("/crises");
        await Expect(coordinator.Locator($"[data-testid=crises] tr[data-number='{number}']")).ToContainTextAsync("进口虾仁氯霉素事件（浏览器测试）");
        await BrowserFixture.InBothLanguagesAsync(coordinator, "95-crisis-list", english: async page => await Expect(page.Locator("h1")).ToHaveTextAsync("Crises"));
        await customs.Context.CloseAsync();
        await coordinator.Context.CloseAsync();
    }
}
