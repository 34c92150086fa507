using System.Diagnostics;
using System.Globalization;
using GoldenQuality.Demo;
using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Hosting;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GoldenQuality.Benchmarks;

/// <summary>
/// Issue 3 load run (not BenchmarkDotNet: a whole-system run). Two real nodes on loopback, each with its own
/// SQLite database and key, exchange signed 1 KiB envelopes through the outbox, the delivery worker, the
/// receiver's checks and the hash-chained message log. Reports sustained throughput and send → applied latency
/// at maximum rate, a paced pass at about half that rate, and a baseline of plain unsigned 1 KiB HTTP POSTs to a
/// Kestrel endpoint that only counts.
/// <c>dotnet run -c Release --project bench/GoldenQuality.Benchmarks -- exchange [--count N] [--batch 200] [--poll 10]
/// [--chunk 500] [--window 0] [--paced-count N] [--baseline-concurrency 1,8] [--timeout 900]</c>
/// </summary>
internal static class ExchangeBench
{
    private const string Sender = "GQ/GOV/AQSIQ/national";
    private const string Receiver = "GQ/GOV/CUSTOMS/national";
    private const string MessageType = "bench.event";

    private sealed record Options(int Count, int BatchSize, int PollMs, int Chunk, int Window, int? PacedCount, int[] BaselineConcurrency, int TimeoutSeconds, bool KeepFiles);

    private sealed record PassResult(string Name, int Sent, int Applied, double Seconds, double Rate, double P50, double P99, double Max, double TargetRate);

