using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Alerts.Contracts;

/// <summary>The laboratory re-test a release rests on.</summary>
/// <remarks><c>Number</c>: The report number (at most 64 characters).<br/>
/// <c>Result</c>: <c>pass</c> or <c>fail</c>; a release needs <c>pass</c>.<br/>
/// <c>Laboratory</c>: The laboratory, optional (at most 200 characters).</remarks>
public sealed record RetestReport(string? Number, string? Result, string? Laboratory);

/// <summary>A decision on a hold: <c>released</c> (with a passing re-test), <c>destroyed</c>, <c>returned</c> or <c>reprocessed</c>, with its evidence (at most 2000 characters).</summary>
public sealed record HoldDecisionRequest(string? Decision, string? Evidence, RetestReport? RetestReport, long? Version = null);

/// <summary>A hold as the list shows it.</summary>
public sealed record HoldSummary(
    Guid Id, string Kind, string Key, string Office, string Description, string Origin, string? AlertNumber, string Reason, DateTimeOffset PlacedAt, string Status,
    DateTimeOffset? DecidedAt);

/// <summary>One hold with its decision, once made; <c>CanDecide</c> says whether the reader may decide it now.</summary>
public sealed record HoldView(
    Guid Id, string Kind, string Key, string Office, string Description, string Origin, string? AlertNumber, string Reason, string[] Parties, DateTimeOffset PlacedAt,
    string Status, string? Evidence, RetestReport? RetestReport, string? DecidedBy, string? DecidedOffice, string? DecidedNode, DateTimeOffset? DecidedAt, long Version,
    bool CanDecide);

/// <summary>
/// The holds of this node an official may see: those of his own office and of the offices below it; the alert
/// coordinator and administrators see every hold of the node. Filters: status, kind (wire names), alert number.
/// </summary>
public sealed class ListHolds
{
    /// <summary>The orders the list can be shown in: most recently placed first (the default), longest held first, by office, by subject.</summary>
    public static readonly string[] Sorts = ["newest", "oldest", "office", "subject"];

    private readonly HoldAccess access;

    internal ListHolds(HoldAccess access) => this.access = access;

    public async Task<HandlerResult<Paged<HoldSummary>>> HandleAsync(Actor actor, string? status, string? kind, string? alert, string? sort, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsOfficial)
        {
            return Problems.Forbidden(new Message("hold.forbidden.read"));
        }

        var v = new Validation();
        var s = string.IsNullOrWhiteSpace(status) ? (HoldStatus?)null : v.Enum<HoldStatus>("status", status);
        var k = string.IsNullOrWhiteSpace(kind) ? (HoldSubjectKind?)null : v.Enum<HoldSubjectKind>("kind", kind);
        var a = v.Optional("alert", alert, 64)?.ToUpperInvariant();
        var order = Paging.Sort(v, sort, Sorts);
        var (p, size) = Paging.Read(v, page, pageSize);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var query = access.Db.Set<HoldRow>().AsNoTracking();
        query = s is { } st ? query.Where(h => h.Status == st) : query;
        query = k is { } kk ? query.Where(h => h.Kind == kk) : query;
        query = a is not null ? query.Where(h => h.AlertNumber == a) : query;
        if (!HoldAccess.SeesAll(actor))
        {
            var offices = await access.VisibleOfficesAsync(actor, await query.Select(h => h.Office).Distinct().ToListAsync(ct), ct);
            query = query.Where(h => offices.Contains(h.Office));
        }

        var total = await query.CountAsync(ct);
        var ordered = order switch
        {
            "oldest" => query.OrderBy(h => h.PlacedAt).ThenBy(h => h.Id),
            "office" => query.OrderBy(h => h.Office).ThenByDescending(h => h.PlacedAt).ThenBy(h => h.Id),
            "subject" => query.OrderBy(h => h.Key).ThenByDescending(h => h.PlacedAt).ThenBy(h => h.Id),
            _ => query.OrderByDescending(h => h.PlacedAt).ThenByDescending(h => h.Id),
        };
        var rows = await ordered.Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<HoldSummary>([.. rows.Select(HoldAccess.Summary)], p, size, total);
    }
}

