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

/// <summary>The rules of the production-licence register that need no service: limits, numbers, province abbreviations.</summary>
internal static class LicenceRules
{
    public const int MaxText = 2048;
    public const int MaxReason = 1024;
    public const int MaxAddress = 256;
    public const int MaxCategories = 20;
    public const int MaxReviewers = 10;
    public const int MaxReference = 128;

    /// <summary>A production licence is valid for at most five years (food: 食品生产许可管理办法; industrial products likewise).</summary>
    public const int MaxYears = 5;

    /// <summary>The one-character abbreviation of each province (GB/T 2260 province code → 简称), for industrial licence numbers.</summary>
    public static readonly IReadOnlyDictionary<string, string> ProvinceAbbreviations = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["110000"] = "京", ["120000"] = "津", ["130000"] = "冀", ["140000"] = "晋", ["150000"] = "蒙", ["210000"] = "辽", ["220000"] = "吉", ["230000"] = "黑",
        ["310000"] = "沪", ["320000"] = "苏", ["330000"] = "浙", ["340000"] = "皖", ["350000"] = "闽", ["360000"] = "赣", ["370000"] = "鲁", ["410000"] = "豫",
        ["420000"] = "鄂", ["430000"] = "湘", ["440000"] = "粤", ["450000"] = "桂", ["460000"] = "琼", ["500000"] = "渝", ["510000"] = "川", ["520000"] = "贵",
        ["530000"] = "云", ["540000"] = "藏", ["610000"] = "陕", ["620000"] = "甘", ["630000"] = "青", ["640000"] = "宁", ["650000"] = "新",
    };

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ChinaTime.Of(clock.GetUtcNow()).DateTime);

    public static string ProvinceOf(string area) => area[..2] + "0000";

    public static string Name(ProductionLicenceKind kind) => kind == ProductionLicenceKind.Food ? "food production licence" : "industrial-product production licence";

    /// <summary>
    /// The food production licence number: <c>SC</c>, the food class (1: food; the register grants no food-additive
    /// licences, class 2), the six-digit county of the site, a six-digit sequence within (class, county), and a check
    /// digit. The check digit is our own choice (the official algorithm is not published): the Luhn digit of the 13
    /// digits before it.
    /// </summary>
    public static string FoodNumber(string siteArea, int sequence)
    {
        var digits = string.Create(CultureInfo.InvariantCulture, $"1{siteArea}{sequence:000000}");
        return "SC" + digits + LuhnDigit(digits);
    }

    /// <summary>The prefix of the food numbers of one county (<c>SC1330106</c>): the sequence follows it.</summary>
    public static string FoodPrefix(string siteArea) => "SC1" + siteArea;

    /// <summary>
    /// The industrial-product production licence number, in the style <c>浙XK16-106-00001</c>: the province's
    /// abbreviation (of the site's province), <c>XK</c>, then our own reading of the groups — the site's prefecture
    /// (two digits, GB/T 2260 digits 3-4), the county within it (three digits, zero and GB/T 2260 digits 5-6), and a
    /// five-digit sequence within that county.
    /// </summary>
    public static string IndustrialNumber(string siteArea, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{IndustrialPrefix(siteArea)}{sequence:00000}");

    public static string IndustrialPrefix(string siteArea) =>
        string.Create(CultureInfo.InvariantCulture, $"{ProvinceAbbreviations[ProvinceOf(siteArea)]}XK{siteArea[2..4]}-0{siteArea[4..6]}-");

    /// <summary>The Luhn check digit of a string of digits.</summary>
    public static char LuhnDigit(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                d = d > 9 ? d - 9 : d;
            }

            sum += d;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    public static ProblemHttpResult Illegal(ProductionLicence l, string what, DateOnly today) =>
        Problems.Conflict("status", new Message("licence.illegal", new Message(l.Kind == ProductionLicenceKind.Food ? "licence.kind.food" : "licence.kind.industrial-product"),
            l.Number ?? l.ApplicationNumber, Message.Term("licence.status.", WireNames.Of(l.EffectiveStatus(today))), Message.Term("licence.done.", what)));

    /// <summary>What a change changes (categories, site, validity), as the history names it before and after (coded).</summary>
    public static Message Terms(ProductionLicence l) => new("licence.terms", string.Join(", ", l.Categories), l.SiteAddress, l.SiteArea,
        string.Create(CultureInfo.InvariantCulture, $"{l.ValidTo:yyyy-MM-dd}"));
}

