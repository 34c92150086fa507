using System.Globalization;

namespace GoldenQuality.Web;

/// <summary>Formatting helpers for the pages: numbers and times in the current UI culture, codes as they are.</summary>
internal static class Ui
{
    public static bool Chinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);

    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.CurrentCulture) : "—";

    public static string Number(double value) => value.ToString("0.####", CultureInfo.CurrentCulture);

    public static string Number(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>SVG coordinates are data, not locale text.</summary>
    public static string Svg(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
