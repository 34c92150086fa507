using System.Collections.Frozen;
using GoldenQuality.Codes.Contracts;
using GoldenQuality.Common;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Codes;

/// <summary>
/// The complete published code lists vendored in <c>data/reference</c> (HS 2022, ISO 3166-1 with the UN's Chinese
/// names, ISO 4217; see its SOURCES.md): read once per process, immutable. They widen the code tables' subsets for
/// checking (a country or currency the subset lacks is still a real one) and back the look-ups.
/// </summary>
internal sealed class PublishedLists
{
    private readonly Lazy<Lists> lists;

    public PublishedLists(IOptions<ReferenceDataOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var folder = Path.Combine(options.Value.ReferenceData, "reference");
        lists = new Lazy<Lists>(() => Load(folder), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>HS 2022 chapters (level 2), headings (4) and subheadings (6), in code order.</summary>
    public IReadOnlyList<LookupEntry> Hs => lists.Value.Hs;

    /// <summary>ISO 3166-1 countries by alpha-2 code, in code order.</summary>
    public IReadOnlyList<LookupEntry> Countries => lists.Value.Countries;

    /// <summary>ISO 4217 currencies in use (not withdrawn), in code order.</summary>
    public IReadOnlyList<LookupEntry> Currencies => lists.Value.Currencies;

    /// <summary>Whether <paramref name="code"/> is a six-digit subheading of HS 2022.</summary>
    public bool IsHsSubheading(string code) => code.Length == 6 && lists.Value.Subheadings.Contains(code);

    private static readonly string[] HsLevels = ["", "", "chapter", "", "heading", "", "subheading"];

    /// <summary>
    /// Whether the published list of <paramref name="system"/> has <paramref name="code"/> when <paramref name="version"/>
    /// of the system is in force; false for systems with no published list here, and for HS versions other than 2022. A
    /// 10-digit tariff code counts when its first six digits are an HS 2022 subheading (the national digits are not
    /// published).
    /// </summary>
    public bool Has(string system, string version, string code) => system switch
    {
        "hs" => version == "2022" && IsHsSubheading(code),
        "cn-tariff" => version == "2022" && code.Length == 10 && code.All(char.IsAsciiDigit) && IsHsSubheading(code[..6]),
        "iso-3166-1" => lists.Value.CountryCodes.Contains(code),
        "iso-4217" => lists.Value.CurrencyCodes.Contains(code),
        _ => false,
    };

    private static Lists Load(string folder)
    {
        var hs = CsvData.Read(Path.Combine(folder, "hs2022-harmonized-system.csv"), "hscode", "description", "parent", "level")
            .Where(r => r.Values["level"] is "2" or "4" or "6")
            .Select(r => new LookupEntry(r.Values["hscode"], r.Values["description"], null, HsLevels[int.Parse(r.Values["level"], System.Globalization.CultureInfo.InvariantCulture)]))
            .OrderBy(e => e.Code, StringComparer.Ordinal).ToArray();

        var countries = CsvData.Read(Path.Combine(folder, "country-codes.csv"), "ISO3166-1-Alpha-2", "ISO3166-1-Alpha-3", "official_name_en", "official_name_cn",
                "UNTERM English Short", "UNTERM Chinese Short")
            .Where(r => r.Values["ISO3166-1-Alpha-2"].Length == 2)
            .Select(r =>
            {
                var v = r.Values;
                var zh = v["official_name_cn"].Length > 0 ? v["official_name_cn"] : v["UNTERM Chinese Short"];
                return new LookupEntry(v["ISO3166-1-Alpha-2"], v["official_name_en"], zh.Length > 0 ? zh : null, null, AlsoSearched: [v["ISO3166-1-Alpha-3"], v["UNTERM English Short"], v["UNTERM Chinese Short"]]);
            })
            .OrderBy(e => e.Code, StringComparer.Ordinal).ToArray();

        var currencies = CsvData.Read(Path.Combine(folder, "currency-codes.csv"), "Entity", "Currency", "AlphabeticCode", "WithdrawalDate")
            .Where(r => r.Values["AlphabeticCode"].Length == 3 && r.Values["WithdrawalDate"].Length == 0)
            .GroupBy(r => r.Values["AlphabeticCode"], StringComparer.Ordinal)
            .Select(g => new LookupEntry(g.Key, g.First().Values["Currency"], null, null, AlsoSearched: [.. g.Select(r => r.Values["Entity"])]))
            .OrderBy(e => e.Code, StringComparer.Ordinal).ToArray();

        return new Lists(hs, hs.Where(e => e.Detail == "subheading").Select(e => e.Code).ToFrozenSet(StringComparer.Ordinal),
            countries, countries.Select(c => c.Code).ToFrozenSet(StringComparer.Ordinal),
            currencies, currencies.Select(c => c.Code).ToFrozenSet(StringComparer.Ordinal));
    }

    private sealed record Lists(
        LookupEntry[] Hs, FrozenSet<string> Subheadings, LookupEntry[] Countries, FrozenSet<string> CountryCodes,
        LookupEntry[] Currencies, FrozenSet<string> CurrencyCodes);
}
