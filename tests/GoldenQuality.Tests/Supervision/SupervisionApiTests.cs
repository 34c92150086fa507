using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GoldenQuality.Tests.Infrastructure;

namespace GoldenQuality.Tests.Supervision;

public abstract class SupervisionApiTests(NodeFixture node)
{
    private static string At(double minutesAgo) => DateTimeOffset.UtcNow.AddMinutes(-minutesAgo).ToString("O", CultureInfo.InvariantCulture);

    private static object M(string lot, string parameter, double value, string unit, string at, string sensor = "s1") =>
        new { lot, device = "dev-1", sensor, parameter, value, unit, at };

    private Task<HttpClient> ExporterAsync() => node.SignInAsync("exporter.hangzhou", "demo-exporter-2026");

    /// <summary>A line and an open rice lot of the demo exporter; returns the lot id.</summary>
    private static async Task<string> NewLotAsync(HttpClient exporter, string product = "cereal.rice", string market = "export")
    {
        var line = "L-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await exporter.PostAsJsonAsync("/api/supervision/lines", new { code = line, name = "Rice line" })).StatusCode);
        var response = await exporter.PostAsJsonAsync("/api/supervision/lots", new { line, number = "LOT-" + Guid.NewGuid().ToString("N")[..10], product, market });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var lot = await response.Json();
        // An export lot is supervised by the CIQ office of the enterprise's area, a domestic one by its BQS office (issue 15).
        Assert.Equal(market.StartsWith("domestic", StringComparison.Ordinal) ? "BQS-ZJ-HZ" : "CIQ-ZJ-HZ", lot.GetProperty("office").GetString());
        return lot.GetProperty("id").GetString()!;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, IEnumerable<object> measurements, string mode = "") =>
        client.PostAsJsonAsync("/api/supervision/measurements" + (mode.Length > 0 ? "?mode=" + mode : ""), new { measurements });

    private static async Task<JsonElement> LotAsync(HttpClient client, string lot) => await (await client.GetAsync($"/api/supervision/lots/{lot}")).Json();

