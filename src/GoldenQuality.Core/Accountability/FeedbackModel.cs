using GoldenQuality.Accountability.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Accountability;

/// <summary>Which side of a feedback a row is: the consumer's copy of what it sent, or the provider's of what it received.</summary>
internal enum FeedbackDirection
{
    Sent,
    Received,
}

/// <summary>
/// One feedback on the use of a record (<c>acc_feedback</c>): on the consumer's node what it sent (with the envelope, or
/// why none left), on the provider's node what it received, once per envelope.
/// </summary>
internal sealed class FeedbackRow
{
    private FeedbackRow()
    {
    }

    public Guid Id { get; private set; }

    public FeedbackDirection Direction { get; private set; }

    /// <summary>The envelope that carried it (null on the consumer's side when none was sent, see <see cref="NotSentReason"/>).</summary>
    public Guid? EnvelopeId { get; private set; }

    /// <summary>The provider's party (node or office).</summary>
    public string Provider { get; private set; } = "";

    /// <summary>The consumer's party (the envelope's sender: node/office).</summary>
    public string Consumer { get; private set; } = "";

    public string UsedBy { get; private set; } = "";

    public string DataKind { get; private set; } = "";

    public string RecordKey { get; private set; } = "";

    public string CaseRef { get; private set; } = "";

    public string Outcome { get; private set; } = "";

    public string? Agreement { get; private set; }

    public string? Detail { get; private set; }

    public Guid? CorrelationId { get; private set; }

    public DateTimeOffset UsedAt { get; private set; }

    /// <summary>When it was sent (consumer) or received (provider).</summary>
    public DateTimeOffset At { get; private set; }

    public string? NotSentReason { get; private set; }

    public static FeedbackRow Sent(Guid id, Guid? envelope, string provider, string consumer, FeedbackReported f, Guid? correlation, DateTimeOffset at, string? notSent) =>
        Make(id, FeedbackDirection.Sent, envelope, provider, consumer, f, correlation, at, notSent);

    public static FeedbackRow Received(Guid id, Guid envelope, string provider, string consumer, FeedbackReported f, Guid? correlation, DateTimeOffset at) =>
        Make(id, FeedbackDirection.Received, envelope, provider, consumer, f, correlation, at, null);

    private static FeedbackRow Make(Guid id, FeedbackDirection direction, Guid? envelope, string provider, string consumer, FeedbackReported f, Guid? correlation,
        DateTimeOffset at, string? notSent)
    {
        if (FeedbackLimits.Problem(f) is { } problem)
        {
            throw new ArgumentException("The feedback " + problem, nameof(f));
        }

        return new()
        {
            Id = id, Direction = direction, EnvelopeId = envelope, Provider = provider, Consumer = consumer, UsedBy = f.UsedBy, DataKind = f.DataKind, RecordKey = f.RecordKey,
            CaseRef = f.CaseRef, Outcome = f.Outcome, Agreement = f.Agreement, Detail = f.Detail, CorrelationId = correlation, UsedAt = f.UsedAt.ToUniversalTime(),
            At = at.ToUniversalTime(), NotSentReason = notSent is { Length: > 500 } n ? n[..497] + "..." : notSent,
        };
    }
}

internal sealed class FeedbackRowConfiguration : IEntityTypeConfiguration<FeedbackRow>
{
    public void Configure(EntityTypeBuilder<FeedbackRow> b)
    {
        b.ToTable("acc_feedback");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.Direction, x.EnvelopeId }).IsUnique();
        b.HasIndex(x => new { x.Direction, x.At });
        b.HasIndex(x => x.CaseRef);
        b.Property(x => x.Direction).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Provider).HasMaxLength(256);
        b.Property(x => x.Consumer).HasMaxLength(256);
        b.Property(x => x.UsedBy).HasMaxLength(FeedbackLimits.Office);
        b.Property(x => x.DataKind).HasMaxLength(FeedbackLimits.Kind);
        b.Property(x => x.RecordKey).HasMaxLength(FeedbackLimits.Key);
        b.Property(x => x.CaseRef).HasMaxLength(FeedbackLimits.Case);
        b.Property(x => x.Outcome).HasMaxLength(FeedbackLimits.Outcome);
        b.Property(x => x.Agreement).HasMaxLength(FeedbackLimits.Agreement);
        b.Property(x => x.Detail).HasMaxLength(FeedbackLimits.Detail);
        b.Property(x => x.NotSentReason).HasMaxLength(500);
    }
}
