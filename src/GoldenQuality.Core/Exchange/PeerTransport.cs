using GoldenQuality.Exchange.Contracts;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GoldenQuality.Exchange;

/// <summary>
/// Node-to-node transport, as X-Road does it: mutual TLS where each side's certificate is derived from the node's
/// own key and pinned (SHA-256 of its SubjectPublicKeyInfo) in the signed federation directory. The server side
/// (the peer listener, <see cref="ExchangeOptions.PeerUrl"/>) accepts at the handshake only a client certificate
/// whose pin the directory in force lists; the client side presents the node's certificate and accepts a server
/// only by the pin of the node it meant to reach (never by a CA). See docs/decisions/0009.
/// </summary>
public sealed partial class PeerTransport(ExchangeNode node, TimeProvider clock, ILogger<PeerTransport> logger) : IDisposable
{
    /// <summary>The node a request means to reach (its server certificate must carry that node's pin).</summary>
    public static readonly HttpRequestOptionsKey<string> TargetNode = new("gq.exchange.target-node");

    /// <summary>Set on a directory fetch: the server must be the federation authority (pinned by the trust anchor).</summary>
    public static readonly HttpRequestOptionsKey<bool> DirectoryFetch = new("gq.exchange.directory-fetch");

    /// <summary>Why the server's certificate was refused, for the outbox's last error.</summary>
    public static readonly HttpRequestOptionsKey<string> Refusal = new("gq.exchange.tls-refusal");

    /// <summary>The connection item that marks a connection accepted on the peer listener.</summary>
    public const string PeerListenerItem = "gq.exchange.peer-listener";

    private static readonly string[] PeerPaths = ["/api/exchange/inbox", "/api/exchange/query", "/api/exchange/directory"];
    private readonly Lock gate = new();
    private X509Certificate2? certificate;
    private ECDsa? certificateKey;

    private bool AllowPlainHttp => node.Options.AllowPlainHttp;

    /// <summary>How long a derived certificate is valid; it is replaced when less than a third of that is left.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(7);

    /// <summary>The pin of a certificate: base64 SHA-256 of its SubjectPublicKeyInfo.</summary>
    public static string Pin(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>The pin of a public key given as base64 SubjectPublicKeyInfo (<see cref="TransportPins.OfPublicKey"/>).</summary>
    public static string PinOfPublicKey(string publicKey) => TransportPins.OfPublicKey(publicKey);

    /// <summary>The pin the directory lists for a node (<see cref="TransportPins.Of"/>).</summary>
    public static string PinOf(DirectoryNode directoryNode) => TransportPins.Of(directoryNode);

    /// <summary>
    /// This node's TLS certificate, self-signed with the key it signs with now; regenerated before it expires and when
    /// that key changes (a rotation, decision 0025).
    /// </summary>
    public X509Certificate2 Certificate
    {
        get
        {
            var now = clock.GetUtcNow();
            var key = node.Key;
            lock (gate)
            {
                if (certificate is null || !ReferenceEquals(certificateKey, key) || certificate.NotAfter.ToUniversalTime() - now.UtcDateTime < Validity / 3)
                {
                    // The replaced certificate is not disposed: pooled client handlers may still hold it.
                    certificate = Create(key, node.Id, node.Options.PeerUrl, now);
                    certificateKey = key;
                }

                return certificate;
            }
        }
    }

    /// <summary>A self-signed certificate for <paramref name="key"/>; SAN 127.0.0.1, ::1, localhost and the peer URL's host.</summary>
    public static X509Certificate2 Create(ECDsa key, string nodeId, string? peerUrl, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + nodeId.Replace(",", "_", StringComparison.Ordinal).Replace("=", "_", StringComparison.Ordinal)), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        san.AddDnsName("localhost");
        if (peerUrl is { Length: > 0 } && Uri.TryCreate(peerUrl, UriKind.Absolute, out var uri) && uri.Host is { Length: > 0 } host &&
            !string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip))
            {
                if (!IPAddress.IsLoopback(ip))
                {
                    san.AddIpAddress(ip);
                }
            }
            else
            {
                san.AddDnsName(host);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var created = request.CreateSelfSigned(now.AddHours(-1), now.Add(Validity));
        // A certificate with its own copy of the private key (SslStream needs one it can use on every platform).
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>True when the certificate is within its validity and its pin is listed for a node of the directory in force.</summary>
    public bool IsListed(X509Certificate2? presented, out string? nodeId)
    {
        nodeId = null;
        if (presented is null || node.Directory.Current is not { } directory)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (now < presented.NotBefore.ToUniversalTime() || now > presented.NotAfter.ToUniversalTime())
        {
            return false;
        }

        var pin = Pin(presented);
        var at = clock.GetUtcNow();
        nodeId = directory.Document.Nodes.FirstOrDefault(n => n.PinsAt(at).Contains(pin, StringComparer.Ordinal))?.Id;
        return nodeId is not null;
    }

    /// <summary>The peer listener's handshake check: a client certificate the directory lists, or no connection.</summary>
    public bool AcceptClient(X509Certificate2? presented)
    {
        if (IsListed(presented, out _))
        {
            return true;
        }

        LogClientRefused(logger, presented is null ? "(none)" : Pin(presented));
        return false;
    }

    /// <summary>The client's check of a server: its certificate must carry the pin of the node the request meant to reach.</summary>
    public bool AcceptServer(HttpRequestMessage request, X509Certificate2? presented)
    {
        ArgumentNullException.ThrowIfNull(request);
        var expected = ExpectedServerPins(request, out var what);
        if (presented is not null && expected.Contains(Pin(presented), StringComparer.Ordinal))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (now >= presented.NotBefore.ToUniversalTime() && now <= presented.NotAfter.ToUniversalTime())
            {
                return true;
            }
        }

        var reason = presented is null
            ? $"TLS: {request.RequestUri?.Authority} presented no certificate"
            : expected.Count == 0
                ? $"TLS: no pin is known for {what}"
                : $"TLS: the certificate of {request.RequestUri?.Authority} (pin {Pin(presented)}) is not the one the directory pins for {what}";
        request.Options.Set(Refusal, reason);
        LogServerRefused(logger, reason);
        return false;
    }

