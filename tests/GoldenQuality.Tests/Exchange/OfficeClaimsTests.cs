using System.Security.Cryptography;
using System.Text.Json;
using GoldenQuality.Cli;
using GoldenQuality.Exchange.Contracts;

namespace GoldenQuality.Tests.Exchange;

/// <summary>
/// Which node hosts an office: the most specific claim wins (an exact code over a prefix, a longer prefix over a
/// shorter one), and a directory in which two nodes claim an office alike is never signed, accepted or written.
/// </summary>
public sealed class OfficeClaimsTests
{
    private const string National = "GQ/GOV/AQSIQ/national";
    private const string Shandong = "GQ/GOV/AQSIQ/shandong";
    private const string Moa = "GQ/GOV/MOA/gateway";

    private static FederationDirectoryDocument Directory(params (string Id, string[] Offices)[] nodes)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
        var now = DateTimeOffset.UtcNow;
        return new FederationDirectoryDocument(1, now.AddMinutes(-5), now.AddDays(1), National, [new DirectoryMember("GQ/GOV/AQSIQ", "AQSIQ")],
            [.. nodes.Select(n => new DirectoryNode(n.Id, "https://127.0.0.1:1", publicKey, n.Offices))], [], []);
    }

    [Fact]
    public void The_most_specific_claim_hosts_the_office()
    {
        var directory = Directory((National, ["AQSIQ*", "CIQ-*"]), (Shandong, ["CIQ-SD*"]), (Moa, ["MOA"]));

        Assert.Equal(Shandong, directory.HostOf("CIQ-SD-HUANGDAO")?.Id);
        Assert.Equal(Shandong, directory.HostOf("CIQ-SD")?.Id);
        Assert.Equal(National, directory.HostOf("CIQ-ZJ")?.Id);
        Assert.Equal(National, directory.HostOf("AQSIQ-INFO-CENTER")?.Id);
        Assert.Equal(Moa, directory.HostOf("MOA")?.Id);
        Assert.Null(directory.HostOf("MOAX"));
        Assert.Null(directory.HostOf("PBC"));
        Assert.Empty(directory.ClaimConflicts());

        // An exact code narrows a prefix of another node's; the listing order does not matter.
        var exact = Directory((Shandong, ["CIQ-SD-HUANGDAO"]), (National, ["CIQ-*"]));
        Assert.Equal(Shandong, exact.HostOf("CIQ-SD-HUANGDAO")?.Id);
        Assert.Equal(National, exact.HostOf("CIQ-SD-RIZHAO-PORT")?.Id);
    }

    [Fact]
    public void Two_nodes_claiming_an_office_alike_are_refused_when_signing_and_when_verifying()
    {
        var directory = Directory((National, ["AQSIQ*", "CIQ-*"]), (Shandong, ["CIQ-SD*", "MOA"]), (Moa, ["MOA"]));
        var conflict = Assert.Single(directory.ClaimConflicts());
        Assert.Equal($"office MOA is claimed by {Shandong} and {Moa}", conflict);

        using var authority = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var refused = Assert.Throws<InvalidDataException>(() => DirectorySigning.Sign(directory, authority));
        Assert.Contains(conflict, refused.Message, StringComparison.Ordinal);

        // Signed by other means, a node still refuses it.
        var jws = Jws.Sign(JsonSerializer.SerializeToUtf8Bytes(directory, DirectorySigning.Json), National, authority);
        var rejected = Assert.Throws<InvalidDataException>(() => DirectorySigning.Verify(jws, authority, DateTimeOffset.UtcNow));
        Assert.Contains(conflict, rejected.Message, StringComparison.Ordinal);

        // The same prefix on two nodes is a conflict too.
        Assert.Single(Directory((National, ["CIQ-*"]), (Shandong, ["CIQ-*"])).ClaimConflicts());
    }

    [Fact]
    public void An_authority_key_or_link_that_is_no_key_is_refused_with_a_reason_not_a_crypto_error()
    {
        using var authority = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var anchor = NodeKeys.PublicKey(authority);
        var directory = Directory((National, ["AQSIQ*"]));
        var signed = DirectorySigning.Sign(directory, authority);

        var badAnchor = Assert.Throws<InvalidDataException>(() => DirectorySigning.Verify(signed, "bm90IGEga2V5", DateTimeOffset.UtcNow, out _));
        Assert.StartsWith("The authority key is not an EC public key", badAnchor.Message, StringComparison.Ordinal);

        // A link signed by the authority that hands over to something that is not a key.
        var linked = directory with { AuthorityChain = [DirectorySigning.LinkAuthority(National, authority, "not base64 at all!", DateTimeOffset.UtcNow)] };
        var jws = Jws.Sign(JsonSerializer.SerializeToUtf8Bytes(linked, DirectorySigning.Json), National, authority);
        var badLink = Assert.Throws<InvalidDataException>(() => DirectorySigning.Verify(jws, anchor, DateTimeOffset.UtcNow, out _));
        Assert.StartsWith($"The key that an authority link of directory version {directory.Version} hands over to is not an EC public key", badLink.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Federation_add_node_refuses_an_office_another_node_claims()
    {
        var folder = Path.Combine(Path.GetTempPath(), "gq-claims-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(folder);
        try
        {
            var keyFile = Path.Combine(folder, "authority.pem");
            var otherKey = Path.Combine(folder, "other.pem");
            var json = Path.Combine(folder, "directory.json");
            Assert.Equal(0, Run("federation", "init", "--authority", National, "--endpoint", "https://127.0.0.1:5180", "--key", keyFile, "--offices", "AQSIQ*,CIQ-*", "--out", json).Exit);
            using (NodeKeys.LoadOrCreate(otherKey))
            {
            }

            Assert.Equal(0, Run("federation", "add-node", "--in", json, "--id", Shandong, "--endpoint", "https://127.0.0.1:5186", "--key", otherKey, "--offices", "CIQ-SD*").Exit);
            var before = File.ReadAllText(json);
            var (exit, message) = Run("federation", "add-node", "--in", json, "--id", "GQ/GOV/AQSIQ/qingdao", "--endpoint", "https://127.0.0.1:5187", "--key", otherKey, "--offices", "CIQ-SD*");
            Assert.Equal(2, exit);
            Assert.Contains($"--offices: office CIQ-SD* is claimed by {Shandong} and GQ/GOV/AQSIQ/qingdao", message, StringComparison.Ordinal);
            Assert.Equal(before, File.ReadAllText(json));
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    private static (int Exit, string Output) Run(params string[] args)
    {
        using var output = new StringWriter();
        var exit = GqCli.Build().Parse(args).Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = output });
        return (exit, output.ToString());
    }
}
