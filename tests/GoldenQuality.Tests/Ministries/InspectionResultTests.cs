using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Accountability;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Clearance;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GoldenQuality.Tests.Clearance.Flow;

namespace GoldenQuality.Tests.Ministries;

/// <summary>
/// The AQSIQ, Customs and MEP nodes with the deterministic risk settings (every import is inspected), with or without
/// T-34: AQSIQ's import-inspection results to the MEP (the agreement the MEP's approved information need adds).
/// </summary>
public abstract class InspectionResultFederation : IAsyncLifetime
{
    public abstract DatabaseProvider Provider { get; }

    protected virtual bool WithAgreement => true;

    public TestFederation Federation { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Federation = await TestFederation.StartAsync(Provider, settings: ClearanceFederation.RiskSettings, ministries: true, only: [TestFederation.Mep],
            inspectionResults: WithAgreement);

    public async Task DisposeAsync() => await Federation.DisposeAsync();

    public Task<HttpClient> SignInAsync(string user, string node = TestFederation.Aqsiq) => Federation.SignInAsync(node, user);

    /// <summary>Registers an issued waste import licence (waste paper, 500 TNE, through Ningbo) on the MEP node; returns its id and number.</summary>
    public async Task<(Guid Id, string Number)> RegisterLicenceAsync()
    {
        var mep = await SignInAsync("mep.officer", TestFederation.Mep);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var created = await Expect(await mep.PostAsJsonAsync("/api/ministries/lpcos/registered", new
        {
            number = "MEP-WL-T-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), kind = "waste-import-licence", holderUscc = DemoAgent, hsCode = "4707",
            productDescription = "Waste paper (test)", quantity = 500m, unit = "TNE", portsOfEntry = new[] { "CNNGB" }, validFrom = today.AddDays(-30), validTo = today.AddDays(300),
        }), HttpStatusCode.Created);
        return (created.GetProperty("id").GetGuid(), created.GetProperty("number").GetString()!);
    }

    /// <summary>Declares 20 TNE of waste kraft paper from the US on the licence and submits it (it goes to inspection); returns its id.</summary>
    public async Task<(Guid Id, string Number)> DeclareAsync(string licence)
    {
        var agent = await SignInAsync("agent.ningbo");
        var lot = NewLot("PAPER");
        var line = new Dictionary<string, object?>
        {
            ["sequence"] = 1, ["hsCode"] = "4707100000", ["description"] = "Waste kraft paper / 废牛皮纸", ["quantity"] = 20m, ["unit"] = "TNE", ["netWeightKg"] = 20000m,
            ["grossWeightKg"] = 20100m, ["value"] = 4000m, ["currency"] = "USD", ["placeOfOrigin"] = "US", ["lots"] = new[] { lot }, ["packaging"] = "bales",
        };
        var body = new Dictionary<string, object?>
        {
            ["kind"] = "import", ["declarantUscc"] = DemoAgent, ["consigneeUscc"] = DemoAgent, ["transportMode"] = "1", ["transportMeans"] = "MAERSK KOWLOON / 318N",
            ["portOfLoading"] = "USLAX", ["portOfEntry"] = "CNNGB", ["country"] = "US", ["contractReference"] = "WP-" + lot, ["invoiceReference"] = "US-" + lot,
            ["documents"] = new object[]
            {
                new { type = "waste-import-licence", number = licence, issuer = "MEP" },
                new { type = "pre-shipment-inspection-certificate", number = "CCIC-US-" + lot, issuer = "CCIC" },
            },
            ["lines"] = new[] { line },
        };
        var id = (await CreateAsync(agent, body)).GetProperty("id").GetGuid();
        var submitted = await SubmitAsync(agent, id);
        Assert.True(submitted.GetProperty("status").GetString() == "inspection", "expected inspection: " + submitted.GetRawText());
        return (id, submitted.GetProperty("number").GetString()!);
    }

    /// <summary>The Ningbo port office records the inspection: conforming, or not with the given findings.</summary>
    public async Task<JsonElement> InspectAsync(Guid id, string? nonconformity = null)
    {
        var port = await SignInAsync("ciq.ningbo.port");
        return await Expect(await port.PostAsJsonAsync($"/api/declarations/{id}/inspection", new
        {
            lines = new[]
            {
                new
                {
                    sequence = 1, quantityInspected = 5m, findings = nonconformity ?? "bales as declared, no prohibited material", findingsConform = nonconformity is null,
                    labResults = Array.Empty<object>(),
                },
            },
        }), HttpStatusCode.OK);
    }

    public async Task<JsonElement> LicenceAsync(Guid id)
    {
        var mep = await SignInAsync("mep.officer", TestFederation.Mep);
        return await Expect(await mep.GetAsync($"/api/ministries/lpcos/{id}"), HttpStatusCode.OK);
    }

    /// <summary>The licence once the result of the declaration has arrived at the MEP node.</summary>
    public async Task<JsonElement> WaitForResultAsync(Guid licence, string declaration)
    {
        JsonElement view = default;
        await TestFederation.WaitUntilAsync(async () =>
        {
            view = await LicenceAsync(licence);
            return Results(view).Any(r => r.GetProperty("declarationNumber").GetString() == declaration);
        }, $"the inspection result of {declaration} at the MEP", 30);
        return view;
    }

    public static JsonElement[] Results(JsonElement licence) => [.. licence.GetProperty("inspectionResults").EnumerateArray()];

    /// <summary>The feedback rows AQSIQ's node received about one declaration (<c>acc_feedback</c>).</summary>
    internal async Task<List<FeedbackRow>> FeedbackAtAqsiqAsync(string declaration)
    {
        var (scope, db) = Federation[TestFederation.Aqsiq].Database();
        await using (scope)
        {
            return await db.Set<FeedbackRow>().AsNoTracking().Where(f => f.Direction == FeedbackDirection.Received && f.RecordKey == declaration).ToListAsync();
        }
    }
}

public sealed class SqliteInspectionResultFederation : InspectionResultFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresInspectionResultFederation : InspectionResultFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed class SqliteNoResultAgreementFederation : InspectionResultFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override bool WithAgreement => false;
}

