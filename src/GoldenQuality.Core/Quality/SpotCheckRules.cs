using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Quality.Contracts;
using GoldenQuality.Registry.Contracts;
using GoldenQuality.Standards.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Quality;

/// <summary>The limits and small rules of market spot checks (decision 0008: every input has a size).</summary>
internal static class SpotCheckRules
{
    /// <summary>A date as the messages show it (yyyy-MM-dd), in every language.</summary>
    public static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public const int MaxTitle = 256;
    public const int MaxName = 256;
    public const int MaxShort = 64;
    public const int MaxText = 1024;

    /// <summary>Categories, standards and regions of one plan, each.</summary>
    public const int MaxList = 50;

    public const int MaxSamplers = 10;

    /// <summary>Items of one laboratory report.</summary>
    public const int MaxItems = 100;

    public const int MaxPlannedSamples = 100_000;

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ChinaTime.Of(clock.GetUtcNow()).DateTime);

    /// <summary>The significant prefix of a GB/T 2260 code: 330000 → 33, 330100 → 3301, 330106 → 330106.</summary>
    public static string PrefixOf(string area) => area.EndsWith("0000", StringComparison.Ordinal) ? area[..2] : area.EndsWith("00", StringComparison.Ordinal) ? area[..4] : area;

    /// <summary>True when <paramref name="area"/> lies inside <paramref name="region"/> (or is it).</summary>
    public static bool Within(string area, string region) => area.StartsWith(PrefixOf(region), StringComparison.Ordinal);

    /// <summary>The prefecture an area belongs to (its first four digits, then 00): the dashboard's regions.</summary>
    public static string PrefectureOf(string area) => area.Length == 6 ? area[..4] + "00" : area;

    public static string Format(decimal d) => d.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Format(double d) => d.ToString("0.######", CultureInfo.InvariantCulture);

    public static SampleOutcome Combine(IEnumerable<SampleOutcome> verdicts)
    {
        var list = verdicts.ToList();
        return list.Contains(SampleOutcome.Nonconforming) ? SampleOutcome.Nonconforming : list.Contains(SampleOutcome.NoLimit) ? SampleOutcome.NoLimit : SampleOutcome.Conforming;
    }

    /// <summary>A limit in words, in the unit it was resolved in: <c>max 5 mg/kg</c>, <c>min 1 %</c>, <c>0.5-2 mg/kg</c>, <c>not-detected (&lt; 0.01 mg/kg)</c>.</summary>
    public static string LimitText(LimitView l) => l.Kind switch
    {
        "max" => $"max {Format(l.Upper ?? 0)} {l.Unit}",
        "min" => $"min {Format(l.Lower ?? 0)} {l.Unit}",
        "range" => $"{Format(l.Lower ?? 0)}-{Format(l.Upper ?? 0)} {l.Unit}",
        _ => l.Upper is { } u ? $"{l.Kind} (< {Format(u)} {l.Unit})" : $"{l.Kind} ({l.Unit})",
    };
}

