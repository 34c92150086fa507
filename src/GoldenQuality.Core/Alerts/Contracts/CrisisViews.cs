namespace GoldenQuality.Alerts.Contracts;

/// <summary>An office of a crisis team as it is asked for: its code and role (<c>lead-agency</c>, <c>member</c>, <c>observer</c>).</summary>
public sealed record CrisisMemberRequest(string? Office, string? Role);

/// <summary>Opening a crisis: title (≤ 200), summary (≤ 4000), the alert numbers it covers (1 to 50, each on this node) and the team (1 to 50 offices).</summary>
public sealed record OpenCrisisRequest(string? Title, string? Summary, string[]? Alerts, CrisisMemberRequest[]? Members);

/// <summary>Adding an alert to a crisis (its number), with the version of the crisis read (optional).</summary>
public sealed record AddCrisisAlertRequest(string? Alert, long? Version);

/// <summary>Adding an office to the team, with its role.</summary>
public sealed record AddCrisisMemberRequest(string? Office, string? Role, long? Version);

/// <summary>Assigning an action: title (≤ 200), the owner (an office of the team, not an observer), the due time (in the future), the alert it is about (optional, one of the crisis's).</summary>
public sealed record AssignCrisisActionRequest(string? Title, string? OwnerOffice, DateTimeOffset? Due, string? Alert);

/// <summary>The owner's report on an action: status <c>in-progress</c>, <c>done</c> or <c>blocked</c>, the report (≤ 2000), the version read (optional).</summary>
public sealed record ReportCrisisActionRequest(string? Status, string? Report, long? Version);

/// <summary>Closing a crisis: the reason (≤ 1000); with actions still open, <c>force</c> must be true (the reason then says why).</summary>
public sealed record CloseCrisisRequest(string? Reason, bool? Force, long? Version);

/// <summary>A crisis in the list.</summary>
public sealed record CrisisSummaryView(string Number, string Title, string Status, string Leader, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt, int Alerts, int Members,
    int OpenActions, int OverdueActions);

/// <summary>An office of the team.</summary>
public sealed record CrisisMemberView(string Office, string Role, string NameZh, string NameEn, DateTimeOffset AddedAt);

/// <summary>
/// A crisis action: owner, due, status (<c>open</c>, <c>in-progress</c>, <c>done</c>, <c>blocked</c>), overdue (not done
/// and past due, by this node's clock), the owner's last report; <c>SentTo</c> is the party of the owner's node when the
/// action was sent there (null when the owner reports on this node).
/// </summary>
public sealed record CrisisActionView(Guid Id, string CrisisNumber, string CrisisTitle, string Title, string OwnerOffice, DateTimeOffset Due, string Status, bool Overdue,
    string? AlertNumber, string? Report, string? ReportedBy, DateTimeOffset? ReportedAt, string AssignedBy, DateTimeOffset AssignedAt, string? SentTo, long Version);

/// <summary>
/// How one recipient office of an alert responded: <c>State</c> is <c>answered</c>, <c>acknowledged</c> or <c>silent</c>;
/// <c>Overdue</c> when a deadline passed without it; <c>Escalated</c> when the office above was told.
/// </summary>
public sealed record CrisisResponseView(string Office, string State, bool Overdue, bool Escalated, string? EscalatedTo, DateTimeOffset AcknowledgeBy, DateTimeOffset AnswerBy,
    DateTimeOffset? AcknowledgedAt, DateTimeOffset? AnsweredAt);

/// <summary>An alert of the crisis with the response of each recipient office (status <c>unknown</c> when this node does not hold the alert).</summary>
public sealed record CrisisAlertView(string Number, string Title, string Status, string Type, string Risk, CrisisResponseView[] Recipients);

/// <summary>
/// One entry of the timeline: <c>Kind</c> is <c>opened</c>, <c>member-added</c>, <c>alert-added</c>, <c>action-assigned</c>,
/// <c>action-reported</c>, <c>update-refused</c>, <c>closed</c>, <c>action-overdue</c> (at the due time), or
/// <c>alert-</c> and a follow-up kind (<c>alert-follow-up</c>, <c>alert-acknowledgement</c>, <c>alert-escalation</c>, …).
/// </summary>
public sealed record CrisisEventView(DateTimeOffset At, string Kind, string By, string Office, string Text, string? AlertNumber, Guid? ActionId);

/// <summary>The crisis board: the crisis, its team, its actions, the response grid of its alerts and the timeline (newest first).</summary>
public sealed record CrisisBoard(string Number, string Title, string Summary, string Status, string Leader, string LeaderOffice, DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt, string? ClosedBy, string? CloseReason, long Version, CrisisMemberView[] Team, CrisisActionView[] Actions, CrisisAlertView[] Alerts,
    CrisisEventView[] Timeline);

/// <summary>A recipient office that has not answered an alert yet.</summary>
public sealed record CrisisSilentView(string AlertNumber, string Office, string State, DateTimeOffset AnswerBy, bool Overdue);

/// <summary>
/// The daily summary of a crisis for one day (China time): what happened that day (actions done, new follow-ups,
/// escalations), what is late (actions overdue, recipients still silent), the open actions, and the same as a text a
/// leader reads in one minute (<c>Text</c>, in the language asked for).
/// </summary>
public sealed record CrisisDailySummaryView(string Number, string Title, DateOnly Date, DateTimeOffset From, DateTimeOffset To, CrisisActionView[] Done,
    CrisisActionView[] Overdue, CrisisEventView[] FollowUps, CrisisEventView[] Escalations, CrisisSilentView[] Silent, CrisisActionView[] Open, string Text);

/// <summary>A crisis message this node refused, with why.</summary>
public sealed record CrisisRejectionView(Guid EnvelopeId, string Type, string Sender, Guid? ActionId, string Reason, DateTimeOffset At);
