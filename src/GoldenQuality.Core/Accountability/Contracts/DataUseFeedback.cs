using GoldenQuality.Persistence;

namespace GoldenQuality.Accountability.Contracts;

/// <summary>
/// What a consumer did with a record it received from another agency: which record, in which case, and what came of it.
/// </summary>
/// <param name="Provider">The party that provided the record: its node or office (e.g. <c>GQ/GOV/PBC/gateway</c>).</param>
/// <param name="Agreement">The agreement the record was received under, when known.</param>
/// <param name="DataKind">What kind of record: <c>credit-record</c>, <c>quarantine-permit</c>, <c>waste-import-licence</c>, <c>spot-check</c>, <c>import-inspection-result</c>, …</param>
/// <param name="RecordKey">The record's key (USCC, permit or licence number, spot-check number, declaration number).</param>
/// <param name="CaseRef">The case it was used in (a declaration number, a licence number).</param>
/// <param name="Outcome">What came of it, kebab-case: <c>inspection-ordered</c>, <c>hold</c>, <c>accepted</c>, <c>refused</c>, <c>risk-raised</c>, <c>licence-suspended</c>, …</param>
/// <param name="Detail">A sentence for the provider, when there is one.</param>
/// <param name="CorrelationId">The exchange correlation of the case, when the record came in an envelope of it.</param>
public sealed record DataUse(
    string Provider, string? Agreement, string DataKind, string RecordKey, string CaseRef, string Outcome, string? Detail = null, Guid? CorrelationId = null);

/// <summary>
/// Feedback on every use: the consumer's module reports each use of a received record in the unit of work of the
/// decision it made (<c>accountability.feedback.reported</c> leaves when the caller saves, in the same transaction).
/// </summary>
public interface IDataUseFeedback
{
    /// <summary>Adds the feedback to <paramref name="db"/>'s unit of work, sent on behalf of <paramref name="usedByOffice"/> (an office hosted on this node).</summary>
    void Report(GqDbContext db, string usedByOffice, DataUse use);
}
