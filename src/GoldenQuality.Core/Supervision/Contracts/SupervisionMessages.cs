namespace GoldenQuality.Supervision.Contracts;

/// <summary>The exchange message types E-Supervision sends.</summary>
public static class SupervisionMessages
{
    /// <summary>A measurement broke its limit and the lot was held; sent to the supervising CIQ office's node (<see cref="NonconformityRaised"/>).</summary>
    public const string NonconformityRaised = "supervision.nonconformity.raised";
}

/// <summary>
/// The payload of <c>supervision.nonconformity.raised</c>: a measurement broke its specification limit and the lot
/// was held. <c>limitKind</c> is <c>max</c>, <c>min</c>, <c>range</c> or <c>not-detected</c>; <c>limit</c> reads as
/// text (e.g. <c>max 0.2 mg/kg</c>).
/// </summary>
public sealed record NonconformityRaised(
    Guid EventId,
    DateTimeOffset RaisedAt,
    Guid LotId,
    string LotNumber,
    string EnterpriseUscc,
    string Office,
    string Parameter,
    double Value,
    string Unit,
    string Limit,
    string LimitKind,
    string Standard,
    string Clause,
    Guid RequirementId,
    DateTimeOffset MeasuredAt,
    int NonconformingValues,
    bool HoldPlaced,
    string Detail);

/// <summary>A nonconformity received over the exchange by an office this node hosts.</summary>
public sealed record ReceivedEventView(Guid Envelope, string Sender, string Recipients, string Agreement, DateTimeOffset ReceivedAt, string Receipt, NonconformityRaised Event);

