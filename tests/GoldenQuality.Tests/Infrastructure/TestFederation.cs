using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using GoldenQuality.Accountability.Contracts;
using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Demo;
using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Hosting;
using GoldenQuality.International.Contracts;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Tests.Infrastructure;

/// <summary>
/// Two (or more) real nodes on loopback with their own databases and keys, a directory signed by the first
/// node, and the agreements the exchange tests need. The nodes talk over mutual TLS on their peer listeners,
/// each certificate pinned in the directory (decision 0009). Nodes can be stopped and started again on the same port
/// and database, as a peer that goes down and comes back.
/// </summary>
public sealed class TestFederation : IAsyncDisposable
{
    public const string Aqsiq = "GQ/GOV/AQSIQ/national";
    public const string Customs = "GQ/GOV/CUSTOMS/national";
    public const string Moa = "GQ/GOV/MOA/gateway";
    public const string Mep = "GQ/GOV/MEP/gateway";
    public const string Pbc = "GQ/GOV/PBC/gateway";

    /// <summary>The Shandong CIQ bureau's own node (<c>provincial: true</c>), hosting <c>CIQ-SD*</c>.</summary>
    public const string Shandong = "GQ/GOV/AQSIQ/shandong";

    /// <summary>The Zhejiang BQS's own node (<c>bqs: true</c>), hosting <c>BQS-ZJ*</c>.</summary>
    public const string BqsZhejiang = "GQ/GOV/BQS-ZJ/provincial";

    /// <summary>The hub node (<c>hub: true</c>), hosting <c>IPPC-HUB</c> and the foreign authorities <c>NPPO-*</c> (demo accounts nppo.ecuador, nppo.vietnam, hub.operator).</summary>
    public const string Hub = "GQ/INT/IPPC/hub";

    /// <summary>The Jiangsu BQS's own node (<c>bqsJiangsu: true</c>), hosting <c>BQS-JS*</c>: another province, with no agreement with Zhejiang's.</summary>
    public const string BqsJiangsu = "GQ/GOV/BQS-JS/provincial";

    /// <summary>The officer <see cref="StartAsync"/> creates on the Jiangsu BQS node (office BQS-JS), and the password.</summary>
    public const string JiangsuOfficer = "bqs.jiangsu";

    public const string JiangsuPassword = "test-bqs-js-2026";

    /// <summary>
    /// What the national node claims in a federation with the provincial node: the head office and the Zhejiang and Ningbo
    /// offices only, so that the tests have offices no node hosts (e.g. Shanghai's).
    /// </summary>
    public static readonly string[] NationalOfficesWithProvincial = ["AQSIQ*", "CIQ-ZJ*", "CIQ-NB*", "STATE-COUNCIL-ILC"];

    /// <summary>The ministry nodes <see cref="StartAsync"/> adds when asked (<c>ministries: true</c>), each hosting its ministry's office.</summary>
    public static readonly string[] Ministries = [Moa, Mep, Pbc];

    private readonly string folder;
    private readonly Dictionary<string, TestNode> nodes = new(StringComparer.Ordinal);

    private TestFederation(string folder, DatabaseProvider provider, bool provincial, bool bqs, bool bqsJiangsu, bool hub = false)
    {
        HasHub = hub;
        this.folder = folder;
        Provider = provider;
        Provincial = provincial;
        Bqs = bqs;
        BqsJs = bqsJiangsu;
    }

    /// <summary>True when the Jiangsu BQS node runs: it receives enterprise records from AQSIQ (T-22) and has no agreement with the Zhejiang BQS.</summary>
    public bool BqsJs { get; }

    /// <summary>True when the Zhejiang BQS node runs, with the "two units" agreements (T-20, T-21).</summary>
    public bool Bqs { get; }

    /// <summary>True when the Shandong node runs (decision 0014: declarations routed to its offices are forwarded to it).</summary>
    public bool Provincial { get; }

    /// <summary>Whether the federation has the hub node (<see cref="Hub"/>).</summary>
    public bool HasHub { get; }

    public DatabaseProvider Provider { get; }

    private static readonly string[] PermitTypes = ["certificates.permit.issued", "certificates.permit.amended", "certificates.permit.revoked"];

