using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GoldenQuality.Cli;
using GoldenQuality.Demo;
using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Hosting;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GoldenQuality.Tests.Infrastructure.TestFederation;

namespace GoldenQuality.Tests.Security;

/// <summary>Node-to-node transport: mutual TLS with certificates pinned in the signed directory (decision 0009).</summary>
public abstract class MutualTlsTests
{
    protected abstract DatabaseProvider Provider { get; }

    private static WireEnvelope Envelope(ECDsa aqsiqKey) =>
        Envelopes.Seal(Envelopes.Header(Guid.CreateVersion7(), "test.event", Aqsiq, [Customs], null, null, DateTimeOffset.UtcNow, """{"n":1}"""), """{"n":1}""", Aqsiq, aqsiqKey);

    private static async Task<(int Inbox, int Rejections)> RowsAsync(TestNode node)
    {
        var (scope, db) = node.Database();
        await using (scope)
        {
            return (await db.Set<InboxMessage>().CountAsync(), await db.Set<ExchangeRejection>().CountAsync());
        }
    }

    private static X509Certificate2 StrangerCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return PeerTransport.Create(key, "GQ/GOV/ROGUE/node", null, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task A_client_certificate_the_directory_does_not_list_is_refused_at_the_handshake_before_any_envelope_is_read()
    {
        await using var federation = await StartAsync(Provider);
        var customs = federation[Customs];
        using var aqsiqKey = NodeKeys.LoadOrCreate(federation[Aqsiq].KeyFile);
        using var stranger = StrangerCertificate();

        // The TLS handshake fails: depending on the platform the client learns it at once (an alert) or, where the
        // server checks the certificate as the handshake's last step (OpenSSL), by the connection being closed before
        // any HTTP answer. Either way the server never reads a request.
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, customs.PeerPort);
            await using var tls = new SslStream(tcp.GetStream());
            var answered = 0;
            var refused = await Record.ExceptionAsync(async () =>
            {
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = "127.0.0.1",
                    EnabledSslProtocols = SslProtocols.Tls12,
                    ClientCertificates = [stranger],
                    LocalCertificateSelectionCallback = (_, _, _, _, _) => stranger,
                    RemoteCertificateValidationCallback = (_, _, _, _) => true,
                });
                await tls.WriteAsync("GET /api/exchange/directory HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"u8.ToArray());
                answered = await tls.ReadAsync(new byte[1024]);
            });
            Assert.True(refused is AuthenticationException or IOException || answered == 0,
                $"the connection should be refused without an answer, got {answered} bytes");
        }

        // And a whole envelope posted with that certificate (any TLS version) is never read.
        using (var client = customs.PeerClient(stranger))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsJsonAsync("/api/exchange/inbox", new InboxBatch([Envelope(aqsiqKey)]), Envelopes.Json));
        }

        Assert.Equal((0, 0), await RowsAsync(customs));

        // The same envelope from a certificate the directory pins is received: the refusal was the certificate's.
        using (var client = federation[Customs].PeerClient())
        {
            var accepted = await client.PostAsJsonAsync("/api/exchange/inbox", new InboxBatch([Envelope(aqsiqKey)]), Envelopes.Json);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        Assert.Equal((1, 0), await RowsAsync(customs));
    }

    [Fact]
    public async Task A_client_without_a_certificate_is_refused()
    {
        await using var federation = await StartAsync(Provider);
        var customs = federation[Customs];
        using var aqsiqKey = NodeKeys.LoadOrCreate(federation[Aqsiq].KeyFile);
        using var client = customs.PeerClient(noCertificate: true);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsJsonAsync("/api/exchange/inbox", new InboxBatch([Envelope(aqsiqKey)]), Envelopes.Json));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync("/api/exchange/directory"));
        Assert.Equal((0, 0), await RowsAsync(customs));
    }

    [Fact]
    public async Task A_server_whose_certificate_is_not_the_pinned_one_is_refused_by_the_sender_and_the_envelope_stays_in_the_outbox_with_the_reason()
    {
        await using var federation = await StartAsync(Provider);
        var customs = federation[Customs];
        await federation.StopNodeAsync(Customs);

        // An impostor on the Customs node's peer address, with a certificate of another key.
        using var impostorCertificate = StrangerCertificate();
        using var listener = new TcpListener(IPAddress.Loopback, customs.PeerPort);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var bytesRead = 0;
        var impostor = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var socket = await listener.AcceptTcpClientAsync(stop.Token);
                await using var tls = new SslStream(socket.GetStream());
                try
                {
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                    {
                        ServerCertificate = impostorCertificate,
                        ClientCertificateRequired = true,
                        RemoteCertificateValidationCallback = (_, _, _, _) => true,
                    }, stop.Token);
                    var buffer = new byte[4096];
                    bytesRead += await tls.ReadAsync(buffer, stop.Token);
                }
                catch (Exception e) when (e is AuthenticationException or IOException)
                {
                }
            }
        });

        Guid envelopeId;
        var aqsiq = federation[Aqsiq];
        var (scope, db) = aqsiq.Database();
        await using (scope)
        {
            var result = scope.ServiceProvider.GetRequiredService<ExchangeSender>().Publish(db, "test.event", new { n = 1 }, correlationId: Guid.CreateVersion7());
            await db.SaveChangesAsync();
            envelopeId = Assert.Single(result.Envelopes);
        }

        OutboxMessage? row = null;
        await WaitUntilAsync(async () =>
        {
            var (s, d) = aqsiq.Database();
            await using (s)
            {
                row = await d.Set<OutboxMessage>().AsNoTracking().SingleAsync(o => o.EnvelopeId == envelopeId);
                return row.Attempts >= 1;
            }
        }, "a delivery attempt to the impostor");

        Assert.Equal(OutboxStatus.Pending, row!.Status);
        Assert.Null(row.DeliveredAt);
        Assert.Contains($"is not the one the directory pins for {Customs}", row.LastError, StringComparison.Ordinal);
        Assert.Contains(PeerTransport.Pin(impostorCertificate), row.LastError, StringComparison.Ordinal);
        await stop.CancelAsync();
        listener.Stop();
        await Record.ExceptionAsync(() => impostor);
        Assert.Equal(0, bytesRead);
    }

    [Fact]
    public async Task Plain_http_to_the_peer_endpoints_on_the_main_listener_is_refused_with_a_problem_when_AllowPlainHttp_is_off()
    {
        await using var federation = await StartAsync(Provider);
        var customs = federation[Customs];
        using var aqsiqKey = NodeKeys.LoadOrCreate(federation[Aqsiq].KeyFile);
        using var plain = new HttpClient { BaseAddress = customs.Url };

        var inbox = await plain.PostAsJsonAsync("/api/exchange/inbox", new InboxBatch([Envelope(aqsiqKey)]), Envelopes.Json);
        Assert.Equal(HttpStatusCode.Forbidden, inbox.StatusCode);
        var problem = await inbox.Json();
        Assert.Equal("transport", problem.GetProperty("field").GetString());
        Assert.Equal("mutual-tls-required", problem.GetProperty("reason").GetString());
        Assert.Contains("only over mutual TLS on the peer listener (Exchange:PeerUrl)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var directory = await plain.GetAsync("/api/exchange/directory");
        Assert.Equal(HttpStatusCode.Forbidden, directory.StatusCode);
        Assert.Equal("mutual-tls-required", (await directory.Json()).GetProperty("reason").GetString());
        var query = await plain.PostAsJsonAsync("/api/exchange/query", new { request = new { jws = "x", payload = "{}" } });
        Assert.Equal(HttpStatusCode.Forbidden, query.StatusCode);

        Assert.Equal((0, 0), await RowsAsync(customs));

        // Over the peer listener, the same endpoints answer; the peer listener serves nothing else.
        using var peer = customs.PeerClient();
        Assert.Equal(HttpStatusCode.OK, (await peer.GetAsync("/api/exchange/directory")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await peer.GetAsync("/api/exchange/status")).StatusCode);
    }
}

