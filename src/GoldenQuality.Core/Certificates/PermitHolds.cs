using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Certificates.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Certificates;

/// <summary>
/// Certificates' side of the hold register (docs/alerts.md, "Holds"). A rapid alert matches the permit rows of this
/// node not yet released — valid (not revoked, not expired) and not fully drawn — of a trader it names, with a line
/// under the alert's HS heading (first four digits): the issuer's rows, the ports' copies and Customs' copies of
/// clearance permits alike, each held for its own holder. A held row answers <see cref="CheckOutcome.Held"/> with the
/// reason at the port check and at the Customs verification, and nothing is drawn from it. A decision, once no hold on
/// the row is left: released or re-processed, the checks match again; destroyed or returned, the row is revoked with the
/// decision as the reason (each node revokes its own row when the decision reaches it).
/// </summary>
internal sealed class PermitHolds(IHoldRegister register, TimeProvider clock) :
    IHoldCandidates, IDomainEventHandler<HoldPlaced>, IDomainEventHandler<HoldDecided>
{
    public async Task<IReadOnlyList<HoldCandidate>> FindAsync(GqDbContext db, AlertHoldsRequested request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        var usccs = request.EnterpriseUsccs;
        if (usccs.Length == 0 || request.HsCode.Length < 4)
        {
            return [];
        }

        var heading = request.HsCode[..4];
        var now = clock.GetUtcNow();
        var rows = await db.Set<Permit>().AsNoTracking().Where(p => usccs.Contains(p.TraderUscc) && p.Status == PermitStatus.Valid).OrderBy(p => p.Number).ThenBy(p => p.Holder).ToListAsync(ct);
        return
        [
            .. rows.Where(p => p.ValidUntil > now && p.Remaining.Values.Any(r => r > 0) && p.Document.Lines.Any(l => l.HsCode.StartsWith(heading, StringComparison.Ordinal)))
                .Select(p => new HoldCandidate(HoldSubjectKind.Permit, p.Number, p.Holder,
                    $"{(p.Kind == PermitKind.Clearance ? "customs clearance permit" : "inspection permit")} {p.Number}{(p.IsCopy ? " (copy)" : "")} of {p.TraderUscc}, declaration {p.DeclarationNumber}, {string.Join("; ", p.Document.Lines.Select(l => $"{l.HsCode} {l.Description}"))}")),
        ];
    }

    public async Task HandleAsync(GqDbContext db, HoldPlaced domainEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        var e = domainEvent;
        if (e.Kind == HoldSubjectKind.Permit && await FindAsync(db, e.Key, e.Office, ct) is { } permit)
        {
            permit.Hold(e.Reason, e.AlertNumber);
        }
    }

    public async Task HandleAsync(GqDbContext db, HoldDecided domainEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        var e = domainEvent;
        if (e.Kind != HoldSubjectKind.Permit || await FindAsync(db, e.Key, e.Office, ct) is not { } permit
            || (await register.ActiveAsync(db, HoldSubjectKind.Permit, e.Key, ct)).Any(h => h.Office == e.Office))
        {
            return;
        }

        permit.Unhold();
        if (e.Decision is HoldStatus.Destroyed or HoldStatus.Returned && permit.Status != PermitStatus.Revoked)
        {
            var reason = $"{WireNames.Of(e.Decision)} by decision on hold {e.HoldId}{(e.AlertNumber is null ? "" : " under rapid alert " + e.AlertNumber)}: {e.Evidence}";
            permit.Revoke(reason.Length <= 1024 ? reason : reason[..1024], clock.GetUtcNow());
            if (!permit.IsCopy)
            {
                db.Raise(new PermitRevoked(permit.Number, permit.DeclarationNumber, "hold register", permit.RevocationReason!));
            }
        }
    }

    private static async Task<Permit?> FindAsync(GqDbContext db, string number, string holder, CancellationToken ct) =>
        db.Set<Permit>().Local.FirstOrDefault(p => p.Number == number && p.Holder == holder)
        ?? await db.Set<Permit>().FirstOrDefaultAsync(p => p.Number == number && p.Holder == holder, ct);
}
