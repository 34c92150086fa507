using GoldenQuality.Persistence;

namespace GoldenQuality.Certificates.Contracts;

/// <summary>A permit was issued and signed by an office of this node; its copies were queued to <paramref name="SentTo"/>.</summary>
public sealed record PermitIssued(string PermitNumber, PermitKind Kind, string DeclarationNumber, string IssuerOffice, string? BasedOn, IReadOnlyList<string> SentTo,
    IReadOnlyList<string> NotSent) : IDomainEvent;

/// <summary>An office of this node received the electronic copy of a permit (first revision it holds).</summary>
public sealed record PermitCopyReceived(string PermitNumber, string DeclarationNumber, string Holder, string Sender) : IDomainEvent;

/// <summary>
/// The port office matched the paper of an inspection permit, drew the shipment's quantities from its copy and
/// issued the customs clearance permit for Customs.
/// </summary>
public sealed record ShipmentReleased(
    string PermitNumber, string DeclarationNumber, string Office, string Actor, string Drawn, string ClearancePermitNumber, IReadOnlyList<string> ClearanceSentTo) : IDomainEvent;

/// <summary>The issuing office signed a new revision of a permit (quantities or validity).</summary>
public sealed record PermitAmended(string PermitNumber, string DeclarationNumber, int Revision, string Actor, string Reason) : IDomainEvent;

/// <summary>The issuing office revoked a permit (the clearance permits issued on it go with it).</summary>
public sealed record PermitRevoked(string PermitNumber, string DeclarationNumber, string Actor, string Reason) : IDomainEvent;
