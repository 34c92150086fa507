using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.International.Contracts;

/// <summary>
/// The foreign certificates received through the hub, newest first, for the port's screen. Filters: <c>state</c>
/// (valid, replaced, withdrawn, not-readable), <c>country</c> (ISO 3166-1 alpha-2), <c>number</c> (prefix, at most 64 characters).
/// </summary>
public sealed class ListForeignCertificates
{
    /// <summary>The orders the list can be shown in: most recently received first (the default), earliest received first, by number, most recently issued first.</summary>
    public static readonly string[] Sorts = ["newest", "oldest", "number", "issued"];

    private readonly GqDbContext db;

    internal ListForeignCertificates(GqDbContext db) => this.db = db;

    public async Task<HandlerResult<Paged<ForeignCertificateSummary>>> HandleAsync(Actor actor, string? state, string? country, string? number, string? sort, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var v = new Validation();
        var s = string.IsNullOrWhiteSpace(state) ? (ForeignCertificateState?)null : v.Enum<ForeignCertificateState>("state", state);
        var c = v.Optional("country", country, 2)?.ToUpperInvariant();
        if (c is not null && (c.Length != 2 || !c.All(char.IsAsciiLetterUpper)))
        {
            v.Add("country", new Message("foreign.country-code", c));
        }

        var n = v.Optional("number", number, 64);
        var order = Paging.Sort(v, sort, Sorts);
        var (p, size) = Paging.Read(v, page, pageSize);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var query = db.Set<ForeignCertificateRow>().AsNoTracking();
        query = s is { } st ? query.Where(r => r.State == st) : query;
        query = c is not null ? query.Where(r => r.FromCountry == c) : query;
        query = n is not null ? query.Where(r => r.Number.StartsWith(n)) : query;
        var total = await query.CountAsync(ct);
        var ordered = order switch
        {
            "oldest" => query.OrderBy(r => r.ReceivedAt).ThenBy(r => r.Id),
            "number" => query.OrderBy(r => r.Number).ThenByDescending(r => r.ReceivedAt),
            "issued" => query.OrderBy(r => r.IssuedAt == null).ThenByDescending(r => r.IssuedAt).ThenByDescending(r => r.ReceivedAt),
            _ => query.OrderByDescending(r => r.ReceivedAt).ThenByDescending(r => r.Id),
        };
        var rows = await ordered.Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<ForeignCertificateSummary>([.. rows.Select(CertificateViews.Summary)], p, size, total);
    }
}

/// <summary>One received certificate by its number (the latest received with that number), with its fields, state, replacement chain, checks and rejections; 404 when none arrived.</summary>
public sealed class GetForeignCertificate
{
    private readonly GqDbContext db;

    internal GetForeignCertificate(GqDbContext db) => this.db = db;

    public async Task<HandlerResult<ForeignCertificateView>> HandleAsync(Actor actor, string number, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var v = new Validation();
        var n = v.Required("number", number, 64);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var row = await db.Set<ForeignCertificateRow>().AsNoTracking().Where(r => r.Number == n)
            .OrderBy(r => r.State == ForeignCertificateState.NotReadable ? 1 : 0).ThenByDescending(r => r.ReceivedAt).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return Problems.NotFound(new Message("noun.foreign-certificate"), n);
        }

        // The chain: back through Replaces, forward through ReplacedBy (bounded), from the same country.
        var chain = new LinkedList<string>([row.Number]);
        var back = row.Replaces;
        while (back is not null && chain.Count < 50 && !chain.Contains(back))
        {
            chain.AddFirst(back);
            back = await db.Set<ForeignCertificateRow>().AsNoTracking().Where(r => r.Number == back && r.FromCountry == row.FromCountry).Select(r => r.Replaces).FirstOrDefaultAsync(ct);
        }

        var forward = row.ReplacedBy;
        while (forward is not null && chain.Count < 50 && !chain.Contains(forward))
        {
            chain.AddLast(forward);
            forward = await db.Set<ForeignCertificateRow>().AsNoTracking().Where(r => r.Number == forward && r.FromCountry == row.FromCountry).Select(r => r.ReplacedBy).FirstOrDefaultAsync(ct);
        }

