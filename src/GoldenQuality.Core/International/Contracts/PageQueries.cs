using System.Text.Json;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.International.Contracts;

/// <summary>
/// The goods lines of the certificates a page lists (<see cref="ListForeignCertificates"/> gives the header only): read
/// from the received certificate records, by id, at most 200 ids. Certificates that were not readable have none.
/// </summary>
public sealed class ListForeignCertificateGoods
{
    private readonly GqDbContext db;

    internal ListForeignCertificateGoods(GqDbContext db) => this.db = db;

    /// <summary>The pages build it from their scope's services (no registration of its own).</summary>
    public static ListForeignCertificateGoods From(IServiceProvider services) => new(services.GetRequiredService<GqDbContext>());

    public async Task<IReadOnlyDictionary<Guid, string[]>> HandleAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var wanted = ids.Distinct().Take(200).ToArray();
        var rows = await db.Set<ForeignCertificateRow>().AsNoTracking().Where(r => wanted.Contains(r.Id)).Select(r => new { r.Id, r.RecordJson }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => Lines(r.RecordJson));
    }

    /// <summary>"description (HS code)" per goods line of a permit record, in line order.</summary>
    internal static string[] Lines(string? recordJson)
    {
        if (recordJson is null)
        {
            return [];
        }

        var fields = JsonSerializer.Deserialize<Dictionary<string, string>>(recordJson) ?? [];
        var lines = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            var description = fields.GetValueOrDefault($"items[{i}].description") ?? fields.GetValueOrDefault($"items[{i}].commonName");
            var code = fields.GetValueOrDefault($"items[{i}].commodityCode");
            if (description is null && code is null)
            {
                break;
            }

            lines.Add(code is null ? description! : description is null ? code : $"{description} ({code})");
        }

        return [.. lines];
    }
}
