using System.Globalization;
using GoldenQuality.Audit.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Certificates.Contracts;

public sealed record PermitView(
    string Number, string Kind, int Revision, string Status, string Holder, bool IsCopy, PermitDocument Document, string Digest, string Signature, string QrPayload,
    RemainingView[] Remaining, string[] SentTo, string? ClearancePermit, DateTimeOffset? RevokedAt, string? RevocationReason);

public sealed record ReleaseView(CheckView Check, string ClearancePermit, string[] ClearanceSentTo, string[] NotSent);

public sealed record RevokeRequest(string? Reason);

public sealed record AmendLine(int? Sequence, decimal? Quantity);

public sealed record AmendRequest(AmendLine[]? Lines, DateTimeOffset? ValidUntil, string? Reason);

public sealed record CheckLogView(DateTimeOffset At, string Office, string Actor, string PermitNumber, string Outcome, string Detail);

/// <summary>Checks a paper permit against the office's electronic copy; a refusal is kept for audit. Works offline.</summary>
public sealed class CheckPaperPermit
{
    /// <summary>The local purpose a port checks a paper permit for (the audit entry's purpose).</summary>
    public const string Purpose = "paper-check";

    private readonly GqDbContext db;
    private readonly TimeProvider clock;
    private readonly IReadAudit audit;

    public CheckPaperPermit(GqDbContext db, TimeProvider clock, IReadAudit audit) => (this.db, this.clock, this.audit) = (db, clock, audit);

    public async Task<HandlerResult<CheckView>> HandleAsync(Actor actor, CheckRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (!actor.IsOfficial || actor.OrganisationCode is not { } office)
        {
            return Problems.Forbidden(new Message("permit.forbidden.check"));
        }

        var v = new Validation();
        var (number, code, digest) = PermitChecks.Read(v, request.Qr, request.Number, request.VerificationCode);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var now = clock.GetUtcNow();
        var (view, _) = await PermitChecks.CheckAsync(db, office, number, code, digest, request.Paper, now, track: false, ct);
        // The check serves what the electronic copy holds: audited before it is shown.
        if (await audit.RecordOrRefuseAsync(ProtectedRead.By(actor, Purpose, "permit", number, AuditFields.Of<CheckView>()), ct) is { } refused)
        {
            return refused;
        }

        if (view.Outcome != CheckOutcome.Match)
        {
            // Every refused paper is kept for audit (forgeries included); a match changes nothing, the release that follows is kept.
            db.Add(PermitChecks.Record(Ids.New(clock), now, office, actor.UserName, view, null));
            await db.SaveChangesAsync(ct);
        }
        return view;
    }
}

/// <summary>
/// One permit as this office holds it (issuer or copy holder), or as its trader sees it: the officer's view and the
/// paper PDF. Each read is in the audit log before it is served (kind <c>permit</c>, key its number).
/// </summary>
public sealed class GetPermit(GqDbContext db, Registry.Contracts.IRegistryDirectory directory, IReadAudit audit)
{
    /// <summary>The local purpose a permit is read for (the audit entry's purpose).</summary>
    public const string Purpose = "permit";

    /// <summary>The field named in the audit entry of a paper (PDF) read.</summary>
    public const string PaperField = "paper-pdf";

    public async Task<HandlerResult<PermitView>> HandleAsync(Actor actor, string number, CancellationToken ct)
    {
        var (permit, problem) = await ReadAsync(actor, number, AuditFields.Of<PermitView>(), ct);
        return permit is null ? problem! : PermitSteps.View(permit);
    }

    /// <summary>The permit visible to the actor, once its read (of <paramref name="fields"/>) is audited.</summary>
    internal async Task<(Permit? Permit, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Problem)> ReadAsync(Actor actor, string number, IReadOnlyList<string> fields, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (permit, problem) = await PermitSteps.VisibleAsync(actor, db, directory, number, ct);
        if (permit is null)
        {
            return (null, problem);
        }

        var refused = await audit.RecordOrRefuseAsync(ProtectedRead.By(actor, Purpose, "permit", permit.Number, fields), ct);
        return refused is null ? (permit, null) : (null, refused);
    }
}

