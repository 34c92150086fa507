using System.Text;
using GoldenQuality.Codes;
using GoldenQuality.Codes.Adapters;
using GoldenQuality.Codes.Sps;

namespace GoldenQuality.Tests.Codes;

public sealed class AdapterParserTests
{
    internal static string Data(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "data", .. parts]);

    internal static Adapter Shipped(string name) => new(AdapterDefinition.Load(Data("adapters", name + ".json")));

    internal static Encoding Gb18030
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("gb18030");
        }
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Theory]
    [InlineData("ciq-zj-legacy-declaration", "ciq-zj-declarations.txt", 5)]
    [InlineData("customs-clearance-permit", "customs-clearance-permits.xml", 2)]
    [InlineData("bqs-zj-enterprise-roster", "bqs-zj-enterprises.csv", 3)]
    [InlineData("moa-quarantine-permits", "moa-quarantine-permits.csv", 4)]
    [InlineData("mep-waste-licences", "mep-waste-licences.xml", 3)]
    [InlineData("pbc-credit-classes", "pbc-credit-classes.txt", 5)]
    public void A_shipped_adapter_converts_its_sample_and_converts_it_back_unchanged(string adapterName, string sample, int records)
    {
        var adapter = Shipped(adapterName);
        var bytes = File.ReadAllBytes(Data("adapters", "samples", sample));
        var result = adapter.Read(bytes);
        Assert.Empty(result.Rejects);
        Assert.Equal(records, result.Records.Count);

        var written = adapter.Write(result.Records);
        var again = adapter.Read(written);
        Assert.Equal(result.Records.Select(r => r.Hash()), again.Records.Select(r => r.Hash()));
        // Byte for byte, apart from the line ends (the fixed-width sample uses CRLF, we write LF).
        Assert.Equal(adapter.Definition.TextEncoding().GetString(bytes).Replace("\r\n", "\n", StringComparison.Ordinal), adapter.Definition.TextEncoding().GetString(written));
    }

    [Fact]
    public void The_GB18030_declaration_file_is_read_with_its_Chinese_text_and_implied_decimals()
    {
        var result = Shipped("ciq-zj-legacy-declaration").Read(File.ReadAllBytes(Data("adapters", "samples", "ciq-zj-declarations.txt")));
        var first = result.Records[0].Fields;
        Assert.Equal("杭州示例茶叶有限公司", first["consignorName"]);
        Assert.Equal("绿茶（示例）", first["items[0].description"]);
        Assert.Equal("18600.00", first["items[0].value"]);
        Assert.Equal("1200.000", first["items[0].quantity"]);
        Assert.Equal("2017-06-15", first["declaredAt"]);
        Assert.Equal("export", first["direction"]);
        Assert.Equal("1", first["items[0].seq"]);
        Assert.Equal("330100217000000001", result.Records[0].Key);
    }

    [Fact]
    public void Many_lines_with_repeated_and_unique_values_read_exactly()
    {
        // Enough lines for the per-field text cache to turn itself off for the unique declaration numbers.
        var gb = Gb18030;
        var lines = gb.GetString(File.ReadAllBytes(Data("adapters", "samples", "ciq-zj-declarations.txt"))).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var text = string.Join("\n", Enumerable.Range(0, 5000).Select(i => i.ToString("D18", System.Globalization.CultureInfo.InvariantCulture) + lines[i % 5][18..]));
        var result = Shipped("ciq-zj-legacy-declaration").Read(gb.GetBytes(text));
        Assert.Empty(result.Rejects);
        Assert.Equal(5000, result.Records.Count);
        Assert.Equal("000000000000004321", result.Records[4321].Key);
        Assert.Equal("宁波示例食品进出口有限公司", result.Records[4322].Fields["consignorName"]);
        Assert.Equal("冻虾仁（示例）", result.Records[4322].Fields["items[0].description"]);
        Assert.Equal("杭州示例茶叶有限公司", result.Records[4320].Fields["consignorName"]);
    }

    [Fact]
    public void A_short_and_a_long_fixed_width_line_are_rejected_with_line_and_column_and_the_rest_is_read()
    {
        var gb = Gb18030;
        var lines = gb.GetString(File.ReadAllBytes(Data("adapters", "samples", "ciq-zj-declarations.txt"))).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var text = string.Join("\n", lines[0], lines[1][..150], lines[2] + "XX", lines[3]);
        var result = Shipped("ciq-zj-legacy-declaration").Read(gb.GetBytes(text));
        Assert.Equal(2, result.Records.Count);
        Assert.Equal(2, result.Rejects.Count);
        var shortLine = result.Rejects[0];
        Assert.Equal(2, shortLine.Line);
        Assert.Equal(gb.GetByteCount(lines[1][..150]) + 1, shortLine.Column);
        Assert.Contains("short by", shortLine.Reason, StringComparison.Ordinal);
        Assert.Equal(3, result.Rejects[1].Line);
        Assert.Equal(195, result.Rejects[1].Column);
        Assert.Contains("2 bytes too many", result.Rejects[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_field_value_is_rejected_naming_the_field_and_its_column()
    {
        var gb = Gb18030;
        var line = gb.GetString(File.ReadAllBytes(Data("adapters", "samples", "ciq-zj-declarations.txt"))).Split("\r\n")[0];
        var bytes = gb.GetBytes(line);
        "2017x615"u8.CopyTo(bytes.AsSpan(19));
        bytes[18] = (byte)'X';
        var result = Shipped("ciq-zj-legacy-declaration").Read(bytes);
        var reject = Assert.Single(result.Rejects);
        Assert.Equal((1, 19, "direction"), (reject.Line, reject.Column, reject.Field));
        Assert.Contains("'X' is not one of the legacy values I, E", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_GB18030_file_read_as_UTF8_is_a_located_error_that_names_the_likely_encoding()
    {
        var roster = File.ReadAllText(Data("adapters", "samples", "bqs-zj-enterprises.csv"));
        var e = Assert.Throws<AdapterException>(() => Shipped("bqs-zj-enterprise-roster").Read(Gb18030.GetBytes(roster)));
        Assert.Equal(1, e.Line);

        // 统一 is CD B3 D2 BB in GB18030, which happens to be valid UTF-8; the first invalid byte is the fifth.
        Assert.Equal(5, e.Column);
        Assert.Contains("cannot be read as utf-8", e.Reason, StringComparison.Ordinal);
        Assert.Contains("gb18030", e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \r\n")]
    public void An_empty_file_is_an_error(string content)
    {
        foreach (var name in new[] { "ciq-zj-legacy-declaration", "customs-clearance-permit", "bqs-zj-enterprise-roster" })
        {
            var e = Assert.Throws<AdapterException>(() => Shipped(name).Read(Utf8(content)));
            Assert.Equal("the file is empty", e.Reason);
        }
    }

    [Fact]
    public void A_CSV_header_without_records_is_an_error()
    {
        var header = File.ReadLines(Data("adapters", "samples", "bqs-zj-enterprises.csv")).First();
        var e = Assert.Throws<AdapterException>(() => Shipped("bqs-zj-enterprise-roster").Read(Utf8(header + "\n")));
        Assert.Contains("no records", e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a,b\"c,d\n", 1, 4, "a quote inside the unquoted field")]
    [InlineData("a,\"b\"c,d\n", 1, 6, "after the closing quote")]
    [InlineData("a,b\nc,\"d,e\nf,g\n", 2, 3, "never closed")]
    public void Wrong_CSV_quoting_is_refused_with_line_and_column(string text, int line, int column, string reason)
    {
        var e = Assert.Throws<AdapterException>(() => StrictCsvProbe.Parse(text));
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CSV_quoted_fields_may_hold_commas_quotes_and_line_breaks()
    {
        var rows = StrictCsvProbe.Parse("a,\"b,\"\"c\"\"\nd\",e\r\nf,g,h\n");
        Assert.Equal(2, rows.Count);
        Assert.Equal("b,\"c\"\nd", rows[0][1]);
        Assert.Equal(["f", "g", "h"], rows[1]);
    }

    [Fact]
    public void A_roster_row_with_too_few_fields_is_rejected_and_a_duplicate_key_too()
    {
        var lines = File.ReadAllLines(Data("adapters", "samples", "bqs-zj-enterprises.csv"));
        var text = string.Join("\n", lines[0], lines[1], "913399000000DEM09X,短行", lines[1]) + "\n";
        var result = Shipped("bqs-zj-enterprise-roster").Read(Utf8(text));
        Assert.Single(result.Records);
        Assert.Equal(2, result.Rejects.Count);
        Assert.Equal(3, result.Rejects[0].Line);
        Assert.Contains("has 2 fields but the header has 10", result.Rejects[0].Reason, StringComparison.Ordinal);
        Assert.Contains("already read at line 2", result.Rejects[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void XML_in_another_namespace_is_refused_at_the_root_element()
    {
        var xml = File.ReadAllText(Data("adapters", "samples", "customs-clearance-permits.xml")).Replace("customs-clearance-permit:1", "customs-clearance-permit:2", StringComparison.Ordinal);
        var e = Assert.Throws<AdapterException>(() => Shipped("customs-clearance-permit").Read(Utf8(xml)));
        Assert.Equal((2, 2), (e.Line, e.Column));
        Assert.Contains("but the adapter expects 'urn:goldenquality:legacy:customs-clearance-permit:1'", e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?>\n<!DOCTYPE cp:ClearancePermits [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<cp:ClearancePermits xmlns:cp=\"urn:goldenquality:legacy:customs-clearance-permit:1\"><cp:Permit><cp:PermitNo>&xxe;</cp:PermitNo></cp:Permit></cp:ClearancePermits>")]
    [InlineData("<!DOCTYPE lol [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><cp:ClearancePermits xmlns:cp=\"urn:goldenquality:legacy:customs-clearance-permit:1\">&lol2;</cp:ClearancePermits>")]
    public void XML_with_a_DTD_or_external_entity_is_refused(string xml)
    {
        var e = Assert.Throws<AdapterException>(() => Shipped("customs-clearance-permit").Read(Utf8(xml)));
        Assert.Contains("DTDs and external entities are refused", e.Reason, StringComparison.Ordinal);
        Assert.True(e.Line >= 1);
    }

    [Fact]
    public void A_definition_with_overlapping_or_unknown_fields_is_refused()
    {
        var definition = AdapterDefinition.Load(Data("adapters", "ciq-zj-legacy-declaration.json"));
        definition.Fields.Add(new FieldDefinition { Field = "items[0].unit", Start = 1, Length = 2 });
        Assert.Contains("overlaps", Assert.Throws<AdapterDefinitionException>(definition.Check).Message, StringComparison.Ordinal);

        definition.Fields.RemoveAt(definition.Fields.Count - 1);
        definition.Fields.Add(new FieldDefinition { Field = "colour", Start = 194, Length = 1 });
        Assert.Contains("'colour' is not a field of a declaration record", Assert.Throws<AdapterDefinitionException>(definition.Check).Message, StringComparison.Ordinal);
    }

    internal static CanonicalRecord FullPermit()
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in RecordShapes.Fields(RecordKind.Permit))
        {
            foreach (var prefix in spec.Name.StartsWith("items[].", StringComparison.Ordinal) ? new[] { "items[0].", "items[1]." } : [""])
            {
                var name = prefix + spec.Name.Replace("items[].", "", StringComparison.Ordinal);
                fields[name] = spec.Type switch
                {
                    FieldType.Date => "2017-08-17",
                    FieldType.DateTime => "2017-06-18T10:30:00+08:00",
                    FieldType.Decimal => prefix == "items[1]." ? "12.500" : "1200.000",
                    FieldType.Integer => prefix == "items[1]." ? "2" : "1",
                    _ when name.EndsWith("Address", StringComparison.Ordinal) => "浙江省杭州市西湖区示例路1号\n2号楼",
                    _ when name.EndsWith("Country", StringComparison.Ordinal) => "CN",
                    _ when name.EndsWith("Unit", StringComparison.Ordinal) || name.EndsWith(".unit", StringComparison.Ordinal) => "KGM",
                    _ => $"{name} 值 <&> \"x\"",
                };
            }
        }

        return new CanonicalRecord(RecordKind.Permit, fields);
    }

    [Fact]
    public void A_permit_survives_the_round_trip_through_SPS_XML_with_nothing_lost()
    {
        var permit = FullPermit();
        var xml = SpsCertificate.Export(permit).ToString();
        var (document, problems) = SpsCertificate.Parse(xml);
        Assert.Empty(problems);
        var back = SpsCertificate.Import(document!);
        Assert.Equal(permit.Fields.OrderBy(f => f.Key, StringComparer.Ordinal), back.Permit.Fields.OrderBy(f => f.Key, StringComparer.Ordinal));
        Assert.Empty(back.NotMapped);
    }

    [Fact]
    public void The_ePhyto_Hub_sample_imports_and_reports_what_maps_and_what_does_not()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "sps", "ephyto-hub-sample-SPSCertificate.xml"));
        var (document, problems) = SpsCertificate.Parse(text);
        Assert.Empty(problems);
        var import = SpsCertificate.Import(document!);
        var f = import.Permit.Fields;
        Assert.Equal("123ABC", f["permitNo"]);
        Assert.Equal("851", f["permitType"]);
        Assert.Equal("Servicio Nacional de Sanidad y Calida Agroalimentaria", f["issuer"]);
        Assert.Equal(("AR", "EC", "US"), (f["exportCountry"], f["importCountry"], f["transitCountry"]));
        Assert.Equal("USSEA", f["portOfEntry"]);
        Assert.Equal("06029048", f["items[0].commodityCode"]);
        Assert.Equal(("10", "KGM"), (f["items[0].netWeight"], f["items[0].netWeightUnit"]));
        Assert.Equal("Juan Perez", f["consignorName"]);
        Assert.Equal("El trébol 853\nBrandsen, Buenos Aires, Argentina", f["consignorAddress"]);
        Assert.Equal("1", f["items[1].seq"]);
        Assert.Empty(import.Permit.Validate());

        Assert.Contains(import.Mapped, l => l.Path == "SPSExchangedDocument/ID" && l.Field == "permitNo");
        Assert.Contains(import.NotMapped, l => l.Path.StartsWith("SPSExchangedDocument/ReferenceSPSReferencedDocument[1]/AttachmentBinaryObject", StringComparison.Ordinal));
        Assert.Contains(import.NotMapped, l => l.Path == "SPSConsignment/MainCarriageSPSTransportMovement[2]/ID" && l.Value == "Voyage N° 18");
        Assert.Contains(import.NotMapped, l => l.Path.Contains("AppliedSPSProcess", StringComparison.Ordinal));
    }

    [Fact]
    public void An_SPS_certificate_in_another_namespace_or_with_a_DTD_is_refused_with_its_location()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "sps", "ephyto-hub-sample-SPSCertificate.xml"));
        var (_, problems) = SpsCertificate.Parse(text.Replace("SPSCertificate:17", "SPSCertificate:16", StringComparison.Ordinal));
        Assert.Contains("an SPS certificate is {urn:un:unece:uncefact:data:standard:SPSCertificate:17}SPSCertificate", Assert.Single(problems).Reason, StringComparison.Ordinal);

        var (_, dtd) = SpsCertificate.Parse("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"http://example.invalid/\">]><x>&e;</x>");
        Assert.Contains("DTD", Assert.Single(dtd).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_SPS_certificate_missing_required_parts_lists_each_problem()
    {
        var xml = $"<rsm:SPSCertificate xmlns:rsm=\"{SpsCertificate.Rsm.NamespaceName}\" xmlns:ram=\"{SpsCertificate.Ram.NamespaceName}\"><rsm:SPSExchangedDocument><ram:ID>X</ram:ID></rsm:SPSExchangedDocument><rsm:SPSConsignment/></rsm:SPSCertificate>";
        var (_, problems) = SpsCertificate.Parse(xml);
        var reasons = problems.Select(p => p.Reason).ToList();
        Assert.Contains("SPSExchangedDocument/TypeCode is required", reasons);
        Assert.Contains("SPSExchangedDocument/IssueDateTime/DateTimeString is required", reasons);
        Assert.Contains("at least one IncludedSPSConsignmentItem/IncludedSPSTradeLineItem is required", reasons);
    }
}

/// <summary>Reaches the internal strict CSV reader.</summary>
internal static class StrictCsvProbe
{
    public static List<string[]> Parse(string text) =>
        [.. GoldenQuality.Codes.Adapters.StrictCsv.Parse(text, ',').Select(r => r.Fields.Select(f => f.Text).ToArray())];
}
