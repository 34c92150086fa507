using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;

namespace GoldenQuality.Tests.Codes;

/// <summary>
/// A node with four legacy feeds of Zhejiang CIQ declaration files (adapter <c>ciq-zj-legacy-declaration</c>, target
/// <c>declarations</c>, as the system of CIQ-ZJ), each watching its own temporary folder, one per test.
/// </summary>
public abstract class FeedNode : NodeFixture
{
    public static readonly string[] Feeds = ["sample", "bad-record", "malformed", "twice"];

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "gq-feeds-" + Guid.NewGuid().ToString("N")[..8]);

    public string Folder(string feed) => Path.Combine(Root, feed);

    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings =>
        Feeds.SelectMany((feed, i) =>
        {
            Directory.CreateDirectory(Folder(feed));
            var p = string.Create(CultureInfo.InvariantCulture, $"Feeds:Items:{i}:");
            return new Dictionary<string, string?>
            {
                [p + "Name"] = "zj-" + feed, [p + "Adapter"] = "ciq-zj-legacy-declaration", [p + "Folder"] = Folder(feed),
                [p + "Target"] = "declarations", [p + "Office"] = "CIQ-ZJ", [p + "PollSeconds"] = "1",
            };
        });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        for (var attempt = 0; Directory.Exists(Root); attempt++)
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException) when (attempt < 20)
            {
                await Task.Delay(100);
            }
        }
    }
}

public sealed class SqliteFeedNode : FeedNode
{
    private readonly SqliteFolder folder = new();

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(folder.ConnectionString);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        folder.Delete();
    }
}

public sealed class PostgresFeedNode : FeedNode
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override Task<string> CreateDatabaseAsync() => PostgresServer.CreateDatabaseAsync();
}

[CollectionDefinition("feeds-sqlite")]
public sealed class SqliteFeedCollection : ICollectionFixture<SqliteFeedNode>;

[CollectionDefinition("feeds-postgres")]
public sealed class PostgresFeedCollection : ICollectionFixture<PostgresFeedNode>;

/// <summary>
/// Legacy feeds over the real host: files dropped into a watched folder become declarations visible over the API, or
/// are refused with the reasons beside them (docs/codes.md, "Legacy feeds").
/// </summary>
public abstract class LegacyFeedTests(FeedNode node)
{
    private static readonly string Sample = AdapterParserTests.Data("adapters", "samples", "ciq-zj-declarations.txt");

    private const string Tea = "913301000000DEM01D";

    /// <summary>The sample's lines with the legacy numbers' first six characters replaced, so that each test feeds its own records.</summary>
    private static string[] SampleLines(string prefix) =>
        [.. AdapterParserTests.Gb18030.GetString(File.ReadAllBytes(Sample)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => prefix + l[6..])];

    private static byte[] Encode(IEnumerable<string> lines) => AdapterParserTests.Gb18030.GetBytes(string.Join("\r\n", lines) + "\r\n");

