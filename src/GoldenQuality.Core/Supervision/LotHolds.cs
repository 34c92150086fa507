using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Standards.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Supervision;

/// <summary>
/// E-Supervision's side of the hold register (docs/alerts.md, "Holds"). A rapid alert matches the lots of this node
/// not yet completed (open or already held) of the enterprises it names: the named lots when it names lots; otherwise
/// the lots whose product category is the one the standards catalogue gives for the alert's HS heading (or a category
/// below it). When the catalogue lists no category for the heading, no lot matches: a lot is known by its category,
/// not by an HS code, and guessing would hold the wrong lots.
/// A hold placed holds the lot; a decision ends it once no other hold on the lot is active: released or re-processed
/// (treated on the line, then measured again), the lot is open again and may complete; destroyed or returned, the lot
/// is disposed of (<see cref="LotStatus.Disposed"/>).
/// </summary>
internal sealed class LotHolds(IStandardsLimits limits, IHoldRegister register, TimeProvider clock) :
    IHoldCandidates, IDomainEventHandler<HoldPlaced>, IDomainEventHandler<HoldDecided>
{
    public static string KeyOf(string uscc, string lot) => $"{uscc}/{lot}";

    public async Task<IReadOnlyList<HoldCandidate>> FindAsync(GqDbContext db, AlertHoldsRequested request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        var usccs = request.EnterpriseUsccs;
        if (usccs.Length == 0)
        {
            return [];
        }

        var query = db.Set<SupervisedLot>().AsNoTracking().Where(l => usccs.Contains(l.Uscc) && l.Status != LotStatus.Completed && l.Status != LotStatus.Disposed);
        if (request.Lots.Length > 0)
        {
            var lots = request.Lots;
            query = query.Where(l => lots.Contains(l.Number));
        }
        else
        {
            var heading = request.HsCode.Length >= 4 ? request.HsCode[..4] : request.HsCode;
            if (heading.Length < 4 || await limits.CategoryForHsAsync(heading, ct) is not { } category)
            {
                return [];
            }

            var below = category + ".";
            query = query.Where(l => l.ProductCode == category || l.ProductCode.StartsWith(below));
        }

        var found = await query.OrderBy(l => l.Uscc).ThenBy(l => l.Number).ToListAsync(ct);
        return [.. found.Select(l => new HoldCandidate(HoldSubjectKind.Lot, KeyOf(l.Uscc, l.Number), l.OfficeCode, $"lot {l.Number} of {l.Uscc} ({l.ProductCode})"))];
    }

    public async Task HandleAsync(GqDbContext db, HoldPlaced domainEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        if (domainEvent.Kind == HoldSubjectKind.Lot && await FindLotAsync(db, domainEvent.Key, ct) is { } lot)
        {
            lot.Hold(domainEvent.Reason, clock.GetUtcNow());
        }
    }

    public async Task HandleAsync(GqDbContext db, HoldDecided domainEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        var e = domainEvent;
        if (e.Kind != HoldSubjectKind.Lot || await FindLotAsync(db, e.Key, ct) is not { } lot || (await register.ActiveAsync(db, HoldSubjectKind.Lot, e.Key, ct)).Count > 0)
        {
            return;
        }

        // The decision's name is coded; the evidence is the officer's text, kept as typed.
        lot.EndHold(e.Decision is HoldStatus.Released or HoldStatus.Reprocessed,
            new Common.Message("supervision.hold.ended", new Common.Message("supervision.decision." + Common.WireNames.Of(e.Decision)), e.HoldId, e.Evidence).Store(SupervisedLot.MaxHoldReason));
    }

    private static async Task<SupervisedLot?> FindLotAsync(GqDbContext db, string key, CancellationToken ct)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return null;
        }

        var (uscc, number) = (key[..slash], key[(slash + 1)..]);
        return db.Set<SupervisedLot>().Local.FirstOrDefault(l => l.Uscc == uscc && l.Number == number)
            ?? await db.Set<SupervisedLot>().FirstOrDefaultAsync(l => l.Uscc == uscc && l.Number == number, ct);
    }
}
