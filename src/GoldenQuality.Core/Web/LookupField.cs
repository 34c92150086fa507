using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace GoldenQuality.Web;

/// <summary>
/// The attributes that make a form's text input a code look-up (an ARIA combobox filled by <c>wwwroot/lookup.js</c>
/// from <c>GET /api/lookup/{list}</c>); <c>LookupOptions</c> renders its listbox and status line.
/// </summary>
internal static class LookupField
{
    private static readonly string[] Words = ["none", "count", "chosen", "failed", "chapter", "heading", "subheading", "national", "illustrative", "seaport", "airport", "land-port"];

    /// <param name="id">The input's id.</param>
    /// <param name="list">The look-up's list: hs, tariff, country, currency, unit, transport, port or lab-parameter.</param>
    /// <param name="productInput">For lab parameters: the id of the input holding the product's HS code.</param>
    /// <param name="text">The interface text, for the look-up's words in its language.</param>
    public static Dictionary<string, object> Attributes(string id, string list, IStringLocalizer<Text> text, string? productInput = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["role"] = "combobox",
            ["aria-autocomplete"] = "list",
            ["aria-expanded"] = "false",
            ["aria-controls"] = id + "-options",
            ["autocomplete"] = "off",
            ["data-lookup"] = list,
            ["data-lookup-status"] = id + "-status",
            ["data-lookup-words"] = JsonSerializer.Serialize(Words.ToDictionary(w => w, w => text["Lookup-" + w].Value)),
        };
        if (productInput is not null)
        {
            attributes["data-lookup-product"] = productInput;
        }

        return attributes;
    }
}
