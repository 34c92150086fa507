using System.CommandLine;
using System.Globalization;
using GoldenQuality.Codes;
using GoldenQuality.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Cli;

/// <summary><c>gq feed run</c>: processes the legacy feeds' folders once, as the node's feed worker does at each poll.</summary>
internal static class FeedCommand
{
    public static Command Create()
    {
        var config = GqCli.ConfigOption();
        var db = GqCli.DbOption();
        var feedName = new Option<string>("--feed") { Description = "Only the configured feed of this name (Feeds:Items:N:Name)." };
        var folder = new Option<string>("--folder") { Description = "Process this folder instead of the configured feeds (with --adapter, --target and --office)." };
        var adapter = new Option<string>("--adapter") { Description = "With --folder: the adapter definition's name (data/adapters/NAME.json), e.g. ciq-zj-legacy-declaration." };
        var target = new Option<string>("--target") { Description = "With --folder: what the records become, e.g. declarations.", DefaultValueFactory = _ => "declarations" };
        var office = new Option<string>("--office") { Description = "With --folder: the organisation code whose system feeds the records, e.g. CIQ-ZJ." };
        var run = new Command("run", "Processes every file now in the feeds' folders once: each goes to done/ or failed/ with FILE.rejects.csv and FILE.summary.txt beside it. Exits 1 when a file was refused or a record rejected.")
        {
            config, db, feedName, folder, adapter, target, office,
        };
        run.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            await using var app = GqCli.BuildOffline(parse.GetValue(config), parse.GetValue(db));
            await GqHost.PrepareAsync(app, ct);
            List<FeedItem> feeds = parse.GetValue(folder) is { } dir
                ? [new FeedItem { Name = "cli", Folder = dir, Adapter = parse.GetValue(adapter) ?? "", Target = parse.GetValue(target) ?? "", Office = parse.GetValue(office) ?? "", PollSeconds = 1 }]
                : [.. app.Services.GetRequiredService<IOptions<FeedOptions>>().Value.Items.Where(f => parse.GetValue(feedName) is not { } n || f.Name == n)];
            if (feeds.Count == 0)
            {
                await output.WriteLineAsync("No feed to run: configure Feeds:Items (see docs/codes.md, Legacy feeds) or pass --folder, --adapter and --office.");
                return 2;
            }

            var problems = feeds.SelectMany(f => f.Problems()).ToList();
            if (problems.Count > 0)
            {
                foreach (var p in problems)
                {
                    await output.WriteLineAsync(p);
                }

                return 2;
            }

            var processor = app.Services.GetRequiredService<LegacyFeedProcessor>();
            var bad = 0;
            foreach (var feed in feeds)
            {
                var runs = await processor.RunOnceAsync(feed, ct);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{feed.Name} ({feed.Folder}): {runs.Count} file(s)"));
                foreach (var r in runs)
                {
                    bad += r.Outcome == LegacyFeedProcessor.Failed || r.Rejected > 0 ? 1 : 0;
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"  {r.File} -> {r.MovedTo}: {r.Accepted} taken over, {r.AlreadyFed} already fed, {r.Rejected} rejected{(r.Reason is null ? "" : $" ({r.Reason})")}"));
                }
            }

            return bad == 0 ? 0 : 1;
        });
        return new Command("feed", "Legacy feeds: watched folders of legacy files that become declarations (or what the feed's target makes of them).") { run };
    }
}
