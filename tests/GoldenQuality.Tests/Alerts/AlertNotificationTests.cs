using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static GoldenQuality.Tests.Clearance.Flow;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Alerts;

/// <summary>The real clock moved on by <see cref="Offset"/>: the national node's deadlines are passed by moving it (timers stay real).</summary>
public sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}

/// <summary>
/// The national (AQSIQ, coordinating) node on a shifted clock, the Customs node and the Zhejiang BQS node, once per
/// test class; short deadlines (acknowledge within 1 h, answer within 4 h, a serious alert within 2 h), no periodic
/// sweep during the test (the test runs it), and a clock skew allowance for the national node's moved clock.
/// </summary>
public abstract class AlertFederation : IAsyncLifetime
{
    public abstract DatabaseProvider Provider { get; }

    public TestFederation Federation { get; private set; } = null!;

    public ShiftedClock Clock { get; } = new();

    /// <summary>The lead limit of fish (GB 2762-2022), so that a measured value is read against the catalogue.</summary>
    public const string FishLeadRequirement = "standard,clause,category,parameter,processing_state,kind,lower,upper,unit,method,jurisdiction\n" +
        "GB 2762-2022,4.1 表1,aquatic.fish,pb,,max,,0.5,mg/kg,GB 5009.12,national\n";

    public async Task InitializeAsync()
    {
        Federation = await StartAsync(Provider, configure: (id, s) =>
        {
            if (id == Aqsiq)
            {
                s.AddSingleton<TimeProvider>(Clock);
            }
        }, settings: new()
        {
            ["Alerts:ValidateWithin"] = "01:00:00",
            ["Alerts:AcknowledgeWithin"] = "01:00:00",
            ["Alerts:AnswerWithin"] = "04:00:00",
            ["Alerts:SweepEvery"] = "1.00:00:00",
            ["Exchange:ClockSkewSeconds"] = "86400",
        }, bqs: true);
        var admin = await Federation.SignInAsync(Aqsiq, "admin");
        await Expect(await admin.PostAsync("/api/standards/import/requirements", new StringContent(FishLeadRequirement, System.Text.Encoding.UTF8, "text/csv")), HttpStatusCode.OK);
    }

    public async Task DisposeAsync() => await Federation.DisposeAsync();
}

public sealed class SqliteAlertFederation : AlertFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresAlertFederation : AlertFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// Rapid-alert notifications across the national, Customs and BQS nodes (issue 16): raise, validate, distribute by
/// agreement, acknowledge and follow up through the coordinator, close; refusals naming the field or the office;
/// missed deadlines escalated once to the office above; late answers; duplicate and misdirected messages.
/// </summary>
public abstract class AlertNotificationTests(AlertFederation fixture)
{
    private const string NingboFood = "913302000000DEM02M";

