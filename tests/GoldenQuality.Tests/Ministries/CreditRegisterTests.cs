using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Ministries.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Clearance;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GoldenQuality.Tests.Clearance.Flow;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Ministries;

/// <summary>
/// The AQSIQ, Customs and ministry nodes of <see cref="TestFederation"/> (<c>ministries: true</c>), once per test class,
/// with the demo credit register loaded on the PBC node and the deterministic risk settings of the clearance tests.
/// </summary>
public abstract class CreditFederation : IAsyncLifetime
{
    public abstract DatabaseProvider Provider { get; }

    public TestFederation Federation { get; private set; } = null!;

    public async Task InitializeAsync() => Federation = await StartAsync(Provider, settings: ClearanceFederation.RiskSettings, ministries: true);

    public async Task DisposeAsync()
    {
        await Federation.DisposeAsync();
    }

    /// <summary>A demo account signed in on the given node; the federation disposes it.</summary>
    public Task<HttpClient> SignInAsync(string node, string user) => Federation.SignInAsync(node, user);

    /// <summary>Loads a credit record on the PBC node through the register file loader (the legacy export's path).</summary>
    public Task SeedAsync(string uscc, string creditClass) => SeedAsync((uscc, creditClass, "2026-06-30", "test rating"));

    /// <summary>Loads credit records on the PBC node, one file for all, through the register file loader.</summary>
    public async Task SeedAsync(params (string Uscc, string CreditClass, string RatedOn, string Note)[] records)
    {
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".csv");
        await File.WriteAllTextAsync(file, "uscc,credit_class,rated_on,note\n" + string.Concat(records.Select(r => $"{r.Uscc},{r.CreditClass},{r.RatedOn},{r.Note}\n")));
        try
        {
            await using var scope = Federation[Pbc].Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ICreditRecords>().LoadAsync(file, CancellationToken.None);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

public sealed class SqliteCreditFederation : CreditFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresCreditFederation : CreditFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// The central bank's credit register on its own node (issue 14): officers change a class with a reason and legal basis,
/// credit events from AQSIQ (a supervision nonconformity) and Customs (a penalty) lower it under the bank's rules, the same
/// event applies once, and the new class reaches the AQSIQ node's next risk decision.
/// </summary>
public abstract class CreditRegisterTests(CreditFederation fixture)
{
    private static string Text(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    private static async Task<JsonElement> RecordAsync(HttpClient pbc, string uscc) =>
        await Expect(await pbc.GetAsync($"/api/ministries/credit/{uscc}"), HttpStatusCode.OK);

    /// <summary>Waits until the PBC node's history of <paramref name="uscc"/> has an event entry matching the condition.</summary>
    private static async Task<JsonElement> EventEntryAsync(HttpClient pbc, string uscc, Func<JsonElement, bool> match, string what)
    {
        JsonElement entry = default;
        await WaitUntilAsync(async () =>
        {
            var response = await pbc.GetAsync($"/api/ministries/credit/{uscc}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            entry = (await response.Json()).GetProperty("history").EnumerateArray().FirstOrDefault(h => Text(h, "cause") == "event" && match(h));
            return entry.ValueKind == JsonValueKind.Object;
        }, what);
        return entry;
    }

    /// <summary>Waits until a node's inbox holds a <c>ministries.credit.class-changed</c> for the enterprise and class.</summary>
    private async Task ClassChangeArrivedAsync(string node, string uscc, string creditClass)
    {
        using var system = fixture.Federation[node].Client();
        await WaitUntilAsync(async () =>
        {
            var inbox = await (await system.GetAsync($"/api/exchange/inbox?type={MinistriesWire.CreditClassChangedType}&pageSize=500")).Json();
            return inbox.GetProperty("items").EnumerateArray().Select(i => JsonDocument.Parse(Text(i, "payload")).RootElement)
                .Any(p => Text(p, "uscc") == uscc && Text(p, "creditClass") == creditClass);
        }, $"{node} to receive the class change of {uscc} to {creditClass}");
    }

    private static string Lower(string c) => c switch { "A" => "B", "B" => "C", _ => "D" };

    [Fact]
    public async Task An_officer_changes_a_class_with_reason_and_legal_basis_kept_in_the_history_and_announced()
    {
        var uscc = TestData.NewUscc();
        await fixture.SeedAsync(uscc, "A");
        var pbc = await fixture.SignInAsync(Pbc, "pbc.officer");

        var listed = await Expect(await pbc.GetAsync($"/api/ministries/credit?q={uscc}"), HttpStatusCode.OK);
        var row = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal(("A", 1L), (Text(row, "creditClass"), row.GetProperty("version").GetInt64()));

        var changed = await Expect(await pbc.PostAsJsonAsync($"/api/ministries/credit/{uscc}/class",
            new { creditClass = "C", reason = "Two overdue loans reported by banks", legalBasis = "Regulation on the Administration of Credit Reporting Industry, art. 16", version = 1 }),
            HttpStatusCode.OK);
        Assert.Equal(("C", 2L), (Text(changed.GetProperty("record"), "creditClass"), changed.GetProperty("record").GetProperty("version").GetInt64()));
        var latest = changed.GetProperty("history")[0];
        Assert.Equal(("officer", "A", "C", "pbc.officer"), (Text(latest, "cause"), Text(latest, "from"), Text(latest, "to"), Text(latest, "by")));
        Assert.Equal("Two overdue loans reported by banks", Text(latest, "reason"));
        Assert.StartsWith("Regulation on the Administration of Credit Reporting Industry", Text(latest, "legalBasis"), StringComparison.Ordinal);
        Assert.Equal("file", Text(changed.GetProperty("history")[1], "cause"));

        var byClass = await Expect(await pbc.GetAsync($"/api/ministries/credit?creditClass=C&q={uscc}"), HttpStatusCode.OK);
        Assert.Equal(1, byClass.GetProperty("total").GetInt32());
        Assert.Equal(0, (await Expect(await pbc.GetAsync($"/api/ministries/credit?creditClass=A&q={uscc}"), HttpStatusCode.OK)).GetProperty("total").GetInt32());

        // The consumers of the credit records hear of it; the dataset answers the new class.
        await ClassChangeArrivedAsync(Aqsiq, uscc, "C");
        await ClassChangeArrivedAsync(Customs, uscc, "C");
        using var aqsiq = fixture.Federation[Aqsiq].Client();
        var answer = await (await aqsiq.PostAsJsonAsync("/api/exchange/queries", new { provider = Pbc, dataset = "credit-record", parameters = new { uscc } })).Json();
        Assert.Equal("C", Text(answer.GetProperty("answer"), "creditClass"));

        // A stale version is a conflict, and changes nothing.
        var stale = await Expect(await pbc.PostAsJsonAsync($"/api/ministries/credit/{uscc}/class", new { creditClass = "B", reason = "r", legalBasis = "b", version = 1 }), HttpStatusCode.Conflict);
        Assert.Equal("version", Text(stale, "field"));
        Assert.Equal("C", Text((await RecordAsync(pbc, uscc)).GetProperty("record"), "creditClass"));
    }

    [Fact]
    public async Task Bad_input_names_the_field_and_the_reason_and_writes_nothing()
    {
        var uscc = TestData.NewUscc();
        await fixture.SeedAsync(uscc, "B");
        var pbc = await fixture.SignInAsync(Pbc, "pbc.officer");

        var empty = await Expect(await pbc.PostAsJsonAsync($"/api/ministries/credit/{uscc}/class", new { }), HttpStatusCode.BadRequest);
        Assert.Equal(["is required"], TestData.FieldErrors(empty, "creditClass"));
        Assert.Equal(["is required"], TestData.FieldErrors(empty, "reason"));
        Assert.Equal(["is required"], TestData.FieldErrors(empty, "legalBasis"));

        var bad = await Expect(await pbc.PostAsJsonAsync($"/api/ministries/credit/{uscc}/class",
            new { creditClass = "E", reason = new string('x', 1025), legalBasis = new string('y', 513), version = 0 }), HttpStatusCode.BadRequest);
        Assert.Equal(["must be one of A, B, C, D"], TestData.FieldErrors(bad, "creditClass"));
        Assert.Equal(["must be at most 1024 characters"], TestData.FieldErrors(bad, "reason"));
        Assert.Equal(["must be at most 512 characters"], TestData.FieldErrors(bad, "legalBasis"));
        Assert.Equal(["must be 1 or more"], TestData.FieldErrors(bad, "version"));

        var same = await Expect(await pbc.PostAsJsonAsync($"/api/ministries/credit/{uscc}/class", new { creditClass = "B", reason = "r", legalBasis = "b" }), HttpStatusCode.BadRequest);
        Assert.Equal(["is already the enterprise's class; choose another class"], TestData.FieldErrors(same, "creditClass"));

        await Expect(await pbc.PostAsJsonAsync($"/api/ministries/credit/{TestData.NewUscc()}/class", new { creditClass = "B", reason = "r", legalBasis = "b" }), HttpStatusCode.NotFound);
        await Expect(await pbc.GetAsync($"/api/ministries/credit/{TestData.NewUscc()}"), HttpStatusCode.NotFound);
        Assert.Equal(["must be one of A, B, C, D"], TestData.FieldErrors(await Expect(await pbc.GetAsync("/api/ministries/credit?creditClass=Z"), HttpStatusCode.BadRequest), "creditClass"));
        Assert.Equal(["must be at most 64 characters"], TestData.FieldErrors(await Expect(await pbc.GetAsync($"/api/ministries/credit?q={new string('q', 65)}"), HttpStatusCode.BadRequest), "q"));
        Assert.NotEmpty(TestData.FieldErrors(await Expect(await pbc.GetAsync("/api/ministries/credit?pageSize=501"), HttpStatusCode.BadRequest), "pageSize"));

        var record = await RecordAsync(pbc, uscc);
        Assert.Equal(("B", 1L), (Text(record.GetProperty("record"), "creditClass"), record.GetProperty("record").GetProperty("version").GetInt64()));
        Assert.Single(record.GetProperty("history").EnumerateArray());

        // A Customs penalty with bad fields is refused whole, and nothing is reported.
        var customs = await fixture.SignInAsync(Customs, "customs.ningbo");
        var penalty = await Expect(await customs.PostAsJsonAsync("/api/clearance/penalties", new { uscc = "91330106X", reference = "", legalBasis = new string('z', 513), detail = "" }),
            HttpStatusCode.BadRequest);
        Assert.NotEmpty(TestData.FieldErrors(penalty, "uscc"));
        Assert.Equal(["is required"], TestData.FieldErrors(penalty, "reference"));
        Assert.Equal(["must be at most 512 characters"], TestData.FieldErrors(penalty, "legalBasis"));
        Assert.Equal(["is required"], TestData.FieldErrors(penalty, "detail"));
    }

    [Fact]
    public async Task The_register_file_loads_all_or_nothing_and_names_the_line_of_a_bad_row()
    {
        var (good, other) = (TestData.NewUscc(), TestData.NewUscc());
        var file = Path.Combine(Path.GetTempPath(), "credit-" + Guid.NewGuid().ToString("N")[..8] + ".csv");
        await File.WriteAllTextAsync(file, $"uscc,credit_class,rated_on,note\n{good},A,2026-06-30,fine\n{other},B,30/06/2026,bad date\n");
        try
        {
            await using var scope = fixture.Federation[Pbc].Services.CreateAsyncScope();
            var error = await Assert.ThrowsAsync<GoldenQuality.Common.DataFileException>(() => scope.ServiceProvider.GetRequiredService<ICreditRecords>().LoadAsync(file, CancellationToken.None));
            Assert.StartsWith($"{Path.GetFileName(file)}:3: ", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        var pbc = await fixture.SignInAsync(Pbc, "pbc.officer");
        await Expect(await pbc.GetAsync($"/api/ministries/credit/{good}"), HttpStatusCode.NotFound);
        await fixture.SeedAsync(good, "C");
        var record = await RecordAsync(pbc, good);
        var entry = Assert.Single(record.GetProperty("history").EnumerateArray());
        Assert.Equal(("file", "C"), (Text(entry, "cause"), Text(entry, "to")));
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("from").ValueKind);
    }

    /// <summary>
    /// Three records noted with a tag of their own: by USCC they come third, first, second (<c>r3, r1, r2</c>); by class
    /// r2 (A), r1 (B), r3 (C); most recently rated first r2 (2026-05-01), r3 (2026-04-01), r1 (2026-03-01).
    /// </summary>
    private async Task<(string Tag, string R1, string R2, string R3)> ThreeSortableRecordsAsync()
    {
        var tag = "sort-" + Guid.NewGuid().ToString("N")[..10];
        string[] usccs = [.. Enumerable.Range(0, 3).Select(_ => TestData.NewUscc()).Order(StringComparer.Ordinal)];
        var (r1, r2, r3) = (usccs[1], usccs[2], usccs[0]);
        await fixture.SeedAsync((r1, "B", "2026-03-01", $"rated {tag} one"), (r2, "A", "2026-05-01", $"rated {tag} two"), (r3, "C", "2026-04-01", $"rated {tag} three"));
        return (tag, r1, r2, r3);
    }

    [Fact]
    public async Task The_register_sorts_by_uscc_class_and_rating_date_and_refuses_an_unknown_order()
    {
        var (tag, r1, r2, r3) = await ThreeSortableRecordsAsync();
        var pbc = await fixture.SignInAsync(Pbc, "pbc.officer");
        async Task<string[]> UsccsAsync(string sort) =>
            [.. (await Expect(await pbc.GetAsync($"/api/ministries/credit?q={tag}{sort}"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(r => Text(r, "uscc"))];

        Assert.Equal([r3, r1, r2], await UsccsAsync(""));
        Assert.Equal([r3, r1, r2], await UsccsAsync("&sort=uscc"));
        Assert.Equal([r2, r1, r3], await UsccsAsync("&sort=class"));
        Assert.Equal([r2, r3, r1], await UsccsAsync("&sort=rated"));
        await pbc.UnknownSortIsRefusedAsync($"/api/ministries/credit?q={tag}", "uscc, class, rated");
    }

    [Fact]
    public async Task The_register_download_names_its_columns_in_the_readers_language_follows_the_order_and_is_the_central_bank_s_alone()
    {
        var (tag, r1, r2, r3) = await ThreeSortableRecordsAsync();
        var pbc = await fixture.SignInAsync(Pbc, "pbc.officer");

        var (zh, file) = await pbc.CsvAsync("zh-CN", $"/ministries/credit/export.csv?q={tag}&sort=class");
        Assert.Equal("统一社会信用代码,信用等级,评级日期,备注,最近更新", zh[0]);
        Assert.Matches("^credit-register-[0-9]{8}-[0-9]{4}\\.csv$", file);
        Assert.Equal([r2, r1, r3], zh[1..].Select(l => l.Split(',')[0]));
        Assert.Equal([r2, "A", "2026-05-01", $"rated {tag} two"], zh[1].Split(',')[..4]);

        var (en, _) = await pbc.CsvAsync("en", $"/ministries/credit/export.csv?q={tag}&sort=rated");
        Assert.Equal("USCC,Credit class,Rated on,Note,Last updated", en[0]);
        Assert.Equal([r2, r3, r1], en[1..].Select(l => l.Split(',')[0]));
        Assert.Equal([r1, "B", "2026-03-01", $"rated {tag} one"], en[3].Split(',')[..4]);

        // An officer who is not the central bank's gets no file, told why in the reader's language; a bad filter is a 400.
        var ciq = await fixture.SignInAsync(Aqsiq, "ciq.hangzhou");
        foreach (var (language, expected) in new[] { ("zh-CN", "只有中央银行（PBC）的官员可以管理信用登记册。"), ("en", "Only an officer of the central bank (PBC) works the credit register.") })
        {
            using var refused = await ciq.DownloadAsync(language, $"/ministries/credit/export.csv?q={tag}");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(expected, (await refused.Json()).GetProperty("detail").GetString());
        }

        var bad = await Expect(await pbc.DownloadAsync("en", "/ministries/credit/export.csv?creditClass=E&sort=sideways"), HttpStatusCode.BadRequest);
        Assert.NotEmpty(TestData.FieldErrors(bad, "creditClass"));
        Assert.Equal(["'sideways' is not one of: uscc, class, rated"], TestData.FieldErrors(bad, "sort"));
    }

    [Fact]
    public async Task Only_central_bank_officers_on_the_central_bank_node_work_the_register()
    {
        var uscc = TestData.NewUscc();
        await fixture.SeedAsync(uscc, "A");
        foreach (var (node, user) in new[] { (Aqsiq, "ciq.hangzhou"), (Aqsiq, "admin"), (Customs, "customs.ningbo"), (Moa, "moa.officer"), (Mep, "mep.officer") })
        {
            var client = await fixture.SignInAsync(node, user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/ministries/credit")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/ministries/credit/{uscc}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden,
                (await client.PostAsJsonAsync($"/api/ministries/credit/{uscc}/class", new { creditClass = "D", reason = "r", legalBasis = "b" })).StatusCode);
        }

        // A Customs penalty is a Customs officer's: the PBC officer may not record one.
        var pbc = await fixture.SignInAsync(Pbc, "pbc.officer");
        Assert.Equal(HttpStatusCode.Forbidden, (await pbc.PostAsJsonAsync("/api/clearance/penalties", new { uscc, reference = "X", legalBasis = "b", detail = "d" })).StatusCode);
        Assert.Equal("A", Text((await RecordAsync(pbc, uscc)).GetProperty("record"), "creditClass"));
    }

    [Fact]
    public async Task A_supervision_nonconformity_on_the_aqsiq_node_lowers_the_class_at_the_central_bank()
    {
        var pbc = await fixture.SignInAsync(Pbc, "pbc.officer");
        var exporter = await fixture.SignInAsync(Aqsiq, "exporter.hangzhou");
        var line = "L-" + Guid.NewGuid().ToString("N")[..8];
        await Expect(await exporter.PostAsJsonAsync("/api/supervision/lines", new { code = line, name = "Rice line" }), HttpStatusCode.Created);
        var lot = await Expect(await exporter.PostAsJsonAsync("/api/supervision/lots",
            new { line, number = "LOT-" + Guid.NewGuid().ToString("N")[..10], product = "cereal.rice", market = "export" }), HttpStatusCode.Created);
        var lotId = Text(lot, "id");
        var result = await Expect(await exporter.PostAsJsonAsync("/api/supervision/measurements", new
        {
            measurements = new[] { new { lot = lotId, device = "dev-1", sensor = "s1", parameter = "pb", value = 0.5, unit = "mg/kg", at = DateTimeOffset.UtcNow.AddMinutes(-3) } },
        }), HttpStatusCode.OK);
        Assert.Equal(1, result.GetProperty("nonconforming").GetInt32());

        var officer = await fixture.SignInAsync(Aqsiq, "ciq.zhejiang");
        var events = await Expect(await officer.GetAsync($"/api/supervision/events?lot={lotId}&kind=nonconformity"), HttpStatusCode.OK);
        var eventId = Text(Assert.Single(events.GetProperty("items").EnumerateArray()), "id");

        var entry = await EventEntryAsync(pbc, DemoTea, h => Text(h, "reference") == eventId, "the central bank to apply the nonconformity");
        Assert.Equal((CreditEventKinds.AqsiqNonconformity, "CIQ-ZJ-HZ", Aqsiq), (Text(entry, "eventKind"), Text(entry, "sourceOffice"), Text(entry, "sourceNode")));
        Assert.Equal(Lower(Text(entry, "from")), Text(entry, "to"));
        Assert.Contains("GB", Text(entry, "legalBasis"), StringComparison.Ordinal);
        Assert.StartsWith(CreditEventKinds.AqsiqNonconformity, Text(entry, "effect"), StringComparison.Ordinal);
        Assert.Contains("pb", Text(entry, "reason"), StringComparison.Ordinal);

        // The AQSIQ node hears of the new class (and forgets the one it cached).
        await ClassChangeArrivedAsync(Aqsiq, DemoTea, Text(entry, "to"));
    }

    [Fact]
    public async Task A_customs_penalty_lowers_the_class_and_the_same_event_delivered_twice_applies_once()
    {
        var uscc = TestData.NewUscc();
        await fixture.SeedAsync(uscc, "A");
        var pbc = await fixture.SignInAsync(Pbc, "pbc.officer");
        var customs = await fixture.SignInAsync(Customs, "customs.ningbo");
        var reference = "NBHG-PEN-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var penalty = await Expect(await customs.PostAsJsonAsync("/api/clearance/penalties", new
        {
            uscc, reference, legalBasis = "Customs Law of the PRC, art. 86; Implementing Regulations on Customs Administrative Penalties, art. 15",
            detail = "Misdeclared quantity on customs declaration 310220260000000001",
        }), HttpStatusCode.Created);
        Assert.True(penalty.GetProperty("reportedToCentralBank").GetBoolean());
        Assert.Equal("CUSTOMS-NB", Text(penalty, "office"));
        await Expect(await customs.PostAsJsonAsync("/api/clearance/penalties", new { uscc, reference, legalBasis = "b", detail = "d" }), HttpStatusCode.Conflict);

        var entry = await EventEntryAsync(pbc, uscc, h => Text(h, "reference") == reference, "the central bank to apply the penalty");
        Assert.Equal((CreditEventKinds.CustomsPenalty, "A", "B", "CUSTOMS-NB", Customs), (Text(entry, "eventKind"), Text(entry, "from"), Text(entry, "to"), Text(entry, "sourceOffice"), Text(entry, "sourceNode")));
        Assert.StartsWith("Customs Law of the PRC, art. 86", Text(entry, "legalBasis"), StringComparison.Ordinal);
        Assert.Equal("B", Text((await RecordAsync(pbc, uscc)).GetProperty("record"), "creditClass"));
        await ClassChangeArrivedAsync(Aqsiq, uscc, "B");

        // The same event reported again (a second envelope with the same source, kind and reference) applies once.
        await using (var scope = fixture.Federation[Customs].Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
            Assert.True(scope.ServiceProvider.GetRequiredService<ReportCreditEvent>().Report(db, uscc, CreditEventKinds.CustomsPenalty, reference, "CUSTOMS-NB", "again", "again"));
            await db.SaveChangesAsync();
        }

        using var pbcSystem = fixture.Federation[Pbc].Client();
        await WaitUntilAsync(async () =>
        {
            var inbox = await (await pbcSystem.GetAsync($"/api/exchange/inbox?type={MinistriesWire.CreditEventReportedType}&pageSize=500")).Json();
            return inbox.GetProperty("items").EnumerateArray().Count(i => Text(i, "payload").Contains(reference, StringComparison.Ordinal)) == 2;
        }, "the second envelope of the same event to arrive");
        var record = await RecordAsync(pbc, uscc);
        Assert.Equal("B", Text(record.GetProperty("record"), "creditClass"));
        Assert.Single(record.GetProperty("history").EnumerateArray(), h => Text(h, "cause") == "event");
    }

    [Fact]
    public async Task After_a_class_change_the_aqsiq_nodes_next_risk_decision_uses_the_new_class()
    {
        var exporter = await fixture.SignInAsync(Aqsiq, "exporter.hangzhou");
        var pbc = await fixture.SignInAsync(Pbc, "pbc.officer");
        static JsonElement Credit(JsonElement declaration) =>
            declaration.GetProperty("risk").GetProperty("reasons").EnumerateArray().Single(r => Text(r, "input") == "credit-class");

        var record = (await RecordAsync(pbc, DemoTea)).GetProperty("record");
        var before = Credit(await SubmitAsync(exporter, (await CreateAsync(exporter, Export(100m, NewLot("TEA-C")))).GetProperty("id").GetGuid()));
        Assert.Equal(Text(record, "creditClass"), Text(before, "value"));
        Assert.Contains(Pbc, Text(before, "explanation"), StringComparison.Ordinal);

        var next = Text(record, "creditClass") == "D" ? "A" : "D";
        await Expect(await pbc.PostAsJsonAsync($"/api/ministries/credit/{DemoTea}/class",
            new { creditClass = next, reason = "Test: rating review", legalBasis = "Credit rating rules, art. 1", version = record.GetProperty("version").GetInt64() }), HttpStatusCode.OK);
        await ClassChangeArrivedAsync(Aqsiq, DemoTea, next);

        // The class was cached for ten minutes; the change evicted it, so this decision asks again.
        var after = Credit(await SubmitAsync(exporter, (await CreateAsync(exporter, Export(100m, NewLot("TEA-C")))).GetProperty("id").GetGuid()));
        Assert.Equal(next, Text(after, "value"));
        Assert.Equal(next == "D" ? 60 : 0, after.GetProperty("points").GetInt32());
    }

    [Fact]
    public async Task Decisions_that_need_the_same_class_at_once_ask_the_central_bank_once()
    {
        var exporter = await fixture.SignInAsync(Aqsiq, "exporter.hangzhou");
        var node = fixture.Federation[Aqsiq];
        async Task<int> QueriesAsync()
        {
            var (scope, db) = node.Database();
            await using (scope)
            {
                return await db.Set<GoldenQuality.Exchange.OutboxMessage>().CountAsync(o => o.Type == "dataset.credit-record");
            }
        }

        var drafts = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            drafts.Add((await CreateAsync(exporter, Export(100m, NewLot("TEA-S")))).GetProperty("id").GetGuid());
        }

        // Nothing cached: the eight decisions all need the class at the same moment. One question goes to the central
        // bank's node and the others wait for its answer (under load, each asking again would slow the answer further).
        node.Services.GetRequiredService<GoldenQuality.Declarations.CreditLookup>().Forget(DemoTea);
        var before = await QueriesAsync();
        var decided = await Task.WhenAll(drafts.Select(id => SubmitAsync(exporter, id)));
        Assert.Equal(before + 1, await QueriesAsync());
        var classes = decided.Select(d => Text(d.GetProperty("risk").GetProperty("reasons").EnumerateArray().Single(r => Text(r, "input") == "credit-class"), "value")).Distinct();
        Assert.NotEqual("unknown", Assert.Single(classes));
    }
}

[Collection("sqlite")]
public sealed class CreditRegisterOnSqlite(SqliteCreditFederation fixture) : CreditRegisterTests(fixture), IClassFixture<SqliteCreditFederation>;

[Collection("postgres")]
public sealed class CreditRegisterOnPostgres(PostgresCreditFederation fixture) : CreditRegisterTests(fixture), IClassFixture<PostgresCreditFederation>;
