using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using GoldenQuality.Persistence;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Hosting;

/// <summary>
/// A stopped node leaves nothing of itself in the process. Several nodes share one process in <c>gq demo</c>, the
/// benchmarks and these tests; two leaks kept every stopped node reachable and made the test host spend most of its
/// time collecting garbage (docs/testing.md, decision 0029).
/// </summary>
[Collection("sqlite")]
public sealed class NodeLifetimeTests
{
    [Fact]
    public async Task A_node_that_served_requests_and_stopped_is_garbage_collected_while_other_nodes_run_on()
    {
        var stopped = await ServeAndStopAsync();
        for (var i = 0; i < 50 && stopped.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(100);
        }

        Assert.False(stopped.IsAlive, "The stopped node's service provider is still reachable from something that outlives the node.");
    }

    /// <summary>Starts a federation, makes its Customs node sign in, scrape and exchange, stops it, and keeps only a weak reference to its services.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> ServeAndStopAsync()
    {
        await using var federation = await StartAsync(DatabaseProvider.Sqlite);
        using (var anonymous = new HttpClient { BaseAddress = federation[Customs].Url })
        {
            anonymous.DefaultRequestHeaders.Add("X-GQ-Request", "1");
            var signIn = await anonymous.PostAsJsonAsync("/api/auth/sign-in", new { userName = "nobody", password = "wrong" });
            Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        }

        using var customs = federation[Customs].Client();
        Assert.Contains("http_server_request_duration", await customs.GetStringAsync("/metrics"), StringComparison.Ordinal);
        using var aqsiq = federation[Aqsiq].Client();
        Assert.Equal(HttpStatusCode.OK, (await aqsiq.PostAsJsonAsync("/api/exchange/messages", new { type = "test.event", payload = new { n = 1 } })).StatusCode);
        var stopped = new WeakReference(federation[Customs].Services);
        await federation.StopNodeAsync(Customs);
        return stopped;
    }
}
