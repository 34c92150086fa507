using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Accountability;

/// <summary>
/// The latest reciprocity report of one node, kept on the node hosting the coordinating body: the report as the node
/// signed it (its envelope and signer), replaced only by a newer one.
/// </summary>
internal sealed class ReciprocityReportRow
{
    private ReciprocityReportRow()
    {
    }

    public string Node { get; private set; } = "";

    public string Member { get; private set; } = "";

    /// <summary>The envelope that carried it (null when the coordinating body's own node kept its report).</summary>
    public Guid? EnvelopeId { get; private set; }

    /// <summary>The node whose key signed the envelope.</summary>
    public string Signer { get; private set; } = "";

    public DateTimeOffset ReportedAt { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public DateTimeOffset From { get; private set; }

    public DateTimeOffset To { get; private set; }

    /// <summary>The report's JSON.</summary>
    public string Body { get; private set; } = "";

    internal static ReciprocityReportRow Create(string node, string member, Guid? envelopeId, string signer, DateTimeOffset reportedAt, DateTimeOffset receivedAt,
        DateTimeOffset from, DateTimeOffset to, string body) => new()
    {
        Node = node, Member = member, EnvelopeId = envelopeId, Signer = signer, ReportedAt = reportedAt, ReceivedAt = receivedAt, From = from, To = to, Body = body,
    };

    /// <summary>A newer report replaces this one; an older one (delivered late) changes nothing.</summary>
    internal bool Replace(ReciprocityReportRow newer)
    {
        if (newer.ReportedAt <= ReportedAt)
        {
            return false;
        }

        EnvelopeId = newer.EnvelopeId;
        Signer = newer.Signer;
        ReportedAt = newer.ReportedAt;
        ReceivedAt = newer.ReceivedAt;
        From = newer.From;
        To = newer.To;
        Body = newer.Body;
        return true;
    }
}

internal sealed class ReciprocityReportRowConfiguration : IEntityTypeConfiguration<ReciprocityReportRow>
{
    public void Configure(EntityTypeBuilder<ReciprocityReportRow> b)
    {
        b.ToTable("acc_reciprocity_reports");
        b.HasKey(r => r.Node);
        b.Property(r => r.Node).HasMaxLength(160);
        b.Property(r => r.Member).HasMaxLength(160);
        b.Property(r => r.Signer).HasMaxLength(160);
    }
}
