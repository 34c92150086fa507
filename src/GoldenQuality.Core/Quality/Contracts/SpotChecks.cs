using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using GoldenQuality.Standards.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Quality.Contracts;

/// <summary>
/// A BQS officer sets up a market spot-check plan of the province: level, title, product categories (standards
/// catalogue), cited standards, planned samples, regions (GB/T 2260, within the province; within its area for an
/// office below the bureau) and period. The number is assigned (<c>PLAN-BQS-ZJ-2026-0001</c>).
/// </summary>
public sealed class CreateSpotCheckPlan
{
    private readonly SpotCheckRegister register;

    internal CreateSpotCheckPlan(SpotCheckRegister register) => this.register = register;

    public async Task<HandlerResult<SpotCheckPlanView>> HandleAsync(Actor actor, SpotCheckPlanRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (SpotCheckRegister.NotOfficer(actor) is { } forbidden)
        {
            return forbidden;
        }

        var v = new Validation();
        var level = v.Enum<PlanLevel>("level", request.Level);
        var title = v.Required("title", request.Title, SpotCheckRules.MaxTitle);
        var categories = await ListAsync(v, "categories", request.Categories, 64, register.CategoryExistsAsync, "quality.category.unknown", ct);
        var standards = await ListAsync(v, "standards", request.Standards, 64, register.StandardExistsAsync, "quality.standard.unknown", ct);
        var regions = await ListAsync(v, "regions", request.Regions, 6, async (code, c) => await register.AreaAsync(code, c) is not null, "quality.area.unknown", ct);
        foreach (var region in regions)
        {
            if (await register.AreaAsync(region, ct) is not null && !await register.ActsInAsync(actor, region, ct))
            {
                v.Add("regions", new Message("quality.plan.region-outside", region, actor.OrganisationCode, actor.Province));
            }
        }

        if (request.PlannedSamples is not { } planned || planned < 1 || planned > SpotCheckRules.MaxPlannedSamples)
        {
            v.Add("plannedSamples", new Message("quality.plan.planned-samples", SpotCheckRules.MaxPlannedSamples));
        }

        if (request.PeriodFrom is null)
        {
            v.Add("periodFrom", Message.Required);
        }

        if (request.PeriodTo is null)
        {
            v.Add("periodTo", Message.Required);
        }
        else if (request.PeriodFrom is { } f && (request.PeriodTo < f || request.PeriodTo > f.AddYears(2)))
        {
            v.Add("periodTo", new Message("quality.plan.period"));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        var number = await register.NextPlanNumberAsync(actor.OrganisationCode!, ct);
        var plan = SpotCheckPlan.Create(Ids.New(register.Clock), number, level, title, categories, standards, request.PlannedSamples!.Value, regions, request.PeriodFrom!.Value,
            request.PeriodTo!.Value, actor.OrganisationCode!, actor.Province!, actor.UserName, register.Clock.GetUtcNow());
        register.Db.Set<SpotCheckPlan>().Add(plan);
        await register.Db.SaveChangesAsync(ct);
        return GetSpotCheckPlan.View(plan, []);
    }

    /// <summary>A required list of codes: 1 to <see cref="SpotCheckRules.MaxList"/> distinct entries, each known (else message <paramref name="unknown"/> naming it).</summary>
    private static async Task<string[]> ListAsync(Validation v, string field, string[]? items, int maxLength, Func<string, CancellationToken, Task<bool>> exists, string unknown,
        CancellationToken ct)
    {
        var list = (items ?? []).Select(i => i?.Trim() ?? "").Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        if (list.Length == 0)
        {
            v.Add(field, new Message("quality.list.empty"));
            return [];
        }

        if (list.Length > SpotCheckRules.MaxList)
        {
            v.Add(field, new Message("quality.list.too-many", SpotCheckRules.MaxList));
            return [];
        }

        foreach (var item in list)
        {
            if (item.Length > maxLength)
            {
                v.Add(field, new Message("quality.list.item-too-long", item[..Math.Min(item.Length, 16)], maxLength));
            }
            else if (!await exists(item, ct))
            {
                v.Add(field, new Message(unknown, item));
            }
        }

        return list;
    }
}

/// <summary>The province's plans, newest period first, by text (number or title).</summary>
public sealed class ListSpotCheckPlans
{
    private readonly SpotCheckRegister register;