    /// <summary>What the coordinating office (AQSIQ) sends to the other agencies about rapid alerts (T-24, T-26, T-28).</summary>
    private static readonly string[] AlertsDown =
    [
        AlertsWire.DistributedType, AlertsWire.RejectedType, AlertsWire.EscalatedType, AlertsWire.FollowUpDistributedType, AlertsWire.HoldDecidedType,
        AlertsWire.CrisisActionAssignedType,
    ];

    /// <summary>What the other agencies send to the coordinating office about rapid alerts (T-25, T-27, T-29).</summary>
    private static readonly string[] AlertsUp =
        [AlertsWire.SubmittedType, AlertsWire.FollowUpPostedType, AlertsWire.HoldDecidedType, AlertsWire.CrisisActionUpdatedType];

    public string DirectoryFile => Path.Combine(folder, "directory.jws");

    public string AuthorityKey { get; private set; } = "";

    public TestNode this[string id] => nodes[id];

    public sealed class TestNode
    {
        public required string Id { get; init; }

        public required int Port { get; init; }

        /// <summary>The mutual-TLS peer listener's port (Exchange:PeerUrl), the endpoint the directory lists.</summary>
        public required int PeerPort { get; init; }

        public required string ConnectionString { get; init; }

        public required string KeyFile { get; init; }

        public Uri Url => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}"));

        public Uri PeerUrl => new(string.Create(CultureInfo.InvariantCulture, $"https://127.0.0.1:{PeerPort}"));

        /// <summary>
        /// A client of this node's peer listener, as a peer would connect: it presents <paramref name="clientCertificate"/>
        /// (by default this node's own certificate, whose pin the directory lists) and accepts the server by this node's pin.
        /// </summary>
        public HttpClient PeerClient(X509Certificate2? clientCertificate = null, bool noCertificate = false)
        {
            string serverPin;
            using (var key = NodeKeys.LoadOrCreate(KeyFile))
            {
                serverPin = PeerTransport.PinOfPublicKey(NodeKeys.PublicKey(key));
                clientCertificate ??= noCertificate ? null : PeerTransport.Create(key, Id, null, DateTimeOffset.UtcNow);
            }

            var handler = new HttpClientHandler
            {
                ClientCertificateOptions = ClientCertificateOption.Manual,
                ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented is not null && PeerTransport.Pin(presented) == serverPin,
            };
            if (clientCertificate is not null)
            {
                handler.ClientCertificates.Add(clientCertificate);
            }

            return new HttpClient(handler) { BaseAddress = PeerUrl };
        }

        public WebApplication? App { get; set; }

        public string SystemApiKey { get; set; } = "";

        /// <summary>On the Customs node: the key of the Customs clearance system (office CUSTOMS-NB).</summary>
        public string CustomsApiKey { get; set; } = "";

        public IServiceProvider Services => App?.Services ?? throw new InvalidOperationException($"{Id} is not running.");

        public HttpClient Client()
        {
            var client = new HttpClient { BaseAddress = Url };
            client.DefaultRequestHeaders.Add("X-Api-Key", SystemApiKey);
            return client;
        }

