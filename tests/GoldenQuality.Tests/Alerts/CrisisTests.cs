using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Alerts;
using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Alerts;

/// <summary>
/// The national node (hosting the coordinating office AQSIQ-IEFSB) and the Customs node, once per test class, sharing one
/// fake clock (so that "overdue" is a matter of advancing it, never of waiting).
/// </summary>
public abstract class CrisisFederation : IAsyncLifetime
{
    public abstract DatabaseProvider Provider { get; }

    public TestFederation Federation { get; private set; } = null!;

    /// <summary>The clock of both nodes; it moves 1 ms each time it is read, so that events keep their order.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    public async Task InitializeAsync() =>
        Federation = await StartAsync(Provider, configure: (_, services) => services.AddSingleton<TimeProvider>(Clock));

    public async Task DisposeAsync() => await Federation.DisposeAsync();

    /// <summary>
    /// Seeds a validated notification on the national node, as the notifications part keeps it: recipients CUSTOMS-NB
    /// (acknowledged), CIQ-NB (silent) and BQS-ZJ (answered, with its follow-up), and an escalation in the timeline.
    /// </summary>
    public async Task<string> SeedAlertAsync(string title = "Chloramphenicol in frozen shrimp (test)")
    {
        var now = Clock.GetUtcNow();
        var number = "AL-CIQ-NB-BEILUN-" + now.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        AlertRecipient Recipient(string office) => new($"{Aqsiq}/{office}", office, now.AddHours(24), now.AddHours(48));
        var wire = new AlertNotification(number, "border-rejection", "border-control", "validated", title,
            new AlertHazard("veterinary-drug-residue", "chloramphenicol", 0.5m, "µg/kg", "not detectable", "GB 31650-2019"),
            new AlertProduct("030617", "Frozen shrimp (test)", null, ["LOT-1"]), [new AlertEnterprise("913302000000DEM02M", "Ningbo Demo Food (demo)", "importer")],
            "VN", [], "serious", "consignment rejected", [], "CIQ-NB-BEILUN", Aqsiq, "ciq.ningbo.port", now.AddHours(-1), "alerts.coordinator", now.AddMinutes(-30),
            [Recipient("CUSTOMS-NB"), Recipient("CIQ-NB"), Recipient("BQS-ZJ")]);
        await using var scope = Federation[Aqsiq].Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
        var row = AlertNotificationRow.From(Guid.CreateVersion7(), wire, AlertRole.Coordinator, now);
        db.Add(row);
        foreach (var r in wire.Recipients)
        {
            var recipient = AlertRecipientRow.Create(Guid.CreateVersion7(), row.Id, r, now.AddMinutes(-30));
            if (r.Office == "CUSTOMS-NB")
            {
                recipient.Acknowledged(now.AddMinutes(-20));
            }
            else if (r.Office == "BQS-ZJ")
            {
                recipient.Answered(now.AddMinutes(-10));
            }

            db.Add(recipient);
        }

        db.Add(AlertFollowUpRow.Create(Guid.CreateVersion7(), row.Id,
            new AlertFollowUp(Guid.NewGuid(), number, "follow-up", "BQS-ZJ", $"{BqsZhejiang}/BQS-ZJ", "bqs.licensing", "No such shrimp on the Zhejiang market", null, now.AddMinutes(-10)), now));
        db.Add(AlertFollowUpRow.Create(Guid.CreateVersion7(), row.Id,
            new AlertFollowUp(Guid.NewGuid(), number, "escalation", "CIQ-NB", $"{Aqsiq}/CIQ-NB", "system", "CIQ-NB missed the acknowledgement; CIQ-ZJ told", null, now.AddMinutes(-5)), now));
        await db.SaveChangesAsync();
        return number;
    }
}

public sealed class SqliteCrisisFederation : CrisisFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresCrisisFederation : CrisisFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// Crisis mode (issue 16): the coordinator opens a crisis for alerts with a cross-agency team, assigns actions with
/// owners and deadlines (on the owner's node when another one), the owners report, and the board shows the team, the
/// actions (overdue by the clock), who has and has not responded to each alert, the timeline and the daily summary.
/// </summary>
public abstract class CrisisTests(CrisisFederation fixture)
{
    private TestFederation Federation => fixture.Federation;

