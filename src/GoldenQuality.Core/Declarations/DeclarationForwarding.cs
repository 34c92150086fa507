using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace GoldenQuality.Declarations;

/// <summary>
/// Routing across nodes (decision 0014): a declaration routed to an office that the federation directory says another
/// node hosts is forwarded there (<see cref="DeclarationsWire.ForwardedType"/>) instead of being inspected here; the
/// receiving node creates and submits it through the same validation and flow as its API and reports each status it
/// reaches back to the origin (<see cref="DeclarationsWire.StatusChangedType"/>). An office no node hosts, or a host no
/// agreement lets this node forward to, is a refusal at submit.
/// </summary>
internal sealed class DeclarationForwarding(ExchangeNode node, ExchangeSender sender, TimeProvider clock)
{
    /// <summary>
    /// Where a declaration routed to <paramref name="office"/> is handled: <c>Host</c> null means here; a <c>Problem</c>
    /// refuses the submission. Without the exchange (a single node) everything is handled here.
    /// </summary>
    public (string? Host, Message? Problem) Target(string office, bool forwardedIn)
    {
        if (!node.Enabled || node.Directory.Current is not { } directory)
        {
            return (null, null);
        }

        var host = directory.HostOf(office);
        if (host is null)
        {
            return (null, new Message("decl.forward.no-host", office));
        }

        if (host.Id == node.Id)
        {
            return (null, null);
        }

        if (forwardedIn)
        {
            // Never forwarded twice: the origin and this node disagree about who hosts the office.
            return (null, new Message("decl.forward.not-here", office, host.Id, node.Id));
        }

        var (valid, expired) = directory.Find(node.Id, host.Id, DeclarationsWire.ForwardedType, dataset: false, clock.GetUtcNow());
        return valid is null
            ? (null, new Message(expired is null ? "decl.forward.no-agreement" : "decl.forward.expired-agreement", office, host.Id, node.Id))
            : (host.Id, null);
    }