    internal ListSpotCheckPlans(SpotCheckRegister register) => this.register = register;

    public async Task<HandlerResult<Paged<SpotCheckPlanSummary>>> HandleAsync(Actor actor, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (SpotCheckRegister.NotOfficer(actor) is { } forbidden)
        {
            return forbidden;
        }

        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        var text = v.Optional("q", q, SpotCheckRules.MaxShort);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var plans = register.Db.Set<SpotCheckPlan>().AsNoTracking().Where(x => x.Province == actor.Province);
        if (text is not null)
        {
            plans = plans.Where(x => x.Number.Contains(text) || x.Title.Contains(text));
        }

        var total = await plans.CountAsync(ct);
        var items = await plans.OrderByDescending(x => x.PeriodFrom).ThenByDescending(x => x.Number).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        var ids = items.Select(x => x.Id).ToList();
        var taken = await register.Db.Set<SpotCheckSample>().Where(s => ids.Contains(s.PlanId)).GroupBy(s => s.PlanId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return new Paged<SpotCheckPlanSummary>([.. items.Select(x => new SpotCheckPlanSummary(x.Number, WireNames.Of(x.Level), x.Title, x.CategoryList, x.PlannedSamples,
            taken.GetValueOrDefault(x.Id), x.PeriodFrom, x.PeriodTo, x.Office))], p, size, total);
    }
}

/// <summary>One plan of the province with its samples.</summary>
public sealed class GetSpotCheckPlan
{
    private readonly SpotCheckRegister register;

    internal GetSpotCheckPlan(SpotCheckRegister register) => this.register = register;

    public async Task<HandlerResult<SpotCheckPlanView>> HandleAsync(Actor actor, string number, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (SpotCheckRegister.NotOfficer(actor) is { } forbidden)
        {
            return forbidden;
        }

        if (await register.PlanAsync(actor, number, ct) is not { } plan)
        {
            return Problems.NotFound(new Message("noun.spot-check-plan"), number);
        }

        var samples = await register.Db.Set<SpotCheckSample>().AsNoTracking().Where(s => s.PlanId == plan.Id).OrderBy(s => s.Number).ToListAsync(ct);
        return View(plan, [.. samples.Select(SpotCheckRegister.Summary)]);
    }

    internal static SpotCheckPlanView View(SpotCheckPlan p, SampleSummary[] samples) => new(p.Id, p.Number, WireNames.Of(p.Level), p.Title, p.CategoryList, p.StandardList,
        p.PlannedSamples, samples.Length, p.RegionList, p.PeriodFrom, p.PeriodTo, p.Office, p.Province, p.CreatedBy, p.CreatedAt, samples);
}

/// <summary>
/// A BQS officer records a sample taken under a plan of the province: the area must lie in one of the plan's regions
/// (and in the officer's own area for an office below the bureau), the category be one of the plan's, the date inside
/// the plan's period (and not in the future), the manufacturer an enterprise of the registry. The number is assigned.
/// </summary>
public sealed class RecordSpotCheckSample
{
    private readonly SpotCheckRegister register;

    internal RecordSpotCheckSample(SpotCheckRegister register) => this.register = register;

    public async Task<HandlerResult<SampleView>> HandleAsync(Actor actor, string planNumber, SampleRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (SpotCheckRegister.NotOfficer(actor) is { } forbidden)
        {
            return forbidden;
        }

        if (await register.PlanAsync(actor, planNumber, ct) is not { } plan)
        {
            return Problems.NotFound(new Message("noun.spot-check-plan"), planNumber);
        }

        var v = new Validation();
        var fields = await CheckAsync(v, actor, plan, request, ct);
        if (!v.IsValid || fields is null)
        {
            return v.Result();
        }

        var sample = SpotCheckSample.Create(Ids.New(register.Clock), await register.NextSampleNumberAsync(actor.OrganisationCode!, ct), plan, actor.OrganisationCode!, fields,
            register.Clock.GetUtcNow());
        register.Db.Set<SpotCheckSample>().Add(sample);
        await register.Db.SaveChangesAsync(ct);
        return register.View(sample);
    }

