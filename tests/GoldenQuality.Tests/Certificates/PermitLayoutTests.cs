using GoldenQuality.Certificates;
using GoldenQuality.Certificates.Contracts;
using GoldenQuality.Common;

namespace GoldenQuality.Tests.Certificates;

/// <summary>The paper permit's layout with values longer than any form would suggest: nothing runs off the page or goes missing.</summary>
public sealed class PermitLayoutTests
{
    private static PermitDocument Long(int lines) => new(
        Number: "CIQ-ZJ-HZ-E-2026-000123-R7-WITH-A-VERY-LONG-SUFFIX-FOR-A-TEST",
        Kind: PermitKind.Inspection,
        Revision: 7,
        DeclarationNumber: "EX-330100-2026-0000000456",
        DeclarationKind: DeclarationKind.Export,
        IssuerNode: "GQ/GOV/AQSIQ/national",
        IssuerOffice: "CIQ-ZJ-HZ",
        Port: "CNNGB",
        PortOffice: "CIQ-ZJ-NB-PORT",
        TraderUscc: "913301000000DEM01D",
        TraderName: "杭州西湖龙井茶叶进出口有限责任公司第二分公司(浙江省杭州市西湖区龙井路一百二十八号茶叶综合加工与出口贸易基地)",
        ManufacturerUscc: "913301000000DEM01D",
        Country: "DE",
        Lines: [.. Enumerable.Range(1, lines).Select(i => new PermitLine(i, "0902101000",
            $"Green tea, not fermented, in immediate packings of a content not exceeding 3 kg, West Lake Longjing grade {i} / 西湖龙井绿茶特级第{i}批", 1234.5m + i, "KGM"))],
        VerificationCode: "K7Q2-M9XW-4RTA",
        IssuedAt: new DateTimeOffset(2026, 11, 28, 17, 30, 0, TimeSpan.Zero),
        ValidUntil: new DateTimeOffset(2027, 1, 27, 17, 30, 0, TimeSpan.Zero),
        BasedOn: "CIQ-ZJ-HZ-E-2026-000122 (superseded by revision 7 after an amendment of the quantity)");

    private static string Squeeze(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));

    [Fact]
    public void Long_values_wrap_and_forty_goods_lines_continue_on_further_pages_with_every_value_readable()
    {
        var permit = Long(40);
        var pdf = PermitPdf.Render(permit, "digest-abcdefghijklmnopqrstuvwxyz0123456789", PermitStatus.Valid);
        PaperPermitTests.Save(pdf, "layout-long-values.pdf");
        var paper = PaperPermit.Read(pdf);

        Assert.True(paper.Pages.Count >= 2, $"forty goods lines should need more than one page, got {paper.Pages.Count}");
        var text = Squeeze(paper.Text);
        Assert.Contains(Squeeze(permit.Number), text, StringComparison.Ordinal);
        Assert.Contains(Squeeze(permit.TraderName), text, StringComparison.Ordinal);
        Assert.Contains(Squeeze(permit.BasedOn!), text, StringComparison.Ordinal);
        foreach (var line in permit.Lines)
        {
            Assert.Contains(Squeeze(line.Description), text, StringComparison.Ordinal);
            Assert.Contains(Squeeze(PermitPdf.Quantity(line)), text, StringComparison.Ordinal);
        }

        Assert.Contains($"Page {paper.Pages.Count} of {paper.Pages.Count}", paper.Text, StringComparison.Ordinal);
        Assert.Equal(QrCodes.Format(permit.Number, permit.VerificationCode, "digest-abcdefghijklmnopqrstuvwxyz0123456789"), paper.QrPayload);
    }

    [Fact]
    public void A_revoked_permit_says_so_on_the_paper()
    {
        var paper = PaperPermit.Read(PermitPdf.Render(Long(1), "d", PermitStatus.Revoked));
        Assert.Contains("已撤销 REVOKED", paper.Text, StringComparison.Ordinal);
    }
}
