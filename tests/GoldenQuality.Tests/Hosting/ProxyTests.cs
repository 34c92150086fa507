using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using GoldenQuality.Hosting;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace GoldenQuality.Tests.Hosting;

/// <summary><c>gq proxy</c> on its own: what it does with an instance that is down, and the configurations it refuses.</summary>
public sealed class ProxyTests
{
    [Fact]
    public async Task A_request_refused_by_a_down_instance_goes_to_a_live_one_with_its_body_intact()
    {
        // One instance answers with what it received and the client address it was told; the other's port has nothing on it.
        var live = FreeUrl();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(live);
        await using var instance = builder.Build();
        instance.MapPost("/echo", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            return "received " + await reader.ReadToEndAsync() + " for " + http.Request.Headers["X-Forwarded-For"];
        });
        await instance.StartAsync();

        // No health checks: only the retry keeps the down instance's turns from failing.
        var config = Path.Combine(Path.GetTempPath(), "gq-proxy-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        await File.WriteAllTextAsync(config, Configuration(new JsonObject { ["down"] = Destination(FreeUrl()), ["up"] = Destination(live) }));
        var url = FreeUrl();
        try
        {
            await using var proxy = GqProxy.Build(config, url);
            await proxy.StartAsync();
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            for (var i = 0; i < 10; i++)
            {
                var body = "declaration " + i.ToString(CultureInfo.InvariantCulture) + new string('x', 20_000);
                using var response = await http.PostAsync("/echo", new StringContent(body));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("received " + body + " for 127.0.0.1", await response.Content.ReadAsStringAsync());
            }
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task A_configuration_without_instances_or_with_a_bad_peer_address_is_refused_by_name()
    {
        var config = Path.Combine(Path.GetTempPath(), "gq-proxy-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        try
        {
            await File.WriteAllTextAsync(config, Configuration(new JsonObject()));
            var (exit, output) = await TestCli.RunAsync("proxy", "--config", config, "--urls", FreeUrl());
            Assert.Equal(2, exit);
            Assert.Contains("ReverseProxy:Clusters:node:Destinations lists no instance", output, StringComparison.Ordinal);

            await File.WriteAllTextAsync(config, Configuration(new JsonObject { ["a"] = Destination(FreeUrl()) }, peerListen: "127.0.0.1"));
            (exit, output) = await TestCli.RunAsync("proxy", "--config", config, "--urls", FreeUrl());
            Assert.Equal(2, exit);
            Assert.Contains("Proxy:PeerListen '127.0.0.1' must be ADDRESS:PORT", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(config);
        }

        var (missingExit, missing) = await TestCli.RunAsync("proxy", "--config", config, "--urls", FreeUrl());
        Assert.Equal(2, missingExit);
        Assert.Contains("--config: there is no file", missing, StringComparison.Ordinal);
    }

    private static string FreeUrl() => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{GqHost.FreeLoopbackPort()}");

    private static JsonObject Destination(string address) => new() { ["Address"] = address };

    /// <summary>A proxy configuration of one cluster, <c>node</c>; with health checks as a deployment would have them (every second on /health/ready, and passive).</summary>
    internal static string Configuration(JsonObject destinations, string? peerListen = null, bool healthChecks = false)
    {
        var cluster = new JsonObject { ["LoadBalancingPolicy"] = "RoundRobin", ["Destinations"] = destinations };
        if (healthChecks)
        {
            cluster["HealthCheck"] = new JsonObject
            {
                ["Active"] = new JsonObject { ["Enabled"] = true, ["Interval"] = "00:00:01", ["Timeout"] = "00:00:02", ["Policy"] = "ConsecutiveFailures", ["Path"] = "/health/ready" },
                ["Passive"] = new JsonObject { ["Enabled"] = true, ["Policy"] = "TransportFailureRate", ["ReactivationPeriod"] = "00:00:05" },
            };
        }

        return new JsonObject
        {
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Error" } },
            ["ReverseProxy"] = new JsonObject
            {
                ["Routes"] = new JsonObject { ["node"] = new JsonObject { ["ClusterId"] = "node", ["Match"] = new JsonObject { ["Path"] = "{**all}" } } },
                ["Clusters"] = new JsonObject { ["node"] = cluster },
            },
            ["Proxy"] = new JsonObject { ["Cluster"] = "node", ["PeerListen"] = peerListen },
        }.ToJsonString();
    }
}
