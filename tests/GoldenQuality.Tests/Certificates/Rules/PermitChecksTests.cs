using GoldenQuality.Certificates;
using GoldenQuality.Certificates.Contracts;
using GoldenQuality.Common;
using Paper = GoldenQuality.Certificates.Contracts.PaperPermit;

namespace GoldenQuality.Tests.Certificates.Rules;

/// <summary>The permit check: a paper permit against the electronic copy the office holds, without the database.</summary>
public sealed class PermitChecksTests
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static Permit Copy() => Permit.Create(Guid.NewGuid(), new PermitDocument("IP-CIQ-ZJ-HZ-20261101-0123456789", PermitKind.Inspection, 1, "EX-1", DeclarationKind.Export,
        "GQ/GOV/AQSIQ/national", "CIQ-ZJ-HZ", "CNNGB", "CIQ-ZJ-NB-PORT", "913301000000DEM01D", "Trader", null, "DE",
        [new PermitLine(1, "0902101000", "green tea", 100m, "KGM"), new PermitLine(2, "0409000000", "honey", 20m, "KGM")],
        "K7Q2M9XW", Issued, Issued.AddDays(60), null).Canonical(), "sig", "CIQ-ZJ-NB-PORT", isCopy: true, Issued);

    [Fact]
    public void A_paper_that_agrees_matches_and_shows_what_is_left()
    {
        var view = PermitChecks.Evaluate(Copy(), "K7Q2M9XW", null, new Paper("913301000000DEM01D", "de", [new PaperLine(1, "0902101000", 100m, "kgm"), new PaperLine(2, null, 20m, null)]), Issued.AddDays(1));
        Assert.Equal(CheckOutcome.Match, view.Outcome);
        Assert.Equal([100m, 20m], view.Remaining.Select(r => r.Remaining));
    }

    [Fact]
    public void A_wrong_code_an_altered_digest_and_a_changed_quantity_are_named()
    {
        var copy = Copy();
        var view = PermitChecks.Evaluate(copy, "AAAAAAAA", "forged-digest", new Paper(null, null, [new PaperLine(1, null, 1000m, null)]), Issued.AddDays(1));
        Assert.Equal(CheckOutcome.Mismatch, view.Outcome);
        Assert.Equal(["verificationCode", "qr.digest", "paper.lines[0].quantity", "paper.lines"], view.Differences.Select(d => d.Field));
        Assert.Equal(new Difference("paper.lines[0].quantity", "1000", "100"), view.Differences[2]);
    }

    [Fact]
    public void Revoked_comes_before_expired_and_expired_before_the_paper()
    {
        var expired = PermitChecks.Evaluate(Copy(), "AAAAAAAA", null, null, Issued.AddDays(61));
        Assert.Equal(CheckOutcome.Expired, expired.Outcome);

        var revoked = Copy();
        revoked.Revoke("forged consignment", Issued.AddDays(2));
        var view = PermitChecks.Evaluate(revoked, "AAAAAAAA", null, null, Issued.AddDays(61));
        Assert.Equal(CheckOutcome.Revoked, view.Outcome);
        Assert.Contains("forged consignment", view.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_copy_drawn_down_entirely_is_exhausted_and_a_draw_above_what_is_left_is_refused()
    {
        var copy = Copy();
        copy.Draw(new Dictionary<int, decimal> { [1] = 60m });
        var check = PermitChecks.Evaluate(copy, null, null, null, Issued.AddDays(1));
        Assert.Equal(CheckOutcome.Match, check.Outcome);

        var v = new Validation();
        var draws = PermitChecks.ReadDrawDown(v, [new DrawLine(1, 30m), new DrawLine(1, 20m)], check);
        Assert.Equal("drawDown[1].quantity", Assert.Single(v.Errors).Field);
        Assert.Equal(30m, draws[1]);

        copy.Draw(new Dictionary<int, decimal> { [1] = 40m, [2] = 20m });
        Assert.Equal(CheckOutcome.QuantityExhausted, PermitChecks.Evaluate(copy, null, null, null, Issued.AddDays(1)).Outcome);
    }
}
