namespace GoldenQuality.Accountability.Contracts;

/// <summary>The provider's comment on an information need.</summary>
public sealed record NeedCommentWire(Guid Id, string Author, string Office, DateTimeOffset At, string Text);

/// <summary>The coordinating body's decision: approved (with the agreement, signed by the coordinator's node) or refused, with reasons.</summary>
public sealed record NeedDecisionWire(bool Approved, string By, DateTimeOffset At, string Reasons, string? AgreementId, string? AgreementJws);

/// <summary>
/// The whole information need as the sending node holds it after the change (docs/accountability.md, "Information-need
/// requests"). Every need message (<see cref="AccountabilityWire.NeedFiledType"/>, <see cref="AccountabilityWire.NeedCommentedType"/>,
/// <see cref="AccountabilityWire.NeedDecidedType"/>) carries it; a node applies a copy only when its <see cref="Version"/>
/// is newer than its own, so a duplicate or a late message changes nothing.
/// </summary>
public sealed record NeedWire(
    string Number,
    string State,
    string RequesterAgency,
    string RequesterOffice,
    string RequesterNode,
    string RequestedBy,
    string ProviderAgency,
    string Title,
    string Description,
    string[] MessageTypes,
    string[] Datasets,
    string Purpose,
    string Regulation,
    string Article,
    string[] Consumers,
    string[] Fields,
    string Frequency,
    DateOnly Deadline,
    DateTimeOffset FiledAt,
    NeedCommentWire[] Comments,
    NeedDecisionWire? Decision,
    long Version);
