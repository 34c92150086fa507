using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Hosting;
using GoldenQuality.Ministries.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Demo;

/// <summary>One running demo node.</summary>
public sealed record DemoNode(string Id, string Slug, string Url, string Database, WebApplication App, StartupReport Prepared)
{
    /// <summary>The node's mutual-TLS peer listener, the endpoint the directory lists.</summary>
    public string PeerUrl { get; init; } = "";

    /// <summary>The configuration the node runs with (what <c>gq serve --config</c> would read to run it as a process).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
}

/// <summary>
/// The demo federation: the national AQSIQ node (the directory authority), Customs, the Zhejiang BQS, the
/// gateway nodes of the Ministry of Agriculture, the Ministry of Environmental Protection and the People's Bank
/// of China, and the Shandong CIQ bureau's own node (hosting the Shandong offices) — each with its own SQLite database, key and loopback port. The directory's content comes from
/// <c>data/federation/demo-directory.json</c>; it is signed at start with the national node's key, and every
/// other node fetches it from the national node and verifies it. Nodes talk over mutual TLS on their peer
/// listeners (https, port + 100), each certificate pinned in the directory (decision 0009).
/// </summary>
public sealed class DemoFederation : IAsyncDisposable
{
    public const string National = "GQ/GOV/AQSIQ/national";
    public const string Pbc = "GQ/GOV/PBC/gateway";
    public const string Customs = "GQ/GOV/CUSTOMS/national";

    public const string Moa = "GQ/GOV/MOA/gateway";
    public const string Mep = "GQ/GOV/MEP/gateway";

    /// <summary>The Shandong CIQ bureau's own system, a provincial node hosting the Shandong offices (<c>CIQ-SD*</c>; decisions 0013, 0014).</summary>
    public const string Shandong = "GQ/GOV/AQSIQ/shandong";

    /// <summary>The Zhejiang Bureau of Quality and Technical Supervision's own node, under the provincial government (<c>BQS-ZJ*</c>).</summary>
    public const string BqsZhejiang = "GQ/GOV/BQS-ZJ/provincial";

    /// <summary>The stand-in of the IPPC ePhyto Hub (office <c>IPPC-HUB</c>), hosting the two fictional foreign authorities that are its members (<c>NPPO-*</c>).</summary>
    public const string Hub = "GQ/INT/IPPC/hub";

    private DemoFederation(List<DemoNode> nodes, IReadOnlyDictionary<string, DemoSummary> summaries)
    {
        Nodes = nodes;
        Summaries = summaries;
    }

    /// <summary>The demo data and accounts each node loaded, by node id (nodes without demo accounts are absent).</summary>
    public IReadOnlyDictionary<string, DemoSummary> Summaries { get; }

    public IReadOnlyList<DemoNode> Nodes { get; }

    /// <summary>The national node's demo data and accounts.</summary>
    public DemoSummary Demo => Summaries[National];

    /// <summary>The Customs node's demo accounts (its officers and its clearance system).</summary>
    public DemoSummary CustomsDemo => Summaries[Customs];

    public DemoNode this[string id] => Nodes.First(n => n.Id == id);