    private async Task<SampleFields?> CheckAsync(Validation v, Actor actor, SpotCheckPlan plan, SampleRequest r, CancellationToken ct)
    {
        var place = v.Required("placeName", r.PlaceName, SpotCheckRules.MaxName);
        var area = v.Required("areaCode", r.AreaCode, 6);
        if (area.Length == 6 && await register.AreaAsync(area, ct) is null)
        {
            v.Add("areaCode", new Message("quality.area.unknown", area));
        }
        else if (area.Length == 6 && !plan.RegionList.Any(region => SpotCheckRules.Within(area, region)))
        {
            v.Add("areaCode", new Message("quality.sample.area-outside-plan", area, string.Join(", ", plan.RegionList)));
        }
        else if (area.Length == 6 && !await register.ActsInAsync(actor, area, ct))
        {
            v.Add("areaCode", new Message("quality.area.outside-office", area, actor.OrganisationCode));
        }

        var seller = v.Required("sellerName", r.SellerName, SpotCheckRules.MaxName);
        var sellerUscc = v.Optional("sellerUscc", r.SellerUscc, 18)?.ToUpperInvariant();
        if (sellerUscc is not null && Uscc.Check(sellerUscc) is { IsValid: false } bad)
        {
            v.Add("sellerUscc", bad.Reason);
        }

        var manufacturer = await ManufacturerAsync(v, r.ManufacturerUscc, ct);
        var product = v.Required("product", r.Product, SpotCheckRules.MaxName);
        var category = v.Required("category", r.Category, 64);
        if (category.Length > 0 && !plan.CategoryList.Contains(category, StringComparer.Ordinal))
        {
            v.Add("category", new Message("quality.sample.category-not-in-plan", category, string.Join(", ", plan.CategoryList)));
        }

        var brand = v.Optional("brand", r.Brand, SpotCheckRules.MaxShort);
        var lot = v.Optional("lotNumber", r.LotNumber, SpotCheckRules.MaxShort);
        if (r.SampledOn is not { } on)
        {
            v.Add("sampledOn", Message.Required);
        }
        else if (on < plan.PeriodFrom || on > plan.PeriodTo)
        {
            v.Add("sampledOn", new Message("quality.sample.outside-period", SpotCheckRules.Day(on), SpotCheckRules.Day(plan.PeriodFrom), SpotCheckRules.Day(plan.PeriodTo)));
        }
        else if (on > register.Today)
        {
            v.Add("sampledOn", new Message("quality.date.future", SpotCheckRules.Day(on)));
        }

        var samplers = (r.Samplers ?? []).Select(s => s?.Trim() ?? "").Where(s => s.Length > 0).ToArray();
        if (samplers.Length == 0 || samplers.Length > SpotCheckRules.MaxSamplers || samplers.Any(s => s.Length > SpotCheckRules.MaxShort || s.Contains(';', StringComparison.Ordinal)))
        {
            v.Add("samplers", new Message("quality.sample.samplers", SpotCheckRules.MaxSamplers, SpotCheckRules.MaxShort));
        }

        var quantity = v.Required("quantity", r.Quantity, SpotCheckRules.MaxShort);
        return !v.IsValid || manufacturer is null ? null
            : new SampleFields(place, area, seller, sellerUscc, manufacturer.Uscc, manufacturer.NameZh, manufacturer.AreaCode, product, category, brand, lot, r.SampledOn!.Value,
                samplers, quantity, actor.UserName);
    }

    private async Task<EnterpriseEntry?> ManufacturerAsync(Validation v, string? uscc, CancellationToken ct)
    {
        var code = v.Required("manufacturerUscc", uscc, 18).ToUpperInvariant();
        if (code.Length == 0)
        {
            return null;
        }

        if (Uscc.Check(code) is { IsValid: false } bad)
        {
            v.Add("manufacturerUscc", bad.Reason);
            return null;
        }

        var found = await register.Registry.FindEnterpriseAsync(code, ct);
        if (found is null)
        {
            v.Add("manufacturerUscc", new Message("quality.enterprise.unknown", code));
        }

        return found;
    }
}

/// <summary>The province's samples, newest first, by plan, final outcome and text (number, product, manufacturer).</summary>
public sealed class ListSpotCheckSamples
{
    private readonly SpotCheckRegister register;

    internal ListSpotCheckSamples(SpotCheckRegister register) => this.register = register;

