using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Exchange.Contracts;

/// <summary>
/// One envelope this node sent or received (or one dataset query it asked or answered), as the accountability views
/// need it: who, what, under which agreement, in which case, and when it was delivered or answered.
/// </summary>
/// <param name="EnvelopeId">The envelope's id.</param>
/// <param name="Sent">True for an envelope this node sent (outbox), false for one it received (inbox).</param>
/// <param name="Type">The message type; a dataset query is <c>dataset.NAME</c>.</param>
/// <param name="Sender">The sending party (node or office).</param>
/// <param name="Recipient">The receiving node (for a received envelope, this node).</param>
/// <param name="Agreement">The agreement it travelled under: stored for a received envelope, found in the directory for a sent one (null when none covers it now).</param>
/// <param name="CorrelationId">The case the envelope belongs to, as its sender set it.</param>
/// <param name="CausationId">The envelope it answers, as its sender set it.</param>
/// <param name="At">When it was created (sent) or received.</param>
/// <param name="DeliveredAt">When the recipient's signed receipt (or a query's answer) came back; for a received envelope, when it was received.</param>
public sealed record EnvelopeActivity(
    Guid EnvelopeId, bool Sent, string Type, string Sender, string Recipient, string? Agreement, Guid? CorrelationId, Guid? CausationId,
    DateTimeOffset At, DateTimeOffset? DeliveredAt)
{
    /// <summary>True for a dataset query (asked or answered).</summary>
    public bool IsQuery => Type.StartsWith("dataset.", StringComparison.Ordinal);
}

/// <summary>
/// The envelopes this node sent and received in a time window, read from the outbox and the inbox (the exchange's own
/// tables) for the accountability module: provider pages, step tracking, reciprocity. Operational messages of the
/// exchange itself (witnessing) are left out.
/// </summary>
public sealed class ExchangeActivity(GqDbContext db, ExchangeNode node)
{
    /// <summary>The most envelopes one call reads, so that a window never loads an unbounded table.</summary>
    public const int MaxRows = 50_000;

    /// <summary>
    /// Envelopes created or received in [<paramref name="from"/>, <paramref name="to"/>), oldest first, at most
    /// <see cref="MaxRows"/> of each direction. The links come from their columns (decision 0027), never from the JWS.
    /// </summary>
    public async Task<IReadOnlyList<EnvelopeActivity>> BetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var sent = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(o => o.CreatedAt >= from && o.CreatedAt < to && !EF.Functions.Like(o.Type, "exchange.%"))
            .OrderBy(o => o.CreatedAt).Take(MaxRows)
            .Select(o => new { o.EnvelopeId, o.Type, o.Sender, o.RecipientNode, o.CorrelationId, o.CausationId, o.CreatedAt, o.DeliveredAt })
            .ToListAsync(ct);
        var received = await db.Set<InboxMessage>().AsNoTracking()
            .Where(i => i.ReceivedAt >= from && i.ReceivedAt < to && !EF.Functions.Like(i.Type, "exchange.%"))
            .OrderBy(i => i.ReceivedAt).Take(MaxRows)
            .Select(i => new { i.EnvelopeId, i.Type, i.Sender, i.AgreementId, i.CorrelationId, i.CausationId, i.ReceivedAt })
            .ToListAsync(ct);
        var directory = node.Directory.Current;
        var self = node.Enabled ? node.Id : "";
        var list = new List<EnvelopeActivity>(sent.Count + received.Count);
        foreach (var o in sent)
        {
            // A row written before the links were columns, not yet read by the backfill, counts as this node's.
            var sender = o.Sender ?? self;
            var query = o.Type.StartsWith("dataset.", StringComparison.Ordinal);
            // A query is asked by this node of a provider: the agreement's provider is the recipient.
            var agreement = directory?.Find(query ? o.RecipientNode : sender, query ? sender : o.RecipientNode,
                query ? o.Type["dataset.".Length..] : o.Type, query, o.CreatedAt).Valid?.Id;
            list.Add(new(o.EnvelopeId, true, o.Type, sender, o.RecipientNode, agreement, o.CorrelationId, o.CausationId, o.CreatedAt, o.DeliveredAt));
        }

        foreach (var i in received)
        {
            list.Add(new(i.EnvelopeId, false, i.Type, i.Sender, self, i.AgreementId.Length > 0 ? i.AgreementId : null, i.CorrelationId, i.CausationId, i.ReceivedAt, i.ReceivedAt));
        }

        list.Sort((a, b) => a.At.CompareTo(b.At));
        return list;
    }
}
