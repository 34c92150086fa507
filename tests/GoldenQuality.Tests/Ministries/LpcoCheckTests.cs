using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Ministries.Contracts;
using GoldenQuality.Tests.Infrastructure;
using static GoldenQuality.Tests.Ministries.LpcoFederation;

namespace GoldenQuality.Tests.Ministries;

/// <summary>
/// The check at the source, the draw-down and the status messages, between real nodes: the AQSIQ node asks the MOA
/// and MEP nodes through signed dataset queries and sends draw-downs; the issuers tell the AQSIQ node of changes.
/// </summary>
public abstract class LpcoCheckTests(LpcoFederation fixture)
{
    private const string Moa = TestFederation.Moa;
    private const string Mep = TestFederation.Mep;
    private const string Permits = MinistriesWire.QuarantinePermitDataset;

    private static object Request(string number, Action<Dictionary<string, object?>, Dictionary<string, object?>>? change = null)
    {
        var line = new Dictionary<string, object?> { ["sequence"] = 1, ["hsCode"] = "0202300000", ["quantity"] = 400m, ["unit"] = "KGM", ["netWeightKg"] = 400m };
        var body = new Dictionary<string, object?>
        {
            ["kind"] = "quarantine-permit", ["number"] = number, ["holderUscc"] = NingboFood, ["portOfEntry"] = "CNNGB", ["originCountry"] = "AU", ["on"] = "2026-06-01",
            ["lines"] = new[] { line }, ["declarationNumber"] = null,
        };
        change?.Invoke(body, line);
        return body;
    }

