using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using GoldenQuality.Standards.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Supervision.Contracts;

/// <summary>Supervised lots: open one, list and read them, complete one (its supervision record), read its measurements.</summary>
public sealed class SupervisedLots
{
    private readonly GqDbContext db;
    private readonly TimeProvider clock;
    private readonly IStandardsCatalogue catalogue;
    private readonly IRegistryDirectory registry;
    private readonly LotLocks locks;

    internal SupervisedLots(GqDbContext db, TimeProvider clock, IStandardsCatalogue catalogue, IRegistryDirectory registry, LotLocks locks)
    {
        this.db = db;
        this.clock = clock;
        this.catalogue = catalogue;
        this.registry = registry;
        this.locks = locks;
    }

    /// <summary>
    /// Opens a lot on a line of the enterprise. The supervising office follows from the enterprise's area and the lot's
    /// market: a lot for export is supervised by the responsible CIQ office, a lot for the domestic market (<c>domestic</c>,
    /// <c>domestic:NNNNNN</c>) by the responsible provincial BQS office (the two units, docs/quality.md).
    /// </summary>
    public async Task<HandlerResult<LotView>> CreateAsync(Actor actor, LotRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var v = new Validation();
        var lineCode = v.Required("line", request.Line, 64);
        var number = v.Required("number", request.Number, 64);
        var product = v.Required("product", request.Product, 64);
        var state = v.Optional("processingState", request.ProcessingState, 64) ?? "";
        var market = string.IsNullOrWhiteSpace(request.Market) ? "export" : request.Market.Trim();
        await CheckProductAndMarketAsync(v, product, market, ct);
        var enterprise = await SupervisionQueries.EnterpriseForAsync(registry, actor, request.EnterpriseUscc, v, ct);
        var line = enterprise is null ? null : await LineAsync(v, enterprise.Id, lineCode, ct);
        if (!v.IsValid || enterprise is null || line is null)
        {
            return v.Result();
        }

        if (await db.Set<SupervisedLot>().AnyAsync(l => l.EnterpriseId == enterprise.Id && l.Number == number, ct))
        {
            return Problems.Conflict("number", new Message("supervision.lot.duplicate", number));
        }

        var office = await SupervisingOfficeAsync(enterprise.AreaCode, market, ct);
        var lot = SupervisedLot.Create(Ids.New(clock), enterprise.Id, enterprise.Uscc, line.Id, number, product, state, market, office, clock.GetUtcNow());
        db.Add(lot);
        await db.SaveChangesAsync(ct);
        return SupervisionQueries.View(lot, line.Code);
    }

    /// <summary>
    /// The office that supervises a lot: for export, the CIQ office responsible for the enterprise's area (AQSIQ when none
    /// is); for the domestic market, the BQS office responsible for it (the CIQ office, then AQSIQ, when no BQS office is).
    /// </summary>
    private async Task<string> SupervisingOfficeAsync(string area, string market, CancellationToken ct)
    {
        if (market.StartsWith("domestic", StringComparison.Ordinal) && await registry.ResponsibleOfficeAsync(area, "BQS", ct) is { } bqs)
        {
            return bqs.Office.Code;
        }

        return (await registry.ResponsibleOfficeAsync(area, "CIQ", ct))?.Office.Code ?? "AQSIQ";
    }

    private async Task CheckProductAndMarketAsync(Validation v, string product, string market, CancellationToken ct)
    {
        if (StandardsIndex.ProvinceOfMarket(market) is null)
        {
            v.Add("market", new Message("supervision.market"));
        }

        var index = await catalogue.IndexAsync(ct);
        if (product.Length > 0 && !index.Nodes.ContainsKey(product))
        {
            v.Add("product", new Message("supervision.product.unknown", product));
        }
    }

    private async Task<ProductionLine?> LineAsync(Validation v, Guid enterpriseId, string lineCode, CancellationToken ct)
    {
        if (lineCode.Length == 0)
        {
            return null;
        }

        var line = await db.Set<ProductionLine>().AsNoTracking().FirstOrDefaultAsync(l => l.EnterpriseId == enterpriseId && l.Code == lineCode, ct);
        if (line is null)
        {
            v.Add("line", new Message("supervision.line.unknown", lineCode));
        }

        return line;
    }