/// <summary>
/// The production-licence register of this node: access (the province's BQS officers, the holder's users), field
/// checks (registry, standards catalogue), numbering, history, views, and the status-change message to the CIQ office
/// of the holder's area. The handlers in <c>Contracts</c> use it; it never saves except in <see cref="SaveViewAsync"/>.
/// </summary>
internal sealed class LicenceRegister(GqDbContext db, IRegistryDirectory registry, StandardsQueries standards, ExchangeNode node, ExchangeSender sender, TimeProvider clock)
{
    public GqDbContext Db => db;

    public TimeProvider Clock => clock;

    public DateOnly Today => LicenceRules.Today(clock);

    /// <summary>Who may read the register at all: a BQS officer (of his province's licences) or an enterprise user (of its own).</summary>
    public static ProblemHttpResult? Reader(Actor actor) =>
        Policies.IsQualityOfficer(actor) || (Policies.IsEnterpriseUser(actor) && actor.EnterpriseUscc is not null) ? null
        : Problems.Forbidden(new Message("licence.register.readers"));

    public static bool CanSee(Actor actor, ProductionLicence l) =>
        (Policies.IsQualityOfficer(actor) && actor.Province == l.Province) || (Policies.IsEnterpriseUser(actor) && actor.EnterpriseUscc == l.HolderUscc);

    /// <summary>
    /// The officer check of every step: a BQS officer of the licence's province; an office below the bureau (a
    /// division such as BQS-ZJ-HZ) only on the licences its own area owns.
    /// </summary>
    public static ProblemHttpResult? OfficerOf(Actor actor, string province, string office)
    {
        if (!Policies.IsQualityOfficer(actor))
        {
            return Problems.Forbidden(new Message("licence.officers-only"));
        }

        if (actor.Province != province)
        {
            return Problems.Forbidden(new Message("licence.officer.province", actor.OnBehalfOf, province));
        }

        var own = actor.OrganisationCode ?? "";
        return actor.OrganisationKind == "bqs-bureau" || office == own || office.StartsWith(own + "-", StringComparison.Ordinal) ? null
            : Problems.Forbidden(new Message("licence.officer.area", own, office));
    }

    /// <summary>The licence by its licence number or application number, with its history, if the actor may see it.</summary>
    public async Task<(ProductionLicence? Licence, ProblemHttpResult? Problem)> FindAsync(Actor actor, string number, CancellationToken ct)
    {
        if (Reader(actor) is { } refused)
        {
            return (null, refused);
        }

        var n = (number ?? "").Trim().ToUpperInvariant();
        var l = n.Length is 0 or > 40 ? null
            : await db.Set<ProductionLicence>().Include(x => x.Events).FirstOrDefaultAsync(x => x.Number == n || x.ApplicationNumber == n, ct);
        return l is null || !CanSee(actor, l) ? (null, Problems.NotFound(new Message("noun.production-licence"), n)) : (l, null);
    }

    public void Record(ProductionLicence l, string by, string onBehalfOf, string action, ProductionLicenceStatus? from, ProductionLicenceStatus? to, string? reason, string? reference) =>
        db.Set<ProductionLicenceEvent>().Add(ProductionLicenceEvent.Create(Ids.New(clock), l.Id, clock.GetUtcNow(), by, onBehalfOf, action, from, to, reason, reference));

    public void Record(ProductionLicence l, Actor actor, string action, ProductionLicenceStatus? from, ProductionLicenceStatus? to, string? reason, string? reference = null) =>
        Record(l, actor.UserName, actor.OnBehalfOf, action, from, to, reason, reference);

    /// <summary>Records a step whose reason the system writes (coded, shown in the reader's language).</summary>
    public void Record(ProductionLicence l, Actor actor, string action, ProductionLicenceStatus? from, ProductionLicenceStatus? to, Message reason) =>
        Record(l, actor.UserName, actor.OnBehalfOf, action, from, to, reason.Store(2048), null);

