using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Exchange.Contracts;

/// <summary>How many envelopes one agency (member) sent to another, as this node's message log records them.</summary>
public sealed record SharingCell(string From, string To, long Envelopes);

/// <summary>Sharing volume between agencies, read from this node's hash-chained message log.</summary>
internal static class SharingVolume
{
    /// <summary>
    /// Envelopes sent and received by this node, grouped by sending and receiving member. A node sees only the
    /// exchanges it took part in; a node without a configured exchange has none.
    /// </summary>
    public static async Task<IReadOnlyList<SharingCell>> ReadAsync(GqDbContext db, ExchangeNode node, CancellationToken ct)
    {
        if (node.Options.NodeId is not { Length: > 0 } self)
        {
            return [];
        }

        var me = Parties.MemberOf(self);
        var rows = await db.Set<MessageLogEntry>().AsNoTracking()
            .Where(e => e.Kind == "envelope-sent" || e.Kind == "envelope-received")
            .GroupBy(e => new { e.Kind, e.Peer })
            .Select(g => new { g.Key.Kind, g.Key.Peer, Count = g.LongCount() })
            .ToListAsync(ct);
        return [.. rows
            .Select(r => r.Kind == "envelope-sent" ? (From: me, To: Parties.MemberOf(r.Peer), r.Count) : (From: Parties.MemberOf(r.Peer), To: me, r.Count))
            .GroupBy(r => (r.From, r.To))
            .Select(g => new SharingCell(g.Key.From, g.Key.To, g.Sum(x => x.Count)))
            .OrderBy(c => c.From, StringComparer.Ordinal).ThenBy(c => c.To, StringComparer.Ordinal)];
    }
}
