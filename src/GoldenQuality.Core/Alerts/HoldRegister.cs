using System.Globalization;
using System.Text.Json;
using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Alerts;

/// <summary>
/// The hold register of this node (<see cref="IHoldRegister"/>): places holds (raising <see cref="HoldPlaced"/> for the
/// module that owns the subject), applies decisions (raising <see cref="HoldDecided"/>), writes the decision into the
/// alert's timeline when this node has the alert, and sends <c>alerts.hold.decided</c> to the hold's parties on other
/// nodes. It never saves: the caller's save commits the hold, the subject's change and the message together.
/// </summary>
internal sealed class HoldRegister(ExchangeNode node, ExchangeSender sender, TimeProvider clock) : IHoldRegister
{
    public TimeProvider Clock => clock;

    public string NodeId => node.Enabled ? node.Id : "local";

    public async Task<Guid?> PlaceAsync(GqDbContext db, HoldCandidate subject, HoldOrigin origin, Message reason, string? alertNumber, string[] parties, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(parties);
        bool Same(HoldRow h) => h.Kind == subject.Kind && h.Key == subject.Key && h.Office == subject.Office && h.AlertNumber == alertNumber && h.Status == HoldStatus.Active;
        if (db.Set<HoldRow>().Local.Any(Same) || await db.Set<HoldRow>().AnyAsync(h => h.Kind == subject.Kind && h.Key == subject.Key && h.Office == subject.Office
                && h.AlertNumber == alertNumber && h.Status == HoldStatus.Active, ct))
        {
            return null;
        }

        var hold = HoldRow.Place(Ids.New(clock), subject, origin, reason.Store(HoldRow.MaxReason), alertNumber, parties, clock.GetUtcNow());
        db.Add(hold);
        db.Raise(new HoldPlaced(hold.Id, hold.Kind, hold.Key, hold.Office, hold.Reason, alertNumber));
        return hold.Id;
    }

    public async Task<IReadOnlyList<ActiveHold>> ActiveAsync(GqDbContext db, HoldSubjectKind kind, string key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var stored = await db.Set<HoldRow>().AsNoTracking().Where(h => h.Kind == kind && h.Key == key && h.Status == HoldStatus.Active)
            .Select(h => new ActiveHold(h.Id, h.Office, h.Reason, h.AlertNumber)).ToListAsync(ct);
        var local = db.Set<HoldRow>().Local.Where(h => h.Kind == kind && h.Key == key).ToDictionary(h => h.Id);
        return
        [
            .. stored.Where(s => !local.TryGetValue(s.Id, out var l) || l.Status == HoldStatus.Active),
            .. local.Values.Where(l => l.Status == HoldStatus.Active && stored.All(s => s.Id != l.Id)).Select(l => new ActiveHold(l.Id, l.Office, l.Reason, l.AlertNumber)),
        ];
    }

    /// <summary>
    /// Decides a hold of this node and, for an alert's hold, the other active holds of this node on the same subject
    /// under the same alert (the issuer's row and a port copy of one permit); records the decision in the alert's
    /// timeline and sends it to the hold's parties on other nodes.
    /// </summary>
    public async Task DecideAsync(GqDbContext db, HoldRow hold, HoldStatus decision, string evidence, RetestReport? report, string by, string office, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var decisionId = Ids.New(clock);
        var holds = new List<HoldRow> { hold };
        if (hold.AlertNumber is not null)
        {
            holds.AddRange(await SameSubjectAsync(db, hold.Kind, hold.Key, hold.AlertNumber, ct));
        }

        foreach (var h in holds.DistinctBy(h => h.Id))
        {
            Apply(db, h, decision, evidence, report, by, office, NodeId, now);
        }

        var message = new HoldDecision(hold.AlertNumber, WireNames.Of(hold.Kind), hold.Key, WireNames.Of(decision), evidence, by, office, NodeId, now, decisionId,
            report?.Number, report?.Result);
        await RecordInTimelineAsync(db, message, ct);
        if (!node.Enabled || node.Directory.Current is null)
        {
            return;
        }

        var recipients = hold.PartyList.Where(p => Parties.NodeOf(p) != node.Id).Distinct(StringComparer.Ordinal).ToArray();
        if (recipients.Length > 0)
        {
            sender.As(SendingModule.Alerts).Send(db, AlertsWire.HoldDecidedType, message, recipients, senderOffice: node.PartyOf(office) is null ? null : office,
                correlationId: AlertRules.CorrelationOf(hold.AlertNumber ?? $"{WireNames.Of(hold.Kind)}:{hold.Key}"));
        }
    }

    /// <summary>Applies a decision received from another node to this node's active holds of the subject under the same alert; none left is a duplicate or late message, ignored.</summary>
    public async Task<int> ApplyReceivedAsync(GqDbContext db, HoldDecision d, HoldSubjectKind kind, HoldStatus decision, CancellationToken ct)
    {
        var holds = await SameSubjectAsync(db, kind, d.SubjectKey, d.AlertNumber, ct);
        var report = d.RetestReportNumber is null ? null : new RetestReport(d.RetestReportNumber, d.RetestResult, null);
        foreach (var h in holds)
        {
            Apply(db, h, decision, d.Evidence, report, d.DecidedBy, d.Office, d.Node, clock.GetUtcNow());
        }

        await RecordInTimelineAsync(db, d, ct);
        return holds.Count;
    }