    private static string Text(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    public static object Alert(string title, string risk = "serious", object? hazard = null) => new
    {
        type = "border-rejection",
        basis = "border-control",
        title,
        hazard = hazard ?? new { category = "contaminant", agent = "lead", value = 0.8m, unit = "mg/kg", productCategory = "aquatic.fish", parameter = "pb" },
        product = new { hsCode = "0306170000", description = "Frozen shrimp (fictional test consignment)", brand = "Demo", lots = new[] { "LOT-A1" } },
        enterprises = new[] { new { uscc = NingboFood, name = "Ningbo Demo Food", role = "importer" } },
        originCountry = "VN",
        distributionCountries = new[] { "CN" },
        risk,
        measuresTaken = "Consignment refused entry and held at Beilun.",
    };

    private static JsonElement Recipient(JsonElement alert, string office) =>
        alert.GetProperty("recipients").EnumerateArray().Single(r => Text(r, "office") == office);

    private static async Task<JsonElement?> FindAsync(HttpClient client, string number)
    {
        var response = await client.GetAsync("/api/alerts/" + number);
        return response.StatusCode == HttpStatusCode.OK ? await Expect(response, HttpStatusCode.OK) : null;
    }

    private static async Task<JsonElement> RaiseAsync(HttpClient client, object body) => await Expect(await client.PostAsJsonAsync("/api/alerts", body), HttpStatusCode.Created);

    [Fact]
    public async Task A_port_alert_is_validated_distributed_acknowledged_answered_and_closed_on_every_node()
    {
        var f = fixture.Federation;
        var port = await f.SignInAsync(Aqsiq, "ciq.ningbo.port");
        var coordinator = await f.SignInAsync(Aqsiq, "alerts.coordinator");
        var customs = await f.SignInAsync(Customs, "customs.ningbo");
        var bqs = await f.SignInAsync(BqsZhejiang, "bqs.licensing");

        var raised = await RaiseAsync(port, Alert("Lead above the limit in frozen shrimp"));
        var number = Text(raised, "number");
        Assert.StartsWith("AL-CIQ-NB-BEILUN-", number, StringComparison.Ordinal);
        Assert.Equal("coordinator", Text(raised, "role"));
        Assert.Equal("submitted", Text(raised, "status"));
        var hazard = raised.GetProperty("hazard");
        Assert.StartsWith("≤ 0.5 mg/kg", Text(hazard, "limit"), StringComparison.Ordinal);
        Assert.Contains("GB 2762", Text(hazard, "standard"), StringComparison.Ordinal);
        Assert.Equal("above-limit", Text(hazard, "assessment"));

        var inbox = await Expect(await coordinator.GetAsync("/api/alerts/inbox"), HttpStatusCode.OK);
        Assert.Contains(inbox.GetProperty("items").EnumerateArray(), i => Text(i, "number") == number && Text(i, "kind") == "validate");
        var suggested = await Expect(await coordinator.GetAsync($"/api/alerts/{number}/suggested-recipients"), HttpStatusCode.OK);
        var offices = suggested.EnumerateArray().Select(s => Text(s, "office")).ToArray();
        Assert.Contains("CUSTOMS-NB", offices);
        Assert.Contains("BQS-ZJ", offices);
        Assert.Contains("MOA", offices);
        Assert.Equal(HttpStatusCode.Forbidden, (await port.PostAsJsonAsync($"/api/alerts/{number}/validate", new { recipients = new[] { "CUSTOMS-NB" } })).StatusCode);

        var validated = await Expect(await coordinator.PostAsJsonAsync($"/api/alerts/{number}/validate", new { recipients = new[] { "CUSTOMS-NB", "CIQ-NB", "BQS-ZJ" }, note = "test" }), HttpStatusCode.OK);
        Assert.Equal("validated", Text(validated, "status"));
        Assert.Equal(3, validated.GetProperty("recipients").GetArrayLength());
        Assert.Contains(validated.GetProperty("timeline").EnumerateArray(), t => Text(t, "kind") == "validation");

        JsonElement? onCustoms = null;
        await WaitUntilAsync(async () => (onCustoms = await FindAsync(customs, number)) is not null, "the alert on the customs node");
        Assert.Equal("recipient", Text(onCustoms!.Value, "role"));
        Assert.Equal(3, onCustoms.Value.GetProperty("recipients").GetArrayLength());
        await WaitUntilAsync(async () => await FindAsync(bqs, number) is { } b && b.GetProperty("recipients").GetArrayLength() == 3, "the alert on the bqs node");
        var customsInbox = await Expect(await customs.GetAsync("/api/alerts/inbox"), HttpStatusCode.OK);
        Assert.Contains(customsInbox.GetProperty("items").EnumerateArray(), i => Text(i, "number") == number && Text(i, "kind") == "acknowledge");

        await Expect(await customs.PostAsJsonAsync($"/api/alerts/{number}/acknowledge", new { note = "received" }), HttpStatusCode.OK);
        await Expect(await customs.PostAsJsonAsync($"/api/alerts/{number}/acknowledge", new { }), HttpStatusCode.Conflict);
        await Expect(await customs.PostAsJsonAsync($"/api/alerts/{number}/follow-ups", new { text = "Two further consignments of the importer held at Beilun.", measuresTaken = "held" }), HttpStatusCode.OK);
        var hangzhou = await f.SignInAsync(BqsZhejiang, "bqs.hangzhou");
        Assert.Equal(HttpStatusCode.Forbidden, (await hangzhou.PostAsJsonAsync($"/api/alerts/{number}/acknowledge", new { })).StatusCode);

        await WaitUntilAsync(async () => await FindAsync(coordinator, number) is { } c && Text(Recipient(c, "CUSTOMS-NB"), "state") == "answered", "the answer recorded by the coordinator");
        await WaitUntilAsync(async () => await FindAsync(bqs, number) is { } b && Text(Recipient(b, "CUSTOMS-NB"), "state") == "answered"
            && b.GetProperty("timeline").EnumerateArray().Any(t => Text(t, "text").StartsWith("Two further consignments", StringComparison.Ordinal)), "the answer seen on the bqs node");
        var onCoordinator = (await FindAsync(coordinator, number))!.Value;
        Assert.False(Recipient(onCoordinator, "CUSTOMS-NB").GetProperty("answeredLate").GetBoolean());
        Assert.Equal("waiting", Text(Recipient(onCoordinator, "BQS-ZJ"), "state"));

        var noReason = await Expect(await coordinator.PostAsJsonAsync($"/api/alerts/{number}/close", new { }), HttpStatusCode.BadRequest);
        Assert.Contains("BQS-ZJ", noReason.GetProperty("errors").GetProperty("reason")[0].GetString(), StringComparison.Ordinal);
        var closed = await Expect(await coordinator.PostAsJsonAsync($"/api/alerts/{number}/close", new { reason = "consignments held; the rest answer in the crisis" }), HttpStatusCode.OK);
        Assert.Equal("closed", Text(closed, "status"));
        await WaitUntilAsync(async () => await FindAsync(bqs, number) is { } b && Text(b, "status") == "closed", "the alert closed on the bqs node");
        await WaitUntilAsync(async () => await FindAsync(customs, number) is { } c && Text(c, "status") == "closed", "the alert closed on the customs node");
        await Expect(await customs.PostAsJsonAsync($"/api/alerts/{number}/follow-ups", new { text = "late" }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Bad_input_names_each_field_an_office_outside_the_agreements_is_refused_by_name_and_a_rejection_reaches_the_raising_node()
    {
        var f = fixture.Federation;
        var customs = await f.SignInAsync(Customs, "customs.ningbo");
        var coordinator = await f.SignInAsync(Aqsiq, "alerts.coordinator");

        var bad = await Expect(await customs.PostAsJsonAsync("/api/alerts", new
        {
            type = "panic",
            title = new string('x', 201),
            hazard = new { category = "rumour", agent = "", value = 1m },
            product = new { hsCode = "12", description = "x", lots = Enumerable.Range(0, 51).Select(i => "L" + i).ToArray() },
            enterprises = new[] { new { uscc = "913302000000DEM02X", role = "owner" } },
            originCountry = "XX",
            measuresTaken = "",
        }), HttpStatusCode.BadRequest);
        var errors = bad.GetProperty("errors");
        foreach (var field in new[] { "type", "basis", "risk", "title", "hazard.category", "hazard.agent", "hazard.unit", "product.hsCode", "product.lots", "enterprises[0].uscc", "enterprises[0].role", "originCountry", "measuresTaken" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"{field} is not named: {errors}");
        }

        var unknownParameter = await Expect(await customs.PostAsJsonAsync("/api/alerts",
            Alert("x", hazard: new { category = "veterinary-drug-residue", agent = "chloramphenicol", value = 1.2m, unit = "ug/kg", productCategory = "aquatic.fish", parameter = "chloramphenicol" })), HttpStatusCode.BadRequest);
        Assert.True(unknownParameter.GetProperty("errors").TryGetProperty("hazard.parameter", out _));

        var raised = await RaiseAsync(customs, Alert("Chloramphenicol in shrimp", hazard: new { category = "veterinary-drug-residue", agent = "chloramphenicol", value = 1.2m, unit = "ug/kg" }));
        var number = Text(raised, "number");
        Assert.Equal("origin", Text(raised, "role"));
        Assert.Equal("no limit in the catalogue", Text(raised.GetProperty("hazard"), "limit"));
        Assert.Equal("no-limit-in-catalogue", Text(raised.GetProperty("hazard"), "assessment"));

        JsonElement? submitted = null;
        await WaitUntilAsync(async () => (submitted = await FindAsync(coordinator, number)) is not null, "the submitted alert on the coordinating node");
        Assert.Equal("coordinator", Text(submitted!.Value, "role"));
        Assert.Equal(JsonValueKind.String, submitted.Value.GetProperty("validateBy").ValueKind);

        // A laboratory report attached on the raising node: its description reaches the coordinator, its content stays.
        static MultipartFormDataContent File(string name, string type, byte[] content)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
            return new MultipartFormDataContent { { part, "file", name } };
        }

        var report = System.Text.Encoding.UTF8.GetBytes("Laboratory report (fictional): chloramphenicol 1.2 ug/kg.\n");
        var attached = await Expect(await customs.PostAsync($"/api/alerts/{number}/attachments", File("report.txt", "text/plain", report)), HttpStatusCode.OK);
        var sha = Text(attached.GetProperty("attachments")[0], "sha256");
        await Expect(await customs.PostAsync($"/api/alerts/{number}/attachments", File("again.txt", "text/plain", report)), HttpStatusCode.Conflict);
        var notPng = await Expect(await customs.PostAsync($"/api/alerts/{number}/attachments", File("photo.png", "image/png", report)), HttpStatusCode.BadRequest);
        Assert.Contains("not image/png", notPng.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(report, await (await customs.GetAsync($"/api/alerts/{number}/attachments/{sha}")).Content.ReadAsByteArrayAsync());
        await WaitUntilAsync(async () => await FindAsync(coordinator, number) is { } c && c.GetProperty("attachments").GetArrayLength() == 1, "the attachment's description at the coordinator");
        var elsewhere = await Expect(await coordinator.GetAsync($"/api/alerts/{number}/attachments/{sha}"), HttpStatusCode.NotFound);
        Assert.Contains(Customs, Text(elsewhere, "detail"), StringComparison.Ordinal);

        var refused = await Expect(await coordinator.PostAsJsonAsync($"/api/alerts/{number}/validate", new { recipients = new[] { "CUSTOMS-NB", "MOA", "NO-SUCH-OFFICE" } }), HttpStatusCode.BadRequest);
        Assert.Contains("MOA", refused.GetProperty("errors").GetProperty("recipients[1]")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("NO-SUCH-OFFICE", refused.GetProperty("errors").GetProperty("recipients[2]")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("submitted", Text((await FindAsync(coordinator, number))!.Value, "status"));

        await Expect(await coordinator.PostAsJsonAsync($"/api/alerts/{number}/reject", new { }), HttpStatusCode.BadRequest);
        await Expect(await coordinator.PostAsJsonAsync($"/api/alerts/{number}/reject", new { reason = "the laboratory report is not attached" }), HttpStatusCode.OK);
        await WaitUntilAsync(async () => await FindAsync(customs, number) is { } c && Text(c, "status") == "rejected", "the rejection on the raising node");
        await Expect(await coordinator.GetAsync("/api/alerts?status=maybe"), HttpStatusCode.BadRequest);
        var listed = await Expect(await coordinator.GetAsync("/api/alerts?status=rejected&q=" + number), HttpStatusCode.OK);
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Missed_deadlines_escalate_once_a_late_answer_is_late_and_duplicate_or_misdirected_messages_change_nothing()
    {
        var f = fixture.Federation;
        var port = await f.SignInAsync(Aqsiq, "ciq.ningbo.port");
        var coordinator = await f.SignInAsync(Aqsiq, "alerts.coordinator");
        var customs = await f.SignInAsync(Customs, "customs.ningbo");
        var customsHq = await f.SignInAsync(Customs, "customs.hq");

        var number = Text(await RaiseAsync(port, Alert("Deadline test (fictional)")), "number");
        await Expect(await coordinator.PostAsJsonAsync($"/api/alerts/{number}/validate", new { recipients = new[] { "CUSTOMS-NB", "BQS-ZJ" } }), HttpStatusCode.OK);
        await WaitUntilAsync(async () => await FindAsync(customs, number) is not null, "the alert on the customs node");

        fixture.Clock.Offset += TimeSpan.FromMinutes(90);
        var sweep = await Expect(await coordinator.PostAsync("/api/alerts/deadline-sweep", null), HttpStatusCode.OK);
        Assert.Contains(sweep.GetProperty("escalated").EnumerateArray(), e => e.GetString()!.StartsWith($"{number}: CUSTOMS-NB missed acknowledge -> CUSTOMS", StringComparison.Ordinal));
        var again = await Expect(await coordinator.PostAsync("/api/alerts/deadline-sweep", null), HttpStatusCode.OK);
        Assert.DoesNotContain(again.GetProperty("escalated").EnumerateArray(), e => e.GetString()!.StartsWith(number, StringComparison.Ordinal));
        var escalated = (await FindAsync(coordinator, number))!.Value;
        Assert.Single(escalated.GetProperty("timeline").EnumerateArray(), t => Text(t, "kind") == "escalation" && Text(t, "office") == "CUSTOMS-NB");
        Assert.Equal("CUSTOMS", Text(Recipient(escalated, "CUSTOMS-NB"), "escalatedTo"));
        Assert.True(Recipient(escalated, "CUSTOMS-NB").GetProperty("overdue").GetBoolean());
        await WaitUntilAsync(async () => (await Expect(await customsHq.GetAsync("/api/alerts/inbox"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
            .Any(i => Text(i, "number") == number && Text(i, "kind") == "escalation" && Text(i, "office") == "CUSTOMS-NB"), "the escalation in customs.hq's inbox");
        var customsView = (await FindAsync(customs, number))!.Value;
        Assert.Single(customsView.GetProperty("timeline").EnumerateArray(), t => Text(t, "kind") == "escalation");

        // Past the answer deadline (serious: half of 4 h), the answer is recorded, and shown late.
        fixture.Clock.Offset += TimeSpan.FromMinutes(60);
        await Expect(await customs.PostAsJsonAsync($"/api/alerts/{number}/follow-ups", new { text = "Answered late." }), HttpStatusCode.OK);
        await WaitUntilAsync(async () => await FindAsync(coordinator, number) is { } c && Text(Recipient(c, "CUSTOMS-NB"), "state") == "answered", "the late answer at the coordinator");
        Assert.True(Recipient((await FindAsync(coordinator, number))!.Value, "CUSTOMS-NB").GetProperty("answeredLate").GetBoolean());

        // The same follow-up posted twice (a redelivery) is recorded once.
        var followUp = new AlertFollowUp(Guid.CreateVersion7(), number, "follow-up", "CUSTOMS-NB", Customs + "/CUSTOMS-NB", "customs.ningbo", "Posted twice.", null, DateTimeOffset.UtcNow);
        var payload = JsonSerializer.SerializeToElement(followUp, Envelopes.Json);
        for (var i = 0; i < 2; i++)
        {
            var header = new EnvelopeHeader(Guid.CreateVersion7(), AlertsWire.FollowUpPostedType, Customs + "/CUSTOMS-NB", [Aqsiq + "/AQSIQ-IEFSB"], null, null, DateTimeOffset.UtcNow, "", 0);
            await HandleAsync(Aqsiq, header, payload);
        }

        var once = (await FindAsync(coordinator, number))!.Value;
        Assert.Single(once.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("id").GetGuid() == followUp.Id);

        // A distributed alert from a node that does not host the coordinating office is refused.
        var forged = JsonSerializer.SerializeToElement(new AlertNotification(number.Replace("AL-", "AL-X", StringComparison.Ordinal), "alert", "own-check", "validated", "forged",
            new AlertHazard("other", "x", null, null, null, null), new AlertProduct("0306170000", "x", null, []), [], "CN", [], "serious", "none", [], "BQS-ZJ",
            BqsZhejiang, "bqs.licensing", DateTimeOffset.UtcNow, null, null, []), Envelopes.Json);
        var fromBqs = new EnvelopeHeader(Guid.CreateVersion7(), AlertsWire.DistributedType, BqsZhejiang + "/BQS-ZJ", [Customs + "/CUSTOMS-NB"], null, null, DateTimeOffset.UtcNow, "", 0);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => HandleAsync(Customs, fromBqs, forged));
        Assert.Contains("does not host the coordinating office", error.Message, StringComparison.Ordinal);
    }

    private static string NewTag() => "SORT" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    [Fact]
    public async Task The_alert_list_sorts_by_raising_time_and_by_number_and_refuses_an_unknown_order()
    {
        var f = fixture.Federation;
        var bureau = await f.SignInAsync(Aqsiq, "ciq.zhejiang");
        var port = await f.SignInAsync(Aqsiq, "ciq.ningbo.port");
        var tag = NewTag();

        // Raised by the Zhejiang bureau, the Beilun port office, the bureau again: by number the port's (AL-CIQ-NB-…) comes before the bureau's (AL-CIQ-ZJ-…).
        var first = Text(await RaiseAsync(bureau, Alert($"Lead in shrimp {tag} one")), "number");
        var second = Text(await RaiseAsync(port, Alert($"Lead in shrimp {tag} two")), "number");
        var third = Text(await RaiseAsync(bureau, Alert($"Lead in shrimp {tag} three")), "number");
        async Task<string[]> NumbersAsync(string sort) =>
            [.. (await Expect(await port.GetAsync($"/api/alerts?q={tag}{sort}"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(a => Text(a, "number"))];

        Assert.Equal([third, second, first], await NumbersAsync(""));
        Assert.Equal([third, second, first], await NumbersAsync("&sort=newest"));
        Assert.Equal([first, second, third], await NumbersAsync("&sort=oldest"));
        string[] byNumber = [.. new[] { first, second, third }.Order(StringComparer.Ordinal)];
        Assert.Equal(second, byNumber[0]);
        Assert.Equal(byNumber, await NumbersAsync("&sort=number"));
        await port.UnknownSortIsRefusedAsync($"/api/alerts?q={tag}", "newest, oldest, number");
    }

    [Fact]
    public async Task The_alert_download_names_its_columns_in_the_readers_language_follows_the_order_and_is_refused_to_an_enterprise_user()
    {
        var f = fixture.Federation;
        var bureau = await f.SignInAsync(Aqsiq, "ciq.zhejiang");
        var port = await f.SignInAsync(Aqsiq, "ciq.ningbo.port");
        var tag = NewTag();
        var (title1, title2) = ($"Lead in shrimp {tag} one", $"Lead in shrimp {tag} two");
        var first = Text(await RaiseAsync(bureau, Alert(title1)), "number");
        var second = Text(await RaiseAsync(port, Alert(title2)), "number");

        var (zh, file) = await port.CsvAsync("zh-CN", $"/alerts/export.csv?q={tag}&sort=number");
        Assert.Equal("编号,通报类型,风险判定,标题,HS 编码,状态,提出机构,提出时间,时限,接收机构数,已答复", zh[0]);
        Assert.Matches("^alerts-[0-9]{8}-[0-9]{4}\\.csv$", file);
        Assert.Equal([second, first], zh[1..].Select(l => l.Split(',')[0]));
        Assert.Equal([second, "口岸拒绝入境通报", "严重风险", title2, "0306170000", "已提交", "CIQ-NB-BEILUN"], zh[1].Split(',')[..7]);

        var (en, _) = await port.CsvAsync("en", $"/alerts/export.csv?q={tag}&sort=oldest");
        Assert.Equal("Number,Notification type,Risk decision,Title,HS code,Status,Raising office,Raised at,Deadlines,Recipients,Answered", en[0]);
        Assert.Equal([first, second], en[1..].Select(l => l.Split(',')[0]));
        Assert.Equal([first, "Border rejection", "serious risk", title1, "0306170000", "Submitted", "CIQ-ZJ"], en[1].Split(',')[..7]);

        // An enterprise user reads no alerts: refused in its language, no file. A bad filter or order is a 400 naming it.
        var exporter = await f.SignInAsync(Aqsiq, "exporter.hangzhou");
        foreach (var (language, expected) in new[] { ("zh-CN", "快速预警由机构的公务人员发布和查阅。"), ("en", "Rapid alerts are raised and read by the officials of an office.") })
        {
            using var refused = await exporter.DownloadAsync(language, "/alerts/export.csv");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(expected, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        using var bad = await port.DownloadAsync("en", "/alerts/export.csv?status=sleeping&sort=sideways");
        var problem = await Expect(bad, HttpStatusCode.BadRequest);
        Assert.NotEmpty(TestData.FieldErrors(problem, "status"));
        Assert.Equal(["'sideways' is not one of: newest, oldest, number"], TestData.FieldErrors(problem, "sort"));
    }

    private async Task HandleAsync(string nodeId, EnvelopeHeader header, JsonElement payload)
    {
        await using var scope = fixture.Federation[nodeId].Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
        var handler = scope.ServiceProvider.GetServices<IEnvelopeHandler>().Single(h => h.Handles(header.Type));
        await handler.HandleAsync(db, header, payload, CancellationToken.None);
        await db.SaveChangesAsync();
    }
}

[Collection("sqlite")]
public sealed class AlertNotificationsOnSqlite(SqliteAlertFederation fixture) : AlertNotificationTests(fixture), IClassFixture<SqliteAlertFederation>;

[Collection("postgres")]
public sealed class AlertNotificationsOnPostgres(PostgresAlertFederation fixture) : AlertNotificationTests(fixture), IClassFixture<PostgresAlertFederation>;
