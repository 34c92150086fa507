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
