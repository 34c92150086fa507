using GoldenQuality.Certificates.Contracts;
using GoldenQuality.Clearance;
using GoldenQuality.Clearance.Contracts;

namespace GoldenQuality.Tests.Clearance.Rules;

/// <summary>The CERTEX-style match of a customs declaration against the electronic clearance permit.</summary>
public sealed class CustomsMatchTests
{
    private const string Number = "CP-CIQ-NB-20260101-0123456789";

    private static CheckView Valid(params RemainingView[] remaining) =>
        new(CheckOutcome.Match, Number, 1, "valid", [], "CNNGB", "CUSTOMS-NB", "91330200MA2XXXXXX1", "D1", null, null, null, remaining);

    private static readonly RemainingView Tea = new(1, "0902101000", "green tea", 1000m, 900m, "KGM");
    private static readonly RemainingView Honey = new(2, "0409000000", "honey", 50m, 50m, "KGM");

    [Fact]
    public void Lines_that_agree_match_and_draw_their_quantities()
    {
        var (view, draws) = CustomsMatch.Compare(Number, Valid(Tea, Honey), [new CustomsLine(1, "0902101000", 400m, "KGM"), new CustomsLine(2, "0409000000", 50m, "kgm")]);
        Assert.Equal(CheckOutcome.Match, view.Outcome);
        Assert.Empty(view.Differences);
        Assert.Contains("agrees with the electronic clearance permit " + Number, view.Detail, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<int, decimal> { [1] = 400m, [2] = 50m }, draws);
    }

    [Fact]
    public void Only_the_first_eight_hs_digits_count()
    {
        var (same, _) = CustomsMatch.Compare(Number, Valid(Tea), [new CustomsLine(1, "0902101099", 10m, "KGM")]);
        Assert.Equal(CheckOutcome.Match, same.Outcome);

        var (other, _) = CustomsMatch.Compare(Number, Valid(Tea), [new CustomsLine(1, "0902209000", 10m, "KGM")]);
        Assert.Equal(CheckOutcome.Mismatch, other.Outcome);
        var d = Assert.Single(other.Differences);
        Assert.Equal(new Difference("lines[0].hsCode", "09022090", "09021010"), d);
    }

    [Fact]
    public void The_unit_must_agree()
    {
        var (view, _) = CustomsMatch.Compare(Number, Valid(Tea), [new CustomsLine(1, "0902101000", 10m, "TNE")]);
        Assert.Equal(new Difference("lines[0].unit", "TNE", "KGM"), Assert.Single(view.Differences));
    }

    [Fact]
    public void Quantities_are_summed_per_permit_line_and_may_not_exceed_what_is_left()
    {
        // 500 + 400 = 900 is exactly what is left; one more kilogram is not.
        var (exact, draws) = CustomsMatch.Compare(Number, Valid(Tea), [new CustomsLine(1, "0902101000", 500m, "KGM"), new CustomsLine(1, "0902101000", 400m, "KGM")]);
        Assert.Equal(CheckOutcome.Match, exact.Outcome);
        Assert.Equal(900m, draws[1]);

        var (over, _) = CustomsMatch.Compare(Number, Valid(Tea), [new CustomsLine(1, "0902101000", 500m, "KGM"), new CustomsLine(1, "0902101000", 401m, "KGM")]);
        Assert.Equal(CheckOutcome.Mismatch, over.Outcome);
        Assert.Equal(new Difference("lines[1].quantity", "401", "at most 900 left of 1000"), Assert.Single(over.Differences));
        Assert.Equal("the customs declaration does not agree with " + Number + ": lines[1].quantity", over.Detail);
    }

    [Fact]
    public void A_line_the_permit_does_not_have_is_a_difference_and_a_missing_sequence_counts_by_position()
    {
        var (view, draws) = CustomsMatch.Compare(Number, Valid(Tea), [new CustomsLine(null, "0902101000", 1m, "KGM"), new CustomsLine(null, "0902101000", 1m, "KGM")]);
        Assert.Equal(CheckOutcome.Mismatch, view.Outcome);
        Assert.Equal(new Difference("lines[1].sequence", "2", null), Assert.Single(view.Differences));
        Assert.Equal(1m, draws[1]);
    }
}
