using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Registry.Contracts;
using GoldenQuality.Tests.Infrastructure;
using static GoldenQuality.Tests.Clearance.Flow;

namespace GoldenQuality.Tests.Clearance;

/// <summary>The "Bad input" list of issue 4: each one gets a clear error naming the field, and nothing is written.</summary>
public abstract class ClearanceBadInputTests(ClearanceFederation fixture)
{
    private const string Tea = "0902101000";

    /// <summary>Posts <paramref name="body"/> asking for answers in Chinese.</summary>
    private static async Task<JsonElement> ChineseAsync(HttpClient client, string url, object body, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        return await Expect(await client.SendAsync(request), status);
    }

    /// <summary>Creating the declaration is refused with 400 naming <paramref name="field"/>, and the exporter's list is unchanged.</summary>
    private static async Task RefusedAsync(HttpClient enterprise, object body, string field)
    {
        var before = await TotalAsync(enterprise, "");
        var problem = await Expect(await enterprise.PostAsJsonAsync("/api/declarations", body), HttpStatusCode.BadRequest);
        Assert.NotEmpty(TestData.FieldErrors(problem, field));
        Assert.Equal(before, await TotalAsync(enterprise, ""));
    }

    [Fact]
    public async Task An_invalid_uscc_an_unknown_hs_code_or_port_and_a_quantity_of_zero_or_less_are_refused_naming_the_field()
    {
        var exporter = await fixture.SignInAsync("exporter.hangzhou");
        var uscc = Flow.DemoTea;
        var wrongCheck = uscc[..17] + Uscc.Alphabet.First(c => c != uscc[17]);
        await RefusedAsync(exporter, Export(10m, NewLot("BAD"), (b, _) => b["consignorUscc"] = wrongCheck), "consignorUscc");
        await RefusedAsync(exporter, Export(10m, NewLot("BAD"), (b, _) => b["manufacturerUscc"] = "91330100000000000"), "manufacturerUscc");
        await RefusedAsync(exporter, Export(10m, NewLot("BAD"), (_, l) => l["hsCode"] = "0902990000"), "lines[0].hsCode");
        await RefusedAsync(exporter, Export(10m, NewLot("BAD"), (b, _) => b["portOfExit"] = "CNXXQ"), "portOfExit");
        await RefusedAsync(exporter, Export(0m, NewLot("BAD")), "lines[0].quantity");
        await RefusedAsync(exporter, Export(-5m, NewLot("BAD")), "lines[0].quantity");

        // The same through the file upload: all or nothing.
        var before = await TotalAsync(exporter, "");
        var file = JsonSerializer.Serialize(new object[] { Export(10m, NewLot("OK")), Export(0m, NewLot("BAD")) });
        using var form = new MultipartFormDataContent { { new StringContent(file), "file", "declarations.json" } };
        var problem = await Expect(await exporter.PostAsync("/api/declarations/files", form), HttpStatusCode.BadRequest);
        Assert.NotEmpty(TestData.FieldErrors(problem, "[1].lines[0].quantity"));
        Assert.Equal(before, await TotalAsync(exporter, ""));
    }

