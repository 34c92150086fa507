using GoldenQuality.Common;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Registry;

internal sealed class EnterpriseRegisterFile(GqDbContext db, TimeProvider clock) : IEnterpriseRegisterFile
{
    public async Task<int> LoadAsync(string file, string loadedBy, CancellationToken ct)
    {
        var rows = CsvData.Read(file, "uscc", "name_zh", "name_en", "address", "area_code", "legal_representative", "type", "business_scope", "roles");
        var known = (await db.Enterprises.AsNoTracking().Select(e => e.Uscc).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var added = new List<Enterprise>();
        foreach (var (line, r) in rows)
        {
            var v = new Validation();
            var uscc = await EnterpriseRequestReader.UsccAsync(db, v, "uscc", r["uscc"], ct);
            var request = new EnterpriseRequest(uscc, r["name_zh"], r["name_en"], r["address"], r["area_code"], r["legal_representative"], r["type"],
                r["business_scope"], r["roles"].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), null);
            var details = await EnterpriseRequestReader.DetailsAsync(db, v, request, ct);
            if (!v.IsValid)
            {
                throw new DataFileException(file, line, string.Join("; ", v.Errors.Select(e => $"{e.Field}: {string.Join(", ", e.Reasons)}")));
            }

            if (known.Add(uscc))
            {
                added.Add(Enterprise.Create(Ids.New(clock), uscc, details, now));
            }
        }

        foreach (var enterprise in added)
        {
            db.Enterprises.Add(enterprise);
            db.EnterpriseChanges.Add(EnterpriseChange.Create(Ids.New(clock), enterprise.Id, now, loadedBy, $"register file {Path.GetFileName(file)}", "record", null, "created"));
        }

        await db.SaveChangesAsync(ct);
        return rows.Count;
    }
}
