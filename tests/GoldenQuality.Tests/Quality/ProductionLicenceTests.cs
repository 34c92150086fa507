using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Quality;
using GoldenQuality.Quality.Contracts;
using GoldenQuality.Registry.Contracts;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Tests.Quality;

/// <summary>
/// The national node (AQSIQ, hosting CIQ-ZJ*) and the Zhejiang BQS node with its demo accounts, for the production-licence
/// tests; one Jiangsu BQS officer is added on the BQS node to prove the province rule. Each test applies for its own licences.
/// </summary>
public abstract class LicenceFederation : IAsyncLifetime
{
    public const string Tea = "913301000000DEM01D";
    public const string NingboFood = "913302000000DEM02M";
    public const string JiangsuOfficer = "bqs.jiangsu.test";
    public const string JiangsuPassword = "test-bqs-js-2026";

    public abstract DatabaseProvider Provider { get; }

    public TestFederation Federation { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Federation = await TestFederation.StartAsync(Provider, bqs: true);
        var (scope, _) = Federation[TestFederation.BqsZhejiang].Database();
        await using (scope)
        {
            var office = await scope.ServiceProvider.GetRequiredService<IRegistryDirectory>().FindOfficeAsync("BQS-ZJ", CancellationToken.None);
            var admin = new Actor(Guid.Empty, "test-admin", UserRoles.Admin | UserRoles.System, office!.Id, office.Code, office.Agency, office.ProvinceCode, null) { OrganisationKind = office.Kind };
            var created = await scope.ServiceProvider.GetRequiredService<CreateUser>().HandleAsync(admin,
                new NewUser(JiangsuOfficer, "Jiangsu BQS officer (test)", JiangsuPassword, ["officer"], "BQS-JS", null), CancellationToken.None);
            Assert.True(created.Succeeded, "could not create the Jiangsu officer: " + created.StatusCode);
        }
    }

    public async Task DisposeAsync() => await Federation.DisposeAsync();

    public Task<HttpClient> SignInAsync(string user, string? password = null) => Federation.SignInAsync(TestFederation.BqsZhejiang, user, password);
}

