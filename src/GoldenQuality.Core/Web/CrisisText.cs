using Microsoft.Extensions.Localization;

namespace GoldenQuality.Web;

/// <summary>The crisis pages' field reasons: the API gives them coded, in the interface language; the few shared <c>Reason-…</c> wordings still apply.</summary>
internal static class CrisisText
{
    public static string[] Reasons(IStringLocalizer t, IEnumerable<string> reasons) => [.. reasons.Select(r => LpcoForms.Reason(t, r))];
}