public sealed class PostgresNoResultAgreementFederation : InspectionResultFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override bool WithAgreement => false;
}

/// <summary>
/// Issue 17: the import-inspection result of a waste import flows from AQSIQ to the MEP under an agreement, once; the
/// MEP's officer reviews it on the licence (keep, suspend, revoke) and the use goes back to AQSIQ as feedback.
/// </summary>
public abstract class InspectionResultTests(InspectionResultFederation fixture)
{
    [Fact]
    public async Task An_inspected_waste_import_sends_one_result_to_the_MEP_which_keeps_it_once_against_the_licence()
    {
        var (licence, number) = await fixture.RegisterLicenceAsync();
        var (id, declaration) = await fixture.DeclareAsync(number);
        var inspected = await fixture.InspectAsync(id);
        Assert.Equal("passed", inspected.GetProperty("status").GetString());
        var published = Assert.Single(inspected.GetProperty("history").EnumerateArray(), h => h.GetProperty("stage").GetString() == "inspection-result-published");
        Assert.Contains(number, published.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(TestFederation.Mep, published.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var view = await fixture.WaitForResultAsync(licence, declaration);
        var result = Assert.Single(InspectionResultFederation.Results(view));
        Assert.Equal("passed", result.GetProperty("decision").GetString());
        Assert.True(result.GetProperty("conforming").GetBoolean());
        Assert.Contains("every line passed", result.GetProperty("reasons").GetString(), StringComparison.Ordinal);
        Assert.StartsWith(TestFederation.Aqsiq, result.GetProperty("from").GetString(), StringComparison.Ordinal);
        Assert.Equal("T-34", result.GetProperty("agreement").GetString());
        Assert.Equal("4707100000", result.GetProperty("hsCode").GetString());
        Assert.Equal(20m, result.GetProperty("quantity").GetDecimal());
        Assert.Equal("TNE", result.GetProperty("unit").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("reviewOutcome").ValueKind);

        // The same result again (a new envelope, as a retry would send it): kept once.
        var aqsiq = fixture.Federation[TestFederation.Aqsiq];
        Guid envelope;
        var (scope, db) = aqsiq.Database();
        await using (scope)
        {
            var again = new ImportInspectionCompleted(declaration, number, DemoAgent, "4707100000", "Waste kraft paper", 20m, "TNE", "CNNGB", false, "failed", "a different story",
                DateTimeOffset.UtcNow);
            var sent = scope.ServiceProvider.GetRequiredService<ExchangeSender>().As(SendingModule.Declarations).Publish(db, ImportInspectionWire.CompletedType, again);
            envelope = Assert.Single(sent.Envelopes);
            await db.SaveChangesAsync();
        }

        await TestFederation.WaitUntilAsync(async () =>
        {
            var (s, d) = aqsiq.Database();
            await using (s)
            {
                return await d.Set<OutboxMessage>().AnyAsync(m => m.EnvelopeId == envelope && m.Status == OutboxStatus.Delivered);
            }
        }, "the repeated result to be delivered to the MEP", 30);
        var still = Assert.Single(InspectionResultFederation.Results(await fixture.LicenceAsync(licence)));
        Assert.Equal("passed", still.GetProperty("decision").GetString());
    }

    [Fact]
    public async Task Keeping_the_licence_records_the_review_and_sends_the_use_to_AQSIQ()
    {
        var (licence, number) = await fixture.RegisterLicenceAsync();
        var (id, declaration) = await fixture.DeclareAsync(number);
        await fixture.InspectAsync(id);
        var view = await fixture.WaitForResultAsync(licence, declaration);

        var mep = await fixture.SignInAsync("mep.officer", TestFederation.Mep);
        var reviewed = await Expect(await mep.PostAsJsonAsync($"/api/ministries/lpcos/{licence}/inspection-results/{declaration}/review",
            new { version = view.GetProperty("version").GetInt64(), outcome = "licence-kept", note = "conforming waste paper" }), HttpStatusCode.OK);
        Assert.Equal("issued", reviewed.GetProperty("status").GetString());
        var result = Assert.Single(InspectionResultFederation.Results(reviewed));
        Assert.Equal("licence-kept", result.GetProperty("reviewOutcome").GetString());
        Assert.Equal("mep.officer", result.GetProperty("reviewedBy").GetString());
        Assert.Equal("conforming waste paper", result.GetProperty("reviewNote").GetString());
        Assert.Contains(reviewed.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "inspection-reviewed");

        // Reviewed once: the same review again is a conflict.
        var again = await mep.PostAsJsonAsync($"/api/ministries/lpcos/{licence}/inspection-results/{declaration}/review",
            new { version = reviewed.GetProperty("version").GetInt64(), outcome = "licence-kept" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        List<FeedbackRow> feedback = [];
        await TestFederation.WaitUntilAsync(async () => (feedback = await fixture.FeedbackAtAqsiqAsync(declaration)).Count > 0, "the MEP's feedback at AQSIQ", 30);
        var row = Assert.Single(feedback);
        Assert.Equal("import-inspection-result", row.DataKind);
        Assert.Equal(number, row.CaseRef);
        Assert.Equal("licence-kept", row.Outcome);
        Assert.Equal("T-34", row.Agreement);
        Assert.Equal("MEP", row.UsedBy);
        Assert.StartsWith(TestFederation.Mep, row.Consumer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_inspection_suspends_the_licence_with_the_note_and_AQSIQ_hears_of_it()
    {
        var (licence, number) = await fixture.RegisterLicenceAsync();
        var (id, declaration) = await fixture.DeclareAsync(number);
        var failed = await fixture.InspectAsync(id, "household waste mixed into the bales");
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var view = await fixture.WaitForResultAsync(licence, declaration);
        var result = Assert.Single(InspectionResultFederation.Results(view));
        Assert.Equal("failed", result.GetProperty("decision").GetString());
        Assert.False(result.GetProperty("conforming").GetBoolean());
        Assert.Contains("household waste mixed into the bales", result.GetProperty("reasons").GetString(), StringComparison.Ordinal);

        var mep = await fixture.SignInAsync("mep.officer", TestFederation.Mep);
        var suspended = await Expect(await mep.PostAsJsonAsync($"/api/ministries/lpcos/{licence}/inspection-results/{declaration}/review",
            new { version = view.GetProperty("version").GetInt64(), outcome = "licence-suspended", note = "contaminated waste paper imported" }), HttpStatusCode.OK);
        Assert.Equal("suspended", suspended.GetProperty("status").GetString());
        var step = Assert.Single(suspended.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "suspended");
        Assert.Contains("contaminated waste paper imported", step.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("licence-suspended", Assert.Single(InspectionResultFederation.Results(suspended)).GetProperty("reviewOutcome").GetString());

        List<FeedbackRow> feedback = [];
        await TestFederation.WaitUntilAsync(async () => (feedback = await fixture.FeedbackAtAqsiqAsync(declaration)).Count > 0, "the MEP's feedback at AQSIQ", 30);
        var row = Assert.Single(feedback);
        Assert.Equal("licence-suspended", row.Outcome);
        Assert.Equal(number, row.CaseRef);
        Assert.Equal("import-inspection-result", row.DataKind);
        Assert.Equal("contaminated waste paper imported", row.Detail);
    }

    [Fact]
    public async Task Bad_reviews_name_the_field_and_a_stale_version_is_a_conflict()
    {
        var (licence, number) = await fixture.RegisterLicenceAsync();
        var (id, declaration) = await fixture.DeclareAsync(number);
        await fixture.InspectAsync(id);
        var view = await fixture.WaitForResultAsync(licence, declaration);
        var (other, _) = await fixture.RegisterLicenceAsync();
        var otherVersion = (await fixture.LicenceAsync(other)).GetProperty("version").GetInt64();
        var version = view.GetProperty("version").GetInt64();
        var mep = await fixture.SignInAsync("mep.officer", TestFederation.Mep);

        var elsewhere = await Problem(await mep.PostAsJsonAsync($"/api/ministries/lpcos/{other}/inspection-results/{declaration}/review",
            new { version = otherVersion, outcome = "licence-kept" }), HttpStatusCode.BadRequest);
        Assert.Contains(number, Field(elsewhere, "declarationNumber"), StringComparison.Ordinal);

        var noNote = await Problem(await mep.PostAsJsonAsync($"/api/ministries/lpcos/{licence}/inspection-results/{declaration}/review",
            new { version, outcome = "licence-revoked" }), HttpStatusCode.BadRequest);
        Assert.Equal("is required", Field(noNote, "note"));

        var badOutcome = await Problem(await mep.PostAsJsonAsync($"/api/ministries/lpcos/{licence}/inspection-results/{declaration}/review",
            new { version, outcome = "licence-cancelled", note = "x" }), HttpStatusCode.BadRequest);
        Assert.Contains("licence-kept", Field(badOutcome, "outcome"), StringComparison.Ordinal);

        var stale = await mep.PostAsJsonAsync($"/api/ministries/lpcos/{licence}/inspection-results/{declaration}/review",
            new { version = version - 1, outcome = "licence-kept" });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        // Nothing was recorded, nothing was sent.
        var after = await fixture.LicenceAsync(licence);
        Assert.Equal(version, after.GetProperty("version").GetInt64());
        Assert.Equal(JsonValueKind.Null, Assert.Single(InspectionResultFederation.Results(after)).GetProperty("reviewOutcome").ValueKind);
        Assert.Empty(await fixture.FeedbackAtAqsiqAsync(declaration));
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string Field(JsonElement problem, string field) =>
        problem.GetProperty("errors").TryGetProperty(field, out var reasons) ? string.Join("; ", reasons.EnumerateArray().Select(r => r.GetString())) : $"(no error for {field}: {problem})";
}

/// <summary>Without an agreement that covers the results, an inspected waste import reaches nobody, and the history says so.</summary>
public abstract class InspectionResultWithoutAgreementTests(InspectionResultFederation fixture)
{
    [Fact]
    public async Task Without_the_agreement_no_result_is_sent()
    {
        var (licence, number) = await fixture.RegisterLicenceAsync();
        var (id, declaration) = await fixture.DeclareAsync(number);
        var inspected = await fixture.InspectAsync(id);
        var published = Assert.Single(inspected.GetProperty("history").EnumerateArray(), h => h.GetProperty("stage").GetString() == "inspection-result-published");
        Assert.Contains("no party", published.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (scope, db) = fixture.Federation[TestFederation.Aqsiq].Database();
        await using (scope)
        {
            Assert.False(await db.Set<OutboxMessage>().AnyAsync(m => m.Type == ImportInspectionWire.CompletedType));
        }

        Assert.Empty(InspectionResultFederation.Results(await fixture.LicenceAsync(licence)));
        Assert.DoesNotContain(declaration, (await fixture.LicenceAsync(licence)).GetRawText(), StringComparison.Ordinal);
    }
}

[Collection("sqlite")]
public sealed class InspectionResultOnSqlite(SqliteInspectionResultFederation fixture) : InspectionResultTests(fixture), IClassFixture<SqliteInspectionResultFederation>;

[Collection("postgres")]
public sealed class InspectionResultOnPostgres(PostgresInspectionResultFederation fixture) : InspectionResultTests(fixture), IClassFixture<PostgresInspectionResultFederation>;

[Collection("sqlite")]
public sealed class InspectionResultWithoutAgreementOnSqlite(SqliteNoResultAgreementFederation fixture) : InspectionResultWithoutAgreementTests(fixture), IClassFixture<SqliteNoResultAgreementFederation>;

[Collection("postgres")]
public sealed class InspectionResultWithoutAgreementOnPostgres(PostgresNoResultAgreementFederation fixture) : InspectionResultWithoutAgreementTests(fixture), IClassFixture<PostgresNoResultAgreementFederation>;
