using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Declarations.Contracts;

/// <summary>One stage's (or the total's) duration distribution, in seconds.</summary>
public sealed record StageTime(string Stage, string From, string To, int Count, double P50, double P90, double P99, double Max);

/// <summary>The clearance time per stage and in total of the declarations submitted in a window.</summary>
public sealed record ClearanceTimeView(DateTimeOffset From, DateTimeOffset To, string? Kind, int Declarations, StageTime[] Stages);

/// <summary>The share of cleared goods lines whose clearance permit reached Customs electronically, in a window.</summary>
public sealed record CoverageView(DateTimeOffset From, DateTimeOffset To, int ClearedDeclarations, int ClearedLines, int ElectronicLines, double Coverage);

/// <summary>
/// Clearance time per stage and in total (p50/p90/p99, nearest-rank) from the stage timestamps of each
/// declaration's history, and the e-clearance coverage, for the declarations submitted in a window (default: the
/// last 30 days) that the actor may see (the leadership: all of them). The metrics endpoints and the dashboard read the same figures here.
/// </summary>
public sealed class ClearanceMetrics
{
    /// <summary>The stages, as (name, from-milestone, to-milestone); a declaration counts in a stage when it has both.</summary>
    private static readonly (string Stage, string From, string To)[] Stages =
    [
        ("acceptance", "submitted", "accepted"),
        ("risk", "accepted", "risk-decided"),
        ("inspection", "risk-decided", "passed"),
        ("permit", "passed", "permit-issued"),
        ("port-verification", "permit-issued", "port-verified"),
        ("customs", "clearance-permit-issued", "customs-decided"),
        ("total", "submitted", "customs-decided"),
    ];

    private readonly GqDbContext db;
    private readonly TimeProvider clock;

    internal ClearanceMetrics(GqDbContext db, TimeProvider clock) => (this.db, this.clock) = (db, clock);

    /// <summary>Clearance time per stage and in total: p50, p90, p99 (seconds), optionally of one kind (export or import).</summary>
    public async Task<HandlerResult<ClearanceTimeView>> TimeAsync(Actor actor, DateTimeOffset? from, DateTimeOffset? to, string? kind, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var v = new Validation();
        var (start, end) = Window(v, from, to);
        var query = Visible(actor);
        if (!string.IsNullOrWhiteSpace(kind))
        {
            var k = v.Enum<DeclarationKind>("kind", kind);
            query = query.Where(d => d.Kind == k);
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        var milestones = Stages.SelectMany(s => new[] { s.From, s.To }).Distinct().ToArray();
        var ids = query.Where(d => d.CreatedAt >= start.AddDays(-1) && d.CreatedAt < end).Select(d => d.Id);
        var events = await db.Set<DeclarationEvent>().AsNoTracking()
            .Where(e => ids.Contains(e.DeclarationId) && milestones.Contains(e.Stage))
            .Select(e => new { e.DeclarationId, e.Stage, e.At })
            .ToListAsync(ct);
        var byDeclaration = events.GroupBy(e => e.DeclarationId)
            .Select(g => g.GroupBy(e => e.Stage).ToDictionary(s => s.Key, s => s.Min(e => e.At), StringComparer.Ordinal))
            .Where(m => m.TryGetValue("submitted", out var s) && s >= start && s < end)
            .ToList();
        var stages = Stages.Select(s =>
        {
            var durations = byDeclaration
                .Where(m => m.ContainsKey(s.From) && m.ContainsKey(s.To))
                .Select(m => Math.Max(0, (m[s.To] - m[s.From]).TotalSeconds))
                .Order()
                .ToArray();
            return new StageTime(s.Stage, s.From, s.To, durations.Length, Rank(durations, 0.50), Rank(durations, 0.90), Rank(durations, 0.99), durations.LastOrDefault());
        }).ToArray();
        return new ClearanceTimeView(start, end, kind, byDeclaration.Count, stages);
    }

    /// <summary>The share of cleared goods lines whose clearance permit reached Customs electronically.</summary>
    public async Task<HandlerResult<CoverageView>> CoverageAsync(Actor actor, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var v = new Validation();
        var (start, end) = Window(v, from, to);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var query = Visible(actor);
        var cleared = await query
            .Where(d => d.Status == DeclarationStatus.Cleared && d.CustomsDecidedAt >= start && d.CustomsDecidedAt < end)
            .Select(d => new { d.LineCount, d.ElectronicClearance })
            .ToListAsync(ct);
        var lines = cleared.Sum(d => d.LineCount);
        var electronic = cleared.Where(d => d.ElectronicClearance == true).Sum(d => d.LineCount);
        return new CoverageView(start, end, cleared.Count, lines, electronic, lines == 0 ? 0 : Math.Round((double)electronic / lines, 4));
    }

    /// <summary>The widest window a request may ask for (the figures are computed per request from the declarations in it).</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(366);

    private (DateTimeOffset, DateTimeOffset) Window(Validation v, DateTimeOffset? from, DateTimeOffset? to)
    {
        var end = to ?? clock.GetUtcNow().AddSeconds(1);
        var start = from ?? end.AddDays(-30);
        if (start >= end)
        {
            v.Add("from", new Message("decl.metrics.from-before-to"));
        }
        else if (end - start > MaxWindow)
        {
            v.Add("from", new Message("decl.metrics.window", MaxWindow.TotalDays));
        }

        return (start, end);
    }

    /// <summary>
    /// The declarations whose figures the actor sees: the leadership (the State Council's coordinating group, the
    /// administrators) all of this node's, as aggregates; everyone else those they may read one by one.
    /// </summary>
    private IQueryable<Declaration> Visible(Actor actor) =>
        Policies.IsLeadership(actor) ? db.Set<Declaration>().AsNoTracking() : DeclarationAccess.Scope(db.Set<Declaration>().AsNoTracking(), actor);

    /// <summary>Nearest-rank percentile of sorted values; 0 when there are none.</summary>
    internal static double Rank(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 3);
}
