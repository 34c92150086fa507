using System.Diagnostics;
using System.Text.Json.Nodes;

namespace GoldenQuality.Tests.Infrastructure;

/// <summary>
/// A node run as a real <c>gq serve</c> process (the test build's <c>gq.dll</c>), so that a test can kill it outright
/// (<c>kill -9</c>) and start it again on the same configuration and port.
/// </summary>
public sealed class ChildNode : IAsyncDisposable
{
    private readonly string config;
    private readonly Dictionary<string, string> environment;
    private Process? process;

    /// <summary>Writes the settings as the JSON configuration file the process reads (keys such as <c>Node:Database</c> nested).</summary>
    public ChildNode(Dictionary<string, string?> settings, string url, Dictionary<string, string>? environment = null)
    {
        Url = new Uri(url);
        this.environment = environment ?? [];
        config = Path.Combine(Path.GetTempPath(), "gq-child-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        var json = new JsonObject();
        foreach (var (key, value) in settings)
        {
            var parts = key.Split(':');
            var node = json;
            foreach (var part in parts[..^1])
            {
                node = (node[part] ??= new JsonObject()).AsObject();
            }

            node[parts[^1]] = value;
        }

        File.WriteAllText(config, json.ToJsonString());
    }

    public Uri Url { get; }

    public bool Running => process is { HasExited: false };

    /// <summary>Starts the process (not waiting for it to be ready).</summary>
    public void Start()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "gq.dll"), "serve", "--config", config, "--urls", Url.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        process?.Dispose();
        process = Process.Start(start)!;
        // Drain what it prints, so that a full pipe never blocks it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Starts the process and waits until <c>/health/ready</c> answers 200.</summary>
    public async Task StartReadyAsync(int seconds = 120)
    {
        Start();
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        await TestFederation.WaitUntilAsync(async () =>
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"gq serve at {Url} exited with {process.ExitCode} before it was ready.");
            }

            try
            {
                using var response = await http.GetAsync("/health/ready");
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, $"gq serve at {Url} ready", seconds);
    }

    /// <summary>Kills the process at once (SIGKILL): no shutdown, no flush, as a crash or <c>kill -9</c>.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process?.Dispose();
        File.Delete(config);
    }
}
