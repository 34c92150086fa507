using System.Text.Json;
using GoldenQuality.Demo;
using GoldenQuality.Tests.Codes;
using GoldenQuality.Tests.Infrastructure;

namespace GoldenQuality.Tests.Ministries;

/// <summary>
/// The demo federation's MOA, MEP and PBC nodes each watch a feed folder in the demo's data folder for their own
/// system's register export (docs/ministries.md, "Kept in step"); the demo is SQLite only.
/// </summary>
[Collection("sqlite")]
public sealed class DemoRegisterFeedTests
{
    [Fact]
    public async Task Each_demo_ministry_node_shows_its_register_feed_and_applies_an_export_dropped_into_its_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "gq-demo-feeds-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var federation = await DemoFederation.StartAsync(folder, 0, CancellationToken.None);
            foreach (var (id, (adapter, target, office)) in DemoFederation.Feeds)
            {
                using var client = new HttpClient { BaseAddress = new Uri(federation[id].Url) };
                client.DefaultRequestHeaders.Add("X-Api-Key", federation.Summaries[id].SystemApiKey);
                var feeds = await (await client.GetAsync("/api/codes/feeds")).Json();
                var feed = Assert.Single(feeds.EnumerateArray());
                Assert.Equal((adapter, adapter, target, office, DemoFederation.FeedFolder(folder, adapter)),
                    (Str(feed, "name"), Str(feed, "adapter"), Str(feed, "target"), Str(feed, "office"), Str(feed, "folder")));
            }

            // The MOA's sample export, dropped as its system would: written under a temporary name, then renamed.
            var watched = DemoFederation.FeedFolder(folder, "moa-quarantine-permits");
            await File.WriteAllBytesAsync(Path.Combine(watched, "export.part"), await File.ReadAllBytesAsync(AdapterParserTests.Data("adapters", "samples", "moa-quarantine-permits.csv")));
            File.Move(Path.Combine(watched, "export.part"), Path.Combine(watched, "export.csv"));
            var summary = Path.Combine(watched, "done", "export.csv.summary.txt");
            await TestFederation.WaitUntilAsync(() => Task.FromResult(File.Exists(Path.Combine(watched, "done", "export.csv"))), "the MOA node to apply the export");
            var text = await File.ReadAllTextAsync(summary);
            Assert.Contains("taken over: 2", text, StringComparison.Ordinal);
            Assert.Contains("already fed before: 2", text, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static string Str(JsonElement e, string name) => e.GetProperty(name).GetString()!;
}