    private List<string> ExpectedServerPins(HttpRequestMessage request, out string what)
    {
        var directory = node.Directory.Current;
        if (request.Options.TryGetValue(TargetNode, out var target))
        {
            what = target;
            return directory?.Node(target) is { } n ? [.. n.PinsAt(clock.GetUtcNow())] : [];
        }

        if (request.Options.TryGetValue(DirectoryFetch, out var fetch) && fetch)
        {
            // Bootstrap: the directory is served by the authority, whose key is the trust anchor this node already has.
            what = "the federation authority";
            var pins = new List<string>();
            if (node.TrustedAuthorityKey is { } anchor)
            {
                pins.Add(PinOfPublicKey(anchor));
            }

            if (directory?.Node(directory.Document.Authority) is { } authority)
            {
                pins.AddRange(authority.PinsAt(clock.GetUtcNow()));
            }

            return pins;
        }

        what = "an unnamed peer";
        return [];
    }

    /// <summary>
    /// Whether a URL may be used to reach a peer: https always; plain http only with <c>Exchange:AllowPlainHttp</c> and a
    /// loopback host. Returns the reason otherwise.
    /// </summary>
    public string? RefusePlain(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        if (url.Scheme == Uri.UriSchemeHttp && node.Options.AllowPlainHttp && url.IsLoopback)
        {
            return null;
        }

        return $"plain {url.Scheme} to {url.Authority} refused: peers are reached over mutual TLS (https) unless Exchange:AllowPlainHttp is set for loopback development";
    }

    /// <summary>The exchange client's primary handler: pooled connections, this node's certificate, servers checked by pin.</summary>
    public HttpMessageHandler CreateHandler()
    {
        var handler = new HttpClientHandler
        {
            ClientCertificateOptions = ClientCertificateOption.Manual,
            ServerCertificateCustomValidationCallback = (request, presented, _, _) => AcceptServer(request, presented),
            CheckCertificateRevocationList = false,
        };
        if (node.Enabled)
        {
            handler.ClientCertificates.Add(Certificate);
        }

        return handler;
    }

    /// <summary>Kestrel options of the peer listener: this node's certificate, and a client certificate the directory lists.</summary>
    public void ConfigureHttps(HttpsConnectionAdapterOptions https)
    {
        ArgumentNullException.ThrowIfNull(https);
        https.ServerCertificateSelector = (_, _) => Certificate;
        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
        https.ClientCertificateValidation = (presented, _, _) => AcceptClient(presented);
        https.CheckCertificateRevocation = false;
    }

