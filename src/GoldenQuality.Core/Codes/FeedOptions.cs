using System.Collections.Concurrent;
using GoldenQuality.Codes.Contracts;

namespace GoldenQuality.Codes;

/// <summary>
/// The legacy feeds of a node (section <c>Feeds</c>): <c>Feeds:Items:0:Name</c>, <c>:Adapter</c>, <c>:Folder</c>,
/// <c>:Target</c>, <c>:Office</c>, <c>:PollSeconds</c>. See docs/codes.md, "Legacy feeds".
/// </summary>
internal sealed class FeedOptions
{
    public const string Section = "Feeds";

    public List<FeedItem> Items { get; set; } = [];
}

/// <summary>One watched folder: its files are read with <see cref="Adapter"/> and handed to <see cref="Target"/> as the system of <see cref="Office"/>.</summary>
internal sealed class FeedItem
{
    public string Name { get; set; } = "";

    /// <summary>The adapter definition's name (<c>data/adapters/NAME.json</c>).</summary>
    public string Adapter { get; set; } = "";

    /// <summary>The watched folder; processed files go to <c>done/</c> or <c>failed/</c> inside it.</summary>
    public string Folder { get; set; } = "";

    /// <summary>What the records become: the name of a registered <see cref="ILegacyFeedTarget"/>, e.g. <c>declarations</c>.</summary>
    public string Target { get; set; } = "";

    /// <summary>The organisation code whose system the target acts as (e.g. <c>CIQ-ZJ</c>).</summary>
    public string Office { get; set; } = "";

    /// <summary>How often the folder is looked at, in seconds (at least 1).</summary>
    public int PollSeconds { get; set; } = 30;

    /// <summary>The configuration problems of the feed, empty when it can run.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 64 || Name.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
        {
            yield return $"Feeds: the name '{Name}' must have 1 to 64 letters, digits or '-'";
        }

        if (string.IsNullOrWhiteSpace(Adapter) || Adapter.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
        {
            yield return $"Feeds:{Name}: the adapter '{Adapter}' must be the name of a definition in data/adapters";
        }

        if (string.IsNullOrWhiteSpace(Folder))
        {
            yield return $"Feeds:{Name}: a folder is required";
        }

        if (string.IsNullOrWhiteSpace(Target))
        {
            yield return $"Feeds:{Name}: a target is required (e.g. declarations)";
        }

        if (string.IsNullOrWhiteSpace(Office) || Office.Length > 64)
        {
            yield return $"Feeds:{Name}: the office (an organisation code, e.g. CIQ-ZJ) is required";
        }

        if (PollSeconds is < 1 or > 86_400)
        {
            yield return $"Feeds:{Name}: PollSeconds must be from 1 to 86400";
        }
    }
}

/// <summary>The files the feeds processed since the node started, the latest 50 per feed (the summary files beside them are the lasting record).</summary>
internal sealed class FeedRuns
{
    private const int Keep = 50;
    private readonly ConcurrentDictionary<string, LinkedList<FeedRunView>> runs = new(StringComparer.Ordinal);

    public void Add(FeedRunView run)
    {
        var list = runs.GetOrAdd(run.Feed, _ => new LinkedList<FeedRunView>());
        lock (list)
        {
            list.AddFirst(run);
            while (list.Count > Keep)
            {
                list.RemoveLast();
            }
        }
    }

    /// <summary>The feed's runs, latest first.</summary>
    public FeedRunView[] Of(string feed)
    {
        if (!runs.TryGetValue(feed, out var list))
        {
            return [];
        }

        lock (list)
        {
            return [.. list];
        }
    }
}
