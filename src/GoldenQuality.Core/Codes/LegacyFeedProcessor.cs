using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GoldenQuality.Codes.Adapters;
using GoldenQuality.Codes.Contracts;
using GoldenQuality.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Codes;

/// <summary>
/// Processes the files of a legacy feed's folder: each file is read with the feed's adapter and its good records are
/// handed to the feed's target; then the file moves to <c>done/</c> (or <c>failed/</c>) with
/// <c>FILE.rejects.csv</c> (line, column, field, reason, key) and <c>FILE.summary.txt</c> beside it. A file that is
/// malformed as a file (unreadable encoding, broken CSV quoting or XML, a line of the wrong length, a row with the
/// wrong number of fields) is refused whole and goes to <c>failed/</c>: nothing of it reaches the target.
/// </summary>
internal sealed class LegacyFeedProcessor(IServiceScopeFactory scopes, IOptions<ReferenceDataOptions> node, FeedRuns runs, TimeProvider clock, ILogger<LegacyFeedProcessor> logger)
{
    public const string Done = "done";
    public const string Failed = "failed";

    /// <summary>Processes every file now in the feed's folder, oldest name first; answers what happened to each.</summary>
    public async Task<List<FeedRunView>> RunOnceAsync(FeedItem feed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var results = new List<FeedRunView>();
        var folder = Path.GetFullPath(feed.Folder);
        if (!Directory.Exists(folder))
        {
            logger.LogWarning("Legacy feed {Feed}: the folder {Folder} does not exist", feed.Name, folder);
            return results;
        }

        Adapter adapter;
        try
        {
            var definition = Path.Combine(node.Value.ReferenceData, "adapters", feed.Adapter + ".json");
            adapter = new Adapter(AdapterDefinition.Load(definition));
        }
        catch (Exception e) when (e is AdapterDefinitionException or IOException)
        {
            // A configuration error, not the files' fault: they stay where they are until the feed is fixed.
            logger.LogError("Legacy feed {Feed}: the adapter {Adapter} cannot be loaded: {Reason}", feed.Name, feed.Adapter, e.Message);
            return results;
        }

        foreach (var path in Directory.EnumerateFiles(folder).Where(IsInput).Order(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            if (await ProcessFileAsync(feed, adapter, folder, path, ct) is { } run)
            {
                runs.Add(run);
                results.Add(run);
            }
        }

        return results;
    }

    /// <summary>Files being written are dropped under a temporary name (a leading dot, <c>.tmp</c>, <c>.part</c>) and renamed when complete.</summary>
    private static bool IsInput(string path)
    {
        var name = Path.GetFileName(path);
        return !name.StartsWith('.') && !name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".part", StringComparison.OrdinalIgnoreCase);
    }

    private async Task<FeedRunView?> ProcessFileAsync(FeedItem feed, Adapter adapter, string folder, string path, CancellationToken ct)
    {
        byte[] bytes;
        try
        {
            if (new FileInfo(path).Length > LegacyRecords.MaxUpload)
            {
                return Finish(feed, folder, path, "-", Failed, 0, 0, null, [], "the file is larger than 256 MB, the largest legacy file a node reads; nothing was imported");
            }

            bytes = await File.ReadAllBytesAsync(path, ct);
        }
        catch (IOException e)
        {
            // Still being written or locked by its writer: the next poll tries again.
            logger.LogInformation("Legacy feed {Feed}: {File} cannot be read yet: {Reason}", feed.Name, Path.GetFileName(path), e.Message);
            return null;
        }

        var name = Path.GetFileName(path);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        AdaptResult read;
        try
        {
            read = adapter.Read(bytes);
        }
        catch (AdapterException e)
        {
            return Finish(feed, folder, path, sha, Failed, 0, 0, null, [new Reject(e.Line, e.Column, null, e.Reason, null)],
                $"the file cannot be read (line {e.Line}, column {e.Column}: {e.Reason}); nothing was imported");
        }

        var structural = read.Rejects.Where(r => r.Structural).ToList();
        if (structural.Count > 0)
        {
            var first = structural[0];
            return Finish(feed, folder, path, sha, Failed, read.Lines, read.Records.Count, null, structural,
                string.Create(CultureInfo.InvariantCulture,
                    $"{structural.Count} line(s) do not have the file's structure (first: line {first.Line}: {first.Reason}); nothing was imported"));
        }

        var records = read.Records.Select(r => new FeedRecord(r.Line, r.Key, r.Fields)).ToList();
        FeedOutcome outcome;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var target = scope.ServiceProvider.GetServices<ILegacyFeedTarget>().FirstOrDefault(t => string.Equals(t.Target, feed.Target, StringComparison.Ordinal));
            if (target is null)
            {
                logger.LogError("Legacy feed {Feed}: no target '{Target}' on this node; {File} stays in the folder", feed.Name, feed.Target, name);
                return null;
            }

            if (target.AllOrNothing && read.Rejects.Count > 0)
            {
                // A register export is a consistent snapshot: a record the adapter could not read refuses the whole file.
                return Finish(feed, folder, path, sha, Failed, read.Lines, records.Count, null, [.. read.Rejects],
                    string.Create(CultureInfo.InvariantCulture,
                        $"{read.Rejects.Count} record(s) cannot be read (first: line {read.Rejects[0].Line}: {read.Rejects[0].Reason}); the target {feed.Target} takes a file whole or not at all; nothing was imported"));
            }

            try
            {
                outcome = records.Count == 0 ? new FeedOutcome(0, 0, []) : await target.AcceptAsync(new FeedBatch(feed.Name, feed.Adapter, feed.Office, name, sha, records), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The target could not finish (e.g. the database is unreachable). Targets are idempotent, so the file
                // stays and the next poll feeds it again: what was taken over is recognised, the rest follows.
                logger.LogError(e, "Legacy feed {Feed}: the target '{Target}' failed on {File}; it stays in the folder", feed.Name, feed.Target, name);
                return null;
            }
        }

        var rejects = read.Rejects.Concat(outcome.Rejects.Select(r => new Reject(r.Line, 1, r.Field, r.Reason, r.Key)))
            .OrderBy(r => r.Line).ThenBy(r => r.Column).ToList();
        return outcome.Refused is { } refused
            ? Finish(feed, folder, path, sha, Failed, read.Lines, records.Count, outcome, rejects, $"{refused}; nothing was imported")
            : Finish(feed, folder, path, sha, Done, read.Lines, records.Count, outcome, rejects, null);
    }

