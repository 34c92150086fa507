using Microsoft.Extensions.Localization;

namespace GoldenQuality.Web;

/// <summary>The crisis pages' reasons in the interface language where known (<c>CrisisReason-…</c>, then the shared <c>Reason-…</c>), else as the API gives them.</summary>
internal static class CrisisText
{
    public static string[] Reasons(IStringLocalizer t, IEnumerable<string> reasons) =>
        [.. reasons.Select(r => t["CrisisReason-" + r] is { ResourceNotFound: false } text ? text.Value : LpcoForms.Reason(t, r))];
}
