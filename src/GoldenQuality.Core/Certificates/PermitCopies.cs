using GoldenQuality.Certificates.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Certificates;

/// <summary>Reads Certificates' own table for the modules that may only see permit copies through the contract.</summary>
internal sealed class PermitCopies(GqDbContext db) : IPermitCopies
{
    public Task<Paged<CheckView>> ReceivedClearancePermitsAsync(string office, int page, int pageSize, DateTimeOffset now, CancellationToken ct) =>
        ReceivedAsync(db, office, PermitKind.Clearance, page, pageSize, now, ct);

    /// <summary>The copies of one kind an office received electronically, newest first, each evaluated at <paramref name="now"/>.</summary>
    public static async Task<Paged<CheckView>> ReceivedAsync(GqDbContext db, string office, PermitKind kind, int page, int pageSize, DateTimeOffset now, CancellationToken ct)
    {
        var query = db.Set<Permit>().AsNoTracking().Where(x => x.Holder == office && x.IsCopy && x.Kind == kind);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(x => x.ReceivedAt).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Paged<CheckView>([.. rows.Select(x => PermitChecks.Evaluate(x, null, null, null, now))], page, pageSize, total);
    }

    public async Task<ClearanceCopy?> FindClearanceCopyAsync(string office, string number, DateTimeOffset now, bool track, CancellationToken ct)
    {
        var copy = await (track ? db.Set<Permit>() : db.Set<Permit>().AsNoTracking())
            .FirstOrDefaultAsync(p => p.Number == number && p.Holder == office && p.Kind == PermitKind.Clearance, ct);
        return copy is null ? null : new ClearanceCopy(copy.Id, copy.Number, copy.DeclarationNumber, copy.IssuerOffice,
            PermitChecks.Evaluate(copy, null, null, null, now), copy.SourceEnvelope, copy.SourceCase);
    }

    public void Draw(ClearanceCopy copy, IReadOnlyDictionary<int, decimal> quantities)
    {
        ArgumentNullException.ThrowIfNull(copy);
        var tracked = db.Set<Permit>().Local.FirstOrDefault(p => p.Id == copy.Id)
            ?? throw new InvalidOperationException($"the copy of {copy.Number} was not found with track: true in this request");
        tracked.Draw(quantities);
    }

    public async Task<IssuedClearancePermit?> FindIssuedClearanceAsync(string number, CancellationToken ct)
    {
        var permit = await db.Set<Permit>().AsNoTracking().FirstOrDefaultAsync(p => p.Number == number && !p.IsCopy && p.Kind == PermitKind.Clearance, ct);
        return permit is null ? null : new IssuedClearancePermit(permit.Number, permit.DeclarationNumber, permit.Status == PermitStatus.Revoked);
    }
}
