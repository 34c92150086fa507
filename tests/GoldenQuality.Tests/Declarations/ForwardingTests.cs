using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Declarations;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GoldenQuality.Tests.Clearance.Flow;

namespace GoldenQuality.Tests.Declarations;

/// <summary>
/// The national AQSIQ node, Customs and the Shandong CIQ node of <see cref="TestFederation"/> (provincial: true), once per
/// test class, with no random sample in the risk decision (smartphones with an unknown credit class pass on a document check).
/// </summary>
public abstract class ProvincialFederation : IAsyncLifetime
{
    public abstract DatabaseProvider Provider { get; }

    public TestFederation Federation { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Federation = await TestFederation.StartAsync(Provider, settings: new() { ["Declarations:Risk:RandomSampleRate"] = "0" }, provincial: true);

    public async Task DisposeAsync()
    {
        await Federation.DisposeAsync();
    }
}

public sealed class SqliteProvincialFederation : ProvincialFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresProvincialFederation : ProvincialFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// Issue 14, a local node (decision 0014): a declaration submitted on the national node and routed to an office the
/// Shandong node hosts is forwarded there, created, checked and decided there as its own, and its outcome comes back to
/// the origin; received twice it is one declaration; an office no node hosts, or a host without an agreement, is
/// refused at submit naming the field and the reason.
/// </summary>
public abstract class ForwardingTests(ProvincialFederation fixture)
{
    public const string QingdaoSeafood = "913702000000DEM05F";

    private const string Smartphones = "8517130000";

    private TestFederation Federation => fixture.Federation;

    /// <summary>Smartphones imported by the Qingdao demo enterprise (its own declarant) through the given port.</summary>
    public static Dictionary<string, object?> PhoneImport(string lot, string port = "CNTAO") => new()
    {
        ["kind"] = "import", ["declarantUscc"] = QingdaoSeafood, ["consigneeUscc"] = QingdaoSeafood, ["transportMode"] = "1", ["transportMeans"] = "EVER GIVEN / 077E",
        ["portOfLoading"] = "KRPUS", ["portOfEntry"] = port, ["country"] = "KR", ["contractReference"] = "QD-" + lot, ["invoiceReference"] = "KR-" + lot,
        ["documents"] = Array.Empty<object>(),
        ["lines"] = new[]
        {
            new
            {
                sequence = 1, hsCode = Smartphones, description = "Smartphones / 智能手机", quantity = 200m, unit = "H87", netWeightKg = 60m, grossWeightKg = 80m,
                value = 40000m, currency = "USD", placeOfOrigin = "KR", lots = new[] { lot }, packaging = "cartons",
            },
        },
    };

    private async Task<HttpClient> ImporterAsync() => await Federation.SignInAsync(TestFederation.Aqsiq, "importer.qingdao");

    /// <summary>The Shandong node's declaration created from a forwarding, read from its database.</summary>
    private async Task<List<(Guid Id, string Number, DeclarationStatus Status, string? Office, string? Origin)>> AtShandongAsync(Guid forwardId)
    {
        var (scope, db) = Federation[TestFederation.Shandong].Database();
        await using (scope)
        {
            var rows = await db.Set<Declaration>().AsNoTracking().Where(d => d.ForwardId == forwardId).ToListAsync();
            return [.. rows.Select(d => (d.Id, d.Number, d.Status, d.Office, d.RemoteNumber))];
        }
    }

