using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using GoldenQuality.Common;
using GoldenQuality.Demo;
using GoldenQuality.Hosting;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Tests.Hosting;

/// <summary>A node whose disk fills refuses new work with a clear error, keeps serving reads, and loses nothing (issue 21).</summary>
[Collection("sqlite")]
public sealed class StorageFullTests
{
    [Fact]
    public async Task A_full_disk_refuses_writes_with_507_in_the_readers_language_leaves_nothing_half_written_and_the_node_resumes_when_space_returns()
    {
        var database = await TestDatabases.SqliteAsync(Path.Combine(Directory.CreateTempSubdirectory("gq-full-").FullName, "node.db"));
        var disk = new FullDisk();
        await using var app = await TestHost.StartAsync(database, services => services.AddSingleton<IInterceptor>(disk), logLevel: "Critical");
        string apiKey;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            apiKey = (await DemoData.From(scope.ServiceProvider).LoadAsync(app.Services.GetRequiredService<IOptions<ReferenceDataOptions>>().Value.ReferenceData, CancellationToken.None)).SystemApiKey;
        }

        using var client = new HttpClient { BaseAddress = new Uri(GqHost.Addresses(app)[0]) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        // The database may not grow from here: new enterprises fill the free space left in its pages, then one is refused.
        disk.Full = true;
        var saved = new List<string>();
        HttpResponseMessage? refused = null;
        string? refusedUscc = null;
        for (var i = 0; i < 500 && refused is null; i++)
        {
            var uscc = TestData.NewUscc();
            var response = await client.PostAsJsonAsync("/api/registry/enterprises", TestData.Enterprise(uscc, null, "330106"));
            if (response.StatusCode == HttpStatusCode.Created)
            {
                saved.Add(uscc);
            }
            else
            {
                (refused, refusedUscc) = (response, uscc);
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
        var problem = await refused.Json();
        Assert.Equal("This node's database has no space left, so nothing of this request was saved. Reading still works. Try again later; tell the node's administrator that its disk is full.",
            problem.GetProperty("detail").GetString());
        Assert.Equal("node.storage-full", problem.GetProperty("message").GetProperty("code").GetString());

        // In Chinese for a Chinese reader.
        using (var chinese = new HttpRequestMessage(HttpMethod.Post, "/api/registry/enterprises") { Content = JsonContent.Create(TestData.Enterprise(TestData.NewUscc(), null, "330106")) })
        {
            chinese.Headers.AcceptLanguage.ParseAdd("zh-CN");
            var answer = await client.SendAsync(chinese);
            Assert.Equal(HttpStatusCode.InsufficientStorage, answer.StatusCode);
            Assert.StartsWith("本节点的数据库已没有可用空间", (await answer.Json()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // Reads go on, and the refused enterprise was not half-written: it is not there at all.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/registry/enterprises/{saved[^1]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/registry/enterprises/{refusedUscc}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        // Space comes back: the same request now succeeds, and every enterprise saved before is still there.
        disk.Full = false;
        await TestData.CreateEnterpriseAsync(client, refusedUscc!);
        foreach (var uscc in saved)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/registry/enterprises/{uscc}")).StatusCode);
        }
    }

    /// <summary>SQLite's max_page_count, set on every connection the node opens: the file cannot grow while <see cref="Full"/>.</summary>
    private sealed class FullDisk : DbConnectionInterceptor
    {
        public volatile bool Full;

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA page_count;";
            var pages = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            command.CommandText = Full ? $"PRAGMA max_page_count = {pages};" : "PRAGMA max_page_count = 1073741823;";
            await command.ExecuteScalarAsync(cancellationToken);
        }

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
            ConnectionOpenedAsync(connection, eventData).GetAwaiter().GetResult();
    }
}