    public static async Task<int> RunAsync(string[] args)
    {
        var o = Parse(args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(o.TimeoutSeconds));
        var ct = timeout.Token;
        var folder = Path.Combine(Path.GetTempPath(), "gq-bench-exchange-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        Console.WriteLine(Inv($"GoldenQuality exchange load run: {o.Count} envelopes of 1 KiB, batch {o.BatchSize}, poll {o.PollMs} ms, chunk {o.Chunk}, window {(o.Window == 0 ? "unbounded" : o.Window.ToString(CultureInfo.InvariantCulture))}"));
        Console.WriteLine(Inv($"{Environment.ProcessorCount} logical CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}; data in {folder}"));

        var baselines = new List<(int Concurrency, double Rate, double P50, double P99)>();
        PassResult? max = null;
        PassResult? paced = null;
        try
        {
            foreach (var c in o.BaselineConcurrency)
            {
                var b = await BaselineAsync(o.Count, c, ct);
                baselines.Add(b);
                Console.WriteLine(Inv($"baseline  concurrency {c}: {b.Rate:F0} req/s (p50 {b.P50:F2} ms, p99 {b.P99:F2} ms per request)"));
            }

            await using var federation = await Federation.StartAsync(folder, o);
            Console.WriteLine("nodes started");

            // Warm-up: JIT, connection, SQLite caches.
            await RunPassAsync(federation, "warm-up", Math.Min(1000, o.Count), o, targetRate: null, ct);

            max = await RunPassAsync(federation, "max", o.Count, o, targetRate: null, ct);
            Print(max);
            var half = max.Rate / 2;
            var pacedCount = o.PacedCount ?? (int)Math.Min(o.Count, Math.Max(1000, half * 60));
            paced = await RunPassAsync(federation, "half", pacedCount, o, targetRate: half, ct);
            Print(paced);

            await using var scope = federation.SenderApp.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
            var dead = await db.Set<OutboxMessage>().CountAsync(m => m.Status == OutboxStatus.Dead, CancellationToken.None);
            await using var rscope = federation.ReceiverApp.Services.CreateAsyncScope();
            var rdb = rscope.ServiceProvider.GetRequiredService<GqDbContext>();
            var logEntries = await rdb.Set<MessageLogEntry>().CountAsync(CancellationToken.None);
            var sentLog = await db.Set<MessageLogEntry>().CountAsync(CancellationToken.None);
            Console.WriteLine(Inv($"dead letters {dead}; message log entries: sender {sentLog}, receiver {logEntries}"));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Console.WriteLine(Inv($"TIMEOUT after {o.TimeoutSeconds} s: the figures below are partial."));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (!o.KeepFiles)
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---|");
        foreach (var b in baselines)
        {
            Console.WriteLine(Inv($"| baseline plain POST 1 KiB, concurrency {b.Concurrency} | {b.Rate:F0} req/s |"));
        }

        if (max is not null)
        {
            Console.WriteLine(Inv($"| envelopes/s at max ({max.Applied}/{max.Sent} applied) | {max.Rate:F0} |"));
            Console.WriteLine(Inv($"| p50 / p99 send → applied at max | {max.P50:F1} / {max.P99:F1} ms |"));
            foreach (var b in baselines)
            {
                Console.WriteLine(Inv($"| ratio to baseline c={b.Concurrency} | {100 * max.Rate / b.Rate:F1} % |"));
            }
        }

        if (paced is not null)
        {
            Console.WriteLine(Inv($"| paced pass target / achieved | {paced.TargetRate:F0} / {paced.Rate:F0} envelopes/s ({paced.Applied} envelopes) |"));
            Console.WriteLine(Inv($"| p50 / p99 send → applied at half load | {paced.P50:F1} / {paced.P99:F1} ms (max {paced.Max:F1}) |"));
        }

        return max is null ? 1 : 0;
    }

    private static void Print(PassResult r) =>
        Console.WriteLine(Inv($"{r.Name,-5} {r.Applied}/{r.Sent} applied in {r.Seconds:F2} s: {r.Rate:F0} envelopes/s; send → applied p50 {r.P50:F1} ms, p99 {r.P99:F1} ms, max {r.Max:F1} ms{(r.TargetRate > 0 ? Inv($" (target {r.TargetRate:F0}/s)") : "")}"));

    /// <summary>
    /// Enqueues <paramref name="count"/> envelopes on the sender (as fast as possible, or paced at the target rate), waits until
    /// all are in the receiver's inbox, and computes the rate and the latencies from each envelope's send time to its ReceivedAt.
    /// </summary>
    private static async Task<PassResult> RunPassAsync(Federation f, string name, int count, Options o, double? targetRate, CancellationToken ct)
    {
        var sentAt = new Dictionary<Guid, DateTimeOffset>(count);
        var filler = new string('x', 1024);
        var worker = f.SenderApp.Services.GetRequiredService<DeliveryWorker>();
        var baseCount = await f.InboxCountAsync(ct);
        var applied = 0L;
        using var stopPolling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var poller = Task.Run(async () =>
        {
            while (!stopPolling.IsCancellationRequested)
            {
                Volatile.Write(ref applied, await f.InboxCountAsync(stopPolling.Token) - baseCount);
                await Task.Delay(20, stopPolling.Token);
            }
        }, stopPolling.Token);

        var start = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var sent = 0;
        try
        {
            while (sent < count)
            {
                int n;
                if (targetRate is { } rate)
                {
                    var due = (int)Math.Min(count, clock.Elapsed.TotalSeconds * rate);
                    n = Math.Min(due - sent, o.Chunk);
                    if (n <= 0)
                    {
                        await Task.Delay(5, ct);
                        continue;
                    }
                }
                else
                {
                    if (o.Window > 0)
                    {
                        while (sent - Volatile.Read(ref applied) > o.Window)
                        {
                            await Task.Delay(2, ct);
                        }
                    }

                    n = Math.Min(o.Chunk, count - sent);
                }

                await using (var scope = f.SenderApp.Services.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
                    var sender = scope.ServiceProvider.GetRequiredService<ExchangeSender>();
                    var stamped = new List<(Guid, DateTimeOffset)>(n);
                    for (var i = 0; i < n; i++)
                    {
                        var at = DateTimeOffset.UtcNow;
                        var result = sender.Send(db, MessageType, new BenchPayload(sent + i, at.UtcTicks, filler), [Receiver]);
                        if (result.Envelopes.Count != 1)
                        {
                            throw new InvalidOperationException("The bench envelope was not queued: " + string.Join(", ", result.Denied.Select(d => d.Reason)));
                        }

                        stamped.Add((result.Envelopes[0], at));
                    }

                    await db.SaveChangesAsync(ct);
                    foreach (var (id, at) in stamped)
                    {
                        sentAt[id] = at;
                    }
                }

                sent += n;
                worker.Nudge();
            }

            if (name != "warm-up")
            {
                Console.WriteLine(Inv($"{name,-5} enqueued {sent} in {clock.Elapsed.TotalSeconds:F2} s ({sent / clock.Elapsed.TotalSeconds:F0}/s), {Volatile.Read(ref applied)} applied by then"));
            }

            while (Volatile.Read(ref applied) < count)
            {
                await Task.Delay(10, ct);
            }
        }
        finally
        {
            await stopPolling.CancelAsync();
            try
            {
                await poller;
            }
            catch (OperationCanceledException)
            {
            }
        }

        await using var rscope = f.ReceiverApp.Services.CreateAsyncScope();
        var rdb = rscope.ServiceProvider.GetRequiredService<GqDbContext>();
        var ids = sentAt.Keys.ToList();
        var received = new List<(Guid Id, DateTimeOffset At)>(count);
        foreach (var part in ids.Chunk(900))
        {
            var rows = await rdb.Set<InboxMessage>().AsNoTracking().Where(m => part.Contains(m.EnvelopeId))
                .Select(m => new { m.EnvelopeId, m.ReceivedAt }).ToListAsync(CancellationToken.None);
            received.AddRange(rows.Select(r => (r.EnvelopeId, r.ReceivedAt)));
        }

        var latencies = received.Select(r => (r.At - sentAt[r.Id]).TotalMilliseconds).Order().ToArray();
        var last = received.Max(r => r.At);
        var seconds = (last - start).TotalSeconds;
        return new PassResult(name, sent, received.Count, seconds, received.Count / seconds,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies[^1], targetRate ?? 0);
    }

    private sealed record BenchPayload(int Seq, long SentTicks, string Data);

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>Plain unsigned 1 KiB POSTs to a Kestrel minimal API that only counts, with <paramref name="concurrency"/> requests in flight.</summary>
    private static async Task<(int Concurrency, double Rate, double P50, double P99)> BaselineAsync(int count, int concurrency, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var port = GoldenQuality.Hosting.GqHost.FreeLoopbackPort();
        builder.WebHost.UseUrls(Inv($"http://127.0.0.1:{port}"));
        await using var app = builder.Build();
        long counted = 0;
        app.MapPost("/count", async (HttpRequest request) =>
        {
            var buffer = new byte[4096];
            while (await request.Body.ReadAsync(buffer) > 0)
            {
            }

            Interlocked.Increment(ref counted);
            return Results.Ok();
        });
        await app.StartAsync(ct);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false })
        {
            BaseAddress = new Uri(Inv($"http://127.0.0.1:{port}")),
        };
        var body = new byte[1024];
        Random.Shared.NextBytes(body);

        async Task PostAsync()
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            using var reply = await client.PostAsync(new Uri("/count", UriKind.Relative), content, ct);
            reply.EnsureSuccessStatusCode();
        }