    private static async Task<List<HoldRow>> SameSubjectAsync(GqDbContext db, HoldSubjectKind kind, string key, string? alert, CancellationToken ct)
    {
        var found = await db.Set<HoldRow>().Where(h => h.Kind == kind && h.Key == key && h.AlertNumber == alert && h.Status == HoldStatus.Active).ToListAsync(ct);
        return found;
    }

    private static void Apply(GqDbContext db, HoldRow h, HoldStatus decision, string evidence, RetestReport? report, string by, string office, string node, DateTimeOffset now)
    {
        h.Decide(decision, evidence, report?.Number, report?.Result, report?.Laboratory, by, office, node, now);
        db.Raise(new HoldDecided(h.Id, h.Kind, h.Key, h.Office, decision, evidence, h.AlertNumber));
    }

    /// <summary>A <see cref="FollowUpKind.HoldDecision"/> entry in the alert's timeline, once per decision, if this node has the alert.</summary>
    private async Task RecordInTimelineAsync(GqDbContext db, HoldDecision d, CancellationToken ct)
    {
        if (d.AlertNumber is null || d.Id is not { } id)
        {
            return;
        }

        var alert = await db.Set<AlertNotificationRow>().Where(n => n.Number == d.AlertNumber).Select(n => new { n.Id }).FirstOrDefaultAsync(ct);
        if (alert is null || db.Set<AlertFollowUpRow>().Local.Any(f => f.NotificationId == alert.Id && f.MessageId == id)
            || await db.Set<AlertFollowUpRow>().AnyAsync(f => f.NotificationId == alert.Id && f.MessageId == id, ct))
        {
            return;
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"{d.SubjectKind} {d.SubjectKey}: {d.Decision}. {d.Evidence}");
        var party = $"{d.Node}/{d.Office}";
        db.Add(AlertFollowUpRow.Create(Ids.New(clock), alert.Id,
            new AlertFollowUp(id, d.AlertNumber, WireNames.Of(FollowUpKind.HoldDecision), d.Office, party, d.DecidedBy, HoldRow.Cut(text, 4000), null, d.At), d.At));
    }
}

/// <summary>
/// Places the holds a validated alert asks for (<see cref="AlertHoldsRequested"/>): asks every module of this node that
/// owns holdable subjects (<see cref="IHoldCandidates"/>) and holds each match, in the same save.
/// </summary>
internal sealed class AlertHoldsRequestedHandler(IServiceProvider services, HoldRegister register) : IDomainEventHandler<AlertHoldsRequested>
{
    public async Task HandleAsync(GqDbContext db, AlertHoldsRequested domainEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        var e = domainEvent;
        var what = e.Reason.StartsWith(e.AlertNumber + ": ", StringComparison.Ordinal) ? e.Reason[(e.AlertNumber.Length + 2)..] : e.Reason;
        // Kept coded (shown in the reader's language where it is read); the alert's text is an argument, as given. It fits
        // the register's column and the permit's copy (HeldReason, 1024), or falls back to its English text cut to fit.
        var reason = new Message("alert.hold.reason", e.AlertNumber, what);
        foreach (var candidates in services.GetServices<IHoldCandidates>())
        {
            foreach (var c in await candidates.FindAsync(db, e, ct))
            {
                await register.PlaceAsync(db, c, HoldOrigin.Alert, reason, e.AlertNumber, e.Parties, ct);
            }
        }
    }
}

/// <summary>
/// Receives <c>alerts.hold.decided</c>: a decision taken on the node hosting the deciding office (checked against the
/// directory) is applied to this node's active holds of the same subject under the same alert; a decision for holds
/// already decided (a duplicate, a late message) changes nothing.
/// </summary>
internal sealed class HoldDecidedHandler(ExchangeNode node, HoldRegister register) : IEnvelopeHandler
{
    public bool Handles(string type) => type == AlertsWire.HoldDecidedType;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(header);
        var d = payload.Deserialize<HoldDecision>(Envelopes.Json) ?? throw new InvalidOperationException($"{AlertsWire.HoldDecidedType} carries no decision.");
        if (!WireNames.TryParse<HoldSubjectKind>(d.SubjectKind, out var kind) || !WireNames.TryParse<HoldStatus>(d.Decision, out var decision) || decision == HoldStatus.Active
            || string.IsNullOrEmpty(d.SubjectKey) || d.SubjectKey.Length > 100 || string.IsNullOrEmpty(d.Evidence) || d.Evidence.Length > HoldRow.MaxEvidence
            || string.IsNullOrEmpty(d.Office) || string.IsNullOrEmpty(d.DecidedBy) || d.AlertNumber is { Length: > 64 })
        {
            throw new InvalidOperationException($"{AlertsWire.HoldDecidedType} needs a subject kind and key, a decision other than active, evidence (at most {HoldRow.MaxEvidence} characters), the office and who decided.");
        }

        if (Parties.NodeOf(header.Sender) != d.Node || node.Directory.Current?.HostOf(d.Office)?.Id != d.Node)
        {
            throw new InvalidOperationException($"a decision of {d.Office} comes from the node hosting it, not from {Parties.NodeOf(header.Sender)} (the decision names {d.Node}).");
        }

        await register.ApplyReceivedAsync(db, d, kind, decision, ct);
    }
}
