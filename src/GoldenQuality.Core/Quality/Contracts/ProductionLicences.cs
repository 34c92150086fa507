using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Quality.Contracts;

/// <summary>
/// Applies for a production licence on the province's BQS node: an enterprise user for its own enterprise, or a BQS
/// officer for any registered enterprise with a site in his province. Every field is checked; the licence starts as
/// applied with an application number (<c>QLA-BQS-ZJ-20260315-0001</c>).
/// </summary>
public sealed class ApplyForProductionLicence
{
    private readonly LicenceRegister register;

    internal ApplyForProductionLicence(LicenceRegister register) => this.register = register;

    public async Task<HandlerResult<ProductionLicenceView>> HandleAsync(Actor actor, ProductionLicenceApplication request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var officer = Policies.IsQualityOfficer(actor);
        if (!officer && !(Policies.IsEnterpriseUser(actor) && actor.EnterpriseUscc is not null))
        {
            return Problems.Forbidden(new Message("licence.apply.who"));
        }

        var holder = string.IsNullOrWhiteSpace(request.HolderUscc) && !officer ? actor.EnterpriseUscc : request.HolderUscc?.Trim().ToUpperInvariant();
        if (!officer && holder != actor.EnterpriseUscc)
        {
            return Problems.Forbidden(new Message("licence.apply.own", actor.OnBehalfOf, actor.EnterpriseUscc, holder));
        }

        var v = new Validation();
        var fields = await register.CheckFieldsAsync(v, actor, request with { HolderUscc = holder }, ct);
        if (fields is null)
        {
            return v.Result();
        }

        if (officer && LicenceRegister.OfficerOf(actor, fields.Province, fields.Office) is { } forbidden)
        {
            return forbidden;
        }

        var l = ProductionLicence.Apply(Ids.New(register.Clock), await register.NextApplicationNumberAsync(fields.Province, ct), fields, register.Clock.GetUtcNow());
        register.Db.Set<ProductionLicence>().Add(l);
        register.Record(l, actor, "applied", null, ProductionLicenceStatus.Applied, (string?)null);
        return await register.SaveViewAsync(l, ct);
    }
}

/// <summary>
/// Schedules and records the on-site review: an application moves under review when the review is scheduled (date
/// and reviewers required); its result (<c>pass</c> or <c>fail</c>, with findings) may be recorded then or later, once.
/// </summary>
public sealed class ReviewProductionLicence
{
    private readonly LicenceRegister register;

    internal ReviewProductionLicence(LicenceRegister register) => this.register = register;

    public async Task<HandlerResult<ProductionLicenceView>> HandleAsync(Actor actor, string number, ProductionLicenceReviewRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (l, problem) = await LicenceSteps.FindForOfficerAsync(register, actor, number, request.Version, ct);
        if (l is null)
        {
            return problem!;
        }

        if (l.Status is not (ProductionLicenceStatus.Applied or ProductionLicenceStatus.UnderReview))
        {
            return LicenceRules.Illegal(l, "reviewed", register.Today);
        }

        if (l.ReviewResult is not null)
        {
            return Problems.Conflict("result", new Message("licence.review.recorded", l.ApplicationNumber, Message.Term("licence.result.", l.ReviewResult)));
        }

        var v = new Validation();
        var first = l.Status == ProductionLicenceStatus.Applied;
        if (first && request.ScheduledOn is null)
        {
            v.Add("scheduledOn", new Message("licence.review.scheduled-required"));
        }

        var reviewers = (request.Reviewers ?? []).Select(r => r?.Trim() ?? "").Where(r => r.Length > 0).ToArray();
        if (first && reviewers.Length == 0)
        {
            v.Add("reviewers", new Message("licence.review.reviewer-required"));
        }
        else if (reviewers.Length > LicenceRules.MaxReviewers || reviewers.Any(r => r.Length > 64 || r.Contains(';', StringComparison.Ordinal)))
        {
            v.Add("reviewers", new Message("licence.review.reviewers", LicenceRules.MaxReviewers));
        }

        var findings = v.Optional("findings", request.Findings, LicenceRules.MaxText);
        var result = v.Optional("result", request.Result, 8)?.ToLowerInvariant();
        if (result is not (null or "pass" or "fail"))
        {
            v.Add("result", Message.NotOneOf(request.Result ?? "", "pass, fail"));
        }
        else if (result is not null && findings is null)
        {
            v.Add("findings", new Message("licence.review.findings-required"));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        var from = l.Status;
        l.Review(request.ScheduledOn, reviewers.Length == 0 ? null : string.Join(';', reviewers), findings, result, register.Clock.GetUtcNow());
        var what = request.ScheduledOn is { } on
            ? new Message("licence.review.on", on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), string.Join(", ", reviewers))
            : new Message("licence.review");
        register.Record(l, actor, result is null ? "review-scheduled" : "reviewed", from, l.Status,
            result is null ? what : new Message("licence.reason.reviewed", what, new Message("licence.result." + result), findings));
        return await register.SaveViewAsync(l, ct);
    }
}

