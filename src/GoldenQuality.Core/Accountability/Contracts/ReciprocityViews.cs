namespace GoldenQuality.Accountability.Contracts;

/// <summary>
/// The federation's reciprocity, from the latest report of every node: per ordered pair of agencies what the first gave
/// the second and how fast, each agency's on-time rate, and which nodes reported when (and which did not).
/// </summary>
public sealed record ReciprocityMatrix(DateTimeOffset At, string[] Agencies, ReciprocityPair[] Pairs, AgencyOnTime[] OnTime, NodeReportStatus[] Nodes, EscalationView[] Escalations);

/// <summary>
/// What <see cref="From"/> gave <see cref="To"/>: envelopes as the giver's nodes reported sending them (and as the receiver's
/// reported receiving them), dataset queries the giver answered for the receiver (as the receiver reported asking them), the
/// delivery time of what the giver sent (the slowest of its nodes' medians and p90s) and the giver's answer time to the
/// receiver's queries, in seconds.
/// </summary>
public sealed record ReciprocityPair(
    string From, string To, int Envelopes, int EnvelopesReceivedAsReported, int QueriesAnswered,
    double? DeliveryMedianSeconds, double? DeliveryP90Seconds, double? AnswerMedianSeconds, double? AnswerP90Seconds);

/// <summary>An agency's on-time rate over the steps every reporting node tracked for it.</summary>
public sealed record AgencyOnTime(string Agency, int OnTime, int Late, int Overdue, double? Rate);

/// <summary>A node of the directory: when its latest report was made and received, by which envelope and signer; null when it never reported.</summary>
public sealed record NodeReportStatus(string Node, string Member, DateTimeOffset? ReportedAt, DateTimeOffset? ReceivedAt, Guid? EnvelopeId, string? Signer, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>What sending the reciprocity summary did: the summary, and the node it went to (null when this node hosts the coordinating body and kept it).</summary>
public sealed record ReciprocitySent(ReciprocityReport Report, string? SentTo);