    [Fact]
    public async Task A_tariff_code_is_checked_against_its_HS_2022_subheading_and_the_reason_comes_in_the_language_asked_for()
    {
        var exporter = await fixture.SignInAsync("exporter.hangzhou");

        // Frozen shrimps (0306.17) with national digits the illustrative tariff table does not list: a real subheading, so accepted.
        var shrimp = await CreateAsync(exporter, Export(10m, NewLot("HS6"), (_, l) => l["hsCode"] = "0306179000"));
        Assert.Equal("0306179000", shrimp.GetProperty("data").GetProperty("lines")[0].GetProperty("hsCode").GetString());

        // 0902.99 is no subheading of HS 2022: refused, in English by default...
        var body = Export(10m, NewLot("HS6"), (_, l) => l["hsCode"] = "0902990000");
        var english = await Expect(await exporter.PostAsJsonAsync("/api/declarations", body), HttpStatusCode.BadRequest);
        Assert.Equal(["'0902990000' is not a code of cn-tariff:2022 (China's customs tariff): its first six digits, 090299, are not an HS 2022 subheading"],
            TestData.FieldErrors(english, "lines[0].hsCode"));
        var message = english.GetProperty("messages").GetProperty("lines[0].hsCode")[0];
        Assert.Equal("code.tariff-not-hs", message.GetProperty("code").GetString());
        Assert.Equal("090299", message.GetProperty("args")[2].GetString());

        // ...and in Chinese when the client asks for it, with the other fields' reasons too.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/declarations")
        {
            Content = JsonContent.Create(Export(0m, NewLot("HS6"), (b, l) => { l["hsCode"] = "0902990000"; b["country"] = "XX"; })),
        };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN,zh;q=0.9,en;q=0.5");
        var chinese = await Expect(await exporter.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.Equal(["“0902990000”不是中国海关税则（cn-tariff:2022）中的代码：前六位 090299 不是 HS 2022 子目"], TestData.FieldErrors(chinese, "lines[0].hsCode"));
        Assert.Equal(["须大于 0，不能为 0"], TestData.FieldErrors(chinese, "lines[0].quantity"));
        Assert.Equal(["“XX”不是ISO 3166-1 国家（地区）代码（iso-3166-1:2013）中的代码"], TestData.FieldErrors(chinese, "country"));
    }

    [Fact]
    public async Task An_enterprise_declares_for_another_only_as_its_registered_agent()
    {
        var agent = await fixture.SignInAsync("agent.ningbo");
        var system = fixture.Federation[TestFederation.Aqsiq].Client();
        var unrelated = TestData.NewUscc("330100");
        await TestData.CreateEnterpriseAsync(system, unrelated);

        // agent.ningbo has a mandate of the Hangzhou tea company...
        var lot = NewLot("AGENT");
        var allowed = await CreateAsync(agent, Export(10m, lot, (b, _) => b["declarantUscc"] = DemoAgent));
        Assert.Equal(DemoAgent, allowed.GetProperty("data").GetProperty("declarantUscc").GetString());

        // ...but none of the new enterprise's.
        await RefusedAsync(agent, Export(10m, NewLot("AGENT"), (b, _) =>
        {
            b["declarantUscc"] = DemoAgent;
            b["consignorUscc"] = unrelated;
            b["manufacturerUscc"] = unrelated;
        }), "declarantUscc");

        // Nor may it declare as someone else.
        await RefusedAsync(agent, Export(10m, NewLot("AGENT")), "declarantUscc");
        var listed = await Expect(await system.GetAsync("/api/declarations?q=" + unrelated), HttpStatusCode.OK);
        Assert.Equal(0, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task At_the_port_an_overdrawn_quantity_a_forged_or_damaged_qr_and_another_ports_permit_are_refused_and_nothing_is_drawn()
    {
        var exporter = await fixture.SignInAsync("exporter.hangzhou");
        var inspector = await fixture.SignInAsync("ciq.hangzhou");
        var port = await fixture.SignInAsync("ciq.ningbo.port");
        var declaration = await ExportWithPermitAsync(exporter, inspector, 1200m, NewLot("TEA-P"));
        var qr = (await PermitAsync(exporter, declaration.GetProperty("permitNumber").GetString()!)).GetProperty("qrPayload").GetString()!;
        Outcome("match", (await CheckWhenArrivedAsync(port, new { qr })));

        // Over-drawn.
        var over = await Expect(await port.PostAsJsonAsync("/api/certificates/releases", new { qr, drawDown = new[] { new { sequence = 1, quantity = 1200.001m } } }), HttpStatusCode.BadRequest);
        Assert.NotEmpty(TestData.FieldErrors(over, "drawDown[0].quantity"));
        Assert.Matches(@"^1200\.001 KGM exceeds the 1200(\.0+)? KGM left of the 1200(\.0+)? permitted on line 1$", Assert.Single(TestData.FieldErrors(over, "drawDown[0].quantity")));
        var overZh = await ChineseAsync(port, "/api/certificates/releases", new { qr, drawDown = new[] { new { sequence = 1, quantity = 1200.001m } } }, HttpStatusCode.BadRequest);
        Assert.Matches(@"^1200\.001 KGM 超过第 1 项许可数量 1200(\.0+)? 中剩余的 1200(\.0+)? KGM$", Assert.Single(TestData.FieldErrors(overZh, "drawDown[0].quantity")));

        // A QR printed for other data: the digest differs.
        var parts = qr.Split('|');
        var forgedQr = string.Join('|', parts[0], parts[1], parts[2], Jws.Digest("forged permit for 12000 KGM"u8));
        var forged = await CheckAsync(port, new { qr = forgedQr });
        Outcome("mismatch", forged);
        Assert.Contains(forged.GetProperty("differences").EnumerateArray(), d => d.GetProperty("field").GetString() == "qr.digest");
        var refused = await Expect(await port.PostAsJsonAsync("/api/certificates/releases", new { qr = forgedQr, drawDown = new[] { new { sequence = 1, quantity = 100m } } }), HttpStatusCode.Conflict);
        Assert.Equal("qr.digest", Field(refused));
        // The refusal's detail is the reason alone (no field prefix), in the language asked for; so is the check's detail.
        Assert.Equal($"mismatch: the paper does not match the electronic copy of {parts[1]}: qr.digest", refused.GetProperty("detail").GetString());
        var refusedZh = await ChineseAsync(port, "/api/certificates/releases", new { qr = forgedQr, drawDown = new[] { new { sequence = 1, quantity = 100m } } }, HttpStatusCode.Conflict);
        Assert.Equal($"核对结果为不一致：纸质证单与 {parts[1]} 的电子副本不一致：qr.digest", refusedZh.GetProperty("detail").GetString());
        Assert.Equal("permit.outcome-detail", refusedZh.GetProperty("message").GetProperty("code").GetString());
        var forgedZh = await ChineseAsync(port, "/api/certificates/checks", new { qr = forgedQr }, HttpStatusCode.OK);
        Assert.Equal($"纸质证单与 {parts[1]} 的电子副本不一致：qr.digest", forgedZh.GetProperty("detail").GetString());
        Assert.Equal($"the paper does not match the electronic copy of {parts[1]}: qr.digest", forged.GetProperty("detail").GetString());

        // Altered paper with the genuine QR.
        var altered = await Expect(await port.PostAsJsonAsync("/api/certificates/releases", new
        {
            qr, paper = new { lines = new[] { new { sequence = 1, hsCode = Tea, quantity = 12000m, unit = "KGM" } } }, drawDown = new[] { new { sequence = 1, quantity = 12000m } },
        }), HttpStatusCode.Conflict);
        Assert.Equal("paper.lines[0].quantity", Field(altered));

        // A damaged QR code, and a wrong verification code typed in.
        foreach (var damaged in new[] { "GQP1|" + parts[1], "GQP1|" + parts[1] + "|" + parts[2] + "|short", "not a permit" })
        {
            var problem = await Expect(await port.PostAsJsonAsync("/api/certificates/checks", new { qr = damaged }), HttpStatusCode.BadRequest);
            Assert.NotEmpty(TestData.FieldErrors(problem, "qr"));
        }

        var wrongCode = await CheckAsync(port, new { number = parts[1], verificationCode = "ABCDEFGH" == parts[2] ? "ABCDEFGJ" : "ABCDEFGH" });
        Outcome("mismatch", wrongCode);
        Assert.Contains(wrongCode.GetProperty("differences").EnumerateArray(), d => d.GetProperty("field").GetString() == "verificationCode");

        // Presented at another port office (Shanghai Wusong) than the one it was issued for.
        var wusong = await fixture.NewOfficerAsync("CIQ-SH-WUSONG");
        var elsewhere = await CheckAsync(wusong, new { qr });
        Outcome("mismatch", elsewhere);
        Assert.Equal("port", elsewhere.GetProperty("differences")[0].GetProperty("field").GetString());
        var releasedElsewhere = await Expect(await wusong.PostAsJsonAsync("/api/certificates/releases", new { qr, drawDown = new[] { new { sequence = 1, quantity = 100m } } }), HttpStatusCode.Conflict);
        Assert.Equal("port", Field(releasedElsewhere));

        // Nothing was drawn and no clearance permit was issued.
        Assert.Equal(1200m, Remaining(await CheckAsync(port, new { qr })));
        var after = await GetAsync(exporter, declaration.GetProperty("id").GetGuid());
        Assert.Equal("permit-issued", after.GetProperty("status").GetString());
        Assert.DoesNotContain("port-verified", Stages(after));
        Assert.DoesNotContain("clearance-permit-issued", Stages(after));
    }

    [Fact]
    public async Task A_revoked_permit_fails_at_the_port_and_its_clearance_permit_fails_at_customs()
    {
        var exporter = await fixture.SignInAsync("exporter.hangzhou");
        var inspector = await fixture.SignInAsync("ciq.hangzhou");
        var port = await fixture.SignInAsync("ciq.ningbo.port");
        var customs = await fixture.SignInAsync("customs.ningbo");
        var declaration = await ExportWithPermitAsync(exporter, inspector, 1000m, NewLot("TEA-V"));
        var number = declaration.GetProperty("permitNumber").GetString()!;
        var qr = (await PermitAsync(exporter, number)).GetProperty("qrPayload").GetString()!;
        Outcome("match", (await CheckWhenArrivedAsync(port, new { qr })));
        var release = await Expect(await port.PostAsJsonAsync("/api/certificates/releases", new { qr, drawDown = new[] { new { sequence = 1, quantity = 400m } } }), HttpStatusCode.OK);
        var clearancePermit = release.GetProperty("clearancePermit").GetString()!;
        Outcome("match", (await VerifyAtCustomsWhenArrivedAsync(customs, clearancePermit, Tea, 400m)));

        // Only the issuing office revokes, with a reason.
        Assert.Equal(HttpStatusCode.Forbidden, (await port.PostAsJsonAsync($"/api/certificates/permits/{number}/revoke", new { reason = "not ours" })).StatusCode);
        var noReason = await Expect(await inspector.PostAsJsonAsync($"/api/certificates/permits/{number}/revoke", new { reason = "" }), HttpStatusCode.BadRequest);
        Assert.NotEmpty(TestData.FieldErrors(noReason, "reason"));
        var revoked = await Expect(await inspector.PostAsJsonAsync($"/api/certificates/permits/{number}/revoke", new { reason = "lab re-test: lead above limit" }), HttpStatusCode.OK);
        Assert.Equal("revoked", revoked.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await inspector.PostAsJsonAsync($"/api/certificates/permits/{number}/revoke", new { reason = "again" })).StatusCode);

        // The port's copy is revoked once the revocation arrives; a release is refused and draws nothing.
        JsonElement atPort = default;
        await TestFederation.WaitUntilAsync(async () => (atPort = await CheckAsync(port, new { qr })).GetProperty("outcome").GetString() == "revoked", "the revocation at the port", 30);
        Assert.Contains("lead above limit", atPort.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var refused = await Expect(await port.PostAsJsonAsync("/api/certificates/releases", new { qr, drawDown = new[] { new { sequence = 1, quantity = 100m } } }), HttpStatusCode.Conflict);
        Outcome("revoked", refused);
        Assert.Equal(600m, Remaining(atPort));

        // Customs' copy of the clearance permit issued on it goes with it; clearing on it is refused.
        JsonElement atCustoms = default;
        await TestFederation.WaitUntilAsync(async () =>
            (atCustoms = await VerifyAtCustomsWhenArrivedAsync(customs, clearancePermit, Tea, 400m)).GetProperty("outcome").GetString() == "revoked", "the revocation at Customs", 30);
        var customsNumber = NewCustomsNumber();
        var notCleared = await Expect(await DecideAsync(customs, customsNumber, clearancePermit, Tea, 400m), HttpStatusCode.Conflict);
        Outcome("revoked", notCleared);
        var decisions = await Expect(await customs.GetAsync("/api/clearance/decisions?pageSize=100"), HttpStatusCode.OK);
        Assert.DoesNotContain(decisions.GetProperty("items").EnumerateArray(), d => d.GetProperty("customsDeclarationNumber").GetString() == customsNumber);

        var history = await GetAsync(exporter, declaration.GetProperty("id").GetGuid());
        Assert.Contains("permit-revoked", Stages(history));
    }

    [Fact]
    public async Task An_amended_permit_reaches_the_port_as_a_new_revision_and_what_was_drawn_stays_drawn()
    {
        var exporter = await fixture.SignInAsync("exporter.hangzhou");
        var inspector = await fixture.SignInAsync("ciq.hangzhou");
        var port = await fixture.SignInAsync("ciq.ningbo.port");
        var declaration = await ExportWithPermitAsync(exporter, inspector, 1200m, NewLot("TEA-A"));
        var number = declaration.GetProperty("permitNumber").GetString()!;
        var oldQr = (await PermitAsync(exporter, number)).GetProperty("qrPayload").GetString()!;
        await CheckWhenArrivedAsync(port, new { qr = oldQr });
        await Expect(await port.PostAsJsonAsync("/api/certificates/releases", new { qr = oldQr, drawDown = new[] { new { sequence = 1, quantity = 300m } } }), HttpStatusCode.OK);

        var bad = await Expect(await inspector.PostAsJsonAsync($"/api/certificates/permits/{number}/amend", new { lines = new[] { new { sequence = 1, quantity = 0m } }, reason = "short shipment" }), HttpStatusCode.BadRequest);
        Assert.NotEmpty(TestData.FieldErrors(bad, "lines[0].quantity"));
        var amended = await Expect(await inspector.PostAsJsonAsync($"/api/certificates/permits/{number}/amend", new { lines = new[] { new { sequence = 1, quantity = 1000m } }, reason = "short shipment" }), HttpStatusCode.OK);
        Assert.Equal(2, amended.GetProperty("revision").GetInt32());
        var newQr = amended.GetProperty("qrPayload").GetString()!;
        Assert.NotEqual(oldQr, newQr);

        // The port's copy becomes revision 2: 1000 permitted, 700 left; the paper of revision 1 no longer matches.
        JsonElement check = default;
        await TestFederation.WaitUntilAsync(async () => (check = await CheckAsync(port, new { qr = newQr })).GetProperty("revision").ValueKind == JsonValueKind.Number &&
            check.GetProperty("revision").GetInt32() == 2, "the amended copy at the port", 30);
        Outcome("match", check);
        Assert.Equal(1000m, check.GetProperty("remaining")[0].GetProperty("permitted").GetDecimal());
        Assert.Equal(700m, Remaining(check));
        var stale = await CheckAsync(port, new { qr = oldQr });
        Outcome("mismatch", stale);
        Assert.Contains(stale.GetProperty("differences").EnumerateArray(), d => d.GetProperty("field").GetString() == "qr.digest");
        Assert.Contains("permit-amended", Stages(await GetAsync(exporter, declaration.GetProperty("id").GetGuid())));
    }

    // This once left the exchange stalled: the losing release's concurrency failure kept the message log's lock.
    [Fact]
    public async Task Concurrent_releases_and_concurrent_customs_clearances_never_draw_more_than_permitted()
    {
        var exporter = await fixture.SignInAsync("exporter.hangzhou");
        var inspector = await fixture.SignInAsync("ciq.hangzhou");
        var port = await fixture.SignInAsync("ciq.ningbo.port");
        var customs = await fixture.SignInAsync("customs.ningbo");
        var declaration = await ExportWithPermitAsync(exporter, inspector, 1000m, NewLot("TEA-C"));
        var qr = (await PermitAsync(exporter, declaration.GetProperty("permitNumber").GetString()!)).GetProperty("qrPayload").GetString()!;
        await CheckWhenArrivedAsync(port, new { qr });

        // Two shipments of 600 against 1000 at the same moment: one is released, the other refused.
        var releases = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            port.PostAsJsonAsync("/api/certificates/releases", new { qr, drawDown = new[] { new { sequence = 1, quantity = 600m } } })));
        var statuses = releases.Select(r => r.StatusCode).Order().ToArray();
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) == 1 && statuses.All(s => s is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.Conflict),
            "release statuses: " + string.Join(", ", statuses));
        Assert.Equal(400m, Remaining(await CheckAsync(port, new { qr })));
        var released = await releases.Single(r => r.StatusCode == HttpStatusCode.OK).Content.ReadFromJsonAsync<JsonElement>();
        var clearancePermit = released.GetProperty("clearancePermit").GetString()!;
        await VerifyAtCustomsWhenArrivedAsync(customs, clearancePermit, Tea, 600m);

