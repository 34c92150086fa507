using GoldenQuality.Codes.Sps;

namespace GoldenQuality.Codes.Contracts;

/// <summary>A structural problem of an SPS certificate, located in its XML.</summary>
public sealed record SpsDocumentProblem(int Line, int Column, string Path, string Reason);

/// <summary>
/// An SPS certificate read for another module: its fields as our permit record (<c>permitNo</c>, <c>items[0].netWeight</c>,
/// … as docs/codes.md lists them), or the located problems when it is not a valid SPSCertificate:17 (then no fields).
/// </summary>
public sealed record SpsDocument(IReadOnlyDictionary<string, string>? Fields, IReadOnlyList<SpsDocumentProblem> Problems, int NotMappedCount)
{
    public bool IsReadable => Fields is not null;
}

/// <summary>Reads UN/CEFACT SPSCertificate XML for other modules (the International module's received certificates), with the same parser and mapping as the SPS import.</summary>
public static class SpsDocuments
{
    /// <summary>Parses safely (no DTD, bounded depth and size), checks the structure and maps it to the permit record's fields.</summary>
    public static SpsDocument Read(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var (document, problems) = SpsCertificate.Parse(xml.TrimStart('\uFEFF'));
        if (document is null || problems.Count > 0)
        {
            return new SpsDocument(null, [.. problems.Select(p => new SpsDocumentProblem(p.Line, p.Column, p.Path, p.Reason))], 0);
        }

        var imported = SpsCertificate.Import(document);
        return new SpsDocument(imported.Permit.Fields, [], imported.NotMappedCount);
    }

    /// <summary>Writes permit-record fields as an SPSCertificate (XML with its declaration); the inverse of <see cref="Read"/>.</summary>
    public static string Write(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var xml = SpsCertificate.Export(new CanonicalRecord(RecordKind.Permit, fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal)));
        return xml.Declaration + "\n" + xml.Root;
    }
}