/// <summary>One hold of this node with its decision, for an official who may see it (404 otherwise).</summary>
public sealed class GetHold
{
    private readonly HoldAccess access;

    internal GetHold(HoldAccess access) => this.access = access;

    public async Task<HandlerResult<HoldView>> HandleAsync(Actor actor, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (hold, problem) = await access.FindAsync(actor, id, track: false, ct);
        return hold is null ? problem! : await access.ViewAsync(actor, hold, ct);
    }
}

/// <summary>
/// Decides a hold: only a supervisor of the hold's office or of an office above it. <c>released</c> needs a passing
/// re-test (report number, result <c>pass</c>); <c>destroyed</c>, <c>returned</c>, <c>reprocessed</c> need only the
/// evidence. The module owning the subject applies it in the same save; for an alert's hold, the other holds of this
/// node on the same subject under the same alert are decided too, and the decision goes to the hold's parties on the
/// other nodes. A decided hold cannot be decided again (409).
/// </summary>
public sealed class DecideHold
{
    private static readonly HoldStatus[] Decisions = [HoldStatus.Released, HoldStatus.Destroyed, HoldStatus.Returned, HoldStatus.Reprocessed];

    private readonly HoldAccess access;

    internal DecideHold(HoldAccess access) => this.access = access;

    public async Task<HandlerResult<HoldView>> HandleAsync(Actor actor, Guid id, HoldDecisionRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (!actor.IsOfficial)
        {
            return Problems.Forbidden(new Message("hold.forbidden.decide"));
        }

        var hold = await access.Db.Set<HoldRow>().FirstOrDefaultAsync(h => h.Id == id, ct);
        if (hold is null)
        {
            return Problems.NotFound(new Message("noun.hold"), id.ToString());
        }

        if (await access.DeciderProblemAsync(actor, hold, ct) is { } refused)
        {
            return refused;
        }

        var v = new Validation();
        var decision = v.Enum<HoldStatus>("decision", request.Decision);
        if (v.IsValid && !Decisions.Contains(decision))
        {
            v.Add("decision", new Message("hold.decision-choice"));
        }

        var evidence = v.Required("evidence", request.Evidence, HoldRow.MaxEvidence);
        var report = request.RetestReport;
        var number = v.Optional("retestReport.number", report?.Number, 64);
        var result = v.Optional("retestReport.result", report?.Result, 16)?.ToLowerInvariant();
        var laboratory = v.Optional("retestReport.laboratory", report?.Laboratory, 200);
        if (result is not (null or "pass" or "fail"))
        {
            v.Add("retestReport.result", Message.NotOneOf(report?.Result ?? "", "pass, fail"));
        }

        if (decision == HoldStatus.Released && number is null)
        {
            v.Add("retestReport.number", new Message("hold.retest-number"));
        }

        if (decision == HoldStatus.Released && result != "pass")
        {
            v.Add("retestReport.result", new Message("hold.retest-pass"));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (request.Version is { } sent && sent != hold.Version)
        {
            return Problems.StaleVersion(sent, hold.Version);
        }

        if (hold.Status != HoldStatus.Active)
        {
            return HoldAccess.AlreadyDecided(hold);
        }

        var retest = number is null && result is null ? null : new RetestReport(number, result, laboratory);
        await access.Register.DecideAsync(access.Db, hold, decision, evidence, retest, actor.UserName, actor.OrganisationCode ?? "", ct);
        try
        {
            await access.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("version", new Message("hold.decided-while-saving", hold.Id.ToString()));
        }

        var fresh = await access.Db.Set<HoldRow>().AsNoTracking().FirstAsync(h => h.Id == hold.Id, ct);
        return await access.ViewAsync(actor, fresh, ct);
    }
}

/// <summary>Who sees and decides which hold: the office of the hold and the offices above it in the chain of command.</summary>
internal sealed class HoldAccess(GqDbContext db, HoldRegister register, IOfficeHierarchy hierarchy)
{
    public GqDbContext Db => db;

