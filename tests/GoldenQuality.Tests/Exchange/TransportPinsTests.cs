using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;

namespace GoldenQuality.Tests.Exchange;

/// <summary>The pins a directory lists are those the peer transport checks a presented certificate against.</summary>
public sealed class TransportPinsTests
{
    [Fact]
    public void The_pin_of_a_public_key_is_the_pin_of_a_certificate_made_with_that_key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=GQ/GOV/AQSIQ/national", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));

        Assert.Equal(PeerTransport.Pin(certificate), TransportPins.OfPublicKey(NodeKeys.PublicKey(key)));
        Assert.NotEqual(PeerTransport.Pin(certificate), TransportPins.OfPublicKey(NodeKeys.PublicKey(other)));
    }

    [Fact]
    public void A_node_s_listed_pin_wins_and_an_older_directory_s_node_is_pinned_by_its_signing_key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = NodeKeys.PublicKey(key);
        var older = new DirectoryNode("GQ/GOV/CUSTOMS/hq", "https://customs.test", publicKey, ["CUSTOMS*"]);
        var pinned = older with { TlsPin = "cGlu" };

        Assert.Equal(TransportPins.OfPublicKey(publicKey), TransportPins.Of(older));
        Assert.Equal("cGlu", TransportPins.Of(pinned));
    }

    [Fact]
    public void A_key_that_is_not_base64_is_refused() =>
        Assert.Throws<FormatException>(() => TransportPins.OfPublicKey("not base64!"));
}
