namespace GoldenQuality.Accountability.Contracts;

/// <summary>What one tracking pass did: cases opened, steps done, steps escalated, and steps overdue now.</summary>
public sealed record StepTrackSummary(int Opened, int Completed, int Escalated, int Overdue);

/// <summary>One tracked step of a case this node opened; <see cref="State"/> is <c>open</c>, <c>overdue</c> or <c>done</c>.</summary>
public sealed record StepView(
    Guid CaseEnvelope, string CaseRecipient, Guid CorrelationId, string Agreement, string MessageType, int StepIndex, string Step, string Accountable,
    string OwedTo, DateTimeOffset OpenedAt, DateTimeOffset? DueAt, DateTimeOffset? CompletedAt, bool? OnTime, DateTimeOffset? EscalatedAt, string State);

/// <summary>An escalation this node received (or made to itself): a step its agency owes, or one told to the coordinating body it hosts.</summary>
public sealed record EscalationView(
    string FromNode, bool ToCoordinator, Guid CaseEnvelope, string CaseRecipient, string Agreement, string MessageType, string Step, string Accountable,
    string OwedTo, DateTimeOffset DueAt, DateTimeOffset EscalatedAt, DateTimeOffset ReceivedAt);

/// <summary>The states a step is listed by.</summary>
public enum StepState
{
    Open,
    Overdue,
    Done,
}
