using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Declarations;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GoldenQuality.Tests.Clearance.Flow;

namespace GoldenQuality.Tests.Alerts;

/// <summary>
/// The national AQSIQ node, Customs and the Shandong CIQ node (provincial: true), once per test class. Every
/// declaration gets a physical inspection (no document check, no random sample), so the tests drive the permits.
/// </summary>
public abstract class HoldFederation : IAsyncLifetime
{
    public abstract DatabaseProvider Provider { get; }

    public TestFederation Federation { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Federation = await TestFederation.StartAsync(Provider, settings: new()
        {
            ["Declarations:Risk:RandomSampleRate"] = "0",
            ["Declarations:Risk:DocumentCheckBelow"] = "0",
            ["Declarations:Risk:PhysicalInspectionBelow"] = "1000",
        }, provincial: true);

    public async Task DisposeAsync()
    {
        await Federation.DisposeAsync();
    }
}

public sealed class SqliteHoldFederation : HoldFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresHoldFederation : HoldFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// Issue 16, holds: a validated alert holds what matches it on every node (declarations, permits and their port and
/// Customs copies, lots); the port check and the Customs verification answer held with the reason; only a supervisor of
/// the hold's office or above decides, with evidence (a release with a passing re-test); the decision does what it says
/// to the subject and reaches the copies on the other nodes; a decided hold is not decided twice, and a duplicate
/// decision message changes nothing. An E-Supervision nonconformity hold is in the register and its release lets the
/// lot complete. (Until the notifications part distributes alerts, the tests raise <see cref="AlertHoldsRequested"/>
/// on each node, as the notifications part does when the alert is validated or arrives.)
/// </summary>
public abstract class HoldTests(HoldFederation fixture)
{
    private const string QingdaoSeafood = "913702000000DEM05F";
    private const string Smartphones = "8517130000";

    private TestFederation Federation => fixture.Federation;

    private static Dictionary<string, object?> PhoneImport(string lot, string port) => Declarations.ForwardingTests.PhoneImport(lot, port);

    private static string[] Parties => [TestFederation.Aqsiq + "/AQSIQ-IEFSB", TestFederation.Customs + "/CUSTOMS-NB", TestFederation.Shandong + "/CIQ-SD"];

    /// <summary>Raises the alert's hold request on a node and saves it, as the notifications part does.</summary>
    private async Task RequestHoldsAsync(string node, string alert, string hs, string[]? lots = null, string uscc = QingdaoSeafood)
    {
        var (scope, db) = Federation[node].Database();
        await using (scope)
        {
            db.Raise(new AlertHoldsRequested(alert, "Smartphones: test alert", "chloramphenicol 1.2 µg/kg (test)", [uscc], hs, lots ?? [], Parties));
            await db.SaveChangesAsync();
        }
    }

    private async Task<HttpClient> SupervisorAsync(string office)
    {
        var admin = await Federation.SignInAsync(TestFederation.Aqsiq, "admin");
        var name = "chief-" + Guid.NewGuid().ToString("N")[..10];
        await Expect(await admin.PostAsJsonAsync("/api/identity/users", new
        {
            userName = name, displayName = "Test supervisor " + office, password = "test-password-1", roles = new[] { "officer", "supervisor" }, organisation = office,
        }), HttpStatusCode.Created);
        return await Federation.SignInAsync(TestFederation.Aqsiq, name, "test-password-1");
    }

