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

    /// <summary>Envelopes created or received in [<paramref name="from"/>, <paramref name="to"/>), oldest first, at most <see cref="MaxRows"/> of each direction.</summary>
    public async Task<IReadOnlyList<EnvelopeActivity>> BetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var sent = await Sent().Where(o => o.At >= from && o.At < to).OrderBy(o => o.At).Take(MaxRows).ToListAsync(ct);
        var received = await Received().Where(i => i.At >= from && i.At < to).OrderBy(i => i.At).Take(MaxRows).ToListAsync(ct);
        return Merge(sent, received);
    }

    /// <summary>One outbox or inbox row as the views need it; the links are columns (decision 0027), never read from the JWS.</summary>
    private sealed class Row
    {
        public Guid EnvelopeId { get; init; }

        public string Type { get; init; } = "";

        public string? Sender { get; init; }

        public string Recipient { get; init; } = "";

        public string? Agreement { get; init; }

        public Guid? CorrelationId { get; init; }

        public Guid? CausationId { get; init; }

        public DateTimeOffset At { get; init; }

        public DateTimeOffset? DeliveredAt { get; init; }
    }

    private IQueryable<Row> Sent() => db.Set<OutboxMessage>().AsNoTracking().Where(o => !EF.Functions.Like(o.Type, "exchange.%"))
        .Select(o => new Row
        {
            EnvelopeId = o.EnvelopeId, Type = o.Type, Sender = o.Sender, Recipient = o.RecipientNode, CorrelationId = o.CorrelationId, CausationId = o.CausationId,
            At = o.CreatedAt, DeliveredAt = o.DeliveredAt,
        });

    private IQueryable<Row> Received() => db.Set<InboxMessage>().AsNoTracking().Where(i => !EF.Functions.Like(i.Type, "exchange.%"))
        .Select(i => new Row
        {
            EnvelopeId = i.EnvelopeId, Type = i.Type, Sender = i.Sender, Agreement = i.AgreementId, CorrelationId = i.CorrelationId, CausationId = i.CausationId,
            At = i.ReceivedAt, DeliveredAt = i.ReceivedAt,
        });

    private List<EnvelopeActivity> Merge(List<Row> sent, List<Row> received)
    {
        var directory = node.Directory.Current;
        var self = node.Enabled ? node.Id : "";
        var list = new List<EnvelopeActivity>(sent.Count + received.Count);
        foreach (var o in sent)
        {
            // A row written before the links were columns, not yet read by the backfill, counts as this node's.
            var sender = o.Sender ?? self;
            var query = o.Type.StartsWith("dataset.", StringComparison.Ordinal);
            // A query is asked by this node of a provider: the agreement's provider is the recipient.
            var agreement = directory?.Find(query ? o.Recipient : sender, query ? sender : o.Recipient,
                query ? o.Type["dataset.".Length..] : o.Type, query, o.At).Valid?.Id;
            list.Add(new(o.EnvelopeId, true, o.Type, sender, o.Recipient, agreement, o.CorrelationId, o.CausationId, o.At, o.DeliveredAt));
        }

        foreach (var i in received)
        {
            list.Add(new(i.EnvelopeId, false, i.Type, i.Sender!, self, i.Agreement is { Length: > 0 } a ? a : null, i.CorrelationId, i.CausationId, i.At, i.DeliveredAt));
        }

        list.Sort((a, b) => a.At.CompareTo(b.At));
        return list;
    }
}
