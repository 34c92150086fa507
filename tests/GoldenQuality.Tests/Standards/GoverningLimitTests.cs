using GoldenQuality.Standards;
using GoldenQuality.Standards.Contracts;

namespace GoldenQuality.Tests.Standards;

/// <summary>The rule that explains a resolution: which requirement governs, and why each other candidate does not.</summary>
public sealed class GoverningLimitTests
{
    private static readonly DateOnly Long = new(2000, 1, 1);
    private static readonly DateOnly Today = new(2026, 1, 1);

    private static RequirementRow Req(string category, LimitKind kind, double? lower, double? upper, string standard = "GB 2762-2017", StandardKind standardKind = StandardKind.National,
        string jurisdiction = "national", string state = "", DateOnly? from = null, string unit = "mg/kg") =>
        new(Guid.NewGuid(), standard, standardKind, "3.1", category, "pb", state, kind, lower, upper, unit, "GB 5009.12", jurisdiction, from ?? Long, null);

    private static StandardsIndex Index(params RequirementRow[] requirements) => StandardsIndex.Compile(new CatalogueSnapshot(
        [new("food", null, "Food"), new("cereal", "food", "Cereal"), new("cereal.rice", "cereal", "Rice")],
        [new("pb", "mass-fraction", "mg/kg")],
        requirements));

    private static Dictionary<string, string> Reasons(GoverningLimit limit) =>
        limit.Candidates().ToDictionary(c => c.Standard + "/" + c.Category, c => c.Reason, StringComparer.Ordinal);

    [Fact]
    public void The_most_specific_requirement_in_force_governs_and_the_broader_one_is_overridden()
    {
        var rice = Req("cereal.rice", LimitKind.Max, null, 0.2);
        var cereal = Req("cereal", LimitKind.Max, null, 0.5, standard: "GB 2762-2012");
        var limit = new GoverningLimit(Index(rice, cereal), "cereal.rice", "pb", "", "", Today, null);

        Assert.Equal(rice.Id, limit.Governing!.Id);
        var reasons = Reasons(limit);
        Assert.Equal("governs: the most specific requirement in force", reasons["GB 2762-2017/cereal.rice"]);
        Assert.Equal("overridden by the more specific category 'cereal.rice'", reasons["GB 2762-2012/cereal"]);
        Assert.False(limit.Limit()!.Inherited);
    }

    [Fact]
    public void A_limit_set_on_a_broader_category_is_inherited_and_converted_to_the_unit_asked_for()
    {
        var cereal = Req("cereal", LimitKind.Max, null, 0.2);
        var limit = new GoverningLimit(Index(cereal), "cereal.rice", "pb", "", "", Today, "ug/kg");

        var view = limit.Limit()!;
        Assert.True(view.Inherited);
        Assert.Equal("ug/kg", view.Unit);
        Assert.Equal(200, view.Upper!.Value, 9);
        Assert.Equal("governs: set on the broader category 'cereal', which 'cereal.rice' belongs to, and not overridden below", Reasons(limit)["GB 2762-2017/cereal"]);
    }

    [Fact]
    public void Local_state_bound_and_future_standards_say_why_they_do_not_govern()
    {
        var national = Req("cereal", LimitKind.Max, null, 0.2);
        var enterprise = Req("cereal.rice", LimitKind.Max, null, 0.1, standard: "Q/ABC 1-2020", standardKind: StandardKind.Enterprise);
        var local = Req("cereal.rice", LimitKind.Max, null, 0.15, standard: "DB44/1-2020", standardKind: StandardKind.Provincial, jurisdiction: "440000");
        var dried = Req("cereal.rice", LimitKind.Max, null, 0.3, standard: "GB 1-2020", state: "dried");
        var future = Req("cereal.rice", LimitKind.Max, null, 0.05, standard: "GB 2-2030", from: new DateOnly(2030, 1, 1));
        var limit = new GoverningLimit(Index(national, enterprise, local, dried, future), "cereal.rice", "pb", "", "", Today, null);

        Assert.Equal(national.Id, limit.Governing!.Id);
        var reasons = Reasons(limit);
        Assert.DoesNotContain("Q/ABC 1-2020/cereal.rice", reasons.Keys); // the compiled index leaves enterprise standards out
        Assert.Equal("a local standard of province 440000: it governs only that province's domestic market", reasons["DB44/1-2020/cereal.rice"]);
        Assert.Equal("applies only to the processing state 'dried'", reasons["GB 1-2020/cereal.rice"]);
        Assert.Equal("not in force on 2026-01-01", reasons["GB 2-2030/cereal.rice"]);
    }

    [Fact]
    public void Without_a_requirement_in_force_nothing_governs()
    {
        var future = Req("cereal", LimitKind.Max, null, 0.05, from: new DateOnly(2030, 1, 1));
        var limit = new GoverningLimit(Index(future), "cereal.rice", "pb", "", "", Today, null);

        Assert.Null(limit.Governing);
        Assert.Null(limit.Limit());
        Assert.Equal("not in force on 2026-01-01", Assert.Single(limit.Candidates()).Reason);
    }
}