        /// <summary>A fresh context on the node's database (the caller disposes the scope).</summary>
        public (AsyncServiceScope Scope, GqDbContext Db) Database()
        {
            var scope = Services.CreateAsyncScope();
            return (scope, scope.ServiceProvider.GetRequiredService<GqDbContext>());
        }
    }

    /// <summary>The agreements: AQSIQ → Customs for test.event (all fields), enterprise records (some fields) and an expired one; AQSIQ → AQSIQ for local delivery; Customs → AQSIQ credit records.</summary>
    /// <remarks>
    /// With <paramref name="ministries"/> the MOA, MEP and PBC nodes join too, each loaded with its demo accounts
    /// (data/demo/users.csv, node moa/mep/pbc), under the agreements of the demo directory for the ministries'
    /// registers: quarantine-permit and waste-import-licence checks, LPCO draw-downs and status changes, credit
    /// records, credit events and class changes. <c>only</c> names the ministry nodes to start (all three when null),
    /// so that a test class starts only the nodes it uses. With <paramref name="provincial"/> the Shandong CIQ node joins
    /// (claiming <c>CIQ-SD*</c>, with its demo accounts, node shandong), the national node claims only
    /// <see cref="NationalOfficesWithProvincial"/>, and the national node may forward declarations to it and it answer
    /// back (T-18, T-19) — but not the reverse. With <paramref name="bqs"/> the Zhejiang BQS node joins (claiming
    /// <c>BQS-ZJ*</c>, with its demo accounts, node bqs): it receives enterprise records, export nonconformities and the
    /// E-Supervision events of domestic lots from the national node (T-21), and sends it licence and spot-check signals
    /// and answers its <c>production-licence</c> queries (T-20). With <paramref name="bqsJiangsu"/> the Jiangsu BQS node joins
    /// (claiming <c>BQS-JS*</c>, member <c>GQ/GOV/BQS-JS</c>), with the reference data, no demo data and one officer
    /// (<see cref="JiangsuOfficer"/>, office BQS-JS), receiving only enterprise records from AQSIQ (T-22): no agreement
    /// links it with the Zhejiang BQS either way.
    /// </remarks>
    public static async Task<TestFederation> StartAsync(DatabaseProvider provider, Action<string, IServiceCollection>? configure = null, Dictionary<string, string?>? settings = null,
        bool ministries = false, string[]? only = null, bool provincial = false, bool bqs = false, bool bqsJiangsu = false, bool hub = false,
        Func<Agreement, Agreement>? agreements = null, bool inspectionResults = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), "gq-fed-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var federation = new TestFederation(folder, provider, provincial, bqs, bqsJiangsu, hub) { shapeAgreements = agreements, InspectionResults = inspectionResults };
        string[] ids = ministries ? [Aqsiq, Customs, .. only ?? Ministries] : [Aqsiq, Customs];
        ids = provincial ? [.. ids, Shandong] : ids;
        ids = bqs ? [.. ids, BqsZhejiang] : ids;
        ids = bqsJiangsu ? [.. ids, BqsJiangsu] : ids;
        ids = hub ? [.. ids, Hub] : ids;
        foreach (var id in ids)
        {
            var slug = DemoFederation.Slug(id);
            federation.nodes[id] = new TestNode
            {
                Id = id,
                Port = GqHost.FreeLoopbackPort(),
                PeerPort = GqHost.FreeLoopbackPort(),
                ConnectionString = await TestDatabases.CreateAsync(provider, Path.Combine(folder, slug + ".db")),
                KeyFile = Path.Combine(folder, slug, "node-key.pem"),
            };
        }

        federation.WriteDirectory();
        foreach (var id in ids)
        {
            await federation.StartNodeAsync(id, configure, settings, loadDemo: id != BqsJiangsu);
            if (id == BqsJiangsu)
            {
                await federation.CreateJiangsuOfficerAsync();
            }
        }

        return federation;
    }

    /// <summary>
    /// With <c>inspectionResults: true</c> the directory carries T-34: AQSIQ's import-inspection results
    /// (<c>declarations.import-inspection.completed</c>) to the MEP, the agreement an approved information need adds.
    /// </summary>
    public bool InspectionResults { get; private init; }

    /// <summary>Changes the test agreements before the directory is signed (e.g. gives them the steps a test tracks).</summary>
    private Func<Agreement, Agreement>? shapeAgreements;

    private void WriteDirectory()
    {
        var now = DateTimeOffset.UtcNow;
        string Key(string id)
        {
            using var k = NodeKeys.LoadOrCreate(nodes[id].KeyFile);
            return NodeKeys.PublicKey(k);
        }

        AuthorityKey = Key(Aqsiq);
        Agreement Make(string id, string provider, string consumer, string[] types, string[] datasets, string[] fields, DateTimeOffset from, DateTimeOffset to) =>
            new(id, provider, [consumer], types, datasets, "tests", new LegalBasis("test regulation", "art. 1"), fields, "internal", from, to,
                [new AgreementStep("deliver", provider, "PT1H")]);
        var directory = new FederationDirectoryDocument(1, now.AddMinutes(-5), now.AddDays(1), Aqsiq,
            [
                new DirectoryMember("GQ/GOV/AQSIQ", "AQSIQ"), new DirectoryMember("GQ/GOV/CUSTOMS", "Customs"),
                new DirectoryMember("GQ/GOV/BQS-ZJ", "Zhejiang BQS"), new DirectoryMember("GQ/GOV/BQS-JS", "Jiangsu BQS"), new DirectoryMember("GQ/GOV/MOA", "MOA"), new DirectoryMember("GQ/GOV/MEP", "MEP"), new DirectoryMember("GQ/GOV/PBC", "PBC"),
                new DirectoryMember("GQ/INT/IPPC", "IPPC ePhyto Hub (stand-in)"),
            ],
            [
                new DirectoryNode(Aqsiq, nodes[Aqsiq].PeerUrl.ToString().TrimEnd('/'), AuthorityKey, Provincial ? NationalOfficesWithProvincial : ["AQSIQ*", "CIQ-*", "STATE-COUNCIL-ILC"],
                    PeerTransport.PinOfPublicKey(AuthorityKey)),
                .. Provincial ? new[] { new DirectoryNode(Shandong, nodes[Shandong].PeerUrl.ToString().TrimEnd('/'), Key(Shandong), ["CIQ-SD*"], PeerTransport.PinOfPublicKey(Key(Shandong))) } : [],
                .. Bqs ? new[] { new DirectoryNode(BqsZhejiang, nodes[BqsZhejiang].PeerUrl.ToString().TrimEnd('/'), Key(BqsZhejiang), ["BQS-ZJ*"], PeerTransport.PinOfPublicKey(Key(BqsZhejiang))) } : [],
                .. HasHub ? new[] { new DirectoryNode(Hub, nodes[Hub].PeerUrl.ToString().TrimEnd('/'), Key(Hub), ["IPPC-HUB", "NPPO-*"], PeerTransport.PinOfPublicKey(Key(Hub))) } : [],
                .. BqsJs ? new[] { new DirectoryNode(BqsJiangsu, nodes[BqsJiangsu].PeerUrl.ToString().TrimEnd('/'), Key(BqsJiangsu), ["BQS-JS*"], PeerTransport.PinOfPublicKey(Key(BqsJiangsu))) } : [],
                new DirectoryNode(Customs, nodes[Customs].PeerUrl.ToString().TrimEnd('/'), Key(Customs), ["CUSTOMS*"], PeerTransport.PinOfPublicKey(Key(Customs))),
                .. Ministries.Where(nodes.ContainsKey).Select(id => new DirectoryNode(id, nodes[id].PeerUrl.ToString().TrimEnd('/'), Key(id), [id.Split('/')[2]], PeerTransport.PinOfPublicKey(Key(id)))),
            ],
            [
                new DirectoryMessageType("test.event", "test"),
                new DirectoryMessageType("test.expired", "test"),
                new DirectoryMessageType("test.local", "test"),
                new DirectoryMessageType("registry.enterprise.published", "test"),
                new DirectoryMessageType("certificates.permit.issued", "test"),
                new DirectoryMessageType("certificates.permit.amended", "test"),
                new DirectoryMessageType("certificates.permit.revoked", "test"),
                new DirectoryMessageType("clearance.decision.recorded", "test"),
                new DirectoryMessageType("declarations.lpco.drawn", "test"),
                new DirectoryMessageType("ministries.lpco.status-changed", "test"),
                new DirectoryMessageType("ministries.credit.event-reported", "test"),
                new DirectoryMessageType("ministries.credit.class-changed", "test"),
                new DirectoryMessageType("declarations.declaration.forwarded", "test"),
                new DirectoryMessageType("declarations.declaration.status-changed", "test"),
                new DirectoryMessageType("quality.licence.status-changed", "test"),
                new DirectoryMessageType("quality.spot-check.nonconforming", "test"),
                new DirectoryMessageType("declarations.export.nonconformity-found", "test"),
                new DirectoryMessageType("supervision.nonconformity.raised", "test"),
                .. AlertsWire.Types.Select(t => new DirectoryMessageType(t, "test")),
                .. InternationalWire.Types.Select(t => new DirectoryMessageType(t, "test")),
                .. AccountabilityWire.Types.Select(t => new DirectoryMessageType(t, "test")),
                .. WitnessWire.Types.Select(t => new DirectoryMessageType(t, "test")),
                new DirectoryMessageType("declarations.import-inspection.completed", "test"),
            ],
            [
                Make("T-1", "GQ/GOV/AQSIQ", "GQ/GOV/CUSTOMS", ["test.event"], [], ["*"], now.AddDays(-1), now.AddDays(1)),
                Make("T-2", "GQ/GOV/AQSIQ", "GQ/GOV/CUSTOMS", ["registry.enterprise.published"], [], ["uscc", "nameZh", "areaCode", "roles", "version"], now.AddDays(-1), now.AddDays(1)),
                Make("T-3", "GQ/GOV/AQSIQ", "GQ/GOV/CUSTOMS", ["test.expired"], [], ["*"], now.AddDays(-10), now.AddDays(-2)),
                Make("T-4", "GQ/GOV/AQSIQ", "GQ/GOV/AQSIQ", ["test.local"], [], ["*"], now.AddDays(-1), now.AddDays(1)),
                Make("T-5", "GQ/GOV/CUSTOMS", "GQ/GOV/AQSIQ", [], ["credit-record"], ["uscc", "found", "creditClass"], now.AddDays(-1), now.AddDays(1)),
                Make("T-6", "GQ/GOV/AQSIQ", "GQ/GOV/AQSIQ", [.. PermitTypes], [], ["*"], now.AddDays(-1), now.AddDays(1)),
                Make("T-7", "GQ/GOV/AQSIQ", "GQ/GOV/CUSTOMS", [.. PermitTypes], [], ["*"], now.AddDays(-1), now.AddDays(1)),
                Make("T-8", "GQ/GOV/CUSTOMS", "GQ/GOV/AQSIQ", ["clearance.decision.recorded"], [], ["*"], now.AddDays(-1), now.AddDays(1)),
                Make("T-10", "GQ/GOV/MOA", "GQ/GOV/AQSIQ", ["ministries.lpco.status-changed"], ["quarantine-permit"], ["*"], now.AddDays(-1), now.AddDays(1)),
                Make("T-11", "GQ/GOV/MEP", "GQ/GOV/AQSIQ", ["ministries.lpco.status-changed"], ["waste-import-licence"], ["*"], now.AddDays(-1), now.AddDays(1)),
                Make("T-12", "GQ/GOV/AQSIQ", "GQ/GOV/MOA", ["declarations.lpco.drawn"], [], ["*"], now.AddDays(-1), now.AddDays(1)),
                Make("T-13", "GQ/GOV/AQSIQ", "GQ/GOV/MEP", ["declarations.lpco.drawn"], [], ["*"], now.AddDays(-1), now.AddDays(1)),
                Make("T-14", "GQ/GOV/AQSIQ", "GQ/GOV/PBC", ["ministries.credit.event-reported"], [], ["*"], now.AddDays(-1), now.AddDays(1)),
                Make("T-15", "GQ/GOV/CUSTOMS", "GQ/GOV/PBC", ["ministries.credit.event-reported"], [], ["*"], now.AddDays(-1), now.AddDays(1)),
                Make("T-16", "GQ/GOV/PBC", "GQ/GOV/AQSIQ", ["ministries.credit.class-changed"], ["credit-record"], ["*"], now.AddDays(-1), now.AddDays(1)),
                Make("T-17", "GQ/GOV/PBC", "GQ/GOV/CUSTOMS", ["ministries.credit.class-changed"], ["credit-record"], ["*"], now.AddDays(-1), now.AddDays(1)),
                Make("T-23", "GQ/GOV/AQSIQ", "GQ/GOV/AQSIQ", AlertsWire.Types, [], ["*"], now.AddDays(-1), now.AddDays(1)),
                Make("T-24", "GQ/GOV/AQSIQ", "GQ/GOV/CUSTOMS", AlertsDown, [], ["*"], now.AddDays(-1), now.AddDays(1)),
                Make("T-25", "GQ/GOV/CUSTOMS", "GQ/GOV/AQSIQ", AlertsUp, [], ["*"], now.AddDays(-1), now.AddDays(1)),
                Make("T-26", "GQ/GOV/AQSIQ", "GQ/GOV/MOA", AlertsDown, [], ["*"], now.AddDays(-1), now.AddDays(1)),
                Make("T-27", "GQ/GOV/MOA", "GQ/GOV/AQSIQ", AlertsUp, [], ["*"], now.AddDays(-1), now.AddDays(1)),
                Make("T-32", "GQ", "GQ", AccountabilityWire.Types, [], ["*"], now.AddDays(-1), now.AddDays(1)),
                Make("T-33", "GQ", "GQ", WitnessWire.Types, [], ["*"], now.AddDays(-1), now.AddDays(1)),
                .. InspectionResults
                    ? new[] { Make("T-34", "GQ/GOV/AQSIQ", "GQ/GOV/MEP", ["declarations.import-inspection.completed"], [], ["*"], now.AddDays(-1), now.AddDays(1)) }
                    : [],
                .. Provincial
                    ? new[]
                    {
                        Make("T-18", Aqsiq, Shandong, ["declarations.declaration.forwarded"], [], ["*"], now.AddDays(-1), now.AddDays(1)),
                        Make("T-19", Shandong, Aqsiq, ["declarations.declaration.status-changed"], [], ["*"], now.AddDays(-1), now.AddDays(1)),
                    }
                    : [],
                .. Bqs
                    ? new[]
                    {
                        Make("T-20", "GQ/GOV/BQS-ZJ", "GQ/GOV/AQSIQ", ["quality.licence.status-changed", "quality.spot-check.nonconforming"], ["production-licence"], ["*"], now.AddDays(-1), now.AddDays(1)),
                        Make("T-21", "GQ/GOV/AQSIQ", "GQ/GOV/BQS-ZJ", ["registry.enterprise.published", "declarations.export.nonconformity-found", "supervision.nonconformity.raised"], [], ["*"], now.AddDays(-1), now.AddDays(1)),
                        Make("T-28", "GQ/GOV/AQSIQ", "GQ/GOV/BQS-ZJ", AlertsDown, [], ["*"], now.AddDays(-1), now.AddDays(1)),
                        Make("T-29", "GQ/GOV/BQS-ZJ", "GQ/GOV/AQSIQ", AlertsUp, [], ["*"], now.AddDays(-1), now.AddDays(1)),
                    }
                    : [],
                .. HasHub
                    ? new[]
                    {
                        Make("T-30", "GQ/INT/IPPC", "GQ/GOV/AQSIQ", [InternationalWire.TrackingChangedType], InternationalWire.Datasets, ["*"], now.AddDays(-1), now.AddDays(1)),
                        Make("T-31", "GQ/GOV/AQSIQ", "GQ/INT/IPPC", [InternationalWire.DeliveredType, InternationalWire.AcknowledgedType], [], ["*"], now.AddDays(-1), now.AddDays(1)),
                    }
                    : [],
                .. BqsJs
                    ? new[] { Make("T-22", "GQ/GOV/AQSIQ", "GQ/GOV/BQS-JS", ["registry.enterprise.published"], [], ["*"], now.AddDays(-1), now.AddDays(1)) }
                    : [],
            ]);
        if (shapeAgreements is { } shape)
        {
            directory = directory with { Agreements = [.. directory.Agreements.Select(shape)] };
        }

        using var authority = NodeKeys.LoadOrCreate(nodes[Aqsiq].KeyFile);
        File.WriteAllText(DirectoryFile, DirectorySigning.Sign(directory, authority));
    }

    /// <summary>The configuration a node of this federation runs with (also used for a node run as a child process).</summary>
    public Dictionary<string, string?> Settings(string id, Dictionary<string, string?>? extra = null)
    {
        var node = nodes[id];
        var settings = new Dictionary<string, string?>
        {
            ["Node:Database"] = node.ConnectionString,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:GoldenQuality"] = "Error",
            ["Exchange:NodeId"] = id,
            ["Exchange:KeyFile"] = node.KeyFile,
            ["Exchange:AuthorityKey"] = AuthorityKey,
            ["Exchange:DirectoryFile"] = DirectoryFile,
            ["Exchange:PeerUrl"] = node.PeerUrl.ToString().TrimEnd('/'),
            ["Exchange:PollMilliseconds"] = "200",
            ["Exchange:RetryBaseSeconds"] = "0.05",
            ["Exchange:MaxRetryDelaySeconds"] = "0.5",
            ["Exchange:MaxAttempts"] = "1000",
            ["Exchange:LeaseSeconds"] = "2",
            ["Security:SignInsPerAddressPerMinute"] = "100000",
            // The suite signs in thousands of times; the work factor is not what it tests (PasswordWorkFactorTests).
            ["Security:PasswordHashIterations"] = "1000",
        };
        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }

        return settings;
    }

    public async Task StartNodeAsync(string id, Action<string, IServiceCollection>? configure = null, Dictionary<string, string?>? extra = null, bool loadDemo = false)
    {
        var node = nodes[id];
        var app = GqHost.Build(new HostSettings
        {
            Urls = node.Url.ToString(),
            JsonLogs = false,
            Settings = Settings(id, extra),
            ConfigureServices = configure is null ? null : services => configure(id, services),
        });
        await GqHost.PrepareAsync(app, CancellationToken.None);
        if (loadDemo)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var options = app.Services.GetRequiredService<IOptions<ReferenceDataOptions>>().Value;
            var demoNode = DemoFederation.DemoNodeOf(id) is { } n && n != "customs" ? n : "national";
            node.SystemApiKey = (await DemoData.From(scope.ServiceProvider).LoadAsync(options.ReferenceData, CancellationToken.None, demoNode)).SystemApiKey;
            if (id == Pbc)
            {
                // The central bank's demo credit register, as DemoFederation loads it.
                await scope.ServiceProvider.GetRequiredService<GoldenQuality.Ministries.Contracts.ICreditRecords>().LoadAsync(Path.Combine(options.ReferenceData, "demo", "credit-records.csv"), CancellationToken.None);
            }

            if (id == Customs)
            {
                node.CustomsApiKey = (await DemoData.From(scope.ServiceProvider).LoadAsync(options.ReferenceData, CancellationToken.None, "customs")).SystemApiKey;
            }
        }

        await app.StartAsync();
        node.App = app;
    }

    /// <summary>Creates <see cref="JiangsuOfficer"/> (officer of BQS-JS) on the Jiangsu node through the identity module's own use case, as its administrator would.</summary>
    private async Task CreateJiangsuOfficerAsync()
    {
        await using var scope = nodes[BqsJiangsu].Services.CreateAsyncScope();
        var office = await scope.ServiceProvider.GetRequiredService<GoldenQuality.Registry.Contracts.IRegistryDirectory>().FindOfficeAsync("BQS-JS", CancellationToken.None)
            ?? throw new InvalidOperationException("BQS-JS is not in the registry.");
        var admin = new GoldenQuality.Identity.Contracts.Actor(Guid.Empty, "test-setup", GoldenQuality.Identity.Contracts.UserRoles.Admin, office.Id, office.Code, office.Agency, office.ProvinceCode, null);
        var created = await scope.ServiceProvider.GetRequiredService<GoldenQuality.Identity.Contracts.CreateUser>().HandleAsync(admin,
            new GoldenQuality.Identity.Contracts.NewUser(JiangsuOfficer, "Jiangsu BQS officer (test)", JiangsuPassword, ["officer"], "BQS-JS", null), CancellationToken.None);
        Assert.True(created.Succeeded, $"the Jiangsu officer was not created: {created.StatusCode}");
    }

    /// <summary>
    /// A demo account (data/demo/users.csv) signed in on <paramref name="node"/> as a browser would (cookie, and the
    /// header of cookie-authenticated changes); the federation disposes the client.
    /// </summary>
    public async Task<HttpClient> SignInAsync(string node, string user, string? password = null)
    {
        var client = Track(new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = nodes[node].Url });
        client.DefaultRequestHeaders.Add("X-GQ-Request", "1");
        var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = user, password = password ?? DemoPasswords[user] });
        Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
        return client;
    }

    /// <summary>Disposes the client with the federation.</summary>
    public HttpClient Track(HttpClient client)
    {
        lock (clients)
        {
            clients.Add(client);
        }

        return client;
    }

    private static readonly IReadOnlyDictionary<string, string> DemoPasswords = DemoData.Passwords(Path.Combine(AppContext.BaseDirectory, "data"));

    private readonly List<HttpClient> clients = [];

    public async Task StopNodeAsync(string id)
    {
        var node = nodes[id];
        if (node.App is { } app)
        {
            node.App = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }

        foreach (var id in nodes.Keys.ToList())
        {
            await StopNodeAsync(id);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // The nodes' idle PostgreSQL connections go with them, so that the test cluster's connection limit is not spent on stopped nodes.
        Npgsql.NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Waits until the condition holds, polling; fails the test after the timeout.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {seconds} s waiting for {what}.");
            }

            await Task.Delay(50);
        }
    }

}
