using System.Diagnostics;
using System.Text.Json.Nodes;

namespace GoldenQuality.Hosting;

/// <summary>
/// A node run as a real <c>gq serve</c> process of this same build, so that it can be killed outright (<c>kill -9</c>) and
/// started again on the same configuration and port: what <c>gq bench chaos</c> and the kill tests do.
/// </summary>
internal sealed class ChildNode : IAsyncDisposable
{
    private readonly string config;
    private readonly Dictionary<string, string> environment;
    private Process? process;

    /// <summary>Writes the settings as the JSON configuration file the process reads (keys such as <c>Node:Database</c> nested).</summary>
    public ChildNode(IReadOnlyDictionary<string, string?> settings, string url, Dictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
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

        // It may hold the database's password: only this account reads it.
        Common.PrivateFiles.EnsureFile(config);
        File.WriteAllText(config, json.ToJsonString());
    }

    public Uri Url { get; }

    /// <summary>The configuration file the process reads (for <c>gq log verify --config</c> on the same node).</summary>
    public string ConfigFile => config;

    public bool Running => process is { HasExited: false };

    /// <summary>
    /// How to start this build's <c>gq</c>: the executable itself (an apphost or the single-file release), or
    /// <c>dotnet gq.dll</c> when this process is <c>dotnet</c> (the test host).
    /// </summary>
    private static ProcessStartInfo Command(IEnumerable<string> args)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        return string.Equals(Path.GetFileNameWithoutExtension(self), "dotnet", StringComparison.Ordinal)
            ? new ProcessStartInfo(self, [Path.Combine(AppContext.BaseDirectory, "gq.dll"), .. args])
            : new ProcessStartInfo(self, args);
    }

    /// <summary>Starts the process (not waiting for it to be ready).</summary>
    public void Start()
    {
        var start = Command(["serve", "--config", config, "--urls", Url.ToString().TrimEnd('/')]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
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

    /// <summary>Starts the process and waits until <c>/health/ready</c> answers 200; throws when it exits or the time is up.</summary>
    public async Task StartReadyAsync(int seconds = 120, CancellationToken ct = default)
    {
        Start();
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        while (true)
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"gq serve at {Url} exited with {process.ExitCode} before it was ready.");
            }

            try
            {
                using var response = await http.GetAsync("/health/ready", ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"gq serve at {Url} was not ready within {seconds} s.");
            }

            await Task.Delay(100, ct);
        }
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
