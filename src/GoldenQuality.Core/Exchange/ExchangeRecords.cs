using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Exchange;

/// <summary>Reads the inbox and outbox tables for <see cref="IExchangeRecords"/>; nothing else outside Exchange reads them.</summary>
internal sealed class ExchangeRecords(GqDbContext db) : IExchangeRecords
{
    public async Task<Paged<ReceivedMessage>> ReceivedAsync(ReceivedQuery query, int page, int size, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = db.Set<InboxMessage>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Type))
        {
            rows = rows.Where(m => m.Type == query.Type);
        }

        if (query.Office is { Length: > 0 } office)
        {
            var suffix = "/" + office;
            rows = rows.Where(m => m.Recipients.Contains(suffix));
        }

        if (query.Envelopes is { } envelopes)
        {
            var ids = envelopes.ToArray();
            rows = rows.Where(m => ids.Contains(m.EnvelopeId));
        }

        var total = await rows.CountAsync(ct);
        var ordered = query.NewestFirst
            ? rows.OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.EnvelopeId)
            : rows.OrderBy(m => m.ReceivedAt).ThenBy(m => m.EnvelopeId);
        var items = await ordered.Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<ReceivedMessage>(
            [.. items.Select(m => new ReceivedMessage(m.EnvelopeId, m.Type, m.Sender, m.Recipients, m.AgreementId, m.ReceivedAt, m.Payload, m.Receipt))], page, size, total);
    }

    public async Task<IReadOnlyList<SentEnvelope>> SentAsync(IReadOnlyCollection<Guid> envelopes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        var ids = envelopes.ToArray();
        var rows = await db.Set<OutboxMessage>().AsNoTracking().Where(o => ids.Contains(o.EnvelopeId)).OrderBy(o => o.Sequence).ToListAsync(ct);
        return [.. rows.Select(o => new SentEnvelope(o.EnvelopeId, o.RecipientNode, o.Status.ToString(), o.Status == OutboxStatus.Delivered))];
    }
}