    /// <summary>Forwards a submitted, routed declaration to <paramref name="host"/> in the caller's save: status forwarded, the reason in its history.</summary>
    public bool Forward(GqDbContext db, Declaration d, string host, string submittedBy, DateTimeOffset now, Validation v)
    {
        var forwardId = Ids.New(clock);
        var message = new DeclarationForwarded(forwardId, node.Id, d.Id, d.Number, d.Office!, d.RoutingReason ?? "", submittedBy, now, DeclarationFlow.ToRequest(d.Data));
        var sent = sender.As(SendingModule.Declarations).Send(db, DeclarationsWire.ForwardedType, message, [host], null, forwardId, d.Id);
        if (sent.Denied.Count > 0)
        {
            v.Add(d.Kind == DeclarationKind.Export ? "manufacturerUscc" : "portOfEntry",
                new Message("decl.forward.denied", d.Office!, host, string.Join("; ", sent.Denied.Select(x => x.Reason))));
            return false;
        }

        d.ForwardTo(host, forwardId);
        d.Move(DeclarationStatus.Forwarded, now);
        db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "forwarded", "routing", new Message("decl.event.forwarded", d.Office, host)));
        return true;
    }

    /// <summary>
    /// At the receiving node, in the caller's save: when a forwarded declaration has reached a status it has not yet
    /// reported, tells the origin (number, status, permit, reasons). Called wherever such a declaration changes.
    /// The exchange services come from the context's application services, so that the static save paths can report too.
    /// </summary>
    public static void Report(GqDbContext db, Declaration d)
    {
        if (d.ForwardedFrom is not { } origin || d.ForwardId is not { } forwardId)
        {
            return;
        }

        var status = WireNames.Of(d.Status);
        if (status == d.RemoteStatus)
        {
            return;
        }

        var node = db.GetService<ExchangeNode>();
        var clock = db.GetService<TimeProvider>();
        if (!node.Enabled || node.Directory.Current is null)
        {
            return;
        }

        var why = d.Status switch
        {
            DeclarationStatus.Returned => Message.FromStored(d.ReturnReasons),
            DeclarationStatus.AwaitingIssuer => Message.FromStored(d.AwaitingIssuerReason),
            DeclarationStatus.Inspection => new Message("decl.remote.risk", d.Risk is { } r ? Message.Term("risk.outcome.", WireNames.Of(r)) : "?", d.RiskScore),
            DeclarationStatus.PermitIssued => new Message("decl.remote.permit", d.PermitNumber),
            DeclarationStatus.Cleared or DeclarationStatus.CustomsHeld or DeclarationStatus.CustomsRefused => new Message("decl.remote.customs", d.CustomsDecision),
            _ => null,
        };
        var stated = new Message("decl.remote.status", Message.Term("decl.status.", status), node.Id, d.Office, d.Number);
        var detail = why is null ? stated : new Message("decl.remote.status-why", stated, why);
        var now = clock.GetUtcNow();
        var message = new DeclarationStatusChanged(forwardId, d.RemoteNumber ?? "", d.Number, status, d.PermitNumber, detail.Store(2000), now);
        var sent = new ExchangeSender(node, clock).As(SendingModule.Declarations).Send(db, DeclarationsWire.StatusChangedType, message, [origin], null, forwardId, d.Id);
        d.Reported(status);
        db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "reported-to-origin", "routing", sent.Denied.Count == 0
            ? new Message("decl.event.reported", Message.Term("decl.status.", status), origin, d.RemoteNumber)
            : new Message("decl.event.not-reported", Message.Term("decl.status.", status), origin, string.Join("; ", sent.Denied.Select(x => x.Reason)))));
    }

    /// <summary>Tells the origin that this node could not take the forwarded declaration, with every reason (field: reason).</summary>
    public void ReportRefused(GqDbContext db, string origin, DeclarationForwarded m, string reasons)
    {
        var message = new DeclarationStatusChanged(m.ForwardId, m.OriginNumber, null, DeclarationsWire.Refused, null,
            new Message("decl.remote.refused", node.Id, reasons).Store(2000), clock.GetUtcNow());
        sender.As(SendingModule.Declarations).Send(db, DeclarationsWire.StatusChangedType, message, [origin], null, m.ForwardId, null);
    }

    internal static string Cut(string? text, int max) => text is null ? "" : text.Length > max ? text[..max] : text;
}

/// <summary>
/// Receives a forwarded declaration (<see cref="DeclarationsWire.ForwardedType"/>) and makes it this node's own: created
/// and submitted through the same validation, routing, formal check, check at the source and risk decision as the API,
/// in the inbox's transaction; the outcome goes back to the origin. Received twice, it creates one declaration (keyed on
/// the origin node and the forwarding's id). A declaration this node cannot take is answered <c>refused</c> with every
/// reason, and nothing is kept.
/// </summary>
internal sealed class DeclarationForwardedHandler(DeclarationFlow flow, DeclarationForwarding forwarding, TimeProvider clock) : IEnvelopeHandler
{
    public bool Handles(string type) => type == DeclarationsWire.ForwardedType;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(header);
        var m = payload.Deserialize<DeclarationForwarded>(Envelopes.Json);
        if (m is null || m.ForwardId == Guid.Empty || string.IsNullOrWhiteSpace(m.OriginNumber) || string.IsNullOrWhiteSpace(m.Office) || m.Declaration is null)
        {
            throw new InvalidOperationException($"{DeclarationsWire.ForwardedType} needs forwardId, originNumber, office and declaration");
        }

        var origin = Parties.NodeOf(header.Sender);
        if (m.OriginNode != origin)
        {
            throw new InvalidOperationException($"{DeclarationsWire.ForwardedType} from {origin} names another origin node ({m.OriginNode})");
        }

