using System.Globalization;
using System.Text.Json;
using GoldenQuality.Certificates.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Certificates;

/// <summary>
/// Verifies a paper permit against the electronic copy the checking office holds, with nothing but its own
/// database: it works when the issuing node is down. Outcomes: match; mismatch (with the differing fields: the
/// QR digest of altered paper, the verification code, the port it was issued for, trader, country, lines);
/// unknown; revoked; expired; held (hold register); quantity exhausted.
/// </summary>
internal static class PermitChecks
{

    /// <summary>Reads the number, code and (from a QR) digest; field errors go to <paramref name="v"/>.</summary>
    public static (string Number, string Code, string? Digest) Read(Validation v, string? qr, string? number, string? code)
    {
        if (!string.IsNullOrWhiteSpace(qr))
        {
            if (QrCodes.TryParse(qr, out var reason) is { } parsed)
            {
                return parsed;
            }

            v.Add("qr", reason!);
            return ("", "", null);
        }

        var n = v.Required("number", number, 64);
        var c = v.Required("verificationCode", code, 8);
        return (n.ToUpperInvariant(), c.ToUpperInvariant(), null);
    }

    public static async Task<(CheckView View, Permit? Copy)> CheckAsync(GqDbContext db, string office, string number, string code, string? digest, PaperPermit? paper, DateTimeOffset now, bool track, CancellationToken ct)
    {
        var query = track ? db.Set<Permit>() : db.Set<Permit>().AsNoTracking();
        var copy = await query.FirstOrDefaultAsync(p => p.Number == number && p.Holder == office, ct);
        if (copy is null)
        {
            // Known here under another holder: a copy on its way to this office is not yet here (unknown); a permit
            // for another port, presented here, is a mismatch of the port.
            var other = await db.Set<Permit>().AsNoTracking().Where(p => p.Number == number).Select(p => new { p.DocumentJson, p.SentTo }).FirstOrDefaultAsync(ct);
            var issued = other is null ? null : JsonSerializer.Deserialize<PermitDocument>(other.DocumentJson, PermitDocument.Json);
            if (issued is null || issued.PortOffice == office || issued.Kind == PermitKind.Clearance || other!.SentTo.Split(' ').Any(p => p.EndsWith("/" + office, StringComparison.Ordinal)))
            {
                return (Empty(CheckOutcome.Unknown, number, new Message("permit.check.unknown", number, office)), null);
            }

            return (Empty(CheckOutcome.Mismatch, number, new Message("permit.check.other-port", number, issued.Port, issued.PortOffice, office)) with
            {
                Differences = [new Difference("port", office, $"{issued.Port} ({issued.PortOffice})")],
            }, null);
        }

        return (Evaluate(copy, code, digest, paper, now), copy);
    }

    /// <summary>
    /// The check of a paper against a copy this office holds, with no database access: revoked, expired, the
    /// differing fields, or what is left to draw. A code or digest left null is not compared.
    /// </summary>
    public static CheckView Evaluate(Permit copy, string? code, string? digest, PaperPermit? paper, DateTimeOffset now)
    {
        var number = copy.Number;
        var document = copy.Document;
        var remaining = copy.Remaining;
        var lines = document.Lines.Select(l => new RemainingView(l.Sequence, l.HsCode, l.Description, l.Quantity, remaining.GetValueOrDefault(l.Sequence), l.Unit)).ToArray();
        var view = new CheckView(CheckOutcome.Match, number, copy.Revision, "", [], copy.Port, copy.Holder, copy.TraderUscc, copy.DeclarationNumber, copy.ValidUntil,
            copy.RevokedAt, copy.RevocationReason, lines);
        if (copy.Status == PermitStatus.Revoked)
        {
            return Say(view with { Outcome = CheckOutcome.Revoked },
                new Message("permit.check.revoked", number, copy.RevokedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "", copy.RevocationReason ?? ""));
        }

        if (now > copy.ValidUntil)
        {
            return Say(view with { Outcome = CheckOutcome.Expired }, new Message("permit.check.expired", number, copy.ValidUntil.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)));
        }

        var differences = new List<Difference>();
        if (code is not null && !string.Equals(code, document.VerificationCode, StringComparison.Ordinal))
        {
            differences.Add(new Difference("verificationCode", code, "(does not match)"));
        }

        if (digest is not null && digest != copy.Digest)
        {
            differences.Add(new Difference("qr.digest", digest, copy.Digest));
        }

