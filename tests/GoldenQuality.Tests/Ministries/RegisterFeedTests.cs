using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GoldenQuality.Codes;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Ministries.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Clearance;
using GoldenQuality.Tests.Codes;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static GoldenQuality.Tests.Clearance.Flow;

namespace GoldenQuality.Tests.Ministries;

/// <summary>
/// The AQSIQ, Customs, MOA, MEP and PBC nodes (demo accounts and registers), each ministry node with legacy feeds of
/// its own register export (adapters <c>moa-quarantine-permits</c>, <c>mep-waste-licences</c>, <c>pbc-credit-classes</c>;
/// targets <c>lpco-register</c> and <c>credit-register</c>), one watched temporary folder per feed and test.
/// </summary>
public abstract class RegisterFeedFederation : IAsyncLifetime
{
    /// <summary>The feeds of each node: (feed name, adapter, target, office).</summary>
    public static readonly Dictionary<string, (string Name, string Adapter, string Target, string Office)[]> Feeds = new(StringComparer.Ordinal)
    {
        [TestFederation.Moa] =
        [
            ("moa-sample", "moa-quarantine-permits", "lpco-register", "MOA"), ("moa-step", "moa-quarantine-permits", "lpco-register", "MOA"),
            ("moa-malformed", "moa-quarantine-permits", "lpco-register", "MOA"), ("moa-wrong-office", "moa-quarantine-permits", "lpco-register", "MEP"),
        ],
        [TestFederation.Mep] = [("mep-sample", "mep-waste-licences", "lpco-register", "MEP"), ("mep-malformed", "mep-waste-licences", "lpco-register", "MEP")],
        [TestFederation.Pbc] =
        [
            ("pbc-sample", "pbc-credit-classes", "credit-register", "PBC"), ("pbc-change", "pbc-credit-classes", "credit-register", "PBC"),
            ("pbc-malformed", "pbc-credit-classes", "credit-register", "PBC"),
        ],
    };

    public abstract DatabaseProvider Provider { get; }