    public async Task<HandlerResult<Paged<SampleSummary>>> HandleAsync(Actor actor, string? plan, string? outcome, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (SpotCheckRegister.NotOfficer(actor) is { } forbidden)
        {
            return forbidden;
        }

        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        var text = v.Optional("q", q, SpotCheckRules.MaxShort);
        var planNumber = v.Optional("plan", plan, 48);
        SampleOutcome? wanted = string.IsNullOrWhiteSpace(outcome) ? null : v.Enum<SampleOutcome>("outcome", outcome);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var samples = register.Db.Set<SpotCheckSample>().AsNoTracking().Where(s => s.Province == actor.Province);
        if (planNumber is not null)
        {
            samples = samples.Where(s => s.PlanNumber == planNumber);
        }

        if (wanted is { } w)
        {
            samples = samples.Where(s => s.ReTestOutcome == w || (s.ReTestOutcome == null && s.Outcome == w));
        }

        if (text is not null)
        {
            samples = samples.Where(s => s.Number.Contains(text) || s.Product.Contains(text) || s.ManufacturerName.Contains(text) || s.ManufacturerUscc == text);
        }

        var total = await samples.CountAsync(ct);
        var items = await samples.OrderByDescending(s => s.RecordedAt).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<SampleSummary>([.. items.Select(SpotCheckRegister.Summary)], p, size, total);
    }
}

/// <summary>One sample of the province with its results, judgement and follow-ups.</summary>
public sealed class GetSpotCheckSample
{
    private readonly SpotCheckRegister register;

    internal GetSpotCheckSample(SpotCheckRegister register) => this.register = register;

    public async Task<HandlerResult<SampleView>> HandleAsync(Actor actor, string number, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return SpotCheckRegister.NotOfficer(actor) is { } forbidden ? forbidden
            : await register.SampleAsync(actor, number, ct) is { } s ? register.View(s) : Problems.NotFound(new Message("noun.sample"), number);
    }
}

/// <summary>
/// Records a laboratory report for a sample and judges it at once, item by item, with the standards engine (the
/// market <c>domestic:{province}</c> on the sampling date, so a stricter provincial standard of the province governs;
/// value and limit in the canonical unit). Outcome: nonconforming when any item fails, <c>no-limit</c> when none fails
/// but an item has no governing limit, else conforming. A second report is taken only for an open re-test follow-up
/// (it is the re-test's outcome and closes that follow-up). A nonconforming first judgement is sent to CIQ in the same save.
/// </summary>
public sealed class RecordSpotCheckResults
{
    private readonly SpotCheckRegister register;

    internal RecordSpotCheckResults(SpotCheckRegister register) => this.register = register;

    public async Task<HandlerResult<SampleView>> HandleAsync(Actor actor, string number, SampleResultsRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (SpotCheckRegister.NotOfficer(actor) is { } forbidden)
        {
            return forbidden;
        }

        if (await register.SampleAsync(actor, number, ct) is not { } s)
        {
            return Problems.NotFound(new Message("noun.sample"), number);
        }

        if (await register.MayActOnAsync(actor, s, ct) is { } notHere)
        {
            return notHere;
        }

        if (!SpotCheckRegister.AcceptsResults(s))
        {
            return Problems.Conflict("results", new Message("quality.results.judged", s.Number, Message.Term("quality.outcome.", WireNames.Of(s.FinalOutcome))));
        }

        var v = new Validation();
        var lab = v.Required("laboratory", request.Laboratory, SpotCheckRules.MaxName);
        var report = v.Required("reportNumber", request.ReportNumber, SpotCheckRules.MaxShort);
        if (request.TestedOn is not { } tested)
        {
            v.Add("testedOn", Message.Required);
        }
        else if (tested < s.SampledOn || tested > register.Today)
        {
            v.Add("testedOn", new Message("quality.results.tested-on", SpotCheckRules.Day(s.SampledOn)));
        }

        var items = await ItemsAsync(v, request.Items, ct);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var round = s.Outcome == SampleOutcome.Pending ? 1 : 2;
        var results = new List<SpotCheckResult>();
        for (var i = 0; i < items.Count; i++)
        {
            results.Add(await register.JudgeAsync(s, round, i + 1, lab, report, request.TestedOn!.Value, items[i].Parameter, items[i].Value, items[i].Unit, ct));
        }

        register.Db.Set<SpotCheckResult>().AddRange(results);
        var outcome = SpotCheckRules.Combine(results.Select(r => r.Verdict));
        var now = register.Clock.GetUtcNow();
        if (round == 1)
        {
            s.Judge(outcome, now);
            if (outcome == SampleOutcome.Nonconforming)
            {
                await register.TellCiqAsync(s, results, ct);
            }
        }
        else
        {
            s.JudgeReTest(outcome, now);
            foreach (var f in s.FollowUps.Where(f => f.Kind == FollowUpKind.ReTest && f.Status == FollowUpStatus.Open))
            {
                f.Close($"re-test {WireNames.Of(outcome)} (report {report} of {lab})", actor.UserName, now);
            }
        }

        await register.Db.SaveChangesAsync(ct);
        return register.View(s);
    }

