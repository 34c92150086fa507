using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Ministries.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Clearance.Contracts;

/// <summary>A Customs penalty on an enterprise: its USCC, the penalty decision's reference, the legal basis and what was found.</summary>
public sealed record CustomsPenaltyRequest(string? Uscc, string? Reference, string? LegalBasis, string? Detail);

public sealed record CustomsPenaltyView(Guid Id, string Uscc, string Reference, string LegalBasis, string Detail, string Office, DateTimeOffset RecordedAt, string RecordedBy,
    bool ReportedToCentralBank);

/// <summary>
/// A Customs officer records an administrative penalty on an enterprise; the penalty is reported to the central bank
/// as a <c>customs-penalty</c> credit event (<see cref="ReportCreditEvent"/>) in the same save.
/// </summary>
public sealed class RecordCustomsPenalty(GqDbContext db, ReportCreditEvent credit, TimeProvider clock)
{
    public async Task<HandlerResult<CustomsPenaltyView>> HandleAsync(Actor actor, CustomsPenaltyRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (ClearanceSteps.CustomsOffice(actor, out var office) is { } forbidden)
        {
            return forbidden;
        }

        var v = new Validation();
        var uscc = Uscc.Check(request.Uscc);
        if (!uscc.IsValid)
        {
            v.Add("uscc", uscc.Reason);
        }

        var reference = v.Required("reference", request.Reference, 128);
        var basis = v.Required("legalBasis", request.LegalBasis, 512);
        var detail = v.Required("detail", request.Detail, 1024);
        if (!v.IsValid)
        {
            return v.Result();
        }

        if (await db.Set<CustomsPenalty>().AnyAsync(p => p.Office == office && p.Reference == reference, ct))
        {
            return Problems.Conflict("reference", new Message("customs.penalty.duplicate", office, reference));
        }

        var now = clock.GetUtcNow();
        var id = Ids.New(clock);
        var reported = credit.Report(db, uscc.Input, CreditEventKinds.CustomsPenalty, reference, office, basis, detail, id);
        var row = CustomsPenalty.Create(id, uscc.Input, reference, basis, detail, office, now, actor.UserName, reported);
        db.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.Set<CustomsPenalty>().AsNoTracking().AnyAsync(p => p.Office == office && p.Reference == reference, ct))
            {
                return Problems.Conflict("reference", new Message("customs.penalty.duplicate", office, reference));
            }

            throw;
        }

        return new CustomsPenaltyView(row.Id, row.Uscc, row.Reference, row.LegalBasis, row.Detail, row.Office, row.RecordedAt, row.RecordedBy, row.ReportedToCentralBank);
    }
}
