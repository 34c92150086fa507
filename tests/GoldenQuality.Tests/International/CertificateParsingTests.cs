using GoldenQuality.Codes.Contracts;

namespace GoldenQuality.Tests.International;

/// <summary>Issue 18: the SPS mapping keeps what a received certificate needs (replacement notes, treatments), and a certificate written from those fields reads back the same.</summary>
public sealed class CertificateParsingTests
{
    [Fact]
    public void The_ePhyto_Hub_sample_gives_its_replacement_notes_and_its_treatment()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "sps", "ephyto-hub-sample-SPSCertificate.xml"));
        var read = SpsDocuments.Read(text);
        Assert.True(read.IsReadable, string.Join("; ", read.Problems.Select(p => p.Reason)));
        var f = read.Fields!;
        Assert.Equal("3214356", f["replacesNo"]);
        Assert.Equal("change in consignee", f["replacementReason"]);
        Assert.Equal("2016-04-22T13:53:08-04:00", f["replacedAt"]);
        Assert.Equal("ZZZ", f["items[0].treatment"]);
        Assert.StartsWith("TTFT\nType : Systems approach", f["items[0].treatmentDetails"], StringComparison.Ordinal);
        Assert.Contains("\nTTTM\n", f["items[0].treatmentDetails"], StringComparison.Ordinal);
        Assert.Equal(("2016-04-12", "2016-04-12"), (f["items[0].treatmentStart"], f["items[0].treatmentEnd"]));
        Assert.Equal("ZZZ", f["items[1].treatment"]);
        Assert.False(f.ContainsKey("items[1].treatmentDetails"));
    }

    [Fact]
    public void A_certificate_written_from_its_fields_reads_back_the_same_and_a_broken_one_says_where()
    {
        var fields = FastTrackTests.ShrimpCertificate("EC-T-1", "Camaronera Demo S.A. (fictional)", 8000m);
        fields["replacesNo"] = "EC-T-0";
        fields["replacementReason"] = "change in quantity";
        fields["replacedAt"] = "2026-11-29T08:00:00+00:00";
        fields["items[0].treatment"] = "VHT";
        fields["items[0].treatmentDetails"] = "vapour heat\n46.5 CEL for 20 minutes";
        fields["items[0].treatmentStart"] = "2026-11-20";
        fields["items[0].treatmentEnd"] = "2026-11-20";
        var back = SpsDocuments.Read(SpsDocuments.Write(fields));
        Assert.Empty(back.Problems);
        Assert.Equal(fields.OrderBy(x => x.Key, StringComparer.Ordinal), back.Fields!.OrderBy(x => x.Key, StringComparer.Ordinal));
        Assert.Equal(0, back.NotMappedCount);

        var broken = SpsDocuments.Read("<rsm:SPSCertificate xmlns:rsm=\"urn:un:unece:uncefact:data:standard:SPSCertificate:17\"><rsm:SPSExchangedDocument/></rsm:SPSCertificate>");
        Assert.False(broken.IsReadable);
        Assert.Contains(broken.Problems, p => p.Reason == "SPSConsignment is required" && p.Line == 1);
    }
}
