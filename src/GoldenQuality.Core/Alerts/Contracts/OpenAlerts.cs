using GoldenQuality.Persistence;

namespace GoldenQuality.Alerts.Contracts;

/// <summary>
/// An open rapid alert (validated and distributed, not closed) that concerns an import: <c>MatchedOn</c> says what it
/// matched (<c>hs-heading 0306</c>, <c>country EC</c>, <c>enterprise 9133…</c>).
/// </summary>
public sealed record OpenAlert(string Number, string Title, string HsCode, string OriginCountry, string MatchedOn);

/// <summary>The open rapid alerts this node holds, for other modules' decisions (the import risk decision). Read-only; works on the caller's context.</summary>
public interface IOpenAlerts
{
    /// <summary>
    /// The open alerts whose product is in one of the HS headings (four digits), whose country of origin is the country,
    /// or that name the enterprise (USCC); each once, oldest first.
    /// </summary>
    Task<IReadOnlyList<OpenAlert>> MatchingAsync(GqDbContext db, IReadOnlyCollection<string> hsHeadings, string? country, string? uscc, CancellationToken ct);
}
