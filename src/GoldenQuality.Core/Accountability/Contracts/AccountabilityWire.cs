namespace GoldenQuality.Accountability.Contracts;

/// <summary>
/// The wire contract of accountability between nodes (docs/accountability.md): feedback to providers, escalations of
/// overdue agreement steps, reciprocity summaries for the leadership, and information needs. Every member may send
/// these to every other under the federation-wide agreement (DEMO-AGR-024 in the demo directory).
/// </summary>
public static class AccountabilityWire
{
    /// <summary>A consumer tells the provider how data it received under an agreement was used, and what came of it.</summary>
    public const string FeedbackReportedType = "accountability.feedback.reported";

    /// <summary>An agreement step is overdue on a live case: told to the accountable party and the coordinating body.</summary>
    public const string StepEscalatedType = "accountability.step.escalated";

    /// <summary>A node's summary of what its agency gave and received per partner, how fast it answered, its on-time rate.</summary>
    public const string ReciprocityReportedType = "accountability.reciprocity.reported";

    /// <summary>A department or ministry files an information need with the provider and the coordinating body.</summary>
    public const string NeedFiledType = "accountability.need.filed";

    /// <summary>The provider comments on an information need.</summary>
    public const string NeedCommentedType = "accountability.need.commented";

    /// <summary>The coordinating body approves (with the agreement it produces) or refuses (with reasons) an information need.</summary>
    public const string NeedDecidedType = "accountability.need.decided";

    public static readonly string[] Types = [FeedbackReportedType, StepEscalatedType, ReciprocityReportedType, NeedFiledType, NeedCommentedType, NeedDecidedType];
}
