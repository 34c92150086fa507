using GoldenQuality.Common;

namespace GoldenQuality.Certificates.Contracts;

/// <summary>One goods line of a permit.</summary>
public sealed record PermitLine(int Sequence, string HsCode, string Description, decimal Quantity, string Unit);

/// <summary>What the issuing module states; the service adds number, revision, issuer node, verification code and dates.</summary>
public sealed record PermitDocumentDraft(
    string DeclarationNumber, DeclarationKind DeclarationKind, string IssuerOffice, string Port, string PortOffice, string TraderUscc, string TraderName,
    string? ManufacturerUscc, string Country, PermitLine[] Lines, string? BasedOn);

/// <summary>A permit as issued: its number, the offices its electronic copy was queued for, and those it could not be (with why).</summary>
public sealed record IssuedPermit(string Number, string[] SentTo, string[] NotSent);

/// <summary>An inspection permit and, for an import, the customs clearance permit based on it.</summary>
public sealed record IssuedPermits(IssuedPermit Inspection, IssuedPermit? Clearance);

/// <summary>
/// Issues the permits of a declaration that passed inspection, in the caller's unit of work (the permit, its copies
/// in the outbox and the <see cref="PermitIssued"/> events are saved by the caller's one <c>SaveChangesAsync</c>).
/// </summary>
public interface IPermitIssuer
{
    /// <summary>True when this node can sign permits (the exchange is configured and a directory is in force).</summary>
    bool CanSign { get; }

    /// <summary>
    /// Issues the inspection permit with copies for <paramref name="copiesFor"/>; with <paramref name="withClearance"/>,
    /// also the customs clearance permit based on it, issued by the port office with its copy for the port's Customs district.
    /// </summary>
    IssuedPermits IssueInspection(PermitDocumentDraft draft, IReadOnlyCollection<string> copiesFor, bool withClearance);
}
