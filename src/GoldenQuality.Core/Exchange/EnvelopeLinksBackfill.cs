using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GoldenQuality.Exchange;

/// <summary>
/// Once, after the migration that made an envelope's sender, case and cause columns of the outbox and the inbox
/// (decision 0027): copies them from the signed header of every row written before, in batches, then removes the
/// marker row the migration left in <c>exchange_counters</c>. Interrupted, it starts again at the next start; it only
/// writes what the header says, so running it twice changes nothing.
/// </summary>
internal sealed class EnvelopeLinksBackfill(ILogger<EnvelopeLinksBackfill> logger) : IStartupPreparation
{
    /// <summary>The marker's name in <c>exchange_counters</c> (inserted by the migration <c>EnvelopeLinks</c>).</summary>
    public const string Marker = "links-backfill";

    private const int Batch = 500;

    public StartupStage Stage => StartupStage.Services;

    public async Task<object?> PrepareAsync(IServiceProvider services, StartupRequest request, CancellationToken ct)
    {
        var db = services.GetRequiredService<GqDbContext>();
        if (!await db.Set<ExchangeCounter>().AnyAsync(c => c.Name == Marker, ct))
        {
            return null;
        }

        var outbox = await CopyAsync(db, after => db.Set<OutboxMessage>().Where(o => after == null || o.Id.CompareTo(after.Value) > 0).OrderBy(o => o.Id),
            o => o.Id, o => o.Jws, (o, header) => o.Links(header), ct);
        var inbox = await CopyAsync(db, after => db.Set<InboxMessage>().Where(i => after == null || i.EnvelopeId.CompareTo(after.Value) > 0).OrderBy(i => i.EnvelopeId),
            i => i.EnvelopeId, i => i.Jws, (i, header) => i.Links(header), ct);
        await db.Set<ExchangeCounter>().Where(c => c.Name == Marker).ExecuteDeleteAsync(ct);
        logger.LogInformation("Copied the sender, case and cause of {Outbox} outbox and {Inbox} inbox rows from their signed headers", outbox, inbox);
        return null;
    }

    /// <summary>Reads the rows after each batch's last key, copies each one's links from its header, saves the batch.</summary>
    private static async Task<int> CopyAsync<T>(GqDbContext db, Func<Guid?, IQueryable<T>> after, Func<T, Guid> key, Func<T, string> jws, Action<T, EnvelopeHeader> link, CancellationToken ct)
    {
        var changed = 0;
        for (Guid? last = null; ;)
        {
            var rows = await after(last).Take(Batch).ToListAsync(ct);
            if (rows.Count == 0)
            {
                return changed;
            }

            foreach (var row in rows)
            {
                if (HeaderOf(jws(row)) is { } header)
                {
                    link(row, header);
                }
            }

            changed += await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            last = key(rows[^1]);
        }
    }

    /// <summary>The envelope header inside a stored JWS; null when it does not read (never for a row this node wrote).</summary>
    private static EnvelopeHeader? HeaderOf(string jws)
    {
        if (!Jws.TryRead(jws, out _, out var payload))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<EnvelopeHeader>(payload, Envelopes.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
