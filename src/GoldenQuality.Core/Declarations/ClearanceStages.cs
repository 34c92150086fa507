using GoldenQuality.Certificates.Contracts;
using GoldenQuality.Clearance.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Persistence;

namespace GoldenQuality.Declarations;

/// <summary>
/// The stages of a declaration that other modules reach: Certificates (a copy received, the port's release, an
/// amendment or revocation) and Clearance (Customs' decision coming back). They raise past-tense events; these
/// handlers record the stage on the declaration, if this node holds it, in the same save.
/// </summary>
internal sealed class ClearanceStages(TimeProvider clock) :
    IDomainEventHandler<PermitCopyReceived>,
    IDomainEventHandler<ShipmentReleased>,
    IDomainEventHandler<PermitAmended>,
    IDomainEventHandler<PermitRevoked>,
    IDomainEventHandler<CustomsDecisionRecorded>
{
    public Task HandleAsync(GqDbContext db, PermitCopyReceived domainEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        return DeclarationStages.RecordAsync(db, clock, domainEvent.DeclarationNumber, "permit-copy-received", null, domainEvent.Sender,
            new Message("decl.event.permit-copy-received", domainEvent.PermitNumber, domainEvent.Holder), ct);
    }

    public async Task HandleAsync(GqDbContext db, ShipmentReleased domainEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        var e = domainEvent;
        await DeclarationStages.RecordAsync(db, clock, e.DeclarationNumber, "port-verified", DeclarationStatus.Released, e.Actor,
            new Message("decl.event.port-verified", e.Office, e.PermitNumber, e.Drawn), ct);
        await DeclarationStages.RecordAsync(db, clock, e.DeclarationNumber, "clearance-permit-issued", null, e.Actor,
            new Message("decl.event.clearance-permit-issued", e.ClearancePermitNumber, e.ClearanceSentTo.Count == 0 ? new Message("decl.nobody") : string.Join(", ", e.ClearanceSentTo)), ct);
    }

    public Task HandleAsync(GqDbContext db, PermitAmended domainEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        return DeclarationStages.RecordAsync(db, clock, domainEvent.DeclarationNumber, "permit-amended", null, domainEvent.Actor,
            new Message("decl.event.permit-amended", domainEvent.PermitNumber, domainEvent.Revision, domainEvent.Reason), ct);
    }

    public Task HandleAsync(GqDbContext db, PermitRevoked domainEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        return DeclarationStages.RecordAsync(db, clock, domainEvent.DeclarationNumber, "permit-revoked", null, domainEvent.Actor,
            new Message("decl.event.permit-revoked", domainEvent.PermitNumber, domainEvent.Reason), ct);
    }

    public Task HandleAsync(GqDbContext db, CustomsDecisionRecorded domainEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        var m = domainEvent;
        var status = m.Decision switch
        {
            CustomsDecisionKind.Cleared => DeclarationStatus.Cleared,
            CustomsDecisionKind.Held => DeclarationStatus.CustomsHeld,
            _ => DeclarationStatus.CustomsRefused,
        };
        return DeclarationStages.RecordAsync(db, clock, m.DeclarationNumber, "customs-decided", status, m.Sender,
            new Message(m.Note is null ? "decl.event.customs-decided" : "decl.event.customs-decided-note", Message.Term("customs.decision.", WireNames.Of(m.Decision)), m.ReasonCode,
                m.CustomsOffice, m.CustomsDeclarationNumber, Message.Term("customs.basis.", WireNames.Of(m.Basis)), m.PermitNumber, m.Note ?? ""),
            ct, d => d.CustomsDecided($"{WireNames.Of(m.Decision)} {m.ReasonCode}", m.Basis == ClearanceBasis.Electronic, m.DecidedAt));
    }
}
