using System.Net;
using System.Text.Json;
using GoldenQuality.Accountability.Contracts;
using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Accountability;

/// <summary>
/// Reciprocity across the federation (issue 17): three nodes send their signed summaries to the node hosting the
/// coordinating body, whose matrix adds them up per pair of agencies; a report claiming to be another node's is refused.
/// </summary>
public abstract class ReciprocityTests(StepFederation fixture)
{
    private static string Text(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    private static async Task<JsonElement> ReportAsync(HttpClient client) =>
        (await StepTests.Expect(await client.PostAsync("/api/accountability/reciprocity/report", null), HttpStatusCode.OK)).GetProperty("report");

    private static JsonElement? Partner(JsonElement report, string member) =>
        report.GetProperty("partners").EnumerateArray().Where(p => Text(p, "partner") == member).Select(p => (JsonElement?)p).FirstOrDefault();

    private static JsonElement Pair(JsonElement matrix, string from, string to) =>
        matrix.GetProperty("pairs").EnumerateArray().Single(p => Text(p, "from") == from && Text(p, "to") == to);

    [Fact]
    public async Task Reports_from_three_nodes_reach_the_leadership_and_the_matrix_adds_them_up()
    {
        // Something to report: an envelope to Customs, feedback back, a credit query to the central bank.
        var permit = await fixture.SendAsync(Aqsiq, null, "test.event", new { permitNumber = "P-RECIPROCITY" }, Customs);
        var decision = await fixture.FeedbackAsync(Guid.NewGuid(), "accepted");
        await fixture.DeliveredAsync(Aqsiq, permit);
        await fixture.DeliveredAsync(Customs, decision);
        await using (var scope = fixture.Federation[Aqsiq].Services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<ExchangeQueries>().QueryAsync(StepFederation.Pbc, "credit-record",
                new { uscc = "913301000000DEM01D" }, CancellationToken.None);
            Assert.True(outcome.Answered, outcome.Detail);
        }

        var national = await ReportAsync(fixture.System(Aqsiq));
        var customs = await ReportAsync(fixture.System(Customs));
        var pbc = await ReportAsync(fixture.System(StepFederation.Pbc));
        Assert.Equal(Aqsiq, Text(national, "node"));
        Assert.True(Partner(national, "GQ/GOV/CUSTOMS")!.Value.GetProperty("given").GetInt32() >= 1);
        Assert.True(Partner(national, "GQ/GOV/PBC")!.Value.GetProperty("queriesAsked").GetInt32() >= 1);
        Assert.True(Partner(customs, "GQ/GOV/AQSIQ")!.Value.GetProperty("received").GetInt32() >= 1);
        Assert.True(Partner(pbc, "GQ/GOV/AQSIQ")!.Value.GetProperty("queriesAnswered").GetInt32() >= 1);

        var leader = await fixture.Federation.SignInAsync(Aqsiq, "leader");
        JsonElement matrix = default;
        await WaitUntilAsync(async () =>
        {
            matrix = await StepTests.Expect(await leader.GetAsync("/api/accountability/reciprocity"), HttpStatusCode.OK);
            var status = matrix.GetProperty("nodes").EnumerateArray().ToDictionary(n => Text(n, "node"), n => n.GetProperty("reportedAt"));
            return new[] { (Aqsiq, national), (Customs, customs), (StepFederation.Pbc, pbc) }.All(x =>
                status[x.Item1].ValueKind != JsonValueKind.Null && status[x.Item1].GetDateTimeOffset() >= x.Item2.GetProperty("generatedAt").GetDateTimeOffset());
        }, "the three reports on the leadership node");

        // Each node's report, signed by itself.
        foreach (var node in new[] { Aqsiq, Customs, StepFederation.Pbc })
        {
            var status = matrix.GetProperty("nodes").EnumerateArray().Single(n => Text(n, "node") == node);
            Assert.Equal(node, Text(status, "signer"));
        }

        Assert.Equal(JsonValueKind.Null, matrix.GetProperty("nodes").EnumerateArray().Single(n => Text(n, "node") == Aqsiq).GetProperty("envelopeId").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, matrix.GetProperty("nodes").EnumerateArray().Single(n => Text(n, "node") == Customs).GetProperty("envelopeId").ValueKind);

        // The matrix adds the reports up: what AQSIQ gave Customs (AQSIQ's report), as Customs received it (Customs' report).
        var aqsiqToCustoms = Pair(matrix, "GQ/GOV/AQSIQ", "GQ/GOV/CUSTOMS");
        Assert.Equal(Partner(national, "GQ/GOV/CUSTOMS")!.Value.GetProperty("given").GetInt32(), aqsiqToCustoms.GetProperty("envelopes").GetInt32());
        Assert.Equal(Partner(customs, "GQ/GOV/AQSIQ")!.Value.GetProperty("received").GetInt32(), aqsiqToCustoms.GetProperty("envelopesReceivedAsReported").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, aqsiqToCustoms.GetProperty("deliveryMedianSeconds").ValueKind);
        var customsToAqsiq = Pair(matrix, "GQ/GOV/CUSTOMS", "GQ/GOV/AQSIQ");
        Assert.Equal(Partner(customs, "GQ/GOV/AQSIQ")!.Value.GetProperty("given").GetInt32(), customsToAqsiq.GetProperty("envelopes").GetInt32());
        var pbcToAqsiq = Pair(matrix, "GQ/GOV/PBC", "GQ/GOV/AQSIQ");
        Assert.Equal(Partner(national, "GQ/GOV/PBC")!.Value.GetProperty("queriesAsked").GetInt32(), pbcToAqsiq.GetProperty("queriesAnswered").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, pbcToAqsiq.GetProperty("answerMedianSeconds").ValueKind);
        Assert.Contains("GQ/GOV/PBC", matrix.GetProperty("agencies").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task A_report_claiming_to_be_another_nodes_is_refused()
    {
        // Customs signs a report that says it is the central bank's.
        var now = fixture.Clock.GetUtcNow();
        var forged = new ReciprocityReport(StepFederation.Pbc, "GQ/GOV/PBC", now.AddDays(-30), now, now,
            [new ReciprocityPartner("GQ/GOV/AQSIQ", 9999, 0, 9999, 0, 0.1, 0.1, null, null)], []);
        var envelope = await fixture.SendAsync(Customs, SendingModule.Accountability, AccountabilityWire.ReciprocityReportedType, forged,
            $"{Aqsiq}/{GoldenQuality.Identity.Contracts.Policies.CoordinatingOffice}");
        await WaitUntilAsync(async () =>
        {
            await using var scope = fixture.Federation[Customs].Services.CreateAsyncScope();
            var row = await scope.ServiceProvider.GetRequiredService<GqDbContext>().Set<OutboxMessage>().AsNoTracking().FirstAsync(o => o.EnvelopeId == envelope);
            return row.LastError?.Contains("claims to be GQ/GOV/PBC/gateway's but GQ/GOV/CUSTOMS/national signed it", StringComparison.Ordinal) == true;
        }, "the refusal of the forged report");

        var leader = await fixture.Federation.SignInAsync(Aqsiq, "leader");
        var matrix = await StepTests.Expect(await leader.GetAsync("/api/accountability/reciprocity"), HttpStatusCode.OK);
        var pbc = matrix.GetProperty("nodes").EnumerateArray().Single(n => Text(n, "node") == StepFederation.Pbc);
        Assert.True(pbc.GetProperty("signer").ValueKind == JsonValueKind.Null || Text(pbc, "signer") == StepFederation.Pbc);
        Assert.DoesNotContain(matrix.GetProperty("pairs").EnumerateArray(), p => p.GetProperty("envelopes").GetInt32() >= 9999);
    }
}

[Collection("sqlite")]
public sealed class ReciprocityOnSqlite(SqliteStepFederation fixture) : ReciprocityTests(fixture), IClassFixture<SqliteStepFederation>;

[Collection("postgres")]
public sealed class ReciprocityOnPostgres(PostgresStepFederation fixture) : ReciprocityTests(fixture), IClassFixture<PostgresStepFederation>;
