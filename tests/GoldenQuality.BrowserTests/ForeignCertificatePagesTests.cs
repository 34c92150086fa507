using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.BrowserTests.Infrastructure;
using GoldenQuality.Codes;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GoldenQuality.BrowserTests;

/// <summary>
/// The national node, the ministries (MOA issues the quarantine permit frozen shrimp need) and the hub node (SQLite),
/// for the foreign-certificate pages; the national node does not pull on its own, so that the page's button does.
/// </summary>
public sealed class ForeignNodes : IAsyncLifetime
{
    public TestFederation Federation { get; private set; } = null!;

    public Uri National => Federation[TestFederation.Aqsiq].Url;

    public async Task InitializeAsync() =>
        Federation = await TestFederation.StartAsync(DatabaseProvider.Sqlite, ministries: true, hub: true,
            settings: new() { ["International:PullEverySeconds"] = "0" });

    public async Task DisposeAsync()
    {
        if (Federation is not null)
        {
            await Federation.DisposeAsync();
        }
    }
}

/// <summary>
/// The port office's screens for foreign certificates: Ecuador's authority delivers an SPS certificate for frozen shrimp
/// on the hub; the Beilun port officer pulls it with the page's button, finds it in the list and opens it (its
/// consignment and goods line); the importer's declaration cites it with another quantity, and the mismatch shows as a
/// row on the certificate page and in the fast-track queue with the inspection the risk decision asked for. zh-CN and
/// en, every page axe-checked, screenshots <c>60-foreign-*</c>.
/// </summary>
[Collection("browser")]
public sealed class ForeignCertificatePagesTests(BrowserFixture web, ForeignNodes nodes) : IClassFixture<ForeignNodes>
{
    private const string Importer = "913302000000DEM02M";

    private const string Consignor = "Camaronera Demo del Pacífico S.A. (fictional)";

