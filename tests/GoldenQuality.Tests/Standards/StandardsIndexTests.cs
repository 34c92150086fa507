using System.Diagnostics;
using GoldenQuality.Standards;
using GoldenQuality.Standards.Contracts;

namespace GoldenQuality.Tests.Standards;

public sealed class StandardsIndexTests
{
    private static readonly DateOnly Long = new(2000, 1, 1);

    private static RequirementRow Req(string category, string parameter, LimitKind kind, double? lower, double? upper, string unit = "mg/kg",
        string standard = "GB 1-2000", StandardKind standardKind = StandardKind.National, string jurisdiction = "national", string state = "",
        DateOnly? from = null, DateOnly? to = null) =>
        new(Guid.NewGuid(), standard, standardKind, "4.1", category, parameter, state, kind, lower, upper, unit, "GB 5009.12", jurisdiction, from ?? Long, to);

    private static StandardsIndex Index(params RequirementRow[] requirements) => StandardsIndex.Compile(new CatalogueSnapshot(
        [new("food", null, "Food"), new("cereal", "food", "Cereal"), new("cereal.rice", "cereal", "Rice"), new("cereal.rice.brown", "cereal.rice", "Brown rice"), new("tea", "food", "Tea")],
        [new("pb", "mass-fraction", "mg/kg"), new("afb1", "mass-fraction", "ug/kg"), new("core-temperature", "temperature", "Cel")],
        requirements));

    private static Verdict Check(StandardsIndex index, string product, string parameter, double value, string market = "", string state = "", DateOnly? on = null) =>
        index.Table(market, state).Check(index.Nodes[product], index.Parameters[parameter], StandardsIndex.Ticks(on ?? new DateOnly(2026, 1, 1)), value, out _);

    [Fact]
    public void A_limit_on_a_category_applies_below_it_unless_a_more_specific_entry_overrides_it()
    {
        var index = Index(Req("cereal", "pb", LimitKind.Max, null, 0.2), Req("cereal.rice.brown", "pb", LimitKind.Max, null, 0.5));
        Assert.Equal(Verdict.Nonconforming, Check(index, "cereal.rice", "pb", 0.3));
        Assert.Equal(Verdict.Conforming, Check(index, "cereal.rice", "pb", 0.2));
        Assert.Equal(Verdict.Conforming, Check(index, "cereal.rice.brown", "pb", 0.3));
        Assert.Equal(Verdict.NoLimit, Check(index, "tea", "pb", 100));
        Assert.Equal(Verdict.NoLimit, Check(index, "food", "pb", 100));
    }

    [Fact]
    public void Limits_and_values_are_compared_in_the_canonical_unit()
    {
        // 20 µg/kg of aflatoxin B1; a lead limit written in µg/kg; a temperature range in °F.
        var index = Index(Req("cereal", "afb1", LimitKind.Max, null, 0.02, "mg/kg"), Req("tea", "pb", LimitKind.Max, null, 5000, "ug/kg"),
            Req("tea", "core-temperature", LimitKind.Range, 32, 212, "[degF]"));
        Assert.Equal(Verdict.Conforming, Check(index, "cereal", "afb1", 20));
        Assert.Equal(Verdict.Nonconforming, Check(index, "cereal", "afb1", 20.5));
        Assert.Equal(Verdict.Conforming, Check(index, "tea", "pb", 5.0));
        Assert.Equal(Verdict.Nonconforming, Check(index, "tea", "pb", 5.01));
        Assert.Equal(Verdict.Conforming, Check(index, "tea", "core-temperature", 99.9));
        Assert.Equal(Verdict.Nonconforming, Check(index, "tea", "core-temperature", -0.5));
        var ppm = Units.Conversion("ppm", "mg/kg")!.Value;
        Assert.Equal(1.0, ppm.ToCanonical(1.0), 12);
        Assert.Equal(0.05, Units.Conversion("ug/kg", "mg/kg")!.Value.ToCanonical(50), 12);
        Assert.Equal(373.15, Units.Conversion("Cel", "K")!.Value.ToCanonical(100), 9);
        Assert.Null(Units.Conversion("Cel", "mg/kg"));
        Assert.Null(Units.Conversion("furlong", "mg/kg"));
    }

    [Fact]
    public void Min_range_and_not_detected_limits()
    {
        var index = Index(Req("cereal", "pb", LimitKind.Min, 1, null), Req("tea", "pb", LimitKind.NotDetected, null, 0.01),
            Req("tea", "afb1", LimitKind.NotDetected, null, null, "ug/kg"), Req("cereal", "afb1", LimitKind.Range, 1, 2, "ug/kg"));
        Assert.Equal(Verdict.Nonconforming, Check(index, "cereal", "pb", 0.99));
        Assert.Equal(Verdict.Conforming, Check(index, "cereal", "pb", 1));
        Assert.Equal(Verdict.Conforming, Check(index, "tea", "pb", 0.0099));
        Assert.Equal(Verdict.Nonconforming, Check(index, "tea", "pb", 0.01));
        Assert.Equal(Verdict.Conforming, Check(index, "tea", "afb1", 0));
        Assert.Equal(Verdict.Nonconforming, Check(index, "tea", "afb1", 0.001));
        Assert.Equal(Verdict.Conforming, Check(index, "cereal", "afb1", 2));
        Assert.Equal(Verdict.Nonconforming, Check(index, "cereal", "afb1", 2.001));
        Assert.Equal(Verdict.Nonconforming, Check(index, "cereal", "afb1", double.NaN));
    }

