using System.Globalization;
using GoldenQuality.Certificates.Contracts;
using GoldenQuality.Clearance.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoldenQuality.Clearance;

/// <summary>The steps the Customs use cases share: who may act, reading the lines, the check against the copy, the view.</summary>
internal static class ClearanceSteps
{
    /// <summary>Permit number, first 8 HS digits, unit and quantity (not above what is left), per line (<see cref="CustomsMatch"/>).</summary>
    public static async Task<(CheckView View, ClearanceCopy? Copy, Dictionary<int, decimal> Draws)> CheckAsync(
        IPermitCopies copies, string office, string number, List<CustomsLine> lines, DateTimeOffset now, bool track, CancellationToken ct)
    {
        var copy = await copies.FindClearanceCopyAsync(office, number, now, track, ct);
        if (copy is null)
        {
            // Answered here, not by a second read: a copy arriving in between would be checked against an empty
            // verification code and reported as a mismatch (a forgery) instead of unknown.
            return (CheckView.Without(CheckOutcome.Unknown, number, new Message("customs.check.unknown", office, number)), null, []);
        }

        // Customs holds the copy itself: no verification code or digest to compare, only validity and quantities.
        if (copy.View.Outcome != CheckOutcome.Match)
        {
            return (copy.View, copy, []);
        }

        var (view, draws) = CustomsMatch.Compare(number, copy.View, lines);
        return (view, copy, draws);
    }

    public static List<CustomsLine> ReadLines(Validation v, CustomsLine[]? lines)
    {
        var result = new List<CustomsLine>();
        if (lines is not { Length: > 0 })
        {
            v.Add("lines", new Message("customs.lines-required"));
            return result;
        }

        foreach (var (l, i) in lines.Select((l, i) => (l, i)))
        {
            var f = string.Create(CultureInfo.InvariantCulture, $"lines[{i}]");
            var hs = l?.HsCode?.Trim() ?? "";
            if (hs.Length != 10 || !hs.All(char.IsAsciiDigit))
            {
                v.Add(f + ".hsCode", new Message("customs.hs-format", hs));
            }

            if (l?.Quantity is not > 0)
            {
                v.Add(f + ".quantity", new Message("permit.quantity-positive"));
            }

            var unit = v.Required(f + ".unit", l?.Unit, 3);
            result.Add(new CustomsLine(l?.Sequence, hs, l?.Quantity, unit));
        }

        return result;
    }

    /// <summary>The office part of a permit number (<c>CP-{office}-{yyyyMMdd}-{hex}</c>), for a decision on paper alone.</summary>
    public static string? IssuerOfficeOf(string number)
    {
        var parts = number.Split('-');
        return parts.Length >= 4 && parts[0] is "CP" or "IP" ? string.Join('-', parts[1..^2]) : null;
    }

    /// <summary>Only a Customs officer of a Customs office verifies clearance permits and records decisions.</summary>
    public static ProblemHttpResult? CustomsOffice(Actor actor, out string office)
    {
        office = actor.OrganisationCode ?? "";
        return actor.IsOfficial && actor.Agency == "CUSTOMS" ? null : Problems.Forbidden(new Message("customs.forbidden"));
    }

    public static CustomsDecisionView View(CustomsDecision r, bool? reported) => new(r.Id, r.CustomsDeclarationNumber, r.Office, r.PermitNumber, r.DeclarationNumber,
        WireNames.Of(r.Basis), WireNames.Of(r.Decision), r.ReasonCode, ReasonCodes.All.TryGetValue(r.ReasonCode, out var m) ? m.Meaning : "", r.Note, Message.Show(r.Verification) ?? "",
        r.LineCount, r.DecidedAt, r.DecidedBy, reported);
}
