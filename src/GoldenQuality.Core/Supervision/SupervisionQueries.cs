using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using GoldenQuality.Supervision.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Supervision;

/// <summary>The lookups and mappings the Supervision handlers share: a lot as the actor may see it, the rows it may list, the views.</summary>
internal static class SupervisionQueries
{
    /// <summary>The lot (tracked), or the problem: 404 when none exists, 403 when the actor may not read (or write) it.</summary>
    public static async Task<(SupervisedLot? Lot, ProblemHttpResult? Problem)> FindLotAsync(GqDbContext db, Actor actor, Guid id, bool write, CancellationToken ct)
    {
        var lot = await db.Set<SupervisedLot>().FirstOrDefaultAsync(l => l.Id == id, ct);
        if (lot is null)
        {
            return (null, Problems.NotFound(new Message("noun.lot"), id.ToString()));
        }

        if (write ? !LotAccess.MayWrite(actor, lot.EnterpriseId) : !LotAccess.MayRead(actor, lot.EnterpriseId))
        {
            return (null, Problems.Forbidden(new Message("supervision.lot.other-enterprise")));
        }

        return (lot, null);
    }

    /// <summary>What the actor may list: an enterprise its own rows, officials and systems all (optionally one office's), anyone else nothing.</summary>
    public static IQueryable<T> Visible<T>(IQueryable<T> query, Actor actor, string? office)
        where T : class, IOfficeScoped
    {
        if (actor.EnterpriseId is { } own)
        {
            query = query.Where(x => x.EnterpriseId == own);
        }
        else if (!LotAccess.MayListOthers(actor))
        {
            query = query.Where(_ => false);
        }

        return office is { Length: > 0 } ? query.Where(x => x.OfficeCode == office) : query;
    }

    /// <summary>The enterprise a request acts for: an enterprise user's own; an official or a system client names it by USCC.</summary>
    public static async Task<EnterpriseEntry?> EnterpriseForAsync(IRegistryDirectory registry, Actor actor, string? uscc, Validation v, CancellationToken ct)
    {
        if (actor.EnterpriseId is { } own)
        {
            return await registry.FindEnterpriseAsync(own, ct);
        }

        if (!LotAccess.MayActForOthers(actor))
        {
            v.Add("enterpriseUscc", new Message("supervision.enterprise.who"));
            return null;
        }

        if (string.IsNullOrWhiteSpace(uscc))
        {
            v.Add("enterpriseUscc", new Message("supervision.enterprise.required"));
            return null;
        }

        var e = await registry.FindEnterpriseAsync(uscc.Trim(), ct);
        if (e is null)
        {
            v.Add("enterpriseUscc", new Message("supervision.enterprise.unknown", uscc));
        }

        return e;
    }

    public static LotView View(SupervisedLot l, string line) => new(l.Id, l.Uscc, line, l.Number, l.ProductCode, l.ProcessingState.Length == 0 ? null : l.ProcessingState,
        l.Market, l.OfficeCode, WireNames.Of(l.Status), l.OpenedAt, l.HeldAt, Message.Show(l.HoldReason), l.CompletedAt, l.Measurements, l.Nonconformities, l.SpcSignals);

    public static RecordView View(SupervisionRecord r) => new(r.Number, r.LotId, r.Uscc, r.LotNumber, r.ProductCode, r.Market, r.OfficeCode, r.IssuedAt, r.ProductionFrom,
        r.Measurements, r.Parameters.Split(';', StringSplitOptions.RemoveEmptyEntries), r.Standards.Split(';', StringSplitOptions.RemoveEmptyEntries), r.SpcSignals, "conforming");

    public static VideoView View(VideoReference v) => new(v.Id, v.LotId, v.Camera, v.From, v.To, v.Uri, v.Sha256, v.RegisteredAt, v.LastCheckedAt, v.LastCheckPassed);

    public static EventView View(SupervisionEvent e) => new(e.Id, e.At, WireNames.Of(e.Kind), e.OfficeCode, e.Uscc, e.LotId, e.LotNumber, e.Parameter,
        e.Value, e.Unit, e.RequirementId, Message.Show(e.Detail)!, e.DispatchedAt);

    public static MeasurementView View(Measurement m) => new(m.At, m.Device, m.Sensor, m.Parameter, m.Value, m.Unit, m.CanonicalValue, WireNames.Of(m.Verdict), m.RequirementId);
}