public sealed class SqliteLicenceFederation : LicenceFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresLicenceFederation : LicenceFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>The production-licence register over HTTP on the Zhejiang BQS node: lifecycle, refusals naming the field, access, sharing with AQSIQ.</summary>
public abstract class ProductionLicenceTests(LicenceFederation fixture)
{
    private static Dictionary<string, object?> Application(Action<Dictionary<string, object?>>? change = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["kind"] = "food", ["siteAddress"] = "浙江省杭州市西湖区示例路1号（测试）", ["siteArea"] = "330106", ["categories"] = new[] { "tea" },
        };
        change?.Invoke(body);
        return body;
    }

    private static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string[] Errors(JsonElement problem, string field) =>
        problem.GetProperty("errors").TryGetProperty(field, out var e) ? [.. e.EnumerateArray().Select(x => x.GetString()!)] : [];

    private static string Url(string number, string step = "") => "/api/quality/licences/" + Uri.EscapeDataString(number) + (step.Length > 0 ? "/" + step : "");

    /// <summary>Applies as <paramref name="by"/>, reviews (passed) and grants as bqs.licensing; returns the granted licence.</summary>
    private async Task<JsonElement> GrantedAsync(HttpClient by, HttpClient officer, Action<Dictionary<string, object?>>? change = null)
    {
        var applied = await Expect(await by.PostAsJsonAsync("/api/quality/licences", Application(change)), HttpStatusCode.Created);
        var app = applied.GetProperty("applicationNumber").GetString()!;
        await Expect(await officer.PostAsJsonAsync(Url(app, "review"),
            new { scheduledOn = "2026-03-10", reviewers = new[] { "王核查", "李核查" }, result = "pass", findings = "site, equipment and records conform" }), HttpStatusCode.OK);
        return await Expect(await officer.PostAsJsonAsync(Url(app, "grant"), new { }), HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_maker_applies_and_the_bureau_reviews_grants_changes_suspends_reinstates_and_revokes_and_CIQ_hears_of_it()
    {
        var maker = await fixture.SignInAsync("tea.maker");
        var officer = await fixture.SignInAsync("bqs.licensing");
        var applied = await Expect(await maker.PostAsJsonAsync("/api/quality/licences", Application()), HttpStatusCode.Created);
        var app = applied.GetProperty("applicationNumber").GetString()!;
        Assert.Matches(@"^QLA-BQS-ZJ-20\d{6}-\d{4}$", app);
        Assert.Equal("applied", applied.GetProperty("status").GetString());
        Assert.Equal(LicenceFederation.Tea, applied.GetProperty("holderUscc").GetString());
        Assert.Equal("BQS-ZJ-HZ", applied.GetProperty("office").GetString());
        Assert.Equal(JsonValueKind.Null, applied.GetProperty("number").ValueKind);

        var early = await Expect(await officer.PostAsJsonAsync(Url(app, "grant"), new { }), HttpStatusCode.Conflict);
        Assert.Equal("review", early.GetProperty("field").GetString());
        var scheduled = await Expect(await officer.PostAsJsonAsync(Url(app, "review"), new { scheduledOn = "2026-03-10", reviewers = new[] { "王核查" } }), HttpStatusCode.OK);
        Assert.Equal("under-review", scheduled.GetProperty("status").GetString());
        await Expect(await officer.PostAsJsonAsync(Url(app, "review"), new { result = "pass", findings = "conforms" }), HttpStatusCode.OK);
        await Expect(await maker.PostAsJsonAsync(Url(app, "grant"), new { }), HttpStatusCode.Forbidden);
        var tooLong = await Expect(await officer.PostAsJsonAsync(Url(app, "grant"), new { validFrom = "2026-04-01", validTo = "2031-04-01" }), HttpStatusCode.BadRequest);
        Assert.Contains("at most 5 years", Assert.Single(Errors(tooLong, "validTo")), StringComparison.Ordinal);

        var granted = await Expect(await officer.PostAsJsonAsync(Url(app, "grant"), new { reason = "documents and site conform" }), HttpStatusCode.OK);
        var number = granted.GetProperty("number").GetString()!;
        Assert.Matches(@"^SC1330106\d{7}$", number);
        Assert.Equal(LicenceRules.LuhnDigit(number[2..15]), number[15]);
        Assert.Equal("granted", granted.GetProperty("status").GetString());
        var from = DateOnly.Parse(granted.GetProperty("validFrom").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(from.AddYears(5).AddDays(-1), DateOnly.Parse(granted.GetProperty("validTo").GetString()!, System.Globalization.CultureInfo.InvariantCulture));

        var changed = await Expect(await officer.PostAsJsonAsync(Url(number, "change"),
            new { categories = new[] { "tea", "fruit-product" }, reason = "beverages added", version = granted.GetProperty("version").GetInt64() }), HttpStatusCode.OK);
        Assert.Equal(["tea", "fruit-product"], changed.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!));
        Assert.Contains("(categories tea; site", changed.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString(), StringComparison.Ordinal);
        var stale = await Expect(await officer.PostAsJsonAsync(Url(number, "change"), new { siteAddress = "x", reason = "y", version = granted.GetProperty("version").GetInt64() }),
            HttpStatusCode.Conflict);
        Assert.Equal("version", stale.GetProperty("field").GetString());

        var noReason = await Expect(await officer.PostAsJsonAsync(Url(number, "suspend"), new { }), HttpStatusCode.BadRequest);
        Assert.Equal(["is required"], Errors(noReason, "reason"));
        var suspended = await Expect(await officer.PostAsJsonAsync(Url(number, "suspend"), new { reason = "lead above GB 2762 in a market sample", reference = "QS-T-0001" }), HttpStatusCode.OK);
        Assert.Equal("suspended", suspended.GetProperty("status").GetString());
        Assert.Equal("QS-T-0001", suspended.GetProperty("history").EnumerateArray().Last().GetProperty("reference").GetString());
        await Expect(await officer.PostAsJsonAsync(Url(number, "reinstate"), new { reason = "rectified and re-tested" }), HttpStatusCode.OK);
        var revoked = await Expect(await officer.PostAsJsonAsync(Url(number, "revoke"), new { reason = "repeated failures" }), HttpStatusCode.OK);
        Assert.Equal("revoked", revoked.GetProperty("status").GetString());
        Assert.Equal(["applied", "review-scheduled", "reviewed", "granted", "changed", "suspended", "reinstated", "revoked"],
            revoked.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()!));
        Assert.Equal("bqs.licensing", revoked.GetProperty("history").EnumerateArray().Last().GetProperty("by").GetString());
        var again = await Expect(await officer.PostAsJsonAsync(Url(number, "reinstate"), new { reason = "appeal" }), HttpStatusCode.Conflict);
        Assert.Equal("status", again.GetProperty("field").GetString());
        Assert.Contains("is revoked", again.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var mine = await Expect(await maker.GetAsync("/api/quality/licences?status=revoked&q=" + number), HttpStatusCode.OK);
        Assert.Equal(number, Assert.Single(mine.GetProperty("items").EnumerateArray()).GetProperty("number").GetString());

        // The CIQ office of Hangzhou (hosted by the national node) heard of every status change after the grant.
        var statuses = await ReceivedAtAqsiqAsync(number, 5);
        Assert.Equal(["granted", "granted", "suspended", "granted", "revoked"], statuses.Select(p => p.GetProperty("status").GetString()!));
        var suspension = statuses[2];
        Assert.Equal("CIQ-ZJ-HZ", suspension.GetProperty("ciqOffice").GetString());
        Assert.Equal("lead above GB 2762 in a market sample", suspension.GetProperty("reason").GetString());
        Assert.Equal(LicenceFederation.Tea, suspension.GetProperty("holderUscc").GetString());

        // AQSIQ reads the holder's licences through the production-licence dataset (T-20).
        var aqsiq = fixture.Federation.Track(fixture.Federation[TestFederation.Aqsiq].Client());
        var outcome = await Expect(await aqsiq.PostAsJsonAsync("/api/exchange/queries",
            new { provider = TestFederation.BqsZhejiang, dataset = "production-licence", parameters = new { uscc = LicenceFederation.Tea } }), HttpStatusCode.OK);
        Assert.True(outcome.GetProperty("answered").GetBoolean(), outcome.ToString());
        var answered = outcome.GetProperty("answer").GetProperty("licences").EnumerateArray().Single(l => l.GetProperty("number").GetString() == number);
        Assert.Equal("revoked", answered.GetProperty("status").GetString());
        Assert.Equal("repeated failures", answered.GetProperty("lastChangeReason").GetString());
        Assert.Equal(["tea", "fruit-product"], answered.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!));
    }

    [Fact]
    public async Task Refusals_are_in_the_language_of_the_request_with_their_code()
    {
        var officer = await fixture.SignInAsync("bqs.licensing");
        async Task<JsonElement> SendAsync(string url, object body, string language, HttpStatusCode status)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
            request.Headers.AcceptLanguage.ParseAdd(language);
            return await Expect(await officer.SendAsync(request), status);
        }

        var app = (await Expect(await officer.PostAsJsonAsync("/api/quality/licences", Application(b => b["holderUscc"] = LicenceFederation.Tea)), HttpStatusCode.Created))
            .GetProperty("applicationNumber").GetString()!;
        var review = new { scheduledOn = "2026-03-12", reviewers = Array.Empty<string>(), result = "maybe" };
        var en = await SendAsync(Url(app, "review"), review, "en", HttpStatusCode.BadRequest);
        Assert.Equal(["at least one reviewer is required"], Errors(en, "reviewers"));
        Assert.Equal(["'maybe' is not one of: pass, fail"], Errors(en, "result"));
        var zh = await SendAsync(Url(app, "review"), review, "zh-CN", HttpStatusCode.BadRequest);
        Assert.Equal(["至少需要一名核查人员"], Errors(zh, "reviewers"));
        Assert.Equal(["“maybe”不是允许的值（允许：pass, fail）"], Errors(zh, "result"));
        Assert.Equal("licence.review.reviewer-required", zh.GetProperty("messages").GetProperty("reviewers")[0].GetProperty("code").GetString());

        // A conflict's detail is the reason alone, in the reader's language; the field and the code go in extensions.
        var early = await SendAsync(Url(app, "grant"), new { }, "en", HttpStatusCode.Conflict);
        Assert.Equal($"{app} cannot be granted before its on-site review passed (review: not recorded)", early.GetProperty("detail").GetString());
        early = await SendAsync(Url(app, "grant"), new { }, "zh-CN", HttpStatusCode.Conflict);
        Assert.Equal($"{app} 的现场核查通过前不能发证（核查结论：未登记）", early.GetProperty("detail").GetString());
        Assert.Equal(("review", "licence.grant.not-passed"), (early.GetProperty("field").GetString(), early.GetProperty("message").GetProperty("code").GetString()));

        await Expect(await officer.PostAsJsonAsync(Url(app, "refuse"), new { reason = "the applicant withdrew (test)" }), HttpStatusCode.OK);
        var illegal = await SendAsync(Url(app, "review"), new { scheduledOn = "2026-04-01", reviewers = new[] { "王核查" } }, "en", HttpStatusCode.Conflict);
        Assert.Equal($"the food production licence {app} is refused and cannot be reviewed", illegal.GetProperty("detail").GetString());
        illegal = await SendAsync(Url(app, "review"), new { scheduledOn = "2026-04-01", reviewers = new[] { "王核查" } }, "zh-CN", HttpStatusCode.Conflict);
        Assert.Equal($"食品生产许可证 {app} 当前为“不予许可”状态，不能进行现场核查", illegal.GetProperty("detail").GetString());

        // A 403's reason too: an enterprise applies only for itself.
        var maker = await fixture.SignInAsync("tea.maker");
        using var forbidden = new HttpRequestMessage(HttpMethod.Post, "/api/quality/licences") { Content = JsonContent.Create(Application(b => b["holderUscc"] = LicenceFederation.NingboFood)) };
        forbidden.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var refused = await Expect(await maker.SendAsync(forbidden), HttpStatusCode.Forbidden);
        Assert.EndsWith($" 只能为本企业（{LicenceFederation.Tea}）申请，不能为 {LicenceFederation.NingboFood} 申请。", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("licence.apply.own", refused.GetProperty("message").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_refused_application_keeps_its_reason_and_an_industrial_licence_gets_a_provincial_number_and_expires()
    {
        var officer = await fixture.SignInAsync("bqs.licensing");
        var applied = await Expect(await officer.PostAsJsonAsync("/api/quality/licences", Application(b => b["holderUscc"] = LicenceFederation.Tea)), HttpStatusCode.Created);
        var app = applied.GetProperty("applicationNumber").GetString()!;
        await Expect(await officer.PostAsJsonAsync(Url(app, "review"),
            new { scheduledOn = "2026-03-12", reviewers = new[] { "王核查" }, result = "fail", findings = "no water-quality records" }), HttpStatusCode.OK);
        var failed = await Expect(await officer.PostAsJsonAsync(Url(app, "grant"), new { }), HttpStatusCode.Conflict);
        Assert.Contains("review: fail", failed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var noReason = await Expect(await officer.PostAsJsonAsync(Url(app, "refuse"), new { }), HttpStatusCode.BadRequest);
        Assert.Equal(["is required"], Errors(noReason, "reason"));
        var refused = await Expect(await officer.PostAsJsonAsync(Url(app, "refuse"), new { reason = "the on-site review failed" }), HttpStatusCode.OK);
        Assert.Equal("refused", refused.GetProperty("status").GetString());
        Assert.Equal("the on-site review failed", refused.GetProperty("lastReason").GetString());
        await Expect(await officer.PostAsJsonAsync(Url(app, "review"), new { scheduledOn = "2026-04-01", reviewers = new[] { "x" } }), HttpStatusCode.Conflict);

        var industrial = await GrantedAsync(officer, officer, b => (b["kind"], b["holderUscc"]) = ("industrial-product", LicenceFederation.Tea));
        var number = industrial.GetProperty("number").GetString()!;
        Assert.Matches(@"^浙XK01-006-\d{5}$", number);
        var fetched = await Expect(await officer.GetAsync(Url(number)), HttpStatusCode.OK);
        Assert.Equal("industrial-product", fetched.GetProperty("kind").GetString());

        // The licence ends: its validity is moved into the past in the database (as if the years had passed), then the sweep runs.
        var (scope, db) = fixture.Federation[TestFederation.BqsZhejiang].Database();
        await using (scope)
        {
            var past = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-1);
            await db.Set<ProductionLicence>().Where(l => l.Number == number).ExecuteUpdateAsync(s => s.SetProperty(l => l.ValidFrom, past.AddYears(-4)).SetProperty(l => l.ValidTo, past));
        }

        Assert.Equal("expired", (await Expect(await officer.GetAsync(Url(number)), HttpStatusCode.OK)).GetProperty("status").GetString());
        var sweep = await Expect(await officer.PostAsJsonAsync("/api/quality/licences/expiry-sweep", new { }), HttpStatusCode.OK);
        Assert.Contains(number, sweep.GetProperty("expired").EnumerateArray().Select(e => e.GetString()));
        var expired = await Expect(await officer.GetAsync(Url(number)), HttpStatusCode.OK);
        Assert.Equal("expired", expired.GetProperty("history").EnumerateArray().Last().GetProperty("action").GetString());
        await Expect(await officer.PostAsJsonAsync(Url(number, "reinstate"), new { reason = "r" }), HttpStatusCode.Conflict);
        Assert.Equal("expired", (await ReceivedAtAqsiqAsync(number, 2)).Last().GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_register_sorts_by_application_licence_number_holder_and_expiry_and_refuses_an_unknown_order()
    {
        // Three enterprises of one tag on the BQS node, named …B, …C, …A in the order they apply.
        var system = fixture.Federation.Track(fixture.Federation[TestFederation.BqsZhejiang].Client());
        var tag = "排序" + Guid.NewGuid().ToString("N")[..8];
        var officer = await fixture.SignInAsync("bqs.licensing");
        var applications = new List<string>();
        foreach (var letter in new[] { "B", "C", "A" })
        {
            var uscc = TestData.NewUscc();
            await TestData.CreateEnterpriseAsync(system, uscc, $"{tag}{letter}茶业有限公司");
            var applied = await Expect(await officer.PostAsJsonAsync("/api/quality/licences", Application(b => b["holderUscc"] = uscc)), HttpStatusCode.Created);
            applications.Add(applied.GetProperty("applicationNumber").GetString()!);
        }

        // The first is granted until 2029-06-30, the second until 2027-06-30; the third stays an application (no number, no expiry).
        var (l1, l2, l3) = (applications[0], applications[1], applications[2]);
        var numbers = new Dictionary<string, string>();
        foreach (var (app, to) in new[] { (l1, "2029-06-30"), (l2, "2027-06-30") })
        {
            await Expect(await officer.PostAsJsonAsync(Url(app, "review"),
                new { scheduledOn = "2026-03-10", reviewers = new[] { "王核查" }, result = "pass", findings = "conforms" }), HttpStatusCode.OK);
            var granted = await Expect(await officer.PostAsJsonAsync(Url(app, "grant"), new { validTo = to }), HttpStatusCode.OK);
            Assert.Equal(to, granted.GetProperty("validTo").GetString());
            numbers[app] = granted.GetProperty("number").GetString()!;
        }

        async Task<string[]> ApplicationsAsync(string sort) =>
            [.. (await Expect(await officer.GetAsync($"/api/quality/licences?q={Uri.EscapeDataString(tag)}{sort}"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
                .Select(l => l.GetProperty("applicationNumber").GetString()!)];

        Assert.Equal([l3, l2, l1], await ApplicationsAsync(""));
        Assert.Equal([l3, l2, l1], await ApplicationsAsync("&sort=newest"));
        string[] byNumber = [.. new[] { l1, l2 }.OrderBy(a => numbers[a], StringComparer.Ordinal), l3];
        Assert.Equal(byNumber, await ApplicationsAsync("&sort=number"));
        Assert.Equal([l3, l1, l2], await ApplicationsAsync("&sort=holder"));
        Assert.Equal([l2, l1, l3], await ApplicationsAsync("&sort=expiry"));
        await officer.UnknownSortIsRefusedAsync($"/api/quality/licences?q={Uri.EscapeDataString(tag)}", "newest, number, holder, expiry");

        // The register's download follows the order asked for (the application number is its second column).
        var (lines, _) = await officer.CsvAsync("en", $"/licences/export.csv?q={Uri.EscapeDataString(tag)}&sort=holder");
        Assert.Equal([l3, l1, l2], lines[1..].Select(l => l.Split(',')[1]));
    }

    [Fact]
    public async Task Every_bad_field_is_named()
    {
        var officer = await fixture.SignInAsync("bqs.licensing");
        var problem = await Expect(await officer.PostAsJsonAsync("/api/quality/licences", Application(b =>
            (b["kind"], b["holderUscc"], b["siteArea"], b["categories"]) = ("toys", "91330100000000000X", "320102", new[] { "tea", "no-such-category" }))), HttpStatusCode.BadRequest);
        Assert.NotEmpty(Errors(problem, "kind"));
        Assert.NotEmpty(Errors(problem, "holderUscc"));
        Assert.Contains("outside province 330000", Assert.Single(Errors(problem, "siteArea")), StringComparison.Ordinal);
        Assert.Contains("not a product category", Assert.Single(Errors(problem, "categories[1]")), StringComparison.Ordinal);

        var unknown = await Expect(await officer.PostAsJsonAsync("/api/quality/licences", Application(b => b["holderUscc"] = Uscc.WithCheckCharacter("91110000MA0000001"))), HttpStatusCode.BadRequest);
        Assert.Single(Errors(unknown, "holderUscc"));
        var none = await Expect(await officer.PostAsJsonAsync("/api/quality/licences", Application(b => (b["holderUscc"], b["categories"], b["siteAddress"]) = (LicenceFederation.Tea, Array.Empty<string>(), new string('x', 300)))),
            HttpStatusCode.BadRequest);
        Assert.NotEmpty(Errors(none, "categories"));
        Assert.Equal(["must be at most 256 characters"], Errors(none, "siteAddress"));

        var maker = await fixture.SignInAsync("tea.maker");
        var jiangsuSite = await Expect(await maker.PostAsJsonAsync("/api/quality/licences", Application(b => b["siteArea"] = "320102")), HttpStatusCode.BadRequest);
        Assert.Contains("not on this node", Assert.Single(Errors(jiangsuSite, "siteArea")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_province_s_bureau_acts_and_each_enterprise_sees_only_its_own()
    {
        var officer = await fixture.SignInAsync("bqs.licensing");
        var maker = await fixture.SignInAsync("tea.maker");
        var ningbo = await GrantedAsync(officer, officer, b => (b["holderUscc"], b["siteArea"], b["siteAddress"]) = (LicenceFederation.NingboFood, "330203", "宁波市海曙区示例路2号（测试）"));
        var number = ningbo.GetProperty("number").GetString()!;
        Assert.Equal("BQS-ZJ", ningbo.GetProperty("office").GetString());

        // The enterprise user neither sees another enterprise's licence nor applies for it.
        await Expect(await maker.GetAsync(Url(number)), HttpStatusCode.NotFound);
        var list = await Expect(await maker.GetAsync("/api/quality/licences?size=500"), HttpStatusCode.OK);
        Assert.All(list.GetProperty("items").EnumerateArray(), l => Assert.Equal(LicenceFederation.Tea, l.GetProperty("holderUscc").GetString()));
        await Expect(await maker.PostAsJsonAsync("/api/quality/licences", Application(b => b["holderUscc"] = LicenceFederation.NingboFood)), HttpStatusCode.Forbidden);
        await Expect(await maker.PostAsJsonAsync(Url(number, "suspend"), new { reason = "r" }), HttpStatusCode.Forbidden);

        // The Hangzhou office acts only within Hangzhou: the Ningbo site belongs to the bureau.
        var hangzhou = await fixture.SignInAsync("bqs.hangzhou");
        Assert.Equal(number, (await Expect(await hangzhou.GetAsync(Url(number)), HttpStatusCode.OK)).GetProperty("number").GetString());
        var outside = await Expect(await hangzhou.PostAsJsonAsync(Url(number, "suspend"), new { reason = "r" }), HttpStatusCode.Forbidden);
        Assert.Contains("owned by BQS-ZJ", outside.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // An officer of another province's BQS, even signed in on this node, sees nothing of Zhejiang's register.
        var jiangsu = await fixture.SignInAsync(LicenceFederation.JiangsuOfficer, LicenceFederation.JiangsuPassword);
        await Expect(await jiangsu.GetAsync(Url(number)), HttpStatusCode.NotFound);
        Assert.Equal(0, (await Expect(await jiangsu.GetAsync("/api/quality/licences"), HttpStatusCode.OK)).GetProperty("total").GetInt32());
        await Expect(await jiangsu.PostAsJsonAsync(Url(number, "suspend"), new { reason = "r" }), HttpStatusCode.NotFound);
        var foreignSite = await Expect(await jiangsu.PostAsJsonAsync("/api/quality/licences", Application(b => b["holderUscc"] = LicenceFederation.Tea)), HttpStatusCode.BadRequest);
        Assert.Contains("outside province 320000", Assert.Single(Errors(foreignSite, "siteArea")), StringComparison.Ordinal);
        Assert.Equal("granted", (await Expect(await officer.GetAsync(Url(number)), HttpStatusCode.OK)).GetProperty("status").GetString());

        // Nobody signs in on the national node to read the BQS register: it has no licences of its own.
        var national = fixture.Federation.Track(fixture.Federation[TestFederation.Aqsiq].Client());
        await Expect(await national.GetAsync(Url(number)), HttpStatusCode.Forbidden);
    }

    /// <summary>The <c>quality.licence.status-changed</c> payloads the national node received about one licence, waiting until there are <paramref name="count"/>.</summary>
    private async Task<List<JsonElement>> ReceivedAtAqsiqAsync(string number, int count)
    {
        List<JsonElement> found = [];
        await TestFederation.WaitUntilAsync(async () =>
        {
            var (scope, _) = fixture.Federation[TestFederation.Aqsiq].Database();
            await using (scope)
            {
                var received = await scope.ServiceProvider.GetRequiredService<IExchangeRecords>()
                    .ReceivedAsync(new ReceivedQuery(QualityWire.LicenceStatusChangedType), 1, Paging.MaxPageSize, CancellationToken.None);
                found = [.. received.Items.Select(m => JsonDocument.Parse(m.Payload).RootElement.Clone())
                    .Where(p => p.GetProperty("number").GetString() == number).OrderBy(p => p.GetProperty("at").GetDateTimeOffset())];
                return found.Count >= count;
            }
        }, $"{count} status changes of {number} at AQSIQ");
        return found;
    }
}

[Collection("sqlite")]
public sealed class ProductionLicenceOnSqlite(SqliteLicenceFederation fixture) : ProductionLicenceTests(fixture), IClassFixture<SqliteLicenceFederation>;

[Collection("postgres")]
public sealed class ProductionLicenceOnPostgres(PostgresLicenceFederation fixture) : ProductionLicenceTests(fixture), IClassFixture<PostgresLicenceFederation>;
