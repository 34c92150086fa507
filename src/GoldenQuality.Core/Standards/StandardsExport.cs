using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using nietras.SeparatedValues;

namespace GoldenQuality.Standards;

/// <summary>Writes the catalogue as the same CSV files the import reads, so an export re-imports unchanged.</summary>
internal static class StandardsExport
{
    public static async Task WriteAsync(GqDbContext db, CatalogueFile file, TextWriter output, CancellationToken ct)
    {
        using var writer = Sep.New(',').Writer(o => o with { Escape = true }).To(output);
        var columns = StandardsImporter.Columns[file];
        void Row(params string?[] values)
        {
            using var row = writer.NewRow();
            for (var i = 0; i < columns.Length; i++)
            {
                row[columns[i]].Set(values[i] ?? "");
            }
        }

        switch (file)
        {
            case CatalogueFile.Categories:
                // Parents before children, as the import needs them.
                var categories = await db.Set<ProductCategory>().AsNoTracking().ToListAsync(ct);
                var byParent = categories.ToLookup(c => c.ParentCode ?? "", StringComparer.Ordinal);
                var queue = new Queue<ProductCategory>(byParent[""].OrderBy(c => c.Code, StringComparer.Ordinal));
                while (queue.TryDequeue(out var c))
                {
                    Row(c.Code, c.ParentCode, c.NameZh, c.NameEn, c.HsCodes, c.CiqCodes);
                    foreach (var child in byParent[c.Code].OrderBy(x => x.Code, StringComparer.Ordinal))
                    {
                        queue.Enqueue(child);
                    }
                }

                break;
            case CatalogueFile.Parameters:
                foreach (var p in await db.Set<Parameter>().AsNoTracking().OrderBy(p => p.Code).ToListAsync(ct))
                {
                    Row(p.Code, p.NameZh, p.NameEn, p.Quantity, p.Unit);
                }

                break;
            case CatalogueFile.Standards:
                foreach (var s in await db.Set<Standard>().AsNoTracking().OrderBy(s => s.Number).ToListAsync(ct))
                {
                    Row(s.Number, s.Title, WireNames.Of(s.Kind), s.IssuingBody, s.ProvinceCode, Date(s.ValidFrom), s.ValidTo is { } t ? Date(t) : null, s.SupersededBy);
                }

                break;
            default:
                await foreach (var r in db.Set<Requirement>().AsNoTracking().OrderBy(r => r.StandardNumber).ThenBy(r => r.Clause).ThenBy(r => r.CategoryCode).ThenBy(r => r.Parameter)
                    .AsAsyncEnumerable().WithCancellation(ct))
                {
                    Row(r.StandardNumber, r.Clause, r.CategoryCode, r.Parameter, r.ProcessingState, WireNames.Of(r.Kind), Num(r.Lower), Num(r.Upper), r.Unit, r.Method, r.Jurisdiction);
                }

                break;
        }
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Num(double? v) => v?.ToString("R", CultureInfo.InvariantCulture);
}