    [Fact]
    public async Task The_port_pulls_a_certificate_from_the_hub_reads_it_and_sees_a_declarations_quantity_mismatch()
    {
        var federation = nodes.Federation;
        var number = "EC-SPS-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

        // Ecuador's authority delivers, on the hub node, a certificate written by the national node's SPS writer.
        var portApi = await federation.SignInAsync(TestFederation.Aqsiq, "ciq.ningbo.port", "demo-port-2026");
        var export = await portApi.PostAsJsonAsync("/api/codes/sps/export", Certificate(number).ToJson());
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var xml = await export.Content.ReadAsStringAsync();
        var ecuador = await federation.SignInAsync(TestFederation.Hub, "nppo.ecuador", "demo-nppo-ec-2026");
        var delivered = await ecuador.PostAsJsonAsync("/api/hub/envelopes", new
        {
            deliveryId = Guid.CreateVersion7(), to = "CN", kind = "certificate", certificateType = "853", certificateStatus = "70", nppoCertificateNumber = number, content = xml,
        });
        Assert.Equal(HttpStatusCode.Created, delivered.StatusCode);

        // The port officer (in Chinese) opens the list from the menu: empty; pulls now; the certificate is pulled and listed.
        var page = await MinistryNodes.SignInAsync(web, nodes.National, "zh-CN", "ciq.ningbo.port", "demo-port-2026");
        await page.Locator("nav.menu").GetByRole(AriaRole.Link, new() { Name = "境外证书" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("境外SPS证书");
        await Expect(page.Locator("[data-testid=no-certificates]")).ToHaveTextAsync("没有符合条件的境外证书。");
        await page.GetByRole(AriaRole.Button, new() { Name = "立即从枢纽拉取" }).ClickAsync();
        await Expect(page.Locator("#pulled")).ToHaveTextAsync("已从枢纽拉取：1 个信封");
        var pulledRow = page.Locator("[data-testid=pulled-envelopes] tbody tr").Filter(new() { HasText = number });
        await Expect(pulledRow).ToContainTextAsync("厄瓜多尔 (EC)");
        await Expect(pulledRow).ToContainTextAsync("已投递");
        var row = page.Locator("[data-testid=certificates] tbody tr").Filter(new() { HasText = number });
        await Expect(row.Locator("td[data-state]")).ToHaveTextAsync("有效");
        await Expect(row).ToContainTextAsync("兽医证书");
        await Expect(row).ToContainTextAsync(Consignor);
        await Expect(row).ToContainTextAsync("Frozen shrimps (Litopenaeus vannamei) (030617)");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "60-foreign-pulled", "zh-CN");

        // The list filtered by state and country, in both languages.
        await page.GotoAsync("/foreign-certificates?state=valid&country=EC&number=" + Uri.EscapeDataString(number));
        await BrowserFixture.InBothLanguagesAsync(page, "61-foreign-list", chinese: async p =>
        {
            await Expect(p.Locator("#found")).ToHaveTextAsync("共 1 份证书");
            await Expect(p.Locator("#state")).ToHaveValueAsync("valid");
            var csv = await BrowserFixture.DownloadCsvAsync(p);
            Assert.StartsWith("证书编号,来源国,", csv[0], StringComparison.Ordinal);
            Assert.Equal(2, csv.Length);
            Assert.StartsWith(number + ",EC,", csv[1], StringComparison.Ordinal);
            Assert.Contains(",有效,", csv[1], StringComparison.Ordinal);
        }, english: async p =>
        {
            await Expect(p.Locator("h1")).ToHaveTextAsync("Foreign SPS certificates");
            var en = p.Locator("[data-testid=certificates] tbody tr").Filter(new() { HasText = number });
            await Expect(en.Locator("td[data-state]")).ToHaveTextAsync("Valid");
            await Expect(en).ToContainTextAsync("Ecuador (EC)");
            await Expect(en).ToContainTextAsync("Veterinary certificate");
        });
        await page.GotoAsync("/foreign-certificates?state=withdrawn&country=EC");
        await Expect(page.Locator("[data-testid=no-certificates]")).ToHaveTextAsync("没有符合条件的境外证书。");

        // The importer's declaration cites it with a quantity of 5800 kg where the certificate says 6000 kg (the net weights agree).
        var moa = await federation.SignInAsync(TestFederation.Moa, "moa.officer");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var permit = await moa.PostAsJsonAsync("/api/ministries/lpcos/registered", new
        {
            kind = "quarantine-permit", holderUscc = Importer, hsCode = "030617", productDescription = "Frozen shrimp (fictional browser test)", originCountry = "EC",
            quantity = 30000m, unit = "KGM", portsOfEntry = new[] { "CNNGB" }, validFrom = today.AddDays(-1), validTo = today.AddDays(180),
        });
        Assert.Equal(HttpStatusCode.Created, permit.StatusCode);
        var permitNumber = (await permit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        var agent = await federation.SignInAsync(TestFederation.Aqsiq, "agent.ningbo");
        var created = await agent.PostAsJsonAsync("/api/declarations", Import(5800m, number, permitNumber));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var declaration = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = declaration.GetProperty("id").GetGuid();
        var declarationNumber = declaration.GetProperty("number").GetString()!;
        var submitted = await agent.PostAsync($"/api/declarations/{id}/submit", null);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var decided = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("inspection", decided.GetProperty("status").GetString());

        // The certificate page: its consignment, its goods line, and the check with the quantity's row, linked to the declaration.
        await page.GotoAsync("/foreign-certificates/" + Uri.EscapeDataString(number));
        await BrowserFixture.InBothLanguagesAsync(page, "62-foreign-certificate", chinese: async p =>
        {
            await Expect(p.Locator("[data-testid=number]")).ToHaveTextAsync(number);
            await Expect(p.Locator("[data-testid=state]")).ToHaveTextAsync("有效");
            await Expect(p.Locator("[data-testid=fields] dd[data-field=consignorName]")).ToHaveTextAsync(Consignor);
            await Expect(p.Locator("[data-testid=fields] dd[data-field=consigneeName]")).ToHaveTextAsync("宁波示例食品有限公司 (fictional)");
            await Expect(p.Locator("[data-testid=fields] dd[data-field=transportMeans]")).ToHaveTextAsync("MSC ANNA");
            await Expect(p.Locator("[data-testid=fields] dd[data-field=additionalDeclaration]")).ToHaveTextAsync("The shrimp are free from white spot syndrome virus.");
            await Expect(p.Locator("[data-testid=goods] tbody tr td")).ToHaveTextAsync(["1", "Frozen shrimps (Litopenaeus vannamei)", "030617", "6000 KGM", "6000 KGM", "6300 KGM", "EC", "冷冻 · -18 °C"]);
            var check = p.Locator("[data-testid=check]");
            await Expect(check.Locator("h3")).ToHaveTextAsync($"报检单 {declarationNumber} · 不一致");
            await Expect(check.Locator("h3 a")).ToHaveAttributeAsync("href", "/declarations/" + id);
            var mismatch = check.Locator("[data-testid=mismatches] tr[data-field='lines[0].quantity']");
            await Expect(mismatch.Locator("td")).ToHaveTextAsync(["货物明细 1 · 数量", "证书货物 1 · 数量", "5800", "6000", "数量不一致"]);
            await Expect(check.Locator("[data-testid=risk]")).ToContainTextAsync("查验");
        }, english: async p =>
        {
            await Expect(p.Locator("h1")).ToHaveTextAsync("Foreign certificate " + number);
            var check = p.Locator("[data-testid=check]");
            await Expect(check.Locator("h3")).ToHaveTextAsync($"Declaration {declarationNumber} · Mismatched");
            await Expect(check.Locator("[data-testid=mismatches] thead th")).ToHaveTextAsync(["Declaration field", "Certificate field", "Declared", "On the certificate", "Reason"]);
            var mismatch = check.Locator("[data-testid=mismatches] tr[data-field='lines[0].quantity']");
            await Expect(mismatch.Locator("td")).ToHaveTextAsync(["Goods line 1 · Quantity", "Certificate line 1 · Quantity", "5800", "6000", "the quantity differs"]);
            await Expect(p.Locator("[data-testid=chain-none]")).ToHaveTextAsync("This certificate neither replaces nor was replaced by another.");
        });

        // The fast-track queue: the declaration, mismatched, sent to inspection, with its reasons.
        await page.Locator("nav.menu").GetByRole(AriaRole.Link, new() { Name = "快速通关" }).ClickAsync();
        await BrowserFixture.InBothLanguagesAsync(page, "63-foreign-fast-track", chinese: async p =>
        {
            await Expect(p.Locator("h1")).ToHaveTextAsync("快速通关队列");
            var queued = p.Locator("[data-testid=fast-track] tbody tr").Filter(new() { HasText = declarationNumber });
            await Expect(queued.Locator("td[data-outcome]")).ToHaveTextAsync("不一致");
            await Expect(queued.Locator("li[data-field='lines[0].quantity']")).ToHaveTextAsync("货物明细 1 · 数量: 5800 ≠ 6000");
            await Expect(queued.Locator("td[data-risk]")).ToContainTextAsync("查验");
            await Expect(queued.Locator("li[data-input=foreign-certificate]")).ToHaveTextAsync("境外证书: 不一致 (0)");
        }, english: async p =>
        {
            var queued = p.Locator("[data-testid=fast-track] tbody tr").Filter(new() { HasText = declarationNumber });
            await Expect(queued.Locator("td[data-outcome]")).ToHaveTextAsync("Mismatched");
            await Expect(queued.Locator("li[data-field='lines[0].quantity']")).ToHaveTextAsync("Goods line 1 · Quantity: 5800 ≠ 6000");
            await Expect(queued.Locator("td[data-risk]")).ToContainTextAsync("Inspection");
            await Expect(queued.Locator("li[data-input=foreign-certificate]")).ToHaveTextAsync("Foreign certificate: Mismatched (0)");
            await Expect(queued.GetByRole(AriaRole.Link, new() { Name = declarationNumber })).ToHaveAttributeAsync("href", "/declarations/" + id);
        });
        await page.GotoAsync("/fast-track?outcome=matched");
        await Expect(page.Locator("[data-testid=no-fast-track]")).ToHaveTextAsync("本办事处尚无引用境外证书的进口报检。");
        await page.Context.CloseAsync();
    }

    /// <summary>Ecuador's certificate for 6000 kg of frozen shrimp to the Ningbo demo importer on MSC ANNA (fictional).</summary>
    private static CanonicalRecord Certificate(string number) => new(RecordKind.Permit, new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["permitNo"] = number, ["permitType"] = "853", ["status"] = "70", ["issuedAt"] = DateTimeOffset.UtcNow.AddDays(-3).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        ["issuer"] = "NPPO-EC-DEMO (fictional)", ["issueLocation"] = "Guayaquil", ["consignorName"] = Consignor, ["consignorAddress"] = "Av. Demo 1, Guayaquil",
        ["consigneeName"] = "宁波示例食品有限公司 (fictional)", ["consigneeId"] = Importer, ["exportCountry"] = "EC", ["importCountry"] = "CN", ["portOfEntry"] = "CNNGB",
        ["transportMode"] = "1", ["transportMeans"] = "MSC ANNA", ["additionalDeclaration"] = "The shrimp are free from white spot syndrome virus.",
        ["items[0].seq"] = "1", ["items[0].description"] = "Frozen shrimps (Litopenaeus vannamei)", ["items[0].commodityCode"] = "030617", ["items[0].quantity"] = "6000",
        ["items[0].unit"] = "KGM", ["items[0].netWeight"] = "6000", ["items[0].netWeightUnit"] = "KGM", ["items[0].grossWeight"] = "6300", ["items[0].grossWeightUnit"] = "KGM",
        ["items[0].originCountry"] = "EC", ["items[0].treatment"] = "冷冻", ["items[0].treatmentDetails"] = "-18 °C",
    });

    /// <summary>The importer's declaration of frozen shrimp through Beilun, citing its quarantine permit and the foreign certificate.</summary>
    private static object Import(decimal quantity, string certificate, string quarantinePermit) => new
    {
        kind = "import", declarantUscc = Importer, consigneeUscc = Importer, transportMode = "1", transportMeans = "MSC ANNA / 214E", portOfLoading = "ECGYE",
        portOfEntry = "CNNGB", country = "EC", contractReference = "NBF-" + certificate, invoiceReference = "EC-INV-" + certificate, consignorName = Consignor,
        documents = new[]
        {
            new { type = "quarantine-permit", number = quarantinePermit, issuer = "MOA" },
            new { type = "sps-certificate", number = certificate, issuer = "NPPO-EC-DEMO" },
        },
        lines = new[]
        {
            new
            {
                sequence = 1, hsCode = "0306170000", description = "Frozen shrimps / 冻虾", quantity, unit = "KGM", netWeightKg = 6000m, grossWeightKg = quantity * 1.05m,
                value = quantity * 7.2m, currency = "USD", placeOfOrigin = "EC", lots = new[] { "SHRIMP-" + certificate }, packaging = "frozen cartons",
            },
        },
    };
}
