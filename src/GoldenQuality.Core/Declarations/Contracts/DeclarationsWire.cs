namespace GoldenQuality.Declarations.Contracts;

/// <summary>
/// The messages the Declarations module exchanges between AQSIQ nodes when a declaration is routed to an office another
/// node hosts (decision 0014; docs/clearance.md, "Routing across nodes").
/// </summary>
public static class DeclarationsWire
{
    /// <summary>The submitting node forwards a declaration to the node hosting the office it was routed to (<see cref="DeclarationForwarded"/>).</summary>
    public const string ForwardedType = "declarations.declaration.forwarded";

    /// <summary>The receiving node tells the origin what became of a forwarded declaration (<see cref="DeclarationStatusChanged"/>).</summary>
    public const string StatusChangedType = "declarations.declaration.status-changed";

    /// <summary>The status the receiving node reports when it could not take the declaration at all (its validation or routing refused it).</summary>
    public const string Refused = "refused";
}

/// <summary>
/// A declaration as submitted on the origin node, forwarded to the node that hosts the office it was routed to:
/// the whole declared data (declarant, documents, lines), the routing and its reason, who submitted it, and its id and
/// number at the origin. <see cref="ForwardId"/> keys it at the receiver: received twice, it creates one declaration.
/// </summary>
public sealed record DeclarationForwarded(
    Guid ForwardId, string OriginNode, Guid OriginId, string OriginNumber, string Office, string RoutingReason, string SubmittedBy, DateTimeOffset SubmittedAt,
    DeclarationRequest Declaration);

/// <summary>
/// What became of a forwarded declaration at the node that hosts its office (keyed by the forwarding's id): its number there (null when refused),
/// the status (a declaration status, or <c>refused</c>), the permit number once issued, and the detail (reasons,
/// risk decision).
/// </summary>
public sealed record DeclarationStatusChanged(
    Guid ForwardId, string OriginNumber, string? Number, string Status, string? PermitNumber, string? Detail, DateTimeOffset At);
