using GoldenQuality.Codes.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;

namespace GoldenQuality.Codes;

/// <summary>
/// Who reads which kind of canonical record (legacy data of the agencies, keys are guessable): enterprise records
/// any official; declarations and permits the inspection line (AQSIQ, CIQ) and Customs; LPCOs the issuing ministries,
/// the inspection line and Customs; credit records the central bank; measurements the inspection line and the BQS bureaus.
/// </summary>
internal static class RecordAccess
{
    /// <summary>Null when the actor may read records of the kind, else the reason.</summary>
    public static Message? Refusal(Actor actor, RecordKind kind)
    {
        if (!actor.IsOfficial)
        {
            return new Message("codes.officials-read-records");
        }

        string[] agencies = kind switch
        {
            RecordKind.Enterprise => [],
            RecordKind.Declaration or RecordKind.Permit => ["AQSIQ", "CIQ", "CUSTOMS"],
            RecordKind.Lpco => ["MOA", "MEP", "AQSIQ", "CIQ", "CUSTOMS"],
            RecordKind.CreditRecord => ["PBC"],
            _ => ["AQSIQ", "CIQ", "BQS"],
        };
        return agencies.Length == 0 || (actor.Agency is { } agency && agencies.Contains(agency, StringComparer.Ordinal))
            ? null
            : new Message("codes.records-read-by", WireNames.Of(kind), string.Join(", ", agencies), actor.OrganisationCode, actor.Agency);
    }
}

/// <summary>Reads an upload within a limit.</summary>
internal static class Uploads
{
    /// <summary>The content, or null when it is larger than <paramref name="limit"/> (reading stops there).</summary>
    public static async Task<byte[]?> ReadAsync(Upload upload, long limit, CancellationToken ct)
    {
        if (upload.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await upload.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }
}
