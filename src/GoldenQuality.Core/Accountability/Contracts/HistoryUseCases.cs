using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Accountability.Contracts;

/// <summary>
/// The clearance history of a range of days (default: the 366 days up to the last day kept, China time), of every bureau or of one:
/// the dashboard's trends and per-bureau drill-down. The dashboard's viewers only (<see cref="Policies.IsDashboardViewer"/>).
/// </summary>
public sealed class GetClearanceHistory
{
    /// <summary>The longest range a request may ask for.</summary>
    public const int MaxDays = 366;

    /// <summary>Ranges up to this many days come as a series by day; longer ones by week.</summary>
    public const int DailyUpTo = 62;

    private readonly GqDbContext db;
    private readonly TimeProvider clock;

    internal GetClearanceHistory(GqDbContext db, TimeProvider clock) => (this.db, this.clock) = (db, clock);

    public async Task<HandlerResult<HistoryView>> HandleAsync(Actor actor, DateOnly? from, DateOnly? to, string? bureau, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Policies.IsDashboardViewer(actor))
        {
            return Problems.Forbidden(new Message("history.forbidden", actor.UserName));
        }

        var v = new Validation();
        var today = DateOnly.FromDateTime(ChinaTime.Of(clock.GetUtcNow()).DateTime);
        var last = await db.Set<HistoryDayRow>().Where(r => r.Day <= today).MaxAsync(r => (DateOnly?)r.Day, ct);
        var end = to ?? last ?? today;
        var start = from ?? end.AddDays(-(MaxDays - 1));
        if (start > end)
        {
            v.Add("from", new Message("history.range-order"));
        }
        else if (end.DayNumber - start.DayNumber + 1 > MaxDays)
        {
            v.Add("from", new Message("history.range-too-long", MaxDays));
        }

        var code = v.Optional("bureau", bureau, 32)?.ToUpperInvariant();
        if (!v.IsValid)
        {
            return v.Result();
        }

        if (code is not null && !await db.Set<HistoryDayRow>().AnyAsync(r => r.Bureau == code, ct))
        {
            v.Add("bureau", new Message("history.no-bureau", code));
            return v.Result();
        }

        // Every bureau's days: the bureau table ranks them all, also when one is drilled into.
        var rows = await db.Set<HistoryDayRow>().AsNoTracking().Where(r => r.Day >= start && r.Day <= end).ToListAsync(ct);
        return HistoryAggregate.Build(start, end, code, rows);
    }
}

/// <summary>
/// Generates the demo's clearance history (decision 0020) for the given bureaus over the <c>days</c> days
/// before <c>through</c> (exclusive), replacing any generated days; recorded days are never touched. When the
/// same seed already generated exactly that range, nothing is written. Administrators and systems only.
/// </summary>
public sealed class GenerateHistory
{
    private readonly GqDbContext db;

    internal GenerateHistory(GqDbContext db) => this.db = db;

    public async Task<HandlerResult<HistoryGenerated>> HandleAsync(Actor actor, int seed, DateOnly through, int days, IReadOnlyList<HistoryBureauProfile> bureaus, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(bureaus);
        if (!Policies.IsSystemOrAdministrator(actor))
        {
            return Problems.Forbidden(new Message("history.generate-forbidden", actor.UserName));
        }

        var v = new Validation();
        if (days is < 1 or > GetClearanceHistory.MaxDays)
        {
            v.Add("days", new Message("history.days", GetClearanceHistory.MaxDays));
        }

        if (bureaus.Count == 0 || bureaus.Any(b => b.Weight <= 0 || b.Readiness is < 0 or > 1 || string.IsNullOrWhiteSpace(b.Code) || b.Code.Length > 32))
        {
            v.Add("bureaus", new Message("history.bureaus"));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        var first = through.AddDays(-days);
        var set = db.Set<HistoryDayRow>();
        var generated = set.Where(r => r.GeneratedSeed != null);
        var same = await generated.CountAsync(r => r.GeneratedSeed == seed && r.Day >= first && r.Day < through, ct) == days * bureaus.Count
            && !await generated.AnyAsync(r => r.GeneratedSeed != seed || r.Day < first || r.Day >= through, ct);
        if (same)
        {
            return new HistoryGenerated(first, through.AddDays(-1), bureaus.Count, days, seed, true);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await generated.ExecuteDeleteAsync(ct);
        var recorded = (await set.Where(r => r.Day >= first && r.Day < through).Select(r => new { r.Bureau, r.Day }).ToListAsync(ct))
            .Select(r => (r.Bureau, r.Day)).ToHashSet();
        var tracking = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var chunk in HistoryGenerator.Generate(seed, first, days, bureaus).Where(r => !recorded.Contains((r.Bureau, r.Day))).Chunk(2000))
            {
                set.AddRange(chunk);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = tracking;
        }

        await transaction.CommitAsync(ct);
        return new HistoryGenerated(first, through.AddDays(-1), bureaus.Count, days, seed, false);
    }
}
