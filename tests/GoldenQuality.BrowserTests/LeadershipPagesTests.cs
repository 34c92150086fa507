using System.Net;
using System.Text.Json;
using GoldenQuality.Accountability.Contracts;
using GoldenQuality.BrowserTests.Infrastructure;
using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GoldenQuality.BrowserTests;

/// <summary>
/// The national node (hosting the coordinating body) and Customs (SQLite) on a clock the test moves forward; the test
/// agreement T-1 (AQSIQ to Customs, <c>test.event</c>) has the steps <c>deliver</c> (AQSIQ, 5 minutes) and
/// <c>verify and decide</c> (Customs, 1 hour). The background tracker and reporter are off: the test runs them over HTTP.
/// </summary>
public sealed class LeadershipNodes : IAsyncLifetime
{
    public TestFederation Federation { get; private set; } = null!;

    /// <summary>The nodes' clock: the real time moved forward by what the test skips.</summary>
    public ShiftedClock Clock { get; } = new();

    public async Task InitializeAsync() =>
        Federation = await TestFederation.StartAsync(DatabaseProvider.Sqlite, configure: (_, services) => services.AddSingleton<TimeProvider>(Clock),
            settings: new() { ["Accountability:TrackEverySeconds"] = "0", ["Accountability:ReportEverySeconds"] = "0" },
            agreements: a => a.Id == "T-1"
                ? a with { Steps = [new AgreementStep("deliver", "GQ/GOV/AQSIQ", "PT5M"), new AgreementStep("verify and decide", "GQ/GOV/CUSTOMS", "PT1H")] }
                : a);

    public async Task DisposeAsync()
    {
        if (Federation is not null)
        {
            await Federation.DisposeAsync();
        }
    }

    /// <summary>A client of the node's system account (the exchange operator).</summary>
    public HttpClient System(string node)
    {
        var n = Federation[node];
        var client = Federation.Track(new HttpClient { BaseAddress = n.Url });
        client.DefaultRequestHeaders.Add("X-Api-Key", node == TestFederation.Customs ? n.CustomsApiKey : n.SystemApiKey);
        return client;
    }

    /// <summary>Sends one envelope from <paramref name="from"/> as the operator and waits for its receipt.</summary>
    public async Task<Guid> SendAsync(string from, string type, object payload, string to, Guid correlation)
    {
        Guid id;
        await using (var scope = Federation[from].Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
            var sent = scope.ServiceProvider.GetRequiredService<ExchangeSender>().Send(db, type, payload, [to], correlationId: correlation);
            Assert.Empty(sent.Denied);
            await db.SaveChangesAsync();
            id = Assert.Single(sent.Envelopes);
        }

        await DeliveredAsync(from, id);
        return id;
    }

    /// <summary>Customs reports its use of AQSIQ's data as its own module does (through the feedback contract) and waits for the receipt.</summary>
    public async Task FeedbackAsync(DataUse use)
    {
        Guid id;
        await using (var scope = Federation[TestFederation.Customs].Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
            scope.ServiceProvider.GetRequiredService<IDataUseFeedback>().Report(db, "CUSTOMS", use);
            await db.SaveChangesAsync();
            id = await db.Set<OutboxMessage>().Where(o => o.Type == AccountabilityWire.FeedbackReportedType).OrderByDescending(o => o.Sequence).Select(o => o.EnvelopeId).FirstAsync();
        }

        await DeliveredAsync(TestFederation.Customs, id);
    }

    private async Task DeliveredAsync(string from, Guid id) =>
        await TestFederation.WaitUntilAsync(async () =>
        {
            await using var scope = Federation[from].Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<GqDbContext>().Set<OutboxMessage>().AnyAsync(o => o.EnvelopeId == id && o.DeliveredAt != null);
        }, $"the receipt of {id} on {from}");
}

/// <summary>The real UTC time moved forward by <see cref="Skip"/>.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long skipped;

    public void Skip(TimeSpan by) => Interlocked.Add(ref skipped, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref skipped));
}

/// <summary>
/// The leadership dashboard and the steps page: AQSIQ sends Customs two events under an agreement with steps; Customs
/// answers one in the case within the hour and lets the other run past its deadline; the national node tracks, escalates
/// and reports, Customs reports. The leader reads the matrix (what AQSIQ gave Customs, as both nodes reported), Customs'
/// on-time rate (1 of 2), the nodes' signed reports and the escalated step; an official of the national node reads the
/// overdue step Customs owes it, and Customs' duty officer the escalation it received. zh-CN and en, every page
/// axe-checked, screenshots <c>90-leadership-*</c> and <c>91-steps-*</c>.
/// </summary>
[Collection("browser")]
public sealed class LeadershipPagesTests(BrowserFixture web, LeadershipNodes nodes) : IClassFixture<LeadershipNodes>
{
    private const string Aqsiq = TestFederation.Aqsiq;