    public TestFederation Federation { get; private set; } = null!;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "gq-regfeeds-" + Guid.NewGuid().ToString("N")[..8]);

    public string Folder(string feed) => Path.Combine(Root, feed);

    public async Task InitializeAsync()
    {
        foreach (var feed in Feeds.Values.SelectMany(f => f))
        {
            Directory.CreateDirectory(Folder(feed.Name));
        }

        Federation = await TestFederation.StartAsync(Provider, (id, services) =>
        {
            if (Feeds.TryGetValue(id, out var feeds))
            {
                services.PostConfigure<FeedOptions>(o => o.Items.AddRange(feeds.Select(f =>
                    new FeedItem { Name = f.Name, Adapter = f.Adapter, Target = f.Target, Office = f.Office, Folder = Folder(f.Name), PollSeconds = 1 })));
            }
        }, ClearanceFederation.RiskSettings, ministries: true);
    }

    public async Task DisposeAsync()
    {
        await Federation.DisposeAsync();
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

public sealed class SqliteRegisterFeedFederation : RegisterFeedFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresRegisterFeedFederation : RegisterFeedFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// The ministries' registers loaded and kept in step from their own legacy exports (issue 14): files dropped into a
/// ministry node's watched folder register new numbers, amend, suspend, reinstate and revoke existing ones through the
/// lifecycle (so holders of copies hear of it), change credit classes (so the declaration node hears of it), and a
/// file with anything wrong in it changes nothing at all.
/// </summary>
public abstract class RegisterFeedTests(RegisterFeedFederation fixture)
{
    private const string Moa = TestFederation.Moa;
    private const string Mep = TestFederation.Mep;
    private const string Pbc = TestFederation.Pbc;
    private const string NingboFood = LpcoFederation.NingboFood;
    private const string DemoTea = "913301000000DEM01D";
    private const string MoaHeader = "许可证编号,申请单位统一社会信用代码,商品编码,商品名称,输出国家或地区,许可数量,计量单位,剩余数量,入境口岸,有效期起,有效期止,状态";

    private static string Sample(string name) => AdapterParserTests.Data("adapters", "samples", name);

    private static string NewNumber(string tag) => "MOA-QP-FT-" + tag + "-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    /// <summary>One row of the MOA export: frozen beef from AU through Ningbo for the Ningbo demo importer unless changed.</summary>
    private static string Permit(string number, string status = "有效", string quantity = "1000", string validTo = "2027/12/31", string holder = NingboFood,
        string validFrom = "2026/01/01") =>
        $"{number},{holder},0202,冷冻牛肉（测试）,AU,{quantity},千克,{quantity},CNNGB,{validFrom},{validTo},{status}";

    private static byte[] MoaFile(params string[] rows) => AdapterParserTests.Gb18030.GetBytes(string.Join("\r\n", [MoaHeader, .. rows]) + "\r\n");

    /// <summary>One line of the PBC export, padded in GB18030 bytes to the layout's widths.</summary>
    private static byte[] CreditLine(string uscc, string creditClass, string date, string legalBasis, string reason)
    {
        var gb = AdapterParserTests.Gb18030;
        static byte[] Pad(byte[] b, int n) => [.. b, .. Enumerable.Repeat((byte)' ', n - b.Length)];
        return [.. Encoding.ASCII.GetBytes(uscc + creditClass + date), .. Pad(gb.GetBytes(legalBasis), 60), .. Pad(gb.GetBytes(reason), 100)];
    }

    private static byte[] Lines(params byte[][] lines) => [.. lines.SelectMany(l => l.Concat("\r\n"u8.ToArray()))];

    /// <summary>
    /// Drops a file as a legacy system would (temporary name, then renamed) and waits until the feed moved it to done/
    /// or failed/ (as <paramref name="movedAs"/>, when a file of that name was processed before); answers which.
    /// </summary>
    private async Task<string> FeedAsync(string feed, string name, byte[] content, string? movedAs = null)
    {
        var folder = fixture.Folder(feed);
        var temporary = Path.Combine(folder, name + ".part");
        await File.WriteAllBytesAsync(temporary, content);
        File.Move(temporary, Path.Combine(folder, name));
        string? outcome = null;
        await TestFederation.WaitUntilAsync(() =>
        {
            outcome = new[] { "done", "failed" }.FirstOrDefault(o => File.Exists(Path.Combine(folder, o, movedAs ?? name)));
            return Task.FromResult(outcome is not null);
        }, $"the feed {feed} to process {name}");
        return outcome!;
    }

    /// <summary>Feeds the file and asserts it was applied (the summary and rejects say why not).</summary>
    private async Task DoneAsync(string feed, string name, byte[] content, string? movedAs = null)
    {
        var outcome = await FeedAsync(feed, name, content, movedAs);
        Assert.True(outcome == "done", $"{name} was refused: {Summary(feed, outcome, movedAs ?? name)}\n{string.Join("\n", Rejects(feed, outcome, movedAs ?? name))}");
    }

    private string[] Rejects(string feed, string outcome, string name) => File.ReadAllLines(Path.Combine(fixture.Folder(feed), outcome, name + ".rejects.csv"));

    private string Summary(string feed, string outcome, string name) => File.ReadAllText(Path.Combine(fixture.Folder(feed), outcome, name + ".summary.txt"));

    /// <summary>The LPCO of that number on the issuer's node, with its history, or null when the register has no such number.</summary>
    private static async Task<JsonElement?> LpcoAsync(HttpClient officer, string number)
    {
        var list = await Expect(await officer.GetAsync("/api/ministries/lpcos?pageSize=50&q=" + Uri.EscapeDataString(number)), HttpStatusCode.OK);
        var item = list.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("number").GetString() == number).ToList();
        return item.Count == 0 ? null : await Expect(await officer.GetAsync($"/api/ministries/lpcos/{item[0].GetProperty("id").GetGuid()}"), HttpStatusCode.OK);
    }

    private static string Text(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    private static string[] Actions(JsonElement lpco) => [.. lpco.GetProperty("history").EnumerateArray().Select(h => Text(h, "action"))];

    [Fact]
    public async Task The_MOA_sample_export_registers_its_new_permits_and_the_same_file_again_changes_nothing()
    {
        await DoneAsync("moa-sample", "QP-EXPORT.CSV", await File.ReadAllBytesAsync(Sample("moa-quarantine-permits.csv")));
        var summary = Summary("moa-sample", "done", "QP-EXPORT.CSV");
        Assert.Contains("taken over: 2", summary, StringComparison.Ordinal);
        Assert.Contains("already fed before: 2", summary, StringComparison.Ordinal);
        Assert.Equal(["line,column,field,reason,key"], Rejects("moa-sample", "done", "QP-EXPORT.CSV"));

        var officer = await fixture.Federation.SignInAsync(Moa, "moa.officer");
        var shrimp = (await LpcoAsync(officer, "MOA-QP-2026-000101"))!.Value;
        Assert.Equal(("quarantine-permit", "issued", "913702000000DEM05F", "0306", "EC"),
            (Text(shrimp, "kind"), Text(shrimp, "status"), Text(shrimp, "holderUscc"), Text(shrimp, "hsCode"), Text(shrimp, "originCountry")));
        Assert.Equal((12000m, 12000m, "KGM"), (shrimp.GetProperty("quantityIssued").GetDecimal(), shrimp.GetProperty("remaining").GetDecimal(), Text(shrimp, "unit")));
        Assert.Equal(["CNTAO"], shrimp.GetProperty("portsOfEntry").EnumerateArray().Select(p => p.GetString()!));
        Assert.Equal(("2026-03-01", "2027-02-28"), (Text(shrimp, "validFrom"), Text(shrimp, "validTo")));
        var registered = Assert.Single(shrimp.GetProperty("history").EnumerateArray());
        Assert.Equal(("registered", "feed:moa-sample"), (Text(registered, "action"), Text(registered, "by")));
        Assert.StartsWith("loaded from moa-quarantine-permits file QP-EXPORT.CSV line 4", Text(registered, "reason"), StringComparison.Ordinal);
        Assert.Equal("suspended", Text((await LpcoAsync(officer, "MOA-QP-2026-000102"))!.Value, "status"));

        // The demo permits in the export are as the register has them: untouched.
        Assert.Equal(["registered"], Actions((await LpcoAsync(officer, "MOA-QP-2026-000001"))!.Value));

        // The same export dropped again: everything already fed, nothing changes.
        await DoneAsync("moa-sample", "QP-EXPORT.CSV", await File.ReadAllBytesAsync(Sample("moa-quarantine-permits.csv")), "QP-EXPORT.CSV.2");
        var again = Summary("moa-sample", "done", "QP-EXPORT.CSV.2");
        Assert.Contains("taken over: 0", again, StringComparison.Ordinal);
        Assert.Contains("already fed before: 4", again, StringComparison.Ordinal);
        Assert.Single((await LpcoAsync(officer, "MOA-QP-2026-000101"))!.Value.GetProperty("history").EnumerateArray());

        // An official sees the feed and its runs.
        using var system = fixture.Federation[Moa].Client();
        var feeds = await Expect(await system.GetAsync("/api/codes/feeds"), HttpStatusCode.OK);
        var feed = feeds.EnumerateArray().Single(f => Text(f, "name") == "moa-sample");
        Assert.Equal(("lpco-register", "MOA"), (Text(feed, "target"), Text(feed, "office")));
        Assert.Equal([0, 2], feed.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("accepted").GetInt32()));
    }

    [Fact]
    public async Task A_later_export_suspends_amends_reinstates_and_revokes_through_the_lifecycle_and_the_holder_of_a_copy_hears_of_it()
    {
        var (a, b) = (NewNumber("A"), NewNumber("B"));
        await DoneAsync("moa-step", "STEP1.CSV", MoaFile(Permit(a), Permit(b)));

        // The AQSIQ node checks permit A at the source: it now holds a copy.
        using var aqsiq = fixture.Federation[TestFederation.Aqsiq].Client();
        var check = await Expect(await aqsiq.PostAsJsonAsync("/api/exchange/queries", new
        {
            provider = Moa, dataset = MinistriesWire.QuarantinePermitDataset, parameters = new
            {
                kind = "quarantine-permit", number = a, holderUscc = NingboFood, portOfEntry = "CNNGB", originCountry = "AU", on = "2026-06-01",
                lines = new[] { new { sequence = 1, hsCode = "0202300000", quantity = 400m, unit = "KGM", netWeightKg = 400m } },
            },
        }), HttpStatusCode.OK);
        Assert.True(check.GetProperty("answered").GetBoolean(), check.ToString());

        await DoneAsync("moa-step", "STEP2.CSV", MoaFile(Permit(a, status: "暂停"), Permit(b, quantity: "1500", validTo: "2028/06/30")));
        Assert.Contains("taken over: 2", Summary("moa-step", "done", "STEP2.CSV"), StringComparison.Ordinal);
        var officer = await fixture.Federation.SignInAsync(Moa, "moa.officer");
        var suspended = (await LpcoAsync(officer, a))!.Value;
        Assert.Equal("suspended", Text(suspended, "status"));
        var step = suspended.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("suspended", "feed:moa-step", "MOA"), (Text(step, "action"), Text(step, "by"), Text(step, "onBehalfOf")));
        Assert.StartsWith("kept in step with moa-quarantine-permits file STEP2.CSV line 2", Text(step, "reason"), StringComparison.Ordinal);

        var amended = (await LpcoAsync(officer, b))!.Value;
        Assert.Equal((1500m, 1500m, "2028-06-30", "issued"),
            (amended.GetProperty("quantityIssued").GetDecimal(), amended.GetProperty("remaining").GetDecimal(), Text(amended, "validTo"), Text(amended, "status")));
        var amendment = amended.GetProperty("history").EnumerateArray().Last();
        Assert.Equal("amended", Text(amendment, "action"));
        Assert.Contains("file STEP2.CSV line 3", Text(amendment, "reason"), StringComparison.Ordinal);
        Assert.Contains("1000 KGM, 2026-01-01 to 2027-12-31, ports CNNGB -> 1500 KGM, 2026-01-01 to 2028-06-30, ports CNNGB", Text(amendment, "reason"), StringComparison.Ordinal);

        // The holder of a copy hears of the suspension, as of an officer's.
        await TestFederation.WaitUntilAsync(async () => (await StatusChangesAtAqsiqAsync(a)).Count == 1, "the suspension at the AQSIQ node");
        var message = (await StatusChangesAtAqsiqAsync(a))[0];
        Assert.Equal("suspended", Text(message, "status"));
        Assert.Contains("STEP2.CSV", Text(message, "reason"), StringComparison.Ordinal);

        // The next export: A valid again, B revoked.
        await DoneAsync("moa-step", "STEP3.CSV", MoaFile(Permit(a), Permit(b, status: "撤销", quantity: "1500", validTo: "2028/06/30")));
        Assert.Equal(["registered", "suspended", "reinstated"], Actions((await LpcoAsync(officer, a))!.Value));
        Assert.Equal(["registered", "amended", "revoked"], Actions((await LpcoAsync(officer, b))!.Value));
        await TestFederation.WaitUntilAsync(async () => (await StatusChangesAtAqsiqAsync(a)).Count == 2, "the reinstatement at the AQSIQ node");
        Assert.Contains(await StatusChangesAtAqsiqAsync(a), m => Text(m, "status") == "issued");

        // A revoked permit is final: an export that has it valid again is refused whole, naming the status.
        var c = NewNumber("C");
        Assert.Equal("failed", await FeedAsync("moa-step", "STEP4.CSV", MoaFile(Permit(c), Permit(b, quantity: "1500", validTo: "2028/06/30"))));
        var rejects = Rejects("moa-step", "failed", "STEP4.CSV");
        Assert.StartsWith("3,1,status,", Assert.Single(rejects[1..]), StringComparison.Ordinal);
        Assert.Contains("is revoked and cannot be reinstated", rejects[1], StringComparison.Ordinal);
        Assert.Null(await LpcoAsync(officer, c));
    }

    [Fact]
    public async Task The_remaining_quantity_is_the_registers_and_an_export_below_what_was_drawn_is_refused_naming_the_quantity()
    {
        var number = NewNumber("D");
        await DoneAsync("moa-step", "DRAW1.CSV", MoaFile(Permit(number)));

        // The AQSIQ node releases 900 KGM under the permit (as its Declarations module does): the MOA node draws it down.
        var (scope, db) = fixture.Federation[TestFederation.Aqsiq].Database();
        await using (scope)
        {
            var drawn = new LpcoDrawn("quarantine-permit", number, "D-" + Guid.NewGuid().ToString("N")[..12], NingboFood, [new LpcoDraw(1, 900m, "KGM")], DateTimeOffset.UtcNow);
            var sent = scope.ServiceProvider.GetRequiredService<ExchangeSender>().As(SendingModule.Declarations).Send(db, MinistriesWire.LpcoDrawnType, drawn, [Moa]);
            Assert.Single(sent.Envelopes);
            await db.SaveChangesAsync();
        }

        var officer = await fixture.Federation.SignInAsync(Moa, "moa.officer");
        await TestFederation.WaitUntilAsync(async () => (await LpcoAsync(officer, number))!.Value.GetProperty("remaining").GetDecimal() == 100m, "the draw-down at the MOA node");

        // The ministry's export still says 1000 remaining (it does not see releases) and lowers the quantity to 800: refused.
        Assert.Equal("failed", await FeedAsync("moa-step", "DRAW2.CSV", MoaFile(Permit(number, quantity: "800"))));
        Assert.Equal($"2,1,quantity,800 KGM is below what was already drawn (900 KGM),{number}", Assert.Single(Rejects("moa-step", "failed", "DRAW2.CSV")[1..]));

        // Raised to 1200: amended; what remains follows the register's draws (1200 - 900), not the file's figure.
        await DoneAsync("moa-step", "DRAW3.CSV", MoaFile(Permit(number, quantity: "1200")));
        var permit = (await LpcoAsync(officer, number))!.Value;
        Assert.Equal((1200m, 300m), (permit.GetProperty("quantityIssued").GetDecimal(), permit.GetProperty("remaining").GetDecimal()));
    }

    [Fact]
    public async Task A_permit_past_its_validity_is_expired_whatever_status_word_the_export_still_gives_it()
    {
        var number = NewNumber("E");
        await DoneAsync("moa-step", "OLD1.CSV", MoaFile(Permit(number, validFrom: "2024/01/01", validTo: "2024/12/31")));
        var officer = await fixture.Federation.SignInAsync(Moa, "moa.officer");
        Assert.Equal("expired", Text((await LpcoAsync(officer, number))!.Value, "status"));

        // The sweep marks it expired in the register; the ministry's system still says 有效 (valid), then 过期 (expired).
        await Expect(await officer.PostAsJsonAsync("/api/ministries/lpcos/expiry-sweep", new { }), HttpStatusCode.OK);
        await DoneAsync("moa-step", "OLD2.CSV", MoaFile(Permit(number, validFrom: "2024/01/01", validTo: "2024/12/31")));
        await DoneAsync("moa-step", "OLD3.CSV", MoaFile(Permit(number, status: "过期", validFrom: "2024/01/01", validTo: "2024/12/31")));
        Assert.Contains("already fed before: 1", Summary("moa-step", "done", "OLD2.CSV"), StringComparison.Ordinal);
        Assert.Contains("already fed before: 1", Summary("moa-step", "done", "OLD3.CSV"), StringComparison.Ordinal);
        Assert.Equal(["registered", "expired"], Actions((await LpcoAsync(officer, number))!.Value));
    }

    [Theory]
    [InlineData("encoding")]
    [InlineData("columns")]
    [InlineData("date")]
    [InlineData("uscc")]
    [InlineData("holder")]
    public async Task A_malformed_export_leaves_the_register_exactly_as_it_was_and_the_rejects_name_line_field_and_reason(string fault)
    {
        var (kept, added, bad) = (NewNumber("K"), NewNumber("N"), NewNumber("X"));
        await DoneAsync("moa-malformed", $"BASE-{fault}.CSV", MoaFile(Permit(kept)));
        var officer = await fixture.Federation.SignInAsync(Moa, "moa.officer");
        var before = (await LpcoAsync(officer, kept))!.Value;

        var valid = TestData.NewUscc();
        var wrongCheck = valid[..17] + (valid[17] == '0' ? '1' : '0');
        byte[] content = fault switch
        {
            "encoding" => MoaFile(Permit(kept, status: "暂停"), Permit(added), Permit(bad).Replace("冷冻牛肉", "@@", StringComparison.Ordinal)),
            "columns" => MoaFile(Permit(kept, status: "暂停"), Permit(added), Permit(bad)[..Permit(bad).LastIndexOf(',')]),
            "date" => MoaFile(Permit(kept, status: "暂停"), Permit(added), Permit(bad, validTo: "2027/13/45")),
            "uscc" => MoaFile(Permit(kept, status: "暂停"), Permit(added), Permit(bad, holder: wrongCheck)),
            _ => MoaFile(Permit(kept, status: "暂停"), Permit(added), Permit(bad, holder: valid)),
        };
        if (fault == "encoding")
        {
            // 0x81 0x20 is not a GB18030 character: a lead byte followed by a space.
            var at = content.AsSpan().IndexOf("@@"u8);
            (content[at], content[at + 1]) = ((byte)0x81, (byte)0x20);
        }

        var name = $"BAD-{fault}.CSV";
        Assert.Equal("failed", await FeedAsync("moa-malformed", name, content));
        var rejects = Rejects("moa-malformed", "failed", name);
        Assert.Equal("line,column,field,reason,key", rejects[0]);
        var reject = Assert.Single(rejects[1..]);
        Assert.StartsWith("4,", reject, StringComparison.Ordinal);
        var summary = Summary("moa-malformed", "failed", name);
        Assert.Contains("nothing was imported", summary, StringComparison.Ordinal);
        switch (fault)
        {
            case "encoding":
                Assert.Contains("cannot be read", summary, StringComparison.Ordinal);
                break;
            case "columns":
                Assert.Contains("do not have the file's structure", summary, StringComparison.Ordinal);
                break;
            case "date":
                Assert.Contains(",validTo,", reject, StringComparison.Ordinal);
                Assert.Contains("2027/13/45", reject, StringComparison.Ordinal);
                Assert.Contains("takes a file whole or not at all", summary, StringComparison.Ordinal);
                break;
            case "uscc":
                Assert.StartsWith("4,1,holderUscc,", reject, StringComparison.Ordinal);
                Assert.EndsWith(bad, reject, StringComparison.Ordinal);
                Assert.Contains("applies a register export whole or not at all", summary, StringComparison.Ordinal);
                break;
            default:
                Assert.StartsWith("4,1,holderUscc,", reject, StringComparison.Ordinal);
                Assert.Contains($"'{valid}' is not an enterprise in this node's registry", reject, StringComparison.Ordinal);
                break;
        }

        // Nothing of the file was applied: the good new permit is not registered, the suspension of the kept one did not happen.
        Assert.Null(await LpcoAsync(officer, added));
        Assert.Null(await LpcoAsync(officer, bad));
        var after = (await LpcoAsync(officer, kept))!.Value;
        Assert.Equal(("issued", before.GetProperty("version").GetInt64()), (Text(after, "status"), after.GetProperty("version").GetInt64()));
        Assert.Equal(["registered"], Actions(after));
    }

    [Fact]
    public async Task A_feed_configured_for_an_office_that_does_not_issue_the_permits_here_is_refused_whole()
    {
        var number = NewNumber("W");
        Assert.Equal("failed", await FeedAsync("moa-wrong-office", "WRONG.CSV", MoaFile(Permit(number))));
        Assert.Contains("reason: this node does not keep the MEP's register of waste import licences", Summary("moa-wrong-office", "failed", "WRONG.CSV"), StringComparison.Ordinal);
        Assert.Null(await LpcoAsync(await fixture.Federation.SignInAsync(Moa, "moa.officer"), number));
    }

    [Fact]
    public async Task The_MEP_sample_export_registers_licences_with_the_tonnage_left_and_bad_XML_changes_nothing()
    {
        await DoneAsync("mep-sample", "WL.XML", await File.ReadAllBytesAsync(Sample("mep-waste-licences.xml")));
        var summary = Summary("mep-sample", "done", "WL.XML");
        Assert.Contains("taken over: 2", summary, StringComparison.Ordinal);
        Assert.Contains("already fed before: 1", summary, StringComparison.Ordinal);

        var officer = await fixture.Federation.SignInAsync(Mep, "mep.officer");
        var scrap = (await LpcoAsync(officer, "MEP-WL-2026-000101"))!.Value;
        Assert.Equal(("waste-import-licence", "issued", "913205000000DEM034", "7204", "TNE"),
            (Text(scrap, "kind"), Text(scrap, "status"), Text(scrap, "holderUscc"), Text(scrap, "hsCode"), Text(scrap, "unit")));
        Assert.Equal((1200m, 1000m, 200m), (scrap.GetProperty("quantityIssued").GetDecimal(), scrap.GetProperty("remaining").GetDecimal(), scrap.GetProperty("quantityDrawn").GetDecimal()));
        var plastic = (await LpcoAsync(officer, "MEP-WL-2026-000102"))!.Value;
        Assert.Equal("suspended", Text(plastic, "status"));
        Assert.Empty(plastic.GetProperty("portsOfEntry").EnumerateArray());

        var number = "MEP-WL-FT-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var broken = $"""
            <wl:WasteImportLicences xmlns:wl="urn:goldenquality:legacy:mep-waste-licence:1">
              <wl:Licence status="valid"><wl:LicenceNo>{number}</wl:LicenceNo><wl:Holder uscc="{NingboFood}"/><wl:HsCode>4707</wl:HsCode>
                <wl:Quota unit="TNE">10</wl:Quota><wl:ValidFrom>2026-01-01</wl:ValidFrom><wl:ValidTo>2026-12-31</wl:ValidTo></wl:Licence>
              <wl:Licence status="valid"><wl:LicenceNo>
            </wl:WasteImportLicences>
            """;
        Assert.Equal("failed", await FeedAsync("mep-malformed", "BROKEN.XML", Encoding.UTF8.GetBytes(broken)));
        Assert.Contains("cannot be read", Summary("mep-malformed", "failed", "BROKEN.XML"), StringComparison.Ordinal);
        Assert.Null(await LpcoAsync(officer, number));
    }

    [Fact]
    public async Task The_PBC_export_changes_a_class_with_the_files_reason_and_legal_basis_and_the_same_file_again_is_already_fed()
    {
        var pbc = await fixture.Federation.SignInAsync(Pbc, "pbc.officer");
        var lines = AdapterParserTests.Gb18030.GetString(await File.ReadAllBytesAsync(Sample("pbc-credit-classes.txt"))).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var differ = 0;
        foreach (var line in lines)
        {
            var current = await Expect(await pbc.GetAsync($"/api/ministries/credit/{line[..18]}"), HttpStatusCode.OK);
            differ += Text(current.GetProperty("record"), "creditClass") == line[18..19] ? 0 : 1;
        }

        await DoneAsync("pbc-sample", "CREDIT.TXT", await File.ReadAllBytesAsync(Sample("pbc-credit-classes.txt")));
        var summary = Summary("pbc-sample", "done", "CREDIT.TXT");
        Assert.Contains($"taken over: {differ}", summary, StringComparison.Ordinal);
        Assert.Contains($"already fed before: {lines.Length - differ}", summary, StringComparison.Ordinal);

        var seafood = await Expect(await pbc.GetAsync($"/api/ministries/credit/{LpcoFederation.QingdaoSeafood}"), HttpStatusCode.OK);
        Assert.Equal(("C", "2026-11-01"), (Text(seafood.GetProperty("record"), "creditClass"), Text(seafood.GetProperty("record"), "ratedOn")));
        var change = seafood.GetProperty("history")[0];
        Assert.Equal(("file", "C", "《企业信息公示暂行条例》第十八条（示例）", "示例：未按期履行行政处罚决定（虚构）"),
            (Text(change, "cause"), Text(change, "to"), Text(change, "legalBasis"), Text(change, "reason")));
        Assert.StartsWith("feed:pbc-sample pbc-credit-classes file CREDIT.TXT line 5", Text(change, "by"), StringComparison.Ordinal);

        await DoneAsync("pbc-sample", "CREDIT.TXT", await File.ReadAllBytesAsync(Sample("pbc-credit-classes.txt")), "CREDIT.TXT.2");
        var again = Summary("pbc-sample", "done", "CREDIT.TXT.2");
        Assert.Contains("taken over: 0", again, StringComparison.Ordinal);
        Assert.Contains($"already fed before: {lines.Length}", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_PBC_export_with_a_line_of_the_wrong_length_or_an_unknown_enterprise_changes_no_class()
    {
        var pbc = await fixture.Federation.SignInAsync(Pbc, "pbc.officer");
        const string toys = "914403000000DEM04U";
        var before = (await Expect(await pbc.GetAsync($"/api/ministries/credit/{toys}"), HttpStatusCode.OK)).GetProperty("record");
        var other = Text(before, "creditClass") == "D" ? "A" : "D";
        var good = CreditLine(toys, other, "20261120", "测试依据", "测试原因");

        Assert.Equal("failed", await FeedAsync("pbc-malformed", "SHORT.TXT", Lines(good, good[..150])));
        Assert.StartsWith("2,", Rejects("pbc-malformed", "failed", "SHORT.TXT")[1], StringComparison.Ordinal);

        var unknown = TestData.NewUscc();
        Assert.Equal("failed", await FeedAsync("pbc-malformed", "UNKNOWN.TXT", Lines(good, CreditLine(unknown, "B", "20261120", "", ""))));
        var reject = Assert.Single(Rejects("pbc-malformed", "failed", "UNKNOWN.TXT")[1..]);
        Assert.Equal($"2,1,uscc,'{unknown}' is not an enterprise in this node's registry,{unknown}", reject);

        var after = (await Expect(await pbc.GetAsync($"/api/ministries/credit/{toys}"), HttpStatusCode.OK)).GetProperty("record");
        Assert.Equal((Text(before, "creditClass"), before.GetProperty("version").GetInt64()), (Text(after, "creditClass"), after.GetProperty("version").GetInt64()));
    }

    [Fact]
    public async Task A_class_changed_through_the_feed_reaches_the_aqsiq_node_and_its_next_risk_decision()
    {
        var exporter = await fixture.Federation.SignInAsync(TestFederation.Aqsiq, "exporter.hangzhou");
        var pbc = await fixture.Federation.SignInAsync(Pbc, "pbc.officer");
        static JsonElement Credit(JsonElement declaration) =>
            declaration.GetProperty("risk").GetProperty("reasons").EnumerateArray().Single(r => Text(r, "input") == "credit-class");

        var current = Text((await Expect(await pbc.GetAsync($"/api/ministries/credit/{DemoTea}"), HttpStatusCode.OK)).GetProperty("record"), "creditClass");
        var before = Credit(await SubmitAsync(exporter, (await CreateAsync(exporter, Export(100m, NewLot("TEA-F")))).GetProperty("id").GetGuid()));
        Assert.Equal(current, Text(before, "value"));

        var next = current == "D" ? "A" : "D";
        await DoneAsync("pbc-change", $"CLASS-{next}.TXT", Lines(CreditLine(DemoTea, next, "20261125", "测试依据（示例）", "测试：评级复核（虚构）")));
        using var aqsiq = fixture.Federation[TestFederation.Aqsiq].Client();
        await TestFederation.WaitUntilAsync(async () =>
        {
            var inbox = await (await aqsiq.GetAsync($"/api/exchange/inbox?type={MinistriesWire.CreditClassChangedType}&pageSize=500")).Json();
            return inbox.GetProperty("items").EnumerateArray().Select(i => JsonDocument.Parse(Text(i, "payload")).RootElement)
                .Any(p => Text(p, "uscc") == DemoTea && Text(p, "creditClass") == next && Text(p, "reason").Contains($"CLASS-{next}.TXT", StringComparison.Ordinal));
        }, $"the AQSIQ node to hear of {DemoTea} rated {next}");

        // The class was cached; the announcement evicted it, so this decision asks the central bank again.
        var after = Credit(await SubmitAsync(exporter, (await CreateAsync(exporter, Export(100m, NewLot("TEA-F")))).GetProperty("id").GetGuid()));
        Assert.Equal(next, Text(after, "value"));
    }

    /// <summary>The <c>ministries.lpco.status-changed</c> messages the AQSIQ node received about one LPCO number.</summary>
    private async Task<List<JsonElement>> StatusChangesAtAqsiqAsync(string number)
    {
        var (scope, _) = fixture.Federation[TestFederation.Aqsiq].Database();
        await using (scope)
        {
            var received = await scope.ServiceProvider.GetRequiredService<IExchangeRecords>()
                .ReceivedAsync(new ReceivedQuery(MinistriesWire.LpcoStatusChangedType), 1, Paging.MaxPageSize, CancellationToken.None);
            return [.. received.Items.Select(m => JsonDocument.Parse(m.Payload).RootElement.Clone()).Where(p => p.GetProperty("number").GetString() == number)];
        }
    }
}

[Collection("sqlite")]
public sealed class RegisterFeedOnSqlite(SqliteRegisterFeedFederation fixture) : RegisterFeedTests(fixture), IClassFixture<SqliteRegisterFeedFederation>;

[Collection("postgres")]
public sealed class RegisterFeedOnPostgres(PostgresRegisterFeedFederation fixture) : RegisterFeedTests(fixture), IClassFixture<PostgresRegisterFeedFederation>;
