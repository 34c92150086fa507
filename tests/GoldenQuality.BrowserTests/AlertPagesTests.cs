using System.Text.RegularExpressions;
using GoldenQuality.BrowserTests.Infrastructure;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GoldenQuality.BrowserTests;

/// <summary>The national (coordinating) node, Customs and the Zhejiang BQS node (SQLite), for the alert pages; one federation per class.</summary>
public sealed class AlertNodes : IAsyncLifetime
{
    public TestFederation Federation { get; private set; } = null!;

    public Uri National => Federation[TestFederation.Aqsiq].Url;

    public Uri Customs => Federation[TestFederation.Customs].Url;

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
/// Rapid alerts in the browser: the Beilun port office raises one in the form (errors next to the fields first), the
/// coordinator validates it with the suggested recipients ticked, the Customs office sees it in its inbox on its own
/// node (the badge of the menu) and acknowledges it; zh-CN and en, every page axe-checked.
/// </summary>
[Collection("browser")]
public sealed class AlertPagesTests(BrowserFixture web, AlertNodes nodes) : IClassFixture<AlertNodes>
{
    [Fact]
    public async Task The_port_raises_the_coordinator_validates_and_customs_acknowledges_on_its_own_node()
    {
        // The port office raises an alert; the empty form names each field next to it.
        var port = await MinistryNodes.SignInAsync(web, nodes.National, "en", "ciq.ningbo.port", "demo-port-2026");
        await port.Locator("nav.menu").GetByRole(AriaRole.Link, new() { Name = "Alerts" }).ClickAsync();
        await port.GetByRole(AriaRole.Link, new() { Name = "Raise an alert" }).ClickAsync();
        await Expect(port.Locator("h1")).ToHaveTextAsync("Raise an alert");
        await port.Locator("[data-testid=raise]").ClickAsync();
        await Expect(port.Locator("#title + .field-error")).ToHaveTextAsync("This field is required.");
        await Expect(port.Locator("#product-hsCode")).ToHaveAttributeAsync("aria-invalid", "true");
        await BrowserFixture.AssertAccessibleAsync(port);
        await BrowserFixture.ScreenshotAsync(port, "a16-alert-raise-errors", "en");
        await port.Locator("#type").SelectOptionAsync("border-rejection");
        await port.Locator("#basis").SelectOptionAsync("border-control");
        await port.Locator("#risk").SelectOptionAsync("serious");
        await port.Locator("#title").FillAsync("Chloramphenicol in frozen shrimp (fictional browser test)");
        await port.Locator("#hazard-category").SelectOptionAsync("veterinary-drug-residue");
        await port.Locator("#hazard-agent").FillAsync("chloramphenicol");
        await port.Locator("#hazard-value").FillAsync("1.2");
        await port.Locator("#hazard-unit").FillAsync("ug/kg");
        await port.Locator("#product-hsCode").FillAsync("0306170000");
        await port.Locator("#product-description").FillAsync("Frozen shrimp");
        await port.Locator("#product-lots").FillAsync("LOT-B1, LOT-B2");
        await port.Locator("#enterprises-0-uscc").FillAsync("913302000000DEM02M");
        await port.Locator("#enterprises-0-name").FillAsync("Ningbo Demo Food");
        await port.Locator("#enterprises-0-role").SelectOptionAsync("importer");
        // The country is found by its name in the look-up, as on the declaration form.
        await port.Locator("#originCountry").PressSequentiallyAsync("viet", new() { Delay = 20 });
        var vietnam = port.Locator("#originCountry-options [role=option][data-code='VN']");
        await Expect(vietnam).ToContainTextAsync("Viet");
        await vietnam.ClickAsync();
        await Expect(port.Locator("#originCountry")).ToHaveValueAsync("VN");
        await port.Locator("#measuresTaken").FillAsync("Consignment refused entry.");
        await port.Locator("[data-testid=raise]").ClickAsync();
        await port.WaitForURLAsync(new Regex("/alerts/AL-CIQ-NB-BEILUN-[0-9]{8}-[0-9A-F]{6}$"));
        var path = new Uri(port.Url).AbsolutePath;
        await Expect(port.Locator("[data-testid=status]")).ToHaveTextAsync("Submitted");
        await Expect(port.Locator("[data-testid=limit]")).ToHaveTextAsync("no limit in the catalogue");
        await Expect(port.Locator("[data-testid=validate]")).ToHaveCountAsync(0);
        await BrowserFixture.InBothLanguagesAsync(port, "a16-alert-submitted", chinese: async page =>
        {
            await Expect(page.Locator("[data-testid=status]")).ToHaveTextAsync("已提交");
            await Expect(page.Locator("[data-testid=limit]")).ToHaveTextAsync("标准目录中无限量");
        });

        // The coordinator (in Chinese) validates it: the suggested recipients hosted by a node are ticked.
        var coordinator = await MinistryNodes.SignInAsync(web, nodes.National, "zh-CN", "alerts.coordinator", "demo-alerts-2026");
        await coordinator.GotoAsync("/alerts");
        await Expect(coordinator.Locator("[data-testid=alert-badge]")).ToBeVisibleAsync();
        await Expect(coordinator.Locator($"[data-testid=inbox] li[data-kind=validate][data-number='{path[8..]}']")).ToContainTextAsync("待审核");
        await coordinator.GotoAsync(path);
        await Expect(coordinator.Locator("#recipient-CUSTOMS-NB")).ToBeCheckedAsync();
        await Expect(coordinator.Locator("#recipient-BQS-ZJ")).ToBeCheckedAsync();
        await Expect(coordinator.Locator("#recipient-MOA")).Not.ToBeCheckedAsync();
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "a16-alert-validate", "zh-CN");
        await coordinator.Locator("[data-testid=validate] button").ClickAsync();
        await Expect(coordinator.Locator("[data-testid=done]")).ToHaveTextAsync("预警已审核并分发。");
        await Expect(coordinator.Locator("[data-testid=status]")).ToHaveTextAsync("已审核并分发");
        await Expect(coordinator.Locator("[data-testid=recipients] tr[data-office=CUSTOMS-NB]")).ToContainTextAsync("等待中");

