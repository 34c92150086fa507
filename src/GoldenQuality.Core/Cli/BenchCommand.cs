using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Demo;
using Spectre.Console;

namespace GoldenQuality.Cli;

/// <summary>
/// <c>gq bench flow</c>: complete export flows across the demo nodes on SQLite (declaration → risk → automatic
/// pass → permit → e-copy → port release → clearance permit → Customs clearance), then a burst of port checks.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var flows = new Option<int>("--flows") { Description = "Complete export flows to run.", DefaultValueFactory = _ => 2000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Flows in flight at once.", DefaultValueFactory = _ => 16 };
        var checks = new Option<int>("--checks-seconds") { Description = "How long to run port checks against one permit (0: skip).", DefaultValueFactory = _ => 10 };
        var data = new Option<string>("--data") { Description = "Folder for the benchmark's nodes (deleted first).", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "gq-bench-flow") };
        var flow = new Command("flow", "Runs complete export flows across the AQSIQ and Customs demo nodes on SQLite and reports flows/s, machine time per flow (p50/p90/p99) and port checks/s.")
        {
            flows, concurrency, checks, data,
        };
        flow.SetAction(async (parse, ct) => await RunAsync(parse.GetValue(data)!, parse.GetValue(flows), parse.GetValue(concurrency), parse.GetValue(checks), ct));
        return new Command("bench", "Benchmarks of a whole node (the micro-benchmarks live in bench/).") { flow };
    }

    private static async Task<int> RunAsync(string folder, int flows, int concurrency, int checkSeconds, CancellationToken ct)
    {
        if (flows < 1 || concurrency < 1 || checkSeconds < 0)
        {
            await Console.Error.WriteLineAsync("--flows and --concurrency must be 1 or more, --checks-seconds 0 or more.");
            return 2;
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        await using var federation = await DemoFederation.StartAsync(folder, 0, ct);
        var national = new Uri(federation[DemoFederation.National].Url);
        var customs = new Uri(federation[DemoFederation.Customs].Url);
        using var driver = await FlowDriver.SignInAsync(national, customs, "exporter.hangzhou", "ciq.hangzhou", ct);

        // Warm-up: JIT, caches (credit class, code lists, standards index), connection pools.
        for (var i = 0; i < 20; i++)
        {
            await OneFlowAsync(driver, "W" + i.ToString(CultureInfo.InvariantCulture), ct);
        }

        var machine = new double[flows];
        var endToEnd = new double[flows];
        var inspected = 0;
        var next = -1;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < flows)
            {
                var r = await OneFlowAsync(driver, i.ToString(CultureInfo.InvariantCulture), ct);
                machine[i] = r.Machine;
                endToEnd[i] = r.EndToEnd;
                if (r.Inspected)
                {
                    Interlocked.Increment(ref inspected);
                }
            }
        }));
        wall.Stop();
        var rate = flows / wall.Elapsed.TotalSeconds;
        var breakdown = string.Join(", ", Steps.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Key} {x.Value / (flows + 20):0.0}")));
        Array.Sort(machine);
        Array.Sort(endToEnd);

        // Every flow's decision must come back to AQSIQ (asynchronously, over the exchange).
        var closed = await FlowDriver.WaitAsync(async () =>
        {
            var page = await FlowDriver.Expect(await driver.Enterprise.GetAsync("/api/declarations?status=cleared&pageSize=1", ct), HttpStatusCode.OK, "count cleared", ct);
            return page.GetProperty("total").GetInt32() >= flows + 20 ? page : null;
        }, "every decision back at AQSIQ", ct, seconds: 120);

        var table = new Table().Title("gq bench flow (SQLite, all nodes and the load on this machine)").AddColumn("Measure").AddColumn(new TableColumn("Value").RightAligned());
        table.AddRow("flows", flows.ToString(CultureInfo.InvariantCulture));
        table.AddRow("concurrency", concurrency.ToString(CultureInfo.InvariantCulture));
        table.AddRow("flows sent to physical inspection at random", inspected.ToString(CultureInfo.InvariantCulture));
        table.AddRow("throughput (flows/s)", rate.ToString("0.0", CultureInfo.InvariantCulture));
        table.AddRow("machine time per flow p50 / p90 / p99 (ms)", Percentiles(machine));
        table.AddRow("mean machine time per step (ms)", Markup.Escape(breakdown));
        table.AddRow("end to end per flow p50 / p90 / p99 (ms, includes waiting for delivery)", Percentiles(endToEnd));
        table.AddRow("declarations cleared at AQSIQ", closed.GetProperty("total").GetInt32().ToString(CultureInfo.InvariantCulture));
        if (checkSeconds > 0)
        {
            var (count, seconds) = await ChecksAsync(driver, concurrency, TimeSpan.FromSeconds(checkSeconds), ct);
            var (baseCount, baseSeconds) = await BurstAsync(concurrency * 2, TimeSpan.FromSeconds(checkSeconds), () => driver.Port.GetAsync("/health/live", ct));
            var checksPerSecond = count / seconds;
            var baseline = baseCount / baseSeconds;
            table.AddRow("port checks (matches, read only) per second", checksPerSecond.ToString("0", CultureInfo.InvariantCulture));
            table.AddRow("baseline: GET /health/live per second, same client and node", baseline.ToString("0", CultureInfo.InvariantCulture));
            table.AddRow("port checks / baseline", (checksPerSecond / baseline).ToString("0.00", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        return 0;
    }

    private sealed record FlowResult(double Machine, double EndToEnd, bool Inspected);

    /// <summary>Machine time per step, summed over all flows (ms), for the breakdown.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, double> Steps = new(StringComparer.Ordinal);

    /// <summary>One export: machine time is the sum of the request times; waiting for the exchange to deliver a copy is not.</summary>
    private static async Task<FlowResult> OneFlowAsync(FlowDriver driver, string tag, CancellationToken ct)
    {
        var machine = 0.0;
        var start = Stopwatch.GetTimestamp();
        async Task<JsonElement> Timed(Func<Task<HttpResponseMessage>> call, HttpStatusCode status, string step)
        {
            var t = Stopwatch.GetTimestamp();
            var response = await call();
            var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            machine += ms;
            Steps.AddOrUpdate(step, ms, (_, sum) => sum + ms);
            return await FlowDriver.Expect(response, status, step, ct);
        }

        var lot = "B-" + tag + "-" + Guid.NewGuid().ToString("N")[..8];
        var t0 = Stopwatch.GetTimestamp();
        var declaration = await driver.DeclareAndPassAsync(FlowDriver.ExportDeclaration(100m, lot), ct);
        var declared = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        machine += declared;
        Steps.AddOrUpdate("declare and submit", declared, (_, sum) => sum + declared);
        var inspected = declaration.GetProperty("risk").GetProperty("outcome").GetString() != "document-check";
        var permit = await Timed(() => driver.Enterprise.GetAsync($"/api/certificates/permits/{declaration.GetProperty("permitNumber").GetString()}", ct), HttpStatusCode.OK, "read the permit");
        var qr = permit.GetProperty("qrPayload").GetString();
        var release = await Retry(() => Timed(() => driver.Port.PostAsJsonAsync("/api/certificates/releases", new { qr, drawDown = new[] { new { sequence = 1, quantity = 100m } } }, ct), HttpStatusCode.OK, "release"));
        var clearancePermit = release.GetProperty("clearancePermit").GetString();
        var number = "B" + Guid.NewGuid().ToString("N")[..17];
        var lines = new[] { new { sequence = 1, hsCode = "0902101000", quantity = 100m, unit = "KGM" } };
        await Retry(() => Timed(() => driver.Customs.PostAsJsonAsync("/api/clearance/decisions",
            new { customsDeclarationNumber = number, permitNumber = clearancePermit, lines, decision = "cleared" }, ct), HttpStatusCode.Created, "customs decision"));
        return new FlowResult(machine, Stopwatch.GetElapsedTime(start).TotalMilliseconds, inspected);
    }

    /// <summary>Retries a step refused only because the electronic copy has not arrived yet (409 unknown).</summary>
    private static async Task<JsonElement> Retry(Func<Task<JsonElement>> step)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await step();
            }
            catch (FlowException e) when (attempt < 400 && e.Message.Contains("\"outcome\":\"unknown\"", StringComparison.Ordinal))
            {
                await Task.Delay(10);
            }
        }
    }

    private static async Task<(long Count, double Seconds)> ChecksAsync(FlowDriver driver, int concurrency, TimeSpan duration, CancellationToken ct)
    {
        var declaration = await driver.DeclareAndPassAsync(FlowDriver.ExportDeclaration(100m, "CHK-" + Guid.NewGuid().ToString("N")[..8]), ct);
        var permit = await FlowDriver.Expect(await driver.Enterprise.GetAsync($"/api/certificates/permits/{declaration.GetProperty("permitNumber").GetString()}", ct), HttpStatusCode.OK, "read", ct);
        using var body = new StringContent(JsonSerializer.Serialize(new { qr = permit.GetProperty("qrPayload").GetString() }), System.Text.Encoding.UTF8, "application/json");
        var payload = await body.ReadAsByteArrayAsync(ct);
        await FlowDriver.WaitAsync(async () =>
        {
            var c = await driver.PortCheckAsync(new { qr = permit.GetProperty("qrPayload").GetString() }, ct);
            return c.GetProperty("outcome").GetString() == "match" ? c : null;
        }, "the copy at the port", ct);
        return await BurstAsync(concurrency * 2, duration, () =>
        {
            var content = new ByteArrayContent(payload);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return driver.Port.PostAsync("/api/certificates/checks", content, ct);
        });
    }

    /// <summary>As many calls as the workers manage in the time; every answer must be 200.</summary>
    private static async Task<(long Count, double Seconds)> BurstAsync(int workers, TimeSpan duration, Func<Task<HttpResponseMessage>> call)
    {
        long count = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                using var response = await call();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new FlowException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode}");
                }

                Interlocked.Increment(ref count);
            }
        }));
        return (count, sw.Elapsed.TotalSeconds);
    }

    private static string Percentiles(double[] sorted)
    {
        double P(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"{P(0.5):0.0} / {P(0.9):0.0} / {P(0.99):0.0}");
    }
}
