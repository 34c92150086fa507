using GoldenQuality.Audit.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Audit;

/// <summary>Reads the audit log's head and hashes (for the exchange's signed checkpoints and its witnesses).</summary>
internal sealed class AuditLog(GqDbContext db) : IAuditLog
{
    public async Task<AuditLogHead?> HeadAsync(CancellationToken ct) =>
        await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Sequence)
            .Select(e => new AuditLogHead(e.Sequence, e.Hash, e.At)).FirstOrDefaultAsync(ct);

    public async Task<string?> HashAtAsync(long sequence, CancellationToken ct) =>
        await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Sequence == sequence).Select(e => e.Hash).FirstOrDefaultAsync(ct);
}
