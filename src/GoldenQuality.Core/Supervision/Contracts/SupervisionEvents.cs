using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Supervision.Contracts;

/// <summary>Supervision events for CIQ offices (nonconformities, SPC signals, conforming lots, video failures), and those received over the exchange.</summary>
public sealed class SupervisionEvents(GqDbContext db, IExchangeRecords exchange)
{
    /// <summary>One page of the events the actor may see, oldest first.</summary>
    public async Task<HandlerResult<Paged<EventView>>> ListAsync(Actor actor, EventQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var v = new Validation();
        var (p, size) = Paging.Read(v, query.Page, query.PageSize);
        var events = db.Set<SupervisionEvent>().AsNoTracking();
        if (query.Kind is { Length: > 0 })
        {
            var k = v.Enum<SupervisionEventKind>("kind", query.Kind);
            events = events.Where(e => e.Kind == k);
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        events = SupervisionQueries.Visible(events, actor, query.Office);
        if (query.Lot is { } lot)
        {
            events = events.Where(e => e.LotId == lot);
        }

        if (query.Undispatched == true)
        {
            events = events.Where(e => e.DispatchedAt == null);
        }

        var total = await events.CountAsync(ct);
        var items = await events.OrderBy(e => e.At).ThenBy(e => e.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<EventView>([.. items.Select(SupervisionQueries.View)], p, size, total);
    }

    /// <summary>
    /// One page of the nonconformities this node received for the offices it hosts (officials and system clients only;
    /// others get an empty page). A BQS official reads only those of his own office (by default) or of an office under
    /// it (<c>office=BQS-ZJ-HZ</c> for an officer of BQS-ZJ), any other office an empty page: the province's BQS owns the
    /// events of its domestic lots.
    /// </summary>
    public async Task<HandlerResult<Paged<ReceivedEventView>>> ReceivedAsync(Actor actor, string? office, int? page, int? pageSize, CancellationToken ct)
    {
        if (Paging.Invalid(page, pageSize, out var p, out var size) is { } invalid)
        {
            return invalid;
        }

        if (!LotAccess.MayListOthers(actor))
        {
            return new Paged<ReceivedEventView>([], p, size, 0);
        }

        if (actor.Agency == "BQS" && actor.OrganisationCode is { } own)
        {
            office = string.IsNullOrWhiteSpace(office) ? own : office.Trim();
            if (office != own && !office.StartsWith(own + "-", StringComparison.Ordinal))
            {
                return new Paged<ReceivedEventView>([], p, size, 0);
            }
        }

        var (items, total) = await NonconformityRaisedHandler.ListAsync(exchange, office, p, size, ct);
        return new Paged<ReceivedEventView>([.. items], p, size, total);
    }
}