/// <summary>
/// The spot-check register of a provincial BQS node: who may act (BQS officers of the owning province; an office
/// below the bureau only within its area), numbering, the judgement with the standards engine, and the message to CIQ.
/// </summary>
internal sealed class SpotCheckRegister(
    GqDbContext db, IRegistryDirectory registry, OrganisationStructure organisations, StandardsQueries standards, IStandardsLimits limits, LimitResolution resolution,
    ExchangeNode node, ExchangeSender sender, TimeProvider clock)
{
    public GqDbContext Db => db;

    public TimeProvider Clock => clock;

    public DateOnly Today => SpotCheckRules.Today(clock);

    public IRegistryDirectory Registry => registry;

    /// <summary>The 403 for anyone but a BQS officer with a province; null when the actor is one.</summary>
    public static ProblemHttpResult? NotOfficer(Actor actor) =>
        Policies.IsQualityOfficer(actor) && actor.Province is { Length: 6 } && actor.OrganisationCode is not null ? null
        : Problems.Forbidden(new Message("quality.spot-check.officers-only"));

    /// <summary>True when the actor's office is a bureau (the whole province), not an office below it.</summary>
    public static bool IsBureau(Actor actor) => actor.OrganisationKind == "bqs-bureau";

    /// <summary>An office below the bureau acts only where it is the responsible BQS office; the bureau everywhere in its province.</summary>
    public async Task<bool> ActsInAsync(Actor actor, string area, CancellationToken ct)
    {
        if (!area.StartsWith(actor.Province![..2], StringComparison.Ordinal))
        {
            return false;
        }

        if (IsBureau(actor))
        {
            return true;
        }

        return await registry.ResponsibleOfficeAsync(area, "BQS", ct) is { } office && office.Office.Code == actor.OrganisationCode;
    }

    /// <summary>The 403 when an office below the bureau acts on a sample of another office's area.</summary>
    public async Task<ProblemHttpResult?> MayActOnAsync(Actor actor, SpotCheckSample s, CancellationToken ct) =>
        s.Office == actor.OrganisationCode || await ActsInAsync(actor, s.AreaCode, ct) ? null
        : Problems.Forbidden(new Message("quality.sample.not-own-area", actor.OnBehalfOf, s.Number, s.AreaCode, s.Office));

    public async Task<AreaView?> AreaAsync(string code, CancellationToken ct) => (await organisations.GetAreaAsync(code, ct)).Value;

    public async Task<bool> CategoryExistsAsync(string code, CancellationToken ct) => (await standards.CategoryAsync(code, ct)).Succeeded;

    public async Task<bool> StandardExistsAsync(string number, CancellationToken ct) =>
        (await standards.StandardsAsync(new StandardQuery(Number: number), ct)).Value is { Total: > 0 };

    public async Task<ParameterView[]> ParametersAsync(CancellationToken ct) => await standards.ParametersAsync(ct);

    public async Task<SpotCheckPlan?> PlanAsync(Actor actor, string number, CancellationToken ct) =>
        await db.Set<SpotCheckPlan>().FirstOrDefaultAsync(p => p.Number == number && p.Province == actor.Province, ct);

    public async Task<SpotCheckSample?> SampleAsync(Actor actor, string number, CancellationToken ct) =>
        await db.Set<SpotCheckSample>().Include(s => s.Results).Include(s => s.FollowUps).AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Number == number && s.Province == actor.Province, ct);

    /// <summary>The next plan number of an office this year: <c>PLAN-BQS-ZJ-2026-0001</c>.</summary>
    public async Task<string> NextPlanNumberAsync(string office, CancellationToken ct)
    {
        var prefix = $"PLAN-{office}-{Year}-";
        var numbers = await db.Set<SpotCheckPlan>().Where(p => p.Number.StartsWith(prefix)).Select(p => p.Number).ToListAsync(ct);
        return Next(prefix, numbers, 4);
    }

    /// <summary>The next sample number of an office this year: <c>SC-BQS-ZJ-HZ-2026-000001</c>.</summary>
    public async Task<string> NextSampleNumberAsync(string office, CancellationToken ct)
    {
        var prefix = $"SC-{office}-{Year}-";
        var numbers = await db.Set<SpotCheckSample>().Where(p => p.Number.StartsWith(prefix)).Select(p => p.Number).ToListAsync(ct);
        return Next(prefix, numbers, 6);
    }

    private static string Next(string prefix, List<string> numbers, int digits)
    {
        var last = numbers.Select(n => int.TryParse(n.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0).DefaultIfEmpty(0).Max();
        return prefix + (last + 1).ToString(new string('0', digits), CultureInfo.InvariantCulture);
    }

    public string Year => ChinaTime.Of(clock.GetUtcNow()).Year.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Judges one item with the standards engine: the requirement that governs the sample's category and the
    /// parameter in the province's domestic market (so a stricter provincial standard of that province governs) on the
    /// sampling date; the value and the limit in the parameter's canonical unit.
    /// </summary>
    public async Task<SpotCheckResult> JudgeAsync(SpotCheckSample s, int round, int sequence, string laboratory, string report, DateOnly testedOn, ParameterView parameter,
        decimal value, string unit, CancellationToken ct)
    {
        var market = "domestic:" + s.Province;
        var canonical = Units.Conversion(unit, parameter.Unit) is { } c ? (decimal)Math.Round(c.ToCanonical((double)value), 6) : value;
        var check = await limits.CheckAsync(s.Category, parameter.Code, market, s.SampledOn, "", (double)value, unit, ct);
        if (check.Problem is not null)
        {
            return SpotCheckResult.Create(Ids.New(clock), s.Id, round, sequence, laboratory, report, testedOn, parameter.Code, value, unit, canonical, parameter.Unit,
                SampleOutcome.NoLimit, null, null, null, check.Problem.Store(256));
        }

        var resolved = await resolution.ResolveAsync(new ResolveRequest(s.Category, parameter.Code, market, s.SampledOn, null, parameter.Unit), ct);
        var limit = resolved.Value?.Governing is { } g ? SpotCheckRules.LimitText(g) : check.Limit;
        return SpotCheckResult.Create(Ids.New(clock), s.Id, round, sequence, laboratory, report, testedOn, parameter.Code, value, unit, canonical, parameter.Unit,
            check.Pass ? SampleOutcome.Conforming : SampleOutcome.Nonconforming, check.Standard, check.Clause, limit, null);
    }

    /// <summary>
    /// Queues <c>quality.spot-check.nonconforming</c> in the caller's save for the node hosting the CIQ office
    /// responsible for the manufacturer's area, when the exchange is on and an agreement covers it (the sender records
    /// a denial otherwise). Returns the CIQ office told, or null.
    /// </summary>
    public async Task<string?> TellCiqAsync(SpotCheckSample s, IEnumerable<SpotCheckResult> items, CancellationToken ct)
    {
        if (!node.Enabled || node.Directory.Current is null || await registry.ResponsibleOfficeAsync(s.ManufacturerArea, "CIQ", ct) is not { } ciq
            || node.PartyOf(ciq.Office.Code) is not { } recipient)
        {
            return null;
        }

        var failed = items.Where(i => i.Verdict == SampleOutcome.Nonconforming)
            .Select(i => new SpotCheckFailedItem(i.Parameter, i.CanonicalValue, i.CanonicalUnit, i.Limit ?? "", i.Standard ?? "", i.Clause ?? "")).ToArray();
        var payload = new SpotCheckNonconforming(s.Number, s.PlanNumber, s.ManufacturerUscc, s.ManufacturerName, s.Product, s.Category, s.LotNumber, s.SampledOn, failed,
            "to be decided", s.Office, ciq.Office.Code, s.JudgedAt ?? clock.GetUtcNow());
        var sent = sender.As(SendingModule.Quality).Send(db, QualityWire.SpotCheckNonconformingType, payload, [recipient], senderOffice: s.Office, correlationId: s.Id);
        return sent.Envelopes.Count > 0 ? ciq.Office.Code : null;
    }

    public static FollowUpView View(SpotCheckFollowUp f, DateOnly today) => new(f.Id, f.SampleNumber, WireNames.Of(f.Kind), f.Detail, f.DueOn, f.LicenceNumber,
        WireNames.Of(f.Status), f.IsOverdue(today), f.Outcome, f.Office, f.CreatedBy, f.CreatedAt, f.ClosedBy, f.ClosedAt);

    public static SampleItemView View(SpotCheckResult r) => new(r.Round, r.Sequence, r.Laboratory, r.ReportNumber, r.TestedOn, r.Parameter, r.Value, r.Unit, r.CanonicalValue,
        r.CanonicalUnit, WireNames.Of(r.Verdict), r.Standard, r.Clause, r.Limit, Message.Show(r.Note));

    public static SampleSummary Summary(SpotCheckSample s) => new(s.Number, s.PlanNumber, s.Product, s.Category, s.ManufacturerName, s.ManufacturerUscc, s.AreaCode, s.SampledOn,
        WireNames.Of(s.Outcome), s.ReTestOutcome is { } r ? WireNames.Of(r) : null, WireNames.Of(s.FinalOutcome));

    /// <summary>Results may be recorded: the first test, or the re-test an open re-test follow-up ordered.</summary>
    public static bool AcceptsResults(SpotCheckSample s) =>
        s.Outcome == SampleOutcome.Pending || (s.ReTestOutcome is null && s.FollowUps.Any(f => f.Kind == FollowUpKind.ReTest && f.Status == FollowUpStatus.Open));

    public SampleView View(SpotCheckSample s)
    {
        var today = Today;
        return new SampleView(s.Id, s.Number, s.PlanNumber, s.Office, s.PlaceName, s.AreaCode, s.SellerName, s.SellerUscc, s.ManufacturerUscc, s.ManufacturerName,
            s.ManufacturerArea, s.Product, s.Category, s.Brand, s.LotNumber, s.SampledOn, s.SamplerList, s.Quantity, s.RecordedBy, s.RecordedAt, WireNames.Of(s.Outcome),
            s.JudgedAt, s.ReTestOutcome is { } r ? WireNames.Of(r) : null, s.ReTestedAt, WireNames.Of(s.FinalOutcome), AcceptsResults(s),
            [.. s.Results.Where(x => x.Round == 1).OrderBy(x => x.Sequence).Select(View)], [.. s.Results.Where(x => x.Round == 2).OrderBy(x => x.Sequence).Select(View)],
            [.. s.FollowUps.OrderBy(f => f.CreatedAt).Select(f => View(f, today))], s.Version);
    }
}
