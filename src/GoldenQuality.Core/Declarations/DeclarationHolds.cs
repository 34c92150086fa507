using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Declarations;

/// <summary>
/// E-Declaration's side of the hold register (docs/alerts.md, "Holds"). A rapid alert matches the open declarations of
/// this node — routed to an office (so not a draft never submitted), neither forwarded to another node nor finished
/// (released, cleared, held or refused by Customs, failed, withdrawn) — of an enterprise it names as trader, declarant
/// or manufacturer, with a goods line under the alert's HS heading (first four digits) or carrying a lot it names.
/// A hold writes a history entry naming the alert; while any hold is active the declaration gets no permit (the step
/// answers 409 naming the hold). A decision writes a history entry; once no hold is left: released or re-processed,
/// the declaration continues; destroyed or returned, the goods are not admitted and it ends as
/// <see cref="DeclarationStatus.Failed"/>.
/// </summary>
internal sealed class DeclarationHolds(IHoldRegister register, TimeProvider clock) :
    IHoldCandidates, IDomainEventHandler<HoldPlaced>, IDomainEventHandler<HoldDecided>
{
    private static readonly DeclarationStatus[] Open =
    [
        DeclarationStatus.Submitted, DeclarationStatus.AwaitingIssuer, DeclarationStatus.Accepted, DeclarationStatus.Inspection, DeclarationStatus.Passed,
        DeclarationStatus.PermitIssued, DeclarationStatus.Returned, DeclarationStatus.Draft,
    ];

    public async Task<IReadOnlyList<HoldCandidate>> FindAsync(GqDbContext db, AlertHoldsRequested request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        var usccs = request.EnterpriseUsccs;
        if (usccs.Length == 0)
        {
            return [];
        }

        var heading = request.HsCode.Length >= 4 ? request.HsCode[..4] : null;
        var rows = await db.Set<Declaration>().AsNoTracking()
            .Where(d => Open.Contains(d.Status) && d.Office != null && (usccs.Contains(d.TraderUscc) || usccs.Contains(d.DeclarantUscc) || usccs.Contains(d.ManufacturerUscc!)))
            .OrderBy(d => d.Number).ToListAsync(ct);
        return
        [
            .. rows.Where(d => d.Data.Lines.Any(l => (heading is not null && l.HsCode.StartsWith(heading, StringComparison.Ordinal)) || l.Lots.Intersect(request.Lots, StringComparer.Ordinal).Any()))
                .Select(d => new HoldCandidate(HoldSubjectKind.Declaration, d.Number, d.Office!,
                    $"{WireNames.Of(d.Kind)} declaration {d.Number} of {d.TraderUscc}, {string.Join("; ", d.Data.Lines.Select(l => $"{l.HsCode} {l.Description}"))}")),
        ];
    }

    public Task HandleAsync(GqDbContext db, HoldPlaced domainEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        var e = domainEvent;
        return e.Kind != HoldSubjectKind.Declaration ? Task.CompletedTask
            : DeclarationStages.RecordAsync(db, clock, e.Key, "held", null, e.AlertNumber is null ? "hold register" : "rapid alert " + e.AlertNumber, new Message("decl.event.held", Message.FromStored(e.Reason), e.HoldId), ct);
    }

    public async Task HandleAsync(GqDbContext db, HoldDecided domainEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        var e = domainEvent;
        if (e.Kind != HoldSubjectKind.Declaration)
        {
            return;
        }

        var left = (await register.ActiveAsync(db, HoldSubjectKind.Declaration, e.Key, ct)).Count;
        var ends = left == 0 && e.Decision is HoldStatus.Destroyed or HoldStatus.Returned;
        var decided = new Message("decl.event.hold-decided", e.HoldId, Message.Term("hold.decision.", WireNames.Of(e.Decision)), e.Evidence ?? "");
        var detail = left > 0 ? Message.List([decided, new Message("decl.holds-still-active", left)]) : ends ? Message.List([decided, new Message("decl.goods-not-admitted")]) : decided;
        await DeclarationStages.RecordAsync(db, clock, e.Key, "hold-decided", null, e.AlertNumber is null ? "hold register" : "rapid alert " + e.AlertNumber,
            detail, ct, ends ? d => d.EndByHold(clock.GetUtcNow()) : null);
    }

    /// <summary>The first active hold on a declaration, if any: the step that would give it a permit answers 409 naming it.</summary>
    public async Task<ActiveHold?> HoldOnAsync(GqDbContext db, string number, CancellationToken ct) =>
        (await register.ActiveAsync(db, HoldSubjectKind.Declaration, number, ct)).FirstOrDefault();

    public static Message Describe(string number, ActiveHold hold) => new("decl.held", number, hold.Id, Message.FromStored(hold.Reason));
}
