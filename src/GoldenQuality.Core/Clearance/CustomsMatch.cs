using System.Globalization;
using GoldenQuality.Certificates.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Clearance.Contracts;

namespace GoldenQuality.Clearance;

/// <summary>
/// The CERTEX-style match of a customs declaration against the electronic clearance permit Customs holds: for each
/// goods line, the permit has the line (by sequence, or by position), the first 8 digits of the HS code agree, the
/// unit agrees, and the quantities declared (summed per permit line) do not exceed what is left to draw.
/// </summary>
internal static class CustomsMatch
{
    /// <summary>
    /// Compares the lines with a permit copy already found valid (<paramref name="view"/> is a match on validity);
    /// returns the answer and the quantities to draw per permit line.
    /// </summary>
    public static (CheckView View, Dictionary<int, decimal> Draws) Compare(string number, CheckView view, IReadOnlyList<CustomsLine> lines)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(lines);
        var draws = new Dictionary<int, decimal>();
        var differences = new List<Difference>();
        foreach (var (line, i) in lines.Select((l, i) => (l, i)))
        {
            var f = string.Create(CultureInfo.InvariantCulture, $"lines[{i}]");
            var permitted = view.Remaining.FirstOrDefault(r => r.Sequence == (line.Sequence ?? i + 1));
            if (permitted is null)
            {
                differences.Add(new Difference(f + ".sequence", (line.Sequence ?? i + 1).ToString(CultureInfo.InvariantCulture), null));
                continue;
            }

            if (line.HsCode![..8] != permitted.HsCode[..8])
            {
                differences.Add(new Difference(f + ".hsCode", line.HsCode[..8], permitted.HsCode[..8]));
            }

            if (!string.Equals(line.Unit, permitted.Unit, StringComparison.OrdinalIgnoreCase))
            {
                differences.Add(new Difference(f + ".unit", line.Unit, permitted.Unit));
            }

            var total = draws.GetValueOrDefault(permitted.Sequence) + line.Quantity!.Value;
            if (total > permitted.Remaining)
            {
                differences.Add(new Difference(f + ".quantity", line.Quantity.Value.ToString(CultureInfo.InvariantCulture),
                    string.Create(CultureInfo.InvariantCulture, $"at most {permitted.Remaining} left of {permitted.Permitted}")));
            }

            draws[permitted.Sequence] = total;
        }

        return differences.Count == 0
            ? (view.Saying(new Message("customs.check.match", number)), draws)
            : ((view with { Outcome = CheckOutcome.Mismatch, Differences = [.. differences] }).Saying(new Message("customs.check.mismatch", number, string.Join(", ", differences.Select(d => d.Field)))), draws);
    }
}
