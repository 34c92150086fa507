namespace GoldenQuality.Accountability.Contracts;

/// <summary>
/// The payload of <c>accountability.feedback.reported</c>: what a consumer did with a record a provider gave it. Every
/// field is bounded (<see cref="FeedbackLimits"/>); the provider refuses a payload outside them.
/// </summary>
/// <param name="DataKind">What kind of record (<c>credit-record</c>, <c>quarantine-permit</c>, …), kebab-case.</param>
/// <param name="RecordKey">The record's key (USCC, permit, licence or declaration number).</param>
/// <param name="CaseRef">The case it was used in (a declaration number, a licence number).</param>
/// <param name="Outcome">What came of it, kebab-case (<c>inspection-ordered</c>, <c>hold</c>, <c>accepted</c>, …).</param>
/// <param name="Agreement">The agreement the record was received under, when known.</param>
/// <param name="Detail">A sentence for the provider, when there is one.</param>
/// <param name="UsedBy">The office that used the record.</param>
/// <param name="UsedAt">When the decision was taken (UTC).</param>
public sealed record FeedbackReported(string DataKind, string RecordKey, string CaseRef, string Outcome, string? Agreement, string? Detail, string UsedBy, DateTimeOffset UsedAt);

/// <summary>The bounds of a feedback's fields.</summary>
public static class FeedbackLimits
{
    public const int Kind = 64;
    public const int Key = 128;
    public const int Case = 128;
    public const int Outcome = 64;
    public const int Agreement = 64;
    public const int Detail = 1000;
    public const int Office = 64;

    /// <summary>True for a non-empty kebab-case word of at most <paramref name="max"/> characters (<c>a-z</c>, <c>0-9</c>, <c>-</c>).</summary>
    public static bool IsKebab(string? value, int max) =>
        value is { Length: > 0 } v && v.Length <= max && v[0] is >= 'a' and <= 'z' && v.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    /// <summary>Why the payload is refused, or null when it is well formed.</summary>
    public static string? Problem(FeedbackReported? f)
    {
        if (f is null)
        {
            return "carries no feedback";
        }

        return !IsKebab(f.DataKind, Kind) ? $"dataKind must be kebab-case, 1-{Kind} characters"
            : string.IsNullOrWhiteSpace(f.RecordKey) || f.RecordKey.Length > Key ? $"recordKey is required, at most {Key} characters"
            : string.IsNullOrWhiteSpace(f.CaseRef) || f.CaseRef.Length > Case ? $"caseRef is required, at most {Case} characters"
            : !IsKebab(f.Outcome, Outcome) ? $"outcome must be kebab-case, 1-{Outcome} characters"
            : (f.Agreement?.Length ?? 0) > Agreement ? $"agreement must be at most {Agreement} characters"
            : (f.Detail?.Length ?? 0) > Detail ? $"detail must be at most {Detail} characters"
            : string.IsNullOrWhiteSpace(f.UsedBy) || f.UsedBy.Length > Office ? $"usedBy is required, at most {Office} characters"
            : f.UsedAt == default ? "usedAt is required"
            : null;
    }
}
