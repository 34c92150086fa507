using System.Text.Json;

namespace GoldenQuality.Common;

/// <summary>
/// Enum values travel as kebab-case names (<c>ciq-port-office</c>), in JSON, in data files and in history.
/// </summary>
public static class WireNames
{
    /// <summary>The wire name of one enum value.</summary>
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>The wire names of every defined value, for error messages.</summary>
    public static IEnumerable<string> All<TEnum>()
        where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(Of);

    /// <summary>Parses a wire name; false when it names no value.</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Of(candidate), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Parses a wire name that was checked before (a stored or signed value); an unknown name is a bug.</summary>
    public static TEnum Parse<TEnum>(string text)
        where TEnum : struct, Enum =>
        TryParse<TEnum>(text, out var value) ? value : throw new FormatException($"'{text}' is not a {typeof(TEnum).Name}");

    /// <summary>The names of the set flags of a [Flags] enum, skipping zero.</summary>
    public static string[] Flags<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>()
            .Where(flag => Convert.ToInt64(flag, System.Globalization.CultureInfo.InvariantCulture) != 0 && value.HasFlag(flag))
            .Select(Of)
            .ToArray();
}
