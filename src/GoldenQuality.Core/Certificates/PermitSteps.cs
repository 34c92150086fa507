using GoldenQuality.Certificates.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Certificates;

/// <summary>What the permit use cases share: which permit the caller may see or change, and its view.</summary>
internal static class PermitSteps
{
    /// <summary>The permit this office issued (for revocation and amendment).</summary>
    public static async Task<(Permit?, ProblemHttpResult?)> IssuedAsync(Actor actor, GqDbContext db, string number, CancellationToken ct)
    {
        var permit = await db.Set<Permit>().FirstOrDefaultAsync(p => p.Number == number && !p.IsCopy, ct);
        if (permit is null)
        {
            return (null, Problems.NotFound(new Message("noun.permit-issued-here"), number));
        }

        return actor.IsOfficial && (actor.OrganisationCode == permit.IssuerOffice || actor.IsAdmin)
            ? (permit, null)
            : (null, Problems.Forbidden(new Message("permit.forbidden.issuer", permit.IssuerOffice, number)));
    }

    /// <summary>The row the caller may see: its office's own (original or copy); the trader's enterprise sees the original.</summary>
    public static async Task<(Permit?, ProblemHttpResult?)> VisibleAsync(Actor actor, GqDbContext db, IRegistryDirectory directory, string number, CancellationToken ct)
    {
        var rows = await db.Set<Permit>().AsNoTracking().Where(p => p.Number == number).ToListAsync(ct);
        Permit? permit = null;
        if (actor.IsOfficial)
        {
            permit = rows.FirstOrDefault(p => p.Holder == actor.OrganisationCode) ?? (actor.IsAdmin ? rows.FirstOrDefault(p => !p.IsCopy) : null);
        }
        else if (actor.EnterpriseId is { } enterprise)
        {
            var uscc = (await directory.FindEnterpriseAsync(enterprise, ct))?.Uscc;
            permit = rows.FirstOrDefault(p => !p.IsCopy && p.TraderUscc == uscc);
        }

        return permit is null ? (null, Problems.NotFound(new Message("noun.permit"), number)) : (permit, null);
    }

    public static PermitView View(Permit p)
    {
        var document = p.Document;
        var remaining = p.Remaining;
        return new PermitView(p.Number, WireNames.Of(p.Kind), p.Revision, WireNames.Of(p.Status), p.Holder, p.IsCopy, document, p.Digest, p.Signature,
            QrCodes.Format(p.Number, document.VerificationCode, p.Digest),
            [.. document.Lines.Select(l => new RemainingView(l.Sequence, l.HsCode, l.Description, l.Quantity, remaining.GetValueOrDefault(l.Sequence), l.Unit))],
            p.SentTo.Split(' ', StringSplitOptions.RemoveEmptyEntries), p.ClearancePermit, p.RevokedAt, p.RevocationReason);
    }
}
