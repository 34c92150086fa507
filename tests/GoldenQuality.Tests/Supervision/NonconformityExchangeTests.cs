using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Demo;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Hosting;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Tests.Supervision;

/// <summary>
/// A nonconformity raises <c>supervision.nonconformity.raised</c> to the supervising CIQ office over the exchange.
/// One national AQSIQ node hosts both the supervising side and the CIQ offices, so the envelope goes through local
/// delivery (the same inbox path as a peer's). Each test runs its own node with its own directory.
/// </summary>
public abstract class NonconformityExchangeTests(DatabaseProvider provider)
{
    private const string Node = "GQ/GOV/AQSIQ/national";
    private const string Type = "supervision.nonconformity.raised";

    private static string At(double minutesAgo) => DateTimeOffset.UtcNow.AddMinutes(-minutesAgo).ToString("O", CultureInfo.InvariantCulture);

    private static object M(string lot, string parameter, double value, string unit, string at) =>
        new { lot, device = "dev-1", sensor = "s1", parameter, value, unit, at };

    [Fact]
    public async Task A_nonconformity_is_sent_to_the_supervising_ciq_office_and_received_there()
    {
        await using var node = await SingleNode.StartAsync(provider, withAgreement: true);
        using var exporter = await node.SignInAsync("exporter.hangzhou", "demo-exporter-2026");
        var lot = await NewLotAsync(exporter);

        var result = await (await exporter.PostAsJsonAsync("/api/supervision/measurements",
            new { measurements = new[] { M(lot, "pb", 0.05, "mg/kg", At(5)), M(lot, "pb", 350, "ug/kg", At(4)) } })).Json();
        Assert.Equal(1, result.GetProperty("nonconforming").GetInt32());
        Assert.Equal(lot, result.GetProperty("lotsHeld")[0].GetString());
        Assert.Equal("held", (await (await exporter.GetAsync($"/api/supervision/lots/{lot}")).Json()).GetProperty("status").GetString());

        using var officer = await node.SignInAsync("ciq.zhejiang", "demo-ciq-2026");
        var events = await (await officer.GetAsync($"/api/supervision/events?lot={lot}&kind=nonconformity")).Json();
        var e = Assert.Single(events.GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.String, e.GetProperty("dispatchedAt").ValueKind);
        var eventId = e.GetProperty("id").GetString();

        // The office's node received it (local delivery, same inbox path) with a signed receipt.
        JsonElement received = default;
        await TestFederation.WaitUntilAsync(async () =>
        {
            var page = await (await officer.GetAsync("/api/supervision/received-events?office=CIQ-ZJ-HZ&pageSize=500")).Json();
            received = page.GetProperty("items").EnumerateArray().FirstOrDefault(r => r.GetProperty("event").GetProperty("lotId").GetString() == lot);
            return received.ValueKind == JsonValueKind.Object;
        }, "the CIQ office to receive the nonconformity");
        var raised = received.GetProperty("event");
        Assert.Equal(eventId, raised.GetProperty("eventId").GetString());
        Assert.Equal("CIQ-ZJ-HZ", raised.GetProperty("office").GetString());
        Assert.Equal("pb", raised.GetProperty("parameter").GetString());
        Assert.Equal(350, raised.GetProperty("value").GetDouble());
        Assert.Equal("ug/kg", raised.GetProperty("unit").GetString());
        Assert.Equal("max", raised.GetProperty("limitKind").GetString());
        Assert.True(raised.GetProperty("holdPlaced").GetBoolean());
        Assert.Equal(Node, received.GetProperty("sender").GetString());
        Assert.Contains($"{Node}/CIQ-ZJ-HZ", received.GetProperty("recipients").GetString(), StringComparison.Ordinal);
        Assert.Equal("AGR-SUP", received.GetProperty("agreement").GetString());
        Assert.False(string.IsNullOrEmpty(received.GetProperty("receipt").GetString()));

        // The sender's outbox row has its receipt: delivered.
        using var system = node.System();
        var envelope = received.GetProperty("envelope").GetString();
        await TestFederation.WaitUntilAsync(async () =>
        {
            var outbox = await (await system.GetAsync("/api/exchange/outbox?status=delivered&pageSize=500")).Json();
            return outbox.GetProperty("items").EnumerateArray().Any(o => o.GetProperty("envelopeId").GetString() == envelope && o.GetProperty("type").GetString() == Type);
        }, "the outbox row to be delivered");

        // Enterprise users do not read what the offices received.
        var own = await (await exporter.GetAsync("/api/supervision/received-events")).Json();
        Assert.Equal(0, own.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Without_an_agreement_the_event_stays_undispatched_and_the_denial_is_recorded()
    {
        await using var node = await SingleNode.StartAsync(provider, withAgreement: false);
        using var exporter = await node.SignInAsync("exporter.hangzhou", "demo-exporter-2026");
        var lot = await NewLotAsync(exporter);
        var result = await (await exporter.PostAsJsonAsync("/api/supervision/measurements",
            new { measurements = new[] { M(lot, "pb", 0.5, "mg/kg", At(4)) } })).Json();
        Assert.Equal(lot, result.GetProperty("lotsHeld")[0].GetString());

        using var officer = await node.SignInAsync("ciq.zhejiang", "demo-ciq-2026");
        var e = Assert.Single((await (await officer.GetAsync($"/api/supervision/events?lot={lot}&kind=nonconformity&undispatched=true")).Json())
            .GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, e.GetProperty("dispatchedAt").ValueKind);

        using var system = node.System();
        var rejections = await (await system.GetAsync("/api/exchange/rejections?pageSize=500")).Json();
        Assert.Contains(rejections.GetProperty("items").EnumerateArray(), r =>
            r.GetProperty("type").GetString() == Type && r.GetProperty("direction").GetString() == "out" && r.GetProperty("reason").GetString() == RejectionReasons.NoAgreement);
        Assert.Equal(0, (await (await officer.GetAsync("/api/supervision/received-events")).Json()).GetProperty("total").GetInt32());
    }

    private static async Task<string> NewLotAsync(HttpClient exporter)
    {
        var line = "L-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await exporter.PostAsJsonAsync("/api/supervision/lines", new { code = line, name = "Rice line" })).StatusCode);
        var response = await exporter.PostAsJsonAsync("/api/supervision/lots", new { line, number = "LOT-" + Guid.NewGuid().ToString("N")[..10], product = "cereal.rice", market = "export" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var lot = await response.Json();
        Assert.Equal("CIQ-ZJ-HZ", lot.GetProperty("office").GetString());
        return lot.GetProperty("id").GetString()!;
    }

    /// <summary>One national AQSIQ node hosting <c>AQSIQ*</c> and <c>CIQ-*</c>, with a directory it signs itself.</summary>
    private sealed class SingleNode : IAsyncDisposable
    {
        private readonly string folder;
        private WebApplication? app;

        private SingleNode(string folder, Uri url)
        {
            this.folder = folder;
            Url = url;
        }

        public Uri Url { get; }

        public string SystemApiKey { get; private set; } = "";

        public static async Task<SingleNode> StartAsync(DatabaseProvider provider, bool withAgreement)
        {
            var folder = Path.Combine(Path.GetTempPath(), "gq-sup-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(folder);
            var port = GoldenQuality.Hosting.GqHost.FreeLoopbackPort();
            var node = new SingleNode(folder, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}")));
            var keyFile = Path.Combine(folder, "node-key.pem");
            var directoryFile = Path.Combine(folder, "directory.jws");
            string publicKey;
            using (var key = NodeKeys.LoadOrCreate(keyFile))
            {
                publicKey = NodeKeys.PublicKey(key);
                var now = DateTimeOffset.UtcNow;
                Agreement[] agreements = withAgreement
                    ? [new Agreement("AGR-SUP", "GQ/GOV/AQSIQ", ["GQ/GOV/AQSIQ"], [Type], [], "tests", new LegalBasis("test regulation", "art. 1"), ["*"], "internal",
                        now.AddDays(-1), now.AddDays(1), [new AgreementStep("deliver", "GQ/GOV/AQSIQ", "PT1H")])]
                    : [];
                var directory = new FederationDirectoryDocument(1, now.AddMinutes(-5), now.AddDays(1), Node,
                    [new DirectoryMember("GQ/GOV/AQSIQ", "AQSIQ")],
                    [new DirectoryNode(Node, node.Url.ToString().TrimEnd('/'), publicKey, ["AQSIQ*", "CIQ-*"])],
                    [new DirectoryMessageType(Type, "test")],
                    agreements);
                await File.WriteAllTextAsync(directoryFile, DirectorySigning.Sign(directory, key));
            }

            var database = provider == DatabaseProvider.Postgres
                ? await PostgresServer.CreateDatabaseAsync()
                : $"Data Source={Path.Combine(folder, "node.db")}";
            node.app = GqHost.Build(new HostSettings
            {
                Urls = node.Url.ToString(),
                JsonLogs = false,
                Settings = new Dictionary<string, string?>
                {
                    ["Node:Database"] = database,
                    ["Logging:LogLevel:Default"] = "Warning",
                    ["Logging:LogLevel:GoldenQuality"] = "Error",
                    ["Exchange:NodeId"] = Node,
                    ["Exchange:KeyFile"] = keyFile,
                    ["Exchange:AuthorityKey"] = publicKey,
                    ["Exchange:DirectoryFile"] = directoryFile,
                    ["Exchange:PollMilliseconds"] = "200",
                    ["Exchange:RetryBaseSeconds"] = "0.05",
                    ["Exchange:MaxRetryDelaySeconds"] = "0.5",
                    ["Exchange:LeaseSeconds"] = "2",
                },
            });
            await GqHost.PrepareAsync(node.app, CancellationToken.None);
            await using (var scope = node.app.Services.CreateAsyncScope())
            {
                var options = node.app.Services.GetRequiredService<IOptions<ReferenceDataOptions>>().Value;
                node.SystemApiKey = (await DemoData.From(scope.ServiceProvider).LoadAsync(options.ReferenceData, CancellationToken.None)).SystemApiKey;
            }

            await node.app.StartAsync();
            return node;
        }

        public HttpClient System()
        {
            var client = new HttpClient { BaseAddress = Url };
            client.DefaultRequestHeaders.Add("X-Api-Key", SystemApiKey);
            return client;
        }

        public async Task<HttpClient> SignInAsync(string userName, string password)
        {
            var client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = Url };
            client.DefaultRequestHeaders.Add("X-GQ-Request", "1");
            var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password });
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            return client;
        }

        public async ValueTask DisposeAsync()
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

[Collection("sqlite")]
public sealed class NonconformityExchangeTestsOnSqlite() : NonconformityExchangeTests(DatabaseProvider.Sqlite);

[Collection("postgres")]
public sealed class NonconformityExchangeTestsOnPostgres() : NonconformityExchangeTests(DatabaseProvider.Postgres);
