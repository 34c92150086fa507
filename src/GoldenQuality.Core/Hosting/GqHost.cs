using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using GoldenQuality.Certificates;
using GoldenQuality.Clearance;
using GoldenQuality.Codes;
using GoldenQuality.Common;
using GoldenQuality.Declarations;
using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity;
using GoldenQuality.Persistence;
using GoldenQuality.Registry;
using GoldenQuality.Standards;
using GoldenQuality.Supervision;
using GoldenQuality.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Scalar.AspNetCore;

namespace GoldenQuality.Hosting;

/// <summary>How a node is started: by <c>gq serve</c>, by <c>gq demo</c>, or by a test.</summary>
public sealed record HostSettings
{
    /// <summary>An extra JSON configuration file (<c>--config</c>).</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Overrides <c>Node:Database</c> (<c>--db</c>, or the <c>GQ_DB</c> environment variable).</summary>
    public string? Database { get; init; }

    /// <summary>Where Kestrel listens, e.g. <c>http://127.0.0.1:5080</c>; port 0 picks a free port.</summary>
    public string? Urls { get; init; }

    /// <summary>Further configuration values, as key/value pairs (tests and the demo use this).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Logs as one JSON object per line (for machines) rather than as text (for people).</summary>
    public bool JsonLogs { get; init; } = true;

    /// <summary>A last chance to change services, e.g. to replace the clock in tests.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}

/// <summary>Builds the node: the one ASP.NET Core host that every command and every test runs.</summary>
public static class GqHost
{
    public const string MeterName = Common.Telemetry.MeterName;

