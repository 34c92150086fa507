using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.BrowserTests.Infrastructure;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GoldenQuality.BrowserTests;

/// <summary>The national AQSIQ node, Customs and the Shandong CIQ node (SQLite), for the forwarding pages; one federation per class.</summary>
public sealed class ProvincialNodes : IAsyncLifetime
{
    public TestFederation Federation { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Federation = await TestFederation.StartAsync(DatabaseProvider.Sqlite, settings: new() { ["Declarations:Risk:RandomSampleRate"] = "0" }, provincial: true);

    public async Task DisposeAsync()
    {
        if (Federation is not null)
        {
            await Federation.DisposeAsync();
        }
    }
}

/// <summary>
/// A local node in the browser (decision 0014): an import entering at Qingdao, submitted on the national node, is
/// forwarded to the Shandong node; the Huangdao officer signs in there and finds it in the worklist with where it
/// came from, and the importer on the national node reads where it went and what became of it — in zh-CN and en.
/// </summary>
[Collection("browser")]
public sealed class ProvincialNodeTests(BrowserFixture web, ProvincialNodes nodes) : IClassFixture<ProvincialNodes>
{
    private const string Qingdao = "913702000000DEM05F";

    [Fact]
    public async Task The_Shandong_officer_finds_the_forwarded_declaration_in_the_worklist_and_the_importer_sees_where_it_went()
    {
        var federation = nodes.Federation;
        var api = await federation.SignInAsync(TestFederation.Aqsiq, "importer.qingdao");
        var lot = "QD-UI-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var created = await (await api.PostAsJsonAsync("/api/declarations", new
        {
            kind = "import", declarantUscc = Qingdao, consigneeUscc = Qingdao, transportMode = "1", transportMeans = "DEMO VESSEL / 077E", portOfLoading = "KRPUS",
            portOfEntry = "CNTAO", country = "KR", contractReference = "QD-" + lot, invoiceReference = "KR-" + lot, documents = Array.Empty<object>(),
            lines = new[]
            {
                new
                {
                    sequence = 1, hsCode = "8517130000", description = "Smartphones / 智能手机", quantity = 200m, unit = "H87", netWeightKg = 60m, grossWeightKg = 80m,
                    value = 40000m, currency = "USD", placeOfOrigin = "KR", lots = new[] { lot }, packaging = "cartons",
                },
            },
        })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        var number = created.GetProperty("number").GetString()!;
        Assert.True((await api.PostAsync($"/api/declarations/{id}/submit", null)).IsSuccessStatusCode);
        JsonElement forwarding = default;
        await TestFederation.WaitUntilAsync(async () =>
        {
            forwarding = (await api.GetFromJsonAsync<JsonElement>($"/api/declarations/{id}")).GetProperty("forwarding");
            return forwarding.GetProperty("remotePermitNumber").ValueKind == JsonValueKind.String;
        }, "the Shandong node's permit reported to the national node", 60);
        var there = forwarding.GetProperty("remoteNumber").GetString()!;
        var permit = forwarding.GetProperty("remotePermitNumber").GetString()!;

        foreach (var culture in new[] { "zh-CN", "en" })
        {
            var en = culture == "en";
            var officer = await MinistryNodes.SignInAsync(web, federation[TestFederation.Shandong].Url, culture, "ciq.huangdao", "demo-ciq-sd-2026");
            await officer.GotoAsync("/declarations");
            var row = officer.Locator("[data-testid=declarations] tbody tr", new() { HasText = there });
            await Expect(row).ToContainTextAsync(en ? "Permit issued" : "已签发通关单");
            await Expect(row).ToContainTextAsync("CIQ-SD-HUANGDAO");
            await BrowserFixture.AssertAccessibleAsync(officer);
            await BrowserFixture.ScreenshotAsync(officer, "46-shandong-worklist", culture);
            await row.GetByRole(AriaRole.Link).ClickAsync();
            await Expect(officer.Locator("h1")).ToContainTextAsync(there);
            await Expect(officer.Locator("dt", new() { HasText = en ? "Forwarded from node" : "转自节点" })).ToBeVisibleAsync();
            await Expect(officer.Locator("[data-testid=forwarded-from]")).ToContainTextAsync(TestFederation.Aqsiq);
            await Expect(officer.Locator("[data-testid=forwarded-from]")).ToContainTextAsync(number);
            await Expect(officer.Locator("[data-testid=permit-number]")).ToHaveTextAsync(permit);
            await Expect(officer.Locator("[data-stage=forwarded-in]")).ToHaveTextAsync(en ? "Received forwarded" : "已接收转发");
            await BrowserFixture.AssertAccessibleAsync(officer);
            await BrowserFixture.ScreenshotAsync(officer, "47-shandong-forwarded-declaration", culture);
            await officer.Context.CloseAsync();

            var importer = await MinistryNodes.SignInAsync(web, federation[TestFederation.Aqsiq].Url, culture, "importer.qingdao", "demo-importer-qd-2026");
            await importer.GotoAsync($"/declarations/{id}");
            await Expect(importer.Locator("[data-testid=status]")).ToHaveTextAsync(en ? "Forwarded to the office's node" : "已转至主管机构节点");
            await Expect(importer.Locator("[data-testid=forwarded-to]")).ToHaveTextAsync(TestFederation.Shandong);
            await Expect(importer.Locator("[data-testid=forwarded-outcome]")).ToContainTextAsync(en ? "Permit issued" : "已签发通关单");
            await Expect(importer.Locator("[data-testid=forwarded-outcome]")).ToContainTextAsync(there);
            await Expect(importer.Locator("[data-testid=forwarded-permit]")).ToHaveTextAsync(permit);
            await Expect(importer.Locator("[data-stage=forwarded]")).ToHaveTextAsync(en ? "Forwarded to another node" : "已转发至其他节点");
            await BrowserFixture.AssertAccessibleAsync(importer);
            await BrowserFixture.ScreenshotAsync(importer, "48-forwarded-at-origin", culture);
            await importer.Context.CloseAsync();
        }
    }
}
