using System.Globalization;
using System.Net;
using System.Text.Json;
using GoldenQuality.Accountability.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Quality.Contracts;
using GoldenQuality.Tests.Clearance;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static GoldenQuality.Tests.Clearance.Flow;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Accountability;

/// <summary>The AQSIQ, Customs, MOA and PBC nodes (and the Zhejiang BQS node when <see cref="Bqs"/>), with the deterministic risk settings, once per test class.</summary>
public abstract class FeedbackFederation : IAsyncLifetime
{
    public abstract DatabaseProvider Provider { get; }

    protected virtual bool Bqs => false;

    public TestFederation Federation { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Federation = await StartAsync(Provider, settings: ClearanceFederation.RiskSettings, ministries: true, only: [Moa, Pbc], bqs: Bqs);

    public async Task DisposeAsync() => await Federation.DisposeAsync();

    /// <summary>The feedback payloads a node received about one case.</summary>
    public async Task<List<JsonElement>> ReceivedAsync(string node, string caseRef)
    {
        using var system = Federation[node].Client();
        var inbox = await Expect(await system.GetAsync($"/api/exchange/inbox?type={AccountabilityWire.FeedbackReportedType}&pageSize=500"), HttpStatusCode.OK);
        return [.. inbox.GetProperty("items").EnumerateArray().Select(i => JsonDocument.Parse(Payload(i)).RootElement.Clone()).Where(p => p.GetProperty("caseRef").GetString() == caseRef)];
    }

    /// <summary>Waits until a node has received at least <paramref name="count"/> feedback payloads about one case.</summary>
    public async Task<List<JsonElement>> WaitForAsync(string node, string caseRef, int count)
    {
        var found = new List<JsonElement>();
        await WaitUntilAsync(async () => (found = await ReceivedAsync(node, caseRef)).Count >= count, $"{count} feedback on {caseRef} at {node}");
        return found;
    }

    private static string Payload(JsonElement item) => item.GetProperty("payload").GetString()!;
}

public sealed class SqliteFeedbackFederation : FeedbackFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresFeedbackFederation : FeedbackFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>With the Zhejiang BQS node: a federation of its own, so that its uses do not change the counts <see cref="FeedbackTests"/> reads.</summary>
public sealed class SqliteFeedbackBqsFederation : FeedbackFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override bool Bqs => true;
}

public sealed class PostgresFeedbackBqsFederation : FeedbackFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override bool Bqs => true;
}

