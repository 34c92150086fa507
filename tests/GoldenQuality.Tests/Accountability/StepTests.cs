using System.Globalization;
using System.Net;
using System.Text.Json;
using GoldenQuality.Accountability.Contracts;
using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Accountability;

/// <summary>
/// The national node (hosting the coordinating body), Customs and the central bank, sharing one fake clock; the test
/// agreement T-1 (AQSIQ to Customs, <c>test.event</c>) has the steps <c>deliver</c> (AQSIQ, 5 minutes) and <c>verify and decide</c> (Customs, 4 hours), the
/// credit-record agreement (T-16) the step <c>answer</c> (PBC, 5 seconds). The background tracker and reporter are off:
/// the tests run them over HTTP.
/// </summary>
public abstract class StepFederation : IAsyncLifetime
{
    public const string Pbc = TestFederation.Pbc;

    public abstract DatabaseProvider Provider { get; }

    public TestFederation Federation { get; private set; } = null!;

    /// <summary>The clock of every node; it moves 1 ms each time it is read, so that events keep their order.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    public async Task InitializeAsync() =>
        Federation = await StartAsync(Provider, configure: (_, services) => services.AddSingleton<TimeProvider>(Clock),
            settings: new() { ["Accountability:TrackEverySeconds"] = "0", ["Accountability:ReportEverySeconds"] = "0", ["Accountability:MaxCasesPerPass"] = "1" },
            ministries: true, only: [Pbc], agreements: a => a.Id switch
            {
                "T-1" => a with { Steps = [new AgreementStep("deliver", "GQ/GOV/AQSIQ", "PT5M"), new AgreementStep("verify and decide", "GQ/GOV/CUSTOMS", "PT4H")] },
                "T-16" => a with { Steps = [new AgreementStep("answer", "GQ/GOV/PBC", "PT5S")] },
                _ => a,
            });

    public async Task DisposeAsync() => await Federation.DisposeAsync();

    /// <summary>A client of the node's system account (an official, and the exchange operator).</summary>
    public HttpClient System(string node)
    {
        var n = Federation[node];
        var client = Federation.Track(new HttpClient { BaseAddress = n.Url });
        client.DefaultRequestHeaders.Add("X-Api-Key", node == Customs ? n.CustomsApiKey : n.SystemApiKey);
        return client;
    }

    /// <summary>Customs' feedback on a case of the national node (<c>accountability.feedback.reported</c>, in the case's correlation).</summary>
    public async Task<Guid> FeedbackAsync(Guid correlation, string outcome)
    {
        // As Customs' own module reports a use: through the feedback contract, in its unit of work.
        await using var scope = Federation[Customs].Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
        scope.ServiceProvider.GetRequiredService<IDataUseFeedback>().Report(db, "CUSTOMS",
            new DataUse(Aqsiq, "T-1", "test-event", "EV-1", "DECL-1", outcome, "decided at the port", correlation));
        await db.SaveChangesAsync();
        return await db.Set<OutboxMessage>().Where(o => o.Type == AccountabilityWire.FeedbackReportedType)
            .OrderByDescending(o => o.Sequence).Select(o => o.EnvelopeId).FirstAsync();
    }

    /// <summary>Sends one envelope as <paramref name="module"/> (null: the operator) from <paramref name="from"/> in its own unit of work, as that module would.</summary>
    public async Task<Guid> SendAsync(string from, SendingModule? module, string type, object payload, string to, Guid? correlation = null, Guid? causation = null)
    {
        await using var scope = Federation[from].Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
        var exchange = scope.ServiceProvider.GetRequiredService<ExchangeSender>();
        var sent = module is { } m ? exchange.As(m).Send(db, type, payload, [to], correlationId: correlation, causationId: causation)
            : exchange.Send(db, type, payload, [to], correlationId: correlation, causationId: causation);
        Assert.Empty(sent.Denied);
        await db.SaveChangesAsync();
        return Assert.Single(sent.Envelopes);
    }

