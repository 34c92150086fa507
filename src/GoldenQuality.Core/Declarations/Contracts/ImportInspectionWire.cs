namespace GoldenQuality.Declarations.Contracts;

/// <summary>
/// The import-inspection result of an import drawn on a waste import licence (issue 17), published by Declarations
/// when the inspecting office records the inspection result (or the document-check release that stands for one), to
/// every party an agreement names as a consumer of <see cref="ImportInspectionWire.CompletedType"/> (the MEP, once the
/// coordinator approved its information need). One message per declaration and licence.
/// </summary>
/// <param name="DeclarationNumber">The declaration's number on the sending node.</param>
/// <param name="LicenceNumber">The waste import licence the declaration cited (issuer MEP).</param>
/// <param name="ImporterUscc">The consignee (the licence's holder).</param>
/// <param name="HsCode">The HS code of the first goods line the licence covers.</param>
/// <param name="GoodsDescription">The descriptions of the goods lines the licence covers, joined by "; ".</param>
/// <param name="Quantity">The quantity of those lines, in <paramref name="Unit"/> (the licence's unit when the check converted it).</param>
/// <param name="Unit">UN/ECE Rec 20 unit.</param>
/// <param name="PortOfEntry">UN/LOCODE of the port of entry.</param>
/// <param name="Conforming">True when every covered line passed.</param>
/// <param name="Decision"><c>passed</c> or <c>failed</c> (the declaration's status after the result).</param>
/// <param name="Reasons">Why: the failed lines with their findings and lab results, or that every line passed, or the document-check release.</param>
/// <param name="InspectedAt">When the result was recorded.</param>
public sealed record ImportInspectionCompleted(
    string DeclarationNumber, string LicenceNumber, string ImporterUscc, string HsCode, string GoodsDescription, decimal Quantity, string Unit, string PortOfEntry,
    bool Conforming, string Decision, string Reasons, DateTimeOffset InspectedAt);

/// <summary>The message type and the bounds of <see cref="ImportInspectionCompleted"/> (the receiver checks the same bounds).</summary>
public static class ImportInspectionWire
{
    /// <summary>Owned by <c>SendingModule.Declarations</c> (<c>MessageOwnership</c>).</summary>
    public const string CompletedType = "declarations.import-inspection.completed";

    public const int MaxDescription = 512;

    public const int MaxReasons = 2000;
}