    private async Task<List<(ParameterView Parameter, decimal Value, string Unit)>> ItemsAsync(Validation v, SampleResultItem[]? items, CancellationToken ct)
    {
        var list = new List<(ParameterView, decimal, string)>();
        if (items is not { Length: > 0 } || items.Length > SpotCheckRules.MaxItems)
        {
            v.Add("items", new Message("quality.results.items", SpotCheckRules.MaxItems));
            return list;
        }

        var parameters = (await register.ParametersAsync(ct)).ToDictionary(p => p.Code, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Length; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"items[{i}]");
            var code = v.Required(at + ".parameter", items[i]?.Parameter, 64);
            var unit = v.Required(at + ".unit", items[i]?.Unit, 16);
            if (items[i]?.Value is not { } value)
            {
                v.Add(at + ".value", Message.Required);
                continue;
            }

            if (value < 0 || value > 1_000_000_000m)
            {
                v.Add(at + ".value", new Message("quality.results.value-range"));
            }

            if (code.Length == 0 || unit.Length == 0)
            {
                continue;
            }

            if (!parameters.TryGetValue(code, out var parameter))
            {
                v.Add(at + ".parameter", new Message("quality.parameter.unknown", code));
            }
            else if (!seen.Add(code))
            {
                v.Add(at + ".parameter", new Message("quality.parameter.twice", code));
            }
            else if (Units.Conversion(unit, parameter.Unit) is null)
            {
                v.Add(at + ".unit", new Message("quality.unit.not-of-quantity", unit, parameter.Quantity, code, parameter.Unit));
            }
            else
            {
                list.Add((parameter, value, unit));
            }
        }

        return list;
    }
}

/// <summary>
/// A follow-up of a sample that was not conforming: a rectification order, a re-test (the next laboratory report is its
/// outcome), a penalty, or the suspension of the manufacturer's production licence (through the licence register, in
/// the same save). A division acts on samples of its own area only.
/// </summary>
public sealed class AddSpotCheckFollowUp
{
    private readonly SpotCheckRegister register;
    private readonly ChangeProductionLicenceStatus licences;
    private readonly IProductionLicences held;

    internal AddSpotCheckFollowUp(SpotCheckRegister register, ChangeProductionLicenceStatus licences, IProductionLicences held)
    {
        this.register = register;
        this.licences = licences;
        this.held = held;
    }

