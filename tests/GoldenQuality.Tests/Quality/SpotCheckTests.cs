using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Quality.Contracts;
using GoldenQuality.Registry.Contracts;
using GoldenQuality.Tests.Infrastructure;
using static GoldenQuality.Tests.Quality.SpotCheckFederation;

namespace GoldenQuality.Tests.Quality;

/// <summary>
/// Market spot checks on the Zhejiang BQS node over HTTP: plans, sampling records, the judgement of laboratory results
/// with the standards engine (national and provincial limits, units, items without a limit), the refusals, follow-ups,
/// the public list, the dashboard and the failure sent to CIQ on the AQSIQ node.
/// </summary>
public abstract class SpotCheckTests(SpotCheckFederation fixture)
{
    private static string Text(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    private static JsonElement Item(JsonElement sample, string parameter) =>
        sample.GetProperty("results").EnumerateArray().Single(i => Text(i, "parameter") == parameter);

    private static string[] Errors(JsonElement problem, string field) =>
        problem.GetProperty("errors").TryGetProperty(field, out var e) ? [.. e.EnumerateArray().Select(x => x.GetString()!)] : [];

    [Fact]
    public async Task Results_are_judged_against_the_governing_national_or_provincial_limit_in_the_canonical_unit()
    {
        var licensing = await fixture.SignInAsync("bqs.licensing");
        var hangzhou = await fixture.SignInAsync("bqs.hangzhou");
        var plan = await PlanAsync(licensing);
        var number = Text(plan, "number");
        Assert.Matches(@"^PLAN-BQS-ZJ-\d{4}-\d{4}$", number);
        Assert.Equal("BQS-ZJ", Text(plan, "office"));

        // Conforming: lead 1.2 mg/kg in tea against GB 2762-2022 (5.0 mg/kg).
        var conforming = await JudgedAsync(hangzhou, number, [("pb", 1.2m, "mg/kg")]);
        Assert.Matches(@"^SC-BQS-ZJ-HZ-\d{4}-\d{6}$", Text(conforming, "number"));
        Assert.Equal("conforming", Text(conforming, "outcome"));
        var lead = Item(conforming, "pb");
        Assert.Equal(("GB 2762-2022", "4.1 表1", "max 5 mg/kg", "conforming"), (Text(lead, "standard"), Text(lead, "clause"), Text(lead, "limit"), Text(lead, "verdict")));

        // Nonconforming: 6.2 mg/kg, the item names GB 2762 and its clause.
        var failed = await JudgedAsync(hangzhou, number, [("pb", 6.2m, "mg/kg")]);
        Assert.Equal("nonconforming", Text(failed, "outcome"));
        lead = Item(failed, "pb");
        Assert.Equal(("GB 2762-2022", "4.1 表1", "nonconforming", 6.2m), (Text(lead, "standard"), Text(lead, "clause"), Text(lead, "verdict"), lead.GetProperty("canonicalValue").GetDecimal()));

        // Zhejiang's provincial standard (test data: 3.0 mg/kg) governs a tea sampled while it is in force: 4.0 fails...
        var provincial = await JudgedAsync(hangzhou, number, [("pb", 4.0m, "mg/kg")], s => s["sampledOn"] = Day(-150));
        Assert.Equal("nonconforming", Text(provincial, "outcome"));
        Assert.Equal((TestProvincialStandard, "TEST 4.1", "max 3 mg/kg"), (Text(Item(provincial, "pb"), "standard"), Text(Item(provincial, "pb"), "clause"), Text(Item(provincial, "pb"), "limit")));

        // ... and the national limit governs when no provincial one is in force (the same 4.0 passes) ...
        var national = await JudgedAsync(hangzhou, number, [("pb", 4.0m, "mg/kg")]);
        Assert.Equal(("conforming", "GB 2762-2022"), (Text(national, "outcome"), Text(Item(national, "pb"), "standard")));

        // ... and for rice, inherited from cereals (0.2 mg/kg), whatever the date.
        var rice = await JudgedAsync(hangzhou, number, [("pb", 0.25m, "mg/kg")], s => (s["category"], s["product"], s["sampledOn"]) = ("cereal.rice", "Milled rice 5 kg", Day(-150)));
        Assert.Equal(("nonconforming", "GB 2762-2022", "max 0.2 mg/kg"), (Text(rice, "outcome"), Text(Item(rice, "pb"), "standard"), Text(Item(rice, "pb"), "limit")));

        // Units: 5200 µg/kg is 5.2 mg/kg (fails), 4800 ug/kg is 4.8 mg/kg (passes).
        var micro = await JudgedAsync(hangzhou, number, [("pb", 5200m, "µg/kg")]);
        Assert.Equal(("nonconforming", 5.2m, "mg/kg", "µg/kg"),
            (Text(micro, "outcome"), Item(micro, "pb").GetProperty("canonicalValue").GetDecimal(), Text(Item(micro, "pb"), "canonicalUnit"), Text(Item(micro, "pb"), "unit")));
        Assert.Equal("conforming", Text(await JudgedAsync(hangzhou, number, [("pb", 4800m, "ug/kg")]), "outcome"));

        // A parameter without a limit (cadmium in tea) is reported as such, never passed.
        var noLimit = await JudgedAsync(hangzhou, number, [("pb", 1.0m, "mg/kg"), ("cd", 0.1m, "mg/kg")]);
        Assert.Equal("no-limit", Text(noLimit, "outcome"));
        Assert.Equal("no-limit", Text(Item(noLimit, "cd"), "verdict"));
        Assert.Contains("no requirement", Text(Item(noLimit, "cd"), "note"), StringComparison.Ordinal);
        Assert.Equal("conforming", Text(Item(noLimit, "pb"), "verdict"));

        // The plan lists its samples; the list filters by outcome.
        var read = await Expect(await licensing.GetAsync($"/api/quality/plans/{number}"), HttpStatusCode.OK);
        Assert.Equal(8, read.GetProperty("samplesTaken").GetInt32());
        var nonconforming = await Expect(await licensing.GetAsync($"/api/quality/samples?plan={number}&outcome=nonconforming"), HttpStatusCode.OK);
        Assert.Equal(4, nonconforming.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Every_refusal_names_the_field_and_writes_nothing()
    {
        var licensing = await fixture.SignInAsync("bqs.licensing");
        var hangzhou = await fixture.SignInAsync("bqs.hangzhou");
        var bad = await Expect(await licensing.PostAsJsonAsync("/api/quality/plans", new
        {
            level = "municipal", title = "", categories = new[] { "tea", "no-such-category" }, standards = new[] { "GB 0000-1900" }, plannedSamples = 0,
            regions = new[] { "320500" }, periodFrom = Day(0), periodTo = Day(-1),
        }), HttpStatusCode.BadRequest);
        foreach (var field in new[] { "level", "title", "categories", "standards", "regions", "plannedSamples", "periodTo" })
        {
            Assert.NotEmpty(Errors(bad, field));
        }

        Assert.Contains(Errors(bad, "regions"), r => r.Contains("outside", StringComparison.Ordinal));

        // An office below the bureau plans only within its area.
        var outside = await Expect(await hangzhou.PostAsJsonAsync("/api/quality/plans", new
        {
            level = "provincial", title = "Ningbo (test)", categories = new[] { "tea" }, standards = new[] { "GB 2762-2022" }, plannedSamples = 1, regions = new[] { "330200" },
            periodFrom = Day(-10), periodTo = Day(10),
        }), HttpStatusCode.BadRequest);
        Assert.Contains(Errors(outside, "regions"), r => r.Contains("BQS-ZJ-HZ", StringComparison.Ordinal));

        var number = Text(await PlanAsync(licensing, p => (p["periodFrom"], p["regions"]) = (Day(-30), new[] { "330100", "330200" })), "number");
        async Task Refused(Action<Dictionary<string, object?>> change, string field, string reason, HttpClient? who = null)
        {
            var problem = await Expect(await (who ?? hangzhou).PostAsJsonAsync($"/api/quality/plans/{number}/samples", Sample(change)), HttpStatusCode.BadRequest);
            Assert.Contains(Errors(problem, field), e => e.Contains(reason, StringComparison.Ordinal));
        }

        await Refused(s => s["sampledOn"] = Day(-40), "sampledOn", "outside the plan's period");
        await Refused(s => s["sampledOn"] = Day(1), "sampledOn", "in the future");
        await Refused(s => s["areaCode"] = "330300", "areaCode", "outside the plan's regions");
        await Refused(s => s["areaCode"] = "330203", "areaCode", "outside the area of BQS-ZJ-HZ");
        await Refused(s => s["areaCode"] = "339999", "areaCode", "not a GB/T 2260 area code");
        await Refused(s => s["category"] = "milk", "category", "not among the plan's categories");
        await Refused(s => s["manufacturerUscc"] = Uscc.WithCheckCharacter("91330100MA2B00001"), "manufacturerUscc", "is not an enterprise in this node's registry");
        await Refused(s => s["manufacturerUscc"] = "91330106MA2B0XXXXX", "manufacturerUscc", "");
        await Refused(s => s["samplers"] = Array.Empty<string>(), "samplers", "needs 1");
        await Refused(s => s["product"] = new string('x', 300), "product", "at most 256");
        var plan = await Expect(await licensing.GetAsync($"/api/quality/plans/{number}"), HttpStatusCode.OK);
        Assert.Equal(0, plan.GetProperty("samplesTaken").GetInt32());

        // The bureau samples anywhere in the plan's regions.
        await Expect(await licensing.PostAsJsonAsync($"/api/quality/plans/{number}/samples", Sample(s => s["areaCode"] = "330203")), HttpStatusCode.Created);

        // Results: bad items name their index; a second set without a re-test is a 409 naming results.
        var sample = Text(await Expect(await hangzhou.PostAsJsonAsync($"/api/quality/plans/{number}/samples", Sample()), HttpStatusCode.Created), "number");
        var items = await Expect(await hangzhou.PostAsJsonAsync($"/api/quality/samples/{sample}/results", Results([("pb", 1m, "mg/kg"), ("pb", 2m, "mg/kg"), ("lead", 1m, "mg/kg"), ("cd", 1m, "Cel")])),
            HttpStatusCode.BadRequest);
        Assert.Contains(Errors(items, "items[1].parameter"), e => e.Contains("twice", StringComparison.Ordinal));
        Assert.Contains(Errors(items, "items[2].parameter"), e => e.Contains("not a parameter", StringComparison.Ordinal));
        Assert.Contains(Errors(items, "items[3].unit"), e => e.Contains("not a unit of mass-fraction", StringComparison.Ordinal));
        Assert.Equal("pending", Text(await Expect(await hangzhou.GetAsync($"/api/quality/samples/{sample}"), HttpStatusCode.OK), "outcome"));
        await Expect(await hangzhou.PostAsJsonAsync($"/api/quality/samples/{sample}/results", Results([("pb", 1m, "mg/kg")])), HttpStatusCode.OK);
        var twice = await Expect(await hangzhou.PostAsJsonAsync($"/api/quality/samples/{sample}/results", Results([("pb", 9m, "mg/kg")])), HttpStatusCode.Conflict);
        Assert.Equal("results", Text(twice, "field"));

        // A follow-up of a conforming sample is refused naming its outcome.
        var conforming = await Expect(await hangzhou.PostAsJsonAsync($"/api/quality/samples/{sample}/follow-ups", new { kind = "penalty", detail = "x", dueOn = Day(10) }), HttpStatusCode.Conflict);
        Assert.Equal("outcome", Text(conforming, "field"));
    }

    [Fact]
    public async Task Refusals_are_in_the_language_of_the_request_with_their_code()
    {
        var hangzhou = await fixture.SignInAsync("bqs.hangzhou");
        async Task<JsonElement> SendAsync(HttpMethod method, string url, object? body, string language, HttpStatusCode status)
        {
            using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
            request.Headers.AcceptLanguage.ParseAdd(language);
            return await Expect(await hangzhou.SendAsync(request), status);
        }

        var plan = new
        {
            level = "provincial", title = "Languages (test)", categories = new[] { "tea" }, standards = new[] { "GB 2762-2022" }, plannedSamples = 1, regions = new[] { "330100" },
            periodFrom = Day(0), periodTo = Day(-1),
        };
        var en = await SendAsync(HttpMethod.Post, "/api/quality/plans", plan, "en", HttpStatusCode.BadRequest);
        Assert.Equal(["must be on or after periodFrom and at most two years after it"], Errors(en, "periodTo"));
        var zh = await SendAsync(HttpMethod.Post, "/api/quality/plans", plan, "zh-CN", HttpStatusCode.BadRequest);
        Assert.Equal(["须不早于 periodFrom，且不晚于其后两年"], Errors(zh, "periodTo"));
        Assert.Equal("quality.plan.period", zh.GetProperty("messages").GetProperty("periodTo")[0].GetProperty("code").GetString());

        // A conflict names the outcome in the reader's language; the detail is the reason alone.
        var number = Text(await PlanAsync(hangzhou), "number");
        var sample = Text(await JudgedAsync(hangzhou, number, [("pb", 1m, "mg/kg")]), "number");
        var followUp = new { kind = "penalty", detail = "x", dueOn = Day(10) };
        var conflict = await SendAsync(HttpMethod.Post, $"/api/quality/samples/{sample}/follow-ups", followUp, "en", HttpStatusCode.Conflict);
        Assert.Equal($"{sample} is conforming: follow-ups are for samples judged nonconforming (or without a limit)", Text(conflict, "detail"));
        conflict = await SendAsync(HttpMethod.Post, $"/api/quality/samples/{sample}/follow-ups", followUp, "zh-CN", HttpStatusCode.Conflict);
        Assert.Equal($"{sample} 的判定结论为合格：后处理仅适用于判定为不合格（或无适用限量）的样品", Text(conflict, "detail"));
        Assert.Equal(("outcome", "quality.follow-up.not-nonconforming"), (Text(conflict, "field"), Text(conflict.GetProperty("message"), "code")));

        var missing = await SendAsync(HttpMethod.Get, "/api/quality/plans/PLAN-NONE", null, "zh-CN", HttpStatusCode.NotFound);
        Assert.Equal("不存在抽查计划“PLAN-NONE”。", Text(missing, "detail"));
        missing = await SendAsync(HttpMethod.Get, "/api/quality/plans/PLAN-NONE", null, "en", HttpStatusCode.NotFound);
        Assert.Equal("No spot-check plan 'PLAN-NONE' exists.", Text(missing, "detail"));
    }

    [Fact]
    public async Task Only_bqs_officers_of_the_province_work_spot_checks_and_anyone_reads_the_public_list()
    {
        var maker = await fixture.SignInAsync("tea.maker");
        Assert.Equal(HttpStatusCode.Forbidden, (await maker.GetAsync("/api/quality/plans")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await maker.GetAsync("/api/quality/dashboard")).StatusCode);
        using var anonymous = new HttpClient { BaseAddress = fixture.Federation[Bqs].Url };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/quality/samples")).StatusCode);

        var hangzhou = await fixture.SignInAsync("bqs.hangzhou");
        var number = Text(await PlanAsync(hangzhou), "number");
        var failed = await JudgedAsync(hangzhou, number, [("pb", 6.2m, "mg/kg")], s => s["brand"] = "Public Peak");
        var passed = await JudgedAsync(hangzhou, number, [("pb", 0.5m, "mg/kg")], s => s["brand"] = "Public Peak");
        var list = await Expect(await anonymous.GetAsync("/api/quality/public/nonconforming-products?category=tea&pageSize=500"), HttpStatusCode.OK);
        var items = list.GetProperty("items").EnumerateArray().ToList();
        var shown = Assert.Single(items, i => Text(i, "sampleNumber") == Text(failed, "number"));
        Assert.DoesNotContain(items, i => Text(i, "sampleNumber") == Text(passed, "number"));
        Assert.Equal(("Longjing green tea 250 g", "Public Peak", Tea, "330106"), (Text(shown, "product"), Text(shown, "brand"), Text(shown, "manufacturerUscc"), Text(shown, "areaCode")));
        var item = Assert.Single(shown.GetProperty("failed").EnumerateArray());
        Assert.Equal(("pb", 6.2m, "max 5 mg/kg", "GB 2762-2022", "4.1 表1"),
            (Text(item, "parameter"), item.GetProperty("value").GetDecimal(), Text(item, "limit"), Text(item, "standard"), Text(item, "clause")));
        var outOfPeriod = await Expect(await anonymous.GetAsync($"/api/quality/public/nonconforming-products?to={Day(-20)}&pageSize=500"), HttpStatusCode.OK);
        Assert.DoesNotContain(outOfPeriod.GetProperty("items").EnumerateArray(), i => Text(i, "sampleNumber") == Text(failed, "number"));
        var badPage = await Expect(await anonymous.GetAsync("/api/quality/public/nonconforming-products?pageSize=501"), HttpStatusCode.BadRequest);
        Assert.NotEmpty(Errors(badPage, "pageSize"));

        // Another province's BQS officer, even signed in on this node, sees nothing of Zhejiang's spot checks.
        var jiangsu = await fixture.SignInAsync(JiangsuOfficer, JiangsuPassword);
        Assert.Equal(HttpStatusCode.NotFound, (await jiangsu.GetAsync($"/api/quality/plans/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await jiangsu.GetAsync($"/api/quality/samples/{Text(failed, "number")}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await jiangsu.PostAsJsonAsync($"/api/quality/samples/{Text(failed, "number")}/follow-ups",
            new { kind = "penalty", detail = "x", dueOn = Day(5) })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await jiangsu.PostAsJsonAsync($"/api/quality/plans/{number}/samples", Sample())).StatusCode);
        Assert.Equal(0, (await Expect(await jiangsu.GetAsync("/api/quality/plans"), HttpStatusCode.OK)).GetProperty("total").GetInt32());
        Assert.Equal(0, (await Expect(await jiangsu.GetAsync("/api/quality/samples"), HttpStatusCode.OK)).GetProperty("total").GetInt32());
        var elsewhere = await Expect(await jiangsu.GetAsync("/api/quality/dashboard"), HttpStatusCode.OK);
        Assert.Equal(("320000", 0), (Text(elsewhere, "province"), elsewhere.GetProperty("byCategory").GetArrayLength()));

        // The Hangzhou office does not act on a sample the bureau took in Ningbo.
        var licensing = await fixture.SignInAsync("bqs.licensing");
        var province = Text(await PlanAsync(licensing, p => p["regions"] = new[] { "330100", "330200" }), "number");
        var ningbo = Text(await Expect(await licensing.PostAsJsonAsync($"/api/quality/plans/{province}/samples", Sample(s => s["areaCode"] = "330203")), HttpStatusCode.Created), "number");
        Assert.Equal(HttpStatusCode.Forbidden, (await hangzhou.PostAsJsonAsync($"/api/quality/samples/{ningbo}/results", Results([("pb", 1m, "mg/kg")]))).StatusCode);

        // A re-test pending takes the sample off the public list until its result is in.
        await Expect(await hangzhou.PostAsJsonAsync($"/api/quality/samples/{Text(failed, "number")}/follow-ups", new { kind = "re-test", detail = "The manufacturer asked for a re-test", dueOn = Day(20) }),
            HttpStatusCode.OK);
        list = await Expect(await anonymous.GetAsync("/api/quality/public/nonconforming-products?category=tea&pageSize=500"), HttpStatusCode.OK);
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), i => Text(i, "sampleNumber") == Text(failed, "number"));
    }

    [Fact]
    public async Task Follow_ups_are_listed_open_and_overdue_a_retest_is_judged_and_they_close()
    {
        var hangzhou = await fixture.SignInAsync("bqs.hangzhou");
        var number = Text(await PlanAsync(hangzhou), "number");
        var sample = Text(await JudgedAsync(hangzhou, number, [("pb", 7.5m, "mg/kg")]), "number");
        var bad = await Expect(await hangzhou.PostAsJsonAsync($"/api/quality/samples/{sample}/follow-ups", new { kind = "warning", detail = "", dueOn = (string?)null }), HttpStatusCode.BadRequest);
        Assert.Equal(3, new[] { "kind", "detail", "dueOn" }.Count(f => Errors(bad, f).Length > 0));
        var suspension = await Expect(await hangzhou.PostAsJsonAsync($"/api/quality/samples/{sample}/follow-ups", new { kind = "licence-suspension", detail = "x", dueOn = Day(5) }),
            HttpStatusCode.BadRequest);
        Assert.NotEmpty(Errors(suspension, "licenceNumber"));

        // A rectification order due yesterday is overdue at once.
        var order = await Expect(await hangzhou.PostAsJsonAsync($"/api/quality/samples/{sample}/follow-ups",
            new { kind = "rectification-order", detail = "责令整改: recall lot and fix the raw-leaf supplier check (test)", dueOn = Day(-1) }), HttpStatusCode.OK);
        var id = order.GetProperty("followUps").EnumerateArray().Single(f => Text(f, "kind") == "rectification-order").GetProperty("id").GetGuid();
        var overdue = await Expect(await hangzhou.GetAsync("/api/quality/follow-ups?overdue=true&pageSize=500"), HttpStatusCode.OK);
        var listed = Assert.Single(overdue.GetProperty("items").EnumerateArray(), f => f.GetProperty("id").GetGuid() == id);
        Assert.True(listed.GetProperty("overdue").GetBoolean());
        var dashboard = await Expect(await hangzhou.GetAsync("/api/quality/dashboard"), HttpStatusCode.OK);
        Assert.Contains(dashboard.GetProperty("overdue").EnumerateArray(), f => f.GetProperty("id").GetGuid() == id);

        // Closing needs an outcome; once closed, it is neither open nor overdue, and cannot be closed again.
        var noOutcome = await Expect(await hangzhou.PostAsJsonAsync($"/api/quality/follow-ups/{id}/close", new { outcome = " " }), HttpStatusCode.BadRequest);
        Assert.NotEmpty(Errors(noOutcome, "outcome"));
        var closed = await Expect(await hangzhou.PostAsJsonAsync($"/api/quality/follow-ups/{id}/close", new { outcome = "Rectified: lot recalled (test)" }), HttpStatusCode.OK);
        Assert.Equal(("closed", false, "bqs.hangzhou"), (Text(closed, "status"), closed.GetProperty("overdue").GetBoolean(), Text(closed, "closedBy")));
        var open = await Expect(await hangzhou.GetAsync("/api/quality/follow-ups?open=true&pageSize=500"), HttpStatusCode.OK);
        Assert.DoesNotContain(open.GetProperty("items").EnumerateArray(), f => f.GetProperty("id").GetGuid() == id);
        Assert.Equal("status", Text(await Expect(await hangzhou.PostAsJsonAsync($"/api/quality/follow-ups/{id}/close", new { outcome = "again" }), HttpStatusCode.Conflict), "field"));

        // A re-test takes a second result set, judged as the re-test's outcome, and closes the re-test follow-up.
        await Expect(await hangzhou.PostAsJsonAsync($"/api/quality/samples/{sample}/follow-ups", new { kind = "re-test", detail = "复检 (test)", dueOn = Day(10) }), HttpStatusCode.OK);
        Assert.Equal("kind", Text(await Expect(await hangzhou.PostAsJsonAsync($"/api/quality/samples/{sample}/follow-ups", new { kind = "re-test", detail = "again", dueOn = Day(10) }),
            HttpStatusCode.Conflict), "field"));
        var retested = await Expect(await hangzhou.PostAsJsonAsync($"/api/quality/samples/{sample}/results", Results([("pb", 7.1m, "mg/kg")])), HttpStatusCode.OK);
        Assert.Equal(("nonconforming", "nonconforming", "nonconforming"), (Text(retested, "outcome"), Text(retested, "reTestOutcome"), Text(retested, "finalOutcome")));
        Assert.Equal(7.1m, Assert.Single(retested.GetProperty("reTestResults").EnumerateArray()).GetProperty("value").GetDecimal());
        Assert.Equal("closed", Text(retested.GetProperty("followUps").EnumerateArray().Single(f => Text(f, "kind") == "re-test"), "status"));
        Assert.Equal("results", Text(await Expect(await hangzhou.PostAsJsonAsync($"/api/quality/samples/{sample}/results", Results([("pb", 1m, "mg/kg")])), HttpStatusCode.Conflict), "field"));
    }

    [Fact]
    public async Task A_licence_suspension_follow_up_suspends_the_manufacturers_licence_in_the_same_save()
    {
        var maker = await fixture.SignInAsync("tea.maker");
        var licensing = await fixture.SignInAsync("bqs.licensing");
        var applied = await Expect(await maker.PostAsJsonAsync("/api/quality/licences",
            new { kind = "food", siteAddress = "浙江省杭州市西湖区示例路1号（测试）", siteArea = "330106", categories = new[] { "tea" } }), HttpStatusCode.Created);
        var application = Text(applied, "applicationNumber");
        await Expect(await licensing.PostAsJsonAsync($"/api/quality/licences/{application}/review",
            new { scheduledOn = Day(-60), reviewers = new[] { "王核查", "李核查" }, result = "pass", findings = "conforms (test)" }), HttpStatusCode.OK);
        var licence = Text(await Expect(await licensing.PostAsJsonAsync($"/api/quality/licences/{application}/grant", new { }), HttpStatusCode.OK), "number");

        var number = Text(await PlanAsync(licensing), "number");
        var sample = Text(await JudgedAsync(licensing, number, [("pb", 8m, "mg/kg")]), "number");
        var unknown = await Expect(await licensing.PostAsJsonAsync($"/api/quality/samples/{sample}/follow-ups",
            new { kind = "licence-suspension", detail = "暂停生产许可 (test)", dueOn = Day(30), licenceNumber = "SC-NO-SUCH-LICENCE" }), HttpStatusCode.BadRequest);
        Assert.Contains(Errors(unknown, "licenceNumber"), e => e.Contains("not a production licence of the manufacturer", StringComparison.Ordinal));

        var suspended = await Expect(await licensing.PostAsJsonAsync($"/api/quality/samples/{sample}/follow-ups",
            new { kind = "licence-suspension", detail = "暂停生产许可: lead above GB 2762 (test)", dueOn = Day(30), licenceNumber = licence }), HttpStatusCode.OK);
        var followUp = Assert.Single(suspended.GetProperty("followUps").EnumerateArray());
        Assert.Equal(("licence-suspension", licence, "open"), (Text(followUp, "kind"), Text(followUp, "licenceNumber"), Text(followUp, "status")));
        var read = await Expect(await licensing.GetAsync($"/api/quality/licences/{Uri.EscapeDataString(licence)}"), HttpStatusCode.OK);
        Assert.Equal("suspended", Text(read, "status"));
        Assert.Contains(read.GetProperty("history").EnumerateArray(), h => Text(h, "action") == "suspended" && h.GetProperty("reference").GetString() == sample);

        // Suspending it again is the licence register's refusal, and no second follow-up is written.
        var again = await licensing.PostAsJsonAsync($"/api/quality/samples/{sample}/follow-ups",
            new { kind = "licence-suspension", detail = "again (test)", dueOn = Day(30), licenceNumber = licence });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var after = await Expect(await licensing.GetAsync($"/api/quality/samples/{sample}"), HttpStatusCode.OK);
        Assert.Single(after.GetProperty("followUps").EnumerateArray());
    }

    [Fact]
    public async Task A_nonconforming_sample_reaches_the_aqsiq_node_for_the_ciq_office_of_the_manufacturers_area()
    {
        var hangzhou = await fixture.SignInAsync("bqs.hangzhou");
        var number = Text(await PlanAsync(hangzhou), "number");
        var sample = Text(await JudgedAsync(hangzhou, number, [("pb", 6.2m, "mg/kg"), ("cd", 0.1m, "mg/kg")]), "number");
        using var aqsiq = fixture.Federation[TestFederation.Aqsiq].Client();
        JsonElement payload = default;
        await TestFederation.WaitUntilAsync(async () =>
        {
            var inbox = await (await aqsiq.GetAsync($"/api/exchange/inbox?type={QualityWire.SpotCheckNonconformingType}&pageSize=500")).Json();
            payload = inbox.GetProperty("items").EnumerateArray().Select(i => JsonDocument.Parse(Text(i, "payload")).RootElement.Clone())
                .FirstOrDefault(p => Text(p, "sampleNumber") == sample);
            return payload.ValueKind == JsonValueKind.Object;
        }, "the AQSIQ node to receive the spot-check failure");
        Assert.Equal((number, Tea, "CIQ-ZJ-HZ", "BQS-ZJ-HZ", "tea"), (Text(payload, "planNumber"), Text(payload, "manufacturerUscc"), Text(payload, "ciqOffice"), Text(payload, "office"), Text(payload, "category")));
        var failed = Assert.Single(payload.GetProperty("failed").EnumerateArray());
        Assert.Equal(("pb", 6.2m, "mg/kg", "GB 2762-2022", "4.1 表1"),
            (Text(failed, "parameter"), failed.GetProperty("value").GetDecimal(), Text(failed, "unit"), Text(failed, "standard"), Text(failed, "clause")));

        // A conforming sample sends nothing.
        var passed = Text(await JudgedAsync(hangzhou, number, [("pb", 1m, "mg/kg")]), "number");
        var all = await (await aqsiq.GetAsync($"/api/exchange/inbox?type={QualityWire.SpotCheckNonconformingType}&pageSize=500")).Json();
        Assert.DoesNotContain(all.GetProperty("items").EnumerateArray(), i => Text(i, "payload").Contains(passed, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_dashboard_gives_pass_rates_by_category_and_region_and_plan_progress()
    {
        // Wenzhou (330300) is sampled by this test only, so its region row is this test's figures.
        var licensing = await fixture.SignInAsync("bqs.licensing");
        var plan = await PlanAsync(licensing, p => (p["regions"], p["plannedSamples"], p["title"]) = (new[] { "330300" }, 5, "Wenzhou dashboard (test)"));
        var number = Text(plan, "number");
        void InWenzhou(Dictionary<string, object?> s) => s["areaCode"] = "330302";
        await JudgedAsync(licensing, number, [("pb", 1m, "mg/kg")], InWenzhou);
        await JudgedAsync(licensing, number, [("pb", 2m, "mg/kg")], InWenzhou);
        await JudgedAsync(licensing, number, [("pb", 6m, "mg/kg")], InWenzhou);
        await JudgedAsync(licensing, number, [("pb", 1m, "mg/kg"), ("cd", 1m, "mg/kg")], InWenzhou);
        await Expect(await licensing.PostAsJsonAsync($"/api/quality/plans/{number}/samples", Sample(InWenzhou)), HttpStatusCode.Created); // not judged yet

        var dashboard = await Expect(await licensing.GetAsync("/api/quality/dashboard"), HttpStatusCode.OK);
        Assert.Equal("330000", Text(dashboard, "province"));
        var region = dashboard.GetProperty("byRegion").EnumerateArray().Single(r => Text(r, "key") == "330300");
        Assert.Equal((4, 2, 1, 1, 50.0m), (region.GetProperty("judged").GetInt32(), region.GetProperty("conforming").GetInt32(), region.GetProperty("nonconforming").GetInt32(),
            region.GetProperty("noLimit").GetInt32(), region.GetProperty("passRate").GetDecimal()));
        var progress = dashboard.GetProperty("plans").EnumerateArray().Single(p => Text(p, "number") == number);
        Assert.Equal((5, 5), (progress.GetProperty("planned").GetInt32(), progress.GetProperty("taken").GetInt32()));

        // The category row counts every judged tea sample of the province, as the sample list does.
        var all = await Expect(await licensing.GetAsync("/api/quality/samples?pageSize=500"), HttpStatusCode.OK);
        var tea = all.GetProperty("items").EnumerateArray().Where(s => Text(s, "category") == "tea" && Text(s, "finalOutcome") != "pending").ToList();
        var row = dashboard.GetProperty("byCategory").EnumerateArray().Single(r => Text(r, "key") == "tea");
        Assert.Equal((tea.Count, tea.Count(s => Text(s, "finalOutcome") == "conforming")), (row.GetProperty("judged").GetInt32(), row.GetProperty("conforming").GetInt32()));
        Assert.Equal(Math.Round(100m * row.GetProperty("conforming").GetInt32() / tea.Count, 1), row.GetProperty("passRate").GetDecimal());
    }
}

[Collection("sqlite")]
public sealed class SpotCheckOnSqlite(SqliteSpotCheckFederation fixture) : SpotCheckTests(fixture), IClassFixture<SqliteSpotCheckFederation>;

[Collection("postgres")]
public sealed class SpotCheckOnPostgres(PostgresSpotCheckFederation fixture) : SpotCheckTests(fixture), IClassFixture<PostgresSpotCheckFederation>;
