using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Declarations;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Ministries.Contracts;

namespace GoldenQuality.Tests.Declarations.Rules;

/// <summary>
/// The import's LPCO rules without a node: which documents the goods need, who issues them, how each problem of the
/// issuer's answer names the declaration's field, quantities in the LPCO's unit, and the awaiting-issuer transitions.
/// </summary>
public sealed class LpcoCheckRulesTests
{
    private static GoodsLine Line(int sequence, string hs, decimal quantity, string unit = "KGM", decimal? netKg = null) =>
        new(sequence, hs, null, "goods", quantity, unit, netKg ?? (unit == "KGM" ? quantity : null), null, 100m, "USD", "AU", [], null);

    private static DeclarationData Import(AttachedDocument[] documents, params GoodsLine[] lines) =>
        new(DeclarationKind.Import, "913302000000DEM02M", null, "913302000000DEM02M", null, "1", null, "AUMEL", null, "CNNGB", "AU", null, null, documents, lines);

    private static string[] English(IEnumerable<Message> messages) => [.. messages.Select(m => m.Render(CultureInfo.InvariantCulture))];

    private static readonly AttachedDocument Beef = new("quarantine-permit", "MOA-QP-2026-000001", "MOA");

    [Fact]
    public void A_quarantine_permit_from_another_issuer_is_refused_naming_the_documents_issuer()
    {
        var data = Import([Beef, new AttachedDocument("quarantine-permit", "TOTALLY-MADE-UP-0000", "nobody")], Line(1, "0202300000", 1000m));
        var reasons = English(LpcoChecks.FormalCheck(data));
        var reason = Assert.Single(reasons);
        Assert.StartsWith("documents[1].issuer: ", reason, StringComparison.Ordinal);
        Assert.Contains("MOA", reason, StringComparison.Ordinal);
        Assert.Contains("nobody", reason, StringComparison.Ordinal);
        Assert.Empty(LpcoChecks.FormalCheck(Import([Beef], Line(1, "0202300000", 1000m))));
    }

    [Fact]
    public void Waste_needs_the_MEP_licence_and_the_pre_shipment_inspection_certificate()
    {
        var paper = Line(1, "4707100000", 20m, "TNE", 20000m);
        var none = English(LpcoChecks.FormalCheck(Import([], paper)));
        Assert.Equal(2, none.Length);
        Assert.Contains(none, r => r.StartsWith("lines[0]:", StringComparison.Ordinal) && r.Contains("waste-import-licence", StringComparison.Ordinal));
        Assert.Contains(none, r => r.StartsWith("lines[0]:", StringComparison.Ordinal) && r.Contains(LpcoChecks.PreShipmentCertificate, StringComparison.Ordinal));

        var licenceOnly = English(LpcoChecks.FormalCheck(Import([new("waste-import-licence", "MEP-WL-2026-000001", "MEP")], paper)));
        Assert.Contains(LpcoChecks.PreShipmentCertificate, Assert.Single(licenceOnly), StringComparison.Ordinal);

        var wrongIssuer = English(LpcoChecks.FormalCheck(Import([new("waste-import-licence", "MEP-WL-2026-000001", "MOA"), new(LpcoChecks.PreShipmentCertificate, "PSI-1", "CCIC")], paper)));
        Assert.StartsWith("documents[0].issuer: ", Assert.Single(wrongIssuer), StringComparison.Ordinal);

        Assert.Empty(LpcoChecks.FormalCheck(Import([new("waste-import-licence", "MEP-WL-2026-000001", "MEP"), new(LpcoChecks.PreShipmentCertificate, "PSI-1", "CCIC")], paper)));
    }

    [Fact]
    public void An_export_needs_no_LPCO()
    {
        var export = Import([], Line(1, "0202300000", 1000m)) with { Kind = DeclarationKind.Export };
        Assert.Empty(LpcoChecks.FormalCheck(export));
    }

    [Theory]
    [InlineData("number", null, "documents[2].number")]
    [InlineData("on", null, "documents[2].number")]
    [InlineData("status", null, "documents[2].number")]
    [InlineData("kind", null, "documents[2].number")]
    [InlineData("holderUscc", null, "consigneeUscc")]
    [InlineData("portOfEntry", null, "portOfEntry")]
    [InlineData("originCountry", null, "country")]
    [InlineData("hsCode", 7, "lines[1].hsCode")]
    [InlineData("quantity", 7, "lines[1].quantity")]
    [InlineData("unit", 3, "lines[0].unit")]
    [InlineData("quantity", null, "lines[0].quantity, lines[1].quantity")]
    [InlineData("something-new", null, "documents[2].number")]
    public void Each_problem_of_the_issuer_names_the_declarations_field(string field, int? sequence, string expected)
    {
        var data = Import([], Line(3, "0202300000", 1000m), Line(7, "0202300000", 500m), Line(9, "8471300000", 2m, "PCE"));
        var covered = data.Lines[..2];
        Assert.Equal(expected, LpcoChecks.FieldOf(new LpcoProblem(field, sequence, "reason"), 2, data, covered));
    }

