using System.ComponentModel.DataAnnotations;

namespace GoldenQuality.Accountability;

/// <summary>The settings of step tracking and reciprocity reports (section <c>Accountability</c>; docs/accountability.md).</summary>
internal sealed class StepOptions
{
    public const string Section = "Accountability";

    /// <summary>How often the node tracks its cases' steps (opens cases, completes and escalates steps); 0: never by itself.</summary>
    [Range(0, 86_400)]
    public int TrackEverySeconds { get; set; } = 60;

    /// <summary>How often the node sends its reciprocity summary to the node hosting the coordinating body; 0: never by itself.</summary>
    [Range(0, 7 * 86_400)]
    public int ReportEverySeconds { get; set; } = 3600;

    /// <summary>The window a reciprocity summary covers, in days back from now.</summary>
    [Range(1, 366)]
    public int ReportWindowDays { get; set; } = 30;

    /// <summary>The most cases one tracking pass opens (the next pass continues from its cursor).</summary>
    [Range(1, 100_000)]
    public int MaxCasesPerPass { get; set; } = 1000;

    /// <summary>How long a case's steps are followed after it opened; older open steps stay overdue but no reply completes them.</summary>
    [Range(1, 366)]
    public int FollowDays { get; set; } = 30;
}
