using GoldenQuality.Persistence;

namespace GoldenQuality.Clearance.Contracts;

public enum CustomsDecisionKind
{
    Cleared,
    Held,
    Refused,
}

/// <summary>What the Customs decision rested on: the electronic copy of the clearance permit, or the paper alone.</summary>
public enum ClearanceBasis
{
    Electronic,
    Paper,
}

/// <summary>A goods line of the customs declaration.</summary>
public sealed record CustomsLine(int? Sequence, string? HsCode, decimal? Quantity, string? Unit);

/// <summary>
/// The reason codes Customs records (after the UK's trade-imports decision codes, ANCHORS.md): C02 release,
/// H01/H02 hold, N01–N07 refuse.
/// </summary>
public static class ReasonCodes
{
    public static readonly IReadOnlyDictionary<string, (CustomsDecisionKind Kind, string Meaning)> All = new Dictionary<string, (CustomsDecisionKind, string)>(StringComparer.Ordinal)
    {
        ["C02"] = (CustomsDecisionKind.Cleared, "no inspection required: release"),
        ["H01"] = (CustomsDecisionKind.Held, "held awaiting a decision by the inspection authority"),
        ["H02"] = (CustomsDecisionKind.Held, "held for documentary or physical checks"),
        ["N01"] = (CustomsDecisionKind.Refused, "not acceptable: permit missing or invalid"),
        ["N02"] = (CustomsDecisionKind.Refused, "destroy"),
        ["N03"] = (CustomsDecisionKind.Refused, "transform"),
        ["N04"] = (CustomsDecisionKind.Refused, "re-export"),
        ["N05"] = (CustomsDecisionKind.Refused, "use for other purposes"),
        ["N06"] = (CustomsDecisionKind.Refused, "refused: commodity does not match the permit"),
        ["N07"] = (CustomsDecisionKind.Refused, "refused: quantity exceeds the permit"),
    };

    /// <summary>A reason code's meaning in the reader's language (message <c>customs.reason.{code}</c>).</summary>
    public static Common.Message Meaning(string code) => Common.Message.Term("customs.reason.", code.ToLowerInvariant());
}

/// <summary>The message Customs sends back to the permit's issuing office.</summary>
public sealed record CustomsDecisionMessage(
    string CustomsDeclarationNumber, string PermitNumber, string DeclarationNumber, CustomsDecisionKind Decision, string ReasonCode, string? Note,
    ClearanceBasis Basis, int Lines, DateTimeOffset DecidedAt, string CustomsOffice);

/// <summary>
/// On the inspection side: Customs recorded a decision on a customs clearance permit this node issued (the
/// message came back over the exchange and was checked). Raised inside the save that applies the message.
/// </summary>
public sealed record CustomsDecisionRecorded(
    string DeclarationNumber, string PermitNumber, string CustomsDeclarationNumber, CustomsDecisionKind Decision, string ReasonCode, string? Note,
    ClearanceBasis Basis, DateTimeOffset DecidedAt, string CustomsOffice, string Sender) : IDomainEvent;
