using System.Globalization;
using GoldenQuality.Ministries;
using GoldenQuality.Ministries.Contracts;

namespace GoldenQuality.Tests.Ministries;

/// <summary>The central bank's rules for the effect of a credit event (docs/ministries.md, "Credit").</summary>
public sealed class CreditEventRulesTests
{
    [Theory]
    [InlineData("A", CreditEventKinds.AqsiqNonconformity, "B")]
    [InlineData("B", CreditEventKinds.AqsiqNonconformity, "C")]
    [InlineData("C", CreditEventKinds.CustomsPenalty, "D")]
    [InlineData("A", CreditEventKinds.InspectionFailed, "B")]
    public void A_known_event_lowers_the_class_one_step(string from, string kind, string to)
    {
        var (after, coded) = CreditEventRules.Apply(from, kind);
        var effect = coded.Render(CultureInfo.InvariantCulture);
        Assert.Equal(to, after);
        Assert.Contains($"{from} → {to}", effect, StringComparison.Ordinal);
        Assert.StartsWith(kind, effect, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CreditEventKinds.AqsiqNonconformity)]
    [InlineData(CreditEventKinds.CustomsPenalty)]
    public void Never_below_d(string kind)
    {
        var (after, coded) = CreditEventRules.Apply("D", kind);
        var effect = coded.Render(CultureInfo.InvariantCulture);
        Assert.Equal("D", after);
        Assert.Contains("no change", effect, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unrated_enterprise_starts_from_b()
    {
        var (after, coded) = CreditEventRules.Apply(null, CreditEventKinds.CustomsPenalty);
        var effect = coded.Render(CultureInfo.InvariantCulture);
        Assert.Equal("C", after);
        Assert.Contains("unrated (taken as B) → C", effect, StringComparison.Ordinal);
        Assert.Equal("customs-penalty：下调 1 级，未评级（按 B 级计） → C", coded.Render(CultureInfo.GetCultureInfo("zh-CN")));
    }

    [Fact]
    public void An_unknown_kind_is_recorded_without_effect()
    {
        Assert.Equal("A", CreditEventRules.Apply("A", "tax-arrears").To);
        Assert.Contains("no rule for event kind 'tax-arrears'", CreditEventRules.Apply("A", "tax-arrears").Effect.Render(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal("", CreditEventRules.Apply(null, "tax-arrears").To);
    }
}
