using System.ComponentModel.DataAnnotations;

namespace GoldenQuality.Audit;

/// <summary>The audit writer's limits (section <c>Audit</c>).</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>How many reads may wait for their entry at once; when the queue is full a read is refused rather than the queue grown.</summary>
    [Range(1, 1_000_000)]
    public int QueueLimit { get; set; } = 10_000;

    /// <summary>The most entries appended in one transaction.</summary>
    [Range(1, 10_000)]
    public int MaxBatch { get; set; } = 500;
}