    public async Task<HandlerResult<SampleView>> HandleAsync(Actor actor, string number, FollowUpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (SpotCheckRegister.NotOfficer(actor) is { } forbidden)
        {
            return forbidden;
        }

        if (await register.SampleAsync(actor, number, ct) is not { } s)
        {
            return Problems.NotFound(new Message("noun.sample"), number);
        }

        if (await register.MayActOnAsync(actor, s, ct) is { } notHere)
        {
            return notHere;
        }

        if (s.Outcome == SampleOutcome.Pending || s.FinalOutcome == SampleOutcome.Conforming)
        {
            return Problems.Conflict("outcome", new Message("quality.follow-up.not-nonconforming", s.Number, Message.Term("quality.outcome.", WireNames.Of(s.FinalOutcome))));
        }

        var v = new Validation();
        var kind = v.Enum<FollowUpKind>("kind", request.Kind);
        var detail = v.Required("detail", request.Detail, SpotCheckRules.MaxText);
        if (request.DueOn is not { } due)
        {
            v.Add("dueOn", Message.Required);
        }
        else if (due < s.SampledOn || due > register.Today.AddYears(2))
        {
            v.Add("dueOn", new Message("quality.follow-up.due-on", SpotCheckRules.Day(s.SampledOn)));
        }

        var licence = v.Optional("licenceNumber", request.LicenceNumber, 64);
        if (kind == FollowUpKind.LicenceSuspension && licence is null && v.IsValid)
        {
            v.Add("licenceNumber", new Message("quality.follow-up.licence-required"));
        }
        else if (kind == FollowUpKind.LicenceSuspension && licence is not null && !(await held.OfHolderAsync(s.ManufacturerUscc, ct)).Any(l => l.Number == licence))
        {
            v.Add("licenceNumber", new Message("quality.follow-up.licence-not-of-manufacturer", licence, s.ManufacturerUscc));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (kind == FollowUpKind.ReTest && (s.ReTestOutcome is not null || s.FollowUps.Any(f => f.Kind == FollowUpKind.ReTest && f.Status == FollowUpStatus.Open)))
        {
            return Problems.Conflict("kind", new Message("quality.follow-up.re-test-once", s.Number));
        }

        var followUp = SpotCheckFollowUp.Create(Ids.New(register.Clock), s, actor.OrganisationCode!, kind, detail, request.DueOn!.Value,
            kind == FollowUpKind.LicenceSuspension ? licence : null, actor.UserName, register.Clock.GetUtcNow());
        s.FollowUps.Add(followUp);
        if (kind == FollowUpKind.LicenceSuspension)
        {
            // The licence register suspends and saves: the follow-up is written in the same SaveChanges, or not at all.
            var suspended = await licences.HandleAsync(actor, licence!, new ProductionLicenceStatusRequest("suspend", detail, s.Number), ct);
            if (!suspended.Succeeded)
            {
                s.FollowUps.Remove(followUp);
                register.Db.Entry(followUp).State = EntityState.Detached;
                return suspended.Invalid is { } invalid ? invalid : suspended.Problem!;
            }

            return register.View(s);
        }

        await register.Db.SaveChangesAsync(ct);
        return register.View(s);
    }
}

/// <summary>Closes an open follow-up of the province with its outcome.</summary>
public sealed class CloseSpotCheckFollowUp
{
    private readonly SpotCheckRegister register;

    internal CloseSpotCheckFollowUp(SpotCheckRegister register) => this.register = register;

    public async Task<HandlerResult<FollowUpView>> HandleAsync(Actor actor, Guid id, FollowUpCloseRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (SpotCheckRegister.NotOfficer(actor) is { } forbidden)
        {
            return forbidden;
        }

        var f = await register.Db.Set<SpotCheckFollowUp>().FirstOrDefaultAsync(x => x.Id == id && x.Province == actor.Province, ct);
        if (f is null)
        {
            return Problems.NotFound(new Message("noun.follow-up"), id.ToString());
        }

        if (f.Office != actor.OrganisationCode && !SpotCheckRegister.IsBureau(actor))
        {
            return Problems.Forbidden(new Message("quality.follow-up.not-own", actor.OnBehalfOf, f.Office));
        }

        if (f.Status != FollowUpStatus.Open)
        {
            return Problems.Conflict("status", new Message("quality.follow-up.closed", f.ClosedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), f.ClosedBy));
        }

        var v = new Validation();
        var outcome = v.Required("outcome", request.Outcome, SpotCheckRules.MaxText);
        if (!v.IsValid)
        {
            return v.Result();
        }

        f.Close(outcome, actor.UserName, register.Clock.GetUtcNow());
        await register.Db.SaveChangesAsync(ct);
        return SpotCheckRegister.View(f, register.Today);
    }
}

/// <summary>The province's follow-ups, oldest due first: open only, overdue only (open past the due date, China time).</summary>
public sealed class ListSpotCheckFollowUps
{
    private readonly SpotCheckRegister register;

    internal ListSpotCheckFollowUps(SpotCheckRegister register) => this.register = register;

