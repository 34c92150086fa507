using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Quality.Contracts;

/// <summary>
/// A lead as a BQS officer reads it: the export declaration CIQ found nonconforming, the manufacturer (USCC, name,
/// area), the goods (HS code, description, lots), the failed items, the inspecting CIQ office and the BQS office it is
/// addressed to, when it was inspected and received, its status (<c>open</c>, <c>closed</c>) and, once closed, by whom,
/// the note and the sample or plan number it led to.
/// </summary>
public sealed record LeadView(
    Guid Id, string DeclarationNumber, string ManufacturerUscc, string ManufacturerName, string ManufacturerArea, string HsCode, string Goods, string[] Lots,
    string Failed, string CiqOffice, string BqsOffice, string SenderNode, string? AgreementId, DateTimeOffset InspectedAt, DateTimeOffset ReceivedAt,
    string Status, DateTimeOffset? ClosedAt, string? ClosedBy, string? ClosingNote, string? LedTo, long Version);

/// <summary>Closing a lead: a note (required, at most 1024 characters), the sample or plan number it led to (optional), and the version read.</summary>
public sealed record CloseLeadRequest(string? Note, string? LedTo, long? Version);

internal static class LeadQueries
{
    public static LeadView View(QualityLead l) => new(l.Id, l.DeclarationNumber, l.ManufacturerUscc, l.ManufacturerName, l.ManufacturerArea, l.HsCode, l.Goods,
        l.Lots.Length == 0 ? [] : l.Lots.Split(';'), l.Failed, l.CiqOffice, l.BqsOffice, l.SenderNode, l.AgreementId, l.InspectedAt, l.ReceivedAt,
        WireNames.Of(l.Status), l.ClosedAt, l.ClosedBy, l.ClosingNote, l.LedTo, l.Version);

    /// <summary>The leads of the actor's province (and, below the bureau, of his office), as a query.</summary>
    public static IQueryable<QualityLead> Visible(GqDbContext db, Actor actor)
    {
        var province = actor.Province is { Length: 6 } p ? p[..2] : "--";
        var own = actor.OrganisationCode ?? "--";
        var leads = db.Set<QualityLead>().AsNoTracking().Where(l => l.ManufacturerArea.StartsWith(province));
        return LeadRules.IsBureau(own) ? leads : leads.Where(l => l.BqsOffice == own || l.BqsOffice.StartsWith(own + "-"));
    }
}

/// <summary>The leads of the officer's province, newest first, open ones only when <c>open=true</c> (closed only when false).</summary>
public sealed class ListQualityLeads(GqDbContext db)
{
    public async Task<HandlerResult<Paged<LeadView>>> HandleAsync(Actor actor, bool? open, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Policies.IsQualityOfficer(actor))
        {
            return Problems.Forbidden(new Message("quality.leads.officers-only"));
        }

        if (Paging.Invalid(page, pageSize, out var p, out var size) is { } invalid)
        {
            return invalid;
        }

        var query = LeadQueries.Visible(db, actor);
        if (open is { } o)
        {
            var status = o ? LeadStatus.Open : LeadStatus.Closed;
            query = query.Where(l => l.Status == status);
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(l => l.ReceivedAt).ThenByDescending(l => l.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<LeadView>([.. items.Select(LeadQueries.View)], p, size, total);
    }
}

/// <summary>One lead of the officer's province (404 for another province's: it is not his to know of).</summary>
public sealed class GetQualityLead(GqDbContext db)
{
    public async Task<HandlerResult<LeadView>> HandleAsync(Actor actor, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var lead = await db.Set<QualityLead>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct);
        return lead is not null && LeadRules.MaySee(actor, lead) ? LeadQueries.View(lead) : Problems.NotFound(new Message("noun.lead"), id.ToString());
    }
}

/// <summary>
/// Closes an open lead of the officer's province with a note and, if it led to one, the spot-check sample or plan
/// number. A closed lead cannot close again (409 naming <c>status</c>); a stale version is a 409.
/// </summary>
public sealed class CloseQualityLead(GqDbContext db, TimeProvider clock)
{
    public async Task<HandlerResult<LeadView>> HandleAsync(Actor actor, Guid id, CloseLeadRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var v = new Validation();
        var note = v.Required("note", request.Note, LeadRules.MaxNote);
        var ledTo = v.Optional("ledTo", request.LedTo, SignalRules.MaxReference);
        if (ledTo is not null && !SignalRules.IsCode(ledTo))
        {
            v.Add("ledTo", new Message("quality.lead.led-to"));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        var lead = await db.Set<QualityLead>().FirstOrDefaultAsync(l => l.Id == id, ct);
        if (lead is null || !LeadRules.MaySee(actor, lead))
        {
            return Problems.NotFound(new Message("noun.lead"), id.ToString());
        }

        if (request.Version is { } version && version != lead.Version)
        {
            return Problems.StaleVersion(version, lead.Version);
        }

        if (lead.Status != LeadStatus.Open)
        {
            return Problems.Conflict("status", new Message("quality.lead.closed", lead.DeclarationNumber));
        }

        lead.Close(actor.UserName, note, ledTo, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return LeadQueries.View(lead);
    }
}