    /// <summary>
    /// Checks the fields of an application: kind, holder (an enterprise of this node's registry), site address and
    /// area (a county of the registry, in a province whose BQS this node hosts; an officer only in his own province),
    /// product categories (each in the standards catalogue).
    /// </summary>
    public async Task<LicenceFields?> CheckFieldsAsync(Validation v, Actor actor, ProductionLicenceApplication r, CancellationToken ct)
    {
        var kind = v.Enum<ProductionLicenceKind>("kind", r.Kind);
        var holder = await CheckHolderAsync(v, r.HolderUscc, ct);
        var address = v.Required("siteAddress", r.SiteAddress, LicenceRules.MaxAddress);
        var area = v.Required("siteArea", r.SiteArea, 6);
        var office = "";
        if (area.Length > 0 && (area.Length != 6 || !area.All(char.IsAsciiDigit) || area.EndsWith("00", StringComparison.Ordinal)))
        {
            v.Add("siteArea", new Message("licence.site.county", area));
        }
        else if (area.Length > 0)
        {
            office = await CheckSiteAsync(v, actor, area, ct) ?? "";
        }

        var categories = await CheckCategoriesAsync(v, r.Categories, ct);
        return v.IsValid
            ? new LicenceFields(kind, holder!.Uscc, holder.NameZh, holder.AreaCode, address, area, LicenceRules.ProvinceOf(area), office, categories)
            : null;
    }

    private async Task<EnterpriseEntry?> CheckHolderAsync(Validation v, string? uscc, CancellationToken ct)
    {
        var check = Uscc.Check(uscc?.Trim());
        if (string.IsNullOrWhiteSpace(uscc))
        {
            v.Add("holderUscc", Message.Required);
            return null;
        }

        if (!check.IsValid)
        {
            v.Add("holderUscc", check.Reason);
            return null;
        }

        var found = await registry.FindEnterpriseAsync(check.Input, ct);
        if (found is null)
        {
            v.Add("holderUscc", new Message("quality.enterprise.unknown", check.Input));
        }

        return found;
    }

    /// <summary>The owning BQS office of a site area, or null with the reason in <paramref name="v"/>.</summary>
    private async Task<string?> CheckSiteAsync(Validation v, Actor actor, string area, CancellationToken ct)
    {
        var province = LicenceRules.ProvinceOf(area);
        if ((await registry.ResponsibleOfficeAsync(area, "BQS", ct)) is not { } responsible || !LicenceRules.ProvinceAbbreviations.ContainsKey(province))
        {
            v.Add("siteArea", new Message("licence.site.no-office", area));
            return null;
        }

        if (Policies.IsQualityOfficer(actor) && actor.Province != province)
        {
            v.Add("siteArea", new Message("licence.site.other-province", area, actor.Province, actor.OnBehalfOf));
            return null;
        }

        if (node.Enabled && node.Directory.Current is not null && !(node.PartyOf(responsible.Office.Code) is { } party && Parties.NodeOf(party) == node.Id))
        {
            v.Add("siteArea", new Message("licence.site.other-node", area, responsible.Office.Code));
            return null;
        }

        return responsible.Office.Code;
    }

    public async Task<string[]> CheckCategoriesAsync(Validation v, string[]? categories, CancellationToken ct)
    {
        var list = (categories ?? []).Select(c => c?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToArray();
        if (list.Length == 0)
        {
            v.Add("categories", new Message("licence.categories.required"));
            return [];
        }

        if (list.Length > LicenceRules.MaxCategories)
        {
            v.Add("categories", new Message("licence.categories.too-many", LicenceRules.MaxCategories));
            return [];
        }

        foreach (var (code, i) in list.Select((c, i) => (c, i)))
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"categories[{i}]");
            if (code.Length is 0 or > 64)
            {
                v.Add(field, new Message("licence.categories.code"));
            }
            else if (!(await standards.CategoryAsync(code, ct)).Succeeded)
            {
                v.Add(field, new Message("quality.category.unknown", code));
            }
        }

