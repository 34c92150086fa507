namespace GoldenQuality.Ministries.Contracts;

/// <summary>
/// An importer's application for an LPCO on the issuer's node (<c>kind</c>: <c>quarantine-permit</c> on the MOA
/// node, <c>waste-import-licence</c> on the MEP node). The holder is the applicant's own enterprise.
/// </summary>
public sealed record LpcoApplication(
    string? Kind, string? HolderUscc, string? HsCode, string? ProductDescription, string? OriginCountry, decimal? Quantity, string? Unit,
    string[]? PortsOfEntry, DateOnly? ValidFrom, DateOnly? ValidTo);

/// <summary>
/// An LPCO issued outside this system (the ministry's legacy register), registered directly by an officer or the
/// ministry's system account. <c>Number</c> is kept when given (else assigned); <c>Remaining</c> defaults to the
/// quantity; <c>Status</c> is issued (default), suspended, revoked or expired.
/// </summary>
public sealed record LpcoRegistration(
    string? Number, string? Kind, string? HolderUscc, string? HsCode, string? ProductDescription, string? OriginCountry, decimal? Quantity, string? Unit,
    string[]? PortsOfEntry, DateOnly? ValidFrom, DateOnly? ValidTo, decimal? Remaining, string? Status, string? Reason);

/// <summary>A step of the lifecycle with its reason (required to refuse, suspend and revoke) and, optionally, the version read.</summary>
public sealed record LpcoStep(string? Reason, long? Version);

/// <summary>An amendment: any of quantity, validity and ports (the rest stays); the remaining quantity follows and never falls below what was drawn.</summary>
public sealed record LpcoAmendment(decimal? Quantity, DateOnly? ValidFrom, DateOnly? ValidTo, string[]? PortsOfEntry, string? Reason, long? Version);

/// <summary>One row of the register list. <c>Status</c> is the effective one (an issued LPCO past its validity reads <c>expired</c>).</summary>
public sealed record LpcoSummary(
    Guid Id, string? Number, string Kind, string Status, string HolderUscc, string HsCode, string? ProductDescription, decimal QuantityIssued, decimal Remaining, string Unit,
    DateOnly ValidFrom, DateOnly ValidTo, DateTimeOffset UpdatedAt);

/// <summary>One step of an LPCO's history.</summary>
public sealed record LpcoHistoryEntry(DateTimeOffset At, string By, string OnBehalfOf, string Action, string? FromStatus, string? ToStatus, string? Reason);

/// <summary>A quantity drawn by a release (declaration number, from which node).</summary>
public sealed record LpcoDrawView(string DeclarationNumber, decimal Quantity, string Unit, string FromNode, DateTimeOffset ReleasedAt, DateTimeOffset RecordedAt);

/// <summary>A node that holds a copy of the LPCO (checked it or drew from it); status changes are sent to it.</summary>
public sealed record LpcoCopyHolderView(string Node, DateTimeOffset FirstAt, DateTimeOffset LastAt);

/// <summary>A document attached to an application (without its content, which <see cref="GetLpcoAttachment"/> serves by its SHA-256).</summary>
public sealed record LpcoAttachmentView(string Name, string Kind, string ContentType, long Length, string Sha256, DateTimeOffset AttachedAt, string AttachedBy, string OnBehalfOf);

/// <summary>An attachment's content as the issuer's node serves it: the sanitised name and the type its bytes were checked to be.</summary>
public sealed record LpcoAttachmentContent(string Name, string ContentType, byte[] Content);

/// <summary>
/// An LPCO with its history, draw-downs, the nodes holding a copy, the import-inspection results received for it
/// (newest first) and the documents attached to the application (in the order attached).
/// </summary>
public sealed record LpcoView(
    Guid Id, string? Number, string Kind, string Issuer, string Status, string HolderUscc, string? HolderName, string HsCode, string? ProductDescription,
    string? OriginCountry, decimal QuantityIssued, decimal QuantityDrawn, decimal Remaining, string Unit, string[] PortsOfEntry, DateOnly ValidFrom, DateOnly ValidTo,
    long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? IssuedAt,
    LpcoHistoryEntry[] History, LpcoDrawView[] Draws, LpcoCopyHolderView[] CopyHolders, InspectionResultView[] InspectionResults, LpcoAttachmentView[] Attachments);

/// <summary>What a register file load did: rows read, LPCOs added, rows whose number was already registered (left as they are).</summary>
public sealed record LpcoLoadSummary(int Rows, int Added, int Unchanged);

/// <summary>What an expiry sweep did: the LPCOs marked expired, by number.</summary>
public sealed record LpcoExpirySummary(string[] Expired);

/// <summary>
/// The issuer's register file (a legacy export or the demo register): CSV with the columns
/// <c>number, kind, holder_uscc, hs_code, product, origin_country, quantity, unit, remaining, ports_of_entry, valid_from, valid_to, status</c>
/// (ports separated by ';', dates yyyy-MM-dd, status issued/suspended/revoked/expired).
/// </summary>
public interface ILpcoRegisterFile
{
    /// <summary>
    /// Loads the file all-or-nothing, as <paramref name="actor"/> (an officer or the system account of the issuing
    /// ministry), through the checks of <see cref="RegisterLpco"/>: a bad row fails the whole file with a
    /// <see cref="Common.DataFileException"/> (file:line: reason) and nothing is written. Idempotent by number: a
    /// number already registered is left as it is.
    /// </summary>
    Task<LpcoLoadSummary> LoadAsync(string file, Identity.Contracts.Actor actor, CancellationToken ct);
}
