using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using GoldenQuality.Demo;
using GoldenQuality.Common;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace GoldenQuality.Tests.Persistence;

/// <summary>
/// A node on a PostgreSQL primary with a synchronous streaming standby: the primary crashes under load, the standby is
/// promoted, and the node carries on against it with every write it acknowledged. The dashboards read the standby.
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
                        acknowledged.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
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
        await pair.CrashPrimaryAsync();

        // With no primary at all, a Chinese reader is told in Chinese.
        using (var chinese = new HttpRequestMessage(HttpMethod.Post, "/api/declarations") { Content = JsonContent.Create(FlowDriver.ExportDeclaration(10m, "FO-ZH")) })
        {
            chinese.Headers.AcceptLanguage.ParseAdd("zh-CN");
            using var answer = await exporter.SendAsync(chinese);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
            Assert.StartsWith("本节点的数据库暂时无法访问，本次请求未能完成", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal("node.database-unavailable", problem.GetProperty("message").GetProperty("code").GetString());
            Assert.NotNull(answer.Headers.RetryAfter);
        }

        await pair.PromoteAsync();
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

    [Fact]
    public async Task The_dashboards_read_the_standby_and_show_a_commit_once_the_standby_has_replayed_it()
    {
        await using var pair = await ReplicatedPostgres.StartAsync();
        await pair.CreateDatabaseAsync("gq_reporting");
        await using var app = await TestHost.StartAsync(pair.ConnectionString("gq_reporting"), settings: new Dictionary<string, string?>
        {
            [DatabaseOptions.ReportingKey] = pair.ReportingConnectionString("gq_reporting"),
        });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var options = app.Services.GetRequiredService<IOptions<ReferenceDataOptions>>().Value;
            await DemoData.From(scope.ServiceProvider).LoadAsync(options.ReferenceData, CancellationToken.None);
        }

        var passwords = DemoData.Passwords(Path.Combine(AppContext.BaseDirectory, "data"));
        using var exporter = await TestHost.SignInAsync(app, "exporter.hangzhou", passwords["exporter.hangzhou"]);
        using var leader = await TestHost.SignInAsync(app, "leader", passwords["leader"]);

        async Task<Guid> SubmitAsync()
        {
            using var created = await exporter.PostAsJsonAsync("/api/declarations", FlowDriver.ExportDeclaration(10m, "RD-" + Guid.NewGuid().ToString("N")[..8]));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            using var submitted = await exporter.PostAsync($"/api/declarations/{id}/submit", null);
            Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
            return id;
        }

        // What the leadership reads: the metrics API, and the dashboard's bar label "受理 … (n = N)" (acceptance; pages are in Chinese unless chosen otherwise).
        async Task<int> FiguresAsync() =>
            (await leader.GetFromJsonAsync<JsonElement>("/api/declarations/metrics/clearance-time")).GetProperty("declarations").GetInt32();
        async Task<string> AcceptanceBarAsync()
        {
            using var page = await leader.GetAsync("/dashboard");
            var html = await page.Content.ReadAsStringAsync();
            Assert.True(page.IsSuccessStatusCode, $"{(int)page.StatusCode}: {html}");
            var text = WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", " "));
            var bar = Regex.Match(text, @"受理[^;(]*(\(n = \d+\))");
            Assert.True(bar.Success, "the dashboard shows no acceptance bar: " + Regex.Replace(text, @"\s+", " "));
            return bar.Groups[1].Value;
        }

        var before = await FiguresAsync();
        await SubmitAsync();
        await TestFederation.WaitUntilAsync(async () => await FiguresAsync() == before + 1, "the first submission on the dashboard", 30);
        Assert.Equal($"(n = {before + 1})", await AcceptanceBarAsync());

        // The standby stops replaying: it still takes and keeps the primary's commits, so the next submission is
        // acknowledged, and the node reads it back from the primary; the dashboards, which read the standby, do not show it yet.
        await pair.ReplayAsync(paused: true);
        var late = await SubmitAsync();
        var read = await exporter.GetFromJsonAsync<JsonElement>($"/api/declarations/{late}");
        Assert.NotEqual("draft", read.GetProperty("status").GetString());
        Assert.Equal(before + 1, await FiguresAsync());
        Assert.Equal($"(n = {before + 1})", await AcceptanceBarAsync());

        // Replay resumes, and the dashboards catch up.
        await pair.ReplayAsync(paused: false);
        await TestFederation.WaitUntilAsync(async () => await FiguresAsync() == before + 2, "the replayed submission on the dashboard", 30);
        Assert.Equal($"(n = {before + 2})", await AcceptanceBarAsync());
    }
}