    [Fact]
    public void A_refusal_without_problems_still_names_the_document_and_every_problem_becomes_a_reason()
    {
        var data = Import([Beef], Line(1, "0202300000", 1000m));
        var notFound = new LpcoCheckAnswer(false, "TOTALLY-MADE-UP-0000", null, null, null, null, []);
        var reason = Assert.Single(English(LpcoChecks.Reasons(notFound, 0, "quarantine-permit", "MOA", data, data.Lines)));
        Assert.StartsWith("documents[0].number: MOA has no quarantine-permit TOTALLY-MADE-UP-0000", reason, StringComparison.Ordinal);

        var refused = new LpcoCheckAnswer(true, "MOA-QP-2026-000001", "issued", 200m, "KGM", new DateOnly(2027, 12, 31),
            [new LpcoProblem("quantity", 1, "1000 KGM asked, 200 KGM left"), new LpcoProblem("originCountry", null, "the permit covers AU, not NZ")]);
        var reasons = English(LpcoChecks.Reasons(refused, 0, "quarantine-permit", "MOA", data, data.Lines));
        Assert.Equal(2, reasons.Length);
        Assert.StartsWith("lines[0].quantity: 1000 KGM asked, 200 KGM left", reasons[0], StringComparison.Ordinal);
        Assert.StartsWith("country: the permit covers AU, not NZ", reasons[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("KGM", 1500, null, "KGM", 1500)]
    [InlineData("KGM", 1500, null, "TNE", 1.5)]
    [InlineData("TNE", 20, null, "KGM", 20000)]
    [InlineData("TNE", 20, null, "TNE", 20)]
    [InlineData("PCE", 12, 360.0, "KGM", 360)]
    [InlineData("HEAD", 12, 4800.0, "HEAD", 12)]
    public void The_draw_is_in_the_LPCOs_unit(string lineUnit, double quantity, double? netKg, string lpcoUnit, double expected)
    {
        var line = Line(1, "0102290000", (decimal)quantity, lineUnit, netKg is { } n ? (decimal)n : null);
        Assert.Equal((decimal)expected, LpcoChecks.QuantityIn(line, lpcoUnit));
    }

    [Fact]
    public void Only_the_regulated_chapters_need_a_quarantine_permit_and_only_waste_a_licence()
    {
        Assert.Equal([LpcoKind.QuarantinePermit], LpcoChecks.KindsFor("0202300000"));
        Assert.Equal([LpcoKind.QuarantinePermit], LpcoChecks.KindsFor("1601001000"));
        Assert.Empty(LpcoChecks.KindsFor("1501100000"));
        Assert.Equal([LpcoKind.WasteImportLicence], LpcoChecks.KindsFor("7204490000"));
        Assert.Equal([LpcoKind.WasteImportLicence], LpcoChecks.KindsFor("3915100000"));
        Assert.Empty(LpcoChecks.KindsFor("8471300000"));
    }

    [Fact]
    public void A_declaration_waits_for_the_issuer_only_after_submission_and_leaves_the_wait_accepted_returned_amended_or_withdrawn()
    {
        var d = Declaration.Create(Guid.NewGuid(), Import([Beef], Line(1, "0202300000", 1000m)), DateTimeOffset.UtcNow);
        Assert.False(d.CanMove(DeclarationStatus.AwaitingIssuer));
        d.Move(DeclarationStatus.Submitted, DateTimeOffset.UtcNow);
        Assert.True(d.CanMove(DeclarationStatus.AwaitingIssuer));
        d.Move(DeclarationStatus.AwaitingIssuer, DateTimeOffset.UtcNow);
        Assert.Equal("awaiting-issuer", WireNames.Of(d.Status));
        foreach (var to in new[] { DeclarationStatus.Accepted, DeclarationStatus.Returned, DeclarationStatus.Draft, DeclarationStatus.Withdrawn })
        {
            Assert.True(d.CanMove(to), to.ToString());
        }

        Assert.False(d.CanMove(DeclarationStatus.Inspection));
        Assert.False(d.CanMove(DeclarationStatus.Passed));
        Assert.True(d.CanRecall);
        d.Recall(new Message("text", "documents[0].number: suspended"), DateTimeOffset.UtcNow);
        Assert.Equal(DeclarationStatus.Returned, d.Status);
        Assert.False(d.CanRecall);
        Assert.Throws<InvalidOperationException>(() => d.Recall(new Message("text", "again"), DateTimeOffset.UtcNow));
    }
}
