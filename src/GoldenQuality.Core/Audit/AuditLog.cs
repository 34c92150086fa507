using GoldenQuality.Audit.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Audit;

/// <summary>Reads the audit log: its head and hashes (for the exchange's signed checkpoints and its witnesses), searches, counts, the walk of its chain.</summary>
internal sealed class AuditLog(GqDbContext db) : IAuditLog, IAuditQueries
{
    public async Task<AuditLogHead?> HeadAsync(CancellationToken ct) =>
        await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Sequence)
            .Select(e => new AuditLogHead(e.Sequence, e.Hash, e.At)).FirstOrDefaultAsync(ct);

    public async Task<string?> HashAtAsync(long sequence, CancellationToken ct) =>
        await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Sequence == sequence).Select(e => e.Hash).FirstOrDefaultAsync(ct);

    public async Task<Paged<AuditEntryView>> SearchAsync(AuditQuery query, int page, int pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var q = db.Set<AuditEntry>().AsNoTracking();
        if (query.RecordKind is { } kind)
        {
            q = q.Where(e => e.RecordKind == kind);
        }

        if (query.RecordKey is { } key)
        {
            q = q.Where(e => e.RecordKey == key);
        }

        if (query.Reader is { } reader)
        {
            q = q.Where(e => e.Reader == reader);
        }

        if (query.Agreement is { } agreement)
        {
            q = q.Where(e => e.Agreement == agreement);
        }

        if (query.From is { } from)
        {
            q = q.Where(e => e.At >= from);
        }

        if (query.To is { } to)
        {
            q = q.Where(e => e.At < to);
        }

        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(e => e.Sequence).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Paged<AuditEntryView>(
            [.. rows.Select(e => new AuditEntryView(e.Sequence, e.At, e.Reader, e.OnBehalfOf, e.Agreement, e.Purpose, e.RecordKind, e.RecordKey, e.FieldList(), e.PreviousHash, e.Hash))],
            page, pageSize, total);
    }

    public async Task<IReadOnlyList<AuditReadCount>> CountReadsAsync(DateTimeOffset from, DateTimeOffset to, string? agreement, CancellationToken ct)
    {
        var q = db.Set<AuditEntry>().AsNoTracking().Where(e => e.At >= from && e.At < to);
        if (agreement is not null)
        {
            q = q.Where(e => e.Agreement == agreement);
        }

        var rows = await q.GroupBy(e => new { e.Agreement, e.Reader, e.OnBehalfOf, e.RecordKind })
            .Select(g => new { g.Key.Agreement, g.Key.Reader, g.Key.OnBehalfOf, g.Key.RecordKind, Reads = g.Count() }).ToListAsync(ct);
        return [.. rows.Select(r => new AuditReadCount(r.Agreement, r.Reader, r.OnBehalfOf, r.RecordKind, r.Reads))
            .OrderBy(r => r.Agreement, StringComparer.Ordinal).ThenBy(r => r.Reader, StringComparer.Ordinal).ThenBy(r => r.RecordKind, StringComparer.Ordinal)];
    }

    public async Task<AuditChainCheck> VerifyChainAsync(CancellationToken ct)
    {
        var entries = await db.Set<AuditEntry>().LongCountAsync(ct);
        return await AuditChain.VerifyAsync(db, ct) is { } broken
            ? new AuditChainCheck(false, entries, broken.Sequence, broken.Reason)
            : new AuditChainCheck(true, entries, null, null);
    }
}