    private static string[] Fields(JsonElement answer) => [.. answer.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("field").GetString()!)];

    private static string Reasons(JsonElement answer) => string.Join(" | ", answer.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("reason").GetString()));

    [Fact]
    public async Task A_permit_that_covers_the_import_answers_without_problems_and_the_asking_node_holds_a_copy()
    {
        var officer = await fixture.SignInAsync("moa.officer", Moa);
        var permit = await fixture.RegisterPermitAsync(officer);
        var number = permit.GetProperty("number").GetString()!;

        var answer = await fixture.CheckAsync(Permits, Moa, Request(number));
        Assert.True(answer.GetProperty("found").GetBoolean());
        Assert.Empty(Fields(answer));
        Assert.Equal("issued", answer.GetProperty("status").GetString());
        Assert.Equal(1000m, answer.GetProperty("remaining").GetDecimal());

        var view = await (await officer.GetAsync($"/api/ministries/lpcos/{permit.GetProperty("id").GetGuid()}")).Json();
        Assert.Contains(view.GetProperty("copyHolders").EnumerateArray(), h => h.GetProperty("node").GetString() == TestFederation.Aqsiq);
    }

    [Fact]
    public async Task The_demo_permit_and_licence_are_in_their_issuers_registers()
    {
        var permit = await fixture.CheckAsync(Permits, Moa, Request("MOA-QP-2026-000001", (_, line) => line["netWeightKg"] = 20000m));
        Assert.Empty(Fields(permit));
        var licence = await fixture.CheckAsync(MinistriesWire.WasteImportLicenceDataset, Mep, new
        {
            kind = "waste-import-licence", number = "MEP-WL-2026-000001", holderUscc = NingboFood, portOfEntry = "CNNGB", originCountry = "US", on = "2026-06-01",
            lines = new[] { new { sequence = 1, hsCode = "4707100000", quantity = 120m, unit = "TNE", netWeightKg = 120000m } },
        });
        Assert.True(licence.GetProperty("covers").GetBoolean(), Reasons(licence));
        Assert.Equal("TNE", licence.GetProperty("unit").GetString());
    }

    [Fact]
    public async Task Each_reason_a_permit_does_not_cover_an_import_is_a_problem_naming_the_field()
    {
        var officer = await fixture.SignInAsync("moa.officer", Moa);
        var number = (await fixture.RegisterPermitAsync(officer)).GetProperty("number").GetString()!;

        var missing = await fixture.CheckAsync(Permits, Moa, Request("TOTALLY-MADE-UP-0000"));
        Assert.False(missing.GetProperty("found").GetBoolean());
        Assert.Equal(["number"], Fields(missing));
        Assert.Contains("no quarantine permit 'TOTALLY-MADE-UP-0000' exists", Reasons(missing), StringComparison.Ordinal);

        (Action<Dictionary<string, object?>, Dictionary<string, object?>> Change, string Field, string Reason)[] cases =
        [
            ((b, _) => b["kind"] = "waste-import-licence", "number", "is a quarantine permit, not a waste-import-licence"),
            ((b, _) => b["on"] = "2028-01-05", "on", "outside the validity"),
            ((b, _) => b["holderUscc"] = QingdaoSeafood, "holderUscc", "not by the consignee " + QingdaoSeafood),
            ((_, l) => l["hsCode"] = "0306170000", "hsCode", "HS 0306170000 is not covered"),
            ((b, _) => b["portOfEntry"] = "CNSHA", "portOfEntry", "CNSHA is not a port of entry"),
            ((b, _) => b["originCountry"] = "NZ", "originCountry", "not from NZ"),
            ((_, l) => (l["netWeightKg"], l["quantity"]) = (1500m, 1500m), "quantity", "1500 KGM exceeds what remains"),
            ((_, l) => (l["netWeightKg"], l["unit"]) = (null, "H87"), "unit", "counted by mass"),
        ];
        foreach (var (change, field, reason) in cases)
        {
            var answer = await fixture.CheckAsync(Permits, Moa, Request(number, change));
            Assert.True(answer.GetProperty("found").GetBoolean());
            Assert.Equal([field], Fields(answer));
            Assert.Contains(reason, Reasons(answer), StringComparison.Ordinal);
        }

        var hsLine = (await fixture.CheckAsync(Permits, Moa, Request(number, (_, l) => l["hsCode"] = "0306170000"))).GetProperty("problems")[0];
        Assert.Equal(1, hsLine.GetProperty("sequence").GetInt32());
    }

    [Fact]
    public async Task A_count_permit_needs_lines_in_its_own_unit_and_a_tonne_licence_converts_net_weight()
    {
        var officer = await fixture.SignInAsync("moa.officer", Moa);
        var cattle = (await fixture.RegisterPermitAsync(officer, b => (b["hsCode"], b["unit"], b["quantity"]) = ("0102", "HEA", 50m))).GetProperty("number").GetString()!;
        var inKg = await fixture.CheckAsync(Permits, Moa, Request(cattle, (_, l) => l["hsCode"] = "0102290000"));
        Assert.Equal(["unit"], Fields(inKg));
        var inHead = await fixture.CheckAsync(Permits, Moa, Request(cattle, (_, l) => (l["hsCode"], l["quantity"], l["unit"], l["netWeightKg"]) = ("0102290000", 51m, "HEA", 30000m)));
        Assert.Equal(["quantity"], Fields(inHead));
        Assert.Contains("51 HEA exceeds what remains of " + cattle + ": 50 HEA", Reasons(inHead), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_suspended_or_expired_permit_is_not_issued_and_every_holder_of_a_copy_is_told_of_the_suspension()
    {
        var officer = await fixture.SignInAsync("moa.officer", Moa);
        var permit = await fixture.RegisterPermitAsync(officer);
        var (id, number) = (permit.GetProperty("id").GetGuid(), permit.GetProperty("number").GetString()!);
        Assert.Empty(Fields(await fixture.CheckAsync(Permits, Moa, Request(number))));

        var suspended = await officer.PostAsJsonAsync($"/api/ministries/lpcos/{id}/suspend", new { reason = "exporting establishment delisted (test)" });
        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        var answer = await fixture.CheckAsync(Permits, Moa, Request(number));
        Assert.Equal(["number"], Fields(answer));
        Assert.Contains("is suspended, not issued", Reasons(answer), StringComparison.Ordinal);

        await TestFederation.WaitUntilAsync(async () => (await fixture.StatusChangesAtAqsiqAsync(number)).Count == 1, "the suspension at the AQSIQ node");
        var message = (await fixture.StatusChangesAtAqsiqAsync(number))[0];
        Assert.Equal("suspended", message.GetProperty("status").GetString());
        Assert.Equal("exporting establishment delisted (test)", message.GetProperty("reason").GetString());
        Assert.Equal("quarantine-permit", message.GetProperty("kind").GetString());

        var old = (await fixture.RegisterPermitAsync(officer, b => (b["validFrom"], b["validTo"]) = ("2024-01-01", "2024-12-31"))).GetProperty("number").GetString()!;
        var expired = await fixture.CheckAsync(Permits, Moa, Request(old, (b, _) => b["on"] = "2024-06-01"));
        Assert.Equal(["number"], Fields(expired));
        Assert.Contains("is expired, not issued", Reasons(expired), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_expiry_sweep_marks_past_permits_expired_and_tells_the_holders_of_copies()
    {
        var officer = await fixture.SignInAsync("moa.officer", Moa);
        var permit = await fixture.RegisterPermitAsync(officer, b => (b["validFrom"], b["validTo"]) = ("2025-01-01", "2025-12-31"));
        var (id, number) = (permit.GetProperty("id").GetGuid(), permit.GetProperty("number").GetString()!);
        Assert.Equal("expired", permit.GetProperty("status").GetString());
        await fixture.CheckAsync(Permits, Moa, Request(number, (b, _) => b["on"] = "2025-06-01"));

        var swept = await (await officer.PostAsync("/api/ministries/lpcos/expiry-sweep", null)).Json();
        Assert.Contains(number, swept.GetProperty("expired").EnumerateArray().Select(e => e.GetString()));
        var view = await (await officer.GetAsync($"/api/ministries/lpcos/{id}")).Json();
        Assert.Contains(view.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "expired");
        await TestFederation.WaitUntilAsync(async () => (await fixture.StatusChangesAtAqsiqAsync(number)).Count == 1, "the expiry at the AQSIQ node");
        Assert.Equal("expired", (await fixture.StatusChangesAtAqsiqAsync(number))[0].GetProperty("status").GetString());
        var again = await (await officer.PostAsync("/api/ministries/lpcos/expiry-sweep", null)).Json();
        Assert.DoesNotContain(number, again.GetProperty("expired").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_release_draws_once_however_often_it_arrives_and_never_below_zero()
    {
        var officer = await fixture.SignInAsync("moa.officer", Moa);
        var permit = await fixture.RegisterPermitAsync(officer);
        var (id, number) = (permit.GetProperty("id").GetGuid(), permit.GetProperty("number").GetString()!);
        var declaration = "D-" + Guid.NewGuid().ToString("N")[..12];
        var drawn = new LpcoDrawn("quarantine-permit", number, declaration, NingboFood, [new LpcoDraw(1, 300m, "KGM")], DateTimeOffset.UtcNow);

        var first = await fixture.SendDrawAsync(Moa, drawn);
        var retry = await fixture.SendDrawAsync(Moa, drawn);
        await TestFederation.WaitUntilAsync(() => fixture.DeliveredAsync(first, retry), "both draw-down envelopes delivered");
        var view = await (await officer.GetAsync($"/api/ministries/lpcos/{id}")).Json();
        Assert.Equal(700m, view.GetProperty("remaining").GetDecimal());
        var draw = Assert.Single(view.GetProperty("draws").EnumerateArray());
        Assert.Equal(declaration, draw.GetProperty("declarationNumber").GetString());
        Assert.Equal(300m, draw.GetProperty("quantity").GetDecimal());

        var tonnes = await fixture.SendDrawAsync(Moa, drawn with { DeclarationNumber = declaration + "-2", Lines = [new LpcoDraw(1, 0.5m, "TNE")] });
        var tooMuch = await fixture.SendDrawAsync(Moa, drawn with { DeclarationNumber = declaration + "-3", Lines = [new LpcoDraw(1, 250m, "KGM")] });
        await TestFederation.WaitUntilAsync(() => fixture.DeliveredAsync(tonnes, tooMuch), "the next draw-downs delivered");
        view = await (await officer.GetAsync($"/api/ministries/lpcos/{id}")).Json();
        Assert.Equal(200m, view.GetProperty("remaining").GetDecimal());
        Assert.Equal(2, view.GetProperty("draws").GetArrayLength());
        var refused = Assert.Single(view.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "draw-refused");
        Assert.Contains("250 KGM exceeds what remains (200 KGM)", refused.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var exhausted = await fixture.CheckAsync(Permits, Moa, Request(number, (_, l) => (l["netWeightKg"], l["quantity"]) = (201m, 201m)));
        Assert.Equal(["quantity"], Fields(exhausted));
    }

    [Fact]
    public async Task A_draw_under_a_suspended_permit_is_recorded_as_refused_and_not_applied()
    {
        var officer = await fixture.SignInAsync("moa.officer", Moa);
        var permit = await fixture.RegisterPermitAsync(officer);
        var (id, number) = (permit.GetProperty("id").GetGuid(), permit.GetProperty("number").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/ministries/lpcos/{id}/suspend", new { reason = "test" })).StatusCode);
        var sent = await fixture.SendDrawAsync(Moa, new LpcoDrawn("quarantine-permit", number, "D-SUSP-" + Guid.NewGuid().ToString("N")[..8], NingboFood,
            [new LpcoDraw(1, 100m, "KGM")], DateTimeOffset.UtcNow));
        await TestFederation.WaitUntilAsync(() => fixture.DeliveredAsync(sent), "the draw-down delivered");
        var view = await (await officer.GetAsync($"/api/ministries/lpcos/{id}")).Json();
        Assert.Equal(1000m, view.GetProperty("remaining").GetDecimal());
        Assert.Equal(0, view.GetProperty("draws").GetArrayLength());
        var refused = Assert.Single(view.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "draw-refused");
        Assert.Contains("is suspended", refused.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}

[Collection("sqlite")]
public sealed class LpcoCheckOnSqlite(SqliteLpcoFederation fixture) : LpcoCheckTests(fixture), IClassFixture<SqliteLpcoFederation>;

[Collection("postgres")]
public sealed class LpcoCheckOnPostgres(PostgresLpcoFederation fixture) : LpcoCheckTests(fixture), IClassFixture<PostgresLpcoFederation>;