        for (var i = 0; i < Math.Min(2000, count); i++)
        {
            await PostAsync(); // warm-up
        }

        Interlocked.Exchange(ref counted, 0);
        var next = 0;
        var latencies = new double[count];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next) - 1) < count)
            {
                var t = Stopwatch.GetTimestamp();
                await PostAsync();
                latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            }
        }, ct)).ToArray();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        await app.StopAsync(CancellationToken.None);
        if (Interlocked.Read(ref counted) != count)
        {
            throw new InvalidOperationException(Inv($"the baseline endpoint counted {counted}, expected {count}"));
        }

        Array.Sort(latencies);
        return (concurrency, count / seconds, Percentile(latencies, 0.5), Percentile(latencies, 0.99));
    }

    /// <summary>The two nodes: AQSIQ (sender, also the directory authority) and Customs (receiver), as in the tests' federation.</summary>
    private sealed class Federation : IAsyncDisposable
    {
        private Federation(WebApplication sender, WebApplication receiver) => (SenderApp, ReceiverApp) = (sender, receiver);

        public WebApplication SenderApp { get; }

        public WebApplication ReceiverApp { get; }

        public static async Task<Federation> StartAsync(string folder, Options o)
        {
            var ports = new Dictionary<string, int> { [Sender] = GoldenQuality.Hosting.GqHost.FreeLoopbackPort(), [Receiver] = GoldenQuality.Hosting.GqHost.FreeLoopbackPort() };
            var peerPorts = new Dictionary<string, int> { [Sender] = GoldenQuality.Hosting.GqHost.FreeLoopbackPort(), [Receiver] = GoldenQuality.Hosting.GqHost.FreeLoopbackPort() };
            string Url(string id) => Inv($"http://127.0.0.1:{ports[id]}");

            // The nodes talk mutual TLS, as in production: each one's certificate is derived from its node key, pinned in the directory.
            string PeerUrl(string id) => Inv($"https://127.0.0.1:{peerPorts[id]}");
            string KeyFile(string id) => Path.Combine(folder, DemoFederation.Slug(id), "node-key.pem");
            string PublicKey(string id)
            {
                using var k = NodeKeys.LoadOrCreate(KeyFile(id));
                return NodeKeys.PublicKey(k);
            }

            var authorityKey = PublicKey(Sender);
            var now = DateTimeOffset.UtcNow;
            var directory = new FederationDirectoryDocument(1, now.AddMinutes(-5), now.AddDays(1), Sender,
                [new DirectoryMember("GQ/GOV/AQSIQ", "AQSIQ"), new DirectoryMember("GQ/GOV/CUSTOMS", "Customs")],
                [
                    new DirectoryNode(Sender, PeerUrl(Sender), authorityKey, ["AQSIQ*"], TransportPins.OfPublicKey(authorityKey)),
                    new DirectoryNode(Receiver, PeerUrl(Receiver), PublicKey(Receiver), ["CUSTOMS*"], TransportPins.OfPublicKey(PublicKey(Receiver))),
                ],
                [new DirectoryMessageType(MessageType, "benchmark load")],
                [
                    new Agreement("BENCH-1", "GQ/GOV/AQSIQ", ["GQ/GOV/CUSTOMS"], [MessageType], [], "benchmark", new LegalBasis("benchmark", "n/a"), ["*"], "internal",
                        now.AddDays(-1), now.AddDays(1), [new AgreementStep("deliver", "GQ/GOV/AQSIQ", "PT1H")]),
                ]);
            var directoryFile = Path.Combine(folder, "directory.jws");
            using (var authority = NodeKeys.LoadOrCreate(KeyFile(Sender)))
            {
                await File.WriteAllTextAsync(directoryFile, DirectorySigning.Sign(directory, authority));
            }

            async Task<WebApplication> Start(string id)
            {
                var app = GqHost.Build(new HostSettings
                {
                    Urls = Url(id),
                    JsonLogs = false,
                    Settings = new Dictionary<string, string?>
                    {
                        ["Node:Database"] = "Data Source=" + Path.Combine(folder, DemoFederation.Slug(id) + ".db"),
                        ["Node:SeedReferenceData"] = "false",
                        ["Logging:LogLevel:Default"] = "Warning",
                        ["Logging:LogLevel:GoldenQuality"] = "Warning",
                        ["Exchange:NodeId"] = id,
                        ["Exchange:PeerUrl"] = PeerUrl(id),
                        ["Exchange:KeyFile"] = KeyFile(id),
                        ["Exchange:AuthorityKey"] = authorityKey,
                        ["Exchange:DirectoryFile"] = directoryFile,
                        ["Exchange:PollMilliseconds"] = o.PollMs.ToString(CultureInfo.InvariantCulture),
                        ["Exchange:BatchSize"] = o.BatchSize.ToString(CultureInfo.InvariantCulture),
                        ["Exchange:LeaseSeconds"] = "30",
                    },
                });
                await GqHost.PrepareAsync(app, CancellationToken.None);
                await app.StartAsync();
                return app;
            }

            var receiver = await Start(Receiver);
            var sender = await Start(Sender);
            return new Federation(sender, receiver);
        }

        public async Task<int> InboxCountAsync(CancellationToken ct)
        {
            await using var scope = ReceiverApp.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<GqDbContext>().Set<InboxMessage>().CountAsync(ct);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var app in new[] { SenderApp, ReceiverApp })
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
    }

    private static Options Parse(string[] args)
    {
        int Int(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        var c = Array.IndexOf(args, "--baseline-concurrency");
        var concurrency = c >= 0 && c + 1 < args.Length
            ? args[c + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : [1, 8];
        var paced = Array.IndexOf(args, "--paced-count") >= 0 ? Int("--paced-count", 0) : (int?)null;
        return new Options(Int("--count", 100_000), Int("--batch", 200), Int("--poll", 10), Int("--chunk", 500), Int("--window", 0), paced, concurrency,
            Int("--timeout", 900), args.Contains("--keep"));
    }


    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