    [Fact]
    public void A_provincial_standard_governs_only_that_provinces_domestic_market()
    {
        var index = Index(Req("cereal", "pb", LimitKind.Max, null, 0.2),
            Req("cereal", "pb", LimitKind.Max, null, 0.1, standard: "DB33/ 1-2020", standardKind: StandardKind.Provincial, jurisdiction: "330000"));
        Assert.Equal(Verdict.Conforming, Check(index, "cereal.rice", "pb", 0.15));
        Assert.Equal(Verdict.Conforming, Check(index, "cereal.rice", "pb", 0.15, market: "320000"));
        Assert.Equal(Verdict.Nonconforming, Check(index, "cereal.rice", "pb", 0.15, market: "330000"));
        Assert.Equal("", StandardsIndex.ProvinceOfMarket("export"));
        Assert.Equal("330000", StandardsIndex.ProvinceOfMarket("domestic:330000"));
        Assert.Null(StandardsIndex.ProvinceOfMarket("domestic:3300"));
    }

    [Fact]
    public void A_more_specific_national_entry_beats_a_broader_provincial_one()
    {
        var index = Index(Req("cereal", "pb", LimitKind.Max, null, 0.1, standard: "DB33/ 1-2020", standardKind: StandardKind.Provincial, jurisdiction: "330000"),
            Req("cereal.rice", "pb", LimitKind.Max, null, 0.3));
        Assert.Equal(Verdict.Conforming, Check(index, "cereal.rice", "pb", 0.25, market: "330000"));
        Assert.Equal(Verdict.Nonconforming, Check(index, "cereal", "pb", 0.25, market: "330000"));
    }

    [Fact]
    public void Validity_and_supersession_choose_the_standard_in_force_on_the_date()
    {
        var index = Index(Req("cereal", "pb", LimitKind.Max, null, 0.2, standard: "GB 2762-2017", from: new(2017, 9, 17), to: new(2023, 6, 30)),
            Req("cereal.rice", "pb", LimitKind.Max, null, 0.15, standard: "GB 2762-2022", from: new(2023, 6, 30)));
        // Before 2023-06-30 rice inherits the 2017 cereal limit; afterwards its own 2022 limit governs; before 2017 nothing does.
        Assert.Equal(Verdict.Conforming, Check(index, "cereal.rice", "pb", 0.18, on: new(2020, 1, 1)));
        Assert.Equal(Verdict.Nonconforming, Check(index, "cereal.rice", "pb", 0.18, on: new(2024, 1, 1)));
        Assert.Equal(Verdict.NoLimit, Check(index, "cereal.rice", "pb", 0.18, on: new(2010, 1, 1)));
        Assert.Equal(Verdict.NoLimit, Check(index, "cereal", "pb", 5, on: new(2024, 1, 1)));
    }

    [Fact]
    public void At_the_same_category_state_then_jurisdiction_then_national_over_industry_then_newer_then_stricter_prevails()
    {
        var index = Index(Req("tea", "pb", LimitKind.Max, null, 5.0), Req("tea", "pb", LimitKind.Max, null, 2.0, state: "dried"),
            Req("cereal", "pb", LimitKind.Max, null, 0.5, standard: "NY 1-2020", standardKind: StandardKind.Industry, from: new(2020, 1, 1)),
            Req("cereal", "pb", LimitKind.Max, null, 0.3, standard: "GB 2-2010", from: new(2010, 1, 1)),
            Req("cereal.rice", "pb", LimitKind.Max, null, 0.4, standard: "GB 3-2010"),
            Req("cereal.rice", "pb", LimitKind.Max, null, 0.35, standard: "GB 4-2010"),
            Req("cereal.rice.brown", "pb", LimitKind.Max, null, 0.9, standard: "GB 5-2015", from: new(2015, 1, 1)),
            Req("cereal.rice.brown", "pb", LimitKind.Max, null, 0.8, standard: "GB 6-2010", from: new(2010, 1, 1)));
        Assert.Equal(Verdict.Conforming, Check(index, "tea", "pb", 3));
        Assert.Equal(Verdict.Nonconforming, Check(index, "tea", "pb", 3, state: "dried"));
        Assert.Equal(Verdict.Nonconforming, Check(index, "cereal", "pb", 0.4));
        Assert.Equal(Verdict.Nonconforming, Check(index, "cereal.rice", "pb", 0.38));
        Assert.Equal(Verdict.Conforming, Check(index, "cereal.rice.brown", "pb", 0.85));
    }

    [Fact]
    public void Enterprise_standards_are_never_regulatory_limits()
    {
        var index = Index(Req("tea", "pb", LimitKind.Max, null, 1.0, standard: "Q/DEMO 1-2024", standardKind: StandardKind.Enterprise));
        Assert.Equal(Verdict.NoLimit, Check(index, "tea", "pb", 3));
    }

    [Fact]
    public void The_generated_catalogue_is_deterministic_and_compiles()
    {
        var a = StandardsGenerator.Generate(400, 10_000, seed: 7);
        var b = StandardsGenerator.Generate(400, 10_000, seed: 7);
        Assert.Equal(a.Requirements.Select(r => string.Join(',', r)), b.Requirements.Select(r => string.Join(',', r)));
        Assert.NotEqual(a.Requirements.Select(r => string.Join(',', r)), StandardsGenerator.Generate(400, 10_000, seed: 8).Requirements.Select(r => string.Join(',', r)));
        var watch = Stopwatch.StartNew();
        var index = StandardsIndex.Compile(StandardsGenerator.Snapshot(a));
        Assert.Equal(400, index.Nodes.Count);
        Assert.True(index.Groups > 1000);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }
}
