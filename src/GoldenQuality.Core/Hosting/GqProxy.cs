using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace GoldenQuality.Hosting;

/// <summary>
/// What <c>gq proxy</c> needs beside YARP's own <c>ReverseProxy</c> section: which cluster holds the node's instances,
/// and where peers' mutual-TLS connections arrive (the node's <c>Exchange:PeerUrl</c>), to be passed through, still
/// encrypted, to the peer listener an instance names in its destination's <c>PeerAddress</c> metadata.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>The cluster of the node's instances in the <c>ReverseProxy</c> section.</summary>
    public string Cluster { get; set; } = "node";

    /// <summary>Where peers connect, <c>ADDRESS:PORT</c> (the port of the node's <c>Exchange:PeerUrl</c>); empty: no relay.</summary>
    public string? PeerListen { get; set; }

    /// <summary>Times a request refused at connection (the instance is down) is tried on another instance.</summary>
    public int ConnectRetries { get; set; } = 2;
}

/// <summary>
/// <c>gq proxy</c>: YARP in front of several instances of one node (decision 0024). Requests are balanced over the
/// instances whose <c>/health/ready</c> answers; one refused at connection, which no instance has seen, is tried on
/// another; a request an instance received and then lost is answered 502, as it may have been applied. Peers'
/// connections are relayed at the TCP level, so that mutual TLS and the directory's pin still end at the node.
/// </summary>
public static partial class GqProxy
{
    /// <summary>The destination metadata naming an instance's peer listener, <c>ADDRESS:PORT</c>.</summary>
    public const string PeerAddressKey = "PeerAddress";

    public static WebApplication Build(string configFile, string urls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        builder.WebHost.UseUrls(urls);
        // The node enforces its own limits on every request; the proxy passes bodies through as they stream.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var proxy = builder.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        if (!builder.Configuration.GetSection("ReverseProxy:Clusters:" + proxy.Cluster + ":Destinations").GetChildren().Any())
        {
            throw new InvalidOperationException($"{configFile}: ReverseProxy:Clusters:{proxy.Cluster}:Destinations lists no instance (Proxy:Cluster names the cluster).");
        }

        if (proxy.PeerListen is { Length: > 0 } peer && !(IPEndPoint.TryParse(peer, out var endpoint) && endpoint.Port > 0))
        {
            throw new InvalidOperationException($"{configFile}: Proxy:PeerListen '{peer}' must be ADDRESS:PORT, e.g. 127.0.0.1:8443.");
        }

        builder.Services.Configure<ProxyOptions>(builder.Configuration.GetSection(ProxyOptions.Section));
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.Services.AddHostedService<PeerRelay>();
        var app = builder.Build();
        app.MapReverseProxy(pipeline =>
        {
            pipeline.Use(RetryRefusedAsync);
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        });
        return app;
    }

    /// <summary>
    /// Sends the request again to another instance when the chosen one refused the connection: nothing reached it. Any
    /// other failure (the instance died with the request) is left as the 502 YARP gives, since it may have been applied.
    /// </summary>
    private static async Task RetryRefusedAsync(HttpContext http, Func<Task> next)
    {
        var retries = http.RequestServices.GetRequiredService<IOptions<ProxyOptions>>().Value.ConnectRetries;
        var proxy = http.GetReverseProxyFeature();
        var tried = new HashSet<DestinationState>();
        for (var attempt = 0; ; attempt++)
        {
            await next();
            var error = http.GetForwarderErrorFeature();
            if (error is null || attempt >= retries || http.Response.HasStarted || !Refused(error.Exception) || proxy.ProxiedDestination is not { } failed)
            {
                return;
            }

            tried.Add(failed);
            var others = proxy.AllDestinations.Where(d => !tried.Contains(d) && d.Health.Active != DestinationHealth.Unhealthy).ToList();
            if (others.Count == 0)
            {
                return;
            }

            http.Features.Set<IForwarderErrorFeature>(null);
            http.Response.Clear();
            proxy.AvailableDestinations = others;
        }
    }

    private static bool Refused(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Passes peers' TCP connections through to a healthy instance's peer listener, round robin.</summary>
    private sealed partial class PeerRelay(IOptions<ProxyOptions> options, IProxyStateLookup state, ILogger<PeerRelay> logger) : BackgroundService
    {
        private int next;

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            if (options.Value.PeerListen is not { Length: > 0 } listen)
            {
                return;
            }

            var listener = new TcpListener(IPEndPoint.Parse(listen));
            listener.Start();
            try
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    var client = await listener.AcceptTcpClientAsync(stoppingToken);
                    _ = RelayAsync(client, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            finally
            {
                listener.Stop();
            }
        }

        private async Task RelayAsync(TcpClient client, CancellationToken ct)
        {
            using (client)
            {
                using var upstream = await ConnectAsync(ct);
                if (upstream is null)
                {
                    LogNoInstance(logger, options.Value.Cluster);
                    return;
                }

                var a = client.GetStream();
                var b = upstream.GetStream();
                using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
                try
                {
                    await Task.WhenAny(a.CopyToAsync(b, done.Token), b.CopyToAsync(a, done.Token));
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
                {
                    // Either side went away: close both.
                }
                finally
                {
                    await done.CancelAsync();
                }
            }
        }

        private async Task<TcpClient?> ConnectAsync(CancellationToken ct)
        {
            if (!state.TryGetCluster(options.Value.Cluster, out var cluster))
            {
                return null;
            }

            var candidates = cluster.DestinationsState.AvailableDestinations
                .Select(d => d.Model.Config.Metadata?.GetValueOrDefault(PeerAddressKey))
                .OfType<string>().ToList();
            var start = Interlocked.Increment(ref next);
            for (var i = 0; i < candidates.Count; i++)
            {
                var upstream = new TcpClient();
                try
                {
                    await upstream.ConnectAsync(IPEndPoint.Parse(candidates[(int)((uint)(start + i) % (uint)candidates.Count)]), ct);
                    return upstream;
                }
                catch (SocketException)
                {
                    upstream.Dispose();
                }
            }

            return null;
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "No instance of cluster {Cluster} took a peer's connection")]
        private static partial void LogNoInstance(ILogger logger, string cluster);
    }
}