    /// <summary>
    /// What is stored reads back field for field, on both databases: PostgreSQL gets the rows as binary COPY bytes
    /// encoded by the node itself (UTF-8 texts, big-endian doubles, microseconds since 2000, RFC 4122 uuids, a NULL).
    /// </summary>
    [Fact]
    public async Task Every_field_of_a_stored_measurement_reads_back_as_sent()
    {
        using var exporter = await ExporterAsync();
        var lot = await NewLotAsync(exporter);
        // To the 0.1 ms: the finest both stores keep (SQLite holds a time as EF's binary form, ticks / 1,000).
        var at = new DateTimeOffset(DateTime.UtcNow.Ticks / 1000 * 1000, TimeSpan.Zero).AddMinutes(-3).ToOffset(TimeSpan.FromHours(8)).AddTicks(-1_234_000);
        var result = await (await PostAsync(exporter,
        [
            new { lot, device = "炉-2", sensor = "铅传感器-α", parameter = "pb", value = 60.5, unit = "ug/kg", at = at.ToString("O", CultureInfo.InvariantCulture) },
            new { lot, device = "dev-1", sensor = "s1", parameter = "moisture", value = -0.000123456789, unit = "%", at = at.AddSeconds(1).ToString("O", CultureInfo.InvariantCulture) },
        ])).Json();
        Assert.Equal(2, result.GetProperty("accepted").GetInt32());

        var items = (await (await exporter.GetAsync($"/api/supervision/lots/{lot}/measurements")).Json()).GetProperty("items").EnumerateArray().ToList();
        var pb = items.Single(m => m.GetProperty("parameter").GetString() == "pb");
        Assert.Equal(at, pb.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("炉-2", pb.GetProperty("device").GetString());
        Assert.Equal("铅传感器-α", pb.GetProperty("sensor").GetString());
        Assert.Equal(60.5, pb.GetProperty("value").GetDouble());
        Assert.Equal("ug/kg", pb.GetProperty("unit").GetString());
        Assert.Equal(0.0605, pb.GetProperty("canonicalValue").GetDouble(), 12);
        Assert.Equal("conforming", pb.GetProperty("verdict").GetString());
        Assert.NotEqual(Guid.Empty, pb.GetProperty("requirementId").GetGuid());

        var moisture = items.Single(m => m.GetProperty("parameter").GetString() == "moisture");
        Assert.Equal(at.AddSeconds(1), moisture.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(-0.000123456789, moisture.GetProperty("value").GetDouble());
        Assert.Equal(JsonValueKind.Null, moisture.GetProperty("requirementId").ValueKind);
    }

    [Fact]
    public async Task A_conforming_lot_streams_json_and_csv_completes_and_gets_a_supervision_record()
    {
        using var exporter = await ExporterAsync();
        var lot = await NewLotAsync(exporter);
        var json = await PostAsync(exporter, [M(lot, "pb", 0.05, "mg/kg", At(10)), M(lot, "pb", 60, "ug/kg", At(9)), M(lot, "cd", 0.1, "ppm", At(9)), M(lot, "moisture", 13.5, "%", At(8))]);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        var result = await json.Json();
        Assert.Equal(4, result.GetProperty("accepted").GetInt32());
        Assert.Equal(3, result.GetProperty("conforming").GetInt32());
        Assert.Equal(1, result.GetProperty("withoutLimit").GetInt32());

        var csv = new StringContent($"lot,device,sensor,parameter,value,unit,at\n{lot},dev-2,t1,core-temperature,4.5,Cel,{At(7)}\n{lot},dev-1,s1,pb,0.1,mg/kg,{At(6)}\n", Encoding.UTF8, "text/csv");
        var csvResult = await (await exporter.PostAsync("/api/supervision/measurements", csv)).Json();
        Assert.Equal(2, csvResult.GetProperty("accepted").GetInt32());

        var measurements = await (await exporter.GetAsync($"/api/supervision/lots/{lot}/measurements")).Json();
        Assert.Equal(6, measurements.GetProperty("total").GetInt32());
        var first = measurements.GetProperty("items")[0];
        Assert.Equal("conforming", first.GetProperty("verdict").GetString());
        Assert.Equal(0.06, measurements.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("unit").GetString() == "ug/kg").GetProperty("canonicalValue").GetDouble(), 9);

        var completed = await exporter.PostAsync($"/api/supervision/lots/{lot}/complete", null);
        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
        var record = await completed.Json();
        Assert.StartsWith("SR-CIQ-ZJ-HZ-", record.GetProperty("number").GetString(), StringComparison.Ordinal);
        Assert.Equal(["cd", "pb"], record.GetProperty("parameters").EnumerateArray().Select(p => p.GetString()!).ToArray());
        Assert.Equal(["GB 2762-2022"], record.GetProperty("standards").EnumerateArray().Select(p => p.GetString()!).ToArray());

        using var officer = await node.CiqOfficerAsync();
        var byNumber = await officer.GetAsync($"/api/supervision/records/{record.GetProperty("number").GetString()}");
        Assert.Equal(HttpStatusCode.OK, byNumber.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/supervision/lots/{lot}/record")).StatusCode);

        // A completed lot takes no more data.
        var late = await (await PostAsync(exporter, [M(lot, "pb", 0.05, "mg/kg", At(1))])).Json();
        Assert.Contains("completed", late.GetProperty("errors")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nonconformity_holds_the_lot_and_records_an_event_for_the_supervising_office()
    {
        using var exporter = await ExporterAsync();
        var lot = await NewLotAsync(exporter);
        var result = await (await PostAsync(exporter, [M(lot, "pb", 0.05, "mg/kg", At(5)), M(lot, "pb", 350, "ug/kg", At(4)), M(lot, "pb", 0.4, "mg/kg", At(3))])).Json();
        Assert.Equal(2, result.GetProperty("nonconforming").GetInt32());
        Assert.Equal(lot, result.GetProperty("lotsHeld")[0].GetString());

        var view = await LotAsync(exporter, lot);
        Assert.Equal("held", view.GetProperty("status").GetString());
        Assert.Contains("GB 2762-2022", view.GetProperty("holdReason").GetString(), StringComparison.Ordinal);

        using var officer = await node.CiqOfficerAsync();
        var events = await (await officer.GetAsync($"/api/supervision/events?lot={lot}&kind=nonconformity")).Json();
        var e = Assert.Single(events.GetProperty("items").EnumerateArray());
        Assert.Equal("CIQ-ZJ-HZ", e.GetProperty("office").GetString());
        Assert.Equal("pb", e.GetProperty("parameter").GetString());
        Assert.Equal(350, e.GetProperty("value").GetDouble());
        Assert.Contains("2 nonconforming", e.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, e.GetProperty("dispatchedAt").ValueKind);

        // The detail and the hold reason are coded: English by default, Chinese when the reader asks for it.
        var english = e.GetProperty("detail").GetString()!;
        Assert.StartsWith("pb = 350 ug/kg at ", english, StringComparison.Ordinal);
        Assert.Matches(@"breaks GB 2762-2022 .+: max [0-9.]+ mg/kg for category .+; 2 nonconforming value\(s\) in this batch; lot held$", english);
        Assert.Equal(english, view.GetProperty("holdReason").GetString());
        using var zhEvents = new HttpRequestMessage(HttpMethod.Get, $"/api/supervision/events?lot={lot}&kind=nonconformity");
        zhEvents.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var chinese = Assert.Single((await (await officer.SendAsync(zhEvents)).Json()).GetProperty("items").EnumerateArray()).GetProperty("detail").GetString()!;
        Assert.StartsWith("pb = 350 ug/kg（", chinese, StringComparison.Ordinal);
        Assert.Matches(@"不符合 GB 2762-2022 .+：类别 .+ 的限量为上限 [0-9.]+ mg/kg；本批共 2 个不合格值；批次已扣留$", chinese);
        Assert.Matches(@"（北京时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}，", chinese);
        using var zhLot = new HttpRequestMessage(HttpMethod.Get, $"/api/supervision/lots/{lot}");
        zhLot.Headers.AcceptLanguage.ParseAdd("zh-CN");
        Assert.Equal(chinese, (await (await exporter.SendAsync(zhLot)).Json()).GetProperty("holdReason").GetString());

        var held = await (await officer.GetAsync("/api/supervision/lots?status=held&office=CIQ-ZJ-HZ&pageSize=500")).Json();
        Assert.Contains(held.GetProperty("items").EnumerateArray(), l => l.GetProperty("id").GetString() == lot);

        var complete = await exporter.PostAsync($"/api/supervision/lots/{lot}/complete", null);
        Assert.Equal(HttpStatusCode.Conflict, complete.StatusCode);
        Assert.Equal("status", (await complete.Json()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await exporter.GetAsync($"/api/supervision/lots/{lot}/record")).StatusCode);
    }

    [Fact]
    public async Task A_drifting_process_raises_an_spc_early_warning_before_any_limit_is_broken()
    {
        using var exporter = await ExporterAsync();
        var lot = await NewLotAsync(exporter);
        var random = new Random(11);
        var points = new List<object>();
        for (var i = 0; i < 40; i++)
        {
            // 20 calibration points around 0.05 mg/kg, then a steady upward shift that stays under the 0.2 limit.
            var value = i < 20 ? 0.05 + ((random.NextDouble() - 0.5) * 0.004) : 0.056 + (i * 0.0002);
            points.Add(M(lot, "pb", Math.Round(value, 5), "mg/kg", At(60 - i)));
        }

        var result = await (await PostAsync(exporter, points)).Json();
        Assert.Equal(0, result.GetProperty("nonconforming").GetInt32());
        var rules = result.GetProperty("spcSignals").EnumerateArray().SelectMany(s => s.GetProperty("rules").EnumerateArray().Select(r => r.GetString()!)).ToHashSet();
        Assert.Contains("beyond-three-sigma", rules);
        Assert.Contains("eight-on-one-side", rules);
        Assert.Equal("open", (await LotAsync(exporter, lot)).GetProperty("status").GetString());

        using var officer = await node.CiqOfficerAsync();
        var events = await (await officer.GetAsync($"/api/supervision/events?lot={lot}&kind=spc-signal")).Json();
        Assert.True(events.GetProperty("total").GetInt32() >= 1);
    }

    [Fact]
    public async Task Bad_records_refuse_an_atomic_batch_with_per_record_errors_and_partial_mode_keeps_the_good_ones()
    {
        using var exporter = await ExporterAsync();
        var lot = await NewLotAsync(exporter);

        // A lot of another enterprise.
        using var system = node.System();
        var otherUscc = TestData.NewUscc();
        await TestData.CreateEnterpriseAsync(system, otherUscc);
        using var other = await node.NewEnterpriseUserAsync(otherUscc);
        var otherLot = await NewLotAsync(other);

        var batch = new List<object>
        {
            M(lot, "pb", 0.05, "mg/kg", At(30)),
            M(lot, "unobtainium", 1, "mg/kg", At(29)),
            M(lot, "pb", 1, "furlong", At(29)),
            new { lot, device = "dev-1", sensor = "s1", parameter = "pb", value = "NaN", unit = "mg/kg", at = At(28) },
            new { lot, device = "dev-1", sensor = "s1", parameter = "pb", value = "Infinity", unit = "mg/kg", at = At(28) },
            M(lot, "pb", 0.05, "mg/kg", DateTimeOffset.UtcNow.AddHours(1).ToString("O", CultureInfo.InvariantCulture)),
            M(lot, "pb", 0.06, "mg/kg", At(27)),
            M(lot, "pb", 0.06, "mg/kg", At(40)),
            M(otherLot, "pb", 0.05, "mg/kg", At(20)),
            M("not-a-lot", "pb", 0.05, "mg/kg", At(20)),
        };
        var atomic = await PostAsync(exporter, batch);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, atomic.StatusCode);
        var problem = await atomic.Json();
        var errors = problem.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("index").GetInt32(), e => (Field: e.GetProperty("field").GetString()!, Reason: e.GetProperty("reason").GetString()!));
        Assert.Equal(8, errors.Count);
        Assert.Equal("parameter", errors[1].Field);
        Assert.Equal("unit", errors[2].Field);
        Assert.Equal("value", errors[3].Field);
        Assert.Contains("finite", errors[4].Reason, StringComparison.Ordinal);
        Assert.Contains("future", errors[5].Reason, StringComparison.Ordinal);
        Assert.Contains("out of order", errors[7].Reason, StringComparison.Ordinal);
        Assert.Contains("another enterprise", errors[8].Reason, StringComparison.Ordinal);
        Assert.Equal("lot", errors[9].Field);
        Assert.Equal(0, (await LotAsync(exporter, lot)).GetProperty("measurements").GetInt64());

        var partial = await PostAsync(exporter, batch, "partial");
        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
        var kept = await partial.Json();
        Assert.Equal(2, kept.GetProperty("accepted").GetInt32());
        Assert.Equal(8, kept.GetProperty("rejected").GetInt32());
        Assert.Equal(2, (await LotAsync(exporter, lot)).GetProperty("measurements").GetInt64());
        Assert.Equal(0, (await LotAsync(other, otherLot)).GetProperty("measurements").GetInt64());

        // Out of order across requests too: the stream is already at 27 minutes ago.
        var older = await (await PostAsync(exporter, [M(lot, "pb", 0.05, "mg/kg", At(35))])).Json();
        Assert.Contains("out of order", older.GetProperty("errors")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_record_in_the_middle_of_a_large_batch_mixing_units_leaves_nothing_written_and_the_good_batch_is_stored_whole()
    {
        using var exporter = await ExporterAsync();
        var lot = await NewLotAsync(exporter);
        // More rows than fill the bulk writer's statements evenly, two units of lead alternating, eight sensors.
        const int count = 5_001;
        // Whole seconds: PostgreSQL keeps microseconds.
        var start = new DateTimeOffset(DateTime.UtcNow.AddHours(-2).Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var batch = Enumerable.Range(0, count).Select(i => i % 2 == 0
            ? M(lot, "pb", 0.05, "mg/kg", start.AddSeconds(i).ToString("O", CultureInfo.InvariantCulture), $"s{i % 8}")
            : M(lot, "pb", 40, "ug/kg", start.AddSeconds(i).ToString("O", CultureInfo.InvariantCulture), $"s{i % 8}")).ToList();
        var bad = batch.ToList();
        bad[2_500] = new { lot, device = "dev-1", sensor = "s4", parameter = "pb", value = 0.05, unit = "mg/kg", at = "half past two" };

        var refused = await PostAsync(exporter, bad);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var error = Assert.Single((await refused.Json()).GetProperty("errors").EnumerateArray());
        Assert.Equal(2_500, error.GetProperty("index").GetInt32());
        Assert.Equal("at", error.GetProperty("field").GetString());
        Assert.Equal("'half past two' is not an ISO 8601 timestamp", error.GetProperty("reason").GetString());
        Assert.Equal(0, (await LotAsync(exporter, lot)).GetProperty("measurements").GetInt64());
        Assert.Equal(0, (await (await exporter.GetAsync($"/api/supervision/lots/{lot}/measurements")).Json()).GetProperty("total").GetInt32());

        var stored = await PostAsync(exporter, batch);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        var result = await stored.Json();
        Assert.Equal(count, result.GetProperty("accepted").GetInt32());
        Assert.Equal(count, result.GetProperty("conforming").GetInt32());
        Assert.Equal(count, (await LotAsync(exporter, lot)).GetProperty("measurements").GetInt64());
        var page = await (await exporter.GetAsync($"/api/supervision/lots/{lot}/measurements?pageSize=2")).Json();
        Assert.Equal(count, page.GetProperty("total").GetInt32());
        var (first, second) = (page.GetProperty("items")[0], page.GetProperty("items")[1]);
        Assert.Equal(("s0", "mg/kg", 0.05, 0.05), (first.GetProperty("sensor").GetString(), first.GetProperty("unit").GetString(), first.GetProperty("value").GetDouble(), first.GetProperty("canonicalValue").GetDouble()));
        Assert.Equal(("s1", "ug/kg", 40.0), (second.GetProperty("sensor").GetString(), second.GetProperty("unit").GetString(), second.GetProperty("value").GetDouble()));
        Assert.Equal(0.04, second.GetProperty("canonicalValue").GetDouble(), 12);
        Assert.Equal(start.AddSeconds(1), second.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("conforming", second.GetProperty("verdict").GetString());
        Assert.NotNull(second.GetProperty("requirementId").GetString());
    }

    [Fact]
    public async Task Malformed_csv_oversized_batches_and_wrong_media_types_are_refused()
    {
        using var exporter = await ExporterAsync();
        var lot = await NewLotAsync(exporter);
        var csv = $"lot,device,sensor,parameter,value,unit,at\n{lot},d,s,pb,0.01,mg/kg,{At(9)}\n{lot},d,s,pb\n{lot},d,s,pb,abc,mg/kg,{At(8)}\n";
        var response = await exporter.PostAsync("/api/supervision/measurements", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Json()).GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(3, errors[0].GetProperty("line").GetInt32());
        Assert.Contains("malformed CSV", errors[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("value", errors[1].GetProperty("field").GetString());

        var header = await exporter.PostAsync("/api/supervision/measurements", new StringContent("a,b\n1,2\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, header.StatusCode);
        var broken = await exporter.PostAsync("/api/supervision/measurements", new StringContent("{\"measurements\": [", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await exporter.PostAsync("/api/supervision/measurements", new StringContent("x", Encoding.UTF8, "text/plain"))).StatusCode);

        var big = Enumerable.Range(0, 100_001).Select(_ => new { lot }).ToArray();
        var oversized = await exporter.PostAsJsonAsync("/api/supervision/measurements", new { measurements = big });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
    }

    [Fact]
    public async Task The_ndjson_stream_checks_micro_batches_while_standards_are_reloaded()
    {
        using var exporter = await ExporterAsync();
        var lot = await NewLotAsync(exporter);
        using var admin = await node.AdminAsync();
        var before = (await (await admin.GetAsync("/api/standards/index")).Json()).GetProperty("generation").GetInt64();

        var lines = new StringBuilder();
        var start = DateTimeOffset.UtcNow.AddMinutes(-50);
        for (var i = 0; i < 3000; i++)
        {
            var value = i == 2500 ? 0.9 : 0.05 + (i % 7 * 0.001);
            lines.Append(JsonSerializer.Serialize(new { lot, device = "dev-9", sensor = "n", parameter = "pb", value, unit = "mg/kg", at = start.AddMilliseconds(i * 100).ToString("O", CultureInfo.InvariantCulture) })).Append('\n');
            if (i == 1000)
            {
                lines.Append("{not json}\n");
            }
        }

        var reloads = Task.Run(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/standards/reload", null)).StatusCode);
            }
        });
        var response = await exporter.PostAsync("/api/supervision/measurements/stream", new StringContent(lines.ToString(), Encoding.UTF8, "application/x-ndjson"));
        await reloads;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        var summary = results[^1];
        Assert.True(summary.GetProperty("done").GetBoolean());
        Assert.Equal(3000, summary.GetProperty("accepted").GetInt64());
        Assert.Equal(1, summary.GetProperty("rejected").GetInt64());
        Assert.Equal(1, summary.GetProperty("nonconforming").GetInt64());
        var rejected = results.SelectMany(r => r.TryGetProperty("result", out var x) ? x.GetProperty("errors").EnumerateArray() : Enumerable.Empty<JsonElement>()).Single();
        Assert.Equal(1002, rejected.GetProperty("line").GetInt32());
        Assert.Equal("held", (await LotAsync(exporter, lot)).GetProperty("status").GetString());
        Assert.True((await (await admin.GetAsync("/api/standards/index")).Json()).GetProperty("generation").GetInt64() >= before + 3);
    }

    /// <summary>A bare HTTP/1.1 chunked request, so that the test can read the node's answers while it is still sending.</summary>
    private sealed class RawStream(Stream stream) : IDisposable
    {
        private readonly List<byte> pending = [];

        public async Task SendChunkAsync(string text)
        {
            var data = Encoding.UTF8.GetBytes(text);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(data.Length.ToString("X", CultureInfo.InvariantCulture) + "\r\n"));
            await stream.WriteAsync(data);
            await stream.WriteAsync("\r\n"u8.ToArray());
            await stream.FlushAsync();
        }

        public async Task<string> ReadLineAsync()
        {
            var buffer = new byte[1];
            while (true)
            {
                var newline = pending.IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    var line = Encoding.UTF8.GetString([.. pending.Take(newline)]).TrimEnd('\r');
                    pending.RemoveRange(0, newline + 1);
                    return line;
                }

                if (await stream.ReadAsync(buffer) == 0)
                {
                    throw new EndOfStreamException();
                }

                pending.Add(buffer[0]);
            }
        }

        /// <summary>The next NDJSON line of a chunked response body (one chunk per line, as the node flushes them).</summary>
        public async Task<JsonElement> ReadJsonAsync()
        {
            string size;
            do
            {
                size = await ReadLineAsync();
            }
            while (size.Length == 0);
            var line = await ReadLineAsync();
            return JsonDocument.Parse(line).RootElement.Clone();
        }

        public void Dispose() => stream.Dispose();
    }

    [Fact]
    public async Task The_stream_answers_each_micro_batch_while_the_request_is_still_open()
    {
        using var exporter = await ExporterAsync();
        var lot = await NewLotAsync(exporter);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(node.BaseAddress.Host, node.BaseAddress.Port);
        using var raw = new RawStream(tcp.GetStream());
        await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/supervision/measurements/stream HTTP/1.1\r\nHost: {node.BaseAddress.Authority}\r\nX-Api-Key: {node.SystemApiKey}\r\n" +
            "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"));
        string Line(double value, double minutesAgo) => JsonSerializer.Serialize(new { lot, device = "d", sensor = "live", parameter = "pb", value, unit = "mg/kg", at = At(minutesAgo) }) + "\n";

        await raw.SendChunkAsync(Line(0.05, 5));
        Assert.StartsWith("HTTP/1.1 200", await raw.ReadLineAsync(), StringComparison.Ordinal);
        while ((await raw.ReadLineAsync()).Length > 0)
        {
        }

        var first = await raw.ReadJsonAsync();
        Assert.Equal(1, first.GetProperty("result").GetProperty("conforming").GetInt32());
        Assert.Equal("open", (await LotAsync(exporter, lot)).GetProperty("status").GetString());

        // Still the same request: the next line is checked and answered on its own.
        await raw.SendChunkAsync(Line(0.9, 4));
        var second = await raw.ReadJsonAsync();
        Assert.Equal(1, second.GetProperty("result").GetProperty("nonconforming").GetInt32());
        Assert.Equal("held", (await LotAsync(exporter, lot)).GetProperty("status").GetString());

        await tcp.GetStream().WriteAsync("0\r\n\r\n"u8.ToArray());
        Assert.True((await raw.ReadJsonAsync()).GetProperty("done").GetBoolean());
    }

    [Fact]
    public async Task A_surveillance_video_is_served_only_while_its_sha256_matches()
    {
        using var exporter = await ExporterAsync();
        var lot = await NewLotAsync(exporter);
        var folder = Path.Combine(AppContext.BaseDirectory, "video");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".mp4");
        var content = RandomNumberGenerator.GetBytes(4096);
        await File.WriteAllBytesAsync(file, content);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var from = DateTimeOffset.UtcNow.AddHours(-1);
        var created = await exporter.PostAsJsonAsync($"/api/supervision/lots/{lot}/videos", new { camera = "cam-1", from, to = from.AddMinutes(30), uri = new Uri(file).AbsoluteUri, sha256 = sha });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Json()).GetProperty("id").GetString();

        using var officer = await node.CiqOfficerAsync();
        var served = await officer.GetAsync($"/api/supervision/lots/{lot}/videos/{id}/content");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(content, await served.Content.ReadAsByteArrayAsync());

        content[100] ^= 0xFF;
        await File.WriteAllBytesAsync(file, content);
        var tampered = await officer.GetAsync($"/api/supervision/lots/{lot}/videos/{id}/content");
        Assert.Equal(HttpStatusCode.Conflict, tampered.StatusCode);
        Assert.Equal("sha256", (await tampered.Json()).GetProperty("field").GetString());
        var check = await (await officer.GetAsync($"/api/supervision/lots/{lot}/videos/{id}/check")).Json();
        Assert.False(check.GetProperty("passed").GetBoolean());
        var events = await (await officer.GetAsync($"/api/supervision/events?lot={lot}&kind=video-integrity-failure")).Json();
        Assert.Equal(2, events.GetProperty("total").GetInt32());

        var outside = await exporter.PostAsJsonAsync($"/api/supervision/lots/{lot}/videos", new { camera = "cam-1", from, to = from.AddMinutes(1), uri = "file:///etc/passwd", sha256 = sha });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.NotEmpty(TestData.FieldErrors(await outside.Json(), "uri"));
        File.Delete(file);
    }

    [Fact]
    public async Task A_refused_line_or_lot_is_explained_in_the_readers_language()
    {
        using var exporter = await ExporterAsync();
        var line = "L-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await exporter.PostAsJsonAsync("/api/supervision/lines", new { code = line, name = "Rice line" })).StatusCode);

        // A field message: an unknown product category and an unknown line, in English by default and in Chinese on request.
        object badLot = new { line = "NO-SUCH-LINE", number = "LOT-" + Guid.NewGuid().ToString("N")[..10], product = "no.such.category", market = "export" };
        var english = await exporter.PostAsJsonAsync("/api/supervision/lots", badLot);
        Assert.Equal(HttpStatusCode.BadRequest, english.StatusCode);
        var errors = (await english.Json()).GetProperty("errors");
        Assert.Equal("unknown product category 'no.such.category' (see /api/standards/categories)", errors.GetProperty("product")[0].GetString());
        Assert.Equal("the enterprise has no production line 'NO-SUCH-LINE'", errors.GetProperty("line")[0].GetString());
        using var zhLot = new HttpRequestMessage(HttpMethod.Post, "/api/supervision/lots") { Content = JsonContent.Create(badLot) };
        zhLot.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var zhErrors = (await (await exporter.SendAsync(zhLot)).Json()).GetProperty("errors");
        Assert.Equal("未知的产品类别“no.such.category”（见 /api/standards/categories）", zhErrors.GetProperty("product")[0].GetString());
        Assert.Equal("该企业没有生产线“NO-SUCH-LINE”", zhErrors.GetProperty("line")[0].GetString());

        // A problem: the same line code twice is a conflict whose detail is the reason alone, the field in its extension.
        var twice = await exporter.PostAsJsonAsync("/api/supervision/lines", new { code = line, name = "Rice line" });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        var problem = await twice.Json();
        Assert.Equal($"the enterprise already has a line '{line}'", problem.GetProperty("detail").GetString());
        Assert.Equal("code", problem.GetProperty("field").GetString());
        Assert.Equal("supervision.line.duplicate", problem.GetProperty("message").GetProperty("code").GetString());
        using var zhLine = new HttpRequestMessage(HttpMethod.Post, "/api/supervision/lines") { Content = JsonContent.Create(new { code = line, name = "Rice line" }) };
        zhLine.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var zhProblem = await exporter.SendAsync(zhLine);
        Assert.Equal(HttpStatusCode.Conflict, zhProblem.StatusCode);
        Assert.Equal($"该企业已有生产线“{line}”", (await zhProblem.Json()).GetProperty("detail").GetString());

        // A lot that does not exist: the noun in the reader's language.
        var missing = Guid.NewGuid();
        using var zhMissing = new HttpRequestMessage(HttpMethod.Get, $"/api/supervision/lots/{missing}");
        zhMissing.Headers.AcceptLanguage.ParseAdd("zh-CN");
        Assert.Equal($"不存在批次“{missing}”。", (await (await exporter.SendAsync(zhMissing)).Json()).GetProperty("detail").GetString());
        Assert.Equal($"No lot '{missing}' exists.", (await (await exporter.GetAsync($"/api/supervision/lots/{missing}")).Json()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Lots_are_checked_against_their_market_and_other_enterprises_cannot_see_them()
    {
        using var exporter = await ExporterAsync();
        var bad = await exporter.PostAsJsonAsync("/api/supervision/lots", new { line = "none", number = "X", product = "unknown.product", market = "mars" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Json();
        Assert.NotEmpty(TestData.FieldErrors(problem, "product"));
        Assert.NotEmpty(TestData.FieldErrors(problem, "market"));
        Assert.NotEmpty(TestData.FieldErrors(problem, "line"));

        var lot = await NewLotAsync(exporter, "tea", "domestic:330000");
        using var agent = await node.SignInAsync("agent.ningbo", "demo-agent-2026");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync($"/api/supervision/lots/{lot}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync($"/api/supervision/lots/{lot}/complete", null)).StatusCode);
        Assert.DoesNotContain((await (await agent.GetAsync("/api/supervision/lots?pageSize=500")).Json()).GetProperty("items").EnumerateArray(), l => l.GetProperty("id").GetString() == lot);
    }
}

[Collection("sqlite")]
public sealed class SupervisionApiTestsOnSqlite(SqliteNode node) : SupervisionApiTests(node);

[Collection("postgres")]
public sealed class SupervisionApiTestsOnPostgres(PostgresNode node) : SupervisionApiTests(node);