        // Customs, on its own node, finds it in its inbox and acknowledges it.
        var customs = await MinistryNodes.SignInAsync(web, nodes.Customs, "en", "customs.ningbo", "demo-customs-2026");
        await TestFederation.WaitUntilAsync(async () =>
        {
            await customs.GotoAsync("/alerts");
            return await customs.Locator($"[data-testid=inbox] li[data-kind=acknowledge][data-number='{path[8..]}']").CountAsync() == 1;
        }, "the alert in the Customs inbox");
        await Expect(customs.Locator("[data-testid=alert-badge]")).ToHaveTextAsync("2");
        await BrowserFixture.InBothLanguagesAsync(customs, "a16-alert-customs-inbox", chinese: async page => await Expect(page.Locator("[data-testid=inbox]")).ToContainTextAsync("待确认"),
            english: async page => await Expect(page.Locator("[data-testid=inbox]")).ToContainTextAsync("Acknowledge"));
        await customs.GotoAsync(path);
        await customs.Locator("#acknowledge-note").FillAsync("Received; checking the importer's other consignments.");
        await customs.Locator("[data-testid=acknowledge] button").ClickAsync();
        await Expect(customs.Locator("[data-testid=done]")).ToHaveTextAsync("Receipt acknowledged; the coordinator is told.");
        await Expect(customs.Locator("[data-testid=recipients] tr[data-office=CUSTOMS-NB]")).ToContainTextAsync("acknowledged");
        await Expect(customs.Locator("[data-testid=acknowledge]")).ToHaveCountAsync(0);
        await BrowserFixture.InBothLanguagesAsync(customs, "a16-alert-acknowledged", chinese: async page => await Expect(page.Locator("[data-testid=recipients] tr[data-office=CUSTOMS-NB]")).ToContainTextAsync("已确认"));

        // The coordinator's list sorts by number and downloads as CSV, in Chinese, in the order chosen.
        await coordinator.GotoAsync("/alerts");
        await coordinator.Locator("#sort").SelectOptionAsync(new SelectOptionValue { Label = "按通报编号" });
        await coordinator.Locator("main form button.primary").ClickAsync();
        await Expect(coordinator).ToHaveURLAsync(new Regex("sort=number"));
        var numbers = await coordinator.Locator("[data-testid=alerts] tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.number)");
        Assert.Equal(numbers.Order(StringComparer.Ordinal), numbers);
        var csv = await BrowserFixture.DownloadCsvAsync(coordinator);
        Assert.Equal("编号,通报类型,风险判定,标题,HS 编码,状态,提出机构,提出时间,时限,接收机构数,已答复", csv[0]);
        Assert.Equal(numbers, csv.Skip(1).Select(l => l.Split(',')[0]).Take(numbers.Length));
        Assert.Contains(csv, l => l.StartsWith(path[8..] + ",", StringComparison.Ordinal) && l.Contains("已审核并分发", StringComparison.Ordinal));

        await port.Context.CloseAsync();
        await coordinator.Context.CloseAsync();
        await customs.Context.CloseAsync();
    }
}
