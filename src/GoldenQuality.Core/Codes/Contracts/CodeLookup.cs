using GoldenQuality.Common;

namespace GoldenQuality.Codes.Contracts;

/// <summary>
/// One suggestion of a look-up: the code, its name in the language asked for where the source has one (otherwise in
/// English, with <see cref="Language"/> saying so), what it belongs to, and whether the list is illustrative.
/// </summary>
public sealed record LookupItem(string Code, string Name, string Language, string? Detail = null, bool Illustrative = false);

/// <summary>
/// An entry a look-up searches: its code, English name, Chinese name where the source has one, what it is (a chapter, a
/// port's kind, a parameter's unit), whether its list is illustrative, and further words it is found by.
/// </summary>
public sealed record LookupEntry(string Code, string NameEn, string? NameZh, string? Detail, bool Illustrative = false, string[]? AlsoSearched = null)
{
    /// <summary>The code, names and further words, lower-cased, one per line.</summary>
    internal string SearchText { get; } =
        string.Join('\n', new[] { Code, NameEn, NameZh }.Concat(AlsoSearched ?? []).Where(s => !string.IsNullOrEmpty(s))).ToLowerInvariant();

    /// <summary>The suggestion in the reader's language where the source has it.</summary>
    public LookupItem Item(bool chinese) =>
        chinese && NameZh is not null ? new(Code, NameZh, "zh-CN", Detail, Illustrative) : new(Code, NameEn, "en", Detail, Illustrative);
}

/// <summary>The suggestions for one query: at most the limit asked for, best first, and how many matched in all.</summary>
public sealed record LookupView(string List, string Query, LookupItem[] Items, int Total, string Source);

/// <summary>
/// Finds codes by code or by name in the published lists (HS 2022, ISO 3166-1 with the UN's Chinese names, ISO 4217)
/// and in the code tables in force (China's tariff, UN/ECE Rec 20 units, Rec 19 transport modes): what the look-ups
/// of the forms and <c>GET /api/lookup/{list}</c> answer.
/// </summary>
public sealed class CodeLookup
{
    /// <summary>The lists this handler answers.</summary>
    public static readonly string[] Lists = ["hs", "tariff", "country", "currency", "unit", "transport"];

    public const int MaxQueryLength = 100;
    public const int MaxLimit = 50;

    private readonly PublishedLists published;
    private readonly ICodeLists codes;
    private readonly TimeProvider clock;

    internal CodeLookup(PublishedLists published, ICodeLists codes, TimeProvider clock)
    {
        this.published = published;
        this.codes = codes;
        this.clock = clock;
    }

    /// <summary>
    /// Every entry whose code starts with the query (dots and spaces ignored) or whose names contain every word of it,
    /// case-insensitively; codes that start with the query come first, then in code order.
    /// </summary>
    public async Task<HandlerResult<LookupView>> FindAsync(string list, string? query, int? limit, bool chinese, CancellationToken ct)
    {
        var v = new Validation();
        if (!Lists.Contains(list, StringComparer.Ordinal))
        {
            v.Add("list", Message.NotOneOf(list, string.Join(", ", Lists)));
        }

        var q = v.Optional("q", query, MaxQueryLength) ?? "";
        var max = limit ?? 10;
        if (max is < 1 or > MaxLimit)
        {
            v.Add("limit", new Message("page-size", MaxLimit));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        var (entries, source) = list switch
        {
            "hs" => (published.Hs, "HS 2022 (UN Comtrade H6, ODC-PDDL-1.0)"),
            "tariff" => (await TariffAsync(ct), "China's customs tariff: HS 2022 subheadings (UN Comtrade H6) and the national codes of data/codes/cn-tariff.csv (illustrative)"),
            "country" => (published.Countries, "ISO 3166-1 with the UN's official names (datasets/country-codes, ODC-PDDL-1.0)"),
            "currency" => (published.Currencies, "ISO 4217 (datasets/currency-codes, ODC-PDDL-1.0)"),
            "unit" => (await TableAsync("unece-rec20", null, ct), "UN/ECE Recommendation 20 (data/codes/unece-rec20.csv)"),
            _ => (await TableAsync("unece-rec19", null, ct), "UN/ECE Recommendation 19 (data/codes/unece-rec19.csv)"),
        };

        return Answer(list, entries, q, max, chinese, source);
    }

    /// <summary>The look-up's answer over <paramref name="entries"/>: at most <paramref name="max"/> matches of the query, best first.</summary>
    public static LookupView Answer(string list, IEnumerable<LookupEntry> entries, string query, int max, bool chinese, string source)
    {
        var matches = Match(entries, query).ToList();
        return new LookupView(list, query, [.. matches.Take(max).Select(e => e.Item(chinese))], matches.Count, source);
    }

    /// <summary>The entries matching <paramref name="query"/>, codes starting with it first.</summary>
    private static IEnumerable<LookupEntry> Match(IEnumerable<LookupEntry> entries, string query)
    {
        var compact = new string([.. query.Where(c => c is not ('.' or ' '))]).ToLowerInvariant();
        var words = query.ToLowerInvariant().Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return entries;
        }

        var byCode = new List<LookupEntry>();
        var byName = new List<LookupEntry>();
        foreach (var e in entries)
        {
            if (compact.Length > 0 && e.Code.StartsWith(compact, StringComparison.OrdinalIgnoreCase))
            {
                byCode.Add(e);
            }
            else if (words.All(w => e.SearchText.Contains(w, StringComparison.Ordinal)))
            {
                byName.Add(e);
            }
        }

        return byCode.Concat(byName);
    }

    private async Task<IEnumerable<LookupEntry>> TariffAsync(CancellationToken ct)
    {
        // Every subheading, each followed by the national codes the tariff table knows under it (illustrative).
        var national = (await TableAsync("cn-tariff", "national", ct)).ToLookup(e => e.Code[..Math.Min(6, e.Code.Length)], StringComparer.Ordinal);
        return published.Hs.Where(e => e.Detail == "subheading").SelectMany(e => national[e.Code].Prepend(e));
    }

    private async Task<IEnumerable<LookupEntry>> TableAsync(string system, string? detail, CancellationToken ct)
    {
        var snapshot = await codes.CurrentAsync(ct);
        var today = DateOnly.FromDateTime(ChinaTime.Of(clock.GetUtcNow()).DateTime);
        return snapshot.Entries(system, today).Select(e => new LookupEntry(e.Code, e.Description, null, detail, e.Illustrative));
    }
}
