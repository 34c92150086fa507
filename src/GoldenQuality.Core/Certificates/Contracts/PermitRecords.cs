using GoldenQuality.Common;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Certificates.Contracts;

/// <summary>A permit as issued (its signed document's fields), for the modules that build on it (the SPS certificate of an export permit).</summary>
public sealed record PermitRecord(
    string Number, PermitKind Kind, int Revision, string DeclarationNumber, DeclarationKind DeclarationKind, string IssuerNode, string IssuerOffice, string Port,
    string PortOffice, string TraderUscc, string TraderName, string? ManufacturerUscc, string Country, PermitLine[] Lines, DateTimeOffset IssuedAt,
    DateTimeOffset ValidUntil, bool IsCopy);

/// <summary>Reads a permit this node holds (the original it issued, or a copy), including one added to the caller's context but not yet saved.</summary>
public interface IPermitRecords
{
    Task<PermitRecord?> FindAsync(GqDbContext db, string number, CancellationToken ct);
}

internal sealed class PermitRecords : IPermitRecords
{
    public async Task<PermitRecord?> FindAsync(GqDbContext db, string number, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var permit = db.Set<Permit>().Local.Where(p => p.Number == number).OrderBy(p => p.IsCopy).FirstOrDefault()
            ?? await db.Set<Permit>().AsNoTracking().Where(p => p.Number == number).OrderBy(p => p.IsCopy).FirstOrDefaultAsync(ct);
        if (permit is null)
        {
            return null;
        }

        var d = permit.Document;
        return new PermitRecord(d.Number, d.Kind, d.Revision, d.DeclarationNumber, d.DeclarationKind, d.IssuerNode, d.IssuerOffice, d.Port, d.PortOffice, d.TraderUscc,
            d.TraderName, d.ManufacturerUscc, d.Country, d.Lines, d.IssuedAt, d.ValidUntil, permit.IsCopy);
    }
}