/// <summary>
/// Grants a licence whose on-site review passed: the licence number is assigned (food <c>SC…</c>, industrial
/// <c>浙XK…</c>) with the validity (at most five years), and the CIQ office of the holder's area is told.
/// </summary>
public sealed class GrantProductionLicence
{
    private readonly LicenceRegister register;

    internal GrantProductionLicence(LicenceRegister register) => this.register = register;

    public async Task<HandlerResult<ProductionLicenceView>> HandleAsync(Actor actor, string number, ProductionLicenceGrantRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (l, problem) = await LicenceSteps.FindForOfficerAsync(register, actor, number, request.Version, ct);
        if (l is null)
        {
            return problem!;
        }

        if (l.Status is not (ProductionLicenceStatus.Applied or ProductionLicenceStatus.UnderReview))
        {
            return LicenceRules.Illegal(l, "granted", register.Today);
        }

        if (l.ReviewResult != "pass")
        {
            return Problems.Conflict("review", new Message("licence.grant.not-passed", l.ApplicationNumber,
                l.ReviewResult is { } r ? Message.Term("licence.result.", r) : new Message("licence.review.not-recorded")));
        }

        var v = new Validation();
        var reason = v.Optional("reason", request.Reason, LicenceRules.MaxReason);
        var from = request.ValidFrom ?? register.Today;
        var to = request.ValidTo ?? from.AddYears(LicenceRules.MaxYears).AddDays(-1);
        register.CheckValidity(v, from, to);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var before = l.Status;
        l.Grant(await register.NextNumberAsync(l, ct), from, to, reason, register.Clock.GetUtcNow());
        if (reason is null)
        {
            register.Record(l, actor, "granted", before, ProductionLicenceStatus.Granted,
                new Message("licence.reason.granted", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }
        else
        {
            register.Record(l, actor, "granted", before, ProductionLicenceStatus.Granted, reason);
        }

        await register.AnnounceAsync(l, reason ?? "granted", ct);
        return await register.SaveViewAsync(l, ct);
    }
}

/// <summary>Refuses an application (applied or under review), with the reason.</summary>
public sealed class RefuseProductionLicence
{
    private readonly LicenceRegister register;

    internal RefuseProductionLicence(LicenceRegister register) => this.register = register;

    public async Task<HandlerResult<ProductionLicenceView>> HandleAsync(Actor actor, string number, ProductionLicenceRefusal request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (l, problem) = await LicenceSteps.FindForOfficerAsync(register, actor, number, request.Version, ct);
        if (l is null)
        {
            return problem!;
        }

        var v = new Validation();
        var reason = v.Required("reason", request.Reason, LicenceRules.MaxReason);
        if (!v.IsValid)
        {
            return v.Result();
        }

        if (l.Status is not (ProductionLicenceStatus.Applied or ProductionLicenceStatus.UnderReview))
        {
            return LicenceRules.Illegal(l, "refused", register.Today);
        }

        LicenceSteps.Move(register, l, ProductionLicenceStatus.Refused, actor, "refused", reason, null);
        return await register.SaveViewAsync(l, ct);
    }
}

/// <summary>
/// Changes a granted (or suspended) licence: categories, site address, end of validity (within five years of its
/// start), with the reason; the history keeps the old and new values and the CIQ office of the holder's area is told.
/// </summary>
public sealed class ChangeProductionLicence
{
    private readonly LicenceRegister register;

    internal ChangeProductionLicence(LicenceRegister register) => this.register = register;

    public async Task<HandlerResult<ProductionLicenceView>> HandleAsync(Actor actor, string number, ProductionLicenceChangeRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (l, problem) = await LicenceSteps.FindForOfficerAsync(register, actor, number, request.Version, ct);
        if (l is null)
        {
            return problem!;
        }

        var v = new Validation();
        var reason = v.Required("reason", request.Reason, LicenceRules.MaxReason);
        var categories = request.Categories is null ? l.Categories : await register.CheckCategoriesAsync(v, request.Categories, ct);
        var address = request.SiteAddress is null ? l.SiteAddress : v.Required("siteAddress", request.SiteAddress, LicenceRules.MaxAddress);
        var to = request.ValidTo ?? l.ValidTo ?? register.Today;
        if (request.ValidTo is { } newTo && l.ValidFrom is { } from)
        {
            register.CheckValidity(v, from, newTo);
        }

        if (request.Categories is null && request.SiteAddress is null && request.ValidTo is null)
        {
            v.Add("categories", new Message("licence.change.nothing"));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (l.EffectiveStatus(register.Today) is not (ProductionLicenceStatus.Granted or ProductionLicenceStatus.Suspended))
        {
            return LicenceRules.Illegal(l, "changed", register.Today);
        }

        var before = LicenceRules.Terms(l);
        l.Change(categories, address, to, reason, register.Clock.GetUtcNow());
        register.Record(l, actor, "changed", l.Status, l.Status, new Message("licence.reason.changed", reason, before, LicenceRules.Terms(l)));
        await register.AnnounceAsync(l, reason, ct);
        return await register.SaveViewAsync(l, ct);
    }
}

/// <summary>
/// Suspends, reinstates or revokes a licence (reason required; <c>Reference</c> names the cause, e.g. a spot-check
/// sample): suspend a granted one, reinstate a suspended one still within its validity, revoke a granted or suspended
/// one (final). Any other transition is a 409 naming the status. The CIQ office of the holder's area is told.
/// Part of the spot-check follow-up calls it too (a licence suspension).
/// </summary>
public sealed class ChangeProductionLicenceStatus
{
    private readonly LicenceRegister register;

    internal ChangeProductionLicenceStatus(LicenceRegister register) => this.register = register;

    public async Task<HandlerResult<ProductionLicenceView>> HandleAsync(Actor actor, string number, ProductionLicenceStatusRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (l, problem) = await LicenceSteps.FindForOfficerAsync(register, actor, number, request.Version, ct);
        if (l is null)
        {
            return problem!;
        }

        var v = new Validation();
        var action = v.Required("action", request.Action, 16).ToLowerInvariant();
        var reason = v.Required("reason", request.Reason, LicenceRules.MaxReason);
        var reference = v.Optional("reference", request.Reference, LicenceRules.MaxReference);
        var (allowed, to, done) = action switch
        {
            "suspend" => (new[] { ProductionLicenceStatus.Granted }, ProductionLicenceStatus.Suspended, "suspended"),
            "reinstate" => ([ProductionLicenceStatus.Suspended], ProductionLicenceStatus.Granted, "reinstated"),
            "revoke" => ([ProductionLicenceStatus.Granted, ProductionLicenceStatus.Suspended], ProductionLicenceStatus.Revoked, "revoked"),
            _ => ([], default, ""),
        };
        if (action.Length > 0 && done.Length == 0)
        {
            v.Add("action", Message.NotOneOf(request.Action ?? "", "suspend, reinstate, revoke"));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (!allowed.Contains(l.EffectiveStatus(register.Today)))
        {
            return LicenceRules.Illegal(l, done, register.Today);
        }

        LicenceSteps.Move(register, l, to, actor, done, reason, reference);
        await register.AnnounceAsync(l, reason, ct);
        return await register.SaveViewAsync(l, ct);
    }
}

/// <summary>
/// Marks every granted or suspended licence of this node past its validity as expired and tells the CIQ office of
/// each holder's area. Run by the node at start and periodically (Quality:ExpirySweepMinutes), and on demand by an officer.
/// </summary>
public sealed class ExpireProductionLicences
{
    private readonly LicenceRegister register;

    internal ExpireProductionLicences(LicenceRegister register) => this.register = register;

    public async Task<HandlerResult<ProductionLicenceExpirySummary>> HandleAsync(Actor? actor, CancellationToken ct)
    {
        if (actor is not null && !Policies.IsQualityOfficer(actor))
        {
            return Problems.Forbidden(new Message("licence.sweep.officers-only"));
        }

        var today = register.Today;
        var province = actor?.Province;
        var due = await register.Db.Set<ProductionLicence>()
            .Where(l => (l.Status == ProductionLicenceStatus.Granted || l.Status == ProductionLicenceStatus.Suspended) && l.ValidTo < today && (province == null || l.Province == province))
            .ToListAsync(ct);
        foreach (var l in due)
        {
            var from = l.Status;
            var reason = $"valid to {l.ValidTo:yyyy-MM-dd}";
            l.Move(ProductionLicenceStatus.Expired, reason, register.Clock.GetUtcNow());
            register.Record(l, actor?.UserName ?? "expiry-sweep", actor?.OnBehalfOf ?? l.Office, "expired", from, ProductionLicenceStatus.Expired,
                new Message("licence.reason.expired", string.Create(CultureInfo.InvariantCulture, $"{l.ValidTo:yyyy-MM-dd}")).Store(2048), null);
            await register.AnnounceAsync(l, reason, ct);
        }

        await register.Db.SaveChangesAsync(ct);
        return new ProductionLicenceExpirySummary([.. due.Select(l => l.Number ?? l.ApplicationNumber)]);
    }
}

/// <summary>
/// The register list, newest first: by holder, status (effective) and text (licence or application number, holder
/// name or USCC). A BQS officer sees his province's licences, an enterprise user only its own.
/// </summary>
public sealed class ListProductionLicences
{
    /// <summary>The orders the list can be shown in: most recent application first (the default), by licence number, by holder name, expiring soonest first.</summary>
    public static readonly string[] Sorts = ["newest", "number", "holder", "expiry"];

    private readonly LicenceRegister register;

    internal ListProductionLicences(LicenceRegister register) => this.register = register;

    public async Task<HandlerResult<Paged<ProductionLicenceSummary>>> HandleAsync(Actor actor, string? holder, string? status, string? q, string? sort, int? page, int? size, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (LicenceRegister.Reader(actor) is { } refused)
        {
            return refused;
        }

        var v = new Validation();
        var (p, pageSize) = Paging.Read(v, page, size);
        var query = register.Db.Set<ProductionLicence>().AsNoTracking();
        query = Policies.IsQualityOfficer(actor) ? query.Where(l => l.Province == actor.Province) : query.Where(l => l.HolderUscc == actor.EnterpriseUscc);
        var today = register.Today;
        if (!string.IsNullOrWhiteSpace(status))
        {
            var s = v.Enum<ProductionLicenceStatus>("status", status);
            query = s switch
            {
                ProductionLicenceStatus.Expired => query.Where(l => l.Status == ProductionLicenceStatus.Expired
                    || ((l.Status == ProductionLicenceStatus.Granted || l.Status == ProductionLicenceStatus.Suspended) && l.ValidTo < today)),
                ProductionLicenceStatus.Granted or ProductionLicenceStatus.Suspended => query.Where(l => l.Status == s && l.ValidTo >= today),
                _ => query.Where(l => l.Status == s),
            };
        }

        var h = v.Optional("holder", holder, 18)?.ToUpperInvariant();
        var text = v.Optional("q", q, 64);
        var order = Paging.Sort(v, sort, Sorts);
        if (!v.IsValid)
        {
            return v.Result();
        }

        if (h is not null)
        {
            query = query.Where(l => l.HolderUscc == h);
        }

        if (text is not null)
        {
            var upper = text.ToUpperInvariant();
            query = query.Where(l => (l.Number != null && l.Number.Contains(upper)) || l.ApplicationNumber.Contains(upper) || l.HolderUscc == upper || l.HolderName.Contains(text));
        }

        var total = await query.CountAsync(ct);
        var ordered = order switch
        {
            // Applications not granted yet have no licence number: after the licences, by application number.
            "number" => query.OrderBy(l => l.Number == null).ThenBy(l => l.Number).ThenBy(l => l.ApplicationNumber),
            "holder" => query.OrderBy(l => l.HolderName).ThenBy(l => l.ApplicationNumber),
            "expiry" => query.OrderBy(l => l.ValidTo == null).ThenBy(l => l.ValidTo).ThenBy(l => l.ApplicationNumber),
            _ => query.OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id),
        };
        var rows = await ordered.Skip((p - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Paged<ProductionLicenceSummary>([.. rows.Select(l => new ProductionLicenceSummary(l.ApplicationNumber, l.Number, WireNames.Of(l.Kind),
            WireNames.Of(l.EffectiveStatus(today)), l.HolderUscc, l.HolderName, l.SiteArea, l.Office, l.Categories, l.ValidFrom, l.ValidTo, l.UpdatedAt))], p, pageSize, total);
    }
}

/// <summary>One licence (by licence or application number) with its review and history: the province's BQS officers and the holder's users.</summary>
public sealed class GetProductionLicence
{
    private readonly LicenceRegister register;

    internal GetProductionLicence(LicenceRegister register) => this.register = register;

    public async Task<HandlerResult<ProductionLicenceView>> HandleAsync(Actor actor, string number, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (l, problem) = await register.FindAsync(actor, number, ct);
        return l is null ? problem! : register.View(l);
    }
}

/// <summary>The common shape of the officer's steps: find, check the officer (province, area) and the version read.</summary>
internal static class LicenceSteps
{
    public static async Task<(ProductionLicence? Licence, ProblemHttpResult? Problem)> FindForOfficerAsync(
        LicenceRegister register, Actor actor, string number, long? version, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Policies.IsQualityOfficer(actor))
        {
            return (null, Problems.Forbidden(new Message("licence.officers-only")));
        }

        var (l, problem) = await register.FindAsync(actor, number, ct);
        if (l is null)
        {
            return (null, problem);
        }

        if (LicenceRegister.OfficerOf(actor, l.Province, l.Office) is { } forbidden)
        {
            return (null, forbidden);
        }

        return version is { } sent && sent != l.Version ? (null, Problems.StaleVersion(sent, l.Version)) : (l, null);
    }

    public static void Move(LicenceRegister register, ProductionLicence l, ProductionLicenceStatus to, Actor actor, string action, string? reason, string? reference)
    {
        var from = l.Status;
        l.Move(to, reason, register.Clock.GetUtcNow());
        register.Record(l, actor, action, from, to, reason, reference);
    }
}
