using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GoldenQuality.Persistence;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Exchange;

/// <summary>The exchange's gauges on <c>/metrics</c>, which docs/operations.md's alerts are written against (issue 21).</summary>
public abstract class ExchangeMetricsTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task Metrics_show_the_backlog_and_its_age_per_peer_while_the_peer_is_down_and_zero_once_it_has_everything()
    {
        await using var federation = await StartAsync(Provider, settings: new Dictionary<string, string?> { ["Exchange:MetricsEverySeconds"] = "1" });
        await federation.StopNodeAsync(Customs);
        using var aqsiq = federation[Aqsiq].Client();
        for (var i = 0; i < 3; i++)
        {
            var response = await aqsiq.PostAsJsonAsync("/api/exchange/messages", new { type = "test.event", payload = new { n = i } });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await WaitUntilAsync(async () => Gauge(await aqsiq.GetStringAsync("/metrics"), "gq_exchange_outbox_pending", Customs) == 3, "three pending for Customs on /metrics");
        await WaitUntilAsync(async () => Gauge(await aqsiq.GetStringAsync("/metrics"), "gq_exchange_outbox_oldest_pending_age_seconds", Customs) >= 1, "the oldest one's age");
        var metrics = await aqsiq.GetStringAsync("/metrics");
        Assert.Equal(0, Gauge(metrics, "gq_exchange_dead_letters", Customs));
        Assert.Matches(@"(?m)^gq_exchange_witness_conflicts\{[^}]*\} 0( |$)", metrics);
        Assert.Matches(@"(?m)^gq_exchange_log_entries\{[^}]*\} [1-9]", metrics);

        // /metrics is for the node's system account and administrators only.
        using var anonymous = new HttpClient { BaseAddress = federation[Aqsiq].Url };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);

        await federation.StartNodeAsync(Customs);
        await WaitUntilAsync(async () => Gauge(await aqsiq.GetStringAsync("/metrics"), "gq_exchange_outbox_pending", Customs) == 0, "no backlog once Customs is back");
        Assert.Equal(0, Gauge(await aqsiq.GetStringAsync("/metrics"), "gq_exchange_outbox_oldest_pending_age_seconds", Customs));
    }

    [Fact]
    public async Task A_node_counts_its_own_requests_not_those_of_another_node_in_the_same_process()
    {
        // The test federation runs its nodes in one process, as gq demo does; a production node has a process of its own.
        await using var federation = await StartAsync(Provider);
        using var aqsiq = federation[Aqsiq].Client();
        using var customs = federation[Customs].Client();
        var aqsiqBefore = Requests(await aqsiq.GetStringAsync("/metrics"), "/api/registry/ports");
        var customsBefore = Requests(await customs.GetStringAsync("/metrics"), "/api/registry/ports");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await customs.GetAsync("/api/registry/ports")).StatusCode);
        }

        // A request is counted once its response is done, and the exporter keeps a scrape for 300 ms.
        await WaitUntilAsync(async () => Requests(await customs.GetStringAsync("/metrics"), "/api/registry/ports") == customsBefore + 5, "Customs counts its five requests");
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        Assert.Equal(aqsiqBefore, Requests(await aqsiq.GetStringAsync("/metrics"), "/api/registry/ports"));
    }

    /// <summary>How many requests to a route <c>http_server_request_duration_seconds</c> counts, over every status and method.</summary>
    private static double Requests(string metrics, string route) =>
        Regex.Matches(metrics, @"(?m)^http_server_request_duration_seconds_count\{[^}]*http_route=""" + Regex.Escape(route) + @"""[^}]*\} (?<value>[0-9.eE+-]+)")
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    /// <summary>The value of a gauge for one peer in Prometheus's text format, or -1 when it is not there.</summary>
    private static double Gauge(string metrics, string name, string peer)
    {
        var match = Regex.Match(metrics, "(?m)^" + Regex.Escape(name) + @"\{[^}]*peer=""" + Regex.Escape(peer) + @"""[^}]*\} (?<value>[0-9.eE+-]+)");
        return match.Success ? double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture) : -1;
    }
}

[Collection("sqlite")]
public sealed class ExchangeMetricsOnSqlite : ExchangeMetricsTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

[Collection("postgres")]
public sealed class ExchangeMetricsOnPostgres : ExchangeMetricsTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
