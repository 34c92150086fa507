using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace GoldenQuality.Web.Pages;

/// <summary>
/// The fast-track queue's reading of a risk decision's reasons (<c>input=value (points)</c>), and the interface names of
/// the fields a certificate check compares, shared with the certificate page.
/// </summary>
public partial class ForeignFastTrack
{
    /// <summary>A declaration field of a mismatch (<c>consignorName</c>, <c>lines[0].quantity</c>, <c>documents[1].number</c>) in the interface language.</summary>
    internal static string DeclarationField(IStringLocalizer t, string field) =>
        IndexedField().Match(field) is { Success: true } m
            ? string.Format(CultureInfo.CurrentCulture, t[m.Groups[1].Value == "lines" ? "GoodsLineN" : "ForeignDocumentN"], int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) + 1)
              + " · " + Ui.Name(t, "ForeignDecl-", m.Groups[3].Value)
            : Ui.Name(t, "ForeignDecl-", field);

    /// <summary>A certificate field of a mismatch (<c>items[0].netWeight</c>, <c>consignorName</c>) in the interface language.</summary>
    internal static string CertificateField(IStringLocalizer t, string field) =>
        IndexedField().Match(field) is { Success: true, Groups: var g } && g[1].Value == "items"
            ? string.Format(CultureInfo.CurrentCulture, t["ForeignLineN"], int.Parse(g[2].Value, CultureInfo.InvariantCulture) + 1) + " · " + Ui.Name(t, "ForeignField-", g[3].Value)
            : Ui.Name(t, "ForeignField-", field);

    [GeneratedRegex(@"^([a-z]+)\[([0-9]+)\]\.([A-Za-z]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IndexedField();

    [GeneratedRegex(@"^([a-z-]+)=(.*) \(([+-]?[0-9]+)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex ReasonPattern();
}
