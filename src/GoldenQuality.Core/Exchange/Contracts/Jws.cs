using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GoldenQuality.Exchange.Contracts;

/// <summary>
/// JWS compact serialisation (RFC 7515) with ES256 (ECDSA P-256, SHA-256, signature as r||s) — the only
/// algorithm the exchange accepts. The protected header is <c>{"alg":"ES256","kid":KID}</c>.
/// </summary>
public static class Jws
{
    /// <summary>Signs <paramref name="payload"/> with the key; <paramref name="kid"/> names the signer.</summary>
    public static string Sign(ReadOnlySpan<byte> payload, string kid, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = "ES256", ["kid"] = kid }));
        var body = Base64Url(payload);
        var signingInput = Encoding.ASCII.GetBytes(header + "." + body);
        var signature = key.SignData(signingInput, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return header + "." + body + "." + Base64Url(signature);
    }

    /// <summary>Splits a JWS into its key id and payload without checking the signature.</summary>
    public static bool TryRead(string? jws, out string kid, out byte[] payload)
    {
        kid = "";
        payload = [];
        var parts = jws?.Split('.');
        if (parts is not { Length: 3 })
        {
            return false;
        }

        try
        {
            using var header = JsonDocument.Parse(FromBase64Url(parts[0]));
            if (header.RootElement.ValueKind != JsonValueKind.Object ||
                !header.RootElement.TryGetProperty("alg", out var alg) || alg.GetString() != "ES256" ||
                !header.RootElement.TryGetProperty("kid", out var k) || k.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            kid = k.GetString()!;
            payload = FromBase64Url(parts[1]);
            return true;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }

    /// <summary>True when the signature of the JWS verifies with the public key.</summary>
    public static bool Verify(string jws, ECDsa publicKey)
    {
        ArgumentNullException.ThrowIfNull(jws);
        ArgumentNullException.ThrowIfNull(publicKey);
        var lastDot = jws.LastIndexOf('.');
        if (lastDot < 0)
        {
            return false;
        }

        try
        {
            var signature = FromBase64Url(jws[(lastDot + 1)..]);
            return signature.Length == 64 && publicKey.VerifyData(
                Encoding.ASCII.GetBytes(jws[..lastDot]), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static string Base64Url(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    public static byte[] FromBase64Url(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);

    /// <summary>SHA-256 of the bytes, base64url without padding: the digest form used throughout the protocol.</summary>
    public static string Digest(ReadOnlySpan<byte> bytes) => Base64Url(SHA256.HashData(bytes));
}

/// <summary>A node's ECDSA P-256 signing key: generated at first start (file mode 0600) or loaded from PEM.</summary>
public static class NodeKeys
{
    public static ECDsa LoadOrCreate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var key = ECDsa.Create();
        if (File.Exists(path))
        {
            key.ImportFromPem(File.ReadAllText(path));
            if (key.KeySize != 256)
            {
                throw new InvalidOperationException($"{path}: the node key must be ECDSA P-256.");
            }

            return key;
        }

        key.GenerateKey(ECCurve.NamedCurves.nistP256);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Common.PrivateFiles.EnsureFolder(folder);
        }

        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            stream.Write(Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
        }

        return key;
    }

    /// <summary>The public key as base64 SubjectPublicKeyInfo (DER), the form the directory lists.</summary>
    public static string PublicKey(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>Imports a public key in the directory's form.</summary>
    public static ECDsa FromPublicKey(string spkiBase64)
    {
        var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(spkiBase64), out _);
        return key;
    }
}
