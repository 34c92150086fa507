using GoldenQuality.Declarations;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Supervision.Contracts;

namespace GoldenQuality.Tests.Declarations.Rules;

/// <summary>The risk decision from the gathered facts: holds and alerts, pre-supervision, points against thresholds, the random draw.</summary>
public sealed class RiskScoringTests
{
    private const long NotSelected = 1; // SplitMix64 draws 0.5666 for seed 1
    private const long Selected = 48; // and 0.0158 for seed 48, below the 2 % rate

    private static readonly DateTimeOffset Now = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
    private static readonly RiskOptions Options = new();

    private static RiskReason[] Points(int credit, int product, int failures) =>
        [new("credit-class", "x", credit, ""), new("product-risk", "x", product, ""), new("recent-failures", "x", failures, "")];

    private static SupervisionFacts Facts(int alerts = 0, params LotStatusView[] statuses) =>
        new("913301000000DEM01D", [.. statuses.Select(s => s.LotNumber)], statuses.Length > 0, statuses, alerts);

    [Theory]
    [InlineData(0, 0, 0, RiskOutcome.DocumentCheck)]
    [InlineData(10, 14, 0, RiskOutcome.DocumentCheck)]
    [InlineData(10, 15, 0, RiskOutcome.PhysicalInspection)]
    [InlineData(20, 15, 14, RiskOutcome.PhysicalInspection)]
    [InlineData(20, 15, 15, RiskOutcome.SamplingLabTest)]
    public void Without_supervision_the_points_fall_into_the_thresholds(int credit, int product, int failures, RiskOutcome expected)
    {
        var decision = RiskScoring.Decide(Options, Points(credit, product, failures), Facts(), NotSelected, Now);
        Assert.Equal(expected, decision.Outcome);
        Assert.Equal(credit + product + failures, decision.Score);
        Assert.Contains(decision.Reasons, r => r is { Input: "supervision", Value: "no lots declared" });
    }

    [Fact]
    public void A_held_lot_or_a_recent_nonconformity_means_sampling_whatever_the_points()
    {
        var held = RiskScoring.Decide(Options, Points(0, 0, 0), Facts(0, new LotStatusView("L1", "SR-1", true, "lead above limit")), NotSelected, Now);
        Assert.Equal(RiskOutcome.SamplingLabTest, held.Outcome);
        Assert.Contains("lead above limit", held.Reasons.Single(r => r.Input == "holds-and-alerts").Explanation, StringComparison.Ordinal);

        var alerted = RiskScoring.Decide(Options, Points(0, 0, 0), Facts(2), NotSelected, Now);
        Assert.Equal(RiskOutcome.SamplingLabTest, alerted.Outcome);
    }

    [Fact]
    public void Lots_all_pre_supervised_need_only_a_document_check_even_with_many_points()
    {
        var decision = RiskScoring.Decide(Options, Points(60, 35, 45), Facts(0, new LotStatusView("L1", "SR-1", false, null), new LotStatusView("L2", "SR-2", false, null)), NotSelected, Now);
        Assert.Equal(RiskOutcome.DocumentCheck, decision.Outcome);
        Assert.Equal(140, decision.Score);

        var oneWithout = RiskScoring.Decide(Options, Points(60, 35, 45), Facts(0, new LotStatusView("L1", "SR-1", false, null), new LotStatusView("L2", null, false, null)), NotSelected, Now);
        Assert.Equal(RiskOutcome.SamplingLabTest, oneWithout.Outcome);
    }

    [Fact]
    public void A_document_check_drawn_below_the_rate_becomes_a_physical_inspection_and_the_draw_can_be_repeated()
    {
        var drawn = RiskScoring.Decide(Options, Points(0, 0, 0), Facts(), Selected, Now);
        Assert.Equal(RiskOutcome.PhysicalInspection, drawn.Outcome);
        Assert.True(drawn.RandomlySelected);
        Assert.Equal(RiskEngine.Draw(Selected), drawn.Draw);
        Assert.Equal(Selected, drawn.Seed);

        // Only a document check is drawn: sampling stays sampling.
        var sampling = RiskScoring.Decide(Options, Points(60, 0, 0), Facts(), Selected, Now);
        Assert.Equal(RiskOutcome.SamplingLabTest, sampling.Outcome);
        Assert.False(sampling.RandomlySelected);
    }
}
