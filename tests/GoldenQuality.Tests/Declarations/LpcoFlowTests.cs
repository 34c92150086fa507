using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Declarations;
using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Ministries.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Clearance;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GoldenQuality.Tests.Clearance.Flow;

namespace GoldenQuality.Tests.Declarations;

/// <summary>
/// The AQSIQ, Customs, MOA, MEP and PBC nodes of <see cref="TestFederation"/> (ministries: true), once per test class,
/// with the deterministic risk settings of <see cref="ClearanceFederation"/> and a short issuer retry interval.
/// </summary>
public abstract class LpcoFederation : IAsyncLifetime
{
    public abstract DatabaseProvider Provider { get; }

    public TestFederation Federation { get; private set; } = null!;

    public static Dictionary<string, string?> Settings
    {
        get
        {
            var settings = ClearanceFederation.RiskSettings;
            settings["Declarations:IssuerRetrySeconds"] = "0.2";
            return settings;
        }
    }

    public async Task InitializeAsync() => Federation = await TestFederation.StartAsync(Provider, settings: Settings, ministries: true, only: [TestFederation.Moa, TestFederation.Mep]);

    public async Task DisposeAsync()
    {
        await Federation.DisposeAsync();
    }

    /// <summary>A demo account signed in on the given node; the federation disposes it.</summary>
    public Task<HttpClient> SignInAsync(string user, string node = TestFederation.Aqsiq) => Federation.SignInAsync(node, user);
}

public sealed class SqliteLpcoFederation : LpcoFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresLpcoFederation : LpcoFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// Issue 14, the declarations side: an import of a regulated product is checked at the LPCO's issuer (MOA's node) by a
/// signed dataset query; each refusal names the declaration's field; release draws the quantity down at the issuer
/// (once, however often the draw arrives); an unreachable issuer leaves the declaration waiting until it answers; a
/// suspension at the issuer returns the declarations not yet released.
/// </summary>
public abstract class LpcoFlowTests(LpcoFederation fixture)
{
    private const string Beef = "0202300000";

    /// <summary>Frozen boneless beef imported by the Ningbo demo importer from Australia through Ningbo, citing the given documents.</summary>
    private static Dictionary<string, object?> BeefImport(decimal quantity, string lot, object[] documents, Action<Dictionary<string, object?>, Dictionary<string, object?>>? change = null)
    {
        var line = new Dictionary<string, object?>
        {
            ["sequence"] = 1, ["hsCode"] = Beef, ["description"] = "Frozen boneless beef / 冷冻去骨牛肉", ["quantity"] = quantity, ["unit"] = "KGM", ["netWeightKg"] = quantity,
            ["grossWeightKg"] = quantity * 1.04m, ["value"] = quantity * 6.1m, ["currency"] = "USD", ["placeOfOrigin"] = "AU", ["lots"] = new[] { lot }, ["packaging"] = "frozen cartons",
        };
        var body = new Dictionary<string, object?>
        {
            ["kind"] = "import", ["declarantUscc"] = DemoAgent, ["consigneeUscc"] = DemoAgent, ["transportMode"] = "1", ["transportMeans"] = "MAERSK KOWLOON / 318N",
            ["portOfLoading"] = "AUMEL", ["portOfEntry"] = "CNNGB", ["country"] = "AU", ["contractReference"] = "NBF-" + lot, ["invoiceReference"] = "AU-" + lot,
            ["documents"] = documents, ["lines"] = new[] { line },
        };
        change?.Invoke(body, line);
        return body;
    }

    private static object Permit(string number, string issuer = "MOA") => new { type = "quarantine-permit", number, issuer };