        var forwardId = m.ForwardId;
        if (db.Set<Declaration>().Local.Any(x => x.ForwardedFrom == origin && x.ForwardId == forwardId) ||
            await db.Set<Declaration>().AnyAsync(x => x.ForwardedFrom == origin && x.ForwardId == forwardId, ct))
        {
            return; // received twice: it is already this node's declaration
        }

        var actor = new Actor(Guid.Empty, DeclarationForwarding.Cut($"{m.SubmittedBy} ({origin})", 128), UserRoles.System, null, null, null, null, null);
        var v = new Validation();
        var d = await flow.CreateAsync(m.Declaration, actor, v, ct);
        if (d is not null)
        {
            d.ForwardedIn(origin, forwardId, m.OriginNumber);
            db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, clock.GetUtcNow(), "forwarded-in", DeclarationForwarding.Cut(header.Sender, 128),
                new Message("decl.event.forwarded-in", origin, m.OriginNumber, m.SubmittedBy, m.Office, Message.FromStored(m.RoutingReason))));
            if (await flow.SubmitAsync(d, actor, v, ct))
            {
                DeclarationForwarding.Report(db, d);
                return;
            }

            // Nothing of a declaration this node could not take is kept.
            foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added && (e.Entity is Declaration x && x.Id == d.Id || e.Entity is DeclarationEvent h && h.DeclarationId == d.Id)).ToList())
            {
                entry.State = EntityState.Detached;
            }
        }

        var reasons = string.Join("; ", v.Errors.Select(e => $"{e.Field}: {string.Join(", ", e.Reasons)}"));
        forwarding.ReportRefused(db, origin, m, reasons);
    }
}

/// <summary>
/// At the origin: what the node a declaration was forwarded to reports (<see cref="DeclarationsWire.StatusChangedType"/>)
/// is kept on the declaration (its number, status and permit there) and in its history; a refusal or a return there
/// returns it here with the reasons, to amend and submit again. Only the node it was forwarded to may report on it.
/// </summary>
internal sealed class DeclarationStatusChangedHandler(TimeProvider clock) : IEnvelopeHandler
{
    public bool Handles(string type) => type == DeclarationsWire.StatusChangedType;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(header);
        var m = payload.Deserialize<DeclarationStatusChanged>(Envelopes.Json);
        if (m is null || m.ForwardId == Guid.Empty || string.IsNullOrWhiteSpace(m.Status))
        {
            throw new InvalidOperationException($"{DeclarationsWire.StatusChangedType} needs forwardId and status");
        }

        var from = Parties.NodeOf(header.Sender);
        var forwardId = m.ForwardId;
        var d = db.Set<Declaration>().Local.FirstOrDefault(x => x.ForwardId == forwardId && x.ForwardedTo != null)
            ?? await db.Set<Declaration>().FirstOrDefaultAsync(x => x.ForwardId == forwardId && x.ForwardedTo != null, ct);
        if (d is null || d.ForwardedTo != from)
        {
            throw new InvalidOperationException($"{DeclarationsWire.StatusChangedType} from {from}: no declaration of this node was forwarded to it as {forwardId}");
        }

        var now = clock.GetUtcNow();
        d.RemoteOutcome(m.Number, m.Status, m.PermitNumber, m.Detail, now);
        // The host's detail names its status, node, office and number, and the reasons or the permit.
        var text = m.Detail is { Length: > 0 } detail ? Message.FromStored(detail)!
            : new Message("decl.remote.status-only", m.Status, from, m.Number ?? "—", m.PermitNumber ?? "—");
        db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "forwarded-status", DeclarationForwarding.Cut(header.Sender, 128), text));
        if (m.Status is DeclarationsWire.Refused or "returned" && d.Status == DeclarationStatus.Forwarded)
        {
            d.Return(text);
            d.Move(DeclarationStatus.Returned, now);
            db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "returned", DeclarationForwarding.Cut(header.Sender, 128), text));
        }
    }
}