    public HoldRegister Register => register;

    public static bool SeesAll(Actor actor) => Policies.IsAlertCoordinator(actor) || actor.IsAdmin;

    public async Task<bool> IsOfOrAboveAsync(Actor actor, string office, CancellationToken ct) =>
        actor.OrganisationCode is { } own && (own == office || await hierarchy.ReportsToAsync(office, own, ct));

    public async Task<List<string>> VisibleOfficesAsync(Actor actor, IEnumerable<string> offices, CancellationToken ct)
    {
        var visible = new List<string>();
        foreach (var office in offices)
        {
            if (await IsOfOrAboveAsync(actor, office, ct))
            {
                visible.Add(office);
            }
        }

        return visible;
    }

    public async Task<(HoldRow? Hold, ProblemHttpResult? Problem)> FindAsync(Actor actor, Guid id, bool track, CancellationToken ct)
    {
        if (!actor.IsOfficial)
        {
            return (null, Problems.Forbidden(new Message("hold.forbidden.read-decide")));
        }

        var hold = await (track ? db.Set<HoldRow>() : db.Set<HoldRow>().AsNoTracking()).FirstOrDefaultAsync(h => h.Id == id, ct);
        return hold is null || !(SeesAll(actor) || await IsOfOrAboveAsync(actor, hold.Office, ct))
            ? (null, Problems.NotFound(new Message("noun.hold"), id.ToString()))
            : (hold, null);
    }

    /// <summary>Null when the actor may decide the hold: a supervisor of its office or of an office above it.</summary>
    public async Task<ProblemHttpResult?> DeciderProblemAsync(Actor actor, HoldRow hold, CancellationToken ct)
    {
        if (!actor.Roles.HasFlag(UserRoles.Supervisor) || !await IsOfOrAboveAsync(actor, hold.Office, ct))
        {
            return Problems.Forbidden(new Message("hold.forbidden.supervisor", hold.Office, actor.OnBehalfOf));
        }

        return null;
    }

    public static ProblemHttpResult AlreadyDecided(HoldRow h) =>
        Problems.Conflict("status", new Message("hold.already-decided", h.Id.ToString(), Message.Term("hold.kind.", WireNames.Of(h.Kind)), h.Key,
            Message.Term("hold.decision.", WireNames.Of(h.Status)), h.DecidedBy, h.DecidedOffice, h.DecidedAt?.ToString("O", CultureInfo.InvariantCulture)));

    public async Task<HoldView> ViewAsync(Actor actor, HoldRow h, CancellationToken ct)
    {
        var can = h.Status == HoldStatus.Active && await DeciderProblemAsync(actor, h, ct) is null;
        var report = h.RetestReportNumber is null && h.RetestResult is null ? null : new RetestReport(h.RetestReportNumber, h.RetestResult, h.RetestLaboratory);
        return new HoldView(h.Id, WireNames.Of(h.Kind), h.Key, h.Office, h.Description, WireNames.Of(h.Origin), h.AlertNumber, Message.Show(h.Reason) ?? "", h.PartyList, h.PlacedAt,
            WireNames.Of(h.Status), h.Evidence, report, h.DecidedBy, h.DecidedOffice, h.DecidedNode, h.DecidedAt, h.Version, can);
    }

    public static HoldSummary Summary(HoldRow h) =>
        new(h.Id, WireNames.Of(h.Kind), h.Key, h.Office, h.Description, WireNames.Of(h.Origin), h.AlertNumber, Message.Show(h.Reason) ?? "", h.PlacedAt, WireNames.Of(h.Status), h.DecidedAt);
}
