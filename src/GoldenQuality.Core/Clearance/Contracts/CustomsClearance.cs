using GoldenQuality.Certificates.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Clearance.Contracts;

public sealed record CustomsCheckRequest(string? PermitNumber, CustomsLine[]? Lines);

public sealed record CustomsDecisionRequest(string? CustomsDeclarationNumber, string? PermitNumber, string? Basis, CustomsLine[]? Lines, string? Decision, string? ReasonCode, string? Note);

public sealed record CustomsDecisionView(Guid Id, string CustomsDeclarationNumber, string Office, string PermitNumber, string DeclarationNumber, string Basis, string Decision,
    string ReasonCode, string ReasonMeaning, string? Note, string Verification, int Lines, DateTimeOffset DecidedAt, string DecidedBy, bool? ReportedToInspection);

/// <summary>The clearance permits a Customs office received electronically, newest first.</summary>
public sealed class ReceivedClearancePermits(IPermitCopies copies, TimeProvider clock)
{
    public async Task<HandlerResult<Paged<CheckView>>> HandleAsync(Actor actor, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (ClearanceSteps.CustomsOffice(actor, out var office) is { } forbidden)
        {
            return forbidden;
        }

        if (Paging.Invalid(page, pageSize, out var p, out var size) is { } invalid)
        {
            return invalid;
        }

        return await copies.ReceivedClearancePermitsAsync(office, p, size, clock.GetUtcNow(), ct);
    }
}

/// <summary>Checks a customs declaration against the electronic clearance permit (<see cref="CustomsMatch"/>); reads only.</summary>
public sealed class VerifyClearancePermit(IPermitCopies copies, TimeProvider clock)
{
    public async Task<HandlerResult<CheckView>> HandleAsync(Actor actor, CustomsCheckRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (ClearanceSteps.CustomsOffice(actor, out var office) is { } forbidden)
        {
            return forbidden;
        }

        var v = new Validation();
        var number = v.Required("permitNumber", request.PermitNumber, 64).ToUpperInvariant();
        var lines = ClearanceSteps.ReadLines(v, request.Lines);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var (view, _, _) = await ClearanceSteps.CheckAsync(copies, office, number, lines, clock.GetUtcNow(), track: false, ct);
        return view;
    }
}

