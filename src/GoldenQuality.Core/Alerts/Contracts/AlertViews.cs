namespace GoldenQuality.Alerts.Contracts;

// The request and view records of the notification workflow (docs/alerts.md): what its API sends and receives.

/// <summary>The hazard as the notifier gives it; the limit and standard are looked up in the catalogue, never given.</summary>
/// <remarks><c>Category</c>: one of <see cref="AlertRequests.HazardCategories"/>.<br/>
/// <c>ProductCategory</c>, <c>Parameter</c>: a category and parameter of the standards catalogue; with both, the governing limit is looked up.</remarks>
public sealed record AlertHazardRequest(string? Category, string? Agent, decimal? Value, string? Unit, string? ProductCategory, string? Parameter);

/// <summary>The product: a 10-digit tariff code, its description, the brand and up to 50 lot numbers.</summary>
public sealed record AlertProductRequest(string? HsCode, string? Description, string? Brand, string[]? Lots);

/// <summary>An enterprise concerned: its USCC, the name as the notifier knows it, and its role (importer, exporter, manufacturer, distributor, consignee).</summary>
public sealed record AlertEnterpriseRequest(string? Uscc, string? Name, string? Role);

/// <summary>
/// A new notification. <c>Type</c>: alert, information-for-follow-up, information-for-attention, border-rejection, news;
/// <c>Basis</c>: border-control, official-control-on-the-market, own-check, consumer-complaint, food-poisoning;
/// <c>Risk</c>: serious or not-serious; countries are ISO 3166-1 alpha-2.
/// </summary>
public sealed record RaiseAlertRequest(
    string? Type, string? Basis, string? Title, AlertHazardRequest? Hazard, AlertProductRequest? Product, AlertEnterpriseRequest[]? Enterprises,
    string? OriginCountry, string[]? DistributionCountries, string? Risk, string? MeasuresTaken);

/// <summary>The coordinator's validation: the recipient offices (codes) and an optional note; <c>Version</c>, when given, must be the one read.</summary>
public sealed record ValidateAlertRequest(string[]? Recipients, string? Note, long? Version = null);

/// <summary>A refusal to validate, with its reason (required).</summary>
public sealed record RejectAlertRequest(string? Reason, long? Version = null);

/// <summary>An acknowledgement of receipt, with an optional note.</summary>
public sealed record AcknowledgeAlertRequest(string? Note);

/// <summary>A follow-up: what the office found and did (the answer of a recipient), with the measures taken.</summary>
public sealed record AlertFollowUpRequest(string? Text, string? MeasuresTaken);

/// <summary>Closes a notification; the reason is required unless every recipient has answered.</summary>
public sealed record CloseAlertRequest(string? Reason, long? Version = null);

/// <summary>The hazard as read: measured value against the governing limit of the catalogue (or the statement that it has none).</summary>
/// <remarks><c>Assessment</c>: <c>above-limit</c>, <c>within-limit</c>, <c>banned-substance-found</c>, <c>no-limit-in-catalogue</c> or <c>not-measured</c>.</remarks>
public sealed record AlertHazardView(string Category, string Agent, decimal? Value, string? Unit, string? Limit, string? Standard, string Assessment);

/// <summary>One recipient office with its deadlines and what it did; <c>Late</c> when it answered (or acknowledged) after the deadline.</summary>
/// <remarks><c>State</c>: <c>waiting</c>, <c>acknowledged</c>, <c>answered</c>.</remarks>
public sealed record AlertRecipientView(
    string Office, string Party, DateTimeOffset DistributedAt, DateTimeOffset AcknowledgeBy, DateTimeOffset AnswerBy, DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? AnsweredAt, string State, bool AcknowledgedLate, bool AnsweredLate, bool Overdue, string? EscalatedTo);

/// <summary>One entry of the timeline (validation, acknowledgement, follow-up, escalation, hold decision).</summary>
public sealed record AlertTimelineEntry(Guid Id, string Kind, string Office, string Party, string Author, string Text, string? MeasuresTaken, DateTimeOffset At, DateTimeOffset RecordedAt);

/// <summary>A notification as this node holds it. <c>Role</c>: origin, coordinator or recipient (what this node is for it).</summary>
public sealed record AlertView(
    string Number, string Role, string Type, string Basis, string Status, string Title, AlertHazardView Hazard, AlertProduct Product,
    AlertEnterprise[] Enterprises, string OriginCountry, string[] DistributionCountries, string Risk, string MeasuresTaken,
    AlertAttachmentInfo[] Attachments, string RaisedByOffice, string RaisedByNode, string RaisedBy, DateTimeOffset RaisedAt,
    DateTimeOffset? ValidateBy, string? ValidatedBy, DateTimeOffset? ValidatedAt, string? RejectionReason, DateTimeOffset? ClosedAt, long Version,
    AlertRecipientView[] Recipients, AlertTimelineEntry[] Timeline);

/// <summary>One row of the list. <c>Deadline</c>: <c>none</c>, <c>open</c> (deadlines running), <c>overdue</c> (one missed), <c>done</c>.</summary>
public sealed record AlertSummary(
    string Number, string Role, string Type, string Status, string Risk, string Title, string HsCode, string RaisedByOffice, DateTimeOffset RaisedAt,
    int Recipients, int Answered, string Deadline);

/// <summary>An office suggested as a recipient, with the reason.</summary>
public sealed record SuggestedRecipient(string Office, string Reason, bool Hosted);

/// <summary>
/// What the signed-in official's office must still do: <c>Kind</c> is <c>validate</c> (coordinator), <c>acknowledge</c>,
/// <c>answer</c> or <c>escalation</c> (a missed deadline of an office below, addressed to this one).
/// </summary>
public sealed record AlertInboxItem(string Number, string Title, string Risk, string Kind, string Office, DateTimeOffset? Due, bool Overdue, string? Detail);

/// <summary>The inbox of one office on this node.</summary>
public sealed record AlertInboxView(string Office, int Count, AlertInboxItem[] Items);

/// <summary>What a deadline sweep did: the escalations it recorded (<c>number: office missed deadline → office above</c>).</summary>
public sealed record AlertSweepSummary(string[] Escalated);