    [Fact]
    public async Task An_import_routed_to_a_Shandong_office_is_forwarded_decided_there_and_its_outcome_shown_at_the_origin()
    {
        var importer = await ImporterAsync();
        var created = await CreateAsync(importer, PhoneImport(NewLot("QD")));
        var id = created.GetProperty("id").GetGuid();
        var number = created.GetProperty("number").GetString()!;
        var submitted = await SubmitAsync(importer, id);

        // The origin does not inspect it: it is forwarded, and the declarant sees where it went.
        Assert.Equal("forwarded", submitted.GetProperty("status").GetString());
        Assert.Equal("CIQ-SD-HUANGDAO", submitted.GetProperty("office").GetString());
        var forwarded = submitted.GetProperty("history").EnumerateArray().Single(h => h.GetProperty("stage").GetString() == "forwarded");
        Assert.Contains("routed to CIQ-SD-HUANGDAO, hosted by node GQ/GOV/AQSIQ/shandong", forwarded.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var forwarding = submitted.GetProperty("forwarding");
        Assert.Equal(TestFederation.Shandong, forwarding.GetProperty("forwardedTo").GetString());
        Assert.DoesNotContain("risk-decided", Stages(submitted));
        var forwardId = forwarding.GetProperty("forwardId").GetGuid();

        // The Shandong node holds it as its own declaration, routed to its office, decided there: a document check and the permit.
        var done = await WaitForStatusAsync(importer, id, "forwarded",
            d => d.GetProperty("forwarding").GetProperty("remoteStatus").GetString() == "permit-issued");
        var there = Assert.Single(await AtShandongAsync(forwardId));
        Assert.Equal(DeclarationStatus.PermitIssued, there.Status);
        Assert.Equal("CIQ-SD-HUANGDAO", there.Office);
        Assert.Equal(number, there.Origin);
        Assert.NotEqual(number, there.Number);

        var officer = await Federation.SignInAsync(TestFederation.Shandong, "ciq.huangdao");
        var view = await GetAsync(officer, there.Id);
        Assert.Contains("forwarded-in", Stages(view));
        Assert.Contains("risk-decided", Stages(view));
        Assert.Equal(TestFederation.Aqsiq, view.GetProperty("forwarding").GetProperty("forwardedFrom").GetString());
        var permit = view.GetProperty("permitNumber").GetString()!;
        Assert.StartsWith("IP-CIQ-SD-HUANGDAO-", permit, StringComparison.Ordinal);

        // The origin shows the outcome: the number there and the permit.
        var outcome = done.GetProperty("forwarding");
        Assert.Equal(there.Number, outcome.GetProperty("remoteNumber").GetString());
        Assert.Equal(permit, outcome.GetProperty("remotePermitNumber").GetString());
        Assert.Contains("forwarded-status", Stages(done));

        // The provincial node's customs clearance permit reaches the Customs node.
        await TestFederation.WaitUntilAsync(async () =>
        {
            var (scope, _) = Federation[TestFederation.Customs].Database();
            await using (scope)
            {
                var received = await scope.ServiceProvider.GetRequiredService<IExchangeRecords>()
                    .ReceivedAsync(new ReceivedQuery("certificates.permit.issued"), 1, 500, CancellationToken.None);
                return received.Items.Any(m => m.Sender.StartsWith(TestFederation.Shandong, StringComparison.Ordinal) && m.Payload.Contains(there.Number, StringComparison.Ordinal));
            }
        }, "the Shandong node's clearance permit at Customs", 30);
    }

    [Fact]
    public async Task A_return_at_the_hosting_node_returns_the_declaration_at_the_origin_with_the_reasons()
    {
        // Frozen shrimp need a quarantine permit: the Shandong node's formal check returns the import.
        var importer = await ImporterAsync();
        var body = PhoneImport(NewLot("QD3"));
        body["lines"] = new[]
        {
            new
            {
                sequence = 1, hsCode = "0306170000", description = "Frozen shrimps / 冻虾", quantity = 500m, unit = "KGM", netWeightKg = 500m, grossWeightKg = 520m,
                value = 3600m, currency = "USD", placeOfOrigin = "KR", lots = new[] { "QD3" }, packaging = "frozen cartons",
            },
        };
        var id = (await CreateAsync(importer, body)).GetProperty("id").GetGuid();
        var forwardId = (await SubmitAsync(importer, id)).GetProperty("forwarding").GetProperty("forwardId").GetGuid();

        var returned = await WaitForStatusAsync(importer, id, "returned");
        Assert.Contains("quarantine-permit", returned.GetProperty("returnReasons").GetString(), StringComparison.Ordinal);
        Assert.Equal("returned", returned.GetProperty("forwarding").GetProperty("remoteStatus").GetString());
        var there = Assert.Single(await AtShandongAsync(forwardId));
        Assert.Equal(DeclarationStatus.Returned, there.Status);
    }

    [Fact]
    public async Task A_declaration_the_hosting_node_cannot_take_is_refused_there_kept_nowhere_and_returned_at_the_origin()
    {
        // The Ningbo agent's mandate for the Qingdao enterprise is registered on the national node only: the Shandong
        // node's validation, the same as its API's, refuses the declarant.
        var principal = await ImporterAsync();
        await Expect(await principal.PostAsJsonAsync("/api/declarations/agents", new { agentUscc = DemoAgent, principalUscc = QingdaoSeafood, validFrom = "2026-01-01" }),
            HttpStatusCode.Created);
        var agent = await Federation.SignInAsync(TestFederation.Aqsiq, "agent.ningbo");
        var body = PhoneImport(NewLot("QD4"));
        body["declarantUscc"] = DemoAgent;
        var id = (await CreateAsync(agent, body)).GetProperty("id").GetGuid();
        var forwardId = (await SubmitAsync(agent, id)).GetProperty("forwarding").GetProperty("forwardId").GetGuid();

        var returned = await WaitForStatusAsync(agent, id, "returned");
        Assert.Equal("refused", returned.GetProperty("forwarding").GetProperty("remoteStatus").GetString());
        var reasons = returned.GetProperty("returnReasons").GetString()!;
        Assert.Contains("refused at " + TestFederation.Shandong, reasons, StringComparison.Ordinal);
        Assert.Contains("declarantUscc", reasons, StringComparison.Ordinal);
        Assert.Empty(await AtShandongAsync(forwardId));
    }

    [Fact]
    public async Task A_forwarding_received_twice_creates_one_declaration()
    {
        var importer = await ImporterAsync();
        var id = (await CreateAsync(importer, PhoneImport(NewLot("QD2")))).GetProperty("id").GetGuid();
        var forwardId = (await SubmitAsync(importer, id)).GetProperty("forwarding").GetProperty("forwardId").GetGuid();
        await TestFederation.WaitUntilAsync(async () => (await AtShandongAsync(forwardId)).Count == 1, "the forwarded declaration at Shandong", 30);

        // The same forwarding again, in a new envelope (the exchange's de-duplication of envelopes does not apply).
        DeclarationForwarded message;
        var (inbox, _) = Federation[TestFederation.Shandong].Database();
        await using (inbox)
        {
            var received = await inbox.ServiceProvider.GetRequiredService<IExchangeRecords>()
                .ReceivedAsync(new ReceivedQuery(DeclarationsWire.ForwardedType), 1, 500, CancellationToken.None);
            message = received.Items.Select(m => JsonSerializer.Deserialize<DeclarationForwarded>(m.Payload, Envelopes.Json)!).Single(m => m.ForwardId == forwardId);
        }

        Guid again;
        var (scope, db) = Federation[TestFederation.Aqsiq].Database();
        await using (scope)
        {
            var sent = scope.ServiceProvider.GetRequiredService<ExchangeSender>().As(SendingModule.Declarations)
                .Send(db, DeclarationsWire.ForwardedType, message, [TestFederation.Shandong]);
            Assert.Empty(sent.Denied);
            await db.SaveChangesAsync();
            again = Assert.Single(sent.Envelopes);
        }

        await TestFederation.WaitUntilAsync(async () =>
        {
            var (s, _) = Federation[TestFederation.Aqsiq].Database();
            await using (s)
            {
                var sent = await s.ServiceProvider.GetRequiredService<IExchangeRecords>().SentAsync([again], CancellationToken.None);
                return sent.Count == 1 && sent[0].Delivered;
            }
        }, "the second forwarding delivered", 30);
        Assert.Single(await AtShandongAsync(forwardId));
    }

    [Fact]
    public async Task An_office_no_node_hosts_is_refused_at_submit_naming_the_port()
    {
        var importer = await ImporterAsync();
        var id = (await CreateAsync(importer, PhoneImport(NewLot("SH"), "CNSHA"))).GetProperty("id").GetGuid();
        var problem = await Expect(await importer.PostAsync($"/api/declarations/{id}/submit", null), HttpStatusCode.BadRequest);
        var reason = Assert.Single(TestData.FieldErrors(problem, "portOfEntry"));
        Assert.Contains("CIQ-SH-WUSONG", reason, StringComparison.Ordinal);
        Assert.Contains("no node of the federation directory hosts", reason, StringComparison.Ordinal);
        Assert.Equal("draft", (await GetAsync(importer, id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_host_without_an_agreement_is_refused_at_submit_naming_the_port()
    {
        // The Shandong node may answer the national node but not forward to it (T-18 runs one way only).
        var system = await Federation.SignInAsync(TestFederation.Shandong, "qingdao.seafood");
        var created = await Expect(await system.PostAsJsonAsync("/api/declarations", PhoneImport(NewLot("NB"), "CNNGB")), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var problem = await Expect(await system.PostAsync($"/api/declarations/{id}/submit", null), HttpStatusCode.BadRequest);
        var reason = Assert.Single(TestData.FieldErrors(problem, "portOfEntry"));
        Assert.Contains("hosted by node GQ/GOV/AQSIQ/national", reason, StringComparison.Ordinal);
        Assert.Contains("no agreement", reason, StringComparison.Ordinal);
        Assert.Equal("draft", (await GetAsync(system, id)).GetProperty("status").GetString());
    }
}

[Collection("sqlite")]
public sealed class ForwardingOnSqlite(SqliteProvincialFederation fixture) : ForwardingTests(fixture), IClassFixture<SqliteProvincialFederation>;

[Collection("postgres")]
public sealed class ForwardingOnPostgres(PostgresProvincialFederation fixture) : ForwardingTests(fixture), IClassFixture<PostgresProvincialFederation>;
