using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Declarations;
using GoldenQuality.Exchange;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Certificates;

public sealed record PermitView(
    string Number, string Kind, int Revision, string Status, string Holder, bool IsCopy, PermitDocument Document, string Digest, string Signature, string QrPayload,
    RemainingView[] Remaining, string[] SentTo, string? ClearancePermit, DateTimeOffset? RevokedAt, string? RevocationReason);

public sealed record ReleaseView(CheckView Check, string ClearancePermit, string[] ClearanceSentTo, string[] NotSent);

public sealed record RevokeRequest(string? Reason);

public sealed record AmendLine(int? Sequence, decimal? Quantity);

public sealed record AmendRequest(AmendLine[]? Lines, DateTimeOffset? ValidUntil, string? Reason);

public sealed record CheckLogView(DateTimeOffset At, string Office, string Actor, string PermitNumber, string Outcome, string Detail);

/// <summary>E-Certificates: permits, the paper copy, checks and releases at the port, revocation and amendment.</summary>
internal static class CertificateEndpoints
{
    public static RouteGroupBuilder MapCertificates(this RouteGroupBuilder group)
    {
        group.MapGet("/permits/{number}", Get).WithName("GetPermit").WithSummary("A permit as this office holds it (issuer or copy holder), or as its trader sees it.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/permits/{number}/pdf", Pdf).WithName("GetPermitPdf").WithSummary("The paper permit: a PDF with a QR code of the number, verification code and digest.").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/permits/{number}/revoke", Revoke).WithName("RevokePermit").WithSummary("Revokes a permit the office issued; every holder of a copy is told.").RequireAuthorization(Policies.InspectionOfficer);
        group.MapPost("/permits/{number}/amend", Amend).WithName("AmendPermit").WithSummary("A new signed revision (quantities, validity); every holder of a copy gets it.").RequireAuthorization(Policies.InspectionOfficer);
        group.MapPost("/checks", Check).WithName("CheckPaperPermit")
            .WithSummary("Checks a paper permit (QR payload, or number and verification code, and what the paper shows) against the office's electronic copy. Works offline.").RequireAuthorization(Policies.InspectionOfficer);
        group.MapPost("/releases", Release).WithName("ReleaseShipment")
            .WithSummary("Port release: the paper must match; the shipment's quantities are drawn from the permit and the customs clearance permit goes to Customs.").RequireAuthorization(Policies.PortOffice);
        group.MapGet("/checks", Checks).WithName("ListPermitChecks").WithSummary("The office's refused checks (forgeries included) and releases, newest first.").RequireAuthorization(Policies.InspectionOfficer);
        return group;
    }

