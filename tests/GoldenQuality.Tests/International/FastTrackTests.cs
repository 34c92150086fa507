using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Codes.Contracts;
using GoldenQuality.International;
using GoldenQuality.International.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GoldenQuality.Tests.Clearance.Flow;

namespace GoldenQuality.Tests.International;

/// <summary>
/// The AQSIQ, Customs and MOA nodes, once per test class; no random sample, the default thresholds (a document check
/// below 25 points), so that the fast track's reduction decides. Certificates arrive through <see cref="IReceivedEnvelopes"/>
/// resolved from the AQSIQ node's own services (the hub's puller calls it the same way).
/// </summary>
public abstract class FastTrackFederation : IAsyncLifetime
{
    public abstract DatabaseProvider Provider { get; }

    public TestFederation Federation { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Federation = await TestFederation.StartAsync(Provider, settings: new() { ["Declarations:Risk:RandomSampleRate"] = "0" }, ministries: true, only: [TestFederation.Moa]);

    public async Task DisposeAsync() => await Federation.DisposeAsync();
}

public sealed class SqliteFastTrackFederation : FastTrackFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresFastTrackFederation : FastTrackFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// Issue 18, certificates and the fast track: received certificates (duplicates, replacement, withdrawal, not readable,
/// unknown codes), the field-by-field check with every mismatch named, the import risk decision (a matched certificate
/// with a clean history released on documents with every reason; a mismatch, a withdrawal or an open alert inspected),
/// the border rejection of a failed import recorded against the exporter, and the port's screens.
/// </summary>
public abstract class FastTrackTests(FastTrackFederation fixture)
{
    private const string QingdaoSeafood = "913702000000DEM05F";

    private TestFederation Federation => fixture.Federation;

    /// <summary>A certificate for 8,000 kg of frozen shrimp from Ecuador to the Ningbo demo importer on MSC ANNA, with the demo import condition's additional declaration.</summary>
    public static Dictionary<string, string> ShrimpCertificate(string number, string consignor, decimal netWeightKg) => new(StringComparer.Ordinal)
    {
        ["permitNo"] = number, ["permitType"] = "851", ["status"] = "70", ["issuedAt"] = "2026-11-28T09:00:00-05:00", ["issuer"] = "NPPO-EC-DEMO (fictional)",
        ["consignorName"] = consignor, ["consigneeId"] = DemoAgent, ["consigneeName"] = "Ningbo Demo Food Import & Export Co., Ltd. (demo)", ["exportCountry"] = "EC",
        ["importCountry"] = "CN", ["transportMode"] = "1", ["transportMeans"] = "MSC ANNA",
        ["additionalDeclaration"] = "The consignment is free from white spot syndrome virus (fictional test certificate).",
        ["items[0].seq"] = "1", ["items[0].description"] = "Frozen shrimps (Litopenaeus vannamei)", ["items[0].commodityCode"] = "030617",
        ["items[0].netWeight"] = netWeightKg.ToString(CultureInfo.InvariantCulture), ["items[0].netWeightUnit"] = "KGM", ["items[0].originCountry"] = "EC",
    };

    /// <summary>A certificate for 200 smartphones' wooden packaging from Korea to the Qingdao demo importer (test data for the alert and rejection paths, which need no quarantine permit).</summary>
    private static Dictionary<string, string> PhoneCertificate(string number, string consignor, decimal quantity) => new(StringComparer.Ordinal)
    {
        ["permitNo"] = number, ["permitType"] = "851", ["status"] = "70", ["issuedAt"] = "2026-11-28T09:00:00+09:00", ["issuer"] = "KR test authority",
        ["consignorName"] = consignor, ["consigneeId"] = QingdaoSeafood, ["exportCountry"] = "KR", ["importCountry"] = "CN", ["transportMode"] = "1", ["transportMeans"] = "EVER GIVEN",
        ["items[0].seq"] = "1", ["items[0].description"] = "Smartphones in wooden crates", ["items[0].commodityCode"] = "851713",
        ["items[0].quantity"] = quantity.ToString(CultureInfo.InvariantCulture), ["items[0].unit"] = "H87", ["items[0].originCountry"] = "KR",
    };

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    /// <summary>Hands an envelope to the AQSIQ node as the puller does, and saves.</summary>
    private async Task<(HubTrackingState Outcome, string? Reason)> DeliverAsync(string number, string content, string from = "EC", string status = "70", string? hubNumber = null,
        HubContentKind kind = HubContentKind.Certificate)
    {
        var (scope, db) = Federation[TestFederation.Aqsiq].Database();
        await using (scope)
        {
            var envelopes = scope.ServiceProvider.GetRequiredService<IReceivedEnvelopes>();
            var outcome = await envelopes.AcceptAsync(db, new ReceivedEnvelope(hubNumber ?? Unique("HUB"), from, kind, "851", status, number, content, DateTimeOffset.UtcNow),
                CancellationToken.None);
            await db.SaveChangesAsync();
            return (outcome.Outcome, outcome.Reason?.Render(CultureInfo.InvariantCulture));
        }
    }

