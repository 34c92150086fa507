using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace GoldenQuality.Web;

/// <summary>Formatting helpers for the pages: numbers and times in the current UI culture, codes as they are.</summary>
internal static partial class Ui
{
    public static bool Chinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);

    /// <summary>A time in China Standard Time with the zone named, as the paper permit prints it.</summary>
    public static string Time(DateTimeOffset? at) =>
        at is { } t ? Common.ChinaTime.Of(t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + (Chinese ? " 北京时间" : " CST (UTC+8)") : "—";

    public static string Number(double value) => value.ToString("0.####", CultureInfo.CurrentCulture);

    public static string Number(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>A share (0–1) as a percentage with one decimal.</summary>
    public static string Percent(double share) => Number(Math.Round(share * 100, 1)) + " %";

    /// <summary>A day as yyyy-MM-dd (the date input's form, the same in both languages).</summary>
    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A duration for people, in the interface language: seconds below two minutes, then minutes, then hours.</summary>
    public static string Duration(double seconds) =>
        seconds < 120 ? Number(Math.Round(seconds, 1)) + (Chinese ? " 秒" : " s")
        : seconds < 7200 ? Number(Math.Round(seconds / 60, 1)) + (Chinese ? " 分钟" : " min")
        : Number(Math.Round(seconds / 3600, 1)) + (Chinese ? " 小时" : " h");

    /// <summary>A list's address (or its export's) with the list's filters, and the page when past the first.</summary>
    public static string ListUrl(string path, int? page, params (string Name, string? Value)[] filters) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path, filters.Append((Name: "page", Value: page is > 1 ? page.Value.ToString(CultureInfo.InvariantCulture) : null))
            .Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => KeyValuePair.Create(p.Name, p.Value)));

    /// <summary>
    /// The interface name of a code the API hands over (a timeline stage, a risk input): the resource
    /// <c>{prefix}{code}</c>, or the code itself when a newer node sends one this interface does not know yet.
    /// </summary>
    public static string Name(IStringLocalizer t, string prefix, string code) =>
        t[prefix + code] is { ResourceNotFound: false } text ? text.Value : code;

    /// <summary>The check result in a sentence of the interface language, naming the permit.</summary>
    public static string CheckDetail(IStringLocalizer t, string outcome, string? number) =>
        string.Format(CultureInfo.CurrentCulture, t["CheckDetail-" + outcome], number ?? "—");

    /// <summary>
    /// The name of a field a permit check found different (<c>port</c>, <c>paper.country</c>,
    /// <c>paper.lines[0].quantity</c>, <c>lines[1].hsCode</c>): "goods line 1 · quantity" in the interface language.
    /// </summary>
    public static string DifferenceName(IStringLocalizer t, string field)
    {
        if (LineField().Match(field) is { Success: true } m)
        {
            var line = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1;
            return string.Format(CultureInfo.CurrentCulture, t["GoodsLineN"], line) + " · " + Name(t, "Diff-", m.Groups[2].Value);
        }

        return Name(t, "Diff-", field);
    }

    [GeneratedRegex(@"^(?:paper\.)?lines\[([0-9]+)\]\.([A-Za-z]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex LineField();

    /// <summary>SVG coordinates are data, not locale text.</summary>
    public static string Svg(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