    public static WebApplication Build(HostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            // The executable's name whoever starts the host (gq, a test runner, the benchmarks): it names the
            // static web assets manifests (gq.staticwebassets.*.json) that serve the web interface's files.
            ApplicationName = "gq",
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environments.Production,
        });

        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                // The key ring is not encrypted at rest: it is protected by its 0600 files in a 0700 folder (decision 0006).
                ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
                // Each retry and circuit change is logged at warning; the outbox records what matters per envelope.
                ["Logging:LogLevel:Polly"] = "Error",
            },
        });
        if (settings.ConfigFile is { } file)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
        }

        builder.Configuration.AddInMemoryCollection(settings.Settings);
        if (Environment.GetEnvironmentVariable("GQ_DB") is { Length: > 0 } envDb)
        {
            builder.Configuration[DatabaseOptions.Key] = envDb;
        }

        if (settings.Database is { Length: > 0 } db)
        {
            builder.Configuration[DatabaseOptions.Key] = db;
        }

        var urls = settings.Urls ?? "http://127.0.0.1:5080";

        // --- Exchange transport (decision 0009): the mutual-TLS peer listener beside the main one. ---
        var exchange = builder.Configuration.GetSection(ExchangeOptions.Section).Get<ExchangeOptions>() ?? new ExchangeOptions();
        var listenUrls = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        PeerTransport.Validate(exchange, listenUrls);
        if (string.IsNullOrEmpty(exchange.NodeId) || exchange.PeerUrl is not { Length: > 0 } peerUrl)
        {
            builder.WebHost.UseUrls(urls);
        }
        else
        {
            // Endpoints given in code replace UseUrls in Kestrel (with a warning), so the main URLs are bound here too.
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                foreach (var url in listenUrls)
                {
                    ListenMain(kestrel, url);
                }

                PeerTransport.Listen(kestrel, exchange.PeerListenUrl is { Length: > 0 } own ? own : peerUrl);
            });
        }

        // --- end of exchange transport ---

        // In every environment, not only Development: a node run from its build output (dotnet run, tests)
        // serves the web interface's CSS and the framework script from the projects' static web assets.
        builder.WebHost.UseStaticWebAssets();
        builder.Logging.ClearProviders();
        if (settings.JsonLogs)
        {
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }
        else
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        builder.Services.Configure<NodeOptions>(builder.Configuration.GetSection(NodeOptions.Section));
        builder.Services.Configure<ReferenceDataOptions>(builder.Configuration.GetSection(ReferenceDataOptions.Section));
        builder.Services.Configure<RequestLimitOptions>(builder.Configuration.GetSection(RequestLimitOptions.Section));
        AddServices(builder.Services, builder.Configuration);
        settings.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        MapEndpoints(app);
        return app;
    }

    /// <summary>
    /// The node's modules, in the order they register and map. Each is a folder with one public seam
    /// (its <c>Contracts</c>); the arrows allowed between them are in <c>docs/architecture.md</c>, kept by a test.
    /// </summary>
    internal static readonly IGqModule[] Modules =
    [
        new PersistenceModule(),
        new RegistryModule(),
        new IdentityModule(),
        new Audit.AuditModule(),
        new ExchangeModule(),
        new CodesModule(),
        new StandardsModule(),
        new SupervisionModule(),
        new DeclarationsModule(),
        new CertificatesModule(),
        new ClearanceModule(),
        new Ministries.MinistriesModule(),
        new Quality.QualityModule(),
        new Alerts.AlertsModule(),
        new International.InternationalModule(),
        new Accountability.AccountabilityModule(),
        new WebModule(),
    ];

    private static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        foreach (var module in Modules)
        {
            module.AddServices(services, configuration);
        }

        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        });
        services.AddOptions<JsonOptions>().Configure<IOptions<RequestLimitOptions>>((o, limits) => o.SerializerOptions.MaxDepth = limits.Value.JsonMaxDepth);
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestHandler>();
        services.AddExceptionHandler<DatabaseFailureHandler>();
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "GoldenQuality API";
            document.Info.Description = "The HTTP API of one GoldenQuality node: every operation names the policy that may call it "
                + "(docs/security.md). Peers exchange envelopes under /api/exchange, authenticated by their signatures.";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddDbContextCheck<GqDbContext>("database", tags: ["ready"]);
        services.AddOpenTelemetry().WithMetrics(m => m.AddPrometheusExporter());
        // The node's own meter and ASP.NET Core's (requests, Kestrel, routing, sign-ins), each from this host's meter
        // factory only (MeterScope.Local). Where several nodes share a process (gq demo, the tests), a node's /metrics
        // shows its own requests and gauges, not another node's of the same name. OpenTelemetry's own AddMeter (which
        // AddAspNetCoreInstrumentation calls) subscribes by name across the process: every node then aggregated every
        // other node's requests, and held a metric stream per instrument of every node it had ever seen (docs/testing.md).
        services.AddMetrics(b => b
            .EnableMetrics(MeterName, instrumentName: null, listenerName: null, scopes: MeterScope.Local)
            .EnableMetrics("Microsoft.AspNetCore.*", instrumentName: null, listenerName: null, scopes: MeterScope.Local));
    }

    /// <summary>Binds one main URL (http, or https with the default certificate) as UseUrls would.</summary>
    private static void ListenMain(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, string url)
    {
        var address = BindingAddress.Parse(url);
        void Configure(Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions listen)
        {
            if (string.Equals(address.Scheme, "https", StringComparison.OrdinalIgnoreCase))
            {
                listen.UseHttps();
            }
        }

        if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(address.Port, Configure);
        }
        else if (System.Net.IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip))
        {
            kestrel.Listen(ip, address.Port, Configure);
        }
        else
        {
            kestrel.ListenAnyIP(address.Port, Configure);
        }
    }

    private static void MapEndpoints(WebApplication app)
    {
        UseTrustedProxies(app);
        PeerTransport.UsePeerListenerScope(app);
        app.UseSecurityHeaders();
        app.UseErrorPages();
        app.UseRequestLimits();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseNodeSecurity();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        // The API reference asks nothing of another origin (no vendor fonts, AI agent or MCP link) and shows no vendor client button.
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("GoldenQuality API")
            .DisableDefaultFonts()
            .HideClientButton()
            .HideDeveloperTools()
            .DisableAgent()
            .DisableMcp()).AllowAnonymous();
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(Identity.Contracts.Policies.SystemOrAdministrator);

        foreach (var module in Modules)
        {
            module.MapEndpoints(app);
        }
    }

    private static int compactedAfterStart;

    /// <summary>
    /// Prepares the node before it serves: runs every module's <see cref="IStartupPreparation"/> (the migrations,
    /// then the reference data when <c>Node:SeedReferenceData</c> is on or <paramref name="reloadReferenceData"/>
    /// asks for it, then the directory) and reports what they did.
    /// </summary>
    public static async Task<StartupReport> PrepareAsync(WebApplication app, CancellationToken cancellationToken, bool reloadReferenceData = false)
    {
        ArgumentNullException.ThrowIfNull(app);
        var request = new StartupRequest(reloadReferenceData);
        var results = new List<object>();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // OrderBy is stable: within a stage, the modules' order of registration.
            foreach (var preparation in scope.ServiceProvider.GetServices<IStartupPreparation>().OrderBy(p => p.Stage))
            {
                if (await preparation.PrepareAsync(scope.ServiceProvider, request, cancellationToken) is { } result)
                {
                    results.Add(result);
                }
            }
        }

        // Start-up (model building, migrations, seeding) leaves garbage a serving node never needs again: return it to
        // the operating system once, so that an idle node stays small. Once per process: where several nodes share one
        // (gq demo, the benchmarks, the tests), a compaction at every start stopped every other node for a full,
        // blocking collection of all their heaps (docs/testing.md).
        if (Interlocked.Exchange(ref compactedAfterStart, 1) == 0)
        {
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }

        return new StartupReport(results);
    }

    /// <summary>Behind <c>Node:TrustedProxies</c>: the client's address and scheme as the proxy forwarded them.</summary>
    private static void UseTrustedProxies(WebApplication app)
    {
        var proxies = app.Configuration.GetSection(NodeOptions.Section).Get<NodeOptions>()?.TrustedProxies ?? [];
        if (proxies.Length == 0)
        {
            return;
        }

        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            forwarded.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"Node:TrustedProxies: '{proxy}' is not an IP address."));
        }

        app.UseForwardedHeaders(forwarded);
    }

    /// <summary>A TCP port on 127.0.0.1 that is free now (for demo nodes and tests that must know a port before starting).</summary>
    public static int FreeLoopbackPort()
    {
        // A port asked of the system (bind to 0) comes from its ephemeral range, which outgoing connections (HTTP
        // clients, database connections) also draw from, so another socket could take it before the node binds it.
        // Take a free port below that range instead (Linux starts it at 32768, Windows at 49152), and never hand the
        // same one out twice in this process, so that nodes started together do not collide before any has bound.
        while (true)
        {
            var port = Random.Shared.Next(20000, 32000);
            lock (HandedOut)
            {
                if (HandedOut.Contains(port))
                {
                    continue;
                }
            }

            try
            {
                using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
                listener.Start();
            }
            catch (System.Net.Sockets.SocketException)
            {
                continue;
            }

            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>The addresses Kestrel actually listens on (after start; resolves port 0).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var feature = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>();
        return feature?.Addresses.ToList() ?? [];
    }
}
