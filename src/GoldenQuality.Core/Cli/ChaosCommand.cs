using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using GoldenQuality.Demo;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Spectre.Console;

namespace GoldenQuality.Cli;

/// <summary>
/// <c>gq bench chaos</c>: the demo federation with every node a <c>gq serve</c> process, export flows at a steady rate,
/// and one node of each kind killed (SIGKILL) and restarted in turn, then Customs down for minutes. Every flow must
/// complete, nothing may be applied twice, every outbox must drain and every message log verify.
/// </summary>
internal static class ChaosCommand
{
    /// <summary>The node of each kind that is killed, in this order.</summary>
    private static readonly (string Id, string Kind)[] Victims =
    [
        (DemoFederation.National, "the national node (directory authority)"),
        (DemoFederation.Customs, "Customs"),
        (DemoFederation.Shandong, "a provincial CIQ node (Shandong)"),
        (DemoFederation.BqsZhejiang, "a provincial BQS node (Zhejiang)"),
        (DemoFederation.Pbc, "a ministry gateway (PBC)"),
        (DemoFederation.Hub, "the SPS hub"),
    ];

    public static Command Create()
    {
        var rate = new Option<double>("--rate") { Description = "Complete export flows started per second.", DefaultValueFactory = _ => 2 };
        var down = new Option<int>("--down-seconds") { Description = "How long each killed node stays down before it is started again.", DefaultValueFactory = _ => 10 };
        var outage = new Option<double>("--outage-minutes") { Description = "How long Customs is down at the end (a peer down for minutes).", DefaultValueFactory = _ => 5 };
        var postgres = new Option<string?>("--postgres")
        {
            Description = "A PostgreSQL server's connection string (Host, Port, Username, Password): each node gets a database of its own there, " +
                          "gq_chaos_<node>, dropped and created. Without it the nodes use SQLite files.",
        };
        var data = new Option<string>("--data") { Description = "Folder for the nodes' files (deleted first).", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "gq-bench-chaos") };
        var chaos = new Command("chaos", "Runs export flows across the demo federation, each node a gq serve process, while one node of each kind is killed (SIGKILL) and " +
            "restarted in turn and Customs is then down for minutes: every flow must complete, nothing be applied twice, every outbox drain and every message log verify. Exits 1 otherwise.")
        {
            rate, down, outage, postgres, data,
        };
        chaos.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(rate) is not (> 0 and <= 50) || parse.GetValue(down) is < 0 or > 600 || parse.GetValue(outage) is < 0 or > 60)
            {
                await Console.Error.WriteLineAsync("--rate must be above 0 and at most 50, --down-seconds 0 to 600, --outage-minutes 0 to 60.");
                return 2;
            }

            return await RunAsync(parse.GetValue(data)!, parse.GetValue(rate), TimeSpan.FromSeconds(parse.GetValue(down)), TimeSpan.FromMinutes(parse.GetValue(outage)),
                parse.GetValue(postgres), ct);
        });
        return chaos;
    }

    private sealed record Event(string What, double At, double DownSeconds, double ReadySeconds, int DoneBefore);

    private static async Task<int> RunAsync(string folder, double rate, TimeSpan down, TimeSpan outage, string? postgres, CancellationToken ct)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Common.PrivateFiles.EnsureFolder(folder);
        Func<string, string>? databaseOf = postgres is null ? null : slug => NodeDatabase(postgres, slug);
        if (postgres is not null)
        {
            await CreateDatabasesAsync(postgres, ct);
        }

        // The federation is made (keys, directory, databases, demo data) in this process, then each node is run as a process.
        List<(DemoNode Node, string ApiKey)> made;
        await using (var seeded = await DemoFederation.StartAsync(folder, 0, ct, databaseOf: databaseOf))
        {
            made = [.. seeded.Nodes.Select(n => (n, seeded.Summaries[n.Id].SystemApiKey))];
        }

        var children = made.ToDictionary(m => m.Node.Id, m => new ChildNode(m.Node.Settings, m.Node.Url), StringComparer.Ordinal);
        try
        {
            await children[DemoFederation.National].StartReadyAsync(ct: ct);
            await Task.WhenAll(children.Where(c => c.Key != DemoFederation.National).Select(c => c.Value.StartReadyAsync(ct: ct)));
            var provider = postgres is null ? "SQLite" : "PostgreSQL";
            AnsiConsole.MarkupLine(Markup.Escape($"gq bench chaos: {children.Count} gq serve processes on {provider}, flows at {rate:0.0}/s"));
            using var driver = await FlowDriver.SignInAsync(children[DemoFederation.National].Url, children[DemoFederation.Customs].Url, "exporter.hangzhou", "ciq.hangzhou", ct);
            using var customsOfficer = new HttpClient { BaseAddress = children[DemoFederation.Customs].Url };
            customsOfficer.DefaultRequestHeaders.Add("X-Api-Key", made.Single(m => m.Node.Id == DemoFederation.Customs).ApiKey);

            var lost = 0;
            var flows = new ResilientFlows(driver, () => Interlocked.Increment(ref lost), TimeSpan.FromSeconds(1));
            var clearedBefore = await flows.CountAsync("cleared", ct);
            var draftsBefore = await flows.CountAsync("draft", ct);
            var decisionsBefore = await DecisionsAsync(customsOfficer, ct);

            // The load: flow i starts at i ÷ rate s, until the schedule is over.
            var clock = Stopwatch.StartNew();
            var done = 0;
            var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var durations = new System.Collections.Concurrent.ConcurrentBag<double>();
            using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var running = new List<Task>();
            var load = Task.Run(async () =>
            {
                for (var i = 0; !stopLoad.IsCancellationRequested; i++)
                {
                    var due = TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
                    if (due > TimeSpan.Zero)
                    {
                        try
                        {
                            await Task.Delay(due, stopLoad.Token);
                        }
                        catch (OperationCanceledException)
                        {
                            break;
                        }
                    }

                    var n = i;
                    running.Add(Task.Run(async () =>
                    {
                        var started = clock.Elapsed.TotalSeconds;
                        try
                        {
                            await flows.RunAsync(n, ct);
                            durations.Add(clock.Elapsed.TotalSeconds - started);
                            Interlocked.Increment(ref done);
                        }
#pragma warning disable CA1031 // A failed flow is the run's finding: counted and shown.
                        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                        {
                            errors.Enqueue(string.Create(CultureInfo.InvariantCulture, $"flow {n}: {e.Message}"));
                        }
                    }, ct));
                }
            }, ct);

            // The schedule: 20 s of load, then each kind of node killed, down, started again; then Customs down for the outage.
            var events = new List<Event>();
            await Task.Delay(TimeSpan.FromSeconds(20), ct);
            foreach (var (id, kind) in Victims)
            {
                events.Add(await KillAndRestartAsync(children[id], $"kill -9 of {kind}", down, clock, () => Volatile.Read(ref done), ct));
                await Task.Delay(TimeSpan.FromSeconds(15), ct);
            }

            var outageEvent = await KillAndRestartAsync(children[DemoFederation.Customs], "Customs down (a peer's outage)", outage, clock, () => Volatile.Read(ref done), ct);
            events.Add(outageEvent);
            await Task.Delay(TimeSpan.FromSeconds(15), ct);
            await stopLoad.CancelAsync();
            await load;
            var started = running.Count;

            // Every flow started must now finish; the flows held up by the outage finish after Customs is back.
            var finished = Task.WhenAll(running);
            await Task.WhenAny(finished, Task.Delay(TimeSpan.FromMinutes(10), ct));
            var unfinished = running.Count(t => !t.IsCompleted);
            var lastDone = clock.Elapsed.TotalSeconds;
            var backAt = outageEvent.At + outageEvent.DownSeconds + outageEvent.ReadySeconds;

            // Nothing twice, nothing lost: every outbox drained, then the counts against the start, every message log intact.
            var outboxes = new List<(string Node, ExchangeStatus Status)>();
            foreach (var (node, key) in made)
            {
                outboxes.Add((node.Id, await DrainedAsync(children[node.Id].Url, key, ct)));
            }

            var cleared = await flows.CountAsync("cleared", ct) - clearedBefore;
            for (var wait = 0; cleared < done && wait < 60; wait++)
            {
                // Customs' last decisions may still be applied at AQSIQ after its outbox emptied.
                await Task.Delay(1000, ct);
                cleared = await flows.CountAsync("cleared", ct) - clearedBefore;
            }

            var drafts = await flows.CountAsync("draft", ct) - draftsBefore;
            var decisions = await DecisionsAsync(customsOfficer, ct) - decisionsBefore;

            var logs = new List<(string Node, bool Intact, string Text)>();
            foreach (var (node, _) in made)
            {
                await using var app = GqCli.BuildOffline(children[node.Id].ConfigFile, null);
                await using var scope = app.Services.CreateAsyncScope();
                using var text = new StringWriter(CultureInfo.InvariantCulture);
                var intact = await FederationCommands.VerifyMessageLogAsync(scope.ServiceProvider, text, ct);
                logs.Add((node.Id, intact, text.ToString().Trim()));
            }

            var table = new Table().Title(Markup.Escape($"gq bench chaos ({provider}): what was done to the federation")).AddColumn("Event").AddColumn(new TableColumn("at (s)").RightAligned())
                .AddColumn(new TableColumn("down (s)").RightAligned()).AddColumn(new TableColumn("ready after start (s)").RightAligned()).AddColumn(new TableColumn("flows done before").RightAligned());
            foreach (var e in events)
            {
                table.AddRow(Markup.Escape(e.What), F(e.At), F(e.DownSeconds), F(e.ReadySeconds), e.DoneBefore.ToString(CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            var sorted = durations.Order().ToArray();
            var ok = errors.IsEmpty && unfinished == 0 && cleared == done && decisions == done && drafts == 0 &&
                outboxes.All(o => o.Status.OutboxPending == 0 && o.Status.DeadLetters == 0) && logs.All(l => l.Intact);
            var summary = new Table().Title(Markup.Escape($"gq bench chaos ({provider}): outcome")).AddColumn("Measure").AddColumn(new TableColumn("Value").RightAligned());
            summary.AddRow("flows started / completed / failed / unfinished", string.Create(CultureInfo.InvariantCulture, $"{started} / {done} / {errors.Count} / {unfinished}"));
            summary.AddRow("requests lost with a node and followed up", lost.ToString(CultureInfo.InvariantCulture));
            summary.AddRow("declarations cleared at AQSIQ / Customs decisions / drafts left over (new)", string.Create(CultureInfo.InvariantCulture, $"{cleared} / {decisions} / {drafts}"));
            summary.AddRow("flow time p50 / p99 / max (s)", sorted.Length == 0 ? "-" : $"{F(Q(sorted, 0.5))} / {F(Q(sorted, 0.99))} / {F(sorted[^1])}");
            summary.AddRow("last flow done after Customs was back (s)", F(lastDone - backAt));
            foreach (var (node, status) in outboxes)
            {
                summary.AddRow(Markup.Escape($"outbox of {node}: pending / dead letters"), string.Create(CultureInfo.InvariantCulture, $"{status.OutboxPending} / {status.DeadLetters}"));
            }

            foreach (var (node, _, text) in logs)
            {
                summary.AddRow(Markup.Escape("message log of " + node), Markup.Escape(text));
            }

            foreach (var e in errors.Take(5))
            {
                summary.AddRow("error", Markup.Escape(e.Length > 300 ? e[..300] : e));
            }

            summary.AddRow("result", ok ? "PASSED" : "FAILED");
            AnsiConsole.Write(summary);
            return ok ? 0 : 1;
        }
        finally
        {
            foreach (var child in children.Values)
            {
                await child.DisposeAsync();
            }
        }
    }

    private static string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static double Q(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * sorted.Length))];

    private static async Task<Event> KillAndRestartAsync(ChildNode node, string what, TimeSpan down, Stopwatch clock, Func<int> done, CancellationToken ct)
    {
        var at = clock.Elapsed.TotalSeconds;
        var doneBefore = done();
        AnsiConsole.MarkupLine(Markup.Escape($"{at,7:0.0} s  {what}"));
        await node.KillAsync();
        await Task.Delay(down, ct);
        var start = Stopwatch.GetTimestamp();
        await node.StartReadyAsync(ct: ct);
        return new Event(what, at, down.TotalSeconds, Stopwatch.GetElapsedTime(start).TotalSeconds, doneBefore);
    }

    private static async Task<int> DecisionsAsync(HttpClient customs, CancellationToken ct) =>
        (await FlowDriver.Expect(await customs.GetAsync("/api/clearance/decisions?pageSize=1", ct), HttpStatusCode.OK, "count Customs' decisions", ct)).GetProperty("total").GetInt32();

    /// <summary>The node's exchange status once its outbox is empty (or after two minutes of waiting).</summary>
    private static async Task<ExchangeStatus> DrainedAsync(Uri node, string apiKey, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = node };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var deadline = Stopwatch.GetTimestamp() + (120 * Stopwatch.Frequency);
        while (true)
        {
            var status = (await client.GetFromJsonAsync<ExchangeStatus>("/api/exchange/status", Envelopes.Json, ct))!;
            if (status.OutboxPending == 0 || Stopwatch.GetTimestamp() > deadline)
            {
                return status;
            }

            await Task.Delay(500, ct);
        }
    }

    private static string NodeDatabase(string server, string slug) =>
        new NpgsqlConnectionStringBuilder(server) { Database = "gq_chaos_" + slug.Replace('-', '_') }.ConnectionString;

    private static async Task CreateDatabasesAsync(string server, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        foreach (var id in DemoFederation.NodeIds())
        {
            var name = "gq_chaos_" + DemoFederation.Slug(id).Replace('-', '_');
#pragma warning disable CA2100 // The names are made here from the demo's node ids, not from input.
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync(ct);
#pragma warning restore CA2100
        }
    }
}
