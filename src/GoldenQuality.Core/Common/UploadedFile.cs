using System.Security.Cryptography;
using System.Text;

namespace GoldenQuality.Common;

/// <summary>
/// An uploaded file, checked: the name without any path (at most 200 characters), a type of <see cref="Types"/> whose
/// signature the content carries (PDF, PNG, JPEG; text is UTF-8 without control characters other than tab and line
/// ends), at most <see cref="MaxBytes"/>, and its SHA-256 in lower-case hex. The client's name and type are never
/// trusted as they come: the name is cut to its last segment and the type must match the bytes. Used by every module
/// that keeps attachments (alerts, LPCO applications).
/// </summary>
public sealed record UploadedFile(string Name, string ContentType, byte[] Content, string Sha256)
{
    /// <summary>The largest file accepted: 2 MB.</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    /// <summary>The longest file name kept.</summary>
    public const int MaxName = 200;

    /// <summary>The types accepted.</summary>
    public static readonly IReadOnlyList<string> Types = ["application/pdf", "image/png", "image/jpeg", "text/plain"];

    public long Length => Content.Length;

    /// <summary>
    /// Reads and checks the upload; each problem is added to <paramref name="v"/> under <paramref name="field"/> (a coded
    /// message) and null is returned. Reads at most one byte past the limit, however long the stream.
    /// </summary>
    public static async Task<UploadedFile?> ReadAsync(Validation v, string field, string? name, string? contentType, Stream? content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(v);
        if (content is null)
        {
            v.Add(field, new Message("upload.required", field));
            return null;
        }

        // Only the last segment of the name (a browser may send C:\fakepath\x.pdf), without control characters.
        var fileName = new string([.. Path.GetFileName((name ?? "").Replace('\\', '/')).Where(c => !char.IsControl(c))]).Trim();
        var type = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var bytes = await ReadAtMostAsync(content, MaxBytes + 1, ct);
        var problems = Faults(fileName, type, bytes).ToList();
        foreach (var problem in problems)
        {
            v.Add(field, problem);
        }

        return problems.Count > 0 ? null : new UploadedFile(fileName, type, bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>A SHA-256 as given in a download's address, in lower case; null when it is not 64 hex digits.</summary>
    public static string? Key(string? sha256)
    {
        var key = (sha256 ?? "").Trim().ToLowerInvariant();
        return key.Length == 64 && key.All(char.IsAsciiHexDigitLower) ? key : null;
    }

    /// <summary>What is wrong with the name, and the first thing wrong with the content.</summary>
    private static IEnumerable<Message> Faults(string fileName, string type, byte[] bytes)
    {
        if (fileName.Length == 0)
        {
            yield return new Message("upload.no-name");
        }
        else if (fileName.Length > MaxName)
        {
            yield return new Message("upload.name-too-long", MaxName);
        }

        if (bytes.Length == 0)
        {
            yield return new Message("upload.empty");
        }
        else if (bytes.Length > MaxBytes)
        {
            yield return new Message("upload.too-large", MaxBytes / (1024 * 1024));
        }
        else if (!Types.Contains(type, StringComparer.Ordinal))
        {
            yield return Message.NotOneOf(type, string.Join(", ", Types));
        }
        else if (!Looks(type, bytes))
        {
            yield return new Message("upload.content-mismatch", type);
        }
    }

    private static async Task<byte[]> ReadAtMostAsync(Stream content, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length < limit && (read = await content.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - buffer.Length)), ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The content is what its type says: the PDF, PNG and JPEG signatures; text is UTF-8 without control characters other than tab and line ends.</summary>
    private static bool Looks(string type, byte[] b) => type switch
    {
        "application/pdf" => b.AsSpan().StartsWith("%PDF-"u8),
        "image/png" => b.AsSpan().StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }),
        "image/jpeg" => b.AsSpan().StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }),
        _ => Utf8(b),
    };

    private static bool Utf8(byte[] b)
    {
        try
        {
            var text = new UTF8Encoding(false, true).GetString(b);
            return !text.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
