using System.Globalization;
using GoldenQuality.Certificates;
using GoldenQuality.Common;
using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Clearance;

public sealed record CustomsCheckRequest(string? PermitNumber, CustomsLine[]? Lines);

public sealed record CustomsDecisionRequest(string? CustomsDeclarationNumber, string? PermitNumber, string? Basis, CustomsLine[]? Lines, string? Decision, string? ReasonCode, string? Note);

public sealed record CustomsDecisionView(Guid Id, string CustomsDeclarationNumber, string Office, string PermitNumber, string DeclarationNumber, string Basis, string Decision,
    string ReasonCode, string ReasonMeaning, string? Note, string Verification, int Lines, DateTimeOffset DecidedAt, string DecidedBy, bool? ReportedToInspection);

/// <summary>
/// E-Customs clearance, on the Customs node: the clearance permits received electronically, their verification
/// against a customs declaration (permit number, first 8 digits of the HS code, quantity not above what is left),
/// and the decision (cleared, held or refused, with a reason code), which goes back to the issuing CIQ office.
/// </summary>
internal static class ClearanceEndpoints
{
    public static RouteGroupBuilder MapClearance(this RouteGroupBuilder group)
    {
        group.MapGet("/permits", Permits).WithName("ListReceivedClearancePermits").WithSummary("The clearance permits this Customs office received electronically.").RequireAuthorization(Policies.CustomsOfficer);
        group.MapPost("/verifications", Verify).WithName("VerifyClearancePermit")
            .WithSummary("Checks a customs declaration against the electronic clearance permit: number, first 8 HS digits, quantity. Reads only.").RequireAuthorization(Policies.CustomsOfficer);
        group.MapPost("/decisions", Decide).WithName("RecordCustomsDecision")
            .WithSummary("Records cleared (C02), held (H01/H02) or refused (N01-N07). Clearing on the electronic permit needs a match and draws the quantity down. The decision goes back to the issuing CIQ office.").RequireAuthorization(Policies.CustomsOfficer);
        group.MapGet("/decisions", Decisions).WithName("ListCustomsDecisions").RequireAuthorization(Policies.CustomsOfficer);
        return group;
    }

    private static async Task<Results<Ok<Paged<CheckView>>, ValidationProblem, ProblemHttpResult>> Permits(HttpContext http, GqDbContext db, TimeProvider clock, int? page, int? pageSize, CancellationToken ct)
    {
        if (CustomsOffice(http, out var office) is { } forbidden)
        {
            return forbidden;
        }

        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var query = db.Set<Permit>().AsNoTracking().Where(x => x.Holder == office && x.Kind == PermitKind.Clearance);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(x => x.ReceivedAt).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var items = rows.Select(x => PermitChecks.Evaluate(x, null, null, null, now)).ToList();
        return TypedResults.Ok(new Paged<CheckView>(items, p, size, total));
    }

    internal static async Task<Results<Ok<CheckView>, ValidationProblem, ProblemHttpResult>> Verify(HttpContext http, GqDbContext db, TimeProvider clock, CustomsCheckRequest request, CancellationToken ct)
    {
        if (CustomsOffice(http, out var office) is { } forbidden)
        {
            return forbidden;
        }

        var v = new Validation();
        var number = v.Required("permitNumber", request.PermitNumber, 64).ToUpperInvariant();
        var lines = ReadLines(v, request.Lines);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var (view, _, _) = await CheckAsync(db, office, number, lines, clock.GetUtcNow(), track: false, ct);
        return TypedResults.Ok(view);
    }

