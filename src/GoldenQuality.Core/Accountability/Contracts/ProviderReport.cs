using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;

namespace GoldenQuality.Accountability.Contracts;

/// <summary>What one consumer received or queried of one message type or dataset, under one agreement, in the window.</summary>
/// <param name="Consumer">The consumer agency (member id, e.g. <c>GQ/GOV/CUSTOMS</c>).</param>
/// <param name="What">The message type, or the dataset (for a query).</param>
/// <param name="Query">True for dataset queries answered, false for envelopes sent.</param>
/// <param name="Agreement">The agreement it travelled under (null when none covers it now).</param>
/// <param name="Purpose">The agreement's purpose, from the directory.</param>
/// <param name="Count">How many envelopes or answers.</param>
public sealed record ProviderShare(string Consumer, string What, bool Query, string? Agreement, string? Purpose, int Count);

/// <summary>The outcomes one consumer reported back on one kind of data, in the window.</summary>
public sealed record ProviderOutcome(string Consumer, string DataKind, string Outcome, int Count);

/// <summary>One feedback received, newest first on the page.</summary>
public sealed record ProviderFeedbackItem(DateTimeOffset ReceivedAt, string Consumer, string UsedBy, string DataKind, string RecordKey, string CaseRef, string Outcome, string? Agreement, string? Detail);

/// <summary>A sentence a leader reads, in both languages, built from the counts of one data kind.</summary>
public sealed record ProviderSentence(string DataKind, string Zh, string En);

/// <summary>
/// The provider page of this node's agency: who received or queried what in [<paramref name="From"/>, <paramref name="To"/>),
/// and what the consumers reported came of it.
/// </summary>
public sealed record ProviderReportView(
    string Agency, DateTimeOffset From, DateTimeOffset To, ProviderShare[] Shared, ProviderOutcome[] Outcomes, ProviderSentence[] Sentences, ProviderFeedbackItem[] Latest);

/// <summary>The provider page's data (<c>GET /api/accountability/provider</c> and <c>/provider</c>).</summary>
public interface IProviderReport
{
    /// <summary>The report of this node's agency for the window; both bounds optional (default: this month in China time).</summary>
    Task<HandlerResult<ProviderReportView>> HandleAsync(Actor actor, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct);
}
