using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Accountability.Contracts;

/// <summary>
/// Tracks the steps now (as the background tracker does every <c>Accountability:TrackEverySeconds</c>): opens the cases
/// of what this node sent and asked, completes and escalates steps. The exchange operator's.
/// </summary>
public sealed class TrackSteps
{
    private readonly StepTracker tracker;

    internal TrackSteps(StepTracker tracker) => this.tracker = tracker;

    public async Task<HandlerResult<StepTrackSummary>> HandleAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Policies.IsExchangeOperator(actor))
        {
            return Problems.Forbidden(new Message("step.run-forbidden", actor.UserName));
        }

        return await tracker.TrackAsync(ct);
    }
}

/// <summary>
/// The steps of the cases this node opened, by accountable party (a member id, e.g. <c>GQ/GOV/CUSTOMS</c>) and state,
/// most urgent first (overdue and open by deadline; done newest first). Any official of this node.
/// </summary>
public sealed class ListSteps
{
    public const int MaxPartyLength = 160;

    private readonly GqDbContext db;
    private readonly TimeProvider clock;

    internal ListSteps(GqDbContext db, TimeProvider clock)
    {
        this.db = db;
        this.clock = clock;
    }

    public async Task<HandlerResult<Paged<StepView>>> HandleAsync(Actor actor, string? party, string? state, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var v = new Validation();
        var who = v.Optional("party", party, MaxPartyLength);
        if (who is not null && !(who.StartsWith("GQ/", StringComparison.Ordinal) && who.Split('/') is { Length: 3 or 4 } parts && parts.All(x => x.Length > 0)))
        {
            v.Add("party", new Message("step.party"));
        }

        StepState? wanted = string.IsNullOrWhiteSpace(state) ? null : v.Enum<StepState>("state", state);
        var (p, size) = Paging.Read(v, page, pageSize);
        if (!v.IsValid)
        {
            return v.Result();
        }

        if (!actor.IsOfficial)
        {
            return Problems.Forbidden(new Message("step.read-forbidden", actor.UserName));
        }

        var now = clock.GetUtcNow();
        var q = db.Set<StepRow>().AsNoTracking();
        if (who is not null)
        {
            var member = Parties.MemberOf(who);
            q = q.Where(s => s.Accountable == member);
        }

        var ordered = wanted switch
        {
            StepState.Done => q.Where(s => s.CompletedAt != null).OrderByDescending(s => s.CompletedAt),
            StepState.Overdue => q.Where(s => s.CompletedAt == null && s.DueAt != null && s.DueAt < now).OrderBy(s => s.DueAt),
            StepState.Open => q.Where(s => s.CompletedAt == null && (s.DueAt == null || s.DueAt >= now)).OrderBy(s => s.DueAt == null).ThenBy(s => s.DueAt),
            _ => q.OrderBy(s => s.CompletedAt != null).ThenBy(s => s.DueAt == null).ThenBy(s => s.DueAt).ThenByDescending(s => s.OpenedAt),
        };
        var total = await ordered.CountAsync(ct);
        var rows = await ordered.ThenBy(s => s.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<StepView>([.. rows.Select(r => View(r, now))], p, size, total);
    }

    internal static StepView View(StepRow r, DateTimeOffset now) =>
        new(r.CaseEnvelope, r.CaseRecipient, r.CorrelationId, r.Agreement, r.MessageType, r.StepIndex, r.Step, r.Accountable, r.OwedTo, r.OpenedAt, r.DueAt,
            r.CompletedAt, r.IsDone ? r.OnTime : null, r.EscalatedAt,
            WireNames.Of(r.IsDone ? StepState.Done : r.IsOverdue(now) ? StepState.Overdue : StepState.Open));
}

/// <summary>
/// The on-time rate per accountable party on this node's cases: of the steps whose deadline fell in [from, to), those done by
/// the deadline over those done or overdue. Defaults to the last 30 days. Any official of this node.
/// </summary>
public sealed class GetOnTimeRates
{
    private readonly OnTimeRates rates;
    private readonly TimeProvider clock;

    internal GetOnTimeRates(OnTimeRates rates, TimeProvider clock)
    {
        this.rates = rates;
        this.clock = clock;
    }

    public async Task<HandlerResult<OnTimeRate[]>> HandleAsync(Actor actor, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = clock.GetUtcNow();
        var end = to ?? now;
        var start = from ?? end.AddDays(-30);
        var v = new Validation();
        if (start >= end)
        {
            v.Add("from", new Message("step.from-before-to"));
        }
        else if (end - start > TimeSpan.FromDays(366))
        {
            v.Add("from", new Message("step.window-max", 366));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (!actor.IsOfficial)
        {
            return Problems.Forbidden(new Message("step.rates-forbidden", actor.UserName));
        }

        return await rates.BetweenAsync(start, end, ct);
    }
}

/// <summary>The escalations this node keeps (its agency's overdue steps, and, on the coordinating body's node, everyone's), newest first. Any official of this node.</summary>
public sealed class ListEscalations
{
    private readonly GqDbContext db;

    internal ListEscalations(GqDbContext db) => this.db = db;

    public async Task<HandlerResult<Paged<EscalationView>>> HandleAsync(Actor actor, bool? toCoordinator, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Paging.Invalid(page, pageSize, out var p, out var size) is { } invalid)
        {
            return invalid;
        }

        if (!actor.IsOfficial)
        {
            return Problems.Forbidden(new Message("step.escalations-forbidden", actor.UserName));
        }

        var q = db.Set<EscalationRow>().AsNoTracking().Where(e => toCoordinator == null || e.ToCoordinator == toCoordinator);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(e => e.ReceivedAt).ThenBy(e => e.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<EscalationView>([.. rows.Select(e => new EscalationView(e.FromNode, e.ToCoordinator, e.CaseEnvelope, e.CaseRecipient, e.Agreement,
            e.MessageType, e.Step, e.Accountable, e.OwedTo, e.DueAt, e.EscalatedAt, e.ReceivedAt))], p, size, total);
    }
}
