namespace GoldenQuality.Alerts.Contracts;

/// <summary>
/// The wire names of rapid alerts (docs/alerts.md), modelled on the EU's RASFF: any agency raises a notification and
/// sends it to the coordinating office; the coordinator validates it and distributes it under the agreements to every
/// agency concerned; each answers with its follow-up; hold decisions and crisis actions travel the same way.
/// Every type is sent by the Alerts module only (decision 0007).
/// </summary>
public static class AlertsWire
{
    /// <summary>
    /// The coordinating office (the RASFF contact point): the Import and Export Food Safety Bureau of AQSIQ. It
    /// validates notifications, distributes them, watches the deadlines and leads crises. The node that hosts it
    /// (in the directory) is the coordinating node.
    /// </summary>
    public const string CoordinatingOffice = "AQSIQ-IEFSB";

    /// <summary>Sent by the raising node's Alerts module to the coordinating office: <see cref="AlertNotification"/> (status submitted).</summary>
    public const string SubmittedType = "alerts.notification.submitted";

    /// <summary>
    /// Sent by the coordinator's Alerts module to every node of the distribution (and to the raising node) once the
    /// notification is validated: <see cref="AlertNotification"/> (status validated, with its recipients and deadlines).
    /// A node that receives it places the holds that match it.
    /// </summary>
    public const string DistributedType = "alerts.notification.distributed";

    /// <summary>Sent by the coordinator's Alerts module to the raising node when it refuses to validate: <see cref="AlertRejected"/>.</summary>
    public const string RejectedType = "alerts.notification.rejected";

    /// <summary>Sent by a recipient's Alerts module to the coordinating office: an acknowledgement or a follow-up (<see cref="AlertFollowUp"/>).</summary>
    public const string FollowUpPostedType = "alerts.follow-up.posted";

    /// <summary>Sent by the coordinator's Alerts module to every other node of the distribution: a follow-up it attached (<see cref="AlertFollowUp"/>).</summary>
    public const string FollowUpDistributedType = "alerts.follow-up.distributed";

    /// <summary>Sent by the coordinator's Alerts module to the node hosting the office above a recipient that missed a deadline: <see cref="AlertEscalated"/>.</summary>
    public const string EscalatedType = "alerts.notification.escalated";

    /// <summary>
    /// Sent by the Alerts module of the node where a hold was decided to the parties the hold was distributed to (for
    /// an alert's hold: the coordinator and every node of the distribution): <see cref="HoldDecision"/>. A node that
    /// holds the same subject under the same alert applies the same decision.
    /// </summary>
    public const string HoldDecidedType = "alerts.hold.decided";

    /// <summary>Sent by the coordinator's Alerts module to the node of an office given a crisis action: <see cref="CrisisActionMessage"/>.</summary>
    public const string CrisisActionAssignedType = "alerts.crisis.action-assigned";

    /// <summary>Sent by the Alerts module of the node of an action's owner to the coordinator when the owner reports on it: <see cref="CrisisActionMessage"/>.</summary>
    public const string CrisisActionUpdatedType = "alerts.crisis.action-updated";

    /// <summary>Every message type of the module.</summary>
    public static readonly string[] Types =
    [
        SubmittedType, DistributedType, RejectedType, FollowUpPostedType, FollowUpDistributedType, EscalatedType, HoldDecidedType,
        CrisisActionAssignedType, CrisisActionUpdatedType,
    ];
}

/// <summary>The RASFF notification types.</summary>
public enum NotificationType
{
    /// <summary>A serious risk; the product is on the market and immediate action is needed.</summary>
    Alert,

    /// <summary>A risk; other agencies may need to follow up (the product is or may be on their market).</summary>
    InformationForFollowUp,

    /// <summary>A risk; the product is not, or no longer, on the market of the other agencies.</summary>
    InformationForAttention,

    /// <summary>A consignment refused at the border.</summary>
    BorderRejection,

    /// <summary>Information of interest with no notification of its own.</summary>
    News,
}

/// <summary>What the notification is based on (RASFF's notification basis).</summary>
public enum NotificationBasis
{
    BorderControl,
    OfficialControlOnTheMarket,
    OwnCheck,
    ConsumerComplaint,
    FoodPoisoning,
}

/// <summary>The risk decision of the notification.</summary>
public enum RiskDecision
{
    Serious,
    NotSerious,
}