    public async Task<HandlerResult<Paged<FollowUpView>>> HandleAsync(Actor actor, bool? open, bool? overdue, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (SpotCheckRegister.NotOfficer(actor) is { } forbidden)
        {
            return forbidden;
        }

        if (Paging.Invalid(page, pageSize, out var p, out var size) is { } invalid)
        {
            return invalid;
        }

        var today = register.Today;
        var all = register.Db.Set<SpotCheckFollowUp>().AsNoTracking().Where(f => f.Province == actor.Province);
        if (open is { } o)
        {
            all = o ? all.Where(f => f.Status == FollowUpStatus.Open) : all.Where(f => f.Status == FollowUpStatus.Closed);
        }

        if (overdue == true)
        {
            all = all.Where(f => f.Status == FollowUpStatus.Open && f.DueOn < today);
        }

        var total = await all.CountAsync(ct);
        var items = await all.OrderBy(f => f.DueOn).ThenBy(f => f.CreatedAt).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<FollowUpView>([.. items.Select(f => SpotCheckRegister.View(f, today))], p, size, total);
    }
}

/// <summary>
/// The public list of nonconforming products (anyone may read it): samples whose final judgement is nonconforming and
/// has no re-test pending, newest first, by category and sampling period, with the failed items and the follow-ups taken.
/// </summary>
public sealed class ListNonconformingProducts
{
    private readonly SpotCheckRegister register;

    internal ListNonconformingProducts(SpotCheckRegister register) => this.register = register;

    public async Task<HandlerResult<Paged<NonconformingProductView>>> HandleAsync(string? category, DateOnly? from, DateOnly? to, int? page, int? pageSize, CancellationToken ct)
    {
        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        var cat = v.Optional("category", category, 64);
        if (from is { } f && to is { } t && t < f)
        {
            v.Add("to", new Message("quality.range.to-order"));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        var samples = register.Db.Set<SpotCheckSample>().AsNoTracking()
            .Where(s => s.ReTestOutcome == SampleOutcome.Nonconforming || (s.ReTestOutcome == null && s.Outcome == SampleOutcome.Nonconforming))
            .Where(s => !s.FollowUps.Any(x => x.Kind == FollowUpKind.ReTest && x.Status == FollowUpStatus.Open));
        samples = cat is null ? samples : samples.Where(s => s.Category == cat);
        samples = from is { } a ? samples.Where(s => s.SampledOn >= a) : samples;
        samples = to is { } b ? samples.Where(s => s.SampledOn <= b) : samples;
        var total = await samples.CountAsync(ct);
        var items = await samples.Include(s => s.Results).Include(s => s.FollowUps).AsSplitQuery().OrderByDescending(s => s.SampledOn).ThenByDescending(s => s.Number)
            .Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<NonconformingProductView>([.. items.Select(View)], p, size, total);
    }

    private static NonconformingProductView View(SpotCheckSample s)
    {
        var round = s.ReTestOutcome is null ? 1 : 2;
        var failed = s.Results.Where(r => r.Round == round && r.Verdict == SampleOutcome.Nonconforming).OrderBy(r => r.Sequence)
            .Select(r => new SpotCheckFailedItem(r.Parameter, r.CanonicalValue, r.CanonicalUnit, r.Limit ?? "", r.Standard ?? "", r.Clause ?? "")).ToArray();
        return new NonconformingProductView(s.Number, s.Product, s.Brand, s.LotNumber, s.ManufacturerName, s.ManufacturerUscc, s.PlaceName, s.AreaCode, s.Category, s.SampledOn,
            s.ReTestedAt ?? s.JudgedAt ?? s.RecordedAt, failed, [.. s.FollowUps.Where(f => f.Kind != FollowUpKind.ReTest).OrderBy(f => f.CreatedAt).Select(f => WireNames.Of(f.Kind))]);
    }
}

/// <summary>The province's dashboard (docs/quality.md): pass rates by category and region, plan progress, open and overdue follow-ups.</summary>
public sealed class GetQualityDashboard
{
    private readonly GqDbContext db;
    private readonly TimeProvider clock;

    internal GetQualityDashboard(GqDbContext db, TimeProvider clock) => (this.db, this.clock) = (db, clock);

    public async Task<HandlerResult<QualityDashboardView>> HandleAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return SpotCheckRegister.NotOfficer(actor) is { } forbidden ? forbidden : await QualityDashboard.BuildAsync(db, SpotCheckRules.Today(clock), actor.Province!, ct);
    }
}