        // Two customs declarations clearing 600 each on the same clearance permit at the same moment: one is cleared.
        var numbers = new[] { NewCustomsNumber(), NewCustomsNumber() };
        var decisions = await Task.WhenAll(numbers.Select(n => DecideAsync(customs, n, clearancePermit, Tea, 600m)));
        var decided = decisions.Select(r => r.StatusCode).ToArray();
        Assert.True(decided.Count(s => s == HttpStatusCode.Created) == 1 && decided.Count(s => s == HttpStatusCode.Conflict) == 1, "decision statuses: " + string.Join(", ", decided));
        var list = await Expect(await customs.GetAsync("/api/clearance/decisions?pageSize=100"), HttpStatusCode.OK);
        Assert.Single(list.GetProperty("items").EnumerateArray(), d => d.GetProperty("permitNumber").GetString() == clearancePermit);

        // The same customs declaration number twice at the same moment: one decision.
        var second = await Expect(await port.PostAsJsonAsync("/api/certificates/releases", new { qr, drawDown = new[] { new { sequence = 1, quantity = 400m } } }), HttpStatusCode.OK);
        var cp2 = second.GetProperty("clearancePermit").GetString()!;
        await VerifyAtCustomsWhenArrivedAsync(customs, cp2, Tea, 400m);
        var same = NewCustomsNumber();
        var twice = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => DecideAsync(customs, same, cp2, Tea, 100m)));
        var twiceStatuses = twice.Select(r => r.StatusCode).ToArray();
        Assert.True(twiceStatuses.Count(s => s == HttpStatusCode.Created) == 1 && twiceStatuses.Count(s => s == HttpStatusCode.Conflict) == 1, "same number statuses: " + string.Join(", ", twiceStatuses));
        var after = await Expect(await customs.PostAsJsonAsync("/api/clearance/verifications", new { permitNumber = cp2, lines = CustomsLines(Tea, 300m) }), HttpStatusCode.OK);
        Assert.Equal(300m, Remaining(after));
    }

    [Fact]
    public async Task A_replayed_clearance_permit_and_a_customs_declaration_number_used_twice_are_refused()
    {
        var exporter = await fixture.SignInAsync("exporter.hangzhou");
        var inspector = await fixture.SignInAsync("ciq.hangzhou");
        var port = await fixture.SignInAsync("ciq.ningbo.port");
        var customs = await fixture.SignInAsync("customs.ningbo");
        var declaration = await ExportWithPermitAsync(exporter, inspector, 900m, NewLot("TEA-X"));
        var qr = (await PermitAsync(exporter, declaration.GetProperty("permitNumber").GetString()!)).GetProperty("qrPayload").GetString()!;
        await CheckWhenArrivedAsync(port, new { qr });
        var clearancePermit = (await Expect(await port.PostAsJsonAsync("/api/certificates/releases", new { qr, drawDown = new[] { new { sequence = 1, quantity = 900m } } }), HttpStatusCode.OK))
            .GetProperty("clearancePermit").GetString()!;
        await VerifyAtCustomsWhenArrivedAsync(customs, clearancePermit, Tea, 900m);

        // Customs checks the first 8 HS digits and the quantity.
        var otherHs = await Expect(await customs.PostAsJsonAsync("/api/clearance/verifications", new { permitNumber = clearancePermit, lines = CustomsLines("0902209000", 900m) }), HttpStatusCode.OK);
        Outcome("mismatch", otherHs);
        Assert.Equal("lines[0].hsCode", otherHs.GetProperty("differences")[0].GetProperty("field").GetString());
        var tooMuch = await Expect(await customs.PostAsJsonAsync("/api/clearance/verifications", new { permitNumber = clearancePermit, lines = CustomsLines(Tea, 901m) }), HttpStatusCode.OK);
        Outcome("mismatch", tooMuch);
        Assert.Equal("lines[0].quantity", tooMuch.GetProperty("differences")[0].GetProperty("field").GetString());
        Assert.Equal($"the customs declaration does not agree with {clearancePermit}: lines[0].quantity", tooMuch.GetProperty("detail").GetString());
        var tooMuchZh = await ChineseAsync(customs, "/api/clearance/verifications", new { permitNumber = clearancePermit, lines = CustomsLines(Tea, 901m) }, HttpStatusCode.OK);
        Assert.Equal($"报关单与 {clearancePermit} 不符：lines[0].quantity", tooMuchZh.GetProperty("detail").GetString());

        // A reason code of another kind of decision is a field message in the language asked for.
        var heldCode = await Expect(await DecideAsync(customs, NewCustomsNumber(), clearancePermit, Tea, 900m, "cleared", "H01"), HttpStatusCode.BadRequest);
        Assert.Equal("H01 (held awaiting a decision by the inspection authority) is a code for held, not cleared", Assert.Single(TestData.FieldErrors(heldCode, "reasonCode")));
        var heldCodeZh = await ChineseAsync(customs, "/api/clearance/decisions",
            new { customsDeclarationNumber = NewCustomsNumber(), permitNumber = clearancePermit, lines = CustomsLines(Tea, 900m), decision = "cleared", reasonCode = "H01" }, HttpStatusCode.BadRequest);
        Assert.Equal("H01（扣留，待检验检疫机构决定）是用于扣留的代码，而非放行", Assert.Single(TestData.FieldErrors(heldCodeZh, "reasonCode")));
        var sameFirst8 = await Expect(await customs.PostAsJsonAsync("/api/clearance/verifications", new { permitNumber = clearancePermit, lines = CustomsLines("0902101099", 900m) }), HttpStatusCode.OK);
        Outcome("match", sameFirst8);

        var customsNumber = NewCustomsNumber();
        await Expect(await DecideAsync(customs, customsNumber, clearancePermit, Tea, 900m), HttpStatusCode.Created);

        // The same customs declaration again.
        var twice = await Expect(await DecideAsync(customs, customsNumber, clearancePermit, Tea, 900m), HttpStatusCode.Conflict);
        Assert.Equal("customsDeclarationNumber", Field(twice));
        Assert.Equal($"customs declaration {customsNumber} already has a decision", twice.GetProperty("detail").GetString());
        var twiceZh = await ChineseAsync(customs, "/api/clearance/decisions",
            new { customsDeclarationNumber = customsNumber, permitNumber = clearancePermit, lines = CustomsLines(Tea, 900m), decision = "cleared", reasonCode = "C02" }, HttpStatusCode.Conflict);
        Assert.Equal($"报关单 {customsNumber} 已有决定", twiceZh.GetProperty("detail").GetString());

        // The verification kept with the decision is coded: shown in the reader's language.
        using var decisionsZh = new HttpRequestMessage(HttpMethod.Get, "/api/clearance/decisions?pageSize=100");
        decisionsZh.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var keptZh = (await Expect(await customs.SendAsync(decisionsZh), HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
            .Single(d => d.GetProperty("customsDeclarationNumber").GetString() == customsNumber);
        Assert.Equal($"核对结果为一致：报关单与电子通关单 {clearancePermit} 相符", keptZh.GetProperty("verification").GetString());
        var kept = (await Expect(await customs.GetAsync("/api/clearance/decisions?pageSize=100"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
            .Single(d => d.GetProperty("customsDeclarationNumber").GetString() == customsNumber);
        Assert.Equal($"match: the customs declaration agrees with the electronic clearance permit {clearancePermit}", kept.GetProperty("verification").GetString());

        // The same permit on another customs declaration: nothing is left to clear.
        var replayNumber = NewCustomsNumber();
        var replay = await Expect(await DecideAsync(customs, replayNumber, clearancePermit, Tea, 1m), HttpStatusCode.Conflict);
        Outcome("quantity-exhausted", replay);
        var decisions = await Expect(await customs.GetAsync("/api/clearance/decisions?pageSize=100"), HttpStatusCode.OK);
        Assert.Single(decisions.GetProperty("items").EnumerateArray(), d => d.GetProperty("permitNumber").GetString() == clearancePermit);

        // A clearance permit is not an inspection permit: the port does not release on it.
        var byNumber = await Expect(await port.PostAsJsonAsync("/api/certificates/releases", new { number = clearancePermit, verificationCode = "ABCDEFGH", drawDown = new[] { new { sequence = 1, quantity = 1m } } }), HttpStatusCode.Conflict);
        Assert.NotNull(Field(byNumber));

        // The decision reached AQSIQ once.
        var cleared = await WaitForStatusAsync(exporter, declaration.GetProperty("id").GetGuid(), "cleared");
        Assert.Single(Stages(cleared), s => s == "customs-decided");
    }
}

/// <summary>Customs verifies from its own copy when the AQSIQ node is down.</summary>
public abstract class ClearanceOfflineTests(ClearanceFederation fixture)
{
    private const string Tea = "0902101000";

    [Fact]
    public async Task Customs_verifies_the_clearance_permit_from_its_cached_copy_while_aqsiq_is_down()
    {
        var exporter = await fixture.SignInAsync("exporter.hangzhou");
        var inspector = await fixture.SignInAsync("ciq.hangzhou");
        var port = await fixture.SignInAsync("ciq.ningbo.port");
        var customs = await fixture.SignInAsync("customs.ningbo");
        var declaration = await ExportWithPermitAsync(exporter, inspector, 500m, NewLot("TEA-O"));
        var qr = (await PermitAsync(exporter, declaration.GetProperty("permitNumber").GetString()!)).GetProperty("qrPayload").GetString()!;
        await CheckWhenArrivedAsync(port, new { qr });
        var clearancePermit = (await Expect(await port.PostAsJsonAsync("/api/certificates/releases", new { qr, drawDown = new[] { new { sequence = 1, quantity = 500m } } }), HttpStatusCode.OK))
            .GetProperty("clearancePermit").GetString()!;
        Outcome("match", (await VerifyAtCustomsWhenArrivedAsync(customs, clearancePermit, Tea, 500m)));

        await fixture.Federation.StopNodeAsync(TestFederation.Aqsiq);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => exporter.GetAsync("/api/declarations"));
        var offline = await Expect(await customs.PostAsJsonAsync("/api/clearance/verifications", new { permitNumber = clearancePermit, lines = CustomsLines(Tea, 500m) }), HttpStatusCode.OK);
        Outcome("match", offline);
        var decided = await Expect(await DecideAsync(customs, NewCustomsNumber(), clearancePermit, Tea, 500m), HttpStatusCode.Created);
        Assert.Equal("cleared", decided.GetProperty("decision").GetString());
    }
}

[Collection("sqlite")]
public sealed class ClearanceBadInputOnSqlite(SqliteClearanceFederation fixture) : ClearanceBadInputTests(fixture), IClassFixture<SqliteClearanceFederation>;

[Collection("postgres")]
public sealed class ClearanceBadInputOnPostgres(PostgresClearanceFederation fixture) : ClearanceBadInputTests(fixture), IClassFixture<PostgresClearanceFederation>;

[Collection("sqlite")]
public sealed class ClearanceOfflineOnSqlite(SqliteClearanceFederation fixture) : ClearanceOfflineTests(fixture), IClassFixture<SqliteClearanceFederation>;

[Collection("postgres")]
public sealed class ClearanceOfflineOnPostgres(PostgresClearanceFederation fixture) : ClearanceOfflineTests(fixture), IClassFixture<PostgresClearanceFederation>;