        if (paper is not null)
        {
            Compare(differences, "paper.traderUscc", paper.TraderUscc, document.TraderUscc);
            Compare(differences, "paper.country", paper.Country, document.Country);
            foreach (var (line, i) in (paper.Lines ?? []).Select((l, i) => (l, i)))
            {
                var f = string.Create(CultureInfo.InvariantCulture, $"paper.lines[{i}]");
                var sequence = line.Sequence ?? i + 1;
                var e = document.Lines.FirstOrDefault(l => l.Sequence == sequence);
                if (e is null)
                {
                    differences.Add(new Difference(f + ".sequence", sequence.ToString(CultureInfo.InvariantCulture), null));
                    continue;
                }

                Compare(differences, f + ".hsCode", line.HsCode, e.HsCode);
                Compare(differences, f + ".unit", line.Unit, e.Unit);
                if (line.Quantity is { } q && q != e.Quantity)
                {
                    differences.Add(new Difference(f + ".quantity", q.ToString(CultureInfo.InvariantCulture), e.Quantity.ToString(CultureInfo.InvariantCulture)));
                }
            }

            if (paper.Lines is { Length: > 0 } && paper.Lines.Length != document.Lines.Length)
            {
                differences.Add(new Difference("paper.lines", paper.Lines.Length.ToString(CultureInfo.InvariantCulture), document.Lines.Length.ToString(CultureInfo.InvariantCulture)));
            }
        }

        if (differences.Count > 0)
        {
            return Say(view with { Outcome = CheckOutcome.Mismatch, Differences = [.. differences] },
                new Message("permit.check.mismatch", number, string.Join(", ", differences.Select(d => d.Field))));
        }

        if (copy.HeldReason is { } held)
        {
            // The hold reason is kept coded by the hold register (a sentence kept before reads back as it is).
            return Say(view with { Outcome = CheckOutcome.Held }, new Message("permit.check.held", number, Message.FromStored(held)));
        }

        if (lines.All(l => l.Remaining <= 0))
        {
            return Say(view with { Outcome = CheckOutcome.QuantityExhausted }, new Message("permit.check.exhausted", number));
        }

        return Say(view, new Message("permit.check.match", number, copy.Revision));
    }

    /// <summary>Checks a draw-down against what is left; errors name <c>drawDown[i].quantity</c>.</summary>
    public static Dictionary<int, decimal> ReadDrawDown(Validation v, DrawLine[]? drawDown, CheckView check)
    {
        var draws = new Dictionary<int, decimal>();
        if (drawDown is not { Length: > 0 })
        {
            v.Add("drawDown", new Message("permit.draw.none"));
            return draws;
        }

        foreach (var (d, i) in drawDown.Select((d, i) => (d, i)))
        {
            var f = string.Create(CultureInfo.InvariantCulture, $"drawDown[{i}]");
            var line = check.Remaining.FirstOrDefault(l => l.Sequence == d.Sequence);
            if (line is null)
            {
                v.Add(f + ".sequence", d.Sequence is { } sequence ? new Message("permit.draw.no-line", sequence) : new Message("permit.draw.no-line-given"));
            }
            else if (d.Quantity is not { } q || q <= 0)
            {
                v.Add(f + ".quantity", new Message("permit.quantity-positive"));
            }
            else if (q + draws.GetValueOrDefault(line.Sequence) > line.Remaining)
            {
                v.Add(f + ".quantity", new Message("permit.draw.exceeds", q, line.Unit, line.Remaining, line.Permitted, line.Sequence));
            }
            else
            {
                draws[line.Sequence] = draws.GetValueOrDefault(line.Sequence) + q;
            }
        }

        return draws;
    }

    public static PermitCheck Record(Guid id, DateTimeOffset at, string office, string actor, CheckView view, IReadOnlyDictionary<int, decimal>? drawn) =>
        PermitCheck.Create(id, at, office, actor, view.Number ?? "", WireNames.Of(view.Outcome), Stored(view, 4000),
            drawn is null ? null : JsonSerializer.Serialize(drawn, PermitDocument.Json));

    internal static CheckView Empty(CheckOutcome outcome, string number, Message detail) => CheckView.Without(outcome, number, detail);

    internal static CheckView Say(CheckView view, Message detail) => view.Saying(detail);

    /// <summary>The detail as it is kept in a column of <paramref name="max"/> characters: coded (its English text when it has no code).</summary>
    internal static string Stored(CheckView view, int max) =>
        (view.Reason ?? new Message("text", view.Detail)).Store(max);

    private static void Compare(List<Difference> differences, string field, string? paper, string electronic)
    {
        if (!string.IsNullOrWhiteSpace(paper) && !string.Equals(paper.Trim(), electronic, StringComparison.OrdinalIgnoreCase))
        {
            differences.Add(new Difference(field, paper.Trim(), electronic));
        }
    }
}
