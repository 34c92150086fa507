using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Ministries.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Ministries;

/// <summary>
/// Loads an issuer's register file (<see cref="ILpcoRegisterFile"/>) through <see cref="RegisterLpco"/>'s checks,
/// all-or-nothing: every row is checked before anything is saved, one save in one transaction.
/// </summary>
internal sealed class LpcoRegisterFile(LpcoRegister register) : ILpcoRegisterFile
{
    public static readonly string[] Columns =
        ["number", "kind", "holder_uscc", "hs_code", "product", "origin_country", "quantity", "unit", "remaining", "ports_of_entry", "valid_from", "valid_to", "status"];

    public async Task<LpcoLoadSummary> LoadAsync(string file, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var rows = CsvData.Read(file, Columns);
        var db = register.Db;
        var known = await db.Set<Lpco>().Where(l => l.Number != null).Select(l => l.Number!).ToListAsync(ct);
        var seen = new HashSet<string>(known, StringComparer.Ordinal);
        var inFile = new HashSet<string>(StringComparer.Ordinal);
        var added = 0;
        var unchanged = 0;
        try
        {
            foreach (var (line, r) in rows)
            {
                var number = r["number"].Trim().ToUpperInvariant();
                if (number.Length == 0)
                {
                    throw new DataFileException(file, line, "number is required in a register file");
                }

                if (!inFile.Add(number))
                {
                    throw new DataFileException(file, line, $"number {number} is listed twice");
                }

                if (seen.Contains(number))
                {
                    unchanged++;
                    continue;
                }

                var request = new LpcoRegistration(number, r["kind"], r["holder_uscc"], r["hs_code"], Empty(r["product"]), Empty(r["origin_country"]),
                    Decimal(file, line, "quantity", r["quantity"]), r["unit"], r["ports_of_entry"].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    Date(file, line, "valid_from", r["valid_from"]), Date(file, line, "valid_to", r["valid_to"]),
                    Empty(r["remaining"]) is null ? null : Decimal(file, line, "remaining", r["remaining"]), Empty(r["status"]), $"loaded from {Path.GetFileName(file)}");
                var (lpco, problem, invalid) = await RegisterLpco.PrepareAsync(register, actor, request, ct);
                if (lpco is null)
                {
                    var why = invalid is not null
                        ? string.Join("; ", invalid.Errors.Select(e => $"{e.Field}: {string.Join(", ", e.Reasons)}"))
                        : problem?.ProblemDetails.Detail ?? "refused";
                    throw new DataFileException(file, line, why);
                }

                added++;
            }
        }
        catch (DataFileException)
        {
            db.ChangeTracker.Clear();
            throw;
        }

        await db.SaveChangesAsync(ct);
        return new LpcoLoadSummary(rows.Count, added, unchanged);
    }

    private static string? Empty(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static decimal Decimal(string file, int line, string column, string text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : throw new DataFileException(file, line, $"{column} '{text}' is not a number");

    private static DateOnly Date(string file, int line, string column, string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw new DataFileException(file, line, $"{column} '{text}' is not a date (yyyy-MM-dd)");
}