/// <summary>Where a notification is in its workflow (notify → validate → distribute → follow up → close).</summary>
public enum AlertStatus
{
    /// <summary>Raised and sent to the coordinator; not yet validated.</summary>
    Submitted,

    /// <summary>Validated by the coordinator and distributed; follow-ups are expected.</summary>
    Validated,

    /// <summary>The coordinator refused to validate it (the reason is kept).</summary>
    Rejected,

    /// <summary>Closed by the coordinator: every follow-up is in, and every hold decided or no longer needed.</summary>
    Closed,
}

/// <summary>What a follow-up is.</summary>
public enum FollowUpKind
{
    /// <summary>The recipient acknowledges receipt (the first deadline).</summary>
    Acknowledgement,

    /// <summary>The recipient's answer: what it found and did (the second deadline).</summary>
    FollowUp,

    /// <summary>The coordinator validated the notification.</summary>
    Validation,

    /// <summary>A recipient missed a deadline; the office above was told.</summary>
    Escalation,

    /// <summary>A hold placed under the notification was decided.</summary>
    HoldDecision,
}

/// <summary>What a hold is on. Each kind belongs to the module that owns the subject.</summary>
public enum HoldSubjectKind
{
    /// <summary>An E-Supervision lot (key: <c>{uscc}/{lot number}</c>), Supervision module.</summary>
    Lot,

    /// <summary>A declaration not yet released (key: its number), Declarations module.</summary>
    Declaration,

    /// <summary>A permit not yet released, the issuer's row or a port or Customs copy (key: its number), Certificates module.</summary>
    Permit,
}

/// <summary>Why a hold was placed.</summary>
public enum HoldOrigin
{
    /// <summary>A validated rapid alert matched the subject.</summary>
    Alert,

    /// <summary>An E-Supervision reading exceeded the governing limit (the lot is held at once).</summary>
    SupervisionNonconformity,
}

/// <summary>
/// How a hold ends: only by one of these decisions of an authorised officer, with evidence. <see cref="Active"/> is a
/// hold not yet decided.
/// </summary>
public enum HoldStatus
{
    Active,

    /// <summary>Released after a passing re-test (the evidence names the laboratory report).</summary>
    Released,

    /// <summary>The goods were destroyed under supervision.</summary>
    Destroyed,

    /// <summary>The goods were returned to the sender (re-exported).</summary>
    Returned,

    /// <summary>The goods were re-processed (re-labelled, treated) and then re-inspected.</summary>
    Reprocessed,
}

/// <summary>One enterprise concerned by a notification.</summary>
/// <remarks><c>Uscc</c>: The unified social credit code.<br/>
/// <c>Name</c>: The name as the notifier gave it.<br/>
/// <c>Role</c>: <c>importer</c>, <c>exporter</c>, <c>manufacturer</c>, <c>distributor</c> or <c>consignee</c>.</remarks>
public sealed record AlertEnterprise(string Uscc, string Name, string Role);

/// <summary>The hazard: what was found, against the governing limit (from the standards catalogue).</summary>
/// <remarks><c>Category</c>: e.g. <c>veterinary-drug-residue</c>, <c>pesticide-residue</c>, <c>pathogen</c>, <c>contaminant</c>, <c>additive</c>, <c>foreign-body</c>, <c>labelling</c>, <c>other</c>.<br/>
/// <c>Agent</c>: The substance or agent (e.g. <c>chloramphenicol</c>).<br/>
/// <c>Value</c>: The measured value, if one was measured.<br/>
/// <c>Unit</c>: The unit of <paramref name="Value"/> and of the limit (canonical, e.g. <c>mg/kg</c>).<br/>
/// <c>Limit</c>: The governing limit as text (<c>≤ 0.2</c>, <c>not detectable</c>), from the catalogue.<br/>
/// <c>Standard</c>: The standard and clause the limit comes from (<c>GB 31650-2019 …</c>).</remarks>
public sealed record AlertHazard(string Category, string Agent, decimal? Value, string? Unit, string? Limit, string? Standard);

/// <summary>The product concerned.</summary>
public sealed record AlertProduct(string HsCode, string Description, string? Brand, string[] Lots);

/// <summary>One recipient of a distributed notification, with its deadlines (UTC).</summary>
/// <remarks><c>Party</c>: The office as a party (<c>node/office</c>).<br/>
/// <c>Office</c>: The office code.</remarks>
public sealed record AlertRecipient(string Party, string Office, DateTimeOffset AcknowledgeBy, DateTimeOffset AnswerBy);

