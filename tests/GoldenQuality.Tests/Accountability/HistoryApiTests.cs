using System.Net;
using System.Text.Json;
using GoldenQuality.Accountability.Contracts;
using GoldenQuality.Demo;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Tests.Accountability;

/// <summary>
/// The clearance history behind the dashboard's trends (<c>GET /api/accountability/history</c>, decision 0020): the
/// demo's generated year of 35 bureaus, its figures, determinism from the seed, drill-down, bad input and access.
/// Each test generates the history it reads (generating replaces every generated day).
/// </summary>
public abstract class HistoryApiTests(NodeFixture node)
{
    /// <summary>The generated year ends on 2025-12-31 (the Spring Festival of 2025, 29 January, is in it).</summary>
    private static readonly DateOnly Through = new(2026, 1, 1);

    private async Task<HistoryGenerated> GenerateYearAsync()
    {
        await using var scope = node.Services.CreateAsyncScope();
        var data = scope.ServiceProvider.GetRequiredService<IOptions<ReferenceDataOptions>>().Value.ReferenceData;
        return await DemoData.From(scope.ServiceProvider).GenerateHistoryAsync(data, Through, CancellationToken.None);
    }

    private async Task<HistoryGenerated> GenerateAsync(int seed, int days, params string[] bureaus)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var system = new Actor(Guid.Empty, "test", UserRoles.System, null, null, null, null, null);
        var result = await scope.ServiceProvider.GetRequiredService<GenerateHistory>()
            .HandleAsync(system, seed, Through, days, [.. bureaus.Select((b, i) => new HistoryBureauProfile(b, i + 1, 0.5))], CancellationToken.None);
        return result.Value!;
    }

    private async Task<JsonElement> HistoryAsync(string query)
    {
        using var admin = await node.AdminAsync();
        var response = await admin.GetAsync("/api/accountability/history" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Json();
    }

    [Fact]
    public async Task The_generated_year_covers_the_35_bureaus_says_it_is_generated_and_shows_the_trends()
    {
        var generated = await GenerateYearAsync();
        Assert.Equal((new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), 35), (generated.From, generated.To, generated.Bureaus));

        var year = await HistoryAsync("?from=2025-01-01&to=2025-12-31");
        Assert.Equal(35 * 365, year.GetProperty("generatedDays").GetInt32());
        Assert.Equal(0, year.GetProperty("recordedDays").GetInt32());
        Assert.Equal([DemoData.HistorySeed], year.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt32()));
        Assert.Equal("week", year.GetProperty("period").GetString());

        // Every bureau, the busiest first; their sums are the totals.
        var bureaus = year.GetProperty("bureaus").EnumerateArray().ToArray();
        Assert.Equal(35, bureaus.Length);
        Assert.Equal("CIQ-SH", bureaus[0].GetProperty("bureau").GetString());
        Assert.Equal("CIQ-XZ", bureaus[^1].GetProperty("bureau").GetString());
        var totals = year.GetProperty("totals");
        Assert.Equal(bureaus.Sum(b => b.GetProperty("declarations").GetInt64()), totals.GetProperty("declarations").GetInt64());
        Assert.InRange(totals.GetProperty("declarations").GetInt64(), 5_000_000, 12_000_000);

        // Each stage counts every declaration; the total takes longer than any one stage.
        var stages = year.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!);
        Assert.Equal(["acceptance", "risk", "inspection", "permit", "port-verification", "customs", "total"], stages.Keys);
        Assert.All(stages.Values, s => Assert.Equal(totals.GetProperty("declarations").GetInt64(), s.GetProperty("count").GetInt64()));
        Assert.All(stages.Values, s => Assert.True(s.GetProperty("p50").GetDouble() <= s.GetProperty("p90").GetDouble() && s.GetProperty("p90").GetDouble() <= s.GetProperty("p99").GetDouble()));
        Assert.True(stages["total"].GetProperty("p50").GetDouble() > stages["port-verification"].GetProperty("p50").GetDouble());

        // The trends: e-clearance spreads and clearance gets faster; the Spring Festival week is quiet.
        var weeks = year.GetProperty("series").EnumerateArray().ToArray();
        Assert.Equal(53, weeks.Length);
        Assert.Equal("2024-12-30", weeks[0].GetProperty("start").GetString());
        Assert.True(weeks[^2].GetProperty("coverage").GetDouble() > weeks[1].GetProperty("coverage").GetDouble() + 0.2);
        Assert.True(weeks[^2].GetProperty("totalP50").GetDouble() < weeks[1].GetProperty("totalP50").GetDouble());
        var festival = weeks.Single(w => w.GetProperty("start").GetString() == "2025-01-27").GetProperty("declarations").GetInt64();
        var ordinary = weeks.Single(w => w.GetProperty("start").GetString() == "2025-03-10").GetProperty("declarations").GetInt64();
        Assert.True(festival < ordinary / 2, $"Spring Festival week {festival}, an ordinary week {ordinary}");

        // The sharing matrix: every bureau with each partner agency; most envelopes go to Customs and the central bank.
        var sharing = year.GetProperty("sharing").EnumerateArray().ToArray();
        Assert.Equal(35 * 5, sharing.Length);
        var shanghai = sharing.Where(s => s.GetProperty("bureau").GetString() == "CIQ-SH").ToDictionary(s => s.GetProperty("partner").GetString()!, s => s.GetProperty("sent").GetInt64());
        Assert.Equal(["CUSTOMS", "BQS", "MOA", "MEP", "PBC"], shanghai.Keys);
        Assert.True(shanghai["CUSTOMS"] > shanghai["PBC"] && shanghai["PBC"] > shanghai["MOA"] && shanghai["MOA"] > shanghai["MEP"]);
    }

    [Fact]
    public async Task A_bureau_is_drilled_into_over_a_short_range_day_by_day()
    {
        await GenerateYearAsync();
        var national = await HistoryAsync("?from=2025-06-01&to=2025-06-30");
        var ningbo = await HistoryAsync("?from=2025-06-01&to=2025-06-30&bureau=ciq-nb");
        Assert.Equal("CIQ-NB", ningbo.GetProperty("bureau").GetString());
        Assert.Equal(30, ningbo.GetProperty("generatedDays").GetInt32());
        Assert.Equal("day", ningbo.GetProperty("period").GetString());
        Assert.Equal(30, ningbo.GetProperty("series").GetArrayLength());
        var fromTable = national.GetProperty("bureaus").EnumerateArray().Single(b => b.GetProperty("bureau").GetString() == "CIQ-NB");
        Assert.Equal(fromTable.GetProperty("declarations").GetInt64(), ningbo.GetProperty("totals").GetProperty("declarations").GetInt64());
        Assert.All(ningbo.GetProperty("sharing").EnumerateArray(), s => Assert.Equal("CIQ-NB", s.GetProperty("bureau").GetString()));
        // Sundays are quieter than Mondays.
        var days = ningbo.GetProperty("series").EnumerateArray().ToDictionary(p => p.GetProperty("start").GetString()!, p => p.GetProperty("declarations").GetInt64());
        Assert.True(days["2025-06-08"] < days["2025-06-09"] / 2);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_history_and_another_seed_another()
    {
        Assert.False((await GenerateAsync(11, 60, "CIQ-A", "CIQ-B", "CIQ-C")).AlreadyThere);
        var first = (await HistoryAsync("?from=2025-11-02&to=2025-12-31")).GetRawText();
        Assert.True((await GenerateAsync(11, 60, "CIQ-A", "CIQ-B", "CIQ-C")).AlreadyThere);

        await GenerateAsync(12, 60, "CIQ-A", "CIQ-B", "CIQ-C");
        var other = await HistoryAsync("?from=2025-11-02&to=2025-12-31");
        Assert.Equal([12], other.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt32()));
        Assert.NotEqual(first, other.GetRawText());

        Assert.False((await GenerateAsync(11, 60, "CIQ-A", "CIQ-B", "CIQ-C")).AlreadyThere);
        Assert.Equal(first, (await HistoryAsync("?from=2025-11-02&to=2025-12-31")).GetRawText());
    }

    [Fact]
    public async Task Bad_ranges_and_unknown_bureaus_are_refused_by_field_in_the_readers_language()
    {
        await GenerateAsync(11, 30, "CIQ-A");
        using var admin = await node.AdminAsync();
        var reversed = await admin.GetAsync("/api/accountability/history?from=2025-12-31&to=2025-12-01");
        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
        Assert.Equal("must be on or before to", (await reversed.Json()).GetProperty("errors").GetProperty("from")[0].GetString());

        var tooLong = await admin.GetAsync("/api/accountability/history?from=2024-01-01&to=2025-12-31");
        Assert.Equal("from and to may span at most 366 days", (await tooLong.Json()).GetProperty("errors").GetProperty("from")[0].GetString());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/accountability/history?bureau=CIQ-NOWHERE");
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var unknown = await admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var body = await unknown.Json();
        Assert.Equal("没有局“CIQ-NOWHERE”的历史数据", body.GetProperty("errors").GetProperty("bureau")[0].GetString());
        Assert.Equal("history.no-bureau", body.GetProperty("messages").GetProperty("bureau")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Only_the_leadership_and_the_exchange_operators_see_the_history()
    {
        using var leader = await node.SignInAsync("leader", "demo-leader-2026");
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync("/api/accountability/history")).StatusCode);
        using var officer = await node.CiqOfficerAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/accountability/history")).StatusCode);
        using var anonymous = node.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/accountability/history")).StatusCode);
    }
}

[Collection("sqlite")]
public sealed class HistoryApiOnSqlite(SqliteNode node) : HistoryApiTests(node);

[Collection("postgres")]
public sealed class HistoryApiOnPostgres(PostgresNode node) : HistoryApiTests(node);
