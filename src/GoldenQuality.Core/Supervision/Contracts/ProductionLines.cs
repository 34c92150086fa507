using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Supervision.Contracts;

/// <summary>Production lines of enterprises under E-Supervision: register one, list them.</summary>
public sealed class ProductionLines(GqDbContext db, TimeProvider clock, IRegistryDirectory registry)
{
    /// <summary>Registers a line of the actor's enterprise (an official or a system client names the enterprise by USCC).</summary>
    public async Task<HandlerResult<LineView>> CreateAsync(Actor actor, LineRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var v = new Validation();
        var code = v.Required("code", request.Code, 64);
        var name = v.Required("name", request.Name, 256);
        var enterprise = await SupervisionQueries.EnterpriseForAsync(registry, actor, request.EnterpriseUscc, v, ct);
        if (!v.IsValid || enterprise is null)
        {
            return v.Result();
        }

        if (await db.Set<ProductionLine>().AnyAsync(l => l.EnterpriseId == enterprise.Id && l.Code == code, ct))
        {
            return Problems.Conflict("code", new Message("supervision.line.duplicate", code));
        }

        var line = ProductionLine.Create(Ids.New(clock), enterprise.Id, code, name, clock.GetUtcNow());
        db.Add(line);
        await db.SaveChangesAsync(ct);
        return new LineView(line.Id, enterprise.Uscc, line.Code, line.Name, line.CreatedAt);
    }

    /// <summary>
    /// The lines the actor may see (an enterprise its own, officials and systems all, optionally one enterprise's),
    /// by USCC and code, at most <see cref="Paging.MaxPageSize"/>.
    /// </summary>
    public async Task<LineView[]> ListAsync(Actor actor, string? enterpriseUscc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var query = db.Set<ProductionLine>().AsNoTracking();
        if (actor.EnterpriseId is { } own)
        {
            query = query.Where(l => l.EnterpriseId == own);
        }
        else if (!LotAccess.MayListOthers(actor))
        {
            return [];
        }

        if (enterpriseUscc is { Length: > 0 })
        {
            if (await registry.FindEnterpriseAsync(enterpriseUscc, ct) is not { } named)
            {
                return [];
            }

            query = query.Where(l => l.EnterpriseId == named.Id);
        }

        // The enterprises' USCCs come from the Registry's directory, not its table: the lines are joined here.
        var lines = await query.ToListAsync(ct);
        var enterprises = (await registry.FindEnterprisesAsync([.. lines.Select(l => l.EnterpriseId).Distinct()], ct)).ToDictionary(e => e.Id);
        return [.. lines.Where(l => enterprises.ContainsKey(l.EnterpriseId))
            .Select(l => new LineView(l.Id, enterprises[l.EnterpriseId].Uscc, l.Code, l.Name, l.CreatedAt))
            .OrderBy(l => l.Uscc, StringComparer.Ordinal).ThenBy(l => l.Code, StringComparer.Ordinal)
            .Take(Paging.MaxPageSize)];
    }
}