        var checks = await db.Set<CertificateCheckRow>().AsNoTracking().Where(c => c.CertificateNumber == row.Number || c.CitedNumber == row.Number)
            .OrderByDescending(c => c.CheckedAt).Take(200).ToListAsync(ct);
        var rejections = await db.Set<BorderRejectionRow>().AsNoTracking().Where(r => r.CertificateNumber == row.Number).OrderByDescending(r => r.At).Take(50).ToListAsync(ct);
        var fields = row.RecordJson is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(row.RecordJson)!;
        return new ForeignCertificateView(row.Id, row.Number, row.FromCountry, row.CertificateType, row.CertificateStatus, WireNames.Of(row.State), Message.Show(row.Reason), row.ChangedAt, row.Issuer,
            row.IssuedAt, row.ConsignorName, fields, [.. chain], row.HubDeliveryNumber, WireNames.Of(row.Outcome), Message.Show(row.OutcomeReason), row.ReceivedAt,
            [.. checks.Select(CertificateViews.Check)], [.. rejections.Select(CertificateViews.Rejection)]);
    }
}

/// <summary>
/// The fast-track queue of the official's office: the import declarations whose cited foreign certificate was checked,
/// newest first, with the check's outcome, its mismatches and the risk decision it fed. Administrators and AQSIQ see
/// every office of the node. Filter: <c>outcome</c> (matched, mismatched, withdrawn, not-received, not-readable).
/// </summary>
public sealed class ListFastTrack
{
    private readonly GqDbContext db;

    internal ListFastTrack(GqDbContext db) => this.db = db;

    public async Task<HandlerResult<Paged<CertificateCheckView>>> HandleAsync(Actor actor, string? outcome, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var v = new Validation();
        var o = string.IsNullOrWhiteSpace(outcome) ? (CertificateCheckOutcome?)null : v.Enum<CertificateCheckOutcome>("outcome", outcome);
        var (p, size) = Paging.Read(v, page, pageSize);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var query = db.Set<CertificateCheckRow>().AsNoTracking().Where(c => c.Office != null);
        if (!actor.IsAdmin && actor.OrganisationCode is { } office && office != "AQSIQ")
        {
            query = query.Where(c => c.Office == office);
        }

        query = o is { } oo ? query.Where(c => c.Outcome == oo) : query;
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(c => c.CheckedAt).ThenByDescending(c => c.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<CertificateCheckView>([.. rows.Select(CertificateViews.Check)], p, size, total);
    }
}

/// <summary>Row-to-view mappings of the certificate screens.</summary>
internal static class CertificateViews
{
    public static ForeignCertificateSummary Summary(ForeignCertificateRow r) =>
        new(r.Id, r.Number, r.FromCountry, r.CertificateType, r.CertificateStatus, WireNames.Of(r.State), r.Issuer, r.ConsignorName, r.IssuedAt, r.Replaces, r.ReplacedBy,
            r.HubDeliveryNumber, WireNames.Of(r.Outcome), r.ReceivedAt);

    public static CertificateCheckView Check(CertificateCheckRow c) =>
        new(c.DeclarationNumber, c.CitedNumber, c.CertificateNumber, WireNames.Of(c.Outcome),
            [.. (JsonSerializer.Deserialize<FieldMismatch[]>(c.MismatchesJson, CertificateMatcher.Json) ?? []).Select(m => m with { Reason = Message.Show(m.Reason)! })], c.ExporterRejections,
            Message.Show(c.Explanation)!, c.Office, c.RiskOutcome, c.RiskScore,
            c.RiskReasons, c.Rejection, c.CheckedAt);

    public static BorderRejectionView Rejection(BorderRejectionRow r) =>
        new(WireNames.Of(r.Direction), r.Reference, r.DeclarationNumber, r.CertificateNumber, r.ImportingCountry, r.ExportingCountry, r.ConsignorName, r.Reasons, r.DeliveryId,
            Message.Show(r.NotSentReason), r.At);
}
