using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.BrowserTests.Infrastructure;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GoldenQuality.BrowserTests;

/// <summary>
/// The provider page (issue 17) of the central bank and the Ministry of Agriculture, after real uses of their data on the
/// AQSIQ node: the credit class of two declarations sent them to inspection, and the quarantine permit of an import was
/// checked at acceptance. Each officer reads, in Chinese and English, what their data led to, who queried it under which
/// agreement, and the latest feedback; axe-checked, screenshots saved.
/// </summary>
[Collection("browser")]
public sealed class ProviderPageTests(BrowserFixture web)
{
    private const string Tea = "913301000000DEM01D";
    private const string Agent = "913302000000DEM02M";

    /// <summary>Deterministic risk: no random sample, and any risk points send a declaration to physical inspection.</summary>
    private static Dictionary<string, string?> RiskSettings => new()
    {
        ["Declarations:Risk:RandomSampleRate"] = "0",
        ["Declarations:Risk:DocumentCheckBelow"] = "1",
        ["Declarations:Risk:PhysicalInspectionBelow"] = "1000",
    };

    [Fact]
    public async Task The_central_bank_and_the_ministry_of_agriculture_read_what_their_data_led_to_in_both_languages()
    {
        await using var federation = await TestFederation.StartAsync(DatabaseProvider.Sqlite, settings: RiskSettings, ministries: true, only: [TestFederation.Moa, TestFederation.Pbc]);

        // Before any use: the page says so in words, not with an empty table.
        var empty = await SignedInPageAsync(federation[TestFederation.Pbc].Url, "en", "pbc.officer");
        await empty.GotoAsync("/provider");
        await Expect(empty.Locator("[data-testid=provider-outcomes] .notice")).ToHaveTextAsync("No consumer reported a use of your data in this period.");
        await Expect(empty.Locator("[data-testid=provider-latest]")).ToHaveCountAsync(0);

        // The date fields show the window the page covers: this month, in China.
        var china = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var first = new DateOnly(china.Year, china.Month, 1);
        await Expect(empty.Locator("#from")).ToHaveValueAsync(first.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(empty.Locator("#to")).ToHaveValueAsync(first.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await BrowserFixture.AssertAccessibleAsync(empty);
        await BrowserFixture.ScreenshotAsync(empty, "70-provider-empty", "en");

        // The uses, on the AQSIQ node: an export of tea and an import of shrimp whose credit classes (PBC) entered the risk
        // decision and sent them to inspection; the import's quarantine permit (MOA) was checked at acceptance.
        using var moa = await federation.SignInAsync(TestFederation.Moa, "moa.officer");
        using var exporter = await federation.SignInAsync(TestFederation.Aqsiq, "exporter.hangzhou");
        using var importer = await federation.SignInAsync(TestFederation.Aqsiq, "agent.ningbo");
        var permit = await ShrimpPermitAsync(moa);
        var tea = await DeclareAsync(exporter, Export(NewLot("TEA-PP")));
        var shrimp = await DeclareAsync(importer, Import(NewLot("SHR-PP"), permit));

        using var bank = await federation.SignInAsync(TestFederation.Pbc, "pbc.officer");
        await TestFederation.WaitUntilAsync(async () => await FeedbackCountAsync(bank) == 2, "two credit-record feedback at the central bank");
        await TestFederation.WaitUntilAsync(async () => await FeedbackCountAsync(moa) == 1, "the permit's feedback at the Ministry of Agriculture");

        // The central bank's officer, in both languages (one sign-in; the language by the culture cookie).
        var page = empty;
        foreach (var culture in Cultures)
        {
            var en = culture == "en";
            await SetCultureAsync(page.Context, federation[TestFederation.Pbc].Url, culture);
            await page.GotoAsync("/");
            await page.GetByRole(AriaRole.Navigation, new() { Name = en ? "Main menu" : "主菜单" }).GetByRole(AriaRole.Link, new() { Name = en ? "Provider page" : "数据提供方页面" }).ClickAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(en ? "What we provided and what came of it" : "我方提供的数据及其用途");
            await Expect(page.Locator("[data-testid=provider-sentences] li")).ToHaveTextAsync(en
                ? "Your credit records led to 2 physical inspections this month."
                : "您的信用记录本月促成 2 次查验。");
            var outcome = page.Locator("[data-testid=provider-outcome-table] tbody tr");
            await Expect(outcome).ToHaveCountAsync(1);
            await Expect(outcome.Locator("td")).ToHaveTextAsync([en ? "AQSIQ" : "国家质检总局", en ? "Credit record" : "信用记录", en ? "Physical inspection ordered" : "已安排查验", "2"]);

            // Who queried what, under which agreement and purpose: AQSIQ queried the credit classes under T-16.
            var shared = page.Locator("[data-testid=provider-shared] tbody tr", new() { HasText = "T-16" });
            await Expect(shared).ToHaveCountAsync(1);
            await Expect(shared.Locator("td")).ToHaveTextAsync([en ? "AQSIQ" : "国家质检总局", en ? "Queried: Credit record (credit-record)" : "查询：信用记录（credit-record）", "T-16", "tests", "2"]);

            // The latest feedback: one row per declaration, naming the office that used it and the enterprise's record.
            var latest = page.Locator("[data-testid=provider-latest] tbody tr");
            await Expect(latest).ToHaveCountAsync(2);
            var teaRow = latest.Filter(new() { HasText = tea });
            await Expect(teaRow).ToContainTextAsync(Tea);
            await Expect(teaRow).ToContainTextAsync(en ? "Physical inspection ordered" : "已安排查验");
            await Expect(teaRow).ToContainTextAsync(en ? "CST (UTC+8)" : "北京时间");
            await Expect(latest.Filter(new() { HasText = shrimp })).ToContainTextAsync(Agent);
            await BrowserFixture.AssertAccessibleAsync(page);
            await BrowserFixture.ScreenshotAsync(page, "70-provider-pbc", culture);

            // A past month: the sentences say "in this period", and here nothing was reported.
            await page.Locator("#from").FillAsync("2025-01-01");
            await page.Locator("#to").FillAsync("2025-01-31");
            await page.GetByRole(AriaRole.Button, new() { Name = en ? "Show" : "查看" }).ClickAsync();
            await Expect(page.Locator("[data-testid=provider-outcomes] h2")).ToContainTextAsync("2025-01-01");
            await Expect(page.Locator("[data-testid=provider-outcomes] h2")).ToContainTextAsync("2025-01-31");
            await Expect(page.Locator("[data-testid=provider-outcomes] .notice")).ToHaveTextAsync(en
                ? "No consumer reported a use of your data in this period."
                : "本期间没有使用方反馈对本机构数据的使用。");
            await Expect(page.Locator("[data-testid=provider-shared] .notice")).ToHaveTextAsync(en
                ? "No other agency received or queried your data in this period."
                : "本期间没有其他机构接收或查询本机构的数据。");

            // A backwards period: the field says why.
            await page.Locator("#from").FillAsync("2026-11-10");
            await page.Locator("#to").FillAsync("2026-11-01");
            await page.GetByRole(AriaRole.Button, new() { Name = en ? "Show" : "查看" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(en
                ? "The period must end after it starts and last at most 366 days."
                : "期间的截止须晚于起始，且不超过 366 天。");
            await BrowserFixture.AssertAccessibleAsync(page);
        }

        await page.Context.CloseAsync();

        // The Ministry of Agriculture's officer: the permit checked at acceptance.
        page = await SignedInPageAsync(federation[TestFederation.Moa].Url, "en", "moa.officer");
        foreach (var culture in Cultures)
        {
            var en = culture == "en";
            await SetCultureAsync(page.Context, federation[TestFederation.Moa].Url, culture);
            await page.GotoAsync("/provider");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
            await Expect(page.Locator("[data-testid=provider-sentences] li")).ToHaveTextAsync(en
                ? "Your quarantine permits led to 1 acceptance this month."
                : "您的检疫许可证本月促成 1 次受理。");
            await Expect(page.Locator("[data-testid=provider-outcome-table] tbody tr td")).ToHaveTextAsync([en ? "AQSIQ" : "国家质检总局", en ? "Quarantine permit" : "检疫许可证", en ? "Accepted" : "受理", "1"]);
            await Expect(page.Locator("[data-testid=provider-shared] tbody tr", new() { HasText = "T-10" }).First).ToContainTextAsync(en ? "AQSIQ" : "国家质检总局");
            var latest = page.Locator("[data-testid=provider-latest] tbody tr");
            await Expect(latest).ToHaveCountAsync(1);
            await Expect(latest).ToContainTextAsync(permit);
            await Expect(latest).ToContainTextAsync(shrimp);
            await BrowserFixture.AssertAccessibleAsync(page);
            await BrowserFixture.ScreenshotAsync(page, "71-provider-moa", culture);
        }

        await page.Context.CloseAsync();
    }

    private static readonly string[] Cultures = ["zh-CN", "en"];

    private static Task SetCultureAsync(IBrowserContext context, Uri node, string culture) =>
        context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = ".AspNetCore.Culture", Value = Uri.EscapeDataString($"c={culture}|uic={culture}"), Url = node.GetLeftPart(UriPartial.Authority) }]);

    private async Task<IPage> SignedInPageAsync(Uri node, string culture, string user)
    {
        var password = user switch { "pbc.officer" => "demo-pbc-2026", "moa.officer" => "demo-moa-2026", _ => throw new ArgumentOutOfRangeException(nameof(user)) };
        return await MinistryNodes.SignInAsync(web, node, culture, user, password);
    }

    private static async Task<int> FeedbackCountAsync(HttpClient officer)
    {
        var report = await Json(await officer.GetAsync("/api/accountability/provider"), HttpStatusCode.OK);
        return report.GetProperty("outcomes").EnumerateArray().Sum(o => o.GetProperty("count").GetInt32());
    }

    private static string NewLot(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    /// <summary>Creates and submits a declaration, which goes to inspection; returns its number.</summary>
    private static async Task<string> DeclareAsync(HttpClient enterprise, object body)
    {
        var id = (await Json(await enterprise.PostAsJsonAsync("/api/declarations", body), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var submitted = await Json(await enterprise.PostAsync($"/api/declarations/{id}/submit", null), HttpStatusCode.OK);
        Assert.Equal("inspection", submitted.GetProperty("status").GetString());
        return submitted.GetProperty("number").GetString()!;
    }

    /// <summary>An issued entry quarantine permit for frozen shrimp from Ecuador through Ningbo, registered by the MOA officer.</summary>
    private static async Task<string> ShrimpPermitAsync(HttpClient moaOfficer)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var created = await Json(await moaOfficer.PostAsJsonAsync("/api/ministries/lpcos/registered", new
        {
            number = "MOA-QP-T-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), kind = "quarantine-permit", holderUscc = Agent, hsCode = "030617",
            productDescription = "Frozen shrimps (test)", originCountry = "EC", quantity = 500m, unit = "KGM", portsOfEntry = new[] { "CNNGB" },
            validFrom = today.AddDays(-30), validTo = today.AddDays(300),
        }), HttpStatusCode.Created);
        return created.GetProperty("number").GetString()!;
    }

    private static Dictionary<string, object?> Export(string lot) => new()
    {
        ["kind"] = "export", ["declarantUscc"] = Tea, ["consignorUscc"] = Tea, ["manufacturerUscc"] = Tea, ["transportMode"] = "1",
        ["transportMeans"] = "COSCO SHIPPING ARIES / 042W", ["portOfLoading"] = "CNNGB", ["portOfExit"] = "CNNGB", ["country"] = "DE",
        ["contractReference"] = "HZT-" + lot, ["invoiceReference"] = "INV-" + lot, ["documents"] = Array.Empty<object>(),
        ["lines"] = new[]
        {
            new Dictionary<string, object?>
            {
                ["sequence"] = 1, ["hsCode"] = "0902101000", ["description"] = "Green tea (not fermented) / 绿茶", ["quantity"] = 120m, ["unit"] = "KGM",
                ["netWeightKg"] = 120m, ["grossWeightKg"] = 129.6m, ["value"] = 2220m, ["currency"] = "USD",
                ["placeOfOrigin"] = "330100", ["lots"] = new[] { lot }, ["packaging"] = "cartons",
            },
        },
    };

    private static Dictionary<string, object?> Import(string lot, string permit) => new()
    {
        ["kind"] = "import", ["declarantUscc"] = Agent, ["consigneeUscc"] = Agent, ["transportMode"] = "1", ["transportMeans"] = "MSC ANNA / 214E",
        ["portOfLoading"] = "ECGYE", ["portOfEntry"] = "CNNGB", ["country"] = "EC", ["contractReference"] = "NBF-" + lot, ["invoiceReference"] = "EC-" + lot,
        ["documents"] = new[] { new { type = "quarantine-permit", number = permit, issuer = "MOA" } },
        ["lines"] = new[]
        {
            new
            {
                sequence = 1, hsCode = "0306170000", description = "Frozen shrimps / 冻虾", quantity = 200m, unit = "KGM", netWeightKg = 200m, grossWeightKg = 210m,
                value = 1440m, currency = "USD", placeOfOrigin = "EC", lots = new[] { lot }, packaging = "frozen cartons",
            },
        },
    };

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, string.Create(CultureInfo.InvariantCulture,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)status}, got {(int)response.StatusCode}: {text}"));
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
