using System.Text.RegularExpressions;

namespace GoldenQuality.Web;

/// <summary>Maps the API's field names (<c>lines[0].quantity</c>) to HTML ids (<c>lines-0-quantity</c>) so each message sits next to its field.</summary>
internal static partial class WebForms
{
    public static string Id(string field) => NonId().Replace(field, "-").Trim('-');

    public static Dictionary<string, string[]> Errors(IDictionary<string, string[]> api) =>
        api.ToDictionary(e => Id(e.Key), e => e.Value, StringComparer.Ordinal);

    public static string? Invalid(Dictionary<string, string[]> errors, string id) => errors.ContainsKey(id) ? "true" : null;

    public static string? Described(Dictionary<string, string[]> errors, string id) => errors.ContainsKey(id) ? id + "-error" : null;

    public static string[]? Of(Dictionary<string, string[]> errors, string id) => errors.GetValueOrDefault(id);

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex NonId();
}