    private async Task<int> RowsAsync<T>(Func<IQueryable<T>, IQueryable<T>> where)
        where T : class
    {
        var (scope, db) = Federation[TestFederation.Aqsiq].Database();
        await using (scope)
        {
            return await where(db.Set<T>().AsNoTracking()).CountAsync();
        }
    }

    private async Task<string> ShrimpPermitAsync(decimal quantity) =>
        await Clearance.Flow.ShrimpPermitAsync(await Federation.SignInAsync(TestFederation.Moa, "moa.officer"), quantity);

    /// <summary>Frozen shrimp through Beilun citing the certificate, with the foreign consignor.</summary>
    private static Dictionary<string, object?> ShrimpImport(decimal quantity, string permit, string certificate, string? consignor, string issuer = "NPPO-EC-DEMO")
    {
        var body = Import(quantity, NewLot("SHRIMP"), permit);
        body["documents"] = new object[] { new { type = "quarantine-permit", number = permit, issuer = "MOA" }, new { type = "sps-certificate", number = certificate, issuer } };
        body["consignorName"] = consignor;
        return body;
    }

    private static Dictionary<string, object?> PhoneImport(string certificate, string consignor)
    {
        var body = Declarations.ForwardingTests.PhoneImport(NewLot("PHONE"), "CNNGB");
        body["documents"] = new object[] { new { type = "sps-certificate", number = certificate, issuer = "KR" } };
        body["consignorName"] = consignor;
        return body;
    }

    private static JsonElement Reason(JsonElement declaration, string input) =>
        declaration.GetProperty("risk").GetProperty("reasons").EnumerateArray().Single(r => r.GetProperty("input").GetString() == input);

