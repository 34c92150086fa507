using GoldenQuality.Common;
using Microsoft.Extensions.Options;

namespace GoldenQuality.International;

/// <summary>One import condition: what a certificate for goods of an HS heading from a country must state (data/international/import-conditions.csv).</summary>
internal sealed record ImportCondition(int Line, string HsHeading, string ExportingCountry, string? TreatmentCode, string? TreatmentText, string? AdditionalDeclaration, string Basis);

/// <summary>
/// The import conditions by HS heading and exporting country (data/international/import-conditions.csv): illustrative
/// demo conditions, not an official protocol (the file's README says so).
/// </summary>
internal sealed class ImportConditions(IOptions<ReferenceDataOptions> node)
{
    private readonly Lazy<ImportCondition[]> rows = new(() =>
        [.. CsvData.Read(Path.Combine(node.Value.ReferenceData, "international", "import-conditions.csv"),
                "hs_heading", "exporting_country", "treatment_code", "treatment_text", "additional_declaration", "basis")
            .Select(x => new ImportCondition(x.Line, x.Values["hs_heading"], x.Values["exporting_country"].ToUpperInvariant(), Empty(x.Values["treatment_code"]),
                Empty(x.Values["treatment_text"]), Empty(x.Values["additional_declaration"]), x.Values["basis"]))]);

    /// <summary>The conditions for goods of this HS code from this country.</summary>
    public IEnumerable<ImportCondition> For(string hsCode, string country) =>
        rows.Value.Where(c => hsCode.StartsWith(c.HsHeading, StringComparison.Ordinal) && string.Equals(c.ExportingCountry, country, StringComparison.OrdinalIgnoreCase));

    private static string? Empty(string value) => value.Trim() is { Length: > 0 } v ? v : null;
}
