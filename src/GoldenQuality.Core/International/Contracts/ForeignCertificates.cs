using GoldenQuality.Persistence;

namespace GoldenQuality.International.Contracts;

/// <summary>A goods line of an import as the certificate check needs it.</summary>
/// <remarks><c>Index</c>: the line's index in the declaration's <c>lines</c>, so that a mismatch names the declaration's field.</remarks>
public sealed record ConsignmentLine(int Index, int Sequence, string HsCode, string Description, decimal Quantity, string Unit, decimal? NetWeightKg, string? PlaceOfOrigin);

/// <summary>
/// An import as declared, for the check of the foreign SPS certificate it cites. Declarations maps its declaration to it;
/// International never reads the declaration itself. <c>CertificateDocument</c>: the index of the cited certificate in
/// the declaration's <c>documents</c>.
/// </summary>
public sealed record ImportConsignment(
    string DeclarationNumber, int CertificateDocument, string CertificateNumber, string? CertificateIssuer, string? ConsignorName, string? ConsigneeUscc,
    string Country, string TransportMode, string? TransportMeans, string? PortOfEntry, ConsignmentLine[] Lines);

/// <summary>
/// One field where the certificate and the declaration (or the import conditions) disagree. <c>Field</c>: the declaration's
/// field (<c>lines[0].quantity</c>, <c>consignorName</c>); <c>CertificateField</c>: the certificate's (<c>items[0].netWeight</c>).
/// </summary>
public sealed record FieldMismatch(string Field, string CertificateField, string? CertificateValue, string? DeclaredValue, string Reason);

/// <summary>What the check found (wire names <c>matched</c>, <c>mismatched</c>, …).</summary>
public enum CertificateCheckOutcome
{
    /// <summary>Received through the hub, in force, and every field checked agrees.</summary>
    Matched,

    /// <summary>Received and in force, but at least one field disagrees (each listed).</summary>
    Mismatched,

    /// <summary>The issuing authority withdrew (cancelled) the certificate.</summary>
    Withdrawn,

    /// <summary>Nothing with that number has arrived through the hub.</summary>
    NotReceived,

    /// <summary>It arrived but could not be read as an SPS certificate.</summary>
    NotReadable,
}

/// <summary>
/// The check of the foreign certificate an import cites. <c>CertificateNumber</c>: the certificate checked (the
/// replacement when the cited one was replaced; <c>Replaced</c> then names the cited one). <c>ExporterRejections</c>:
/// border rejections recorded against the certificate's consignor in the look-back window. <c>Explanation</c> and each
/// mismatch's <c>Reason</c>: coded messages as kept (<see cref="Common.Message.Store"/>), read with
/// <see cref="Common.Message.FromStored"/> in the reader's language.
/// </summary>
public sealed record ForeignCertificateCheck(
    CertificateCheckOutcome Outcome, string CertificateNumber, string? Replaced, string? FromCountry, FieldMismatch[] Mismatches, int ExporterRejections, string Explanation);

/// <summary>
/// Foreign SPS certificates received through the hub, for the import risk decision. International owns this contract
/// and implements it; Declarations calls it (the arrow points towards International).
/// </summary>
public interface IForeignCertificates
{
    /// <summary>Checks the cited certificate against the import field by field and records the check (in the caller's save; never saves).</summary>
    Task<ForeignCertificateCheck> CheckAsync(GqDbContext db, ImportConsignment import, CancellationToken ct);
}

/// <summary>
/// An import that cited a foreign certificate was rejected at the border (its inspection failed). Raised by Declarations
/// in the save that records the failure; International sends the notice of non-compliance to the exporting country's
/// authority through the hub in the same save.
/// </summary>
public sealed record ForeignConsignmentRejected(
    string DeclarationNumber, string CertificateNumber, string Office, string Reasons, DateTimeOffset At) : IDomainEvent;