    /// <summary>
    /// Makes the federation in <paramref name="folder"/> (keys, signed directory, databases, demo data) and starts every
    /// node in this process, on ports from <paramref name="basePort"/> (0: free ports), with <paramref name="extra"/>
    /// settings on every node; <paramref name="databaseOf"/> gives each node's connection string by slug (by default a
    /// SQLite file in the folder).
    /// </summary>
    public static async Task<DemoFederation> StartAsync(string folder, int basePort, CancellationToken ct, IReadOnlyDictionary<string, string?>? extra = null,
        Func<string, string>? databaseOf = null)
    {
        var referenceData = Path.Combine(AppContext.BaseDirectory, "data");
        var template = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(referenceData, "federation", "demo-directory.json"), ct))!.AsObject();
        var specs = template["nodes"]!.AsArray().Select(n => (Id: (string)n!["id"]!, Offset: (int)n["port"]!, Offices: n["offices"]!.AsArray().Select(o => (string)o!).ToArray())).ToList();

        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        var peerPorts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (id, offset, _) in specs)
        {
            using var key = NodeKeys.LoadOrCreate(KeyFile(folder, id));
            keys[id] = NodeKeys.PublicKey(key);
            ports[id] = basePort == 0 ? GqHost.FreeLoopbackPort() : basePort + offset;
            // The mutual-TLS peer listener (decision 0009): 5180-5187 beside 5080-5087.
            peerPorts[id] = basePort == 0 ? GqHost.FreeLoopbackPort() : basePort + PeerPortOffset + offset;
        }

        var now = DateTimeOffset.UtcNow;
        var directory = new FederationDirectoryDocument(
            (long)template["version"]!,
            now.AddMinutes(-5),
            now.AddDays(30),
            (string)template["authority"]!,
            template["members"].Deserialize<DirectoryMember[]>(DirectorySigning.Json)!,
            [.. specs.Select(s => new DirectoryNode(s.Id, PeerUrl(peerPorts[s.Id]), keys[s.Id], s.Offices, TransportPins.OfPublicKey(keys[s.Id])))],
            template["messageTypes"].Deserialize<DirectoryMessageType[]>(DirectorySigning.Json)!,
            template["agreements"].Deserialize<Agreement[]>(DirectorySigning.Json)!);
        var directoryFile = Path.Combine(folder, "directory.jws");
        using (var authority = NodeKeys.LoadOrCreate(KeyFile(folder, directory.Authority)))
        {
            await File.WriteAllTextAsync(directoryFile, DirectorySigning.Sign(directory, authority), ct);
        }

        var nodeUrls = specs.Where(s => DemoNodeOf(s.Id) is not null).ToDictionary(s => "Node:DemoNodeUrls:" + DemoNodeOf(s.Id), s => (string?)Url(ports[s.Id]), StringComparer.Ordinal);
        var nodes = new List<DemoNode>();
        var summaries = new System.Collections.Concurrent.ConcurrentDictionary<string, DemoSummary>(StringComparer.Ordinal);
        async Task<DemoNode> StartNodeAsync(string id)
        {
            var slug = Slug(id);
            var database = databaseOf?.Invoke(slug) ?? $"Data Source={Path.Combine(folder, slug + ".db")}";
            // The start page sends each demo account to the node it lives on (Node:DemoNodeUrls:{moa, ...}).
            var settings = WithFeed(id, folder, new Dictionary<string, string?>(nodeUrls, StringComparer.Ordinal)
                {
                    ["Node:Name"] = slug,
                    ["Node:Demo"] = id == National ? "true" : "false",
                    // gq bench flow and the scenarios sign in many times from loopback (decision 0006).
                    ["Security:SignInsPerAddressPerMinute"] = "10000",
                    ["Node:Database"] = database,
                    ["Logging:LogLevel:Default"] = "Warning",
                    ["Exchange:NodeId"] = id,
                    ["Exchange:KeyFile"] = KeyFile(folder, id),
                    ["Exchange:AuthorityKey"] = keys[directory.Authority],
                    ["Exchange:PeerUrl"] = PeerUrl(peerPorts[id]),
                    [id == directory.Authority ? "Exchange:DirectoryFile" : "Exchange:DirectoryUrl"] = id == directory.Authority ? directoryFile : PeerUrl(peerPorts[directory.Authority]),
                }.Concat(extra ?? new Dictionary<string, string?>()).ToDictionary(StringComparer.Ordinal));
            var app = GqHost.Build(new HostSettings { Urls = Url(ports[id]), JsonLogs = false, Settings = settings });
            try
            {
                var prepared = await GqHost.PrepareAsync(app, ct);
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var node = app.Services.GetRequiredService<IOptions<ReferenceDataOptions>>().Value;
                    if (DemoNodeOf(id) is { } demoNode)
                    {
                        summaries[id] = await DemoData.From(scope.ServiceProvider).LoadAsync(node.ReferenceData, ct, demoNode);
                        if (demoNode == "national")
                        {
                            await DemoData.From(scope.ServiceProvider).GenerateHistoryAsync(node.ReferenceData, DemoData.Today(), ct);
                        }
                    }

                    if (id == Pbc)
                    {
                        await scope.ServiceProvider.GetRequiredService<ICreditRecords>().LoadAsync(Path.Combine(node.ReferenceData, "demo", "credit-records.csv"), ct);
                    }
                }

                await app.StartAsync(ct);
                var main = GqHost.Addresses(app).FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? Url(ports[id]);
                return new DemoNode(id, slug, main, database, app, prepared) { PeerUrl = PeerUrl(peerPorts[id]), Settings = settings };
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }

        try
        {
            // The authority first: the others fetch the directory from it, all at once.
            nodes.Add(await StartNodeAsync(directory.Authority));
            var others = await Task.WhenAll(specs.Where(s => s.Id != directory.Authority).Select(s => StartNodeAsync(s.Id)));
            nodes.AddRange(others);
        }
        catch
        {
            foreach (var n in nodes)
            {
                await n.App.StopAsync(CancellationToken.None);
                await n.App.DisposeAsync();
            }

            throw;
        }

        return new DemoFederation(nodes, summaries);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes.Reverse())
        {
            await node.App.StopAsync(CancellationToken.None);
            await node.App.DisposeAsync();
        }
    }

    /// <summary>The demo node name (the <c>node</c> column of data/demo/users.csv) of a federation node, or null for a node without demo accounts.</summary>
    public static string? DemoNodeOf(string nodeId) => nodeId switch
    {
        National => "national",
        Customs => "customs",
        Moa => "moa",
        Mep => "mep",
        Pbc => "pbc",
        Shandong => "shandong",
        BqsZhejiang => "bqs",
        Hub => "hub",
        _ => null,
    };

    /// <summary>
    /// The legacy feed of each ministry node's register (adapter, target, office): its own system's export, dropped into
    /// <c>{demo folder}/feeds/{adapter}/</c>, keeps the register in step (docs/codes.md, "Legacy feeds").
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Adapter, string Target, string Office)> Feeds = new Dictionary<string, (string, string, string)>(StringComparer.Ordinal)
    {
        [Moa] = ("moa-quarantine-permits", "lpco-register", "MOA"),
        [Mep] = ("mep-waste-licences", "lpco-register", "MEP"),
        [Pbc] = ("pbc-credit-classes", "credit-register", "PBC"),
    };

    /// <summary>The watched folder of a demo node's register feed.</summary>
    public static string FeedFolder(string folder, string adapter) => Path.Combine(folder, "feeds", adapter);

    private static Dictionary<string, string?> WithFeed(string id, string folder, Dictionary<string, string?> settings)
    {
        if (Feeds.TryGetValue(id, out var feed))
        {
            var watched = FeedFolder(folder, feed.Adapter);
            Directory.CreateDirectory(watched);
            (settings["Feeds:Items:0:Name"], settings["Feeds:Items:0:Adapter"], settings["Feeds:Items:0:Folder"]) = (feed.Adapter, feed.Adapter, watched);
            (settings["Feeds:Items:0:Target"], settings["Feeds:Items:0:Office"], settings["Feeds:Items:0:PollSeconds"]) = (feed.Target, feed.Office, "5");
        }

        return settings;
    }

    /// <summary>The peer listener's port is the node's port plus this.</summary>
    public const int PeerPortOffset = 100;

    private static string Url(int port) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");

    private static string PeerUrl(int port) => string.Create(CultureInfo.InvariantCulture, $"https://127.0.0.1:{port}");

    /// <summary>The ids of the demo federation's nodes (data/federation/demo-directory.json).</summary>
    public static IReadOnlyList<string> NodeIds() =>
        [.. JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "federation", "demo-directory.json")))!["nodes"]!.AsArray().Select(n => (string)n!["id"]!)];

    /// <summary><c>GQ/GOV/AQSIQ/national</c> → <c>aqsiq-national</c>.</summary>
    public static string Slug(string nodeId) => string.Join('-', nodeId.Split('/').Skip(2)).ToLowerInvariant();

    private static string KeyFile(string folder, string nodeId) => Path.Combine(folder, Slug(nodeId), "node-key.pem");

}
