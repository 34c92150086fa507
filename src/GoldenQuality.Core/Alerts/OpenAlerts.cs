using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Alerts;

/// <summary>The open alerts (<see cref="AlertStatus.Validated"/>: validated and distributed, not closed) matching a product heading, a country or an enterprise.</summary>
internal sealed class OpenAlertsQuery : IOpenAlerts
{
    public async Task<IReadOnlyList<OpenAlert>> MatchingAsync(GqDbContext db, IReadOnlyCollection<string> hsHeadings, string? country, string? uscc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(hsHeadings);
        var headings = hsHeadings.Where(h => h.Length >= 4).Select(h => h[..4]).Distinct(StringComparer.Ordinal).ToArray();
        var c = string.IsNullOrWhiteSpace(country) ? null : country.Trim().ToUpperInvariant();
        var u = string.IsNullOrWhiteSpace(uscc) ? null : uscc.Trim();
        var rows = await db.Set<AlertNotificationRow>().AsNoTracking()
            .Where(a => a.Status == AlertStatus.Validated && a.ClosedAt == null)
            .Where(a => headings.Contains(a.HsCode.Substring(0, 4)) || (c != null && a.OriginCountry == c) || (u != null && a.Usccs.Contains(u)))
            .OrderBy(a => a.RaisedAt)
            .Select(a => new { a.Number, a.Title, a.HsCode, a.OriginCountry, a.Usccs })
            .Take(100)
            .ToListAsync(ct);
        return [.. rows.Select(a => new OpenAlert(a.Number, a.Title, a.HsCode, a.OriginCountry,
            a.HsCode.Length >= 4 && headings.Contains(a.HsCode[..4]) ? $"hs-heading {a.HsCode[..4]}"
            : c is not null && a.OriginCountry == c ? $"country {c}"
            : $"enterprise {u}"))];
    }
}