    internal static async Task<Results<Created<CustomsDecisionView>, ValidationProblem, ProblemHttpResult>> Decide(
        HttpContext http, GqDbContext db, TimeProvider clock, ExchangeSender sender, ExchangeNode node, DeliveryWorker worker, CustomsDecisionRequest request, CancellationToken ct)
    {
        if (CustomsOffice(http, out var office) is { } forbidden)
        {
            return forbidden;
        }

        var actor = Actor.From(http.User);
        var v = new Validation();
        var customsNumber = v.Required("customsDeclarationNumber", request.CustomsDeclarationNumber, 32);
        var number = v.Required("permitNumber", request.PermitNumber, 64).ToUpperInvariant();
        var basis = string.IsNullOrWhiteSpace(request.Basis) ? ClearanceBasis.Electronic : v.Enum<ClearanceBasis>("basis", request.Basis);
        var decision = v.Enum<CustomsDecisionKind>("decision", request.Decision);
        var reason = string.IsNullOrWhiteSpace(request.ReasonCode) && decision == CustomsDecisionKind.Cleared ? "C02" : request.ReasonCode?.Trim().ToUpperInvariant() ?? "";
        if (!ReasonCodes.All.TryGetValue(reason, out var meaning))
        {
            v.Add("reasonCode", $"'{reason}' is not one of {string.Join(", ", ReasonCodes.All.Keys)}");
        }
        else if (v.IsValid && meaning.Kind != decision)
        {
            v.Add("reasonCode", $"{reason} ({meaning.Meaning}) is a code for {WireNames.Of(meaning.Kind)}, not {WireNames.Of(decision)}");
        }

        var note = v.Optional("note", request.Note, 1024);
        var lines = ReadLines(v, request.Lines);
        if (!v.IsValid)
        {
            return v.Result();
        }

        if (await db.Set<CustomsDecision>().AnyAsync(d => d.CustomsDeclarationNumber == customsNumber, ct))
        {
            return Problems.Conflict("customsDeclarationNumber", $"customs declaration {customsNumber} already has a decision");
        }

        var now = clock.GetUtcNow();
        var (view, copy, draws) = await CheckAsync(db, office, number, lines, now, track: true, ct);
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
                return Problems.Conflict(field, $"cannot clear on the electronic permit: {WireNames.Of(view.Outcome)}: {view.Detail}",
                    new Dictionary<string, object?> { ["outcome"] = WireNames.Of(view.Outcome), ["differences"] = view.Differences });
            }