    private static string Text(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    [Fact]
    public async Task A_bad_country_and_an_unknown_certificate_are_told_in_the_readers_language()
    {
        var port = await Federation.SignInAsync(TestFederation.Aqsiq, "ciq.ningbo.port");
        async Task<JsonElement> Ask(string path, string? language, HttpStatusCode status)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (language is not null)
            {
                request.Headers.AcceptLanguage.ParseAdd(language);
            }

            return await Expect(await port.SendAsync(request), status);
        }

        var english = await Ask("/api/international/certificates?country=1X", null, HttpStatusCode.BadRequest);
        Assert.Equal(["'1X' is not an ISO 3166-1 alpha-2 country code"], TestData.FieldErrors(english, "country"));
        Assert.Equal("foreign.country-code", english.GetProperty("messages").GetProperty("country")[0].GetProperty("code").GetString());
        var chinese = await Ask("/api/international/certificates?country=1X", "zh-CN", HttpStatusCode.BadRequest);
        Assert.Equal(["“1X”不是 ISO 3166-1 二位字母国家代码"], TestData.FieldErrors(chinese, "country"));

        Assert.Equal("No foreign certificate 'NOSUCH-1' exists.", Text(await Ask("/api/international/certificates/NOSUCH-1", null, HttpStatusCode.NotFound), "detail"));
        var missing = await Ask("/api/international/certificates/NOSUCH-1", "zh-CN", HttpStatusCode.NotFound);
        Assert.Equal("不存在境外证书“NOSUCH-1”。", Text(missing, "detail"));
        Assert.Equal("not-found", missing.GetProperty("message").GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_certificate_list_sorts_by_receipt_number_and_issue_and_refuses_an_unknown_order()
    {
        // Received one after the other: …-B issued 20 November, …-C issued 27 November, …-A issued 24 November.
        var prefix = Unique("EC-SORT");
        var (b, c, a) = (prefix + "-B", prefix + "-C", prefix + "-A");
        foreach (var (number, issued) in new[] { (b, "2026-11-20T09:00:00-05:00"), (c, "2026-11-27T09:00:00-05:00"), (a, "2026-11-24T09:00:00-05:00") })
        {
            var fields = ShrimpCertificate(number, "Camaronera Demo S.A. (fictional)", 1000m);
            fields["issuedAt"] = issued;
            Assert.Equal(HubTrackingState.Delivered, (await DeliverAsync(number, SpsDocuments.Write(fields))).Outcome);
        }

        var port = await Federation.SignInAsync(TestFederation.Aqsiq, "ciq.ningbo.port");
        async Task<string[]> NumbersAsync(string sort) =>
            [.. (await Expect(await port.GetAsync($"/api/international/certificates?number={prefix}{sort}"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(x => Text(x, "number"))];

        Assert.Equal([a, c, b], await NumbersAsync(""));
        Assert.Equal([a, c, b], await NumbersAsync("&sort=newest"));
        Assert.Equal([b, c, a], await NumbersAsync("&sort=oldest"));
        Assert.Equal([a, b, c], await NumbersAsync("&sort=number"));
        Assert.Equal([c, a, b], await NumbersAsync("&sort=issued"));
        await port.UnknownSortIsRefusedAsync($"/api/international/certificates?number={prefix}", "newest, oldest, number, issued");

        // The download follows the order asked for.
        var (lines, _) = await port.CsvAsync("en", $"/foreign-certificates/export.csv?number={prefix}&sort=issued");
        Assert.Equal([c, a, b], lines[1..].Select(l => l.Split(',')[0]));
    }

    private async Task<JsonElement> SubmittedAsync(HttpClient declarant, object body)
    {
        var id = (await CreateAsync(declarant, body)).GetProperty("id").GetGuid();
        return await SubmitAsync(declarant, id);
    }

    [Fact]
    public async Task A_matched_certificate_with_a_clean_history_releases_the_import_on_documents_with_every_reason_listed()
    {
        var agent = await Federation.SignInAsync(TestFederation.Aqsiq, "agent.ningbo");
        var port = await Federation.SignInAsync(TestFederation.Aqsiq, "ciq.ningbo.port");
        var number = Unique("EC-PHY");
        var consignor = Unique("Camaronera Demo S.A. (fictional)");
        Assert.Equal(HubTrackingState.Delivered, (await DeliverAsync(number, SpsDocuments.Write(ShrimpCertificate(number, consignor, 8000m)))).Outcome);

        var declaration = await SubmittedAsync(agent, ShrimpImport(8000m, await ShrimpPermitAsync(8000m), number, consignor.ToLowerInvariant()));
        Assert.Equal("permit-issued", Text(declaration, "status"));
        Assert.Equal("document-check", Text(declaration.GetProperty("risk"), "outcome"));
        Assert.Equal(consignor.ToLowerInvariant(), Text(declaration.GetProperty("data"), "consignorName"));
        var certificate = Reason(declaration, "foreign-certificate");
        Assert.Equal("matched", Text(certificate, "value"));
        Assert.Equal(-50, certificate.GetProperty("points").GetInt32());
        Assert.Contains(number, Text(certificate, "explanation"), StringComparison.Ordinal);
        Assert.Equal("0", Text(Reason(declaration, "exporter-history"), "value"));
        Assert.Equal("0", Text(Reason(declaration, "open-alerts"), "value"));
        Assert.Equal("0", Text(Reason(declaration, "recent-failures"), "value"));
        foreach (var input in new[] { "credit-class", "product-risk", "supervision", "random-sample" })
        {
            Reason(declaration, input);
        }

        // The port's screens: the certificate with its check, and the fast-track queue of the Beilun office.
        var view = await Expect(await port.GetAsync("/api/international/certificates/" + number), HttpStatusCode.OK);
        Assert.Equal("valid", Text(view, "state"));
        Assert.Equal("delivered", Text(view, "acknowledged"));
        Assert.Equal("030617", view.GetProperty("fields").GetProperty("items[0].commodityCode").GetString());
        var check = Assert.Single(view.GetProperty("checks").EnumerateArray());
        Assert.Equal(("matched", "document-check", "CIQ-NB-BEILUN"), (Text(check, "outcome"), Text(check, "riskOutcome"), Text(check, "office")));
        var queue = await Expect(await port.GetAsync("/api/international/fast-track?outcome=matched&pageSize=500"), HttpStatusCode.OK);
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), i => Text(i, "declarationNumber") == Text(declaration, "number"));
        var listed = await Expect(await port.GetAsync($"/api/international/certificates?country=EC&state=valid&number={number}"), HttpStatusCode.OK);
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Every_field_that_disagrees_is_named_with_both_values_and_the_import_is_inspected()
    {
        var agent = await Federation.SignInAsync(TestFederation.Aqsiq, "agent.ningbo");
        var port = await Federation.SignInAsync(TestFederation.Aqsiq, "ciq.ningbo.port");
        var number = Unique("EC-PHY");
        var fields = ShrimpCertificate(number, "Other Exporter S.A. (fictional)", 7500m);
        fields["consigneeId"] = "913301000000DEM01D";
        fields["exportCountry"] = "VN";
        fields["items[0].originCountry"] = "VN";
        fields["items[0].commodityCode"] = "030616";
        fields["transportMode"] = "4";
        fields["transportMeans"] = "MAERSK OTHER";
        fields.Remove("additionalDeclaration");
        Assert.Equal(HubTrackingState.Delivered, (await DeliverAsync(number, SpsDocuments.Write(fields))).Outcome);

        var declaration = await SubmittedAsync(agent, ShrimpImport(8000m, await ShrimpPermitAsync(8000m), number, "Camaronera Demo S.A."));
        Assert.Equal("inspection", Text(declaration, "status"));
        Assert.NotEqual("document-check", Text(declaration.GetProperty("risk"), "outcome"));
        var certificate = Reason(declaration, "foreign-certificate");
        Assert.Equal(("mismatched", 0), (Text(certificate, "value"), certificate.GetProperty("points").GetInt32()));
        var fastTrack = Text(Reason(declaration, "fast-track"), "explanation");
        Assert.Contains("lines[0].netWeightKg '8000 KGM' vs items[0].netWeight '7500 KGM'", fastTrack, StringComparison.Ordinal);

        var view = await Expect(await port.GetAsync("/api/international/certificates/" + number), HttpStatusCode.OK);
        var mismatches = Assert.Single(view.GetProperty("checks").EnumerateArray()).GetProperty("mismatches").EnumerateArray()
            .Select(m => (Field: Text(m, "field"), Certificate: Text(m, "certificateField"), m)).ToList();
        void Has(string field, string certificateField, string? certificateValue, string? declared)
        {
            var m = mismatches.FirstOrDefault(x => x.Field == field && x.Certificate == certificateField);
            Assert.True(m.m.ValueKind == JsonValueKind.Object, $"no mismatch {field} / {certificateField} in {string.Join(", ", mismatches.Select(x => $"{x.Field}/{x.Certificate}"))}");
            Assert.Equal(certificateValue, m.m.GetProperty("certificateValue").GetString());
            Assert.Equal(declared, m.m.GetProperty("declaredValue").GetString());
        }

        Has("consignorName", "consignorName", "Other Exporter S.A. (fictional)", "Camaronera Demo S.A.");
        Has("consigneeUscc", "consigneeId", "913301000000DEM01D", DemoAgent);
        Has("country", "exportCountry", "VN", "EC");
        Has("lines[0].placeOfOrigin", "items[0].originCountry", "VN", "EC");
        Has("lines[0].hsCode", "items[0].commodityCode", "030616", "0306170000");
        Has("lines[0].netWeightKg", "items[0].netWeight", "7500 KGM", "8000 KGM");
        Has("transportMode", "transportMode", "4", "1");
        Has("transportMeans", "transportMeans", "MAERSK OTHER", "MSC ANNA / 214E");
        Has("lines[0].hsCode", "additionalDeclaration", null, "free from white spot syndrome virus");
        Assert.Equal(9, mismatches.Count);

        // The reasons and the explanation are coded: English by default, Chinese when the reader asks for it.
        Assert.Equal("the consignor differs", Text(mismatches.Single(x => x.Field == "consignorName").m, "reason"));
        Assert.StartsWith($"certificate {number} disagrees with the declaration on 9 field(s): ", Text(Assert.Single(view.GetProperty("checks").EnumerateArray()), "explanation"), StringComparison.Ordinal);
        using var zh = new HttpRequestMessage(HttpMethod.Get, "/api/international/certificates/" + number);
        zh.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var chinese = Assert.Single((await Expect(await port.SendAsync(zh), HttpStatusCode.OK)).GetProperty("checks").EnumerateArray());
        var reasons = chinese.GetProperty("mismatches").EnumerateArray().ToDictionary(m => Text(m, "field") + "/" + Text(m, "certificateField"), m => Text(m, "reason"));
        Assert.Equal("发货人不一致", reasons["consignorName/consignorName"]);
        Assert.Equal("净重不一致", reasons["lines[0].netWeightKg/items[0].netWeight"]);
        Assert.Matches(@"^来自 EC 的税目 0306 的进口条件（import-conditions\.csv 第 \d+ 行）要求附加声明“free from white spot syndrome virus”$", reasons["lines[0].hsCode/additionalDeclaration"]);
        Assert.StartsWith($"证书 {number} 有 9 个字段与申报不一致：", Text(chinese, "explanation"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_consignee_named_without_an_id_is_checked_against_the_register_and_a_missing_treatment_is_named()
    {
        var agent = await Federation.SignInAsync(TestFederation.Aqsiq, "agent.ningbo");
        var port = await Federation.SignInAsync(TestFederation.Aqsiq, "ciq.ningbo.port");
        var number = Unique("EC-PHY");
        var consignor = Unique("Camaronera Demo S.A. (fictional)");
        var fields = ShrimpCertificate(number, consignor, 8000m);
        fields.Remove("consigneeId");
        fields["consigneeName"] = "宁波示例食品进出口有限公司（演示）";
        await DeliverAsync(number, SpsDocuments.Write(fields));
        var other = Unique("EC-PHY");
        var unknown = ShrimpCertificate(other, consignor, 8000m);
        unknown.Remove("consigneeId");
        unknown["consigneeName"] = "Somebody Else Ltd";
        await DeliverAsync(other, SpsDocuments.Write(unknown));

        var named = await SubmittedAsync(agent, ShrimpImport(8000m, await ShrimpPermitAsync(8000m), number, consignor));
        Assert.Equal("matched", Text(Reason(named, "foreign-certificate"), "value"));
        var wrong = await SubmittedAsync(agent, ShrimpImport(8000m, await ShrimpPermitAsync(8000m), other, consignor));
        Assert.Equal("inspection", Text(wrong, "status"));
        var view = await Expect(await port.GetAsync("/api/international/certificates/" + other), HttpStatusCode.OK);
        var mismatch = Assert.Single(Assert.Single(view.GetProperty("checks").EnumerateArray()).GetProperty("mismatches").EnumerateArray());
        Assert.Equal(("consigneeUscc", "consigneeName", "Somebody Else Ltd"), (Text(mismatch, "field"), Text(mismatch, "certificateField"), Text(mismatch, "certificateValue")));
        Assert.Contains("宁波示例食品进出口有限公司（演示）", Text(mismatch, "declaredValue"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replacement_marks_the_cited_certificate_replaced_and_the_check_follows_it_to_the_replacement()
    {
        var agent = await Federation.SignInAsync(TestFederation.Aqsiq, "agent.ningbo");
        var port = await Federation.SignInAsync(TestFederation.Aqsiq, "ciq.ningbo.port");
        var first = Unique("EC-PHY");
        var second = Unique("EC-PHY");
        var consignor = Unique("Camaronera Demo S.A. (fictional)");
        await DeliverAsync(first, SpsDocuments.Write(ShrimpCertificate(first, consignor, 7000m)));
        var replacement = ShrimpCertificate(second, consignor, 8000m);
        replacement["replacesNo"] = first;
        replacement["replacementReason"] = "change in quantity";
        replacement["replacedAt"] = "2026-11-29T10:00:00-05:00";
        Assert.Equal(HubTrackingState.Delivered, (await DeliverAsync(second, SpsDocuments.Write(replacement))).Outcome);

        var replaced = await Expect(await port.GetAsync("/api/international/certificates/" + first), HttpStatusCode.OK);
        Assert.Equal(("replaced", "change in quantity"), (Text(replaced, "state"), Text(replaced, "reason")));
        Assert.Equal(new[] { first, second }, replaced.GetProperty("replacementChain").EnumerateArray().Select(x => x.GetString()!).ToArray());

        var declaration = await SubmittedAsync(agent, ShrimpImport(8000m, await ShrimpPermitAsync(8000m), first, consignor));
        var certificate = Reason(declaration, "foreign-certificate");
        Assert.Equal("matched", Text(certificate, "value"));
        Assert.Contains($"cited {first} was replaced: {first} → {second}", Text(certificate, "explanation"), StringComparison.Ordinal);
        Assert.Equal("permit-issued", Text(declaration, "status"));
        var view = await Expect(await port.GetAsync("/api/international/certificates/" + second), HttpStatusCode.OK);
        var check = Assert.Single(view.GetProperty("checks").EnumerateArray());
        Assert.Equal((first, second), (Text(check, "citedNumber"), Text(check, "certificateNumber")));
    }

    [Fact]
    public async Task A_withdrawn_certificate_sends_its_import_to_inspection_and_envelopes_are_kept_once()
    {
        var agent = await Federation.SignInAsync(TestFederation.Aqsiq, "agent.ningbo");
        var port = await Federation.SignInAsync(TestFederation.Aqsiq, "ciq.ningbo.port");
        var number = Unique("EC-PHY");
        var consignor = Unique("Camaronera Demo S.A. (fictional)");
        var fields = ShrimpCertificate(number, consignor, 8000m);
        var hub = Unique("HUB");
        Assert.Equal(HubTrackingState.Delivered, (await DeliverAsync(number, SpsDocuments.Write(fields), hubNumber: hub)).Outcome);
        Assert.Equal(HubTrackingState.Delivered, (await DeliverAsync(number, SpsDocuments.Write(fields), hubNumber: hub)).Outcome);
        Assert.Equal(1, await RowsAsync<ForeignCertificateRow>(q => q.Where(r => r.Number == number)));

        fields["status"] = "40";
        var withdrawal = Unique("HUB");
        Assert.Equal(HubTrackingState.Delivered, (await DeliverAsync(number, SpsDocuments.Write(fields), status: "40", hubNumber: withdrawal)).Outcome);
        Assert.Equal(HubTrackingState.Delivered, (await DeliverAsync(number, SpsDocuments.Write(fields), status: "40", hubNumber: withdrawal)).Outcome);
        Assert.Equal(1, await RowsAsync<ForeignCertificateRow>(q => q.Where(r => r.Number == number)));
        var view = await Expect(await port.GetAsync("/api/international/certificates/" + number), HttpStatusCode.OK);
        Assert.Equal(("withdrawn", "40"), (Text(view, "state"), Text(view, "certificateStatus")));
        Assert.EndsWith($"(status 40), envelope {withdrawal}", Text(view, "reason"), StringComparison.Ordinal);
        Assert.StartsWith("withdrawn by the issuing authority of ", Text(view, "reason"), StringComparison.Ordinal);
        using var zh = new HttpRequestMessage(HttpMethod.Get, "/api/international/certificates/" + number);
        zh.Headers.AcceptLanguage.ParseAdd("zh-CN");
        Assert.EndsWith($"的签证机关撤销（状态 40），信封 {withdrawal}", Text(await Expect(await port.SendAsync(zh), HttpStatusCode.OK), "reason"), StringComparison.Ordinal);

        var declaration = await SubmittedAsync(agent, ShrimpImport(8000m, await ShrimpPermitAsync(8000m), number, consignor));
        Assert.Equal("inspection", Text(declaration, "status"));
        Assert.Equal("withdrawn", Text(Reason(declaration, "foreign-certificate"), "value"));
        Assert.Contains($"certificate {number} was withdrawn", Text(Reason(declaration, "fast-track"), "explanation"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_certificate_is_acknowledged_as_such_with_its_located_problems_and_unknown_codes_are_warnings()
    {
        var agent = await Federation.SignInAsync(TestFederation.Aqsiq, "agent.ningbo");
        var port = await Federation.SignInAsync(TestFederation.Aqsiq, "ciq.ningbo.port");
        var broken = Unique("EC-PHY");
        var (outcome, reason) = await DeliverAsync(broken, "<rsm:SPSCertificate xmlns:rsm=\"urn:un:unece:uncefact:data:standard:SPSCertificate:17\"><rsm:SPSExchangedDocument/></rsm:SPSCertificate>");
        Assert.Equal(HubTrackingState.DeliveredNotReadable, outcome);
        Assert.Contains("line 1, column", reason, StringComparison.Ordinal);
        Assert.Contains("SPSConsignment is required", reason, StringComparison.Ordinal);
        var notXml = await DeliverAsync(Unique("EC-PHY"), "not xml at all");
        Assert.Equal(HubTrackingState.DeliveredNotReadable, notXml.Outcome);

        var odd = Unique("EC-PHY");
        var fields = ShrimpCertificate(odd, Unique("Camaronera"), 8000m);
        fields["items[0].netWeightUnit"] = "QQQ";
        var warned = await DeliverAsync(odd, SpsDocuments.Write(fields));
        Assert.Equal(HubTrackingState.DeliveredWithWarnings, warned.Outcome);
        Assert.Contains("items[0].netWeightUnit 'QQQ'", warned.Reason, StringComparison.Ordinal);

        var listed = await Expect(await port.GetAsync($"/api/international/certificates?state=not-readable&number={broken}"), HttpStatusCode.OK);
        Assert.Equal("delivered-not-readable", Text(Assert.Single(listed.GetProperty("items").EnumerateArray()), "acknowledged"));
        var declaration = await SubmittedAsync(agent, ShrimpImport(8000m, await ShrimpPermitAsync(8000m), broken, "Camaronera"));
        Assert.Equal("not-readable", Text(Reason(declaration, "foreign-certificate"), "value"));
        Assert.Equal(0, Reason(declaration, "foreign-certificate").GetProperty("points").GetInt32());
        var missing = await SubmittedAsync(agent, ShrimpImport(8000m, await ShrimpPermitAsync(8000m), Unique("EC-NEVER"), "Camaronera"));
        Assert.Equal("not-received", Text(Reason(missing, "foreign-certificate"), "value"));
        Assert.NotEqual("document-check", Text(missing.GetProperty("risk"), "outcome"));
    }

    [Fact]
    public async Task A_certificate_issued_by_another_country_is_returned_by_the_formal_check_and_bad_filters_are_named()
    {
        var agent = await Federation.SignInAsync(TestFederation.Aqsiq, "agent.ningbo");
        var port = await Federation.SignInAsync(TestFederation.Aqsiq, "ciq.ningbo.port");
        var returned = await SubmittedAsync(agent, ShrimpImport(8000m, await ShrimpPermitAsync(8000m), Unique("VN-PHY"), "Camaronera", issuer: "NPPO-VN-DEMO"));
        Assert.Equal("returned", Text(returned, "status"));
        Assert.Contains("documents[1].issuer", Text(returned, "returnReasons"), StringComparison.Ordinal);

        var tooLong = await Expect(await agent.PostAsJsonAsync("/api/declarations", ShrimpImport(8000m, "MOA-QP-X", "X", new string('x', 201))), HttpStatusCode.BadRequest);
        Assert.True(tooLong.GetProperty("errors").TryGetProperty("consignorName", out _));

        var bad = await Expect(await port.GetAsync("/api/international/certificates?state=lost&country=ECU"), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("state", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("country", out _));
        Assert.True((await Expect(await port.GetAsync("/api/international/fast-track?outcome=perhaps"), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("outcome", out _));
        await Expect(await port.GetAsync("/api/international/certificates/NO-SUCH-CERTIFICATE"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/international/certificates")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/international/fast-track")).StatusCode);
    }

    [Fact]
    public async Task An_open_rapid_alert_on_the_goods_sends_a_matched_import_to_inspection_naming_the_alert()
    {
        var importer = await Federation.SignInAsync(TestFederation.Aqsiq, "importer.qingdao");
        var port = await Federation.SignInAsync(TestFederation.Aqsiq, "ciq.ningbo.port");
        var coordinator = await Federation.SignInAsync(TestFederation.Aqsiq, "alerts.coordinator");
        var raised = await Expect(await port.PostAsJsonAsync("/api/alerts", new
        {
            type = "border-rejection", basis = "border-control", title = "Smartphones: cadmium in solder (test alert)",
            hazard = new { category = "veterinary-drug-residue", agent = "chloramphenicol", value = 1.2m, unit = "ug/kg" },
            product = new { hsCode = "8517130000", description = "Smartphones (fictional test consignment)", brand = "Demo", lots = new[] { "LOT-T1" } },
            enterprises = new[] { new { uscc = DemoTea, name = "Hangzhou Demo Tea", role = "importer" } },
            originCountry = "DE", distributionCountries = new[] { "CN" }, risk = "serious", measuresTaken = "Test consignment held.",
        }), HttpStatusCode.Created);
        var alert = Text(raised, "number");
        await Expect(await coordinator.PostAsJsonAsync($"/api/alerts/{alert}/validate", new { recipients = new[] { "CUSTOMS-NB" }, note = "test" }), HttpStatusCode.OK);

        var number = Unique("KR-PHY");
        var consignor = Unique("Korea Demo Electronics (fictional)");
        await DeliverAsync(number, SpsDocuments.Write(PhoneCertificate(number, consignor, 200m)), from: "KR");
        var declaration = await SubmittedAsync(importer, PhoneImport(number, consignor));
        Assert.Equal("inspection", Text(declaration, "status"));
        var certificate = Reason(declaration, "foreign-certificate");
        Assert.Equal(("matched", 0), (Text(certificate, "value"), certificate.GetProperty("points").GetInt32()));
        Assert.Contains(alert, Text(Reason(declaration, "open-alerts"), "explanation"), StringComparison.Ordinal);
        Assert.Contains($"open rapid alert {alert} on hs-heading 8517", Text(Reason(declaration, "fast-track"), "explanation"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_inspection_of_an_import_citing_a_certificate_records_the_border_rejection_against_the_exporter()
    {
        var importer = await Federation.SignInAsync(TestFederation.Aqsiq, "importer.qingdao");
        var port = await Federation.SignInAsync(TestFederation.Aqsiq, "ciq.ningbo.port");
        var number = Unique("KR-PHY");
        var consignor = Unique("Korea Demo Electronics (fictional)");
        await DeliverAsync(number, SpsDocuments.Write(PhoneCertificate(number, consignor, 150m)), from: "KR");
        var declaration = await SubmittedAsync(importer, PhoneImport(number, consignor));
        Assert.Equal("inspection", Text(declaration, "status"));
        var id = declaration.GetProperty("id").GetGuid();
        var failed = await Expect(await port.PostAsJsonAsync($"/api/declarations/{id}/inspection", new
        {
            lines = new[] { new { sequence = 1, quantityInspected = 10m, findings = "live wood borers in the crates (test finding)", findingsConform = false } },
        }), HttpStatusCode.OK);
        Assert.Equal("failed", Text(failed, "status"));
        Assert.Contains(failed.GetProperty("history").EnumerateArray(), h => Text(h, "stage") == "border-rejection" && Text(h, "detail").Contains(number, StringComparison.Ordinal));

        var view = await Expect(await port.GetAsync("/api/international/certificates/" + number), HttpStatusCode.OK);
        var rejection = Assert.Single(view.GetProperty("rejections").EnumerateArray());
        Assert.Equal(("sent", "NC-" + Text(declaration, "number"), "KR", consignor), (Text(rejection, "direction"), Text(rejection, "reference"), Text(rejection, "exportingCountry"), Text(rejection, "consignorName")));
        Assert.Contains("live wood borers", Text(rejection, "reasons"), StringComparison.Ordinal);
        // This federation has no hub: the notice is recorded with the reason it was not sent (the hub tests and the
        // fast-import scenario send it).
        Assert.Contains("the federation directory has no hub", Text(rejection, "notSentReason"), StringComparison.Ordinal);
        Assert.Contains("not sent: the federation directory has no hub", Text(Assert.Single(view.GetProperty("checks").EnumerateArray()), "rejection"), StringComparison.Ordinal);
        var (scope, db) = Federation[TestFederation.Aqsiq].Database();
        await using (scope)
        {
            var xml = await db.Set<BorderRejectionRow>().AsNoTracking().Where(r => r.CertificateNumber == number).Select(r => r.NoticeXml).SingleAsync();
            var notice = System.Xml.Linq.XDocument.Parse(xml).Root!;
            Assert.Equal("urn:goldenquality:international:non-compliance:1", notice.Name.NamespaceName);
            Assert.Equal(new[] { "Reference", "Date", "ImportingCountry", "ExportingCountry", "CertificateNumber", "ImportDeclaration", "Consignor", "Consignment", "NatureOfNonCompliance", "ActionTaken" },
                notice.Elements().Select(e => e.Name.LocalName).ToArray());
        }

        // The exporter's next consignment carries its history.
        var next = Unique("KR-PHY");
        await DeliverAsync(next, SpsDocuments.Write(PhoneCertificate(next, consignor, 200m)), from: "KR");
        var again = await SubmittedAsync(importer, PhoneImport(next, consignor.ToUpperInvariant()));
        var history = Reason(again, "exporter-history");
        Assert.Equal(("1", 15), (Text(history, "value"), history.GetProperty("points").GetInt32()));
        Assert.Equal(0, Reason(again, "foreign-certificate").GetProperty("points").GetInt32());
    }

    [Fact]
    public async Task A_border_rejection_notice_about_an_export_of_ours_is_kept_once()
    {
        var notice = new BorderRejectionNotice(Unique("VN-NC"), DateTimeOffset.UtcNow, "VN", "CN", Unique("CN-PHY"), null, "Hangzhou Demo Tea", "green tea 1000 kg",
            "live insects found", "consignment destroyed").ToXml();
        var hub = Unique("HUB");
        Assert.Equal(HubTrackingState.Delivered, (await DeliverAsync("n/a", notice, from: "VN", hubNumber: hub, kind: HubContentKind.BorderRejection)).Outcome);
        Assert.Equal(HubTrackingState.Delivered, (await DeliverAsync("n/a", notice, from: "VN", hubNumber: hub, kind: HubContentKind.BorderRejection)).Outcome);
        Assert.Equal(1, await RowsAsync<BorderRejectionRow>(q => q.Where(r => r.HubDeliveryNumber == hub && r.Direction == RejectionDirection.Received)));
        Assert.Equal(HubTrackingState.DeliveredNotReadable, (await DeliverAsync("n/a", "<x/>", from: "VN", kind: HubContentKind.BorderRejection)).Outcome);
    }
}

[Collection("sqlite")]
public sealed class FastTrackOnSqlite(SqliteFastTrackFederation fixture) : FastTrackTests(fixture), IClassFixture<SqliteFastTrackFederation>;

[Collection("postgres")]
public sealed class FastTrackOnPostgres(PostgresFastTrackFederation fixture) : FastTrackTests(fixture), IClassFixture<PostgresFastTrackFederation>;
