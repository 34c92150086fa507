namespace GoldenQuality.Accountability.Contracts;

/// <summary>
/// The clearance history of a range of days, nationally (every bureau) or of one bureau: totals, clearance time per
/// stage, a series by day (ranges up to 62 days) or by week, every bureau's figures, and the envelopes each bureau
/// exchanged with each partner agency. <see cref="GeneratedDays"/> counts the bureau-days in it that were generated for
/// the demo, from <see cref="Seeds"/>; a page must say so wherever it shows them.
/// </summary>
public sealed record HistoryView(
    DateOnly From,
    DateOnly To,
    string? Bureau,
    int GeneratedDays,
    int RecordedDays,
    int[] Seeds,
    HistoryTotals Totals,
    HistoryStage[] Stages,
    string Period,
    HistoryPoint[] Series,
    HistoryBureau[] Bureaus,
    HistorySharing[] Sharing);

/// <summary>Sums over the range; <c>Coverage</c> is the share of goods lines cleared electronically (0–1).</summary>
public sealed record HistoryTotals(long Declarations, long Lines, long ElectronicLines, double Coverage, long Holds, long Nonconformities);

/// <summary>One stage's clearance time over the range, in seconds (read from histograms with two buckets per doubling).</summary>
public sealed record HistoryStage(string Stage, long Count, double P50, double P90, double P99);

/// <summary>One day or week (starting Monday) of the series; <c>Days</c> is how many of its days are in the range (a week at either end may have fewer than 7).</summary>
public sealed record HistoryPoint(DateOnly Start, int Days, long Declarations, double Coverage, double TotalP50, double TotalP90, long Holds);

/// <summary>One bureau's figures over the range.</summary>
public sealed record HistoryBureau(string Bureau, long Declarations, double Coverage, double TotalP50, long Holds, long Nonconformities);

/// <summary>The envelopes a bureau sent to and received from a partner agency over the range.</summary>
public sealed record HistorySharing(string Bureau, string Partner, long Sent, long Received);

/// <summary>A bureau the generator makes a history for: its weight in the national volume and its share of e-clearance at the start (0–1).</summary>
public sealed record HistoryBureauProfile(string Code, double Weight, double Readiness);

/// <summary>What <see cref="GenerateHistory"/> wrote: the range, the bureaus, the rows and the seed.</summary>
public sealed record HistoryGenerated(DateOnly From, DateOnly To, int Bureaus, int Days, int Seed, bool AlreadyThere);
