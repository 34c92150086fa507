using System.ComponentModel.DataAnnotations;

namespace GoldenQuality.International;

/// <summary>The settings of foreign certificates and their check (<c>International:Certificates:*</c>; docs/international.md).</summary>
public sealed class ForeignCertificateOptions
{
    public const string Section = "International:Certificates";

    /// <summary>How far back a border rejection of a consignor (the exporter) counts in the exporter history.</summary>
    [Range(1, 3650)]
    public int ExporterLookBackDays { get; set; } = 365;

    /// <summary>How many replacements are followed from the cited certificate before the chain is called broken.</summary>
    [Range(1, 50)]
    public int MaxReplacementChain { get; set; } = 10;
}