/// <summary>Port release: the paper must match; the shipment's quantities are drawn from the permit and the customs clearance permit goes to Customs (<see cref="ShipmentReleased"/>).</summary>
public sealed class ReleaseShipment
{
    private readonly GqDbContext db;
    private readonly TimeProvider clock;
    private readonly PermitService permits;

    internal ReleaseShipment(GqDbContext db, TimeProvider clock, PermitService permits) => (this.db, this.clock, this.permits) = (db, clock, permits);

    public async Task<HandlerResult<ReleaseView>> HandleAsync(Actor actor, ReleaseRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (!actor.IsOfficial || actor.OrganisationCode is not { } office)
        {
            return Problems.Forbidden(new Message("permit.forbidden.release"));
        }

        var v = new Validation();
        var (number, code, digest) = PermitChecks.Read(v, request.Qr, request.Number, request.VerificationCode);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var now = clock.GetUtcNow();
        var (view, copy) = await PermitChecks.CheckAsync(db, office, number, code, digest, request.Paper, now, track: true, ct);
        if (view.Outcome != CheckOutcome.Match)
        {
            // The refusal is kept (a forgery attempt matters), nothing else is written.
            db.ChangeTracker.Clear();
            db.Add(PermitChecks.Record(Ids.New(clock), now, office, actor.UserName, view, null));
            await db.SaveChangesAsync(ct);
            var field = view.Outcome switch
            {
                CheckOutcome.Mismatch => view.Differences[0].Field,
                CheckOutcome.QuantityExhausted => "drawDown",
                _ => request.Qr is { Length: > 0 } ? "qr" : "number",
            };
            return Problems.Conflict(field, view.OutcomeAndDetail(),
                new Dictionary<string, object?> { ["outcome"] = WireNames.Of(view.Outcome), ["differences"] = view.Differences });
        }

        if (copy!.Kind != PermitKind.Inspection)
        {
            return Problems.Conflict("number", new Message("permit.is-clearance", number));
        }

        var draws = PermitChecks.ReadDrawDown(v, request.DrawDown, view);
        if (!v.IsValid)
        {
            return v.Result();
        }

        copy.Draw(draws);
        var document = copy.Document;
        var lines = document.Lines.Where(l => draws.ContainsKey(l.Sequence)).Select(l => l with { Quantity = draws[l.Sequence] }).ToArray();
        var clearance = permits.IssueClearance(new PermitDocumentDraft(document.DeclarationNumber, document.DeclarationKind, office, document.Port, document.PortOffice,
            document.TraderUscc, document.TraderName, document.ManufacturerUscc, document.Country, lines, document.Number), causedBy: copy.SourceEnvelope);
        copy.ClearedWith(clearance.Permit.Number);
        db.Add(PermitChecks.Record(Ids.New(clock), now, office, actor.UserName, view, draws));
        var drawn = string.Join(", ", lines.Select(l => string.Create(CultureInfo.InvariantCulture, $"line {l.Sequence}: {l.Quantity} {l.Unit}")));
        db.Raise(new ShipmentReleased(number, document.DeclarationNumber, office, actor.UserName, drawn, clearance.Permit.Number, clearance.SentTo));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("drawDown", new Message("permit.draw.concurrent"));
        }

        var after = view with { Remaining = [.. view.Remaining.Select(r => r with { Remaining = r.Remaining - draws.GetValueOrDefault(r.Sequence) })] };
        return new ReleaseView(after, clearance.Permit.Number, clearance.SentTo, clearance.NotSent);
    }
}

/// <summary>Revokes a permit the office issued; every holder of a copy is told (<see cref="PermitRevoked"/>).</summary>
public sealed class RevokePermit
{
    private readonly GqDbContext db;
    private readonly PermitService permits;

    internal RevokePermit(GqDbContext db, PermitService permits) => (this.db, this.permits) = (db, permits);

    public async Task<HandlerResult<PermitView>> HandleAsync(Actor actor, string number, RevokeRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var (permit, problem) = await PermitSteps.IssuedAsync(actor, db, number, ct);
        if (permit is null)
        {
            return problem!;
        }

        var v = new Validation();
        var reason = v.Required("reason", request.Reason, 1024);
        if (!v.IsValid)
        {
            return v.Result();
        }

        if (permit.Status == PermitStatus.Revoked)
        {
            return Problems.Conflict("status", new Message("permit.already-revoked", number));
        }

        await permits.RevokeAsync(permit, reason, ct);
        db.Raise(new PermitRevoked(number, permit.DeclarationNumber, actor.UserName, reason));
        await db.SaveChangesAsync(ct);
        return PermitSteps.View(permit);
    }
}

