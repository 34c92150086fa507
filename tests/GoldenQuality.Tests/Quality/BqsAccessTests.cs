using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Quality.Contracts;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static GoldenQuality.Tests.Clearance.Flow;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Quality;

/// <summary>The national, Customs, Zhejiang BQS and Jiangsu BQS nodes (<c>bqs: true, bqsJiangsu: true</c>), once per test class.</summary>
public abstract class BqsAccessFederation : IAsyncLifetime
{
    public abstract DatabaseProvider Provider { get; }

    public TestFederation Federation { get; private set; } = null!;

    public async Task InitializeAsync() => Federation = await StartAsync(Provider, bqs: true, bqsJiangsu: true);

    public async Task DisposeAsync() => await Federation.DisposeAsync();
}

public sealed class SqliteBqsAccessFederation : BqsAccessFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresBqsAccessFederation : BqsAccessFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// The non-vertical line (issue 15): the province's BQS owns its data. A BQS officer of another province (Jiangsu)
/// sees nothing of Zhejiang's unless an agreement says so: its dataset query is refused, a message between the two
/// provinces is refused, and its officer cannot sign in on the Zhejiang node; AQSIQ reads under its agreement (T-20).
/// </summary>
public abstract class BqsAccessTests(BqsAccessFederation fixture)
{
    private static string Text(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    [Fact]
    public async Task A_bqs_officer_of_another_province_sees_nothing_of_zhejiangs_without_an_agreement()
    {
        var federation = fixture.Federation;
        var jiangsu = await federation.SignInAsync(BqsJiangsu, JiangsuOfficer, JiangsuPassword);

        // Jiangsu asks the Zhejiang node for a production licence: no agreement, refused.
        var refused = await Expect(await jiangsu.PostAsJsonAsync("/api/exchange/queries",
            new { provider = BqsZhejiang, dataset = QualityWire.ProductionLicenceDataset, parameters = new { uscc = DemoTea } }), HttpStatusCode.OK);
        Assert.False(refused.GetProperty("answered").GetBoolean());
        Assert.Equal(RejectionReasons.NoAgreement, Text(refused, "reason"));

        // AQSIQ asks under T-20: answered by the Zhejiang node's licence register.
        var aqsiq = await federation.SignInAsync(Aqsiq, "ciq.hangzhou");
        var asked = await Expect(await aqsiq.PostAsJsonAsync("/api/exchange/queries",
            new { provider = BqsZhejiang, dataset = QualityWire.ProductionLicenceDataset, parameters = new { uscc = DemoTea } }), HttpStatusCode.OK);
        Assert.True(asked.GetProperty("answered").GetBoolean(), asked.GetRawText());

        // The Zhejiang node's Quality module may not send to Jiangsu: the sender denies it for lack of an agreement.
        await using (var scope = federation[BqsZhejiang].Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
            var node = scope.ServiceProvider.GetRequiredService<ExchangeNode>();
            var recipient = node.PartyOf("BQS-JS");
            Assert.Equal(BqsJiangsu + "/BQS-JS", recipient);
            var sent = scope.ServiceProvider.GetRequiredService<ExchangeSender>().As(SendingModule.Quality).Send(db, QualityWire.LicenceStatusChangedType,
                new ProductionLicenceStatusChanged("SC-JS-1", DemoTea, "Hangzhou Demo Tea", "330106", ["tea"], "suspended", "test", null, null, "BQS-ZJ", "BQS-JS", DateTimeOffset.UtcNow),
                [recipient!], "BQS-ZJ");
            Assert.Empty(sent.Envelopes);
            Assert.Contains(sent.Denied, d => d.Party == recipient);
        }

        // The Jiangsu officer exists only on the Jiangsu node: the Zhejiang node does not know him, and he reads no Zhejiang lead there.
        using var anonymous = federation.Track(new HttpClient { BaseAddress = federation[BqsZhejiang].Url });
        anonymous.DefaultRequestHeaders.Add("X-GQ-Request", "1");
        var signIn = await anonymous.PostAsJsonAsync("/api/auth/sign-in", new { userName = JiangsuOfficer, password = JiangsuPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        var leads = await Expect(await jiangsu.GetAsync("/api/quality/leads"), HttpStatusCode.OK);
        Assert.Equal(0, leads.GetProperty("total").GetInt32());
    }
}

[Collection("sqlite")]
public sealed class BqsAccessOnSqlite(SqliteBqsAccessFederation fixture) : BqsAccessTests(fixture), IClassFixture<SqliteBqsAccessFederation>;

[Collection("postgres")]
public sealed class BqsAccessOnPostgres(PostgresBqsAccessFederation fixture) : BqsAccessTests(fixture), IClassFixture<PostgresBqsAccessFederation>;
