using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Accountability;

/// <summary>The national node (AQSIQ, the coordinating body STATE-COUNCIL-ILC, the directory authority), Customs and the MEP node.</summary>
public abstract class NeedFederation : IAsyncLifetime
{
    public abstract DatabaseProvider Provider { get; }

    public TestFederation Federation { get; private set; } = null!;

    public async Task InitializeAsync() => Federation = await StartAsync(Provider, ministries: true, only: [Mep]);

    public async Task DisposeAsync() => await Federation.DisposeAsync();
}

public sealed class SqliteNeedFederation : NeedFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresNeedFederation : NeedFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// Information needs (issue 17): MEP files a need with AQSIQ; AQSIQ comments; the coordinator approves (or refuses with
/// reasons); the approval's agreement enters the directory at the authority's next signing and reaches MEP at its refresh.
/// </summary>
public abstract class NeedTests(NeedFederation fixture)
{
    private const string Inspection = "declarations.import-inspection.completed";

    private TestFederation Federation => fixture.Federation;

    private static string Text(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    private static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string[] Errors(JsonElement problem, string field) =>
        problem.GetProperty("errors").TryGetProperty(field, out var e) ? [.. e.EnumerateArray().Select(x => x.GetString()!)] : [];

    private static string Url(string number, string step = "") => "/api/accountability/needs/" + number + (step.Length > 0 ? "/" + step : "");

    private static object Need(string title = "Import-inspection results of waste imports (test)") => new
    {
        providerAgency = "GQ/GOV/AQSIQ",
        title,
        description = "The result of every import inspection of solid waste used as raw material, per licence.",
        messageTypes = new[] { Inspection },
        datasets = Array.Empty<string>(),
        purpose = "Supervise the licences MEP issues for imported solid waste",
        regulation = "Solid Waste Pollution Prevention Law",
        article = "art. 25",
        consumers = new[] { "GQ/GOV/MEP" },
        fields = new[] { "declarationNumber", "result", "licenceNumber" },
        frequency = "per-event",
        deadline = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static object Approval(long version) => new
    {
        version,
        decision = "approve",
        reasons = "Needed for licence supervision; the fields are limited to the result.",
        agreement = new
        {
            sensitivity = "internal",
            validTo = DateTimeOffset.UtcNow.AddDays(365),
            steps = new[]
            {
                new { step = "deliver", accountable = "GQ/GOV/AQSIQ", responseDeadline = "PT4H" },
                new { step = "acknowledge", accountable = "GQ/GOV/MEP", responseDeadline = "P2D" },
            },
        },
    };

    private async Task<JsonElement> FileAsync(HttpClient mep, string title) =>
        (await Expect(await mep.PostAsJsonAsync("/api/accountability/needs", Need(title)), HttpStatusCode.Created)).GetProperty("need");

    /// <summary>Waits until the need on <paramref name="client"/>'s node is at least <paramref name="version"/>, and returns its view.</summary>
    private static async Task<JsonElement> SeenAsync(HttpClient client, string number, long version, string where)
    {
        JsonElement view = default;
        await WaitUntilAsync(async () =>
        {
            var response = await client.GetAsync(Url(number));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            view = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            return view.GetProperty("need").GetProperty("version").GetInt64() >= version;
        }, $"need {number} version {version} on {where}");
        return view;
    }

    [Fact]
    public async Task A_need_goes_from_filing_to_an_agreement_in_the_directory_on_the_authority_and_after_refresh_on_mep()
    {
        var mep = await Federation.SignInAsync(Mep, "mep.officer");
        var aqsiq = await Federation.SignInAsync(Aqsiq, "ciq.zhejiang");
        var coordinator = await Federation.SignInAsync(Aqsiq, "coordinator");
        var leader = await Federation.SignInAsync(Aqsiq, "leader");
        var admin = await Federation.SignInAsync(Aqsiq, "admin");

        var filed = await FileAsync(mep, "Waste import inspection results (flow)");
        var number = Text(filed, "number");
        Assert.StartsWith("IN-MEP-GATEWAY-", number, StringComparison.Ordinal);
        Assert.Equal("filed", Text(filed, "state"));
        Assert.Equal("GQ/GOV/MEP", Text(filed, "requesterAgency"));
        Assert.Equal("MEP", Text(filed, "requesterOffice"));

        // The provider (and the coordinating body, on the same node) receives it; the provider may comment, not decide.
        var atProvider = await SeenAsync(aqsiq, number, 1, "the national node");
        Assert.True(atProvider.GetProperty("may").GetProperty("comment").GetBoolean());
        Assert.False(atProvider.GetProperty("may").GetProperty("decide").GetBoolean());
        var list = await Expect(await aqsiq.GetAsync("/api/accountability/needs?state=filed&pageSize=500"), HttpStatusCode.OK);
        Assert.Contains(list.GetProperty("items").EnumerateArray(), n => Text(n, "number") == number);

        var commented = await Expect(await aqsiq.PostAsJsonAsync(Url(number, "comments"),
            new { version = 1, text = "We can send the result per declaration; the licence number is on the declaration." }), HttpStatusCode.OK);
        Assert.Equal("commented", Text(commented.GetProperty("need"), "state"));
        var atMep = await SeenAsync(mep, number, 2, "the MEP node");
        var comment = atMep.GetProperty("need").GetProperty("comments")[0];
        Assert.Equal("ciq.zhejiang", Text(comment, "author"));
        Assert.Equal("CIQ-ZJ", Text(comment, "office"));
        Assert.Contains("per declaration", Text(comment, "text"), StringComparison.Ordinal);

        var approved = await Expect(await coordinator.PostAsJsonAsync(Url(number, "decision"), Approval(2)), HttpStatusCode.OK);
        Assert.Equal("approved", Text(approved.GetProperty("need"), "state"));
        var agreementId = Text(approved.GetProperty("agreement"), "id");
        Assert.Matches("^AGR-[0-9]{4}-[0-9]{4}$", agreementId);
        Assert.Equal("GQ/GOV/AQSIQ", Text(approved.GetProperty("agreement"), "provider"));
        Assert.Equal(new[] { "declarationNumber", "result", "licenceNumber" }, approved.GetProperty("agreement").GetProperty("allowedFields").EnumerateArray().Select(x => x.GetString()!));
        Assert.Equal("P2D", Text(approved.GetProperty("agreement").GetProperty("steps")[1], "responseDeadline"));
        Assert.False(approved.GetProperty("inDirectory").GetBoolean());

        // The decision reaches the requester; the agreement waits in the authority's queue.
        var decidedAtMep = await SeenAsync(mep, number, 3, "the MEP node");
        Assert.Equal("approved", Text(decidedAtMep.GetProperty("need"), "state"));
        Assert.Equal(agreementId, Text(decidedAtMep.GetProperty("agreement"), "id"));
        var queue = await Expect(await admin.GetAsync("/api/exchange/directory/approved"), HttpStatusCode.OK);
        Assert.Contains(queue.EnumerateArray(), q => Text(q, "agreementId") == agreementId && q.GetProperty("includedInVersion").ValueKind == JsonValueKind.Null);

        var national = Federation[Aqsiq].Services.GetRequiredService<ExchangeNode>();
        var mepNode = Federation[Mep].Services.GetRequiredService<ExchangeNode>();
        var before = national.Directory.Required.Document.Version;
        Assert.NotEqual(agreementId, national.Directory.Required.Find(Aqsiq, Mep, Inspection, dataset: false, DateTimeOffset.UtcNow).Valid?.Id);

        // The next signing: only an administrator, on the authority node.
        await Expect(await coordinator.PostAsync("/api/exchange/directory/sign", null), HttpStatusCode.Forbidden);
        var signed = await Expect(await admin.PostAsync("/api/exchange/directory/sign", null), HttpStatusCode.OK);
        Assert.True(signed.GetProperty("version").GetInt64() > before);
        Assert.Contains(agreementId, signed.GetProperty("addedAgreements").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(agreementId, national.Directory.Required.Find(Aqsiq, Mep, Inspection, dataset: false, DateTimeOffset.UtcNow).Valid?.Id);
        var signedFile = DirectorySigning.Verify(await File.ReadAllTextAsync(Federation.DirectoryFile), NodeKeys.FromPublicKey(Federation.AuthorityKey), DateTimeOffset.UtcNow);
        Assert.Contains(signedFile.Agreements, a => a.Id == agreementId && a.Steps.Length == 2);
        Assert.True((await Expect(await leader.GetAsync(Url(number)), HttpStatusCode.OK)).GetProperty("inDirectory").GetBoolean());
        await Expect(await admin.PostAsync("/api/exchange/directory/sign", null), HttpStatusCode.Conflict);

        // MEP takes the new version at its refresh (asked now by its operator, the legacy system's key).
        Assert.NotEqual(agreementId, mepNode.Directory.Required.Find(Aqsiq, Mep, Inspection, dataset: false, DateTimeOffset.UtcNow).Valid?.Id);
        using var system = new HttpClient { BaseAddress = Federation[Mep].Url };
        system.DefaultRequestHeaders.Add("X-Api-Key", Federation[Mep].SystemApiKey);
        var refreshed = await Expect(await system.PostAsync("/api/exchange/directory/refresh", null), HttpStatusCode.OK);
        Assert.Equal(signed.GetProperty("version").GetInt64(), refreshed.GetProperty("version").GetInt64());
        Assert.Equal(agreementId, mepNode.Directory.Required.Find(Aqsiq, Mep, Inspection, dataset: false, DateTimeOffset.UtcNow).Valid?.Id);
        Assert.True((await Expect(await mep.GetAsync(Url(number)), HttpStatusCode.OK)).GetProperty("inDirectory").GetBoolean());
    }

    [Fact]
    public async Task A_refusal_with_reasons_reaches_requester_and_provider_and_stale_versions_are_409()
    {
        var mep = await Federation.SignInAsync(Mep, "mep.officer");
        var aqsiq = await Federation.SignInAsync(Aqsiq, "ciq.zhejiang");
        var coordinator = await Federation.SignInAsync(Aqsiq, "coordinator");
        var number = Text(await FileAsync(mep, "Waste import inspection results (refused)"), "number");
        await SeenAsync(aqsiq, number, 1, "the national node");

        await Expect(await aqsiq.PostAsJsonAsync(Url(number, "comments"), new { version = 1, text = "First." }), HttpStatusCode.OK);
        var stale = await Expect(await aqsiq.PostAsJsonAsync(Url(number, "comments"), new { version = 1, text = "Second, on the old version." }), HttpStatusCode.Conflict);
        Assert.Equal(2, stale.GetProperty("currentVersion").GetInt64());
        await Expect(await coordinator.PostAsJsonAsync(Url(number, "decision"), new { version = 1, decision = "refuse", reasons = "x" }), HttpStatusCode.Conflict);

        var noReasons = await Expect(await coordinator.PostAsJsonAsync(Url(number, "decision"), new { version = 2, decision = "refuse" }), HttpStatusCode.BadRequest);
        Assert.Contains("is required", Errors(noReasons, "reasons"));
        var refused = await Expect(await coordinator.PostAsJsonAsync(Url(number, "decision"),
            new { version = 2, decision = "refuse", reasons = "The existing agreement T-13 already covers what MEP needs." }), HttpStatusCode.OK);
        Assert.Equal("refused", Text(refused.GetProperty("need"), "state"));
        Assert.Equal(JsonValueKind.Null, refused.GetProperty("agreement").ValueKind);

        var atMep = await SeenAsync(mep, number, 3, "the MEP node");
        Assert.Equal("refused", Text(atMep.GetProperty("need"), "state"));
        Assert.Contains("T-13", Text(atMep.GetProperty("need").GetProperty("decision"), "reasons"), StringComparison.Ordinal);
        var atProvider = await Expect(await aqsiq.GetAsync(Url(number)), HttpStatusCode.OK);
        Assert.Equal("refused", Text(atProvider.GetProperty("need"), "state"));
        Assert.Equal("coordinator", Text(atProvider.GetProperty("need").GetProperty("decision"), "by"));
        await Expect(await aqsiq.PostAsJsonAsync(Url(number, "comments"), new { version = 3, text = "Too late." }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_requester_withdraws_before_the_decision_and_the_others_see_it()
    {
        var mep = await Federation.SignInAsync(Mep, "mep.officer");
        var aqsiq = await Federation.SignInAsync(Aqsiq, "ciq.zhejiang");
        var coordinator = await Federation.SignInAsync(Aqsiq, "coordinator");
        var filed = await Expect(await mep.PostAsJsonAsync("/api/accountability/needs", Need("Waste import inspection results (withdrawn)")), HttpStatusCode.Created);
        Assert.True(filed.GetProperty("may").GetProperty("withdraw").GetBoolean());
        var number = Text(filed.GetProperty("need"), "number");
        await SeenAsync(aqsiq, number, 1, "the national node");

        await Expect(await aqsiq.PostAsJsonAsync(Url(number, "withdrawal"), new { version = 1 }), HttpStatusCode.Forbidden);
        var noVersion = await Expect(await mep.PostAsJsonAsync(Url(number, "withdrawal"), new { }), HttpStatusCode.BadRequest);
        Assert.NotEmpty(Errors(noVersion, "version"));
        var withdrawn = await Expect(await mep.PostAsJsonAsync(Url(number, "withdrawal"), new { version = 1 }), HttpStatusCode.OK);
        Assert.Equal("withdrawn", Text(withdrawn.GetProperty("need"), "state"));
        var atNational = await SeenAsync(coordinator, number, 2, "the national node");
        Assert.Equal("withdrawn", Text(atNational.GetProperty("need"), "state"));
        Assert.False(atNational.GetProperty("may").GetProperty("decide").GetBoolean());
        await Expect(await aqsiq.PostAsJsonAsync(Url(number, "comments"), new { version = 2, text = "After the withdrawal." }), HttpStatusCode.Conflict);
        await Expect(await coordinator.PostAsJsonAsync(Url(number, "decision"), Approval(2)), HttpStatusCode.Conflict);
        await Expect(await mep.PostAsJsonAsync(Url(number, "withdrawal"), new { version = 2 }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Only_the_provider_comments_and_only_the_coordinator_decides()
    {
        var mep = await Federation.SignInAsync(Mep, "mep.officer");
        var aqsiq = await Federation.SignInAsync(Aqsiq, "ciq.zhejiang");
        var coordinator = await Federation.SignInAsync(Aqsiq, "coordinator");
        var customs = await Federation.SignInAsync(Customs, "customs.ningbo");
        var number = Text(await FileAsync(mep, "Waste import inspection results (roles)"), "number");
        await SeenAsync(aqsiq, number, 1, "the national node");

        var own = await Expect(await mep.PostAsJsonAsync(Url(number, "comments"), new { version = 1, text = "The requester comments." }), HttpStatusCode.Forbidden);
        Assert.Contains("provider agency GQ/GOV/AQSIQ", own.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Expect(await coordinator.PostAsJsonAsync(Url(number, "comments"), new { version = 1, text = "The coordinator comments." }), HttpStatusCode.Forbidden);
        await Expect(await aqsiq.PostAsJsonAsync(Url(number, "decision"), Approval(1)), HttpStatusCode.Forbidden);
        await Expect(await mep.PostAsJsonAsync(Url(number, "decision"), Approval(1)), HttpStatusCode.Forbidden);
        await Expect(await customs.GetAsync(Url(number)), HttpStatusCode.NotFound);
        await Expect(await coordinator.PostAsJsonAsync("/api/accountability/needs", Need()), HttpStatusCode.Forbidden);

        // Signing the directory is the authority node's: elsewhere it is a conflict, even for an administrator.
        await using var scope = Federation[Mep].Services.CreateAsyncScope();
        var elsewhere = await scope.ServiceProvider.GetRequiredService<IDirectoryAuthority>()
            .SignNextAsync(new Actor(Guid.Empty, "test-admin", UserRoles.Admin, Guid.NewGuid(), "MEP", "MEP", null, null), CancellationToken.None);
        Assert.Equal(409, elsewhere.StatusCode);
        Assert.Contains("not the directory's authority", elsewhere.Problem!.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Field_messages_and_refusals_read_in_the_callers_language_with_their_codes()
    {
        var mep = await Federation.SignInAsync(Mep, "mep.officer");
        var own = new { providerAgency = "GQ/GOV/MEP", deadline = "2001-01-01" };
        var en = await Expect(await mep.PostInAsync("en", "/api/accountability/needs", own), HttpStatusCode.BadRequest);
        Assert.Equal(["is the requester's own agency: a need is filed with another agency"], Errors(en, "providerAgency"));
        Assert.Equal(["must be a date from today to five years ahead"], Errors(en, "deadline"));
        Assert.Equal("need.own-agency", en.GetProperty("messages").GetProperty("providerAgency")[0].GetProperty("code").GetString());
        var zh = await Expect(await mep.PostInAsync("zh-CN", "/api/accountability/needs", own), HttpStatusCode.BadRequest);
        Assert.Equal(["这是需求方本机构：信息需求须向其他机构提出"], Errors(zh, "providerAgency"));
        Assert.Equal(["必须是今天至五年后之间的日期"], Errors(zh, "deadline"));

        var number = Text(await FileAsync(mep, "Waste import inspection results (languages)"), "number");
        var comment = new { version = 1, text = "The requester comments." };
        var notProvider = await Expect(await mep.PostInAsync("en", Url(number, "comments"), comment), HttpStatusCode.Forbidden);
        Assert.Equal($"Only an official of the provider agency GQ/GOV/AQSIQ, on its node, comments on need {number}.", notProvider.GetProperty("detail").GetString());
        Assert.Equal("need.comment-forbidden", notProvider.MessageCode());
        var notProviderZh = await Expect(await mep.PostInAsync("zh-CN", Url(number, "comments"), comment), HttpStatusCode.Forbidden);
        Assert.Equal($"只有提供方机构 GQ/GOV/AQSIQ 的公务人员在其节点上可以对需求 {number} 提出意见。", notProviderZh.GetProperty("detail").GetString());

        await Expect(await mep.PostAsJsonAsync(Url(number, "withdrawal"), new { version = 1 }), HttpStatusCode.OK);
        var again = await Expect(await mep.PostInAsync("en", Url(number, "withdrawal"), new { version = 2 }), HttpStatusCode.Conflict);
        Assert.Equal("state", again.GetProperty("field").GetString());
        Assert.Equal($"need {number} is already withdrawn.", again.GetProperty("detail").GetString());
        var againZh = await Expect(await mep.PostInAsync("zh-CN", Url(number, "withdrawal"), new { version = 2 }), HttpStatusCode.Conflict);
        Assert.Equal($"需求 {number} 已经是“已撤回”状态。", againZh.GetProperty("detail").GetString());
        Assert.Equal("need.already", againZh.MessageCode());
    }

    [Fact]
    public async Task Bad_input_names_the_field_and_the_reason_and_nothing_is_written()
    {
        var mep = await Federation.SignInAsync(Mep, "mep.officer");
        var coordinator = await Federation.SignInAsync(Aqsiq, "coordinator");
        var aqsiq = await Federation.SignInAsync(Aqsiq, "ciq.zhejiang");
        var bad = await Expect(await mep.PostAsJsonAsync("/api/accountability/needs", new
        {
            providerAgency = "GQ/GOV/NOBODY",
            title = new string('t', 201),
            description = "",
            messageTypes = new[] { "no.such.type" },
            purpose = "p",
            regulation = "r",
            article = "a",
            consumers = new[] { "GQ/GOV/MEP", "GQ/GOV/MARS" },
            fields = new[] { "a b" },
            frequency = "hourly",
            deadline = "2001-01-01",
        }), HttpStatusCode.BadRequest);
        Assert.Contains("'GQ/GOV/NOBODY' is not a member of the federation directory", Errors(bad, "providerAgency"));
        Assert.Contains("must be at most 200 characters", Errors(bad, "title"));
        Assert.Contains("is required", Errors(bad, "description"));
        Assert.Contains("'no.such.type' is not a message type of the federation directory", Errors(bad, "messageTypes[0]"));
        Assert.Contains("'GQ/GOV/MARS' is not a member of the federation directory", Errors(bad, "consumers[1]"));
        Assert.NotEmpty(Errors(bad, "fields[0]"));
        Assert.Contains("'hourly' is not one of: per-event, daily, weekly, monthly, on-request", Errors(bad, "frequency"));
        Assert.Contains("must be a date from today to five years ahead", Errors(bad, "deadline"));
        var own = await Expect(await mep.PostAsJsonAsync("/api/accountability/needs", new { providerAgency = "GQ/GOV/MEP" }), HttpStatusCode.BadRequest);
        Assert.Contains("is the requester's own agency: a need is filed with another agency", Errors(own, "providerAgency"));
        var mine = await Expect(await mep.GetAsync("/api/accountability/needs?pageSize=500"), HttpStatusCode.OK);
        Assert.DoesNotContain(mine.GetProperty("items").EnumerateArray(), n => Text(n, "title").StartsWith("ttt", StringComparison.Ordinal));
        await Expect(await mep.GetAsync("/api/accountability/needs?state=pending"), HttpStatusCode.BadRequest);

        // The approval form: every step needs its accountable member and an ISO 8601 deadline; nothing is decided otherwise.
        var number = Text(await FileAsync(mep, "Waste import inspection results (bad approval)"), "number");
        await SeenAsync(coordinator, number, 1, "the national node");
        var badApproval = await Expect(await coordinator.PostAsJsonAsync(Url(number, "decision"), new
        {
            version = 1,
            decision = "approve",
            agreement = new
            {
                sensitivity = "secret",
                validTo = DateTimeOffset.UtcNow.AddDays(-1),
                steps = new[] { new { step = "Deliver", accountable = "GQ/GOV/NOBODY", responseDeadline = "4 hours" } },
            },
        }), HttpStatusCode.BadRequest);
        Assert.Contains("'secret' is not one of: public, internal, confidential", Errors(badApproval, "agreement.sensitivity"));
        Assert.NotEmpty(Errors(badApproval, "agreement.validTo"));
        Assert.NotEmpty(Errors(badApproval, "agreement.steps[0].step"));
        Assert.Contains("'GQ/GOV/NOBODY' is not a member of the federation directory", Errors(badApproval, "agreement.steps[0].accountable"));
        Assert.Contains("'4 hours' is not an ISO 8601 duration (e.g. PT4H, P2D)", Errors(badApproval, "agreement.steps[0].responseDeadline"));
        var noSteps = await Expect(await coordinator.PostAsJsonAsync(Url(number, "decision"), new { version = 1, decision = "approve", agreement = new { sensitivity = "internal", validTo = DateTimeOffset.UtcNow.AddDays(30) } }), HttpStatusCode.BadRequest);
        Assert.NotEmpty(Errors(noSteps, "agreement.steps"));
        var still = await Expect(await aqsiq.GetAsync(Url(number)), HttpStatusCode.OK);
        Assert.Equal("filed", Text(still.GetProperty("need"), "state"));
        Assert.Equal(1, still.GetProperty("need").GetProperty("version").GetInt64());
    }
}

[Collection("sqlite")]
public sealed class NeedsOnSqlite(SqliteNeedFederation fixture) : NeedTests(fixture), IClassFixture<SqliteNeedFederation>;

[Collection("postgres")]
public sealed class NeedsOnPostgres(PostgresNeedFederation fixture) : NeedTests(fixture), IClassFixture<PostgresNeedFederation>;