    private FeedRunView Finish(FeedItem feed, string folder, string path, string sha, string outcome, int lines, int records, FeedOutcome? target, List<Reject> rejects, string? reason)
    {
        var at = clock.GetUtcNow();
        var directory = Path.Combine(folder, outcome);
        Directory.CreateDirectory(directory);
        var destination = FreeName(directory, Path.GetFileName(path));
        var run = new FeedRunView(feed.Name, feed.Target, Path.GetFileName(path), outcome, at, lines, records, target?.Accepted ?? 0, target?.AlreadyFed ?? 0, rejects.Count, reason,
            Path.GetRelativePath(folder, destination).Replace('\\', '/'), sha);

        // The reports first, then the move: a crash in between leaves the file to be fed again, which changes nothing.
        File.WriteAllText(destination + ".rejects.csv", RejectsCsv(rejects), new UTF8Encoding(false));
        File.WriteAllText(destination + ".summary.txt", Summary(feed, run), new UTF8Encoding(false));
        File.Move(path, destination);
        if (outcome == Failed)
        {
            logger.LogWarning("Legacy feed {Feed}: {File} refused: {Reason}", feed.Name, run.File, reason);
        }
        else
        {
            logger.LogInformation("Legacy feed {Feed}: {File}: {Accepted} taken over, {AlreadyFed} already fed, {Rejected} rejected", feed.Name, run.File, run.Accepted, run.AlreadyFed, run.Rejected);
        }

        return run;
    }

    /// <summary>The file's name in <paramref name="directory"/>, or NAME.2, NAME.3, ... when a file of that name was processed before.</summary>
    private static string FreeName(string directory, string name)
    {
        var candidate = Path.Combine(directory, name);
        for (var n = 2; File.Exists(candidate) || File.Exists(candidate + ".summary.txt"); n++)
        {
            candidate = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{name}.{n}"));
        }

        return candidate;
    }

    /// <summary>The rejects as <c>gq adapt</c> writes them: <c>line,column,field,reason,key</c>.</summary>
    internal static string RejectsCsv(IEnumerable<Reject> rejects)
    {
        var b = new StringBuilder("line,column,field,reason,key\n");
        foreach (var r in rejects)
        {
            b.Append(r.Line.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.Column.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(StrictCsv.Quote(r.Field ?? "", ',')).Append(',')
                .Append(StrictCsv.Quote(r.Reason, ',')).Append(',')
                .Append(StrictCsv.Quote(r.Key ?? "", ',')).Append('\n');
        }

        return b.ToString();
    }

    private static string Summary(FeedItem feed, FeedRunView run) => string.Create(CultureInfo.InvariantCulture, $"""
        feed: {feed.Name}
        adapter: {feed.Adapter}
        target: {feed.Target} (as the system of {feed.Office})
        file: {run.File}
        sha256: {run.Sha256}
        processed: {run.At:yyyy-MM-ddTHH:mm:ssZ}
        outcome: {run.Outcome}
        reason: {run.Reason ?? "-"}
        lines: {run.Lines}
        records read: {run.Records}
        taken over: {run.Accepted}
        already fed before: {run.AlreadyFed}
        rejected: {run.Rejected} (see {Path.GetFileName(run.MovedTo)}.rejects.csv)

        """);
}

/// <summary>Polls each configured feed's folder every <see cref="FeedItem.PollSeconds"/> and processes what it finds.</summary>
internal sealed class LegacyFeedWorker(LegacyFeedProcessor processor, IOptions<FeedOptions> options, TimeProvider clock, ILogger<LegacyFeedWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var feeds = new List<FeedItem>();
        foreach (var feed in options.Value.Items)
        {
            var problems = feed.Problems().ToList();
            if (problems.Count > 0)
            {
                logger.LogError("Legacy feed {Feed} is not run: {Problems}", feed.Name, string.Join("; ", problems));
            }
            else
            {
                feeds.Add(feed);
            }
        }

        if (feeds.Count == 0)
        {
            return;
        }

        var due = feeds.ToDictionary(f => f.Name, _ => DateTimeOffset.MinValue, StringComparer.Ordinal);
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var feed in feeds)
            {
                if (clock.GetUtcNow() < due[feed.Name])
                {
                    continue;
                }

                try
                {
                    await processor.RunOnceAsync(feed, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Legacy feed {Feed} failed; it is tried again at the next poll", feed.Name);
                }

                due[feed.Name] = clock.GetUtcNow().AddSeconds(feed.PollSeconds);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
