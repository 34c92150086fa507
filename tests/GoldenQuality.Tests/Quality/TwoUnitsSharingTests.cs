using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Quality.Contracts;
using GoldenQuality.Tests.Clearance;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static GoldenQuality.Tests.Clearance.Flow;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Quality;

/// <summary>
/// The national (AQSIQ) node, the Customs node and the Zhejiang BQS node (<c>bqs: true</c>), once per test class; the
/// tea lead limit of GB 2762-2022 imported, no random inspection, and an unknown credit class weighing nothing, so
/// that the demo tea maker scores as class A does (credit 0, tea 15) without the central bank's node.
/// </summary>
public abstract class TwoUnitsFederation : IAsyncLifetime
{
    public abstract DatabaseProvider Provider { get; }

    public TestFederation Federation { get; private set; } = null!;

    public static Dictionary<string, string?> Settings => new()
    {
        ["Declarations:Risk:RandomSampleRate"] = "0",
        ["Declarations:Risk:CreditPoints:unknown"] = "0",
    };

    public async Task InitializeAsync()
    {
        Federation = await StartAsync(Provider, settings: Settings, bqs: true);
        var admin = await Federation.SignInAsync(Aqsiq, "admin");
        await Expect(await admin.PostAsync("/api/standards/import/requirements",
            new StringContent(ClearanceFederation.TeaLeadRequirement, System.Text.Encoding.UTF8, "text/csv")), HttpStatusCode.OK);
    }

    public async Task DisposeAsync() => await Federation.DisposeAsync();

    /// <summary>
    /// Sends a message of the Quality module from the BQS node, as its licence and spot-check handlers do, addressed to
    /// the node hosting <paramref name="ciqOffice"/>; returns the envelope id.
    /// </summary>
    public async Task<Guid> SendFromBqsAsync(string type, object payload, string ciqOffice = "CIQ-ZJ-HZ")
    {
        await using var scope = Federation[BqsZhejiang].Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
        var node = scope.ServiceProvider.GetRequiredService<ExchangeNode>();
        var sent = scope.ServiceProvider.GetRequiredService<ExchangeSender>().As(SendingModule.Quality)
            .Send(db, type, payload, [node.PartyOf(ciqOffice)!], "BQS-ZJ");
        Assert.Empty(sent.Denied);
        await db.SaveChangesAsync();
        return Assert.Single(sent.Envelopes);
    }
}

public sealed class SqliteTwoUnitsFederation : TwoUnitsFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresTwoUnitsFederation : TwoUnitsFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// The "two units" (issue 15): a domestic lot is supervised by the BQS and its nonconformity reaches the BQS node; the
/// BQS's licence suspensions and spot-check failures reach the national node and weigh in the manufacturer's export
/// risk; CIQ's export nonconformity reaches the BQS node as a lead; bad signals are refused, duplicates kept once.
/// </summary>
public abstract class TwoUnitsSharingTests(TwoUnitsFederation fixture)
{
    private const string NingboFood = "913302000000DEM02M";