        return list;
    }

    /// <summary>Checks a validity: from ≤ to, at most five years, and not already over.</summary>
    public void CheckValidity(Validation v, DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            v.Add("validTo", new Message("licence.valid-to.before-from", SpotCheckRules.Day(to), SpotCheckRules.Day(from)));
        }
        else if (to >= from.AddYears(LicenceRules.MaxYears))
        {
            v.Add("validTo", new Message("licence.valid-to.max-years", LicenceRules.MaxYears, SpotCheckRules.Day(from.AddYears(LicenceRules.MaxYears).AddDays(-1))));
        }
        else if (to < Today)
        {
            v.Add("validTo", new Message("licence.valid-to.past", SpotCheckRules.Day(to)));
        }
    }

    /// <summary>The next application number of the bureau today (China time): <c>QLA-BQS-ZJ-20260315-0001</c>.</summary>
    public async Task<string> NextApplicationNumberAsync(string province, CancellationToken ct)
    {
        var bureau = (await registry.ResponsibleOfficeAsync(province, "BQS", ct))?.Office.Code ?? "BQS";
        var prefix = string.Create(CultureInfo.InvariantCulture, $"QLA-{bureau}-{ChinaTime.Of(clock.GetUtcNow()):yyyyMMdd}-");
        var numbers = await db.Set<ProductionLicence>().Where(l => l.ApplicationNumber.StartsWith(prefix)).Select(l => l.ApplicationNumber).ToListAsync(ct);
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}{Last(numbers, prefix.Length, 4) + 1:0000}");
    }

    /// <summary>The licence number of a grant, the next of its kind in the site's county.</summary>
    public async Task<string> NextNumberAsync(ProductionLicence l, CancellationToken ct)
    {
        var food = l.Kind == ProductionLicenceKind.Food;
        var prefix = food ? LicenceRules.FoodPrefix(l.SiteArea) : LicenceRules.IndustrialPrefix(l.SiteArea);
        var numbers = await db.Set<ProductionLicence>().Where(x => x.Number != null && x.Number.StartsWith(prefix)).Select(x => x.Number!).ToListAsync(ct);
        var next = Last(numbers, prefix.Length, food ? 6 : 5) + 1;
        return food ? LicenceRules.FoodNumber(l.SiteArea, next) : LicenceRules.IndustrialNumber(l.SiteArea, next);
    }

    private static int Last(List<string> numbers, int start, int length) =>
        numbers.Select(n => n.Length >= start + length && int.TryParse(n.AsSpan(start, length), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0)
            .DefaultIfEmpty(0).Max();

    public ProductionLicenceView View(ProductionLicence l)
    {
        var review = l.ReviewScheduledOn is null && l.ReviewResult is null ? null
            : new ProductionLicenceReviewView(l.ReviewScheduledOn, l.Reviewers is null ? [] : l.Reviewers.Split(';'), l.ReviewFindings, l.ReviewResult);
        return new ProductionLicenceView(l.ApplicationNumber, l.Number, WireNames.Of(l.Kind), WireNames.Of(l.EffectiveStatus(Today)), l.HolderUscc, l.HolderName,
            l.SiteAddress, l.SiteArea, l.Office, l.Categories, l.ValidFrom, l.ValidTo, review, l.LastReason, l.Version, l.CreatedAt, l.UpdatedAt, l.GrantedAt,
            [.. l.Events.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new ProductionLicenceHistoryEntry(e.At, e.By, e.OnBehalfOf, e.Action,
                e.FromStatus is { } f ? WireNames.Of(f) : null, e.ToStatus is { } t ? WireNames.Of(t) : null, Message.Show(e.Reason), e.Reference))]);
    }

    /// <summary>Saves and reads the licence again with its history; a licence changed by someone else meanwhile is a 409 (nothing saved).</summary>
    public async Task<HandlerResult<ProductionLicenceView>> SaveViewAsync(ProductionLicence l, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("version", new Message("licence.changed-while-saving", l.Number ?? l.ApplicationNumber));
        }

        var fresh = await db.Set<ProductionLicence>().AsNoTracking().Include(x => x.Events).FirstAsync(x => x.Id == l.Id, ct);
        return View(fresh);
    }

    /// <summary>
    /// Queues <c>quality.licence.status-changed</c> to the node hosting the CIQ office responsible for the holder's area,
    /// in the caller's save. Nothing is queued when the exchange is off or no node hosts that office; without an
    /// agreement the sender records the denial and the step goes on (the register is the truth).
    /// </summary>
    public async Task AnnounceAsync(ProductionLicence l, string reason, CancellationToken ct)
    {
        if (!node.Enabled || node.Directory.Current is null || l.Number is null)
        {
            return;
        }

        var ciq = await registry.ResponsibleOfficeAsync(l.HolderArea, "CIQ", ct) ?? await registry.ResponsibleOfficeAsync(l.SiteArea, "CIQ", ct);
        if (ciq is null || node.PartyOf(ciq.Office.Code) is not { } recipient)
        {
            return;
        }

        var payload = new ProductionLicenceStatusChanged(l.Number, l.HolderUscc, l.HolderName, l.SiteArea, l.Categories, WireNames.Of(l.EffectiveStatus(Today)),
            reason.Length <= LicenceRules.MaxReason ? reason : reason[..LicenceRules.MaxReason], l.ValidFrom, l.ValidTo, l.Office, ciq.Office.Code, clock.GetUtcNow());
        sender.As(SendingModule.Quality).Send(db, QualityWire.LicenceStatusChangedType, payload, [recipient], correlationId: l.Id);
    }
}