/// <summary>
/// Records cleared, held or refused with a reason code. Clearing on the electronic permit needs a match and draws
/// the quantity down; the decision goes back to the issuing CIQ office over the exchange, in the same save.
/// </summary>
public sealed class RecordCustomsDecision(GqDbContext db, IPermitCopies copies, TimeProvider clock, ExchangeSender sender, ExchangeNode node)
{
    public async Task<HandlerResult<CustomsDecisionView>> HandleAsync(Actor actor, CustomsDecisionRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (ClearanceSteps.CustomsOffice(actor, out var office) is { } forbidden)
        {
            return forbidden;
        }

        var v = new Validation();
        var customsNumber = v.Required("customsDeclarationNumber", request.CustomsDeclarationNumber, 32);
        var number = v.Required("permitNumber", request.PermitNumber, 64).ToUpperInvariant();
        var basis = string.IsNullOrWhiteSpace(request.Basis) ? ClearanceBasis.Electronic : v.Enum<ClearanceBasis>("basis", request.Basis);
        var decision = v.Enum<CustomsDecisionKind>("decision", request.Decision);
        var reason = string.IsNullOrWhiteSpace(request.ReasonCode) && decision == CustomsDecisionKind.Cleared ? "C02" : request.ReasonCode?.Trim().ToUpperInvariant() ?? "";
        if (!ReasonCodes.All.TryGetValue(reason, out var meaning))
        {
            v.Add("reasonCode", new Message("customs.reason.not-one-of", reason, string.Join(", ", ReasonCodes.All.Keys)));
        }
        else if (v.IsValid && meaning.Kind != decision)
        {
            v.Add("reasonCode", new Message("customs.reason.wrong-kind", reason, ReasonCodes.Meaning(reason), Message.Term("customs.decision.", WireNames.Of(meaning.Kind)), Message.Term("customs.decision.", WireNames.Of(decision))));
        }

        var note = v.Optional("note", request.Note, 1024);
        var lines = ClearanceSteps.ReadLines(v, request.Lines);
        if (!v.IsValid)
        {
            return v.Result();
        }

        if (await db.Set<CustomsDecision>().AnyAsync(d => d.CustomsDeclarationNumber == customsNumber, ct))
        {
            return Problems.Conflict("customsDeclarationNumber", new Message("customs.already-decided", customsNumber));
        }

        var now = clock.GetUtcNow();
        var (view, copy, draws) = await ClearanceSteps.CheckAsync(copies, office, number, lines, now, track: true, ct);
        if (decision == CustomsDecisionKind.Cleared && basis == ClearanceBasis.Electronic)
        {
            if (view.Outcome != CheckOutcome.Match)
            {
                var field = view.Outcome switch
                {
                    CheckOutcome.Mismatch => view.Differences[0].Field,
                    CheckOutcome.QuantityExhausted => "lines",
                    _ => "permitNumber",
                };
                return Problems.Conflict(field, new Message("customs.cannot-clear", view.OutcomeAndDetail()),
                    new Dictionary<string, object?> { ["outcome"] = WireNames.Of(view.Outcome), ["differences"] = view.Differences });
            }

            copies.Draw(copy!, draws);
        }

        var declaration = copy?.DeclarationNumber ?? "";
        var issuerOffice = copy?.IssuerOffice ?? ClearanceSteps.IssuerOfficeOf(number);
        var row = CustomsDecision.Create(Ids.New(clock), customsNumber, office, number, declaration, basis, decision, reason, note,
            view.OutcomeAndDetail().Store(4000), [.. lines], now, actor.UserName);
        db.Add(row);

        // The result flows back to AQSIQ: to the office that issued the clearance permit, in the case of the permit's
        // envelope and caused by it, which completes the agreement's "verify and decide" step there.
        var reported = false;
        if (issuerOffice is not null && declaration.Length > 0 && node.PartyOf(issuerOffice) is { } issuer)
        {
            var message = new CustomsDecisionMessage(customsNumber, number, declaration, decision, reason, note, basis, lines.Count, now, office);
            reported = sender.As(SendingModule.Clearance).Send(db, CustomsDecisionHandler.Type, message, [issuer], office,
                correlationId: copy?.SourceCase ?? copy?.Id, causationId: copy?.SourceEnvelope).Envelopes.Count > 0;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e)
        {
            // Two decisions at the same moment: the same customs declaration (unique number), or two drawing from the same permit (its version).
            db.ChangeTracker.Clear();
            if (await db.Set<CustomsDecision>().AsNoTracking().AnyAsync(d => d.CustomsDeclarationNumber == customsNumber, ct))
            {
                return Problems.Conflict("customsDeclarationNumber", new Message("customs.already-decided", customsNumber));
            }

            if (e is DbUpdateConcurrencyException)
            {
                return Problems.Conflict("lines", new Message("customs.draw.concurrent", number));
            }

            throw;
        }

        return ClearanceSteps.View(row, reported);
    }
}

/// <summary>The decisions a Customs office recorded, newest first.</summary>
public sealed class CustomsDecisions(GqDbContext db)
{
    public async Task<HandlerResult<Paged<CustomsDecisionView>>> HandleAsync(Actor actor, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (ClearanceSteps.CustomsOffice(actor, out var office) is { } forbidden)
        {
            return forbidden;
        }

        if (Paging.Invalid(page, pageSize, out var p, out var size) is { } invalid)
        {
            return invalid;
        }

        var query = db.Set<CustomsDecision>().AsNoTracking().Where(d => d.Office == office);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(d => d.DecidedAt).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<CustomsDecisionView>([.. rows.Select(r => ClearanceSteps.View(r, null))], p, size, total);
    }
}
