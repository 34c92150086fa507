using System.Globalization;
using Microsoft.Extensions.Localization;

namespace GoldenQuality.Web;

/// <summary>
/// The LPCO pages' form helpers: numbers and dates read as typed (invariant), ports split, and the API's field errors
/// placed next to their field with the reason in the interface language where it knows the reason (<c>Reason-…</c>).
/// </summary>
internal static class LpcoForms
{
    /// <summary>A decimal as typed (<c>1200.5</c>), null when empty; a field error when it is not a number.</summary>
    public static decimal? Dec(IStringLocalizer t, Dictionary<string, string[]> errors, string id, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors[id] = [t["NotANumber"]];
        return null;
    }

    /// <summary>A date as a date field sends it (<c>yyyy-MM-dd</c>), null when empty; a field error otherwise.</summary>
    public static DateOnly? Day(IStringLocalizer t, Dictionary<string, string[]> errors, string id, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors[id] = [t["NotADate"]];
        return null;
    }

    /// <summary>Ports of entry as typed: UN/LOCODEs separated by commas, semicolons or spaces; null when empty.</summary>
    public static string[]? Ports(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Split([',', ';', ' ', '，', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// The API's field errors by form field id: one port's error (<c>portsOfEntry[1]</c>) belongs to the ports field;
    /// each reason in the interface language where it is known, else as the API gives it.
    /// </summary>
    public static Dictionary<string, string[]> Errors(IStringLocalizer t, IDictionary<string, string[]> api)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (field, reasons) in api)
        {
            var bracket = field.IndexOf('[', StringComparison.Ordinal);
            var id = WebForms.Id(bracket > 0 ? field[..bracket] : field);
            errors[id] = [.. (errors.GetValueOrDefault(id) ?? []).Concat(reasons.Select(r => Reason(t, r)))];
        }

        return errors;
    }

    /// <summary>The rule's reason in the interface language where it is known, else as the API gives it.</summary>
    public static string Reason(IStringLocalizer t, string reason) =>
        t["Reason-" + reason] is { ResourceNotFound: false } text ? text.Value : reason;
}
