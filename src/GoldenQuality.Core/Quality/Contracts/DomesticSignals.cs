using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Quality.Contracts;

/// <summary>
/// One signal the provincial BQS sent this node: <c>kind</c> <c>licence</c> (a production licence's new status) or
/// <c>spot-check</c> (a failed market sample); the licence or sample number, the status (<c>nonconforming</c> for a
/// spot check), the BQS's reason, the failed items, the BQS office that owns it, the CIQ office it was addressed to,
/// the sending node, the agreement and the envelope, when it happened and when it arrived.
/// </summary>
public sealed record DomesticSignalView(
    Guid Id, string Kind, string Uscc, string EnterpriseName, string Reference, string? PlanNumber, string Status, string Reason, string Failed,
    string Office, string CiqOffice, string SenderNode, string? AgreementId, Guid EnvelopeId, DateTimeOffset At, DateTimeOffset ReceivedAt);

/// <summary>
/// What the BQS says about an enterprise now: each production licence whose latest status is suspended or revoked (a
/// reinstatement or a new grant clears it), and the spot-check failures since the look-back.
/// </summary>
public sealed record ActiveDomesticSignals(string Uscc, DomesticSignalView[] Licences, DomesticSignalView[] SpotChecks)
{
    public bool Any => Licences.Length > 0 || SpotChecks.Length > 0;
}

/// <summary>The domestic-supervision signals this (CIQ) node received from the provincial BQS, for the risk decision (docs/quality.md, decision 0015).</summary>
public interface IDomesticSupervisionSignals
{
    /// <summary>The licences of <paramref name="uscc"/> suspended or revoked now, and its spot-check failures judged since <paramref name="spotChecksSince"/>.</summary>
    Task<ActiveDomesticSignals> ActiveAsync(string uscc, DateTimeOffset spotChecksSince, CancellationToken ct);
}

/// <summary>
/// The signals this node received from the provincial BQS, newest first, optionally for one enterprise (USCC):
/// for the inspection line's officers (<c>GET /api/quality/signals?uscc=&amp;page=&amp;pageSize=</c>).
/// </summary>
public sealed class ListDomesticSignals(GqDbContext db)
{
    public async Task<HandlerResult<Paged<DomesticSignalView>>> HandleAsync(Actor actor, string? uscc, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Policies.IsInspectionOfficer(actor) && !actor.Roles.HasFlag(UserRoles.System))
        {
            return Problems.Forbidden(new Message("quality.signals.inspection-only"));
        }

        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        var who = v.Optional("uscc", uscc, 18)?.ToUpperInvariant();
        if (who is not null && !SignalRules.IsUscc(who))
        {
            v.Add("uscc", new Message("quality.uscc.format"));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        var query = db.Set<QualitySignal>().AsNoTracking();
        if (who is not null)
        {
            query = query.Where(s => s.Uscc == who);
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(s => s.ReceivedAt).ThenByDescending(s => s.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<DomesticSignalView>([.. items.Select(DomesticSignalQueries.View)], p, size, total);
    }
}
