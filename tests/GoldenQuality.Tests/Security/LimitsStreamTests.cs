using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Demo;
using GoldenQuality.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Tests.Security;

/// <summary>
/// The NDJSON measurement stream bounds each line: a 200 MB line is refused with a 413 problem naming the line and
/// the limit, while a real <c>gq serve</c> process stays under 300 MB of memory (it went to 3 GB before).
/// </summary>
[Collection("sqlite")]
public sealed class LimitsStreamTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const long LineBytes = 200L * 1024 * 1024;
    private const long MaxRssBytes = 300L * 1024 * 1024;

    [Fact]
    public async Task A_200_MB_ndjson_line_is_refused_with_413_while_the_node_process_stays_under_300_MB()
    {
        var folder = Path.Combine(Path.GetTempPath(), "gq-limits-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var database = $"Data Source={Path.Combine(folder, "node.db")}";
        string apiKey;
        await using (var prepare = GqHost.Build(new HostSettings { Database = database, JsonLogs = false, Settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" } }))
        {
            await GqHost.PrepareAsync(prepare, CancellationToken.None);
            await using var scope = prepare.Services.CreateAsyncScope();
            var node = prepare.Services.GetRequiredService<IOptions<ReferenceDataOptions>>().Value;
            apiKey = (await DemoData.From(scope.ServiceProvider).LoadAsync(node.ReferenceData, CancellationToken.None)).SystemApiKey;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var port = FreePort();
        using var process = Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "gq.dll"), "serve", "--db", database, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") })
            {
                var ready = false;
                for (var i = 0; i < 600 && !ready && !process.HasExited; i++)
                {
                    try
                    {
                        ready = (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException)
                    {
                    }

                    if (!ready)
                    {
                        await Task.Delay(100);
                    }
                }

                Assert.True(ready, "the gq serve process did not become ready");
            }

            long peakRss = 0;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peakRss = Math.Max(peakRss, Rss(process.Id, "VmRSS:"));
                    await Task.Delay(20);
                }
            });

            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"POST /api/supervision/measurements/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Api-Key: {apiKey}\r\n" +
                "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"));

            // The response is read while the line is still being sent: the node answers before the line ends.
            var answer = new StringBuilder();
            var reading = Task.Run(async () =>
            {
                var buffer = new byte[16 * 1024];
                try
                {
                    int read;
                    while ((read = await stream.ReadAsync(buffer)) > 0)
                    {
                        lock (answer)
                        {
                            answer.Append(Encoding.UTF8.GetString(buffer, 0, read));
                        }
                    }
                }
                catch (IOException)
                {
                }
            });

            // One line of 200 MB, generated chunk by chunk: {"lot":"xxxx... with no end in sight.
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'x');
            "{\"lot\":\""u8.CopyTo(chunk);
            var header = Encoding.ASCII.GetBytes(chunk.Length.ToString("X", CultureInfo.InvariantCulture) + "\r\n");
            long sent = 0;
            try
            {
                while (sent < LineBytes && !reading.IsCompleted && !Answered(answer))
                {
                    await stream.WriteAsync(header);
                    await stream.WriteAsync(chunk);
                    await stream.WriteAsync("\r\n"u8.ToArray());
                    sent += chunk.Length;
                    if (sent == chunk.Length)
                    {
                        Array.Fill(chunk, (byte)'x');
                    }
                }

                if (!Answered(answer))
                {
                    await stream.WriteAsync("1\r\n\n\r\n0\r\n\r\n"u8.ToArray());
                }
            }
            catch (IOException)
            {
                // The node closed the connection after answering; the answer has been read already.
            }

            await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(30)));
            sampling.Cancel();
            await sampler;
            var hwm = Rss(process.Id, "VmHWM:");

            string text;
            lock (answer)
            {
                text = answer.ToString();
            }

            output.WriteLine($"sent {sent / (1024 * 1024)} MB of the line; node VmRSS peak {peakRss / (1024 * 1024)} MB, VmHWM {hwm / (1024 * 1024)} MB");
            Assert.StartsWith("HTTP/1.1 413", text, StringComparison.Ordinal);
            var body = text[text.IndexOf('{', StringComparison.Ordinal)..];
            body = body[..(body.LastIndexOf('}') + 1)];
            var problem = JsonDocument.Parse(body).RootElement;
            Assert.Equal("line", problem.GetProperty("field").GetString());
            Assert.Equal(1, problem.GetProperty("line").GetInt32());
            Assert.Equal(64 * 1024, problem.GetProperty("limit").GetInt32());
            Assert.Contains("line 1 is longer than 65536 bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.True(peakRss < MaxRssBytes, $"the node's resident memory reached {peakRss / (1024 * 1024)} MB while refusing the line (limit {MaxRssBytes / (1024 * 1024)} MB)");
            Assert.True(hwm < MaxRssBytes, $"the node's peak resident memory (VmHWM) is {hwm / (1024 * 1024)} MB (limit {MaxRssBytes / (1024 * 1024)} MB)");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static bool Answered(StringBuilder answer)
    {
        lock (answer)
        {
            return answer.Length > 0;
        }
    }

    /// <summary>A line of /proc/PID/status (VmRSS, VmHWM), in bytes.</summary>
    private static long Rss(int pid, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