    private static async Task<JsonElement[]> HoldsAsync(HttpClient client, string alert) =>
        [.. (await Expect(await client.GetAsync($"/api/alerts/holds?alert={alert}&pageSize=500"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray()];

    private static JsonElement Hold(JsonElement[] holds, string kind, string key, string office) =>
        holds.Single(h => h.GetProperty("kind").GetString() == kind && h.GetProperty("key").GetString() == key && h.GetProperty("office").GetString() == office);

    private static Guid Id(JsonElement hold) => hold.GetProperty("id").GetGuid();

    private static Task<HttpResponseMessage> DecideAsync(HttpClient client, Guid hold, string decision, string? report = null, string result = "pass") =>
        client.PostAsJsonAsync($"/api/alerts/holds/{hold}/decide", new
        {
            decision, evidence = $"{decision}: test evidence", retestReport = report is null ? null : new { number = report, result, laboratory = "Ningbo CIQ technical centre" },
        });

    private static object[] PhoneLines => [new { sequence = 1, hsCode = Smartphones, quantity = 200m, unit = "H87" }];

    private static async Task<JsonElement> VerifyPhonesWhenArrivedAsync(HttpClient customs, string clearancePermit)
    {
        JsonElement result = default;
        await TestFederation.WaitUntilAsync(async () =>
        {
            result = await Expect(await customs.PostAsJsonAsync("/api/clearance/verifications", new { permitNumber = clearancePermit, lines = PhoneLines }), HttpStatusCode.OK);
            return result.GetProperty("outcome").GetString() != "unknown";
        }, "the clearance permit at Customs", 30);
        return result;
    }

    private static string NewAlert() => "AL-TEST-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    /// <summary>Declares smartphones through Ningbo (routed to the Beilun port office), inspected to passed.</summary>
    private static async Task<JsonElement> PassedAsync(HttpClient importer, HttpClient port)
    {
        var id = (await CreateAsync(importer, PhoneImport(NewLot("QDH"), "CNNGB"))).GetProperty("id").GetGuid();
        Assert.Equal("inspection", (await SubmitAsync(importer, id)).GetProperty("status").GetString());
        var passed = await InspectAsync(port, id, null, inspected: 10m);
        Assert.Equal("passed", passed.GetProperty("status").GetString());
        return passed;
    }

    [Fact]
    public async Task An_alert_holds_declarations_and_permits_on_every_node_and_each_decision_does_what_it_says_there_and_on_the_copies()
    {
        var importer = await Federation.SignInAsync(TestFederation.Aqsiq, "importer.qingdao");
        var port = await Federation.SignInAsync(TestFederation.Aqsiq, "ciq.ningbo.port");
        var customs = await Federation.SignInAsync(TestFederation.Customs, "customs.ningbo");
        var coordinator = await Federation.SignInAsync(TestFederation.Aqsiq, "alerts.coordinator");

        // Declaration A: its permit issued at Beilun (inspection permit, and the clearance permit sent to Customs).
        var a = await PassedAsync(importer, port);
        var issued = await IssuePermitAsync(port, a.GetProperty("id").GetGuid());
        var ip = issued.GetProperty("permitNumber").GetString()!;
        var cp = issued.GetProperty("history").EnumerateArray().Single(h => h.GetProperty("stage").GetString() == "clearance-permit-issued").GetProperty("detail").GetString()!.Split(' ')[0];
        Outcome("match", await VerifyPhonesWhenArrivedAsync(customs, cp));

        // Declaration C: passed, no permit yet. Declaration B: through Qingdao, forwarded to the Shandong node, in inspection there.
        var c = await PassedAsync(importer, port);
        var b = await CreateAsync(importer, PhoneImport(NewLot("QDS"), "CNTAO"));
        var forwarded = await SubmitAsync(importer, b.GetProperty("id").GetGuid());
        var forwardId = forwarded.GetProperty("forwarding").GetProperty("forwardId").GetGuid();
        string? atShandong = null;
        await TestFederation.WaitUntilAsync(async () =>
        {
            var (scope, db) = Federation[TestFederation.Shandong].Database();
            await using (scope)
            {
                atShandong = await db.Set<Declaration>().AsNoTracking().Where(d => d.ForwardId == forwardId).Select(d => d.Number).FirstOrDefaultAsync();
                return atShandong is not null;
            }
        }, "the forwarded declaration on the Shandong node", 30);

        // The alert reaches every node: each holds what matches it there.
        var alert = NewAlert();
        foreach (var node in new[] { TestFederation.Aqsiq, TestFederation.Customs, TestFederation.Shandong })
        {
            await RequestHoldsAsync(node, alert, Smartphones);
        }

        var national = await HoldsAsync(coordinator, alert);
        var holdA = Hold(national, "declaration", a.GetProperty("number").GetString()!, "CIQ-NB-BEILUN");
        var holdC = Hold(national, "declaration", c.GetProperty("number").GetString()!, "CIQ-NB-BEILUN");
        var holdIp = Hold(national, "permit", ip, "CIQ-NB-BEILUN");
        var holdCp = Hold(national, "permit", cp, "CIQ-NB-BEILUN");
        Assert.All(national, h => Assert.StartsWith($"held under rapid alert {alert}: chloramphenicol", h.GetProperty("reason").GetString(), StringComparison.Ordinal));
        Assert.All(national, h => Assert.Equal("active", h.GetProperty("status").GetString()));
        var customsHolds = await HoldsAsync(await Federation.SignInAsync(TestFederation.Customs, "customs.hq"), alert);
        var holdCpCopy = Hold(customsHolds, "permit", cp, "CUSTOMS-NB");
        var shandongHolds = await HoldsAsync(await Federation.SignInAsync(TestFederation.Shandong, "ciq.shandong"), alert);
        var holdB = Hold(shandongHolds, "declaration", atShandong!, "CIQ-SD-HUANGDAO");

        // Held: the port check and the Customs verification answer held with the reason; C gets no permit (409 naming the hold).
        var permit = await PermitAsync(importer, ip);
        var check = await CheckAsync(port, new { qr = permit.GetProperty("qrPayload").GetString() });
        Outcome("held", check);
        Assert.Contains($"held under rapid alert {alert}: chloramphenicol", check.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var verification = await Expect(await customs.PostAsJsonAsync("/api/clearance/verifications", new { permitNumber = cp, lines = PhoneLines }), HttpStatusCode.OK);
        Outcome("held", verification);
        Assert.Contains(alert, verification.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var refused = await Expect(await port.PostAsync($"/api/declarations/{c.GetProperty("id").GetGuid()}/permit", null), HttpStatusCode.Conflict);
        Assert.Equal("hold", Field(refused));
        Assert.Contains(Id(holdC).ToString(), refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("held", Stages(await GetAsync(importer, a.GetProperty("id").GetGuid())));

        // Who decides: a supervisor of the hold's office or above. An officer without the role, or of another office, is refused.
        Assert.Equal(HttpStatusCode.Forbidden, (await DecideAsync(port, Id(holdCp), "released", "RT-1")).StatusCode);
        var zhejiang = await Federation.SignInAsync(TestFederation.Aqsiq, "ciq.zhejiang");
        Assert.Equal(HttpStatusCode.Forbidden, (await DecideAsync(zhejiang, Id(holdCp), "released", "RT-1")).StatusCode);
        var chief = await SupervisorAsync("CIQ-NB");

        // A release needs a passing re-test; evidence is required.
        var invalid = await Expect(await DecideAsync(chief, Id(holdCp), "released", "RT-1", result: "fail"), HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("retestReport.result", out _), invalid.GetRawText());
        var noEvidence = await Expect(await chief.PostAsJsonAsync($"/api/alerts/holds/{Id(holdCp)}/decide", new { decision = "destroyed" }), HttpStatusCode.BadRequest);
        Assert.True(noEvidence.GetProperty("errors").TryGetProperty("evidence", out _), noEvidence.GetRawText());

        // Released: the clearance permit's hold is lifted here and, by the decision message, on the Customs copy.
        var released = await Expect(await DecideAsync(chief, Id(holdCp), "released", "RT-2026-0042"), HttpStatusCode.OK);
        Assert.Equal("released", released.GetProperty("status").GetString());
        Assert.Equal("RT-2026-0042", released.GetProperty("retestReport").GetProperty("number").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await DecideAsync(chief, Id(holdCp), "destroyed")).StatusCode);
        var customsHq = await Federation.SignInAsync(TestFederation.Customs, "customs.hq");
        await TestFederation.WaitUntilAsync(async () =>
            (await Expect(await customsHq.GetAsync($"/api/alerts/holds/{Id(holdCpCopy)}"), HttpStatusCode.OK)).GetProperty("status").GetString() == "released",
            "the release at the Customs copy", 30);
        Outcome("match", await Expect(await customs.PostAsJsonAsync("/api/clearance/verifications", new { permitNumber = cp, lines = PhoneLines }), HttpStatusCode.OK));

        // A duplicate of the decision message changes nothing at Customs.
        var copyBefore = await Expect(await customsHq.GetAsync($"/api/alerts/holds/{Id(holdCpCopy)}"), HttpStatusCode.OK);
        await ReplayDecisionsAsync(TestFederation.Customs);
        var copyAfter = await Expect(await customsHq.GetAsync($"/api/alerts/holds/{Id(holdCpCopy)}"), HttpStatusCode.OK);
        Assert.Equal(copyBefore.GetProperty("decidedAt").GetDateTimeOffset(), copyAfter.GetProperty("decidedAt").GetDateTimeOffset());
        Assert.Equal(copyBefore.GetProperty("version").GetInt64(), copyAfter.GetProperty("version").GetInt64());

        // Returned: the inspection permit is revoked with the decision as the reason.
        await Expect(await DecideAsync(chief, Id(holdIp), "returned"), HttpStatusCode.OK);
        var revoked = await CheckAsync(port, new { qr = permit.GetProperty("qrPayload").GetString() });
        Outcome("revoked", revoked);
        Assert.Contains("returned by decision", revoked.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Destroyed: declaration C ends, failed. Released: declaration A goes on (its history records the decision).
        await Expect(await DecideAsync(chief, Id(holdC), "destroyed"), HttpStatusCode.OK);
        Assert.Equal("failed", (await GetAsync(importer, c.GetProperty("id").GetGuid())).GetProperty("status").GetString());
        await Expect(await DecideAsync(chief, Id(holdA), "released", "RT-2026-0043"), HttpStatusCode.OK);
        var afterA = await GetAsync(importer, a.GetProperty("id").GetGuid());
        Assert.Equal("permit-issued", afterA.GetProperty("status").GetString());
        Assert.Contains("hold-decided", Stages(afterA));

        // On the Shandong node, its bureau (above the Huangdao port office) decides its own hold: re-processed, the declaration goes on.
        var shandong = await Federation.SignInAsync(TestFederation.Shandong, "ciq.shandong");
        var reprocessed = await Expect(await DecideAsync(shandong, Id(holdB), "reprocessed"), HttpStatusCode.OK);
        Assert.Equal("reprocessed", reprocessed.GetProperty("status").GetString());
        Assert.Equal("CIQ-SD", reprocessed.GetProperty("decidedOffice").GetString());

        // The lists: the Beilun port office sees its holds; the Zhejiang bureau (not above it) sees none of them.
        Assert.Equal(4, (await HoldsAsync(port, alert)).Length);
        Assert.Empty(await HoldsAsync(zhejiang, alert));
        var decided = await Expect(await coordinator.GetAsync($"/api/alerts/holds?alert={alert}&status=active"), HttpStatusCode.OK);
        Assert.Equal(0, decided.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_alert_raised_at_the_port_and_validated_by_the_coordinator_holds_the_permit_here_and_its_copy_at_Customs()
    {
        const string Laptops = "8471300000";
        var importer = await Federation.SignInAsync(TestFederation.Aqsiq, "importer.qingdao");
        var port = await Federation.SignInAsync(TestFederation.Aqsiq, "ciq.ningbo.port");
        var customs = await Federation.SignInAsync(TestFederation.Customs, "customs.ningbo");
        var coordinator = await Federation.SignInAsync(TestFederation.Aqsiq, "alerts.coordinator");

        // Portable computers of the Qingdao importer through Ningbo, with their permit; the clearance permit reaches Customs.
        var body = PhoneImport(NewLot("QDL"), "CNNGB");
        body["lines"] = new[]
        {
            new
            {
                sequence = 1, hsCode = Laptops, description = "Portable computers / 笔记本电脑", quantity = 50m, unit = "H87", netWeightKg = 100m, grossWeightKg = 120m,
                value = 30000m, currency = "USD", placeOfOrigin = "KR", lots = new[] { "LAPTOP-1" }, packaging = "cartons",
            },
        };
        var id = (await CreateAsync(importer, body)).GetProperty("id").GetGuid();
        await SubmitAsync(importer, id);
        await InspectAsync(port, id, null, inspected: 5m);
        var issued = await IssuePermitAsync(port, id);
        var cp = issued.GetProperty("history").EnumerateArray().Single(h => h.GetProperty("stage").GetString() == "clearance-permit-issued").GetProperty("detail").GetString()!.Split(' ')[0];
        object[] lines = [new { sequence = 1, hsCode = Laptops, quantity = 50m, unit = "H87" }];
        await TestFederation.WaitUntilAsync(async () =>
            (await Expect(await customs.PostAsJsonAsync("/api/clearance/verifications", new { permitNumber = cp, lines }), HttpStatusCode.OK)).GetProperty("outcome").GetString() == "match",
            "the clearance permit at Customs", 30);

        // The port office raises the alert; the coordinator validates it for Customs: each node holds what matches there.
        var raised = await Expect(await port.PostAsJsonAsync("/api/alerts", new
        {
            type = "alert", basis = "border-control", title = "Batteries overheating in portable computers (fictional test)",
            hazard = new { category = "other", agent = "lithium battery overheating", value = (decimal?)null, unit = (string?)null },
            product = new { hsCode = Laptops, description = "Portable computers (fictional test consignment)", brand = "Demo", lots = Array.Empty<string>() },
            enterprises = new[] { new { uscc = QingdaoSeafood, name = "Qingdao Demo Seafood", role = "importer" } },
            originCountry = "KR", distributionCountries = new[] { "CN" }, risk = "serious", measuresTaken = "Consignment held at Beilun.",
        }), HttpStatusCode.Created);
        var alert = raised.GetProperty("number").GetString()!;
        await Expect(await coordinator.PostAsJsonAsync($"/api/alerts/{alert}/validate", new { recipients = new[] { "CUSTOMS-NB", "CIQ-NB" }, note = "test" }), HttpStatusCode.OK);

        var national = await HoldsAsync(coordinator, alert);
        var ip = Hold(national, "permit", issued.GetProperty("permitNumber").GetString()!, "CIQ-NB-BEILUN");
        Hold(national, "declaration", issued.GetProperty("number").GetString()!, "CIQ-NB-BEILUN");
        // The reason says what was found, then the notification's title.
        Assert.Equal($"held under rapid alert {alert}: lithium battery overheating — Batteries overheating in portable computers (fictional test)", ip.GetProperty("reason").GetString());
        var customsHq = await Federation.SignInAsync(TestFederation.Customs, "customs.hq");
        JsonElement[] atCustoms = [];
        await TestFederation.WaitUntilAsync(async () => (atCustoms = await HoldsAsync(customsHq, alert)).Length > 0, "the hold on the Customs copy", 30);
        var copy = Hold(atCustoms, "permit", cp, "CUSTOMS-NB");
        Outcome("held", await Expect(await customs.PostAsJsonAsync("/api/clearance/verifications", new { permitNumber = cp, lines }), HttpStatusCode.OK));

        // Customs' own supervisor decides its copy: destroyed, the copy is revoked there; the decision goes to the coordinator.
        await Expect(await DecideAsync(customsHq, Id(copy), "destroyed"), HttpStatusCode.OK);
        Outcome("revoked", await Expect(await customs.PostAsJsonAsync("/api/clearance/verifications", new { permitNumber = cp, lines }), HttpStatusCode.OK));
        await TestFederation.WaitUntilAsync(async () =>
            (await Expect(await coordinator.GetAsync($"/api/alerts/{alert}"), HttpStatusCode.OK)).GetRawText().Contains("hold-decision", StringComparison.Ordinal),
            "the decision in the alert's timeline on the coordinating node", 30);
    }

    [Fact]
    public async Task The_hold_list_and_its_download_sort_by_placing_time_office_and_subject_and_refuse_an_unknown_order()
    {
        // Three holds under one alert, placed one after the other, their offices and subjects in other orders than their placing.
        var alert = NewAlert();
        (string Office, string Key)[] placed = [("CIQ-ZJ-HZ", "913301000000DEM01D/LOT-SORT-B"), ("CIQ-NB-BEILUN", "913301000000DEM01D/LOT-SORT-C"), ("CIQ-SD-HUANGDAO", "913301000000DEM01D/LOT-SORT-A")];
        foreach (var (office, key) in placed)
        {
            var (scope, db) = Federation[TestFederation.Aqsiq].Database();
            await using (scope)
            {
                var register = scope.ServiceProvider.GetRequiredService<IHoldRegister>();
                Assert.NotNull(await register.PlaceAsync(db, new HoldCandidate(HoldSubjectKind.Lot, key, office, "sort test lot"), HoldOrigin.Alert,
                    new GoldenQuality.Common.Message("alert.hold.reason", alert, "sort test"), alert, [], CancellationToken.None));
                await db.SaveChangesAsync();
            }
        }

        var coordinator = await Federation.SignInAsync(TestFederation.Aqsiq, "alerts.coordinator");
        async Task<string[]> KeysAsync(string sort) =>
            [.. (await Expect(await coordinator.GetAsync($"/api/alerts/holds?alert={alert}{sort}"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(h => h.GetProperty("key").GetString()!)];
        var (b, c, a) = (placed[0].Key, placed[1].Key, placed[2].Key);
        Assert.Equal([a, c, b], await KeysAsync(""));
        Assert.Equal([a, c, b], await KeysAsync("&sort=newest"));
        Assert.Equal([b, c, a], await KeysAsync("&sort=oldest"));
        Assert.Equal([c, a, b], await KeysAsync("&sort=office"));
        Assert.Equal([a, b, c], await KeysAsync("&sort=subject"));
        await coordinator.UnknownSortIsRefusedAsync($"/api/alerts/holds?alert={alert}", "newest, oldest, office, subject");

        // The download follows the same order (the subject is its second column).
        var (lines, _) = await coordinator.CsvAsync("en", $"/holds/export.csv?alert={alert}&sort=office");
        Assert.Equal([c, a, b], lines[1..].Select(l => l.Split(',')[1]));
    }

    /// <summary>Hands every received <c>alerts.hold.decided</c> of the node to its handler again, as a duplicate delivery would, and saves.</summary>
    private async Task ReplayDecisionsAsync(string node)
    {
        var (scope, db) = Federation[node].Database();
        await using (scope)
        {
            var received = await scope.ServiceProvider.GetRequiredService<IExchangeRecords>()
                .ReceivedAsync(new ReceivedQuery(AlertsWire.HoldDecidedType), 1, 500, CancellationToken.None);
            Assert.NotEmpty(received.Items);
            var handler = scope.ServiceProvider.GetServices<IEnvelopeHandler>().Single(h => h.Handles(AlertsWire.HoldDecidedType));
            foreach (var m in received.Items)
            {
                var header = new EnvelopeHeader(Guid.NewGuid(), AlertsWire.HoldDecidedType, m.Sender, m.Recipients.Split(' ', StringSplitOptions.RemoveEmptyEntries), null, null, DateTimeOffset.UtcNow, "", m.Payload.Length);
                using var payload = JsonDocument.Parse(m.Payload);
                await handler.HandleAsync(db, header, payload.RootElement, CancellationToken.None);
            }

            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task A_nonconformity_hold_is_in_the_register_and_its_release_by_the_bureau_lets_the_lot_complete()
    {
        var exporter = await Federation.SignInAsync(TestFederation.Aqsiq, "exporter.hangzhou");
        var line = "L-" + Guid.NewGuid().ToString("N")[..8];
        await Expect(await exporter.PostAsJsonAsync("/api/supervision/lines", new { code = line, name = "Rice line" }), HttpStatusCode.Created);
        var lot = await Expect(await exporter.PostAsJsonAsync("/api/supervision/lots",
            new { line, number = "LOT-" + Guid.NewGuid().ToString("N")[..10], product = "cereal.rice", market = "export" }), HttpStatusCode.Created);
        var lotId = lot.GetProperty("id").GetString()!;
        var number = lot.GetProperty("number").GetString()!;
        var at = DateTimeOffset.UtcNow.AddMinutes(-3).ToString("O", CultureInfo.InvariantCulture);
        var result = await Expect(await exporter.PostAsJsonAsync("/api/supervision/measurements",
            new { measurements = new[] { new { lot = lotId, device = "dev-1", sensor = "s1", parameter = "pb", value = 350.0, unit = "ug/kg", at } } }), HttpStatusCode.OK);
        Assert.Equal(1, result.GetProperty("nonconforming").GetInt32());

        var bureau = await Federation.SignInAsync(TestFederation.Aqsiq, "ciq.zhejiang");
        var holds = (await Expect(await bureau.GetAsync("/api/alerts/holds?kind=lot&status=active&pageSize=500"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray();
        var hold = Assert.Single(holds, h => h.GetProperty("key").GetString() == $"913301000000DEM01D/{number}");
        Assert.Equal("supervision-nonconformity", hold.GetProperty("origin").GetString());
        Assert.Equal("CIQ-ZJ-HZ", hold.GetProperty("office").GetString());
        Assert.Equal(JsonValueKind.Null, hold.GetProperty("alertNumber").ValueKind);
        Assert.Equal(HttpStatusCode.Conflict, (await exporter.PostAsync($"/api/supervision/lots/{lotId}/complete", null)).StatusCode);

        var view = await Expect(await bureau.GetAsync($"/api/alerts/holds/{Id(hold)}"), HttpStatusCode.OK);
        Assert.True(view.GetProperty("canDecide").GetBoolean());
        await Expect(await DecideAsync(bureau, Id(hold), "released", "RT-PB-0007"), HttpStatusCode.OK);
        Assert.Equal("open", (await Expect(await exporter.GetAsync($"/api/supervision/lots/{lotId}"), HttpStatusCode.OK)).GetProperty("status").GetString());
        await Expect(await exporter.PostAsync($"/api/supervision/lots/{lotId}/complete", null), HttpStatusCode.Created);

        // An alert naming a lot of the enterprise holds it; destroyed, the lot is disposed of.
        var other = await Expect(await exporter.PostAsJsonAsync("/api/supervision/lots",
            new { line, number = "LOT-" + Guid.NewGuid().ToString("N")[..10], product = "cereal.rice", market = "export" }), HttpStatusCode.Created);
        var otherNumber = other.GetProperty("number").GetString()!;
        var alert = NewAlert();
        await RequestHoldsAsync(TestFederation.Aqsiq, alert, "1006300000", [otherNumber], "913301000000DEM01D");
        var alertHold = Assert.Single(await HoldsAsync(bureau, alert));
        Assert.Equal("held", (await Expect(await exporter.GetAsync($"/api/supervision/lots/{other.GetProperty("id").GetString()}"), HttpStatusCode.OK)).GetProperty("status").GetString());
        await Expect(await DecideAsync(bureau, Id(alertHold), "destroyed"), HttpStatusCode.OK);
        Assert.Equal("disposed", (await Expect(await exporter.GetAsync($"/api/supervision/lots/{other.GetProperty("id").GetString()}"), HttpStatusCode.OK)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_alerts_hold_reason_and_the_holds_problems_read_in_the_callers_language()
    {
        var exporter = await Federation.SignInAsync(TestFederation.Aqsiq, "exporter.hangzhou");
        var line = "L-" + Guid.NewGuid().ToString("N")[..8];
        await Expect(await exporter.PostAsJsonAsync("/api/supervision/lines", new { code = line, name = "Rice line" }), HttpStatusCode.Created);
        var lot = await Expect(await exporter.PostAsJsonAsync("/api/supervision/lots",
            new { line, number = "LOT-" + Guid.NewGuid().ToString("N")[..10], product = "cereal.rice", market = "export" }), HttpStatusCode.Created);
        var number = lot.GetProperty("number").GetString()!;
        var alert = NewAlert();
        await RequestHoldsAsync(TestFederation.Aqsiq, alert, "1006300000", [number], "913301000000DEM01D");
        var bureau = await Federation.SignInAsync(TestFederation.Aqsiq, "ciq.zhejiang");
        async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string url, object? body, string language, HttpStatusCode expected)
        {
            using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
            request.Headers.AcceptLanguage.ParseAdd(language);
            using var response = await client.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        // The stored reason is coded; the alert's text is shown as given.
        var zhHold = (await SendAsync(bureau, HttpMethod.Get, $"/api/alerts/holds?alert={alert}", null, "zh-CN", HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Single();
        Assert.Equal($"依快速预警 {alert} 扣留：chloramphenicol 1.2 µg/kg (test)", zhHold.GetProperty("reason").GetString());
        var hold = Id(zhHold);
        var enHold = await SendAsync(bureau, HttpMethod.Get, $"/api/alerts/holds/{hold}", null, "en", HttpStatusCode.OK);
        Assert.Equal($"held under rapid alert {alert}: chloramphenicol 1.2 µg/kg (test)", enHold.GetProperty("reason").GetString());

        // A field message: a release needs a passing re-test.
        var failed = new { decision = "released", evidence = "released: test evidence", retestReport = new { number = "RT-9", result = "fail", laboratory = "Hangzhou lab" } };
        var zh = await SendAsync(bureau, HttpMethod.Post, $"/api/alerts/holds/{hold}/decide", failed, "zh-CN", HttpStatusCode.BadRequest);
        Assert.Equal("放行必须有合格的复检。", zh.GetProperty("errors").GetProperty("retestReport.result")[0].GetString());
        Assert.Equal("hold.retest-pass", zh.GetProperty("messages").GetProperty("retestReport.result")[0].GetProperty("code").GetString());
        var en = await SendAsync(bureau, HttpMethod.Post, $"/api/alerts/holds/{hold}/decide", failed, "en", HttpStatusCode.BadRequest);
        Assert.Equal("a release needs a passing re-test (result: pass)", en.GetProperty("errors").GetProperty("retestReport.result")[0].GetString());

        // Problems: a hold decided once is not decided again (the reason alone in detail, the field apart); an unknown hold.
        await Expect(await DecideAsync(bureau, hold, "destroyed"), HttpStatusCode.OK);
        var key = $"913301000000DEM01D/{number}";
        var again = await SendAsync(bureau, HttpMethod.Post, $"/api/alerts/holds/{hold}/decide", new { decision = "returned", evidence = "returned: test evidence" }, "zh-CN", HttpStatusCode.Conflict);
        Assert.Equal("status", again.GetProperty("field").GetString());
        Assert.StartsWith($"扣留 {hold}（监管批次 {key}）已有决定：已销毁，由 ", again.GetProperty("detail").GetString(), StringComparison.Ordinal);
        again = await SendAsync(bureau, HttpMethod.Post, $"/api/alerts/holds/{hold}/decide", new { decision = "returned", evidence = "returned: test evidence" }, "en", HttpStatusCode.Conflict);
        Assert.StartsWith($"hold {hold} on lot {key} was already decided: destroyed by ", again.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var missing = Guid.NewGuid();
        Assert.Equal($"不存在扣留“{missing}”。", (await SendAsync(bureau, HttpMethod.Get, $"/api/alerts/holds/{missing}", null, "zh-CN", HttpStatusCode.NotFound)).GetProperty("detail").GetString());
    }
}

[Collection("sqlite")]
public sealed class HoldTestsOnSqlite(SqliteHoldFederation fixture) : HoldTests(fixture), IClassFixture<SqliteHoldFederation>;

[Collection("postgres")]
public sealed class HoldTestsOnPostgres(PostgresHoldFederation fixture) : HoldTests(fixture), IClassFixture<PostgresHoldFederation>;