    /// <summary>Registers an issued quarantine permit on the MOA node as its officer; returns its id and number.</summary>
    private async Task<(Guid Id, string Number)> RegisterPermitAsync(decimal quantity, string holder = DemoAgent, string hs = "020230", string status = "issued")
    {
        var moa = await fixture.SignInAsync("moa.officer", TestFederation.Moa);
        var number = "MOA-QP-T-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var created = await Expect(await moa.PostAsJsonAsync("/api/ministries/lpcos/registered", new
        {
            number, kind = "quarantine-permit", holderUscc = holder, hsCode = hs, productDescription = "Frozen bovine meat (test)", originCountry = "AU",
            quantity, unit = "KGM", portsOfEntry = new[] { "CNNGB" }, validFrom = today.AddDays(-30), validTo = today.AddDays(300), status,
            reason = status == "issued" ? null : "test",
        }), HttpStatusCode.Created);
        return (created.GetProperty("id").GetGuid(), created.GetProperty("number").GetString()!);
    }

    private async Task<JsonElement> LpcoAsync(Guid id)
    {
        var moa = await fixture.SignInAsync("moa.officer", TestFederation.Moa);
        return await Expect(await moa.GetAsync($"/api/ministries/lpcos/{id}"), HttpStatusCode.OK);
    }

    private async Task WaitForRemainingAsync(Guid id, decimal remaining) =>
        await TestFederation.WaitUntilAsync(async () => (await LpcoAsync(id)).GetProperty("remaining").GetDecimal() == remaining,
            string.Create(CultureInfo.InvariantCulture, $"{remaining} left on the permit at MOA"), 30);

    /// <summary>Declares and submits; returns the declaration as submitted.</summary>
    private async Task<JsonElement> DeclareAsync(HttpClient agent, Dictionary<string, object?> body) =>
        await SubmitAsync(agent, (await CreateAsync(agent, body)).GetProperty("id").GetGuid());

    /// <summary>The port office inspects (conforming) and issues the permit: the release.</summary>
    private async Task<JsonElement> ReleaseAsync(Guid id)
    {
        var port = await fixture.SignInAsync("ciq.ningbo.port");
        Assert.Equal("passed", (await InspectAsync(port, id, null)).GetProperty("status").GetString());
        var issued = await IssuePermitAsync(port, id);
        Assert.Equal("permit-issued", issued.GetProperty("status").GetString());
        return issued;
    }

    private static string Reasons(JsonElement declaration) => declaration.GetProperty("returnReasons").GetString() ?? "";

    private static void Returned(JsonElement declaration, params string[] fields)
    {
        Assert.True(declaration.GetProperty("status").GetString() == "returned", $"expected returned: {declaration.GetRawText()}");
        var reasons = Reasons(declaration).Split("; ");
        foreach (var field in fields)
        {
            Assert.True(reasons.Any(r => r.StartsWith(field + ":", StringComparison.Ordinal) || r.StartsWith(field + ",", StringComparison.Ordinal)),
                $"no reason names {field}: {Reasons(declaration)}");
        }
    }

    [Fact]
    public async Task An_import_of_beef_is_returned_without_a_permit_with_a_made_up_one_and_with_one_from_another_issuer()
    {
        var agent = await fixture.SignInAsync("agent.ningbo");

        var none = await DeclareAsync(agent, BeefImport(100m, NewLot("BEEF-N"), []));
        Returned(none, "lines[0]");
        Assert.Contains("quarantine-permit", Reasons(none), StringComparison.Ordinal);

        var nobody = await DeclareAsync(agent, BeefImport(100m, NewLot("BEEF-X"), [Permit("TOTALLY-MADE-UP-0000", "nobody")]));
        Returned(nobody, "documents[0].issuer");
        Assert.Contains("MOA", Reasons(nobody), StringComparison.Ordinal);

        // Named to the right issuer, the number is asked of MOA's register, which has no such permit.
        var madeUp = await DeclareAsync(agent, BeefImport(100m, NewLot("BEEF-M"), [Permit("TOTALLY-MADE-UP-0000")]));
        Returned(madeUp, "documents[0].number");
        Assert.Contains("TOTALLY-MADE-UP-0000", Reasons(madeUp), StringComparison.Ordinal);
        Assert.DoesNotContain("accepted", Stages(madeUp));
    }

    [Fact]
    public async Task A_waste_paper_import_is_checked_against_the_MEP_licence_and_needs_its_pre_shipment_inspection_certificate()
    {
        var agent = await fixture.SignInAsync("agent.ningbo");
        object[] documents = [new { type = "waste-import-licence", number = "MEP-WL-2026-000001", issuer = "MEP" }];
        void Paper(Dictionary<string, object?> body, Dictionary<string, object?> line)
        {
            body["country"] = "US";
            body["portOfLoading"] = "USLAX";
            line["hsCode"] = "4707100000";
            line["description"] = "Waste kraft paper / 废牛皮纸";
            line["quantity"] = 20m;
            line["unit"] = "TNE";
            line["netWeightKg"] = 20000m;
            line["grossWeightKg"] = 20100m;
            line["placeOfOrigin"] = "US";
        }

        var without = await DeclareAsync(agent, BeefImport(20m, NewLot("PAPER-N"), documents, Paper));
        Returned(without, "lines[0]");
        Assert.Contains("pre-shipment-inspection-certificate", Reasons(without), StringComparison.Ordinal);

        var withCertificate = await DeclareAsync(agent, BeefImport(20m, NewLot("PAPER-Y"),
            [.. documents, new { type = "pre-shipment-inspection-certificate", number = "CCIC-US-2026-0001", issuer = "CCIC" }], Paper));
        Assert.Equal("inspection", withCertificate.GetProperty("status").GetString());
        var cover = Assert.Single(withCertificate.GetProperty("lpcos").EnumerateArray());
        Assert.Equal(TestFederation.Mep, cover.GetProperty("issuerNode").GetString());
        Assert.Equal("TNE", cover.GetProperty("unit").GetString());
        Assert.Equal(20m, cover.GetProperty("lines")[0].GetProperty("quantity").GetDecimal());

        var tooMuch = await DeclareAsync(agent, BeefImport(900m, NewLot("PAPER-X"),
            [.. documents, new { type = "pre-shipment-inspection-certificate", number = "CCIC-US-2026-0002", issuer = "CCIC" }], (body, line) =>
            {
                Paper(body, line);
                line["quantity"] = 900m;
                line["netWeightKg"] = 900000m;
                line["grossWeightKg"] = 900500m;
            }));
        Returned(tooMuch, "lines[0].quantity");
    }

    [Fact]
    public async Task Each_refusal_of_the_issuer_names_the_declarations_field()
    {
        var agent = await fixture.SignInAsync("agent.ningbo");
        var (_, number) = await RegisterPermitAsync(1000m);

        // Another port, another country of origin, bone-in cuts the permit (boneless, 0202.30) does not cover, and more than is left.
        var wrong = await DeclareAsync(agent, BeefImport(5000m, NewLot("BEEF-W"), [Permit(number)], (body, line) =>
        {
            body["portOfEntry"] = "CNSHA";
            body["country"] = "NZ";
            body["lines"] = new[]
            {
                line,
                new Dictionary<string, object?>(line) { ["sequence"] = 2, ["hsCode"] = "0202200000", ["quantity"] = 10m, ["netWeightKg"] = 10m, ["grossWeightKg"] = 11m },
            };
        }));
        Returned(wrong, "portOfEntry", "country", "lines[1].hsCode", "lines[0].quantity");

        // A permit held by another enterprise.
        var (_, others) = await RegisterPermitAsync(1000m, holder: DemoTea);
        Returned(await DeclareAsync(agent, BeefImport(100m, NewLot("BEEF-H"), [Permit(others)])), "consigneeUscc");

        // A suspended permit covers nothing.
        var (_, suspended) = await RegisterPermitAsync(1000m, status: "suspended");
        var refused = await DeclareAsync(agent, BeefImport(100m, NewLot("BEEF-S"), [Permit(suspended)]));
        Returned(refused, "documents[0].number");
    }

    [Fact]
    public async Task A_valid_permit_is_drawn_down_over_two_partial_releases_and_refuses_the_import_once_exhausted()
    {
        var agent = await fixture.SignInAsync("agent.ningbo");
        var (permitId, number) = await RegisterPermitAsync(1000m);

        var first = await DeclareAsync(agent, BeefImport(600m, NewLot("BEEF-1"), [Permit(number)]));
        Assert.Equal("inspection", first.GetProperty("status").GetString());
        Assert.Contains("lpco-checked", Stages(first));
        var cover = Assert.Single(first.GetProperty("lpcos").EnumerateArray());
        Assert.Equal(number, cover.GetProperty("number").GetString());
        Assert.Equal(TestFederation.Moa, cover.GetProperty("issuerNode").GetString());
        Assert.Equal(600m, cover.GetProperty("lines")[0].GetProperty("quantity").GetDecimal());

        var released = await ReleaseAsync(first.GetProperty("id").GetGuid());
        Assert.Contains("lpco-drawn", Stages(released));
        await WaitForRemainingAsync(permitId, 400m);

        var second = await DeclareAsync(agent, BeefImport(400m, NewLot("BEEF-2"), [Permit(number)]));
        Assert.Equal("inspection", second.GetProperty("status").GetString());
        await ReleaseAsync(second.GetProperty("id").GetGuid());
        await WaitForRemainingAsync(permitId, 0m);
        var permit = await LpcoAsync(permitId);
        Assert.Equal(2, permit.GetProperty("draws").GetArrayLength());

        var third = await DeclareAsync(agent, BeefImport(1m, NewLot("BEEF-3"), [Permit(number)]));
        Returned(third, "lines[0].quantity");
    }

    [Fact]
    public async Task The_same_draw_delivered_twice_draws_once()
    {
        var agent = await fixture.SignInAsync("agent.ningbo");
        var (permitId, number) = await RegisterPermitAsync(1000m);
        var declared = await DeclareAsync(agent, BeefImport(300m, NewLot("BEEF-D"), [Permit(number)]));
        var released = await ReleaseAsync(declared.GetProperty("id").GetGuid());
        await WaitForRemainingAsync(permitId, 700m);

        // The draw again, as a retry would send it: a new envelope with the same LPCO and declaration.
        var aqsiq = fixture.Federation[TestFederation.Aqsiq];
        var (scope, db) = aqsiq.Database();
        Guid envelope;
        await using (scope)
        {
            var sender = scope.ServiceProvider.GetRequiredService<ExchangeSender>();
            var again = new LpcoDrawn("quarantine-permit", number, released.GetProperty("number").GetString()!, DemoAgent, [new LpcoDraw(1, 300m, "KGM")], DateTimeOffset.UtcNow);
            var sent = sender.As(SendingModule.Declarations).Send(db, MinistriesWire.LpcoDrawnType, again, [TestFederation.Moa], "CIQ-NB-BEILUN");
            Assert.Empty(sent.Denied);
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
        }, "the repeated draw to be delivered to MOA", 30);
        var permit = await LpcoAsync(permitId);
        Assert.Equal(700m, permit.GetProperty("remaining").GetDecimal());
        Assert.Equal(1, permit.GetProperty("draws").GetArrayLength());
    }

    [Fact]
    public async Task An_unreachable_issuer_keeps_the_declaration_waiting_with_the_reason_until_it_answers()
    {
        var agent = await fixture.SignInAsync("agent.ningbo");
        var (_, number) = await RegisterPermitAsync(1000m);
        var federation = fixture.Federation;
        await federation.StopNodeAsync(TestFederation.Moa);
        JsonElement waiting;
        try
        {
            waiting = await DeclareAsync(agent, BeefImport(200m, NewLot("BEEF-U"), [Permit(number)]));
            Assert.Equal("awaiting-issuer", waiting.GetProperty("status").GetString());
            var reason = waiting.GetProperty("awaitingIssuerReason").GetString()!;
            Assert.StartsWith("documents[0]", reason, StringComparison.Ordinal);
            Assert.Contains("MOA", reason, StringComparison.Ordinal);
            Assert.Contains("awaiting-issuer", Stages(waiting));
            Assert.DoesNotContain("accepted", Stages(waiting));

            // Still waiting after further rounds of the retry worker: never accepted without the issuer's answer.
            var worker = federation[TestFederation.Aqsiq].Services.GetRequiredService<IssuerRetryWorker>();
            await worker.RetryAsync(CancellationToken.None);
            await worker.RetryAsync(CancellationToken.None);
            var still = await GetAsync(agent, waiting.GetProperty("id").GetGuid());
            Assert.Equal("awaiting-issuer", still.GetProperty("status").GetString());

            // The history records the start of the wait once, not each round's wording of it.
            Assert.Single(Stages(still), s => s == "awaiting-issuer");
        }
        finally
        {
            await federation.StartNodeAsync(TestFederation.Moa, extra: LpcoFederation.Settings);
        }

        var proceeded = await WaitForStatusAsync(agent, waiting.GetProperty("id").GetGuid(), "inspection");
        var stages = Stages(proceeded);
        Assert.True(Array.IndexOf(stages, "awaiting-issuer") < Array.IndexOf(stages, "lpco-checked"), string.Join(", ", stages));
        Assert.Contains("risk-decided", stages);
        Assert.False(proceeded.TryGetProperty("awaitingIssuerReason", out var left) && left.ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task A_suspension_at_the_issuer_returns_the_declaration_not_yet_released_and_is_noted_on_the_released_one()
    {
        var agent = await fixture.SignInAsync("agent.ningbo");
        var (permitId, number) = await RegisterPermitAsync(1000m);
        var released = await DeclareAsync(agent, BeefImport(300m, NewLot("BEEF-R"), [Permit(number)]));
        var releasedId = released.GetProperty("id").GetGuid();
        await ReleaseAsync(releasedId);
        var pending = await DeclareAsync(agent, BeefImport(200m, NewLot("BEEF-P"), [Permit(number)]));
        Assert.Equal("inspection", pending.GetProperty("status").GetString());

        var moa = await fixture.SignInAsync("moa.officer", TestFederation.Moa);
        await Expect(await moa.PostAsJsonAsync($"/api/ministries/lpcos/{permitId}/suspend", new { reason = "residues found in an earlier consignment" }), HttpStatusCode.OK);

        var returned = await WaitForStatusAsync(agent, pending.GetProperty("id").GetGuid(), "returned");
        Returned(returned, "documents[0].number");
        Assert.Contains("suspended", Reasons(returned), StringComparison.Ordinal);
        Assert.Contains("residues found", Reasons(returned), StringComparison.Ordinal);

        var noted = await TestFederationHistoryAsync(agent, releasedId, "lpco-status-changed");
        Assert.Equal("permit-issued", noted.GetProperty("status").GetString());
    }

    private static async Task<JsonElement> TestFederationHistoryAsync(HttpClient client, Guid id, string stage)
    {
        JsonElement result = default;
        await TestFederation.WaitUntilAsync(async () =>
        {
            result = await GetAsync(client, id);
            return Stages(result).Contains(stage);
        }, $"the stage {stage}", 30);
        return result;
    }
}

[Collection("sqlite")]
public sealed class LpcoFlowOnSqlite(SqliteLpcoFederation fixture) : LpcoFlowTests(fixture), IClassFixture<SqliteLpcoFederation>;

[Collection("postgres")]
public sealed class LpcoFlowOnPostgres(PostgresLpcoFederation fixture) : LpcoFlowTests(fixture), IClassFixture<PostgresLpcoFederation>;