    private static async Task<Results<Ok<PermitView>, ProblemHttpResult>> Get(HttpContext http, GqDbContext db, TimeProvider clock, string number, CancellationToken ct)
    {
        var (permit, problem) = await Visible(http, db, number, ct);
        return permit is null ? problem! : TypedResults.Ok(View(permit));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Pdf(
        HttpContext http, GqDbContext db, IOptionsSnapshot<PermitPdfOptions> options, ILogger<PermitPdfOptions> log, string number, CancellationToken ct)
    {
        var (permit, problem) = await Visible(http, db, number, ct);
        if (permit is null)
        {
            return problem!;
        }

        try
        {
            var bytes = PermitPdf.Render(permit.Document, permit.Digest, permit.Status, options.Value.FontFile);
            return TypedResults.File(bytes, "application/pdf", $"{permit.Number}.pdf");
        }
        catch (PermitPdfException e)
        {
            log.LogError(e, "The paper permit {Number} could not be printed", permit.Number);
            return TypedResults.Problem(
                detail: $"The paper permit {permit.Number} cannot be printed on this node: {e.Message} The electronic permit is unaffected.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Paper permit unavailable");
        }
    }

    internal static async Task<Results<Ok<CheckView>, ValidationProblem, ProblemHttpResult>> Check(HttpContext http, GqDbContext db, TimeProvider clock, CheckRequest request, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        if (!actor.IsOfficial || actor.OrganisationCode is not { } office)
        {
            return Problems.Forbidden("Only an officer of an office checks permits.");
        }

        var v = new Validation();
        var (number, code, digest) = PermitChecks.Read(v, request.Qr, request.Number, request.VerificationCode);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var now = clock.GetUtcNow();
        var (view, _) = await PermitChecks.CheckAsync(db, office, number, code, digest, request.Paper, now, track: false, ct);
        if (view.Outcome != CheckOutcome.Match)
        {
            // Every refused paper is kept for audit (forgeries included); a match changes nothing, the release that follows is kept.
            db.Add(PermitChecks.Record(Ids.New(clock), now, office, actor.UserName, view, null));
            await db.SaveChangesAsync(ct);
        }

        return TypedResults.Ok(view);
    }

    internal static async Task<Results<Ok<ReleaseView>, ValidationProblem, ProblemHttpResult>> Release(
        HttpContext http, GqDbContext db, TimeProvider clock, PermitService permits, DeliveryWorker worker, ReleaseRequest request, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        if (!actor.IsOfficial || actor.OrganisationCode is not { } office)
        {
            return Problems.Forbidden("Only an officer of the port office releases shipments.");
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
            return Problems.Conflict(field, $"{WireNames.Of(view.Outcome)}: {view.Detail}",
                new Dictionary<string, object?> { ["outcome"] = WireNames.Of(view.Outcome), ["differences"] = view.Differences });
        }

        if (copy!.Kind != PermitKind.Inspection)
        {
            return Problems.Conflict("number", $"{number} is a customs clearance permit: Customs verifies it, the port releases on the inspection permit");
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
            document.TraderUscc, document.TraderName, document.ManufacturerUscc, document.Country, lines, document.Number));
        copy.ClearedWith(clearance.Permit.Number);
        db.Add(PermitChecks.Record(Ids.New(clock), now, office, actor.UserName, view, draws));
        var drawn = string.Join(", ", lines.Select(l => string.Create(CultureInfo.InvariantCulture, $"line {l.Sequence}: {l.Quantity} {l.Unit}")));
        await DeclarationStages.RecordAsync(db, clock, document.DeclarationNumber, "port-verified", DeclarationStatus.Released, actor.UserName,
            $"{office} matched the paper of {number} and released {drawn}", ct);
        await DeclarationStages.RecordAsync(db, clock, document.DeclarationNumber, "clearance-permit-issued", null, actor.UserName,
            $"{clearance.Permit.Number} sent to {string.Join(", ", clearance.SentTo.DefaultIfEmpty("nobody"))}", ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("drawDown", "another release drew from this permit at the same moment; check again and retry");
        }

        worker.Nudge();
        var after = view with { Remaining = [.. view.Remaining.Select(r => r with { Remaining = r.Remaining - draws.GetValueOrDefault(r.Sequence) })] };
        return TypedResults.Ok(new ReleaseView(after, clearance.Permit.Number, clearance.SentTo, clearance.NotSent));
    }

    private static async Task<Results<Ok<PermitView>, ValidationProblem, ProblemHttpResult>> Revoke(
        HttpContext http, GqDbContext db, PermitService permits, DeliveryWorker worker, TimeProvider clock, string number, RevokeRequest request, CancellationToken ct)
    {
        var (permit, problem) = await Issued(http, db, number, ct);
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
            return Problems.Conflict("status", $"{number} is already revoked");
        }

