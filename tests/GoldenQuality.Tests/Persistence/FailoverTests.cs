using System.Net;
using System.Net.Http.Json;
using GoldenQuality.Demo;
using GoldenQuality.Common;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace GoldenQuality.Tests.Persistence;

/// <summary>
/// A node on a PostgreSQL primary with a synchronous streaming standby: the primary crashes under load, the standby is
/// promoted, and the node carries on against it with every write it acknowledged.
/// </summary>
[Collection("postgres")]
public sealed class FailoverOnPostgres(ITestOutputHelper output)
{
    private const int Before = 15;
    private const int After = 15;

    [Fact]
    public async Task The_standby_promoted_after_the_primary_crashes_has_every_acknowledged_write_and_the_node_goes_on()
    {
        await using var pair = await ReplicatedPostgres.StartAsync();
        await pair.CreateDatabaseAsync("gq_failover");
        // The node logs each refused request; the test says what it saw instead.
        await using var app = await TestHost.StartAsync(pair.ConnectionString("gq_failover"), logLevel: "Critical");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var options = app.Services.GetRequiredService<IOptions<ReferenceDataOptions>>().Value;
            await DemoData.From(scope.ServiceProvider).LoadAsync(options.ReferenceData, CancellationToken.None);
        }

        var passwords = DemoData.Passwords(Path.Combine(AppContext.BaseDirectory, "data"));
        using var exporter = await TestHost.SignInAsync(app, "exporter.hangzhou", passwords["exporter.hangzhou"]);
        var acknowledged = new List<Guid>();
        var refused = 0;

        // Declarations are created one after another; only those answered 201 count as acknowledged.
        async Task WriteUntilAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            var target = acknowledged.Count + count;
            while (acknowledged.Count < target)
            {
                Assert.True(DateTime.UtcNow < deadline, $"only {acknowledged.Count} of {target} writes acknowledged in 90 s ({refused} refused)");
                try
                {
                    using var response = await exporter.PostAsJsonAsync("/api/declarations", FlowDriver.ExportDeclaration(10m, "FO-" + Guid.NewGuid().ToString("N")[..8]));
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged.Add((await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid());
                        continue;
                    }

                    // While there is no primary the person is told so, and when to try again.
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                    Assert.Contains("This node's database could not be reached, so this request did not complete", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                    Assert.NotNull(response.Headers.RetryAfter);
                }
                catch (HttpRequestException)
                {
                }

                refused++;
                await Task.Delay(200);
            }
        }

        await WriteUntilAsync(Before);
        var writing = WriteUntilAsync(After);
        await pair.FailOverAsync();
        await writing;
        output.WriteLine($"{acknowledged.Count} writes acknowledged, {refused} refused while the standby took over");

        // Every acknowledged declaration is on the promoted server, read through the node.
        foreach (var id in acknowledged)
        {
            using var read = await exporter.GetAsync($"/api/declarations/{id}");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        // gq backup takes the same connection string: libpq is given both hosts and finds the one that is the primary now.
        var backup = Path.Combine(Path.GetTempPath(), "gq-failover-" + Guid.NewGuid().ToString("N")[..8] + ".pgdump");
        try
        {
            var (exit, text) = await TestCli.RunAsync("backup", "--db", pair.ConnectionString("gq_failover"), "--output", backup);
            Assert.True(exit == 0, text);
        }
        finally
        {
            File.Delete(backup);
        }

        // The promoted server is a primary now, and the old primary is gone.
        await using var promoted = new Npgsql.NpgsqlConnection(pair.Admin(pair.StandbyPort));
        await promoted.OpenAsync();
        await using var recovery = new Npgsql.NpgsqlCommand("SELECT pg_is_in_recovery()", promoted);
        Assert.False((bool)(await recovery.ExecuteScalarAsync())!);
    }
}
