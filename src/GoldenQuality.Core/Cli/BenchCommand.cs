using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Demo;
using Microsoft.Extensions.DependencyInjection;
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
        var flows = new Option<int>("--flows") { Description = "Complete export flows to run in the measured pass.", DefaultValueFactory = _ => 2000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Flows in flight at once.", DefaultValueFactory = _ => 16 };
        var checks = new Option<int>("--checks-seconds") { Description = "How long to run port checks against one permit (0: skip).", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup-seconds") { Description = "Longest warm-up: flows run until the JIT has settled, at most this long.", DefaultValueFactory = _ => 300 };
        var paced = new Option<int>("--paced-flows") { Description = "Flows started at half the measured rate after the measured pass, for the latency at half load (0: skip).", DefaultValueFactory = _ => 500 };
        var data = new Option<string>("--data") { Description = "Folder for the benchmark's nodes (deleted first).", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "gq-bench-flow") };
        var flow = new Command("flow", "Runs complete export flows across the AQSIQ and Customs demo nodes on SQLite and reports flows/s against a baseline, machine time per flow (p50/p90/p99) at the maximum and at half of it, and port checks/s.")
        {
            flows, concurrency, checks, warmup, paced, data,
        };
        flow.SetAction(async (parse, ct) => await RunAsync(new Settings(parse.GetValue(data)!, parse.GetValue(flows), parse.GetValue(concurrency), parse.GetValue(checks),
            parse.GetValue(warmup), parse.GetValue(paced)), ct));
        return new Command("bench", "Benchmarks of a whole node (the micro-benchmarks live in bench/).") { flow, Soak(), ChaosCommand.Create() };
    }

    private static Command Soak()
    {
        var minutes = new Option<int>("--minutes") { Description = "How long to run the load after the warm-up.", DefaultValueFactory = _ => 10 };
        var rate = new Option<double>("--rate") { Description = "Complete export flows started per second, open loop (half of gq bench flow's measured maximum).", DefaultValueFactory = _ => 15 };
        var warmup = new Option<int>("--warmup-seconds") { Description = "Longest warm-up: flows at full concurrency until the JIT has settled, at most this long.", DefaultValueFactory = _ => 300 };
        var data = new Option<string>("--data") { Description = "Folder for the benchmark's nodes (deleted first).", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "gq-bench-soak") };
        var soak = new Command("soak", "Runs export flows across the demo federation at a steady rate for minutes: every flow must complete without error, memory must stay flat (within 10 %), and every node's message log must verify afterwards. Exits 1 on an error or a broken log.")
        {
            minutes, rate, warmup, data,
        };
        soak.SetAction(async (parse, ct) => await SoakAsync(parse.GetValue(data)!, parse.GetValue(minutes), parse.GetValue(rate), parse.GetValue(warmup), ct));
        return soak;
    }

    private sealed record Sample(double Minute, int Done, int Errors, double RssMb, double HeapMb);

    private static async Task<int> SoakAsync(string folder, int minutes, double rate, int warmupSeconds, CancellationToken ct)
    {
        if (minutes < 1 || rate <= 0 || warmupSeconds < 0)
        {
            await Console.Error.WriteLineAsync("--minutes must be 1 or more, --rate above 0, --warmup-seconds 0 or more.");
            return 2;
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        await using var federation = await DemoFederation.StartAsync(folder, 0, ct);
        using var driver = await FlowDriver.SignInAsync(new Uri(federation[DemoFederation.National].Url), new Uri(federation[DemoFederation.Customs].Url),
            "exporter.hangzhou", "ciq.hangzhou", ct);
        var warm = await WarmUpAsync(driver, 8, TimeSpan.FromSeconds(warmupSeconds), ct);
        await ClearedAsync(driver, warm.Flows, ct);

        // Open loop at the rate: flow i starts at i ÷ rate s. A failed flow is counted with its first message, and the
        // load goes on. Memory and progress are sampled every 10 s.
        var total = (int)Math.Ceiling(minutes * 60 * rate);
        var done = 0;
        var errors = 0;
        var firstErrors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var samples = new List<Sample>();
        var start = Stopwatch.GetTimestamp();
        var sampling = Task.Run(async () =>
        {
            while (Volatile.Read(ref done) + Volatile.Read(ref errors) < total)
            {
                samples.Add(new Sample(Stopwatch.GetElapsedTime(start).TotalMinutes, Volatile.Read(ref done), Volatile.Read(ref errors), ResidentMegabytes(), GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0));
                await Task.Delay(TimeSpan.FromSeconds(10), ct);
            }
        }, ct);
        var running = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, ct);
            }

            var tag = "S" + i.ToString(CultureInfo.InvariantCulture);
            running.Add(Task.Run(async () =>
            {
                try
                {
                    await OneFlowAsync(driver, tag, ct);
                    Interlocked.Increment(ref done);
                }
#pragma warning disable CA1031 // Every failure of a flow is the soak's finding: counted and shown, and the load goes on.
                catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    Interlocked.Increment(ref errors);
                    if (firstErrors.Count < 5)
                    {
                        firstErrors.Enqueue(tag + ": " + e.Message);
                    }
                }
            }, ct));
        }

        await Task.WhenAll(running);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await sampling;
        samples.Add(new Sample(seconds / 60, done, errors, ResidentMegabytes(), GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0));
        var cleared = await ClearedAsync(driver, warm.Flows + done, ct);

        var logs = new List<(string Node, bool Intact, string Text)>();
        foreach (var node in federation.Nodes)
        {
            await using var scope = node.App.Services.CreateAsyncScope();
            using var text = new StringWriter(CultureInfo.InvariantCulture);
            var intact = await FederationCommands.VerifyMessageLogAsync(scope.ServiceProvider, text, ct);
            logs.Add((node.Id, intact, text.ToString().Trim()));
        }

        var series = new Table().Title("gq bench soak: every 10 s").AddColumn("minute").AddColumn(new TableColumn("flows done").RightAligned())
            .AddColumn(new TableColumn("errors").RightAligned()).AddColumn(new TableColumn("RSS (MB)").RightAligned()).AddColumn(new TableColumn("GC heap (MB)").RightAligned());
        foreach (var x in samples)
        {
            series.AddRow(x.Minute.ToString("0.0", CultureInfo.InvariantCulture), x.Done.ToString(CultureInfo.InvariantCulture), x.Errors.ToString(CultureInfo.InvariantCulture),
                x.RssMb.ToString("0", CultureInfo.InvariantCulture), x.HeapMb.ToString("0", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(series);
        // Memory is judged over whole windows of the run, not single minutes: the step tracker's pass once a minute and the
        // full collection about every second one make RSS swing by 100 MB or more in a two-minute cycle, so a one-minute
        // window reads a trough or a peak by chance (one 20-minute run read +17 % at minute 10 and +9 % at minute 20 while
        // its three-minute windows were flat). The early window starts once caches and pools have filled (minute 2), the
        // late one is the end of the run; both their medians and their peaks must stay within 10 %.
        var span = Math.Min(3.0, minutes / 3.0);
        var early = Window(samples, Math.Min(2.0, span), span);
        var late = Window(samples, samples[^1].Minute - span, span);
        var (earlyRss, lateRss) = (Median(early.Select(x => x.RssMb)), Median(late.Select(x => x.RssMb)));
        var (earlyPeak, latePeak) = (early.Max(x => x.RssMb), late.Max(x => x.RssMb));
        var (earlyHeap, lateHeap) = (Median(early.Select(x => x.HeapMb)), Median(late.Select(x => x.HeapMb)));
        var (growth, peakGrowth) = ((lateRss / earlyRss) - 1, (latePeak / earlyPeak) - 1);
        // The one-minute measure of earlier runs (docs/benchmarks.md), printed for comparison with them.
        var second = Window(samples, 1, 1);
        var (secondRss, lastRss) = (Median(second.Select(x => x.RssMb)), Median(Window(samples, samples[^1].Minute - 1, 1).Select(x => x.RssMb)));
        var summary = new Table().Title("gq bench soak (SQLite, all nodes and the load on this machine)").AddColumn("Measure").AddColumn(new TableColumn("Value").RightAligned());
        summary.AddRow("warm-up (flows, s)", string.Create(CultureInfo.InvariantCulture, $"{warm.Flows}, {warm.Seconds:0}"));
        summary.AddRow("flows started, rate", string.Create(CultureInfo.InvariantCulture, $"{total} at {rate:0.0}/s over {seconds:0} s ({total / seconds:0.0}/s achieved)"));
        summary.AddRow("flows completed / failed", string.Create(CultureInfo.InvariantCulture, $"{done} / {errors}"));
        summary.AddRow("declarations cleared at AQSIQ (warm-up included)", cleared.GetProperty("total").GetInt32().ToString(CultureInfo.InvariantCulture));
        var windows = string.Create(CultureInfo.InvariantCulture, $"minutes {early[0].Minute:0.0}–{early[^1].Minute:0.0} → {late[0].Minute:0.0}–{late[^1].Minute:0.0}");
        summary.AddRow(Markup.Escape($"RSS, median of {windows} (MB)"), string.Create(CultureInfo.InvariantCulture, $"{earlyRss:0} → {lateRss:0} ({growth:+0.0%;-0.0%})"));
        summary.AddRow("RSS, peak of the same windows (MB)", string.Create(CultureInfo.InvariantCulture, $"{earlyPeak:0} → {latePeak:0} ({peakGrowth:+0.0%;-0.0%})"));
        summary.AddRow("RSS flat within ±10 % (median and peak)", Math.Abs(growth) <= 0.10 && Math.Abs(peakGrowth) <= 0.10 ? "met" : "missed");
        summary.AddRow("GC heap, median of the same windows (MB)", string.Create(CultureInfo.InvariantCulture, $"{earlyHeap:0} → {lateHeap:0} ({(lateHeap / earlyHeap) - 1:+0.0%;-0.0%})"));
        summary.AddRow("RSS, median of minute 2 → of the last minute (MB; the earlier measure)", string.Create(CultureInfo.InvariantCulture, $"{secondRss:0} → {lastRss:0} ({(lastRss / secondRss) - 1:+0.0%;-0.0%})"));
        foreach (var (node, _, text) in logs)
        {
            summary.AddRow(Markup.Escape("message log of " + node), Markup.Escape(text));
        }

        foreach (var e in firstErrors)
        {
            summary.AddRow("error", Markup.Escape(e.Length > 300 ? e[..300] : e));
        }

        AnsiConsole.Write(summary);
        return errors == 0 && logs.All(l => l.Intact) ? 0 : 1;
    }

    /// <summary>The samples from <paramref name="from"/> for <paramref name="minutes"/> minutes; the first sample if none.</summary>
    private static Sample[] Window(List<Sample> samples, double from, double minutes) =>
        samples.Where(x => x.Minute >= from && x.Minute < from + minutes + 1e-9).DefaultIfEmpty(samples[0]).ToArray();

    /// <summary>The median of one or more values.</summary>
    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The process's resident memory (VmRSS), in MB; the working set where /proc is not there.</summary>
    private static double ResidentMegabytes()
    {
        const string Status = "/proc/self/status";
        if (File.Exists(Status))
        {
            foreach (var line in File.ReadLines(Status))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
                }
            }
        }

        return Environment.WorkingSet / 1048576.0;
    }

    private sealed record Settings(string Folder, int Flows, int Concurrency, int CheckSeconds, int WarmupSeconds, int PacedFlows);

    private static async Task<int> RunAsync(Settings s, CancellationToken ct)
    {
        if (s.Flows < 1 || s.Concurrency < 1 || s.CheckSeconds < 0 || s.WarmupSeconds < 0 || s.PacedFlows < 0)
        {
            await Console.Error.WriteLineAsync("--flows and --concurrency must be 1 or more; --checks-seconds, --warmup-seconds and --paced-flows 0 or more.");
            return 2;
        }

        if (Directory.Exists(s.Folder))
        {
            Directory.Delete(s.Folder, recursive: true);
        }

        Directory.CreateDirectory(s.Folder);
        await using var federation = await DemoFederation.StartAsync(s.Folder, 0, ct);
        var national = new Uri(federation[DemoFederation.National].Url);
        var customs = new Uri(federation[DemoFederation.Customs].Url);
        using var driver = await FlowDriver.SignInAsync(national, customs, "exporter.hangzhou", "ciq.hangzhou", ct);

        // Warm-up: caches, connection pools and above all the JIT. Tiered compilation re-compiles the hot code of
        // eight nodes for a minute or two under this load (30 % of the CPU at first), so the flows run at full
        // concurrency until the last 5 s spent less than 100 ms compiling, or for --warmup-seconds.
        var warm = await WarmUpAsync(driver, s.Concurrency, TimeSpan.FromSeconds(s.WarmupSeconds), ct);
        var started = warm.Flows;

        // The baseline on the idle node: every warm-up decision back at AQSIQ, so that no delivery runs beside it.
        await ClearedAsync(driver, started, ct);
        var (baseCount, baseSeconds) = await BurstAsync(s.Concurrency * 2, TimeSpan.FromSeconds(5), () => driver.Port.GetAsync("/health/live", ct));
        var baseline = baseCount / baseSeconds;

        Steps.Clear();
        var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
        var wall = Stopwatch.StartNew();
        var measured = await ClosedLoopAsync(driver, s.Flows, s.Concurrency, ct);
        wall.Stop();
        var jitDuring = System.Runtime.JitInfo.GetCompilationTime() - jitBefore;
        started += s.Flows;
        var rate = s.Flows / wall.Elapsed.TotalSeconds;
        var breakdown = string.Join(", ", Steps.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Key} {x.Value / s.Flows:0.0}")));

        // Every flow's decision must come back to AQSIQ (asynchronously, over the exchange).
        var closed = await ClearedAsync(driver, started, ct);

        var table = new Table().Title("gq bench flow (SQLite, all nodes and the load on this machine)").AddColumn("Measure").AddColumn(new TableColumn("Value").RightAligned());
        table.AddRow("warm-up (flows, s)", string.Create(CultureInfo.InvariantCulture, $"{warm.Flows}, {warm.Seconds:0} ({(warm.Settled ? "JIT settled" : "JIT still compiling at the limit")})"));
        table.AddRow("flows", s.Flows.ToString(CultureInfo.InvariantCulture));
        table.AddRow("concurrency", s.Concurrency.ToString(CultureInfo.InvariantCulture));
        table.AddRow("flows sent to physical inspection at random", measured.Inspected.ToString(CultureInfo.InvariantCulture));
        table.AddRow("throughput (flows/s)", rate.ToString("0.0", CultureInfo.InvariantCulture));
        table.AddRow("baseline: GET /health/live per second on the idle node", baseline.ToString("0", CultureInfo.InvariantCulture));
        table.AddRow("flows/s ÷ baseline requests/s", (rate / baseline).ToString("0.0000", CultureInfo.InvariantCulture));
        table.AddRow("JIT compiling during the measured pass (ms)", jitDuring.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture));
        table.AddRow("machine time per flow p50 / p90 / p99 (ms)", Percentiles(measured.Machine));
        table.AddRow("mean machine time per step (ms)", Markup.Escape(breakdown));
        table.AddRow("end to end per flow p50 / p90 / p99 (ms, includes waiting for delivery)", Percentiles(measured.EndToEnd));
        if (s.PacedFlows > 0)
        {
            var half = await PacedAsync(driver, s.PacedFlows, rate / 2, ct);
            started += s.PacedFlows;
            await ClearedAsync(driver, started, ct);
            table.AddRow(string.Create(CultureInfo.InvariantCulture, $"at half load ({s.PacedFlows} flows started at {rate / 2:0.0}/s): machine time p50 / p90 / p99 (ms)"), Percentiles(half.Machine));
            table.AddRow("at half load: end to end p50 / p90 / p99 (ms)", Percentiles(half.EndToEnd));
        }

        table.AddRow("declarations cleared at AQSIQ", closed.GetProperty("total").GetInt32().ToString(CultureInfo.InvariantCulture));
        if (s.CheckSeconds > 0)
        {
            var (count, seconds) = await ChecksAsync(driver, s.Concurrency, TimeSpan.FromSeconds(s.CheckSeconds), ct);
            var checksPerSecond = count / seconds;
            table.AddRow("port checks (matches, read only) per second", checksPerSecond.ToString("0", CultureInfo.InvariantCulture));
            table.AddRow("port checks / baseline", (checksPerSecond / baseline).ToString("0.00", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        return 0;
    }

    private sealed record Warm(int Flows, double Seconds, bool Settled);

    private sealed record Pass(double[] Machine, double[] EndToEnd, int Inspected);

    private static async Task<Warm> WarmUpAsync(FlowDriver driver, int concurrency, TimeSpan limit, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var done = 0;
        var settled = false;
        var stop = false;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (!Volatile.Read(ref stop))
            {
                var i = Interlocked.Increment(ref done);
                await OneFlowAsync(driver, string.Create(CultureInfo.InvariantCulture, $"W{i}"), ct);
            }
        }).ToList();
        var jit = System.Runtime.JitInfo.GetCompilationTime();
        while (sw.Elapsed < limit)
        {
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
            var now = System.Runtime.JitInfo.GetCompilationTime();
            if (now - jit < TimeSpan.FromMilliseconds(100) && done >= 20)
            {
                settled = true;
                break;
            }

            jit = now;
        }

        Volatile.Write(ref stop, true);
        await Task.WhenAll(workers);
        return new Warm(done, sw.Elapsed.TotalSeconds, settled);
    }

    private static async Task<Pass> ClosedLoopAsync(FlowDriver driver, int flows, int concurrency, CancellationToken ct)
    {
        var results = new FlowResult[flows];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < flows)
            {
                results[i] = await OneFlowAsync(driver, "M" + i.ToString(CultureInfo.InvariantCulture), ct);
            }
        }));
        return Summarise(results);
    }

    /// <summary>Open loop: flow i starts at i ÷ rate seconds, whether or not the ones before it have finished.</summary>
    private static async Task<Pass> PacedAsync(FlowDriver driver, int flows, double rate, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var running = new List<Task<FlowResult>>(flows);
        for (var i = 0; i < flows; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, ct);
            }

            running.Add(OneFlowAsync(driver, "H" + i.ToString(CultureInfo.InvariantCulture), ct));
        }

        return Summarise(await Task.WhenAll(running));
    }

    private static Pass Summarise(FlowResult[] results)
    {
        var machine = results.Select(r => r.Machine).Order().ToArray();
        var endToEnd = results.Select(r => r.EndToEnd).Order().ToArray();
        return new Pass(machine, endToEnd, results.Count(r => r.Inspected));
    }

    /// <summary>Waits until AQSIQ has every decision of the flows started so far back (over the exchange).</summary>
    private static Task<JsonElement> ClearedAsync(FlowDriver driver, int flows, CancellationToken ct) =>
        FlowDriver.WaitAsync(async () =>
        {
            var page = await FlowDriver.Expect(await driver.Enterprise.GetAsync("/api/declarations?status=cleared&pageSize=1", ct), HttpStatusCode.OK, "count cleared", ct);
            return page.GetProperty("total").GetInt32() >= flows ? page : null;
        }, "every decision back at AQSIQ", ct, seconds: 120);

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

    /// <summary>
    /// Retries a step refused only because the electronic copy has not arrived yet (409 unknown), as a port officer's or
    /// Customs' client would: soon at first (the copy is usually there within tens of milliseconds), then less often, up
    /// to once a second, for at most two minutes. Each refused check is a write on the node (the port's check record), and
    /// a client asking every 10 ms without backing off once drove a soak into a state it did not leave while it kept
    /// asking (docs/benchmarks.md, "A run that did not recover, on a quiet machine").
    /// </summary>
    private static async Task<JsonElement> Retry(Func<Task<JsonElement>> step)
    {
        var waiting = Stopwatch.StartNew();
        for (var delay = 10; ; delay = Math.Min(delay * 2, 1000))
        {
            try
            {
                return await step();
            }
            catch (FlowException e) when (waiting.Elapsed < TimeSpan.FromMinutes(2) && e.Message.Contains("\"outcome\":\"unknown\"", StringComparison.Ordinal))
            {
                await Task.Delay(delay);
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