    private static string Text(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    private static JsonElement Reason(JsonElement declaration, string input) =>
        declaration.GetProperty("risk").GetProperty("reasons").EnumerateArray().Single(r => Text(r, "input") == input);

    private static ProductionLicenceStatusChanged Licence(string number, string status, string reason, DateTimeOffset at, string ciqOffice = "CIQ-ZJ-HZ", string holder = DemoTea) =>
        new(number, holder, "Hangzhou Demo Tea Co., Ltd. (demo)", "330106", ["tea"], status, reason, new DateOnly(2026, 1, 1), new DateOnly(2030, 12, 31), "BQS-ZJ", ciqOffice, at);

    private async Task<JsonElement> SignalsAsync(HttpClient ciq, string uscc) => await Expect(await ciq.GetAsync($"/api/quality/signals?uscc={uscc}&pageSize=100"), HttpStatusCode.OK);

    private async Task<JsonElement> WaitForSignalAsync(HttpClient ciq, string uscc, string reference, string status)
    {
        JsonElement found = default;
        await WaitUntilAsync(async () =>
        {
            var items = (await SignalsAsync(ciq, uscc)).GetProperty("items").EnumerateArray().ToList();
            found = items.FirstOrDefault(i => Text(i, "reference") == reference && Text(i, "status") == status);
            return found.ValueKind == JsonValueKind.Object;
        }, $"signal {reference} {status} on the national node");
        return found;
    }

    [Fact]
    public async Task A_domestic_lot_is_supervised_by_the_bqs_and_its_nonconformity_reaches_the_bqs_node_an_export_lot_stays_with_ciq()
    {
        using var system = fixture.Federation[Aqsiq].Client();
        var line = "L-" + Guid.NewGuid().ToString("N")[..8];
        await Expect(await system.PostAsJsonAsync("/api/supervision/lines", new { code = line, name = "Rice line", enterpriseUscc = NingboFood }), HttpStatusCode.Created);
        var domestic = await Expect(await system.PostAsJsonAsync("/api/supervision/lots",
            new { line, number = NewLot("DOM"), product = "cereal.rice", market = "domestic:330000", enterpriseUscc = NingboFood }), HttpStatusCode.Created);
        var export = await Expect(await system.PostAsJsonAsync("/api/supervision/lots",
            new { line, number = NewLot("EXP"), product = "cereal.rice", market = "export", enterpriseUscc = NingboFood }), HttpStatusCode.Created);
        Assert.Equal("BQS-ZJ", Text(domestic, "office"));
        Assert.Equal("CIQ-NB", Text(export, "office"));

        var lot = Text(domestic, "id");
        var at = DateTimeOffset.UtcNow.AddMinutes(-3).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var ingested = await Expect(await system.PostAsJsonAsync("/api/supervision/measurements",
            new { measurements = new[] { new { lot, device = "dev-1", sensor = "s1", parameter = "pb", value = 0.4, unit = "mg/kg", at } } }), HttpStatusCode.OK);
        Assert.Equal(1, ingested.GetProperty("nonconforming").GetInt32());

        // The bureau's officer reads it on the BQS node; the Hangzhou office, below the bureau, does not see the bureau's events.
        var bureau = await fixture.Federation.SignInAsync(BqsZhejiang, "bqs.licensing");
        var hangzhou = await fixture.Federation.SignInAsync(BqsZhejiang, "bqs.hangzhou");
        await WaitUntilAsync(async () =>
            (await Expect(await bureau.GetAsync("/api/supervision/received-events?pageSize=500"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
                .Any(i => i.GetProperty("event").GetProperty("lotId").GetString() == lot && i.GetProperty("event").GetProperty("office").GetString() == "BQS-ZJ"),
            "the domestic lot's nonconformity on the BQS node");
        var theirs = await Expect(await hangzhou.GetAsync("/api/supervision/received-events?pageSize=500"), HttpStatusCode.OK);
        Assert.DoesNotContain(theirs.GetProperty("items").EnumerateArray(), i => i.GetProperty("event").GetProperty("lotId").GetString() == lot);
        var asked = await Expect(await hangzhou.GetAsync("/api/supervision/received-events?office=BQS-ZJ&pageSize=500"), HttpStatusCode.OK);
        Assert.Equal(0, asked.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Bqs_signals_raise_the_export_risk_a_reinstatement_clears_it_and_a_failed_export_comes_back_as_a_lead()
    {
        var exporter = await fixture.Federation.SignInAsync(Aqsiq, "exporter.hangzhou");
        var ciq = await fixture.Federation.SignInAsync(Aqsiq, "ciq.hangzhou");
        var licence = "SC" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var suspendedAt = DateTimeOffset.UtcNow.AddMinutes(-10);

        // A suspension on the BQS node reaches the national node and the next export of the maker goes to physical inspection.
        await fixture.SendFromBqsAsync(QualityWire.LicenceStatusChangedType, Licence(licence, "suspended", "rectification order after spot check", suspendedAt));
        var signal = await WaitForSignalAsync(ciq, DemoTea, licence, "suspended");
        Assert.Equal(("licence", "BQS-ZJ", BqsZhejiang, "T-20"), (Text(signal, "kind"), Text(signal, "office"), Text(signal, "senderNode"), Text(signal, "agreementId")));
        var suspended = await SubmitAsync(exporter, (await CreateAsync(exporter, Export(100m, NewLot("TEA-Q")))).GetProperty("id").GetGuid());
        var reason = Reason(suspended, "domestic-supervision");
        Assert.Equal(30, reason.GetProperty("points").GetInt32());
        Assert.Contains($"production licence {licence} of {DemoTea} suspended by BQS-ZJ", Text(reason, "explanation"), StringComparison.Ordinal);
        Assert.Contains("rectification order after spot check", Text(reason, "explanation"), StringComparison.Ordinal);
        Assert.Equal("physical-inspection", Text(suspended.GetProperty("risk"), "outcome"));

        // The reinstatement clears it.
        await fixture.SendFromBqsAsync(QualityWire.LicenceStatusChangedType, Licence(licence, "granted", "reinstated after rectification", suspendedAt.AddMinutes(5)));
        await WaitForSignalAsync(ciq, DemoTea, licence, "granted");
        var reinstated = await SubmitAsync(exporter, (await CreateAsync(exporter, Export(100m, NewLot("TEA-Q")))).GetProperty("id").GetGuid());
        Assert.Equal(0, Reason(reinstated, "domestic-supervision").GetProperty("points").GetInt32());
        Assert.Equal("document-check", Text(reinstated.GetProperty("risk"), "outcome"));

        // CIQ finds the suspended maker's export nonconforming: the lead reaches the Hangzhou BQS office.
        var failed = await InspectAsync(ciq, suspended.GetProperty("id").GetGuid(), 6.2);
        Assert.Equal("failed", Text(failed, "status"));
        Assert.Contains(Stages(await GetAsync(ciq, suspended.GetProperty("id").GetGuid())), s => s == "nonconformity-reported");
        var hangzhou = await fixture.Federation.SignInAsync(BqsZhejiang, "bqs.hangzhou");
        var number = Text(suspended, "number");
        JsonElement lead = default;
        await WaitUntilAsync(async () =>
        {
            var items = (await Expect(await hangzhou.GetAsync("/api/quality/leads?open=true&pageSize=100"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();
            lead = items.FirstOrDefault(i => Text(i, "declarationNumber") == number);
            return lead.ValueKind == JsonValueKind.Object;
        }, "the lead on the BQS node");
        Assert.Equal((DemoTea, "BQS-ZJ-HZ", "CIQ-ZJ-HZ", "open", "T-21"), (Text(lead, "manufacturerUscc"), Text(lead, "bqsOffice"), Text(lead, "ciqOffice"), Text(lead, "status"), Text(lead, "agreementId")));
        Assert.Contains("pb 6.2 mg/kg", Text(lead, "failed"), StringComparison.Ordinal);
        Assert.StartsWith("0902", Text(lead, "hsCode"), StringComparison.Ordinal);

        // Closing it: a note is required; once closed it cannot close again.
        var id = Text(lead, "id");
        var noNote = await Expect(await hangzhou.PostAsJsonAsync($"/api/quality/leads/{id}/close", new { note = "", ledTo = "bad number!" }), HttpStatusCode.BadRequest);
        Assert.NotEmpty(TestData.FieldErrors(noNote, "note"));
        Assert.NotEmpty(TestData.FieldErrors(noNote, "ledTo"));
        var closed = await Expect(await hangzhou.PostAsJsonAsync($"/api/quality/leads/{id}/close", new { note = "market sample taken", ledTo = "S-2026-0001", version = 1 }), HttpStatusCode.OK);
        Assert.Equal(("closed", "S-2026-0001", "bqs.hangzhou"), (Text(closed, "status"), Text(closed, "ledTo"), Text(closed, "closedBy")));
        await Expect(await hangzhou.PostAsJsonAsync($"/api/quality/leads/{id}/close", new { note = "again" }), HttpStatusCode.Conflict);
        var open = await Expect(await hangzhou.GetAsync("/api/quality/leads?open=true&pageSize=100"), HttpStatusCode.OK);
        Assert.DoesNotContain(open.GetProperty("items").EnumerateArray(), i => Text(i, "id") == id);

        // A spot-check failure reaches the national node too and counts 15 points.
        var sample = "S-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        await fixture.SendFromBqsAsync(QualityWire.SpotCheckNonconformingType, new SpotCheckNonconforming(sample, "P-2026-ZJ-01", DemoTea, "Hangzhou Demo Tea Co., Ltd. (demo)",
            "Longjing green tea", "tea", "LJ-01", new DateOnly(2026, 11, 2), [new SpotCheckFailedItem("pb", 6.2m, "mg/kg", "≤ 5.0", "GB 2762-2022", "4.1")], "rectification-order",
            "BQS-ZJ-HZ", "CIQ-ZJ-HZ", DateTimeOffset.UtcNow.AddMinutes(-1)));
        await WaitForSignalAsync(ciq, DemoTea, sample, "nonconforming");
        var afterSpotCheck = await SubmitAsync(exporter, (await CreateAsync(exporter, Export(100m, NewLot("TEA-Q")))).GetProperty("id").GetGuid());
        var spot = Reason(afterSpotCheck, "domestic-supervision");
        Assert.Equal(15, spot.GetProperty("points").GetInt32());
        Assert.Contains($"spot-check sample {sample}", Text(spot, "explanation"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_registers_own_steps_reach_the_national_node_a_suspension_and_reinstatement_and_a_failed_market_sample()
    {
        var ciq = await fixture.Federation.SignInAsync(Aqsiq, "ciq.hangzhou");
        var maker = await fixture.Federation.SignInAsync(BqsZhejiang, "tea.maker");
        var licensing = await fixture.Federation.SignInAsync(BqsZhejiang, "bqs.licensing");
        var hangzhou = await fixture.Federation.SignInAsync(BqsZhejiang, "bqs.hangzhou");

        // A licence granted, suspended and reinstated through the register (part A's routes) reaches the national node each time.
        var applied = await Expect(await maker.PostAsJsonAsync("/api/quality/licences",
            new { kind = "food", siteAddress = "浙江省杭州市西湖区示例路1号（测试）", siteArea = "330106", categories = new[] { "tea" } }), HttpStatusCode.Created);
        var app = Uri.EscapeDataString(Text(applied, "applicationNumber"));
        await Expect(await licensing.PostAsJsonAsync($"/api/quality/licences/{app}/review",
            new { scheduledOn = "2026-03-10", reviewers = new[] { "王核查" }, result = "pass", findings = "conforms" }), HttpStatusCode.OK);
        var number = Text(await Expect(await licensing.PostAsJsonAsync($"/api/quality/licences/{app}/grant", new { }), HttpStatusCode.OK), "number");
        await Expect(await licensing.PostAsJsonAsync($"/api/quality/licences/{Uri.EscapeDataString(number)}/suspend", new { reason = "test suspension", reference = "S-TEST" }), HttpStatusCode.OK);
        var suspended = await WaitForSignalAsync(ciq, DemoTea, number, "suspended");
        Assert.Equal(("BQS-ZJ-HZ", "T-20"), (Text(suspended, "office"), Text(suspended, "agreementId")));
        Assert.Contains("test suspension", Text(suspended, "reason"), StringComparison.Ordinal);
        await Expect(await licensing.PostAsJsonAsync($"/api/quality/licences/{Uri.EscapeDataString(number)}/reinstate", new { reason = "rectified" }), HttpStatusCode.OK);

        // Granted, suspended, granted again: the latest status clears the suspension for the risk decision.
        await WaitUntilAsync(async () => (await SignalsAsync(ciq, DemoTea)).GetProperty("items").EnumerateArray().Count(i => Text(i, "reference") == number) == 3,
            "the reinstatement on the national node");
        using (var scope = fixture.Federation[Aqsiq].Services.CreateScope())
        {
            var active = await scope.ServiceProvider.GetRequiredService<IDomesticSupervisionSignals>().ActiveAsync(DemoTea, DateTimeOffset.UtcNow.AddDays(-365), CancellationToken.None);
            Assert.DoesNotContain(active.Licences, l => l.Reference == number);
        }

        // A market sample of the Ningbo food maker's tea judged nonconforming (part C's routes) reaches the national node too.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var plan = await Expect(await hangzhou.PostAsJsonAsync("/api/quality/plans", new
        {
            level = "provincial", title = "Tea in Hangzhou markets (test)", categories = new[] { "tea" }, standards = new[] { "GB 2762-2022" }, plannedSamples = 5,
            regions = new[] { "330100" }, periodFrom = today.AddDays(-30), periodTo = today.AddDays(30),
        }), HttpStatusCode.Created);
        var sample = await Expect(await hangzhou.PostAsJsonAsync($"/api/quality/plans/{Text(plan, "number")}/samples", new
        {
            placeName = "West Lake demo supermarket (test)", areaCode = "330106", sellerName = "Demo supermarket (test)", manufacturerUscc = NingboFood,
            product = "Green tea 250 g (test)", category = "tea", lotNumber = NewLot("NB"), sampledOn = today.AddDays(-2), samplers = new[] { "Wang Test", "Li Test" }, quantity = "4 × 250 g",
        }), HttpStatusCode.Created);
        var sampleNumber = Text(sample, "number");
        var judged = await Expect(await hangzhou.PostAsJsonAsync($"/api/quality/samples/{sampleNumber}/results", new
        {
            laboratory = "Test laboratory", reportNumber = NewLot("R"), testedOn = today.AddDays(-1), items = new[] { new { parameter = "pb", value = 6.2m, unit = "mg/kg" } },
        }), HttpStatusCode.OK);
        Assert.Equal("nonconforming", Text(judged, "outcome"));
        var failure = await WaitForSignalAsync(ciq, NingboFood, sampleNumber, "nonconforming");
        Assert.Equal(("spot-check", "BQS-ZJ-HZ", "CIQ-NB"), (Text(failure, "kind"), Text(failure, "office"), Text(failure, "ciqOffice")));
        Assert.Contains("pb 6.2", Text(failure, "failed"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_or_misaddressed_signal_is_refused_and_the_same_envelope_twice_keeps_one_signal()
    {
        using var bqsSystem = fixture.Federation[BqsZhejiang].Client();
        var ciq = await fixture.Federation.SignInAsync(Aqsiq, "ciq.hangzhou");
        var bad = await fixture.SendFromBqsAsync(QualityWire.LicenceStatusChangedType, Licence("SC-BAD-1", "paused", "no such status", DateTimeOffset.UtcNow, holder: "not-a-uscc"));
        var misaddressed = await fixture.SendFromBqsAsync(QualityWire.LicenceStatusChangedType, Licence("SC-BAD-2", "suspended", "for another office", DateTimeOffset.UtcNow, ciqOffice: "CIQ-SD"));
        async Task<string?> ErrorOf(Guid envelope)
        {
            var outbox = await Expect(await bqsSystem.GetAsync("/api/exchange/outbox?pageSize=500"), HttpStatusCode.OK);
            return outbox.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("envelopeId").GetGuid() == envelope)
                .Select(i => i.GetProperty("lastError").ValueKind == JsonValueKind.String ? Text(i, "lastError") : null).FirstOrDefault();
        }

        await WaitUntilAsync(async () => (await ErrorOf(bad))?.Contains("holderUscc", StringComparison.Ordinal) == true, "the malformed signal refused");
        Assert.Contains("status must be one of", await ErrorOf(bad), StringComparison.Ordinal);
        await WaitUntilAsync(async () => (await ErrorOf(misaddressed))?.Contains("not addressed to", StringComparison.Ordinal) == true, "the misaddressed signal refused");
        var all = await Expect(await ciq.GetAsync("/api/quality/signals?pageSize=500"), HttpStatusCode.OK);
        Assert.DoesNotContain(all.GetProperty("items").EnumerateArray(), i => Text(i, "reference").StartsWith("SC-BAD-", StringComparison.Ordinal));

        // The national node's handler given the same envelope twice (as a redelivery would) keeps one signal.
        var header = new EnvelopeHeader(Guid.CreateVersion7(), QualityWire.LicenceStatusChangedType, BqsZhejiang + "/BQS-ZJ", [Aqsiq + "/CIQ-ZJ-HZ"], null, null, DateTimeOffset.UtcNow, "", 0);
        var reference = "SC-DUP-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        // (Another holder than the tea maker, whose export risk the other tests weigh.)
        var payload = JsonSerializer.SerializeToElement(Licence(reference, "revoked", "revoked twice?", DateTimeOffset.UtcNow, holder: NingboFood), Envelopes.Json);
        for (var i = 0; i < 2; i++)
        {
            await using var scope = fixture.Federation[Aqsiq].Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
            var handler = scope.ServiceProvider.GetServices<IEnvelopeHandler>().Single(h => h.Handles(QualityWire.LicenceStatusChangedType));
            await handler.HandleAsync(db, header, payload, CancellationToken.None);
            await db.SaveChangesAsync();
        }

        var kept = await Expect(await ciq.GetAsync("/api/quality/signals?pageSize=500"), HttpStatusCode.OK);
        Assert.Single(kept.GetProperty("items").EnumerateArray(), i => Text(i, "reference") == reference);

        // The signals are the inspection line's to read, the leads the BQS's.
        var bqs = await fixture.Federation.SignInAsync(BqsZhejiang, "bqs.licensing");
        Assert.Equal(HttpStatusCode.Forbidden, (await bqs.GetAsync("/api/quality/signals")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ciq.GetAsync("/api/quality/leads")).StatusCode);
        await Expect(await ciq.GetAsync("/api/quality/signals?uscc=bad"), HttpStatusCode.BadRequest);
    }
}

[Collection("sqlite")]
public sealed class TwoUnitsSharingOnSqlite(SqliteTwoUnitsFederation fixture) : TwoUnitsSharingTests(fixture), IClassFixture<SqliteTwoUnitsFederation>;

[Collection("postgres")]
public sealed class TwoUnitsSharingOnPostgres(PostgresTwoUnitsFederation fixture) : TwoUnitsSharingTests(fixture), IClassFixture<PostgresTwoUnitsFederation>;