/// <summary>A new signed revision of a permit the office issued (quantities, validity); every holder gets it (<see cref="PermitAmended"/>).</summary>
public sealed class AmendPermit
{
    private readonly GqDbContext db;
    private readonly PermitService permits;
    private readonly TimeProvider clock;

    internal AmendPermit(GqDbContext db, PermitService permits, TimeProvider clock) => (this.db, this.permits, this.clock) = (db, permits, clock);

    public async Task<HandlerResult<PermitView>> HandleAsync(Actor actor, string number, AmendRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var (permit, problem) = await PermitSteps.IssuedAsync(actor, db, number, ct);
        if (permit is null)
        {
            return problem!;
        }

        if (permit.Status == PermitStatus.Revoked)
        {
            return Problems.Conflict("status", new Message("permit.revoked-no-amend", number));
        }

        var v = new Validation();
        var reason = v.Required("reason", request.Reason, 1024);
        var document = permit.Document;
        var quantities = new Dictionary<int, decimal>();
        foreach (var (l, i) in (request.Lines ?? []).Select((l, i) => (l, i)))
        {
            var f = string.Create(CultureInfo.InvariantCulture, $"lines[{i}]");
            if (document.Lines.All(x => x.Sequence != l.Sequence))
            {
                v.Add(f + ".sequence", new Message("permit.no-such-line"));
            }
            else if (l.Quantity is not > 0)
            {
                v.Add(f + ".quantity", new Message("permit.quantity-positive"));
            }
            else
            {
                quantities[l.Sequence!.Value] = l.Quantity.Value;
            }
        }

        if (request.ValidUntil is { } until && until <= clock.GetUtcNow())
        {
            v.Add("validUntil", new Message("permit.valid-until-future"));
        }

        if (quantities.Count == 0 && request.ValidUntil is null)
        {
            v.Add("lines", new Message("permit.amend-nothing"));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        permits.Amend(permit, quantities, request.ValidUntil);
        db.Raise(new PermitAmended(number, permit.DeclarationNumber, permit.Revision, actor.UserName, reason));
        await db.SaveChangesAsync(ct);
        return PermitSteps.View(permit);
    }
}

/// <summary>
/// The inspection permits a port office received electronically, newest first: the inbox from which its officers check
/// the paper that comes with a shipment. Each is evaluated now (valid, revoked, held, expired, what is left to draw).
/// </summary>
public sealed class ReceivedPermitCopies(GqDbContext db, TimeProvider clock)
{
    public async Task<HandlerResult<Paged<CheckView>>> HandleAsync(Actor actor, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsOfficial || actor.OrganisationCode is not { } office)
        {
            return Problems.Forbidden(new Message("permit.forbidden.copies"));
        }

        if (Paging.Invalid(page, pageSize, out var p, out var size) is { } invalid)
        {
            return invalid;
        }

        return await PermitCopies.ReceivedAsync(db, office, PermitKind.Inspection, p, size, clock.GetUtcNow(), ct);
    }
}

/// <summary>The office's refused checks (forgeries included) and releases, newest first.</summary>
public sealed class PermitCheckLog
{
    private readonly GqDbContext db;

    public PermitCheckLog(GqDbContext db) => this.db = db;

    public async Task<HandlerResult<Paged<CheckLogView>>> HandleAsync(Actor actor, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsOfficial || actor.OrganisationCode is not { } office)
        {
            return Problems.Forbidden(new Message("permit.forbidden.checks"));
        }

        if (Paging.Invalid(page, pageSize, out var p, out var size) is { } invalid)
        {
            return invalid;
        }

        var query = db.Set<PermitCheck>().AsNoTracking().Where(c => c.Office == office);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(c => c.At).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<CheckLogView>([.. rows.Select(c => new CheckLogView(c.At, c.Office, c.Actor, c.PermitNumber, c.Outcome, Message.Show(c.Detail) ?? ""))], p, size, total);
    }
}