    private const string Customs = TestFederation.Customs;

    [Fact]
    public async Task The_leader_reads_the_federations_reciprocity_and_officials_read_their_overdue_steps()
    {
        var national = nodes.System(Aqsiq);
        var customs = nodes.System(Customs);

        // Two cases to Customs; it reports its use of the first in the case (feedback in the correlation) within the hour.
        var (correlationA, correlationB) = (Guid.NewGuid(), Guid.NewGuid());
        await nodes.SendAsync(Aqsiq, "test.event", new { permitNumber = "P-LEADER-A" }, Customs, correlationA);
        var caseB = await nodes.SendAsync(Aqsiq, "test.event", new { permitNumber = "P-LEADER-B" }, Customs, correlationB);
        await nodes.FeedbackAsync(new DataUse(Aqsiq, "T-1", "test-event", "EV-A", "DECL-A", "accepted", "decided at the port", correlationA));
        await Post(national, "/api/accountability/steps/track");

        // Two hours later the second case's step is overdue and escalated; both nodes report.
        nodes.Clock.Skip(TimeSpan.FromHours(2));
        var pass = await Post(national, "/api/accountability/steps/track");
        Assert.Equal(1, pass.GetProperty("escalated").GetInt32());
        await Post(national, "/api/accountability/reciprocity/report");
        var sent = await Post(customs, "/api/accountability/reciprocity/report");
        var generated = sent.GetProperty("report").GetProperty("generatedAt").GetDateTimeOffset();
        var leaderApi = await nodes.Federation.SignInAsync(Aqsiq, "leader");
        await TestFederation.WaitUntilAsync(async () =>
        {
            var matrix = JsonDocument.Parse(await leaderApi.GetStringAsync("/api/accountability/reciprocity")).RootElement;
            return matrix.GetProperty("nodes").EnumerateArray().Any(n => n.GetProperty("node").GetString() == Customs
                    && n.GetProperty("reportedAt").ValueKind == JsonValueKind.String && n.GetProperty("reportedAt").GetDateTimeOffset() >= generated)
                && matrix.GetProperty("escalations").EnumerateArray().Any(e => e.GetProperty("caseEnvelope").GetGuid() == caseB);
        }, "Customs' report and the escalation on the national node");

        // The leader opens the dashboard from the menu, in Chinese.
        var page = await MinistryNodes.SignInAsync(web, nodes.Federation[Aqsiq].Url, "zh-CN", "leader", "demo-leader-2026");
        await page.Locator("nav.menu").GetByRole(AriaRole.Link, new() { Name = "领导驾驶舱" }).ClickAsync();
        await BrowserFixture.InBothLanguagesAsync(page, "90-leadership", chinese: async p =>
        {
            await Expect(p.Locator("h1")).ToHaveTextAsync("领导驾驶舱：互惠与问责");
            await Expect(p.Locator("[data-testid=reported-count]")).ToHaveTextAsync("2 / 2");
            var aqsiqRow = p.Locator("[data-testid=reciprocity-matrix] tbody tr").Filter(new() { Has = p.Locator("th", new() { HasText = "AQSIQ" }) });
            await Expect(aqsiqRow.Locator("td[data-to='GQ/GOV/CUSTOMS']")).ToContainTextAsync("2 件");
            await Expect(aqsiqRow.Locator("td[data-to='GQ/GOV/CUSTOMS']")).ToContainTextAsync("中位");
            var customsRate = p.Locator("[data-testid=on-time] tbody tr").Filter(new() { HasText = "GQ/GOV/CUSTOMS" });
            await Expect(customsRate.Locator("td")).ToHaveTextAsync(["GQ/GOV/CUSTOMS", "50 %", "1", "0", "1"]);
            await Expect(p.Locator("[data-testid=on-time-chart] title")).ToContainTextAsync("CUSTOMS 50 %");
            var customsReport = p.Locator("[data-testid=reports] tbody tr").Filter(new() { HasText = Customs });
            await Expect(customsReport.Locator("td").Nth(2)).ToHaveTextAsync(Customs);
            var escalated = p.Locator("[data-testid=escalations] tbody tr");
            await Expect(escalated).ToHaveCountAsync(1);
            await Expect(escalated.Locator("td")).ToContainTextAsync(["GQ/GOV/CUSTOMS", "verify and decide", "test.event", "T-1", "GQ/GOV/AQSIQ"]);
        }, english: async p =>
        {
            await Expect(p.Locator("h1")).ToHaveTextAsync("Leadership dashboard: reciprocity and accountability");
            await Expect(p.Locator("#reciprocity")).ToHaveTextAsync("Reciprocity matrix");
            var aqsiqRow = p.Locator("[data-testid=reciprocity-matrix] tbody tr").Filter(new() { Has = p.Locator("th", new() { HasText = "AQSIQ" }) });
            await Expect(aqsiqRow.Locator("td[data-to='GQ/GOV/CUSTOMS']")).ToContainTextAsync("2 env.");
            await Expect(p.Locator("[data-testid=on-time] thead th")).ToHaveTextAsync(["Agency", "On-time rate", "On time", "Late", "Overdue"]);
            await Expect(p.Locator("#escalated")).ToHaveTextAsync("Overdue steps escalated to the coordinating body");
        });
        await page.Context.CloseAsync();

        // An official of the national node: the overdue step Customs owes us.
        var official = await MinistryNodes.SignInAsync(web, nodes.Federation[Aqsiq].Url, "zh-CN", "ciq.ningbo", "demo-ciq-nb-2026");
        await official.Locator("nav.menu").GetByRole(AriaRole.Link, new() { Name = "协议步骤" }).ClickAsync();
        await BrowserFixture.InBothLanguagesAsync(official, "91-steps-national", chinese: async p =>
        {
            await Expect(p.Locator("h1")).ToHaveTextAsync("协议步骤与时限");
            await Expect(p.Locator("[data-testid=ours-empty]")).ToHaveTextAsync("本机构没有未完成的步骤。");
            var owed = p.Locator("[data-testid=theirs] tbody tr");
            await Expect(owed).ToHaveCountAsync(1);
            await Expect(owed.Locator("td").First).ToHaveTextAsync("逾期");
            await Expect(owed.Locator("td")).ToContainTextAsync(["GQ/GOV/CUSTOMS", "verify and decide", "test.event", "T-1"]);
        }, english: async p =>
        {
            await Expect(p.Locator("h1")).ToHaveTextAsync("Agreement steps and deadlines");
            await Expect(p.Locator("[data-testid=theirs] tbody tr td").First).ToHaveTextAsync("Overdue");
            await Expect(p.Locator("[data-testid=ours-empty]")).ToHaveTextAsync("This agency owes no open step.");
        });
        await official.Context.CloseAsync();

        // Customs' duty officer: the escalation it received.
        var duty = await MinistryNodes.SignInAsync(web, nodes.Federation[Customs].Url, "en", "customs.hq", "demo-customs-hq-2026");
        await duty.GotoAsync("/steps");
        await BrowserFixture.InBothLanguagesAsync(duty, "91-steps-customs", chinese: async p =>
        {
            await Expect(p.Locator("[data-testid=received-count]")).ToHaveTextAsync("1");
            await Expect(p.Locator("[data-testid=escalations] tbody tr td")).ToContainTextAsync(["GQ/GOV/CUSTOMS", "verify and decide"]);
        }, english: async p =>
        {
            await Expect(p.Locator("#received")).ToHaveTextAsync("Escalations received");
            await Expect(p.Locator("[data-testid=escalations] thead th")).ToHaveTextAsync(["Accountable", "Step", "Message", "Agreement", "Owed to", "Due", "Escalated"]);
        });
        await duty.Context.CloseAsync();

        // An official who is not of the coordinating body is refused the dashboard, in words.
        var refused = await MinistryNodes.SignInAsync(web, nodes.Federation[Aqsiq].Url, "en", "ciq.ningbo", "demo-ciq-nb-2026");
        await refused.GotoAsync("/leadership");
        await Expect(refused.Locator("main")).ToContainTextAsync("Only the coordinating body and administrators see the federation's reciprocity.");
        await Expect(refused.Locator("[data-testid=reciprocity-matrix]")).ToHaveCountAsync(0);
        await refused.Context.CloseAsync();
    }

    private static async Task<JsonElement> Post(HttpClient client, string path)
    {
        var response = await client.PostAsync(path, null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
