using GoldenQuality.Common;
using GoldenQuality.Persistence;

namespace GoldenQuality.Alerts.Contracts;

/// <summary>
/// What a validated notification asks this node to hold: the enterprises, products and lots it names. Raised on the
/// coordinating node when the coordinator validates, and on every other node when the distributed notification
/// arrives; the holds module places a hold on each match in the same save.
/// </summary>
/// <remarks><c>Parties</c>: Where decisions on these holds go: the coordinator and every node of the distribution.</remarks>
public sealed record AlertHoldsRequested(
    string AlertNumber, string Title, string Reason, string[] EnterpriseUsccs, string HsCode, string[] Lots, string[] Parties) : IDomainEvent;

/// <summary>A hold was placed on a subject of this node. The module that owns the subject marks it held (same save).</summary>
public sealed record HoldPlaced(Guid HoldId, HoldSubjectKind Kind, string Key, string Office, string Reason, string? AlertNumber) : IDomainEvent;

/// <summary>A hold of this node was decided. The module that owns the subject applies the decision (same save).</summary>
public sealed record HoldDecided(Guid HoldId, HoldSubjectKind Kind, string Key, string Office, HoldStatus Decision, string Evidence, string? AlertNumber) : IDomainEvent;

/// <summary>A subject of this node that a notification matches.</summary>
/// <remarks><c>Key</c>: The subject's key (<see cref="HoldSubjectKind"/>).<br/>
/// <c>Office</c>: The office that holds the subject (the lot's supervising office, the declaration's office, the permit's holder).<br/>
/// <c>Description</c>: What a person reads in the holds list (e.g. <c>import declaration D-… of 宁波… , 0306 frozen shrimp</c>).</remarks>
public sealed record HoldCandidate(HoldSubjectKind Kind, string Key, string Office, string Description);

/// <summary>
/// Finds the subjects a notification matches, in one module of this node. Alerts owns this contract; each module
/// that owns a holdable subject implements and registers it (the arrows point towards Alerts).
/// A match is an open subject (not completed, released or cleared) of one of the enterprises whose goods fall under
/// the HS code's heading (first four digits) — or, when the notification names lots, one of those lots.
/// </summary>
public interface IHoldCandidates
{
    Task<IReadOnlyList<HoldCandidate>> FindAsync(GqDbContext db, AlertHoldsRequested request, CancellationToken ct);
}

/// <summary>
/// The hold register of this node, for the modules that hold subjects: E-Supervision places its nonconformity holds
/// here (in the caller's save), so that every hold ends by a recorded decision.
/// </summary>
public interface IHoldRegister
{
    /// <summary>
    /// Places a hold (unless the subject already has an active one) and raises <see cref="HoldPlaced"/>; never saves. The
    /// reason is kept coded (<see cref="Message.Store"/>) and shown in the reader's language.
    /// </summary>
    Task<Guid?> PlaceAsync(GqDbContext db, HoldCandidate subject, HoldOrigin origin, Message reason, string? alertNumber, string[] parties, CancellationToken ct);

    /// <summary>The active holds of this node on a subject (any office, any alert), as the caller's unsaved changes leave them.</summary>
    Task<IReadOnlyList<ActiveHold>> ActiveAsync(GqDbContext db, HoldSubjectKind kind, string key, CancellationToken ct);
}

/// <summary>An active hold on a subject: the step it blocks names it (id, reason, alert).</summary>
public sealed record ActiveHold(Guid Id, string Office, string Reason, string? AlertNumber);
