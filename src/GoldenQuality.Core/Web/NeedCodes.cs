using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace GoldenQuality.Web;

/// <summary>
/// The information-need pages' code lists (as the API spells them, docs/accountability.md), agency names in the
/// interface language, and the API's field errors placed next to their form fields.
/// </summary>
internal static partial class NeedCodes
{
    public static readonly string[] States = ["filed", "commented", "approved", "refused", "withdrawn"];

    public static readonly string[] Frequencies = ["per-event", "daily", "weekly", "monthly", "on-request"];

    public static readonly string[] Sensitivities = ["public", "internal", "confidential"];

    /// <summary>How many step rows the approval form offers.</summary>
    public const int StepRows = 4;

    /// <summary>A member (<c>GQ/GOV/MEP</c>) by its name in the interface language (<c>NeedAgency-MEP</c>), else its id.</summary>
    public static string Agency(IStringLocalizer t, string member) =>
        t["NeedAgency-" + member.Split('/')[^1]] is { ResourceNotFound: false } name ? name.Value : member;

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Codes typed in one field, separated by commas, semicolons, spaces or new lines; null when none.</summary>
    public static string[]? List(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Split([',', ';', ' ', '\n', '\r', '，', '；', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>An ISO 8601 duration in words of the interface language (<c>P2D</c>: "2 days"), or null when it is not one.</summary>
    public static string? Duration(IStringLocalizer t, string iso)
    {
        TimeSpan span;
        try
        {
            span = System.Xml.XmlConvert.ToTimeSpan(iso);
        }
        catch (FormatException)
        {
            return null;
        }

        var (count, unit) = span.TotalDays >= 1 && span.Ticks % TimeSpan.TicksPerDay == 0 ? ((long)span.TotalDays, "NeedDays")
            : span.Ticks % TimeSpan.TicksPerHour == 0 ? ((long)span.TotalHours, "NeedHours")
            : ((long)span.TotalMinutes, "NeedMinutes");
        return string.Format(CultureInfo.CurrentCulture, t[unit], count);
    }

    /// <summary>
    /// The API's field errors by form field id: an item's error (<c>consumers[1]</c>) belongs to its list's field, a
    /// step's (<c>agreement.steps[0].responseDeadline</c>) to that cell (<c>agreement-steps-0-responseDeadline</c>);
    /// each reason in the interface language where it is known.
    /// </summary>
    public static Dictionary<string, string[]> Errors(IStringLocalizer t, IDictionary<string, string[]> api)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (field, reasons) in api)
        {
            var id = WebForms.Id(ItemIndex().Replace(field, ""));
            errors[id] = [.. (errors.GetValueOrDefault(id) ?? []).Concat(reasons.Select(r => LpcoForms.Reason(t, r)))];
        }

        return errors;
    }

    [GeneratedRegex(@"\[[0-9]+\]$", RegexOptions.CultureInvariant)]
    private static partial Regex ItemIndex();
}
