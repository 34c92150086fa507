using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;

namespace GoldenQuality.Codes.Contracts;

// Legacy feeds: a watched folder per feed, whose files an adapter converts to canonical records that a target
// (implemented by the module that owns the data) takes over. See docs/codes.md, "Legacy feeds".

/// <summary>One canonical record of a legacy file: the line it starts at, its record key and its fields (invariant text, goods lines as <c>items[n].field</c>).</summary>
public sealed record FeedRecord(int Line, string Key, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// The records of one legacy file handed to a target. <see cref="Office"/> is the organisation code the feed is
/// configured for: the target acts as that office's system. <see cref="FileSha256"/> identifies the content.
/// </summary>
public sealed record FeedBatch(string Feed, string Adapter, string Office, string FileName, string FileSha256, IReadOnlyList<FeedRecord> Records);

/// <summary>A record the target refused: its line, the field (canonical or the target's own name) and why.</summary>
public sealed record FeedReject(int Line, string? Field, string Reason, string? Key);

/// <summary>
/// What a target did with a batch: how many records it took over, how many it already had (a file fed again), the
/// records it refused with their reasons; or <see cref="Refused"/>, the reason it refused the whole file (an
/// all-or-nothing loader), in which case it changed nothing.
/// </summary>
public sealed record FeedOutcome(int Accepted, int AlreadyFed, IReadOnlyList<FeedReject> Rejects, string? Refused = null)
{
    /// <summary>The whole file refused: nothing was imported.</summary>
    public static FeedOutcome Refuse(string reason) => new(0, 0, [], reason);

    /// <summary>The whole file refused because of these records (an all-or-nothing target): nothing was imported, the rejects say why.</summary>
    public static FeedOutcome Refuse(string reason, IReadOnlyList<FeedReject> rejects) => new(0, 0, rejects, reason);
}

/// <summary>
/// What the records of a legacy feed become, implemented by the module that owns that data (Declarations implements
/// <c>declarations</c>) and registered as a scoped service. The feed worker in Codes hands each file's good records to
/// the target named by the feed's configuration, in a scope of its own. A target must be idempotent: the same
/// records handed over again create nothing twice.
/// </summary>
public interface ILegacyFeedTarget
{
    /// <summary>The name feeds use in their <c>Target</c> setting, e.g. <c>declarations</c>.</summary>
    string Target { get; }

    /// <summary>
    /// True for a target that takes a file whole or not at all (a register export is a consistent snapshot): when the
    /// adapter rejected any record of the file, the file is refused into <c>failed/</c> and nothing reaches the target;
    /// the target itself answers <see cref="FeedOutcome.Refuse(string, IReadOnlyList{FeedReject})"/> when it refuses any record.
    /// False (the default): the good records are taken over one by one and the bad ones rejected.
    /// </summary>
    bool AllOrNothing => false;

    Task<FeedOutcome> AcceptAsync(FeedBatch batch, CancellationToken ct);
}

/// <summary>One processed file of a feed: where it went, what came of it.</summary>
public sealed record FeedRunView(
    string Feed, string Target, string File, string Outcome, DateTimeOffset At, int Lines, int Records, int Accepted, int AlreadyFed, int Rejected,
    string? Reason, string MovedTo, string Sha256);

/// <summary>A configured feed and its latest runs.</summary>
public sealed record FeedView(string Name, string Adapter, string Target, string Office, string Folder, int PollSeconds, FeedRunView[] Runs);

/// <summary>The configured legacy feeds and the files they processed since the node started (officials only).</summary>
public sealed class LegacyFeeds
{
    private readonly FeedOptions options;
    private readonly FeedRuns runs;

    internal LegacyFeeds(FeedOptions options, FeedRuns runs) => (this.options, this.runs) = (options, runs);

    public HandlerResult<FeedView[]> List(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsOfficial)
        {
            return Problems.Forbidden(new Message("codes.officials-feeds"));
        }

        return options.Items.Select(f => new FeedView(f.Name, f.Adapter, f.Target, f.Office, f.Folder, f.PollSeconds, runs.Of(f.Name))).ToArray();
    }
}
