namespace GoldenQuality.Accountability.Contracts;

/// <summary>
/// The payload of <c>accountability.step.escalated</c>: an agreement step is overdue on a live case. The node that opened
/// the case sends it once to the accountable party's node and to the node hosting the coordinating body.
/// </summary>
/// <param name="CaseEnvelope">The envelope that opened the case (the message sent, or the dataset query asked).</param>
/// <param name="CaseRecipient">The node the case's envelope went to.</param>
/// <param name="CorrelationId">The case's correlation id.</param>
/// <param name="Agreement">The agreement the case runs under.</param>
/// <param name="MessageType">The case's message type (<c>dataset.NAME</c> for a query).</param>
/// <param name="StepIndex">The step's position in the agreement, from 0.</param>
/// <param name="Step">The step's name, as the agreement names it (<c>deliver</c>, <c>verify and decide</c>, …).</param>
/// <param name="Accountable">The member accountable for the step (<c>GQ/GOV/CUSTOMS</c>).</param>
/// <param name="OwedTo">The member that opened the case and waits for the step.</param>
/// <param name="OpenedAt">When the case opened (the envelope was created).</param>
/// <param name="DueAt">The step's deadline.</param>
/// <param name="EscalatedAt">When the step was escalated.</param>
public sealed record StepEscalation(
    Guid CaseEnvelope, string CaseRecipient, Guid CorrelationId, string Agreement, string MessageType, int StepIndex, string Step,
    string Accountable, string OwedTo, DateTimeOffset OpenedAt, DateTimeOffset DueAt, DateTimeOffset EscalatedAt);

/// <summary>
/// The payload of <c>accountability.reciprocity.reported</c>: one node's summary over a window, sent to the node hosting
/// the coordinating body. The envelope's signature makes it the reporting node's statement; a report whose
/// <see cref="Node"/> is not the signing node is refused.
/// </summary>
public sealed record ReciprocityReport(
    string Node, string Member, DateTimeOffset From, DateTimeOffset To, DateTimeOffset GeneratedAt, ReciprocityPartner[] Partners, OnTimeRate[] OnTime);

/// <summary>
/// What the reporting node's agency gave one partner agency and received from it in the window, and how fast. Times are
/// seconds: the delivery of what the reporting node sent (receipt − created) and the partner's answers to the queries the
/// reporting node asked of it (answer − asked); null when there was nothing to time.
/// </summary>
public sealed record ReciprocityPartner(
    string Partner, int Given, int Received, int QueriesAnswered, int QueriesAsked,
    double? DeliveryMedianSeconds, double? DeliveryP90Seconds, double? PartnerAnswerMedianSeconds, double? PartnerAnswerP90Seconds);

/// <summary>One accountable party's steps whose deadline fell in a window: done by the deadline, done late, overdue (not done).</summary>
public sealed record OnTimeRate(string Party, int OnTime, int Late, int Overdue)
{
    /// <summary>Steps done by their deadline over steps done or overdue; null when there were none.</summary>
    public double? Rate => OnTime + Late + Overdue == 0 ? null : (double)OnTime / (OnTime + Late + Overdue);
}
