using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GoldenQuality.Demo;
using GoldenQuality.Exchange;
using GoldenQuality.Hosting;
using GoldenQuality.Persistence;
using Xunit.Abstractions;
using Microsoft.EntityFrameworkCore;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Hosting;

/// <summary>
/// The national node as three <c>gq serve</c> processes on one PostgreSQL database behind <c>gq proxy</c> (decision 0024):
/// people use it through the proxy, Customs reaches it through the proxy's peer relay, and one instance is killed
/// (<c>kill -9</c>) in the middle of the load and started again.
/// </summary>
[Collection("postgres")]
public sealed class MultiInstanceOnPostgres(ITestOutputHelper output)
{
    /// <summary>Flows completed after the killed instance is back, before the load stops.</summary>
    private const int ExtraFlows = 9;
    private const int Concurrency = 3;

    private sealed record Instance(ChildNode Node, int PeerPort);

    [Fact]
    public async Task Three_instances_behind_the_proxy_complete_every_flow_while_one_is_killed_and_restarted()
    {
        await using var federation = await StartAsync(DatabaseProvider.Postgres);
        await federation.StopNodeAsync(Aqsiq);
        var settings = federation.Settings(Aqsiq, new() { ["Node:TrustedProxies:0"] = "127.0.0.1" });
        var instances = Enumerable.Range(0, 3).Select(_ =>
        {
            var peerPort = GqHost.FreeLoopbackPort();
            var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{GqHost.FreeLoopbackPort()}");
            return new Instance(new ChildNode(settings, url, new() { ["Exchange__PeerListenUrl"] = $"https://127.0.0.1:{peerPort}" }), peerPort);
        }).ToList();
        var proxyConfig = Path.Combine(Path.GetTempPath(), "gq-proxy-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        await File.WriteAllTextAsync(proxyConfig, ProxyConfiguration(instances, federation[Aqsiq].PeerPort));
        var proxyUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{GqHost.FreeLoopbackPort()}"));
        await using var proxy = GqProxy.Build(proxyConfig, proxyUrl.ToString().TrimEnd('/'));
        try
        {
            // The first instance migrates and prepares the database; the others then start on it together.
            await instances[0].Node.StartReadyAsync();
            await Task.WhenAll(instances.Skip(1).Select(i => i.Node.StartReadyAsync()));
            await proxy.StartAsync();

            await SessionsAreSharedAndSignOutReachesEveryInstanceAsync(instances);

            var transient = 0;
            using var driver = await FlowDriver.SignInAsync(proxyUrl, federation[Customs].Url, "exporter.hangzhou", "ciq.hangzhou", CancellationToken.None);
            var flows = new ResilientFlows(driver, () => Interlocked.Increment(ref transient), TimeSpan.FromMilliseconds(200));
            var draftsBefore = await flows.CountAsync("draft", CancellationToken.None);
            var clearedBefore = await flows.CountAsync("cleared", CancellationToken.None);
            // Flows run until the killed instance is back and more flows have completed with it in the pool.
            var done = 0;
            var stop = false;
            var next = -1;
            async Task Worker()
            {
                while (!Volatile.Read(ref stop))
                {
                    await flows.RunAsync(Interlocked.Increment(ref next), CancellationToken.None);
                    Interlocked.Increment(ref done);
                }
            }

            var load = Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(Worker)));
            await WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref done) >= 6 || load.IsCompleted), "the first flows", 240);
            var doneAtKill = Volatile.Read(ref done);
            await instances[1].Node.KillAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            await instances[1].Node.StartReadyAsync();
            var doneAtRestart = Volatile.Read(ref done);
            // The restarted instance honours the sessions signed in before it died (the keys are the node's, not the process's).
            using (var me = await driver.Enterprise.GetAsync(new Uri(instances[1].Node.Url, "/api/auth/me")))
            {
                Assert.Contains("exporter.hangzhou", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            await WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref done) >= doneAtRestart + ExtraFlows || load.IsCompleted), "flows after the restart", 240);
            Volatile.Write(ref stop, true);
            await load;
            var total = Volatile.Read(ref done);
            output.WriteLine($"{total} flows; instance killed after {doneAtKill}, back after {doneAtRestart}; {transient} requests lost with the instance and followed up");
            Assert.True(doneAtRestart > doneAtKill, "no flow completed while the instance was down");

            // Every flow ends cleared on the national node: Customs' decisions came back through the peer relay.
            await WaitUntilAsync(async () => await flows.CountAsync("cleared", CancellationToken.None) == clearedBefore + total, $"{total} declarations cleared", 120);
            Assert.Equal(draftsBefore, await flows.CountAsync("draft", CancellationToken.None));

            // Nothing applied twice: one declaration per flow, Customs took each envelope once, and both message logs verify.
            var options = new DbContextOptionsBuilder<GqDbContext>();
            GoldenQuality.Persistence.Database.Configure(options, settings["Node:Database"]!);
            await using (var national = new GqDbContext(options.Options))
            {
                Assert.Null(await MessageLog.VerifyAsync(national, null, CancellationToken.None));
                await WaitUntilAsync(async () => !await national.Set<OutboxMessage>().AnyAsync(o => o.Status != OutboxStatus.Delivered), "every envelope delivered", 60);
            }

            var (scope, customs) = federation[Customs].Database();
            await using (scope)
            {
                Assert.Equal(await customs.Set<InboxMessage>().CountAsync(), await customs.Set<InboxMessage>().Select(m => m.EnvelopeId).Distinct().CountAsync());
                Assert.Equal(await customs.Set<InboxMessage>().CountAsync(), await customs.Set<MessageLogEntry>().CountAsync(e => e.Kind == "envelope-received"));
                Assert.Null(await MessageLog.VerifyAsync(customs, null, CancellationToken.None));
            }

            Assert.Equal(total, flows.Lots.Count);
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.Node.DisposeAsync();
            }

            File.Delete(proxyConfig);
        }
    }

    /// <summary>
    /// A session opened on one instance is honoured by another (the node's data-protection keys are shared), and signing
    /// out on the first ends it on the second at once, not after the 30 s the second caches a session.
    /// </summary>
    private static async Task SessionsAreSharedAndSignOutReachesEveryInstanceAsync(List<Instance> instances)
    {
        var passwords = DemoData.Passwords(Path.Combine(AppContext.BaseDirectory, "data"));
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies };
        using var http = new HttpClient(handler);
        http.DefaultRequestHeaders.Add("X-GQ-Request", "1");
        var first = instances[0].Node.Url;
        var second = instances[2].Node.Url;
        using (var signIn = await http.PostAsJsonAsync(new Uri(first, "/api/auth/sign-in"), new { userName = "ciq.hangzhou", password = passwords["ciq.hangzhou"] }))
        {
            Assert.True(signIn.IsSuccessStatusCode, $"sign-in answered {(int)signIn.StatusCode}");
        }

        using (var me = await http.GetAsync(new Uri(second, "/api/auth/me")))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Contains("ciq.hangzhou", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var cookie = cookies.GetAllCookies().Single(c => c.Name.StartsWith("gq.session.", StringComparison.Ordinal));
        using (var signOut = await http.PostAsync(new Uri(first, "/api/auth/sign-out"), null))
        {
            Assert.True(signOut.IsSuccessStatusCode, $"sign-out answered {(int)signOut.StatusCode}");
        }

        // The browser would have dropped the cookie; someone who copied it sends it again to the other instance.
        using var plain = new HttpClient();
        await WaitUntilAsync(async () =>
        {
            using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(second, "/api/auth/me"));
            again.Headers.Add("Cookie", $"{cookie.Name}={cookie.Value}");
            using var response = await plain.SendAsync(again);
            return response.StatusCode == HttpStatusCode.Unauthorized;
        }, "the signed-out session refused by the other instance", 5);
    }

    private static string ProxyConfiguration(List<Instance> instances, int peerPort)
    {
        var destinations = new JsonObject();
        for (var i = 0; i < instances.Count; i++)
        {
            destinations["i" + i.ToString(CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["Address"] = instances[i].Node.Url.ToString(),
                ["Metadata"] = new JsonObject { [GqProxy.PeerAddressKey] = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{instances[i].PeerPort}") },
            };
        }

        return ProxyTests.Configuration(destinations, string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{peerPort}"), healthChecks: true);
    }
}