[Collection("sqlite")]
public sealed class MutualTlsOnSqlite : MutualTlsTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

[Collection("postgres")]
public sealed class MutualTlsOnPostgres : MutualTlsTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>Start-up checks, the demo's directory and the directory tool: no database provider involved.</summary>
public sealed class MutualTlsConfigurationTests
{
    private static Dictionary<string, string?> Exchange(bool allowPlain, string? peerUrl = null) => new()
    {
        ["Exchange:NodeId"] = "GQ/GOV/AQSIQ/national",
        ["Exchange:AllowPlainHttp"] = allowPlain ? "true" : "false",
        ["Exchange:PeerUrl"] = peerUrl,
    };

    [Fact]
    public void AllowPlainHttp_with_a_non_loopback_address_fails_at_start_up_with_a_clear_message()
    {
        var e = Assert.Throws<InvalidOperationException>(() => GqHost.Build(new HostSettings { Urls = "http://0.0.0.0:5080", JsonLogs = false, Settings = Exchange(allowPlain: true) }));
        Assert.Contains("Exchange:AllowPlainHttp=true is accepted only for loopback development", e.Message, StringComparison.Ordinal);
        Assert.Contains("http://0.0.0.0:5080", e.Message, StringComparison.Ordinal);

        // On loopback it is accepted (development).
        using var app = GqHost.Build(new HostSettings { Urls = "http://127.0.0.1:0", JsonLogs = false, Settings = Exchange(allowPlain: true) });

        var peer = Assert.Throws<InvalidOperationException>(() => GqHost.Build(new HostSettings { Urls = "http://127.0.0.1:0", JsonLogs = false, Settings = Exchange(false, "http://127.0.0.1:5180") }));
        Assert.Contains("Exchange:PeerUrl 'http://127.0.0.1:5180' must be https://", peer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_directory_lists_https_endpoints_and_the_pins_of_the_nodes_and_the_nodes_fetch_it_over_mutual_tls()
    {
        var folder = Path.Combine(Path.GetTempPath(), "gq-demo-tls-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            await using var demo = await DemoFederation.StartAsync(folder, 0, CancellationToken.None);
            var jws = await File.ReadAllTextAsync(Path.Combine(folder, "directory.jws"));
            Assert.True(Jws.TryRead(jws, out _, out var payload));
            var directory = System.Text.Json.JsonSerializer.Deserialize<FederationDirectoryDocument>(payload, DirectorySigning.Json)!;
            Assert.Equal(demo.Nodes.Count, directory.Nodes.Length);
            foreach (var node in directory.Nodes)
            {
                Assert.StartsWith("https://127.0.0.1:", node.Endpoint, StringComparison.Ordinal);
                Assert.Equal(PeerTransport.PinOfPublicKey(node.PublicKey), node.TlsPin);
                Assert.Equal(node.Endpoint, demo[node.Id].PeerUrl);
            }

            // Every node other than the authority got the directory from the authority's peer listener (mutual TLS).
            foreach (var node in demo.Nodes)
            {
                Assert.NotNull(node.App.Services.GetRequiredService<ExchangeNode>().Directory.Current);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static (int Exit, string Output) Run(params string[] args)
    {
        using var output = new StringWriter();
        var exit = GqCli.Build().Parse(args).Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = output });
        return (exit, output.ToString());
    }

    [Fact]
    public void Federation_show_without_the_authority_key_says_the_signature_was_not_checked_against_a_trust_anchor()
    {
        var folder = Path.Combine(Path.GetTempPath(), "gq-show-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            // A directory anyone could make: signed by a fresh key that it names itself as its authority's.
            var keyFile = Path.Combine(folder, "forger.pem");
            var json = Path.Combine(folder, "directory.json");
            var signed = Path.Combine(folder, "directory.jws");
            Assert.Equal(0, Run("federation", "init", "--authority", "GQ/GOV/FORGED/node", "--endpoint", "https://127.0.0.1:5180", "--key", keyFile, "--out", json).Exit);
            Assert.Equal(0, Run("federation", "sign", "--in", json, "--key", keyFile, "--out", signed).Exit);

            var (exit, output) = Run("federation", "show", "--in", signed);
            Assert.Equal(0, exit);
            Assert.Contains("signature NOT checked against a trust anchor", output, StringComparison.Ordinal);
            Assert.DoesNotContain("signature verified", output, StringComparison.Ordinal);

            var (anchored, verified) = Run("federation", "show", "--in", signed, "--authority-key", keyFile);
            Assert.Equal(0, anchored);
            Assert.Contains("signature verified with the authority key given (--authority-key)", verified, StringComparison.Ordinal);

            // The directory carries the node's TLS pin, and an endpoint must be https.
            using (var key = NodeKeys.LoadOrCreate(keyFile))
            {
                var written = System.Text.Json.JsonSerializer.Deserialize<FederationDirectoryDocument>(File.ReadAllText(json), DirectorySigning.Json)!;
                Assert.Equal(PeerTransport.PinOfPublicKey(NodeKeys.PublicKey(key)), Assert.Single(written.Nodes).TlsPin);
                Assert.Contains("\"tlsPin\"", File.ReadAllText(json), StringComparison.Ordinal);
            }

            var (refused, message) = Run("federation", "add-node", "--in", json, "--id", "GQ/GOV/FORGED/other", "--endpoint", "http://gq.example:80", "--key", keyFile);
            Assert.Equal(2, refused);
            Assert.Contains("--endpoint: 'http://gq.example:80' is not an https:// URL", message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