            copy!.Draw(draws);
        }

        var declaration = copy?.DeclarationNumber ?? "";
        var issuerOffice = copy?.IssuerOffice ?? IssuerOfficeOf(number);
        var row = CustomsDecision.Create(Ids.New(clock), customsNumber, office, number, declaration, basis, decision, reason, note,
            $"{WireNames.Of(view.Outcome)}: {view.Detail}", [.. lines], now, actor.UserName);
        db.Add(row);

        // The result flows back to AQSIQ: to the office that issued the clearance permit.
        var reported = false;
        if (issuerOffice is not null && declaration.Length > 0 && node.PartyOf(issuerOffice) is { } issuer)
        {
            var message = new CustomsDecisionMessage(customsNumber, number, declaration, decision, reason, note, basis, lines.Count, now, office);
            reported = sender.As(SendingModule.Clearance).Send(db, CustomsDecisionHandler.Type, message, [issuer], office, correlationId: copy?.Id).Envelopes.Count > 0;
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
                return Problems.Conflict("customsDeclarationNumber", $"customs declaration {customsNumber} already has a decision");
            }

            if (e is DbUpdateConcurrencyException)
            {
                return Problems.Conflict("lines", $"another customs declaration drew from {number} at the same moment; verify again and retry");
            }

            throw;
        }

        worker.Nudge();
        return TypedResults.Created($"/api/clearance/decisions/{row.Id}", View(row, reported));
    }

    private static async Task<Results<Ok<Paged<CustomsDecisionView>>, ValidationProblem, ProblemHttpResult>> Decisions(HttpContext http, GqDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        if (CustomsOffice(http, out var office) is { } forbidden)
        {
            return forbidden;
        }

        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var query = db.Set<CustomsDecision>().AsNoTracking().Where(d => d.Office == office);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(d => d.DecidedAt).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new Paged<CustomsDecisionView>([.. rows.Select(r => View(r, null))], p, size, total));
    }

    /// <summary>Permit number, first 8 HS digits and quantity (match or not exceed what is left), per line.</summary>
    internal static async Task<(CheckView View, Permit? Copy, Dictionary<int, decimal> Draws)> CheckAsync(
        GqDbContext db, string office, string number, List<CustomsLine> lines, DateTimeOffset now, bool track, CancellationToken ct)
    {
        var copy = await (track ? db.Set<Permit>() : db.Set<Permit>().AsNoTracking()).FirstOrDefaultAsync(p => p.Number == number && p.Holder == office && p.Kind == PermitKind.Clearance, ct);
        var draws = new Dictionary<int, decimal>();
        if (copy is null)
        {
            // Answered here, not by a second read: a copy arriving in between would be checked against an empty
            // verification code and reported as a mismatch (a forgery) instead of unknown.
            return (PermitChecks.Empty(CheckOutcome.Unknown, number, $"{office} holds no clearance permit {number}: it was never issued for this district, or its electronic copy has not arrived"), null, draws);
        }

        // Customs holds the copy itself: no verification code or digest to compare, only validity and quantities.
        var view = PermitChecks.Evaluate(copy, null, null, null, now);
        if (view.Outcome != CheckOutcome.Match)
        {
            return (view, copy, draws);
        }

        var differences = new List<Difference>();
        foreach (var (line, i) in lines.Select((l, i) => (l, i)))
        {
            var f = string.Create(CultureInfo.InvariantCulture, $"lines[{i}]");
            var permitted = view.Remaining.FirstOrDefault(r => r.Sequence == (line.Sequence ?? i + 1));
            if (permitted is null)
            {
                differences.Add(new Difference(f + ".sequence", (line.Sequence ?? i + 1).ToString(CultureInfo.InvariantCulture), null));
                continue;
            }

            if (line.HsCode![..8] != permitted.HsCode[..8])
            {
                differences.Add(new Difference(f + ".hsCode", line.HsCode[..8], permitted.HsCode[..8]));
            }

            if (!string.Equals(line.Unit, permitted.Unit, StringComparison.OrdinalIgnoreCase))
            {
                differences.Add(new Difference(f + ".unit", line.Unit, permitted.Unit));
            }

            var total = draws.GetValueOrDefault(permitted.Sequence) + line.Quantity!.Value;
            if (total > permitted.Remaining)
            {
                differences.Add(new Difference(f + ".quantity", line.Quantity.Value.ToString(CultureInfo.InvariantCulture),
                    string.Create(CultureInfo.InvariantCulture, $"at most {permitted.Remaining} left of {permitted.Permitted}")));
            }

            draws[permitted.Sequence] = total;
        }

        return differences.Count == 0
            ? (view with { Detail = $"the customs declaration agrees with the electronic clearance permit {number}" }, copy, draws)
            : (view with { Outcome = CheckOutcome.Mismatch, Differences = [.. differences], Detail = $"the customs declaration does not agree with {number}: {string.Join(", ", differences.Select(d => d.Field))}" }, copy, draws);
    }

    private static List<CustomsLine> ReadLines(Validation v, CustomsLine[]? lines)
    {
        var result = new List<CustomsLine>();
        if (lines is not { Length: > 0 })
        {
            v.Add("lines", "at least one goods line is required");
            return result;
        }

        foreach (var (l, i) in lines.Select((l, i) => (l, i)))
        {
            var f = string.Create(CultureInfo.InvariantCulture, $"lines[{i}]");
            var hs = l?.HsCode?.Trim() ?? "";
            if (hs.Length != 10 || !hs.All(char.IsAsciiDigit))
            {
                v.Add(f + ".hsCode", $"'{hs}' is not a 10-digit commodity code");
            }

            if (l?.Quantity is not > 0)
            {
                v.Add(f + ".quantity", "must be greater than 0");
            }

            var unit = v.Required(f + ".unit", l?.Unit, 3);
            result.Add(new CustomsLine(l?.Sequence, hs, l?.Quantity, unit));
        }

        return result;
    }

    /// <summary>The office part of a permit number (<c>CP-{office}-{yyyyMMdd}-{hex}</c>), for a decision on paper alone.</summary>
    private static string? IssuerOfficeOf(string number)
    {
        var parts = number.Split('-');
        return parts.Length >= 4 && parts[0] is "CP" or "IP" ? string.Join('-', parts[1..^2]) : null;
    }

    private static ProblemHttpResult? CustomsOffice(HttpContext http, out string office)
    {
        var actor = Actor.From(http.User);
        office = actor.OrganisationCode ?? "";
        return actor.IsOfficial && actor.Agency == "CUSTOMS" ? null : Problems.Forbidden("Only a Customs officer of a Customs office verifies clearance permits and records decisions.");
    }

    private static CustomsDecisionView View(CustomsDecision r, bool? reported) => new(r.Id, r.CustomsDeclarationNumber, r.Office, r.PermitNumber, r.DeclarationNumber,
        WireNames.Of(r.Basis), WireNames.Of(r.Decision), r.ReasonCode, ReasonCodes.All.TryGetValue(r.ReasonCode, out var m) ? m.Meaning : "", r.Note, r.Verification,
        r.LineCount, r.DecidedAt, r.DecidedBy, reported);
}
