using System.ComponentModel.DataAnnotations;

namespace GoldenQuality.International;

/// <summary>The settings of the International module (<c>International:*</c>; docs/international.md).</summary>
public sealed class InternationalOptions
{
    public const string Section = "International";

    /// <summary>Hub: an envelope pulled but not acknowledged within this many seconds is offered again (a retry).</summary>
    [Range(1, 86_400)]
    public int AcknowledgeWithinSeconds { get; set; } = 300;

    /// <summary>Hub: after this many offers without an acknowledgement the envelope fails delivery, with that reason.</summary>
    [Range(1, 100)]
    public int MaxDeliveryAttempts { get; set; } = 5;

    /// <summary>Member: how often this node asks the hub for envelopes sent to its country (0: only when asked).</summary>
    [Range(0, 86_400)]
    public double PullEverySeconds { get; set; } = 30;
}