    /// <summary>Drops a file as a legacy system would: written under a temporary name, then renamed into the folder.</summary>
    private static void Drop(string folder, string name, byte[] content)
    {
        var temporary = Path.Combine(folder, name + ".part");
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, Path.Combine(folder, name));
    }

    /// <summary>Waits until the feed has moved the file to done/ or failed/ (its summary is written before the move) and answers which.</summary>
    private static async Task<string> ProcessedAsync(string folder, string name)
    {
        string? outcome = null;
        await TestFederation.WaitUntilAsync(() =>
        {
            outcome = new[] { "done", "failed" }.FirstOrDefault(o => File.Exists(Path.Combine(folder, o, name)));
            return Task.FromResult(outcome is not null);
        }, $"the feed to process {name}");
        return outcome!;
    }

    /// <summary>The declarations fed from these legacy numbers (their history names the legacy number), by legacy number.</summary>
    private async Task<Dictionary<string, JsonElement>> FedAsync(HttpClient client, string trader, IEnumerable<string> numbers)
    {
        var wanted = numbers.ToHashSet(StringComparer.Ordinal);
        var found = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var list = await (await client.GetAsync($"/api/declarations?q={trader}&pageSize=500")).Json();
        foreach (var item in list.GetProperty("items").EnumerateArray())
        {
            var view = await (await client.GetAsync($"/api/declarations/{item.GetProperty("id").GetString()}")).Json();
            foreach (var h in view.GetProperty("history").EnumerateArray().Where(h => h.GetProperty("stage").GetString() == "legacy-fed"))
            {
                var number = h.GetProperty("detail").GetString()!.Split(' ')[2];
                if (wanted.Contains(number))
                {
                    Assert.False(found.ContainsKey(number), $"legacy declaration {number} was fed twice");
                    found[number] = view;
                }
            }
        }

        return found;
    }

    private static string[] Rejects(string folder, string outcome, string name) =>
        File.ReadAllLines(Path.Combine(folder, outcome, name + ".rejects.csv"));

    [Fact]
    public async Task The_sample_file_dropped_in_the_watched_folder_becomes_submitted_declarations_with_the_codes_translated()
    {
        var folder = node.Folder("sample");
        var lines = SampleLines("110001");
        var numbers = lines.Select(l => l[..18]).ToArray();
        Drop(folder, "DECL0001.TXT", Encode(lines));
        Assert.Equal("done", await ProcessedAsync(folder, "DECL0001.TXT"));

        using var client = node.System();
        var fed = await FedAsync(client, Tea, numbers);
        Assert.Equal([numbers[0], numbers[1], numbers[4]], fed.Keys.Order(StringComparer.Ordinal));

        // Line 1: an export of green tea by sea from Ningbo to the US, in Customs coding in the file.
        var tea = fed[numbers[0]];
        var data = tea.GetProperty("data");
        Assert.Equal("export", tea.GetProperty("kind").GetString());
        Assert.NotEqual("draft", tea.GetProperty("status").GetString());
        Assert.Equal((Tea, Tea, Tea), (data.GetProperty("declarantUscc").GetString(), data.GetProperty("consignorUscc").GetString(), data.GetProperty("manufacturerUscc").GetString()));
        Assert.Equal(("US", "1", "CNNGB", "CNNGB"), (data.GetProperty("country").GetString(), data.GetProperty("transportMode").GetString(),
            data.GetProperty("portOfExit").GetString(), data.GetProperty("portOfLoading").GetString()));
        var line = data.GetProperty("lines")[0];
        Assert.Equal(("0902101000", "0902101000999", "KGM", "USD", "CN"), (line.GetProperty("hsCode").GetString(), line.GetProperty("ciqCode").GetString(),
            line.GetProperty("unit").GetString(), line.GetProperty("currency").GetString(), line.GetProperty("placeOfOrigin").GetString()));
        Assert.Equal((1200m, 1200m, 18600m), (line.GetProperty("quantity").GetDecimal(), line.GetProperty("netWeightKg").GetDecimal(), line.GetProperty("value").GetDecimal()));
        Assert.Contains(tea.GetProperty("history").EnumerateArray(), h => h.GetProperty("stage").GetString() == "submitted");
        Assert.Contains(tea.GetProperty("history").EnumerateArray(),
            h => h.GetProperty("stage").GetString() == "legacy-fed" && h.GetProperty("actor").GetString() == "feed:zj-sample"
                && h.GetProperty("detail").GetString()!.Contains("DECL0001.TXT line 1", StringComparison.Ordinal));

        // Line 5: an import of laptops by air into Hangzhou from Australia, priced in yuan, counted in pieces.
        var laptops = fed[numbers[4]].GetProperty("data");
        Assert.Equal(("import", Tea, "CNHGH", "4", "AU"), (fed[numbers[4]].GetProperty("kind").GetString(), laptops.GetProperty("consigneeUscc").GetString(),
            laptops.GetProperty("portOfEntry").GetString(), laptops.GetProperty("transportMode").GetString(), laptops.GetProperty("country").GetString()));
        Assert.Equal(("H87", "CNY", "AU"), (laptops.GetProperty("lines")[0].GetProperty("unit").GetString(), laptops.GetProperty("lines")[0].GetProperty("currency").GetString(),
            laptops.GetProperty("lines")[0].GetProperty("placeOfOrigin").GetString()));

        // Lines 3 and 4: the Ningbo trader is not a registered manufacturer and the file names none, so the exports cannot be routed.
        var rejects = Rejects(folder, "done", "DECL0001.TXT");
        Assert.Equal("line,column,field,reason,key", rejects[0]);
        Assert.Equal(2, rejects.Length - 1);
        Assert.StartsWith("3,1,manufacturerUscc,", rejects[1], StringComparison.Ordinal);
        Assert.StartsWith("4,1,manufacturerUscc,", rejects[2], StringComparison.Ordinal);
        Assert.Contains("913302000000DEM02M", rejects[1], StringComparison.Ordinal);
        Assert.EndsWith(numbers[2], rejects[1], StringComparison.Ordinal);

        var summary = await File.ReadAllTextAsync(Path.Combine(folder, "done", "DECL0001.TXT.summary.txt"));
        Assert.Contains("taken over: 3", summary, StringComparison.Ordinal);
        Assert.Contains("rejected: 2", summary, StringComparison.Ordinal);

        // An official sees the run.
        var feeds = await (await client.GetAsync("/api/codes/feeds")).Json();
        var run = feeds.EnumerateArray().Single(f => f.GetProperty("name").GetString() == "zj-sample").GetProperty("runs")[0];
        Assert.Equal(("DECL0001.TXT", "done", 3, 2), (run.GetProperty("file").GetString(), run.GetProperty("outcome").GetString(), run.GetProperty("accepted").GetInt32(),
            run.GetProperty("rejected").GetInt32()));
    }

    [Fact]
    public async Task A_record_with_an_unmappable_code_is_rejected_naming_line_field_and_reason_and_the_good_ones_are_fed()
    {
        var folder = node.Folder("bad-record");
        var lines = SampleLines("220002");
        var numbers = lines.Select(l => l[..18]).ToArray();

        // Line 2: trade country 999, a code the Customs country table does not have.
        var gb = AdapterParserTests.Gb18030;
        var bytes = gb.GetBytes(lines[1]);
        Encoding.ASCII.GetBytes("999").CopyTo(bytes, 97);
        lines[1] = gb.GetString(bytes);
        Drop(folder, "DECL0002.TXT", Encode(lines));
        Assert.Equal("done", await ProcessedAsync(folder, "DECL0002.TXT"));

        using var client = node.System();
        var fed = await FedAsync(client, Tea, numbers);
        Assert.Equal([numbers[0], numbers[4]], fed.Keys.Order(StringComparer.Ordinal));

        var rejects = Rejects(folder, "done", "DECL0002.TXT");
        var countryReject = Assert.Single(rejects, r => r.StartsWith("2,", StringComparison.Ordinal));
        Assert.StartsWith("2,1,tradeCountry,", countryReject, StringComparison.Ordinal);
        Assert.Contains("'999' cannot be translated to the national coding", countryReject, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short-line")]
    [InlineData("invalid-gb18030")]
    public async Task A_malformed_file_is_refused_whole_into_failed_with_the_reason_and_nothing_is_imported(string fault)
    {
        var folder = node.Folder("malformed");
        var prefix = fault == "short-line" ? "330003" : "440004";
        var lines = SampleLines(prefix);
        var numbers = lines.Select(l => l[..18]).ToArray();
        var name = $"DECL-{fault}.TXT";
        byte[] content;
        if (fault == "short-line")
        {
            lines[3] = lines[3][..100];
            content = Encode(lines);
        }
        else
        {
            // 0x81 0x20 is not a GB18030 character: a lead byte followed by a space, where line 4's consignor name starts.
            content = Encode(lines);
            var at = Encode(lines[..3]).Length + 57;
            content[at] = 0x81;
            content[at + 1] = 0x20;
        }

        Drop(folder, name, content);
        Assert.Equal("failed", await ProcessedAsync(folder, name));

        using var client = node.System();
        Assert.Empty(await FedAsync(client, Tea, numbers));
        var summary = await File.ReadAllTextAsync(Path.Combine(folder, "failed", name + ".summary.txt"));
        Assert.Contains("nothing was imported", summary, StringComparison.Ordinal);
        Assert.Contains("taken over: 0", summary, StringComparison.Ordinal);
        var reject = Rejects(folder, "failed", name)[1];
        Assert.StartsWith("4,", reject, StringComparison.Ordinal);
        Assert.Contains(fault == "short-line" ? "short by" : "cannot be read as gb18030", reject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_file_dropped_twice_creates_nothing_twice()
    {
        var folder = node.Folder("twice");
        var lines = SampleLines("550005");
        var numbers = lines.Select(l => l[..18]).ToArray();
        var content = Encode(lines);
        Drop(folder, "DECL0005.TXT", content);
        Assert.Equal("done", await ProcessedAsync(folder, "DECL0005.TXT"));
        using var client = node.System();
        var first = await FedAsync(client, Tea, numbers);
        Assert.Equal(3, first.Count);

        Drop(folder, "DECL0005.TXT", content);
        Assert.Equal("done", await ProcessedAsync(folder, "DECL0005.TXT.2"));
        var second = await FedAsync(client, Tea, numbers);
        Assert.Equal(first.Keys.Order(StringComparer.Ordinal), second.Keys.Order(StringComparer.Ordinal));
        Assert.All(first, f => Assert.Equal(f.Value.GetProperty("id").GetString(), second[f.Key].GetProperty("id").GetString()));

        var summary = await File.ReadAllTextAsync(Path.Combine(folder, "done", "DECL0005.TXT.2.summary.txt"));
        Assert.Contains("taken over: 0", summary, StringComparison.Ordinal);
        Assert.Contains("already fed before: 3", summary, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/codes/feeds")).StatusCode);

        // The feeds' runs are for officials: the enterprise whose declarations they are does not see them.
        using var enterprise = await node.NewEnterpriseUserAsync(Tea);
        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.GetAsync("/api/codes/feeds")).StatusCode);
    }

    [Fact]
    public async Task Gq_feed_run_processes_a_folder_once_into_the_nodes_database()
    {
        var folder = Path.Combine(node.Root, "cli");
        Directory.CreateDirectory(folder);
        var lines = SampleLines("660006");
        var numbers = lines.Select(l => l[..18]).ToArray();
        Drop(folder, "DECL0006.TXT", Encode(lines));

        using var output = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await GoldenQuality.Cli.GqCli.Build()
            .Parse(["feed", "run", "--db", node.ConnectionString, "--folder", folder, "--adapter", "ciq-zj-legacy-declaration", "--office", "CIQ-ZJ"])
            .InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = output });

        // Two records are rejected, so the exit code says so; the other three are declarations on the node.
        Assert.Equal(1, exit);
        Assert.Contains("DECL0006.TXT -> done/DECL0006.TXT: 3 taken over, 0 already fed, 2 rejected", output.ToString(), StringComparison.Ordinal);
        using var client = node.System();
        Assert.Equal(3, (await FedAsync(client, Tea, numbers)).Count);
    }
}

[Collection("feeds-sqlite")]
public sealed class LegacyFeedOnSqlite(SqliteFeedNode node) : LegacyFeedTests(node);

[Collection("feeds-postgres")]
public sealed class LegacyFeedOnPostgres(PostgresFeedNode node) : LegacyFeedTests(node);