    /// <summary>How many escalation envelopes the national node has queued so far.</summary>
    public async Task<int> EscalationsSentAsync()
    {
        await using var scope = Federation[Aqsiq].Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GqDbContext>().Set<OutboxMessage>().CountAsync(o => o.Type == AccountabilityWire.StepEscalatedType);
    }

    /// <summary>Waits until the envelope's signed receipt is back on <paramref name="from"/>; returns its last error otherwise.</summary>
    public async Task DeliveredAsync(string from, Guid envelope) =>
        await WaitUntilAsync(async () =>
        {
            await using var scope = Federation[from].Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
            return await db.Set<OutboxMessage>().AnyAsync(o => o.EnvelopeId == envelope && o.DeliveredAt != null);
        }, $"the receipt of {envelope} on {from}");
}

public sealed class SqliteStepFederation : StepFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresStepFederation : StepFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// Accountable steps (issue 17): an envelope sent to Customs under an agreement with steps opens a case; its delivery completes <c>deliver</c>; past the
/// consumer step's deadline the step is overdue, escalated once to Customs and to the coordinating body, and Customs'
/// on-time rate drops; its feedback in the case's correlation completes it; a query's <c>answer</c> step is tracked. All over
/// HTTP, with the nodes' shared fake clock.
/// </summary>
public abstract class StepTests(StepFederation fixture)
{
    private static string Text(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    internal static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> TrackAsync(HttpClient client) =>
        await Expect(await client.PostAsync("/api/accountability/steps/track", null), HttpStatusCode.OK);

    private static async Task<JsonElement[]> StepsOfAsync(HttpClient client, Guid envelope, string query = "")
    {
        var page = await Expect(await client.GetAsync("/api/accountability/steps?pageSize=500" + query), HttpStatusCode.OK);
        return [.. page.GetProperty("items").EnumerateArray().Where(s => s.GetProperty("caseEnvelope").GetGuid() == envelope).OrderBy(s => s.GetProperty("stepIndex").GetInt32())];
    }

    private static async Task<JsonElement?> RateOfAsync(HttpClient client, string party, DateTimeOffset to)
    {
        var rates = await Expect(await client.GetAsync("/api/accountability/steps/on-time?to=" + Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture))), HttpStatusCode.OK);
        return rates.EnumerateArray().Where(r => Text(r, "party") == party).Select(r => (JsonElement?)r).FirstOrDefault();
    }

    private static async Task<JsonElement[]> EscalationsAsync(HttpClient client, Guid envelope)
    {
        var page = await Expect(await client.GetAsync("/api/accountability/escalations?pageSize=500"), HttpStatusCode.OK);
        return [.. page.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("caseEnvelope").GetGuid() == envelope)];
    }

    [Fact]
    public async Task An_envelope_to_Customs_is_tracked_step_by_step_escalated_once_when_overdue_and_completed_by_the_reply()
    {
        var national = fixture.System(Aqsiq);
        var customs = fixture.System(Customs);

        // Case A: Customs answers in time. Case B: it does not.
        var correlationA = Guid.NewGuid();
        var caseA = await fixture.SendAsync(Aqsiq, null, "test.event", new { permitNumber = "P-STEPS-A" }, Customs, correlationA);
        var correlationB = Guid.NewGuid();
        var caseB = await fixture.SendAsync(Aqsiq, null, "test.event", new { permitNumber = "P-STEPS-B" }, Customs, correlationB);
        await fixture.DeliveredAsync(Aqsiq, caseA);
        await fixture.DeliveredAsync(Aqsiq, caseB);
        // A pass opens one case here (MaxCasesPerPass = 1); one call runs passes until it has caught up.
        Assert.True((await TrackAsync(national)).GetProperty("opened").GetInt32() >= 2);
        Assert.Equal(0, (await TrackAsync(national)).GetProperty("opened").GetInt32());

        var steps = await StepsOfAsync(national, caseB);
        Assert.Equal(["deliver", "verify and decide"], steps.Select(s => Text(s, "step")));
        Assert.Equal("done", Text(steps[0], "state"));
        Assert.True(steps[0].GetProperty("onTime").GetBoolean());
        Assert.Equal("GQ/GOV/AQSIQ", Text(steps[0], "accountable"));
        Assert.Equal("GQ/GOV/CUSTOMS", Text(steps[1], "accountable"));
        Assert.Equal("open", Text(steps[1], "state"));
        Assert.Equal(correlationB, steps[1].GetProperty("correlationId").GetGuid());
        Assert.Equal(steps[0].GetProperty("completedAt").GetDateTimeOffset().AddHours(4), steps[1].GetProperty("dueAt").GetDateTimeOffset());

        // Customs reports its use of case A (feedback in the case's correlation) within the hour: its step is done on time.
        var replyA = await fixture.FeedbackAsync(correlationA, "accepted");
        await fixture.DeliveredAsync(Customs, replyA);
        await TrackAsync(national);
        var doneA = (await StepsOfAsync(national, caseA))[1];
        Assert.Equal("done", Text(doneA, "state"));
        Assert.True(doneA.GetProperty("onTime").GetBoolean());
        var before = await RateOfAsync(national, "GQ/GOV/CUSTOMS", fixture.Clock.GetUtcNow().AddHours(6));
        Assert.NotNull(before);
        Assert.Equal(0, before.Value.GetProperty("overdue").GetInt32());

        // Past the deadline of case B: overdue, escalated once, and the rate drops.
        fixture.Clock.Advance(TimeSpan.FromHours(5));
        var pass = await TrackAsync(national);
        Assert.True(pass.GetProperty("escalated").GetInt32() >= 1);
        var overdue = await StepsOfAsync(national, caseB, "&party=GQ/GOV/CUSTOMS&state=overdue");
        var step = Assert.Single(overdue);
        Assert.Equal("verify and decide", Text(step, "step"));
        Assert.NotEqual(JsonValueKind.Null, step.GetProperty("escalatedAt").ValueKind);
        Assert.Empty(await StepsOfAsync(national, caseB, "&party=GQ/GOV/CUSTOMS&state=done"));
        var after = (await RateOfAsync(national, "GQ/GOV/CUSTOMS", fixture.Clock.GetUtcNow().AddMinutes(1)))!.Value;
        Assert.True(after.GetProperty("overdue").GetInt32() >= 1);
        Assert.True(after.GetProperty("rate").GetDouble() < before.Value.GetProperty("rate").GetDouble(),
            $"the rate was {before.Value.GetProperty("rate")} and is {after.GetProperty("rate")}");

        // Customs keeps the escalation addressed to it; the coordinating body (hosted on the national node) keeps its own.
        await WaitUntilAsync(async () => (await EscalationsAsync(customs, caseB)).Length == 1, "the escalation on Customs' node");
        var coordinator = await fixture.Federation.SignInAsync(Aqsiq, "coordinator");
        var matrix = await Expect(await coordinator.GetAsync("/api/accountability/reciprocity"), HttpStatusCode.OK);
        var toCoordinator = matrix.GetProperty("escalations").EnumerateArray().Where(e => e.GetProperty("caseEnvelope").GetGuid() == caseB).ToList();
        Assert.Equal("verify and decide", Text(Assert.Single(toCoordinator), "step"));
        Assert.Equal("GQ/GOV/CUSTOMS", Text(toCoordinator[0], "accountable"));

        // Exactly once: another pass escalates nothing more (no new envelope; one kept on each side).
        var sentBefore = await fixture.EscalationsSentAsync();
        Assert.Equal(0, (await TrackAsync(national)).GetProperty("escalated").GetInt32());
        Assert.Equal(sentBefore, await fixture.EscalationsSentAsync());
        Assert.Single(await StepsOfAsync(national, caseB, "&state=overdue"));
        Assert.Single(await EscalationsAsync(customs, caseB));
        Assert.Single((await Expect(await coordinator.GetAsync("/api/accountability/reciprocity"), HttpStatusCode.OK))
            .GetProperty("escalations").EnumerateArray(), e => e.GetProperty("caseEnvelope").GetGuid() == caseB);

        // Customs finally reports in the case: done, late.
        var replyB = await fixture.FeedbackAsync(correlationB, "hold");
        await fixture.DeliveredAsync(Customs, replyB);
        await TrackAsync(national);
        var doneB = (await StepsOfAsync(national, caseB))[1];
        Assert.Equal("done", Text(doneB, "state"));
        Assert.False(doneB.GetProperty("onTime").GetBoolean());
        var late = (await RateOfAsync(national, "GQ/GOV/CUSTOMS", fixture.Clock.GetUtcNow().AddMinutes(1)))!.Value;
        Assert.True(late.GetProperty("late").GetInt32() >= 1);
    }

    [Fact]
    public async Task A_query_opens_a_case_whose_answer_step_is_the_providers()
    {
        var national = fixture.System(Aqsiq);
        Guid request;
        await using (var scope = fixture.Federation[Aqsiq].Services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<ExchangeQueries>().QueryAsync(StepFederation.Pbc, "credit-record",
                new { uscc = "913301000000DEM01D" }, CancellationToken.None);
            Assert.True(outcome.Answered, outcome.Detail);
            request = outcome.RequestId;
        }

        await TrackAsync(national);
        var step = Assert.Single(await StepsOfAsync(national, request));
        Assert.Equal("answer", Text(step, "step"));
        Assert.Equal("GQ/GOV/PBC", Text(step, "accountable"));
        Assert.Equal("dataset.credit-record", Text(step, "messageType"));
        Assert.Equal("done", Text(step, "state"));
        Assert.True(step.GetProperty("onTime").GetBoolean());

        // Tracking again changes nothing (idempotent).
        await TrackAsync(national);
        Assert.Single(await StepsOfAsync(national, request));
    }

    [Fact]
    public async Task Bad_step_queries_name_the_field_and_only_the_operator_tracks()
    {
        var national = fixture.System(Aqsiq);
        var bad = await Expect(await national.GetAsync("/api/accountability/steps?state=late&pageSize=0&party=nobody"), HttpStatusCode.BadRequest);
        var errors = bad.GetProperty("errors");
        Assert.Contains("'late' is not one of", errors.GetProperty("state")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("between 1 and", errors.GetProperty("pageSize")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("member id", errors.GetProperty("party")[0].GetString(), StringComparison.Ordinal);
        var window = await Expect(await national.GetAsync("/api/accountability/steps/on-time?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"), HttpStatusCode.BadRequest);
        Assert.Contains("before", window.GetProperty("errors").GetProperty("from")[0].GetString(), StringComparison.Ordinal);

        var officer = await fixture.Federation.SignInAsync(Aqsiq, "ciq.ningbo");
        await Expect(await officer.PostAsync("/api/accountability/steps/track", null), HttpStatusCode.Forbidden);
        await Expect(await officer.GetAsync("/api/accountability/reciprocity"), HttpStatusCode.Forbidden);
        await Expect(await officer.GetAsync("/api/accountability/steps?state=overdue"), HttpStatusCode.OK);
    }
}

[Collection("sqlite")]
public sealed class StepsOnSqlite(SqliteStepFederation fixture) : StepTests(fixture), IClassFixture<SqliteStepFederation>;

[Collection("postgres")]
public sealed class StepsOnPostgres(PostgresStepFederation fixture) : StepTests(fixture), IClassFixture<PostgresStepFederation>;
