using GoldenQuality.Supervision;

namespace GoldenQuality.Tests.Supervision;

public sealed class SpcMonitorTests
{
    /// <summary>A monitor with centre 0 and σ 1, fed z-scores directly.</summary>
    private static SpcRules Feed(params double[] values)
    {
        var monitor = SpcMonitor.WithLimits(0, 1);
        var all = SpcRules.None;
        foreach (var v in values)
        {
            all |= monitor.Add(v);
        }

        return all;
    }

    [Fact]
    public void Rule_1_one_point_beyond_three_sigma() => Assert.True(Feed(0.1, -0.2, 3.5).HasFlag(SpcRules.BeyondThreeSigma));

    [Fact]
    public void Rule_2_two_of_three_beyond_two_sigma_on_one_side()
    {
        Assert.True(Feed(2.5, 0.1, 2.2).HasFlag(SpcRules.TwoOfThreeBeyondTwoSigma));
        Assert.False(Feed(2.5, 0.1, -2.2).HasFlag(SpcRules.TwoOfThreeBeyondTwoSigma));
    }

    [Fact]
    public void Rule_3_four_of_five_beyond_one_sigma_on_one_side()
    {
        Assert.True(Feed(1.5, 1.2, 0.3, 1.4, 1.1).HasFlag(SpcRules.FourOfFiveBeyondOneSigma));
        Assert.False(Feed(1.5, 1.2, 0.3, -1.4, 1.1).HasFlag(SpcRules.FourOfFiveBeyondOneSigma));
    }

    [Fact]
    public void Rule_4_eight_in_a_row_on_one_side_and_Nelson_nine()
    {
        var eight = Enumerable.Repeat(0.5, 8).ToArray();
        Assert.True(Feed(eight).HasFlag(SpcRules.EightOnOneSide));
        Assert.False(Feed(eight).HasFlag(SpcRules.NineOnOneSide));
        Assert.True(Feed([.. eight, 0.4]).HasFlag(SpcRules.NineOnOneSide));
        Assert.False(Feed(0.5, 0.5, 0.5, -0.1, 0.5, 0.5, 0.5, 0.5).HasFlag(SpcRules.EightOnOneSide));
    }

    [Fact]
    public void Nelson_six_points_trending()
    {
        Assert.True(Feed(-1, -0.6, -0.2, 0.1, 0.4, 0.8).HasFlag(SpcRules.SixTrending));
        Assert.True(Feed(0.8, 0.4, 0.1, -0.2, -0.6, -1).HasFlag(SpcRules.SixTrending));
        Assert.False(Feed(-1, -0.6, -0.2, -0.3, 0.4, 0.8).HasFlag(SpcRules.SixTrending));
    }

    [Fact]
    public void Nelson_fourteen_alternating()
    {
        var alternating = Enumerable.Range(0, 14).Select(i => i % 2 == 0 ? 0.5 : -0.5).ToArray();
        Assert.True(Feed(alternating).HasFlag(SpcRules.FourteenAlternating));
        Assert.False(Feed(alternating[..13]).HasFlag(SpcRules.FourteenAlternating));
    }

    [Fact]
    public void Nelson_fifteen_within_one_sigma()
    {
        var hugging = Enumerable.Range(0, 15).Select(i => i % 3 == 0 ? 0.2 : -0.3 + (i * 0.01)).ToArray();
        Assert.True(Feed(hugging).HasFlag(SpcRules.FifteenWithinOneSigma));
        Assert.False(Feed(hugging[..14]).HasFlag(SpcRules.FifteenWithinOneSigma));
    }

    [Fact]
    public void Nelson_eight_beyond_one_sigma_on_both_sides()
    {
        Assert.True(Feed(1.5, -1.5, 1.4, -1.6, 1.2, -1.3, 1.7, -1.2).HasFlag(SpcRules.EightBeyondOneSigmaBothSides));
        Assert.False(Feed(1.5, -1.5, 1.4, -0.6, 1.2, -1.3, 1.7, -1.2).HasFlag(SpcRules.EightBeyondOneSigmaBothSides));
    }

    [Fact]
    public void Cusum_and_ewma_catch_a_small_sustained_shift()
    {
        var shift = Enumerable.Repeat(1.2, 20).ToArray();
        var fired = Feed(shift);
        Assert.True(fired.HasFlag(SpcRules.Cusum));
        Assert.True(fired.HasFlag(SpcRules.Ewma));
        Assert.Equal(SpcRules.None, Feed(0.3, -0.2, 0.1, -0.4, 0.2) & (SpcRules.Cusum | SpcRules.Ewma));
    }

    [Fact]
    public void A_stable_process_in_control_raises_nothing_and_rules_fire_once_per_run()
    {
        var random = new Random(3);
        var monitor = new SpcMonitor();
        var fired = new List<SpcRules>();
        for (var i = 0; i < SpcMonitor.CalibrationPoints; i++)
        {
            Assert.Equal(SpcRules.None, monitor.Add(10 + ((random.NextDouble() - 0.5) * 0.2)));
        }

        Assert.True(monitor.Calibrated);
        Assert.InRange(monitor.Centre, 9.9, 10.1);

        // A shift of 3σ: rule 1 fires on every point, but it is reported once, when it starts.
        for (var i = 0; i < 5; i++)
        {
            fired.Add(monitor.Add(monitor.Centre + (4 * monitor.Sigma)));
        }

        Assert.Equal(1, fired.Count(f => f.HasFlag(SpcRules.BeyondThreeSigma)));
    }

    [Fact]
    public void The_state_survives_a_round_trip_through_its_text_form()
    {
        var a = new SpcMonitor();
        var b = new SpcMonitor();
        var values = Enumerable.Range(0, 40).Select(i => 5 + Math.Sin(i) * 0.3 + (i > 30 ? 2 : 0)).ToArray();
        var fromA = new List<SpcRules>();
        var fromB = new List<SpcRules>();
        foreach (var v in values)
        {
            fromA.Add(a.Add(v));
            fromB.Add(b.Add(v));
            b = SpcMonitor.Parse(b.Serialize());
        }

        Assert.Equal(fromA, fromB);
    }
}