    /// <summary>True when the request arrived on the peer listener with a certificate the directory (still) lists.</summary>
    public bool ArrivedOverPeerListener(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return OnPeerListener(http) && IsListed(http.Connection.ClientCertificate, out _);
    }

    private static bool OnPeerListener(HttpContext http) =>
        http.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(PeerListenerItem) == true;

    /// <summary>
    /// The peer endpoints' filter: served only over the mutual-TLS peer listener, unless <c>Exchange:AllowPlainHttp</c>
    /// (which start-up accepts only on loopback addresses).
    /// </summary>
    public static async ValueTask<object?> PeerOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var transport = http.RequestServices.GetRequiredService<PeerTransport>();
        if (transport.AllowPlainHttp || transport.ArrivedOverPeerListener(http))
        {
            return await next(context);
        }

        return TypedResults.Problem(
            title: "Peer endpoint needs mutual TLS",
            detail: $"{http.Request.Path} is served to peer nodes only over mutual TLS on the peer listener (Exchange:PeerUrl), with a certificate the federation directory pins; plain HTTP is refused (Exchange:AllowPlainHttp is off).",
            statusCode: StatusCodes.Status403Forbidden,
            extensions: new Dictionary<string, object?> { ["field"] = "transport", ["reason"] = "mutual-tls-required" });
    }

    /// <summary>On the peer listener only the peer endpoints are served: nothing else of the node is reachable there.</summary>
    public static void UsePeerListenerScope(IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (OnPeerListener(http) && !PeerPaths.Any(p => http.Request.Path.Equals(p, StringComparison.Ordinal)))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(http);
        });

    /// <summary>
    /// Checks the transport configuration at start-up; throws with the reason. <c>AllowPlainHttp</c> is accepted only when
    /// every address the node listens on is loopback; the peer URL must be https with an IP address or <c>localhost</c>.
    /// </summary>
    public static void Validate(ExchangeOptions options, IEnumerable<string> listenUrls)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(listenUrls);
        if (string.IsNullOrEmpty(options.NodeId))
        {
            return;
        }

        if (options.AllowPlainHttp)
        {
            var exposed = listenUrls.Where(u => !IsLoopbackUrl(u)).ToList();
            if (exposed.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Exchange:AllowPlainHttp=true is accepted only for loopback development, but the node listens on {string.Join(", ", exposed)}: " +
                    "listen on 127.0.0.1/::1/localhost only, or turn AllowPlainHttp off and give Exchange:PeerUrl (https, mutual TLS).");
            }
        }

        foreach (var (key, peer) in new[] { ("PeerUrl", options.PeerUrl), ("PeerListenUrl", options.PeerListenUrl) })
        {
            if (peer is { Length: > 0 } &&
                (!Uri.TryCreate(peer, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps ||
                 (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out _) && !string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))))
            {
                throw new InvalidOperationException($"Exchange:{key} '{peer}' must be https://ADDRESS:PORT with an IP address or localhost (the mutual-TLS peer listener).");
            }
        }
    }

    /// <summary>The endpoint Kestrel binds for <see cref="ExchangeOptions.PeerUrl"/>.</summary>
    public static IPEndPoint PeerEndpoint(string peerUrl)
    {
        var uri = new Uri(peerUrl);
        var address = string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Parse(uri.Host.Trim('[', ']'));
        return new IPEndPoint(address, uri.Port);
    }

    private static bool IsLoopbackUrl(string url)
    {
        var host = url.Split("://", 2)[^1].Split('/')[0];
        host = host.StartsWith('[') ? host[1..host.IndexOf(']', StringComparison.Ordinal)] : host.Split(':')[0];
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>Adds the peer listener to Kestrel: mutual TLS, connections marked so that only the peer endpoints answer there.</summary>
    public static void Listen(KestrelServerOptions kestrel, string peerUrl)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        kestrel.Listen(PeerEndpoint(peerUrl), listen =>
        {
            listen.UseHttps(https => kestrel.ApplicationServices.GetRequiredService<PeerTransport>().ConfigureHttps(https));
            listen.Use(next => connection =>
            {
                connection.Items[PeerListenerItem] = true;
                return next(connection);
            });
        });
    }

    public void Dispose()
    {
        lock (gate)
        {
            certificate?.Dispose();
            certificate = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Peer listener refused a client certificate the directory does not list (pin {Pin}).")]
    private static partial void LogClientRefused(ILogger logger, string pin);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a peer's server certificate: {Reason}")]
    private static partial void LogServerRefused(ILogger logger, string reason);
}