        await permits.RevokeAsync(permit, reason, ct);
        await DeclarationStages.RecordAsync(db, clock, permit.DeclarationNumber, "permit-revoked", null, Actor.From(http.User).UserName, $"{number}: {reason}", ct);
        await db.SaveChangesAsync(ct);
        worker.Nudge();
        return TypedResults.Ok(View(permit));
    }

    private static async Task<Results<Ok<PermitView>, ValidationProblem, ProblemHttpResult>> Amend(
        HttpContext http, GqDbContext db, PermitService permits, DeliveryWorker worker, TimeProvider clock, string number, AmendRequest request, CancellationToken ct)
    {
        var (permit, problem) = await Issued(http, db, number, ct);
        if (permit is null)
        {
            return problem!;
        }

        if (permit.Status == PermitStatus.Revoked)
        {
            return Problems.Conflict("status", $"{number} is revoked and cannot be amended");
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
                v.Add(f + ".sequence", "the permit has no such line");
            }
            else if (l.Quantity is not > 0)
            {
                v.Add(f + ".quantity", "must be greater than 0");
            }
            else
            {
                quantities[l.Sequence!.Value] = l.Quantity.Value;
            }
        }

        if (request.ValidUntil is { } until && until <= clock.GetUtcNow())
        {
            v.Add("validUntil", "must be in the future");
        }

        if (quantities.Count == 0 && request.ValidUntil is null)
        {
            v.Add("lines", "change at least one line's quantity or the validity");
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        permits.Amend(permit, quantities, request.ValidUntil);
        await DeclarationStages.RecordAsync(db, clock, permit.DeclarationNumber, "permit-amended", null, Actor.From(http.User).UserName,
            string.Create(CultureInfo.InvariantCulture, $"{number} revision {permit.Revision}: {reason}"), ct);
        await db.SaveChangesAsync(ct);
        worker.Nudge();
        return TypedResults.Ok(View(permit));
    }

    private static async Task<Results<Ok<Paged<CheckLogView>>, ValidationProblem, ProblemHttpResult>> Checks(HttpContext http, GqDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        if (!actor.IsOfficial || actor.OrganisationCode is not { } office)
        {
            return Problems.Forbidden("Only an officer of an office reads its checks.");
        }

        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var query = db.Set<PermitCheck>().AsNoTracking().Where(c => c.Office == office);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(c => c.At).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new Paged<CheckLogView>([.. rows.Select(c => new CheckLogView(c.At, c.Office, c.Actor, c.PermitNumber, c.Outcome, c.Detail))], p, size, total));
    }

    /// <summary>The permit this office issued (for revocation and amendment).</summary>
    private static async Task<(Permit?, ProblemHttpResult?)> Issued(HttpContext http, GqDbContext db, string number, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var permit = await db.Set<Permit>().FirstOrDefaultAsync(p => p.Number == number && !p.IsCopy, ct);
        if (permit is null)
        {
            return (null, Problems.NotFound("permit issued by this node", number));
        }

        return actor.IsOfficial && (actor.OrganisationCode == permit.IssuerOffice || actor.IsAdmin)
            ? (permit, null)
            : (null, Problems.Forbidden($"Only the issuing office {permit.IssuerOffice} revokes or amends {number}."));
    }

    /// <summary>The row the caller may see: its office's own (original or copy); the trader's enterprise sees the original.</summary>
    private static async Task<(Permit?, ProblemHttpResult?)> Visible(HttpContext http, GqDbContext db, string number, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var rows = await db.Set<Permit>().AsNoTracking().Where(p => p.Number == number).ToListAsync(ct);
        Permit? permit = null;
        if (actor.IsOfficial)
        {
            permit = rows.FirstOrDefault(p => p.Holder == actor.OrganisationCode) ?? (actor.IsAdmin ? rows.FirstOrDefault(p => !p.IsCopy) : null);
        }
        else if (actor.EnterpriseId is { } enterprise)
        {
            var uscc = await db.Enterprises.Where(e => e.Id == enterprise).Select(e => e.Uscc).FirstOrDefaultAsync(ct);
            permit = rows.FirstOrDefault(p => !p.IsCopy && p.TraderUscc == uscc);
        }

        return permit is null ? (null, Problems.NotFound("permit", number)) : (permit, null);
    }

    internal static PermitView View(Permit p)
    {
        var document = p.Document;
        var remaining = p.Remaining;
        return new PermitView(p.Number, WireNames.Of(p.Kind), p.Revision, WireNames.Of(p.Status), p.Holder, p.IsCopy, document, p.Digest, p.Signature,
            QrCodes.Format(p.Number, document.VerificationCode, p.Digest),
            [.. document.Lines.Select(l => new RemainingView(l.Sequence, l.HsCode, l.Description, l.Quantity, remaining.GetValueOrDefault(l.Sequence), l.Unit))],
            p.SentTo.Split(' ', StringSplitOptions.RemoveEmptyEntries), p.ClearancePermit, p.RevokedAt, p.RevocationReason);
    }
}