    /// <summary>One page of the lots the actor may see, newest first, by status and office.</summary>
    public async Task<HandlerResult<Paged<LotView>>> ListAsync(Actor actor, LotQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var v = new Validation();
        var (p, size) = Paging.Read(v, query.Page, query.PageSize);
        var lots = db.Set<SupervisedLot>().AsNoTracking();
        if (query.Status is { Length: > 0 })
        {
            var s = v.Enum<LotStatus>("status", query.Status);
            lots = lots.Where(l => l.Status == s);
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        lots = SupervisionQueries.Visible(lots, actor, query.Office);
        var total = await lots.CountAsync(ct);
        var items = await (from l in lots
                           join line in db.Set<ProductionLine>() on l.LineId equals line.Id
                           orderby l.OpenedAt descending, l.Id
                           select new { l, line.Code }).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<LotView>([.. items.Select(x => SupervisionQueries.View(x.l, x.Code))], p, size, total);
    }

    public async Task<HandlerResult<LotView>> GetAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var (lot, problem) = await SupervisionQueries.FindLotAsync(db, actor, id, write: false, ct);
        if (lot is null)
        {
            return problem!;
        }

        var line = await db.Set<ProductionLine>().Where(l => l.Id == lot.LineId).Select(l => l.Code).FirstAsync(ct);
        return SupervisionQueries.View(lot, line);
    }

    /// <summary>Completes a lot as conforming: it gets a supervision record naming the parameters and standards checked. A held lot cannot complete (409).</summary>
    public async Task<HandlerResult<RecordView>> CompleteAsync(Actor actor, Guid id, CancellationToken ct)
    {
        await using var held = await locks.AcquireAsync(db, [id], ct);
        var (lot, problem) = await SupervisionQueries.FindLotAsync(db, actor, id, write: true, ct);
        if (lot is null)
        {
            return problem!;
        }

        if (lot.Status != LotStatus.Open)
        {
            return Problems.Conflict("status", lot.Status == LotStatus.Held
                ? new Message("supervision.lot.held-cannot-complete", Message.FromStored(lot.HoldReason) ?? new Message("text", ""))
                : new Message("supervision.lot.completed"));
        }

        var (parameters, standards) = await CheckedAgainstAsync(id, ct);
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        lot.Complete(now);
        var record = SupervisionRecord.Create(Ids.New(clock), lot, now, parameters, standards);
        db.Add(record);
        db.Add(SupervisionEvent.Create(Ids.New(clock), now, SupervisionEventKind.LotConforming, lot, null, null, null, null,
            new Message("supervision.lot.conforming", lot.Number, lot.Measurements, parameters, record.Number).Store(SupervisionEvent.MaxDetail)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return SupervisionQueries.View(record);
    }

    /// <summary>The parameters the lot's measurements were checked on, and the standards of the requirements that applied (each ;-separated, sorted).</summary>
    private async Task<(string Parameters, string Standards)> CheckedAgainstAsync(Guid id, CancellationToken ct)
    {
        var checkedOn = await db.Set<Measurement>().Where(m => m.LotId == id && m.Verdict != Verdict.NoLimit)
            .Select(m => new { m.Parameter, m.RequirementId }).Distinct().ToListAsync(ct);
        var index = await catalogue.IndexAsync(ct);
        var byId = index.Requirements.ToDictionary(r => r.Id, r => r.Standard);
        var parameters = string.Join(';', checkedOn.Select(c => c.Parameter).Distinct().Order(StringComparer.Ordinal));
        var standards = string.Join(';', checkedOn.Select(c => c.RequirementId is { } r && byId.TryGetValue(r, out var s) ? s : null).OfType<string>().Distinct().Order(StringComparer.Ordinal));
        return (parameters, standards);
    }

    /// <summary>The supervision record of a lot that completed conforming.</summary>
    public async Task<HandlerResult<RecordView>> RecordOfLotAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var (lot, problem) = await SupervisionQueries.FindLotAsync(db, actor, id, write: false, ct);
        if (lot is null)
        {
            return problem!;
        }

        var record = await db.Set<SupervisionRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.LotId == id, ct);
        return record is null
            ? Problems.NotFound(new Message("noun.supervision-record-for-lot"), id.ToString())
            : SupervisionQueries.View(record);
    }

    /// <summary>A supervision record by number (for the clearance flow's risk decision).</summary>
    public async Task<HandlerResult<RecordView>> RecordAsync(Actor actor, string number, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var record = await db.Set<SupervisionRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.Number == number, ct);
        if (record is null)
        {
            return Problems.NotFound(new Message("noun.supervision-record"), number);
        }

        return LotAccess.MayRead(actor, record.EnterpriseId) ? SupervisionQueries.View(record) : Problems.Forbidden(new Message("supervision.record.other-enterprise"));
    }

    /// <summary>One page of a lot's measurements, oldest first.</summary>
    public async Task<HandlerResult<Paged<MeasurementView>>> MeasurementsAsync(Actor actor, Guid id, int? page, int? pageSize, CancellationToken ct)
    {
        if (Paging.Invalid(page, pageSize, out var p, out var size) is { } invalid)
        {
            return invalid;
        }

        var (lot, problem) = await SupervisionQueries.FindLotAsync(db, actor, id, write: false, ct);
        if (lot is null)
        {
            return problem!;
        }

        var query = db.Set<Measurement>().AsNoTracking().Where(m => m.LotId == id);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(m => m.At).ThenBy(m => m.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<MeasurementView>([.. items.Select(SupervisionQueries.View)], p, size, total);
    }
}