/// <summary>
/// Feedback on every use (issue 17): the AQSIQ node's decisions that used a provider's record report it to the provider
/// in the decision's transaction; the provider keeps each once and its provider page counts them in sentences.
/// </summary>
public abstract class FeedbackTests(FeedbackFederation fixture)
{
    private static string Text(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    /// <summary>A feedback's detail as it travels (a stored message), in English.</summary>
    private static string English(JsonElement feedback) => Message.FromStored(Text(feedback, "detail"))!.Render(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Each_use_sends_one_feedback_to_its_provider_the_provider_keeps_it_once_and_its_page_counts_it()
    {
        var exporter = await fixture.Federation.SignInAsync(Aqsiq, "exporter.hangzhou");
        var importer = await fixture.Federation.SignInAsync(Aqsiq, "agent.ningbo");
        var moa = await fixture.Federation.SignInAsync(Moa, "moa.officer");

        // An export whose credit class (from PBC) entered the risk decision: it went to inspection.
        var tea = await SubmitAsync(exporter, (await CreateAsync(exporter, Export(120m, NewLot("TEA-FB")))).GetProperty("id").GetGuid());
        Assert.Equal("inspection", Text(tea, "status"));
        var teaNumber = Text(tea, "number");

        // An import whose quarantine permit (MOA) was checked at acceptance, and whose credit class came from PBC.
        var permit = await ShrimpPermitAsync(moa, 500m);
        var shrimp = await SubmitAsync(importer, (await CreateAsync(importer, Import(200m, NewLot("SHR-FB"), permit))).GetProperty("id").GetGuid());
        Assert.Equal("inspection", Text(shrimp, "status"));
        var shrimpNumber = Text(shrimp, "number");

        // An import returned by the formal check (no permit attached): no record was used, no feedback.
        var returned = await SubmitAsync(importer, (await CreateAsync(importer, Import(50m, NewLot("SHR-NO"), null))).GetProperty("id").GetGuid());
        Assert.Equal("returned", Text(returned, "status"));

        var credit = Assert.Single(await fixture.WaitForAsync(Pbc, teaNumber, 1));
        Assert.Equal(("credit-record", DemoTea, "inspection-ordered", "T-16"), (Text(credit, "dataKind"), Text(credit, "recordKey"), Text(credit, "outcome"), Text(credit, "agreement")));
        Assert.Equal(Text(tea, "office"), Text(credit, "usedBy"));
        // The detail travels coded (code and arguments): each node renders it in its reader's language.
        Assert.Contains("credit class A added 0 of the", English(credit), StringComparison.Ordinal);
        Assert.StartsWith("信用等级 A 占风险分值 ", Message.FromStored(Text(credit, "detail"))!.Render(CultureInfo.GetCultureInfo("zh-CN")), StringComparison.Ordinal);
        var shrimpCredit = Assert.Single(await fixture.WaitForAsync(Pbc, shrimpNumber, 1));
        Assert.Equal(("credit-record", DemoAgent, "inspection-ordered"), (Text(shrimpCredit, "dataKind"), Text(shrimpCredit, "recordKey"), Text(shrimpCredit, "outcome")));
        var permitUse = Assert.Single(await fixture.WaitForAsync(Moa, shrimpNumber, 1));
        Assert.Equal(("quarantine-permit", permit, "accepted", "T-10"), (Text(permitUse, "dataKind"), Text(permitUse, "recordKey"), Text(permitUse, "outcome"), Text(permitUse, "agreement")));
        Assert.Empty(await fixture.ReceivedAsync(Moa, teaNumber));
        Assert.Empty(await fixture.ReceivedAsync(Pbc, Text(returned, "number")));
        Assert.Empty(await fixture.ReceivedAsync(Moa, Text(returned, "number")));

        // The provider keeps each once; the consumer keeps what it sent, with the envelope.
        var (pbcScope, pbcDb) = fixture.Federation[Pbc].Database();
        await using (pbcScope)
        {
            Assert.Single(pbcDb.Set<GoldenQuality.Accountability.FeedbackRow>().Where(f => f.CaseRef == teaNumber).ToList());
        }

        var (aqsiqScope, aqsiqDb) = fixture.Federation[Aqsiq].Database();
        await using (aqsiqScope)
        {
            var sent = aqsiqDb.Set<GoldenQuality.Accountability.FeedbackRow>().Where(f => f.CaseRef == shrimpNumber).ToList();
            Assert.Equal(2, sent.Count);
            Assert.All(sent, f => Assert.NotNull(f.EnvelopeId));
            Assert.Equal([Moa, Pbc], sent.Select(f => f.Provider).Order(StringComparer.Ordinal));
        }

        // The provider page of the central bank: the queries it answered and the outcomes, in a sentence in both languages.
        var pbc = await fixture.Federation.SignInAsync(Pbc, "pbc.officer");
        var report = await Expect(await pbc.GetAsync("/api/accountability/provider"), HttpStatusCode.OK);
        Assert.Equal("GQ/GOV/PBC", Text(report, "agency"));
        var outcome = Assert.Single(report.GetProperty("outcomes").EnumerateArray());
        Assert.Equal(("GQ/GOV/AQSIQ", "credit-record", "inspection-ordered", 2), (Text(outcome, "consumer"), Text(outcome, "dataKind"), Text(outcome, "outcome"), outcome.GetProperty("count").GetInt32()));
        var sentence = Assert.Single(report.GetProperty("sentences").EnumerateArray());
        Assert.Equal("Your credit records led to 2 physical inspections this month.", Text(sentence, "en"));
        Assert.Equal("您的信用记录本月促成 2 次查验。", Text(sentence, "zh"));
        var queries = Assert.Single(report.GetProperty("shared").EnumerateArray(), s => Text(s, "what") == "credit-record" && Text(s, "consumer") == "GQ/GOV/AQSIQ");
        Assert.True(queries.GetProperty("query").GetBoolean());
        Assert.Equal(("T-16", "tests", 2), (Text(queries, "agreement"), Text(queries, "purpose"), queries.GetProperty("count").GetInt32()));

        // The page says the same, in the reader's language (Chinese by default; English by the culture cookie).
        var zhPage = WebUtility.HtmlDecode(await pbc.GetStringAsync("/provider"));
        Assert.Contains("您的信用记录本月促成 2 次查验。", zhPage, StringComparison.Ordinal);
        Assert.Contains("已安排查验", zhPage, StringComparison.Ordinal);
        using var english = new HttpRequestMessage(HttpMethod.Get, "/provider");
        english.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Den%7Cuic%3Den");
        var enPage = WebUtility.HtmlDecode(await (await pbc.SendAsync(english)).Content.ReadAsStringAsync());
        Assert.Contains("Your credit records led to 2 physical inspections this month.", enPage, StringComparison.Ordinal);
        Assert.Contains("Physical inspection ordered", enPage, StringComparison.Ordinal);
        var badPage = WebUtility.HtmlDecode(await (await pbc.GetAsync("/provider?from=2026-11-10&to=2026-11-01")).Content.ReadAsStringAsync());
        Assert.Contains("期间的截止须晚于起始，且不超过 366 天。", badPage, StringComparison.Ordinal);

        var moaReport = await Expect(await moa.GetAsync("/api/accountability/provider"), HttpStatusCode.OK);
        Assert.Equal("Your quarantine permits led to 1 acceptance this month.", Text(Assert.Single(moaReport.GetProperty("sentences").EnumerateArray()), "en"));
    }

    [Fact]
    public async Task Malformed_feedback_is_refused_with_the_reason_and_kept_nowhere()
    {
        // On the Customs node, so that the provider pages the other test reads are not touched.
        await using var scope = fixture.Federation[Customs].Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
        var handler = scope.ServiceProvider.GetServices<IEnvelopeHandler>().Single(h => h.Handles(AccountabilityWire.FeedbackReportedType));
        var header = new EnvelopeHeader(Guid.NewGuid(), AccountabilityWire.FeedbackReportedType, Aqsiq + "/CIQ-ZJ-NB", [Customs], null, null, DateTimeOffset.UtcNow, "x", 1);
        var bad = JsonSerializer.SerializeToElement(new { dataKind = "credit-record", recordKey = DemoTea, caseRef = "X-1", outcome = "Inspection Ordered", usedBy = "CIQ-ZJ-NB", usedAt = DateTimeOffset.UtcNow });
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => handler.HandleAsync(db, header, bad, CancellationToken.None));
        Assert.Contains("outcome must be kebab-case", refused.Message, StringComparison.Ordinal);
        var empty = await Assert.ThrowsAsync<InvalidOperationException>(() => handler.HandleAsync(db, header, JsonSerializer.SerializeToElement(new { }), CancellationToken.None));
        Assert.Contains("dataKind must be kebab-case", empty.Message, StringComparison.Ordinal);
        Assert.Empty(db.ChangeTracker.Entries<GoldenQuality.Accountability.FeedbackRow>());

        // The same envelope delivered twice is kept once.
        var good = JsonSerializer.SerializeToElement(new FeedbackReported("credit-record", DemoTea, "X-2", "hold", null, null, "CIQ-ZJ-NB", DateTimeOffset.UtcNow), Envelopes.Json);
        await handler.HandleAsync(db, header, good, CancellationToken.None);
        await db.SaveChangesAsync();
        await handler.HandleAsync(db, header, good, CancellationToken.None);
        await db.SaveChangesAsync();
        Assert.Single(db.Set<GoldenQuality.Accountability.FeedbackRow>().Where(f => f.EnvelopeId == header.Id).ToList());
    }

    [Fact]
    public async Task The_provider_report_is_for_officials_and_its_window_is_bounded()
    {
        var pbc = await fixture.Federation.SignInAsync(Pbc, "pbc.officer");
        var backwards = await Expect(await pbc.GetAsync("/api/accountability/provider?from=2026-11-10T00:00:00Z&to=2026-11-01T00:00:00Z"), HttpStatusCode.BadRequest);
        Assert.Equal(["must be after from"], TestData.FieldErrors(backwards, "to"));
        var tooLong = await Expect(await pbc.GetAsync("/api/accountability/provider?from=2024-01-01T00:00:00Z&to=2026-11-01T00:00:00Z"), HttpStatusCode.BadRequest);
        Assert.Equal(["the window is at most 366 days"], TestData.FieldErrors(tooLong, "to"));
        var past = await Expect(await pbc.GetAsync("/api/accountability/provider?from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z"), HttpStatusCode.OK);
        Assert.Empty(past.GetProperty("outcomes").EnumerateArray());
        Assert.Empty(past.GetProperty("sentences").EnumerateArray());

        var importer = await fixture.Federation.SignInAsync(Aqsiq, "agent.ningbo");
        Assert.Equal(HttpStatusCode.Forbidden, (await importer.GetAsync("/api/accountability/provider")).StatusCode);
    }
}

[Collection("sqlite")]
public sealed class FeedbackOnSqlite(SqliteFeedbackFederation fixture) : FeedbackTests(fixture), IClassFixture<SqliteFeedbackFederation>;

[Collection("postgres")]
public sealed class FeedbackOnPostgres(PostgresFeedbackFederation fixture) : FeedbackTests(fixture), IClassFixture<PostgresFeedbackFederation>;

/// <summary>
/// The uses the main flow does not make: an LPCO its issuer refused at acceptance (feedback <c>refused</c>), and a BQS
/// spot-check failure that raised an export's risk score (feedback <c>risk-raised</c> to the BQS).
/// </summary>
public abstract class FeedbackRefusalAndSignalTests(FeedbackFederation fixture)
{
    private static string Text(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    /// <summary>A feedback's detail as it travels (a stored message), in English.</summary>
    private static string English(JsonElement feedback) => Message.FromStored(Text(feedback, "detail"))!.Render(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_permit_its_issuer_refused_at_acceptance_reports_refused_with_the_reason_and_no_credit_use()
    {
        var importer = await fixture.Federation.SignInAsync(Aqsiq, "agent.ningbo");
        var moa = await fixture.Federation.SignInAsync(Moa, "moa.officer");

        // The permit covers 100 kg; the import declares 300 kg: MOA refuses it and the declaration is returned.
        var permit = await ShrimpPermitAsync(moa, 100m);
        var returned = await SubmitAsync(importer, (await CreateAsync(importer, Import(300m, NewLot("SHR-RF"), permit))).GetProperty("id").GetGuid());
        Assert.Equal("returned", Text(returned, "status"));
        var number = Text(returned, "number");

        var refused = Assert.Single(await fixture.WaitForAsync(Moa, number, 1));
        Assert.Equal(("quarantine-permit", permit, "refused", "T-10"), (Text(refused, "dataKind"), Text(refused, "recordKey"), Text(refused, "outcome"), Text(refused, "agreement")));
        Assert.Equal(Text(returned, "office"), Text(refused, "usedBy"));
        Assert.Contains("300 KGM exceeds what remains", Text(refused, "detail"), StringComparison.Ordinal);

        // The risk was never decided: the credit class was not used, so the central bank hears nothing of it.
        Assert.Empty(await fixture.ReceivedAsync(Pbc, number));
        var (pbcScope, pbcDb) = fixture.Federation[Pbc].Database();
        await using (pbcScope)
        {
            Assert.Empty(pbcDb.Set<GoldenQuality.Accountability.FeedbackRow>().Where(f => f.CaseRef == number).ToList());
        }

        var (moaScope, moaDb) = fixture.Federation[Moa].Database();
        await using (moaScope)
        {
            Assert.Single(moaDb.Set<GoldenQuality.Accountability.FeedbackRow>().Where(f => f.CaseRef == number && f.Outcome == "refused").ToList());
        }
    }

    [Fact]
    public async Task A_bqs_spot_check_failure_that_raised_an_exports_risk_reports_risk_raised_to_the_bqs_with_the_decision()
    {
        var exporter = await fixture.Federation.SignInAsync(Aqsiq, "exporter.hangzhou");
        var ciq = await fixture.Federation.SignInAsync(Aqsiq, "ciq.hangzhou");

        // The BQS's spot-check failure of the tea maker reaches the national node as a signal.
        var sample = "S-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        await using (var scope = fixture.Federation[BqsZhejiang].Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
            var node = scope.ServiceProvider.GetRequiredService<ExchangeNode>();
            var sent = scope.ServiceProvider.GetRequiredService<ExchangeSender>().As(SendingModule.Quality).Send(db, QualityWire.SpotCheckNonconformingType,
                new SpotCheckNonconforming(sample, "P-2026-ZJ-01", DemoTea, "Hangzhou Demo Tea Co., Ltd. (demo)", "Longjing green tea", "tea", "LJ-01", new DateOnly(2026, 11, 2),
                    [new SpotCheckFailedItem("pb", 6.2m, "mg/kg", "≤ 5.0", "GB 2762-2022", "4.1")], "rectification-order", "BQS-ZJ-HZ", "CIQ-ZJ-HZ", DateTimeOffset.UtcNow.AddMinutes(-1)),
                [node.PartyOf("CIQ-ZJ-HZ")!], "BQS-ZJ");
            Assert.Empty(sent.Denied);
            await db.SaveChangesAsync();
        }

        await WaitUntilAsync(async () => (await Expect(await ciq.GetAsync($"/api/quality/signals?uscc={DemoTea}&pageSize=100"), HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().Any(i => Text(i, "reference") == sample), "the spot-check signal on the national node");

        // The next export of the maker: the signal raised its score and it went to inspection; the BQS hears which decision.
        var tea = await SubmitAsync(exporter, (await CreateAsync(exporter, Export(100m, NewLot("TEA-RR")))).GetProperty("id").GetGuid());
        Assert.Equal("inspection", Text(tea, "status"));
        var number = Text(tea, "number");
        var raised = Assert.Single(await fixture.WaitForAsync(BqsZhejiang, number, 1));
        Assert.Equal(("spot-check", sample, "risk-raised", "T-20"), (Text(raised, "dataKind"), Text(raised, "recordKey"), Text(raised, "outcome"), Text(raised, "agreement")));
        Assert.Equal(Text(tea, "office"), Text(raised, "usedBy"));
        Assert.Contains($"raised the risk score of export {number}", English(raised), StringComparison.Ordinal);
        Assert.Contains("decision physical inspection", English(raised), StringComparison.Ordinal);

        // The bureau's provider page counts it in a sentence.
        var bureau = await fixture.Federation.SignInAsync(BqsZhejiang, "bqs.licensing");
        var report = await Expect(await bureau.GetAsync("/api/accountability/provider"), HttpStatusCode.OK);
        Assert.Equal("GQ/GOV/BQS-ZJ", Text(report, "agency"));
        var sentence = Assert.Single(report.GetProperty("sentences").EnumerateArray());
        Assert.Equal("Your spot-check results led to 1 raised risk score this month.", Text(sentence, "en"));
        Assert.Equal("您的监督抽查结果本月促成 1 次风险评分上调。", Text(sentence, "zh"));

        // The latest feedback's detail, in the language the reader asks for.
        var latest = report.GetProperty("latest").EnumerateArray().Single(f => Text(f, "caseRef") == number);
        Assert.Equal(English(raised), Text(latest, "detail"));
        using var zh = new HttpRequestMessage(HttpMethod.Get, "/api/accountability/provider");
        zh.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var chinese = (await Expect(await bureau.SendAsync(zh), HttpStatusCode.OK)).GetProperty("latest").EnumerateArray().Single(f => Text(f, "caseRef") == number);
        Assert.StartsWith($"{DemoTea} 的 spot-check {sample} 提高了出口申报单 {number} 的风险分值：分值 ", Text(chinese, "detail"), StringComparison.Ordinal);
        Assert.EndsWith("，决定：现场查验", Text(chinese, "detail"), StringComparison.Ordinal);
    }
}

[Collection("sqlite")]
public sealed class FeedbackRefusalAndSignalOnSqlite(SqliteFeedbackBqsFederation fixture) : FeedbackRefusalAndSignalTests(fixture), IClassFixture<SqliteFeedbackBqsFederation>;

[Collection("postgres")]
public sealed class FeedbackRefusalAndSignalOnPostgres(PostgresFeedbackBqsFederation fixture) : FeedbackRefusalAndSignalTests(fixture), IClassFixture<PostgresFeedbackBqsFederation>;