    private static string Text(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    private static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string[] Errors(JsonElement problem, string field) =>
        problem.GetProperty("errors").TryGetProperty(field, out var e) ? [.. e.EnumerateArray().Select(x => x.GetString()!)] : [];

    private static string Url(string number, string step = "") => "/api/alerts/crises/" + number + (step.Length > 0 ? "/" + step : "");

    private async Task<JsonElement> OpenAsync(HttpClient coordinator, string alert, params (string Office, string Role)[] members) =>
        await Expect(await coordinator.PostAsJsonAsync("/api/alerts/crises", new
        {
            title = "Banned drug in imported shrimp (test)",
            summary = "A cross-agency team traces and holds the importer's shrimp.",
            alerts = new[] { alert },
            members = members.Select(m => new { office = m.Office, role = m.Role }).ToArray(),
        }), HttpStatusCode.Created);

    private async Task<JsonElement> AssignAsync(HttpClient coordinator, string crisis, string owner, TimeSpan dueIn, string title, string? alert = null) =>
        await Expect(await coordinator.PostAsJsonAsync(Url(crisis, "actions"),
            new { title, ownerOffice = owner, due = fixture.Clock.GetUtcNow().Add(dueIn), alert }), HttpStatusCode.Created);

    [Fact]
    public async Task Opening_checks_every_field_and_only_the_coordinator_opens_or_reads_a_crisis_he_is_not_in()
    {
        var coordinator = await Federation.SignInAsync(Aqsiq, "alerts.coordinator");
        var bad = await Expect(await coordinator.PostAsJsonAsync("/api/alerts/crises", new
        {
            title = new string('x', 201),
            summary = " ",
            alerts = new[] { "AL-NO-SUCH-ALERT" },
            members = new[] { new { office = "NO-SUCH-OFFICE", role = "boss" } },
        }), HttpStatusCode.BadRequest);
        Assert.Contains("must be at most 200 characters", Errors(bad, "title"));
        Assert.Contains("is required", Errors(bad, "summary"));
        Assert.Contains("'AL-NO-SUCH-ALERT' is not an alert of this node", Errors(bad, "alerts[0]"));
        Assert.Contains("'NO-SUCH-OFFICE' is not an office of the registry", Errors(bad, "members[0].office"));
        Assert.Single(Errors(bad, "members[0].role"), e => e.Contains("lead-agency, member, observer", StringComparison.Ordinal));

        var empty = await Expect(await coordinator.PostAsJsonAsync("/api/alerts/crises", new { title = "t", summary = "s", alerts = Array.Empty<string>(), members = Array.Empty<object>() }),
            HttpStatusCode.BadRequest);
        Assert.Contains("at least one alert number is required", Errors(empty, "alerts"));
        Assert.Contains("at least one office of the team is required", Errors(empty, "members"));

        var alert = await fixture.SeedAlertAsync();
        var request = new { title = "t", summary = "s", alerts = new[] { alert }, members = new[] { new { office = "CUSTOMS-NB", role = "member" } } };
        var ningbo = await Federation.SignInAsync(Aqsiq, "ciq.ningbo");
        await Expect(await ningbo.PostAsJsonAsync("/api/alerts/crises", request), HttpStatusCode.Forbidden);
        var customs = await Federation.SignInAsync(Customs, "customs.ningbo");
        await Expect(await customs.PostAsJsonAsync("/api/alerts/crises", request), HttpStatusCode.Forbidden);

        // Two opens at once get two numbers of this year.
        var both = await Task.WhenAll(coordinator.PostAsJsonAsync("/api/alerts/crises", request), coordinator.PostAsJsonAsync("/api/alerts/crises", request));
        var numbers = new List<string>();
        foreach (var response in both)
        {
            numbers.Add(Text(await Expect(response, HttpStatusCode.Created), "number"));
        }

        Assert.Equal(2, numbers.Distinct(StringComparer.Ordinal).Count());
        Assert.All(numbers, n => Assert.Matches(@"^CR-\d{4}-\d{4}$", n));

        // The team's office reads the board; another office does not.
        var hangzhou = await Federation.SignInAsync(Aqsiq, "ciq.hangzhou");
        await Expect(await hangzhou.GetAsync(Url(numbers[0])), HttpStatusCode.Forbidden);
        await Expect(await ningbo.GetAsync(Url(numbers[0])), HttpStatusCode.Forbidden);
        var board = await Expect(await coordinator.GetAsync(Url(numbers[0])), HttpStatusCode.OK);
        Assert.Equal("alerts.coordinator", Text(board, "leader"));
        Assert.Equal("AQSIQ-IEFSB", Text(board, "leaderOffice"));
        await Expect(await coordinator.GetAsync(Url("CR-1999-0001")), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_action_assigned_to_customs_reaches_the_customs_node_is_reported_done_there_and_the_board_shows_it()
    {
        var coordinator = await Federation.SignInAsync(Aqsiq, "alerts.coordinator");
        var alert = await fixture.SeedAlertAsync();
        var crisis = await OpenAsync(coordinator, alert, ("CUSTOMS-NB", "member"), ("CIQ-NB", "lead-agency"), ("BQS-ZJ", "observer"));
        var number = Text(crisis, "number");

        var refused = await Expect(await coordinator.PostAsJsonAsync(Url(number, "actions"),
            new { title = "", ownerOffice = "BQS-ZJ", due = fixture.Clock.GetUtcNow().AddHours(-1), alert = "AL-OTHER" }), HttpStatusCode.BadRequest);
        Assert.Contains("is required", Errors(refused, "title"));
        Assert.Contains($"BQS-ZJ observes crisis {number} and owns no action", Errors(refused, "ownerOffice"));
        Assert.Contains("must be in the future", Errors(refused, "due"));
        Assert.Contains($"'AL-OTHER' is not an alert of crisis {number}", Errors(refused, "alert"));

        var action = await AssignAsync(coordinator, number, "CUSTOMS-NB", TimeSpan.FromHours(6), "Hold every shrimp declaration of the importer", alert);
        Assert.Equal($"{Customs}/CUSTOMS-NB", Text(action, "sentTo"));
        var id = Text(action, "id");

        // Customs sees it on its own node, and reports there.
        var customs = await Federation.SignInAsync(Customs, "customs.ningbo");
        JsonElement mine = default;
        await WaitUntilAsync(async () =>
        {
            var list = await Expect(await customs.GetAsync("/api/alerts/crisis-actions?open=true"), HttpStatusCode.OK);
            mine = list.GetProperty("items").EnumerateArray().FirstOrDefault(a => Text(a, "id") == id);
            return mine.ValueKind == JsonValueKind.Object;
        }, "the action on the customs node");
        Assert.Equal(number, Text(mine, "crisisNumber"));
        Assert.Equal("open", Text(mine, "status"));
        Assert.Equal(alert, Text(mine, "alertNumber"));

        var bad = await Expect(await customs.PostAsJsonAsync($"/api/alerts/crisis-actions/{id}/report", new { status = "open", report = new string('r', 2001) }), HttpStatusCode.BadRequest);
        Assert.NotEmpty(Errors(bad, "status"));
        Assert.Contains("must be at most 2000 characters", Errors(bad, "report"));
        var hq = await Federation.SignInAsync(Customs, "customs.hq");
        await Expect(await hq.PostAsJsonAsync($"/api/alerts/crisis-actions/{id}/report", new { status = "done", report = "not ours" }), HttpStatusCode.Forbidden);
        var done = await Expect(await customs.PostAsJsonAsync($"/api/alerts/crisis-actions/{id}/report",
            new { status = "done", report = "Two declarations held at Beilun (test)" }), HttpStatusCode.OK);
        Assert.Equal("done", Text(done, "status"));
        await Expect(await customs.PostAsJsonAsync($"/api/alerts/crisis-actions/{id}/report", new { status = "blocked", report = "again" }), HttpStatusCode.Conflict);

        JsonElement board = default;
        await WaitUntilAsync(async () =>
        {
            board = await Expect(await coordinator.GetAsync(Url(number)), HttpStatusCode.OK);
            return board.GetProperty("actions").EnumerateArray().Any(a => Text(a, "id") == id && Text(a, "status") == "done");
        }, "the report on the coordinator's board");
        var shown = board.GetProperty("actions").EnumerateArray().Single(a => Text(a, "id") == id);
        Assert.Equal("Two declarations held at Beilun (test)", Text(shown, "report"));
        Assert.Equal("customs.ningbo", Text(shown, "reportedBy"));
        Assert.False(shown.GetProperty("overdue").GetBoolean());
        Assert.Contains(board.GetProperty("timeline").EnumerateArray(), e => Text(e, "kind") == "action-reported" && Text(e, "office") == "CUSTOMS-NB");

        // An action owned on the coordinating node is reported there directly.
        var local = await AssignAsync(coordinator, number, "CIQ-NB", TimeSpan.FromHours(6), "Trace the lots in Ningbo");
        Assert.Equal(JsonValueKind.Null, local.GetProperty("sentTo").ValueKind);
        var ningbo = await Federation.SignInAsync(Aqsiq, "ciq.ningbo");
        var own = await Expect(await ningbo.GetAsync("/api/alerts/crisis-actions"), HttpStatusCode.OK);
        Assert.Contains(own.GetProperty("items").EnumerateArray(), a => Text(a, "id") == Text(local, "id"));
        await Expect(await ningbo.PostAsJsonAsync($"/api/alerts/crisis-actions/{Text(local, "id")}/report", new { status = "in-progress", report = "Three of five lots traced" }),
            HttpStatusCode.OK);
        board = await Expect(await coordinator.GetAsync(Url(number)), HttpStatusCode.OK);
        Assert.Equal("in-progress", Text(board.GetProperty("actions").EnumerateArray().Single(a => Text(a, "id") == Text(local, "id")), "status"));

        // The same update again changes nothing; an update for an unknown action, or from a node that does not host the owner, is recorded as refused.
        var update = new CrisisActionMessage(Guid.Parse(id), number, "t", "Hold every shrimp declaration of the importer", "CUSTOMS-NB", DateTimeOffset.UtcNow, "blocked", "late copy",
            "customs.ningbo", fixture.Clock.GetUtcNow().AddHours(-1));
        await HandleOnNationalAsync(AlertsWire.CrisisActionUpdatedType, $"{Customs}/CUSTOMS-NB", update);
        var unknown = Guid.NewGuid();
        await HandleOnNationalAsync(AlertsWire.CrisisActionUpdatedType, $"{Customs}/CUSTOMS-NB", update with { ActionId = unknown, At = fixture.Clock.GetUtcNow() });
        await HandleOnNationalAsync(AlertsWire.CrisisActionUpdatedType, $"{Aqsiq}/CIQ-NB", update with { At = fixture.Clock.GetUtcNow() });
        board = await Expect(await coordinator.GetAsync(Url(number)), HttpStatusCode.OK);
        Assert.Equal("done", Text(board.GetProperty("actions").EnumerateArray().Single(a => Text(a, "id") == id), "status"));
        Assert.Single(board.GetProperty("timeline").EnumerateArray(), e => Text(e, "kind") == "action-reported" && Text(e, "office") == "CUSTOMS-NB");
        Assert.Contains(board.GetProperty("timeline").EnumerateArray(), e => Text(e, "kind") == "update-refused" && Text(e, "text").Contains("does not host CUSTOMS-NB", StringComparison.Ordinal));
        var rejections = await Expect(await coordinator.GetAsync("/api/alerts/crises/refused?pageSize=500"), HttpStatusCode.OK);
        Assert.Contains(rejections.GetProperty("items").EnumerateArray(), r => Text(r, "actionId") == unknown.ToString() && Text(r, "reason").StartsWith("no crisis action", StringComparison.Ordinal));
        await Expect(await customs.GetAsync("/api/alerts/crises/refused"), HttpStatusCode.Forbidden);

        // The day's summary lists the action done.
        var summary = await Expect(await coordinator.GetAsync(Url(number, "summary")), HttpStatusCode.OK);
        Assert.Contains(summary.GetProperty("done").EnumerateArray(), a => Text(a, "id") == id);
        Assert.Contains("Actions done: 1", Text(summary, "text"), StringComparison.Ordinal);
        Assert.Contains("Hold every shrimp declaration of the importer (CUSTOMS-NB): Two declarations held at Beilun (test)", Text(summary, "text"), StringComparison.Ordinal);
    }

    private async Task HandleOnNationalAsync(string type, string sender, object payload)
    {
        var header = new EnvelopeHeader(Guid.CreateVersion7(), type, sender, [$"{Aqsiq}/{AlertsWire.CoordinatingOffice}"], null, null, DateTimeOffset.UtcNow, "", 0);
        await using var scope = Federation[Aqsiq].Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
        var handler = scope.ServiceProvider.GetServices<IEnvelopeHandler>().Single(h => h.Handles(type));
        await handler.HandleAsync(db, header, JsonSerializer.SerializeToElement(payload, Envelopes.Json), CancellationToken.None);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_board_flags_overdue_actions_by_the_clock_shows_who_has_responded_and_the_daily_summary_says_it()
    {
        // The daily summary counts the follow-ups of one day of China time; they are seeded ten minutes back and the test
        // moves the clock on two hours. Near midnight the clock is first moved on to 01:00, so that it all falls in one day.
        var local = Common.ChinaTime.Of(fixture.Clock.GetUtcNow()).TimeOfDay;
        if (local > TimeSpan.FromHours(21) || local < TimeSpan.FromMinutes(30))
        {
            var toOneOClock = TimeSpan.FromHours(25) - local;
            fixture.Clock.Advance(toOneOClock >= TimeSpan.FromDays(1) ? toOneOClock - TimeSpan.FromDays(1) : toOneOClock);
        }

        var coordinator = await Federation.SignInAsync(Aqsiq, "alerts.coordinator");
        var alert = await fixture.SeedAlertAsync();
        var number = Text(await OpenAsync(coordinator, alert, ("CIQ-NB", "lead-agency"), ("CUSTOMS-NB", "member")), "number");
        var action = await AssignAsync(coordinator, number, "CIQ-NB", TimeSpan.FromHours(1), "Sample the remaining lots", alert);
        var id = Text(action, "id");

        var board = await Expect(await coordinator.GetAsync(Url(number)), HttpStatusCode.OK);
        Assert.False(board.GetProperty("actions").EnumerateArray().Single(a => Text(a, "id") == id).GetProperty("overdue").GetBoolean());
        var grid = board.GetProperty("alerts").EnumerateArray().Single(a => Text(a, "number") == alert).GetProperty("recipients").EnumerateArray()
            .ToDictionary(r => Text(r, "office"), r => Text(r, "state"));
        Assert.Equal("acknowledged", grid["CUSTOMS-NB"]);
        Assert.Equal("silent", grid["CIQ-NB"]);
        Assert.Equal("answered", grid["BQS-ZJ"]);
        var timeline = board.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Contains(timeline, e => Text(e, "kind") == "alert-follow-up" && Text(e, "office") == "BQS-ZJ");
        Assert.Contains(timeline, e => Text(e, "kind") == "opened");
        Assert.Contains(timeline, e => Text(e, "kind") == "action-assigned");
        var times = timeline.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);

        fixture.Clock.Advance(TimeSpan.FromHours(2));
        coordinator = await Federation.SignInAsync(Aqsiq, "alerts.coordinator");
        board = await Expect(await coordinator.GetAsync(Url(number)), HttpStatusCode.OK);
        Assert.True(board.GetProperty("actions").EnumerateArray().Single(a => Text(a, "id") == id).GetProperty("overdue").GetBoolean());
        Assert.Equal("action-overdue", Text(board.GetProperty("timeline").EnumerateArray().First(e => e.GetProperty("actionId").ValueKind == JsonValueKind.String), "kind"));

        var summary = await Expect(await coordinator.GetAsync(Url(number, "summary")), HttpStatusCode.OK);
        var text = Text(summary, "text");
        Assert.Contains($"Crisis {number}", text, StringComparison.Ordinal);
        Assert.Contains("Actions overdue: 1", text, StringComparison.Ordinal);
        Assert.Contains("  - Sample the remaining lots (CIQ-NB), due", text, StringComparison.Ordinal);
        Assert.Contains("Recipients still silent: 2", text, StringComparison.Ordinal);
        Assert.Contains($"{alert}: CIQ-NB, silent", text, StringComparison.Ordinal);
        Assert.Contains($"{alert}: CUSTOMS-NB, acknowledged", text, StringComparison.Ordinal);
        Assert.Contains("New follow-ups: 1", text, StringComparison.Ordinal);
        Assert.Contains("Escalations: 1", text, StringComparison.Ordinal);
        Assert.Contains("Open actions: 1", text, StringComparison.Ordinal);
        var zh = Text(await Expect(await coordinator.GetAsync(Url(number, "summary") + "?lang=zh"), HttpStatusCode.OK), "text");
        Assert.Contains("逾期的行动: 1", zh, StringComparison.Ordinal);

        var download = await coordinator.GetAsync(Url(number, "summary.txt"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/plain", download.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Actions overdue: 1", await download.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Another day has nothing done and no follow-ups; a bad date is named.
        var yesterday = Common.ChinaTime.Of(fixture.Clock.GetUtcNow()).AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var before = await Expect(await coordinator.GetAsync(Url(number, "summary") + "?date=" + yesterday), HttpStatusCode.OK);
        Assert.Empty(before.GetProperty("followUps").EnumerateArray());
        Assert.Empty(before.GetProperty("overdue").EnumerateArray());
        var badDate = await Expect(await coordinator.GetAsync(Url(number, "summary") + "?date=30.11.2026"), HttpStatusCode.BadRequest);
        Assert.NotEmpty(Errors(badDate, "date"));
    }

    [Fact]
    public async Task An_alert_raised_and_validated_over_the_api_shows_on_the_board_as_customs_acknowledges_and_answers()
    {
        var port = await Federation.SignInAsync(Aqsiq, "ciq.ningbo.port");
        var coordinator = await Federation.SignInAsync(Aqsiq, "alerts.coordinator");
        var customs = await Federation.SignInAsync(Customs, "customs.ningbo");
        var raised = await Expect(await port.PostAsJsonAsync("/api/alerts", new
        {
            type = "border-rejection",
            basis = "border-control",
            title = "Chloramphenicol in frozen shrimp (crisis test)",
            hazard = new { category = "veterinary-drug-residue", agent = "chloramphenicol", value = 1.2m, unit = "ug/kg" },
            product = new { hsCode = "0306170000", description = "Frozen shrimp (fictional test consignment)", brand = "Demo", lots = new[] { "LOT-C1" } },
            enterprises = new[] { new { uscc = "913302000000DEM02M", name = "Ningbo Demo Food", role = "importer" } },
            originCountry = "VN",
            distributionCountries = new[] { "CN" },
            risk = "serious",
            measuresTaken = "Consignment refused entry and held at Beilun.",
        }), HttpStatusCode.Created);
        var alert = Text(raised, "number");
        await Expect(await coordinator.PostAsJsonAsync($"/api/alerts/{alert}/validate", new { recipients = new[] { "CUSTOMS-NB", "CIQ-NB" }, note = "crisis test" }), HttpStatusCode.OK);
        var number = Text(await OpenAsync(coordinator, alert, ("CUSTOMS-NB", "member"), ("CIQ-NB", "lead-agency")), "number");

        async Task<Dictionary<string, string>> GridAsync()
        {
            var board = await Expect(await coordinator.GetAsync(Url(number)), HttpStatusCode.OK);
            var of = board.GetProperty("alerts").EnumerateArray().Single(a => Text(a, "number") == alert);
            Assert.Equal("validated", Text(of, "status"));
            return of.GetProperty("recipients").EnumerateArray().ToDictionary(r => Text(r, "office"), r => Text(r, "state"));
        }

        Assert.Equal(new Dictionary<string, string> { ["CIQ-NB"] = "silent", ["CUSTOMS-NB"] = "silent" }, await GridAsync());

        await WaitUntilAsync(async () => (await customs.GetAsync("/api/alerts/" + alert)).StatusCode == HttpStatusCode.OK, "the alert on the customs node");
        await Expect(await customs.PostAsJsonAsync($"/api/alerts/{alert}/acknowledge", new { note = "received" }), HttpStatusCode.OK);
        await WaitUntilAsync(async () => (await GridAsync())["CUSTOMS-NB"] == "acknowledged", "the acknowledgement on the board");
        Assert.Equal("silent", (await GridAsync())["CIQ-NB"]);

        await Expect(await customs.PostAsJsonAsync($"/api/alerts/{alert}/follow-ups", new { text = "Two declarations of the importer held (crisis test)", measuresTaken = "held" }),
            HttpStatusCode.OK);
        await WaitUntilAsync(async () => (await GridAsync())["CUSTOMS-NB"] == "answered", "the answer on the board");
        var timeline = (await Expect(await coordinator.GetAsync(Url(number)), HttpStatusCode.OK)).GetProperty("timeline").EnumerateArray().ToList();
        Assert.Contains(timeline, e => Text(e, "kind") == "alert-follow-up" && Text(e, "office") == "CUSTOMS-NB" && Text(e, "alertNumber") == alert);
        var summary = Text(await Expect(await coordinator.GetAsync(Url(number, "summary")), HttpStatusCode.OK), "text");
        Assert.Contains($"{alert} CUSTOMS-NB: Two declarations of the importer held (crisis test)", summary, StringComparison.Ordinal);
        Assert.Contains($"{alert}: CIQ-NB, silent", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closing_with_actions_not_done_is_refused_unless_forced_and_a_closed_crisis_takes_no_more()
    {
        var coordinator = await Federation.SignInAsync(Aqsiq, "alerts.coordinator");
        var alert = await fixture.SeedAlertAsync();
        var other = await fixture.SeedAlertAsync("Second alert (test)");
        var number = Text(await OpenAsync(coordinator, alert, ("CIQ-NB", "member")), "number");

        var added = await Expect(await coordinator.PostAsJsonAsync(Url(number, "alerts"), new { alert = other }), HttpStatusCode.OK);
        Assert.Equal(2, added.GetProperty("alerts").GetArrayLength());
        await Expect(await coordinator.PostAsJsonAsync(Url(number, "alerts"), new { alert = other }), HttpStatusCode.Conflict);
        var member = await Expect(await coordinator.PostAsJsonAsync(Url(number, "members"), new { office = "customs-nb", role = "member" }), HttpStatusCode.OK);
        Assert.Contains(member.GetProperty("team").EnumerateArray(), m => Text(m, "office") == "CUSTOMS-NB" && Text(m, "nameZh").Length > 0);
        await Expect(await coordinator.PostAsJsonAsync(Url(number, "members"), new { office = "CUSTOMS-NB", role = "member" }), HttpStatusCode.Conflict);
        var stale = await Expect(await coordinator.PostAsJsonAsync(Url(number, "members"), new { office = "CIQ-ZJ", role = "member", version = 1 }), HttpStatusCode.Conflict);
        Assert.Equal("version", Text(stale, "field"));

        await AssignAsync(coordinator, number, "CIQ-NB", TimeSpan.FromHours(3), "Recall notice to distributors");
        var refused = await Expect(await coordinator.PostAsJsonAsync(Url(number, "close"), new { reason = "Contained" }), HttpStatusCode.Conflict);
        Assert.Equal("actions", Text(refused, "field"));
        var noReason = await Expect(await coordinator.PostAsJsonAsync(Url(number, "close"), new { force = true }), HttpStatusCode.BadRequest);
        Assert.Contains("is required", Errors(noReason, "reason"));
        var ningbo = await Federation.SignInAsync(Aqsiq, "ciq.ningbo");
        await Expect(await ningbo.PostAsJsonAsync(Url(number, "close"), new { reason = "x", force = true }), HttpStatusCode.Forbidden);

        var closed = await Expect(await coordinator.PostAsJsonAsync(Url(number, "close"), new { reason = "Contained; the recall continues under the alert", force = true }),
            HttpStatusCode.OK);
        Assert.Equal("closed", Text(closed, "status"));
        Assert.Contains("forced with 1 action(s) not done", Text(closed.GetProperty("timeline")[0], "text"), StringComparison.Ordinal);
        await Expect(await coordinator.PostAsJsonAsync(Url(number, "actions"), new { title = "x", ownerOffice = "CIQ-NB", due = fixture.Clock.GetUtcNow().AddHours(1) }),
            HttpStatusCode.Conflict);
        var list = await Expect(await coordinator.GetAsync("/api/alerts/crises?open=false&pageSize=500"), HttpStatusCode.OK);
        Assert.Contains(list.GetProperty("items").EnumerateArray(), c => Text(c, "number") == number && c.GetProperty("openActions").GetInt32() == 1);
        var mine = await Expect(await ningbo.GetAsync("/api/alerts/crises?pageSize=500"), HttpStatusCode.OK);
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), c => Text(c, "number") == number);
    }
}

[Collection("sqlite")]
public sealed class CrisisOnSqlite(SqliteCrisisFederation fixture) : CrisisTests(fixture), IClassFixture<SqliteCrisisFederation>;

[Collection("postgres")]
public sealed class CrisisOnPostgres(PostgresCrisisFederation fixture) : CrisisTests(fixture), IClassFixture<PostgresCrisisFederation>;