/// <summary>
/// A notification as it travels (<see cref="AlertsWire.SubmittedType"/>, <see cref="AlertsWire.DistributedType"/>).
/// The number is given by the raising node (<c>AL-{office}-{yyyyMMdd}-{hex}</c>) and is the same on every node.
/// <c>InformedNodes</c>: the nodes the coordinator sent the validated notification to for information (and for their
/// holds) beyond the recipients' nodes.
/// </summary>
public sealed record AlertNotification(
    string Number, string Type, string Basis, string Status, string Title, AlertHazard Hazard, AlertProduct Product,
    AlertEnterprise[] Enterprises, string OriginCountry, string[] DistributionCountries, string Risk, string MeasuresTaken,
    AlertAttachmentInfo[] Attachments, string RaisedByOffice, string RaisedByNode, string RaisedBy, DateTimeOffset RaisedAt,
    string? ValidatedBy, DateTimeOffset? ValidatedAt, AlertRecipient[] Recipients, string[]? InformedNodes = null)
{
    /// <summary>
    /// The parties holds placed under this notification answer to (their decisions are sent there): every recipient
    /// office, every node it went to for information, and the coordinating office (<paramref name="coordinator"/>).
    /// </summary>
    public string[] HoldParties(string coordinator) =>
        [.. Recipients.Select(r => r.Party).Concat(InformedNodes ?? []).Append(coordinator).Distinct(StringComparer.Ordinal)];
}

/// <summary>An attachment's description as it travels (the content stays on the raising node, fetched by digest).</summary>
public sealed record AlertAttachmentInfo(string Name, string ContentType, long Length, string Sha256);

/// <summary>Payload of <see cref="AlertsWire.RejectedType"/>.</summary>
public sealed record AlertRejected(string Number, string Reason, string By, DateTimeOffset At);

/// <summary>Payload of <see cref="AlertsWire.FollowUpPostedType"/> and <see cref="AlertsWire.FollowUpDistributedType"/>.</summary>
/// <remarks><c>Id</c>: Unique per follow-up (a duplicate is ignored).<br/>
/// <c>Kind</c>: A <see cref="FollowUpKind"/> wire name.<br/>
/// <c>RecordedAt</c>: When the coordinator recorded it (what the deadlines are measured against; null as posted).<br/>
/// <c>Status</c>: The notification's status after this entry, when it changes it (<c>closed</c>); null otherwise.</remarks>
public sealed record AlertFollowUp(
    Guid Id, string Number, string Kind, string Office, string Party, string Author, string Text, string? MeasuresTaken, DateTimeOffset At,
    DateTimeOffset? RecordedAt = null, string? Status = null);

/// <summary>Payload of <see cref="AlertsWire.EscalatedType"/>: <see cref="Office"/> missed <see cref="Deadline"/> (acknowledge or answer); <see cref="To"/> is the office above it.</summary>
public sealed record AlertEscalated(string Number, string Title, string Office, string Deadline, DateTimeOffset Due, string To, DateTimeOffset At);

/// <summary>Payload of <see cref="AlertsWire.HoldDecidedType"/>.</summary>
/// <remarks><c>Decision</c>: A <see cref="HoldStatus"/> wire name other than <c>active</c>.<br/>
/// <c>Evidence</c>: What the decision rests on (laboratory report number and result, destruction record, bill of lading of the return).<br/>
/// <c>Id</c>: The decision's id, the same on every node (its entry in the alert's timeline is written once).<br/>
/// <c>RetestReportNumber</c>, <c>RetestResult</c>: The re-test a release rests on (result <c>pass</c>).</remarks>
public sealed record HoldDecision(
    string? AlertNumber, string SubjectKind, string SubjectKey, string Decision, string Evidence, string DecidedBy, string Office, string Node, DateTimeOffset At,
    Guid? Id = null, string? RetestReportNumber = null, string? RetestResult = null);

/// <summary>Payload of <see cref="AlertsWire.CrisisActionAssignedType"/> and <see cref="AlertsWire.CrisisActionUpdatedType"/>.</summary>
public sealed record CrisisActionMessage(
    Guid ActionId, string CrisisNumber, string CrisisTitle, string Title, string OwnerOffice, DateTimeOffset Due, string Status, string? Report, string By, DateTimeOffset At)
{
    /// <summary>The alert of the crisis the action is about, if any.</summary>
    public string? AlertNumber { get; init; }
}
