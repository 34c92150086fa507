using System.Text.Json.Nodes;
using GoldenQuality.Common;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Codes;

/// <summary>What storing a batch of canonical records did.</summary>
public sealed record UpsertSummary(int Records, int Added, int Updated, int Unchanged);

/// <summary>
/// Keeps canonical records by kind and record key, in one transaction per batch: a record seen before with the
/// same content is unchanged, with other content it is updated, so importing a file twice adds nothing.
/// </summary>
internal sealed class RecordStore(GqDbContext db, TimeProvider clock)
{
    public async Task<UpsertSummary> UpsertAsync(IReadOnlyList<CanonicalRecord> records, string source, CancellationToken ct)
    {
        int added = 0, updated = 0, unchanged = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var group in records.GroupBy(r => r.Kind))
        {
            var kind = group.Key;
            foreach (var chunk in group.Chunk(500))
            {
                var keys = chunk.Select(r => r.Key).ToList();
                var existing = await db.Set<AdaptedRecord>().Where(r => r.Kind == kind && keys.Contains(r.Key)).ToDictionaryAsync(r => r.Key, StringComparer.Ordinal, ct);
                foreach (var record in chunk)
                {
                    var hash = record.Hash();
                    var payload = record.ToJson().ToJsonString();
                    if (existing.TryGetValue(record.Key, out var row))
                    {
                        if (row.Apply(hash, payload, source, clock.GetUtcNow()))
                        {
                            updated++;
                        }
                        else
                        {
                            unchanged++;
                        }
                    }
                    else
                    {
                        row = AdaptedRecord.Create(Ids.New(clock), kind, record.Key, hash, payload, source, clock.GetUtcNow());
                        existing[record.Key] = row;
                        db.Add(row);
                        added++;
                    }
                }

                await db.SaveChangesAsync(ct);
            }
        }

        await transaction.CommitAsync(ct);
        return new UpsertSummary(records.Count, added, updated, unchanged);
    }

    public async Task<(JsonObject Document, int Revision, string Source)?> GetAsync(RecordKind kind, string key, CancellationToken ct)
    {
        var row = await db.Set<AdaptedRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.Kind == kind && r.Key == key, ct);
        return row is null ? null : (JsonNode.Parse(row.Payload)!.AsObject(), row.Revision, row.Source);
    }

    public Task<int> CountAsync(RecordKind kind, CancellationToken ct) => db.Set<AdaptedRecord>().CountAsync(r => r.Kind == kind, ct);
}
