using GoldenQuality.Common;
using GoldenQuality.Ministries.Contracts;

namespace GoldenQuality.Ministries;

/// <summary>
/// The central bank's rules for the effect of a reported credit event on an enterprise's credit class (docs/ministries.md,
/// "Credit"). Classes run from A (best) to D (worst). An AQSIQ nonconformity, a failed CIQ inspection and a Customs
/// penalty each lower the class one step, never below D; an enterprise with no credit record is taken to start from
/// <see cref="Unrated"/>. An event of a kind no rule names is recorded without effect.
/// </summary>
internal static class CreditEventRules
{
    /// <summary>The classes, best first.</summary>
    public static readonly string[] Classes = ["A", "B", "C", "D"];

    /// <summary>The class an enterprise without a credit record starts from when an event about it arrives.</summary>
    public const string Unrated = "B";

    /// <summary>How many classes each known event kind lowers.</summary>
    public static readonly IReadOnlyDictionary<string, int> StepsDown = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        [CreditEventKinds.AqsiqNonconformity] = 1,
        [CreditEventKinds.InspectionFailed] = 1,
        [CreditEventKinds.CustomsPenalty] = 1,
    };

    public static bool IsClass(string? value) => value is "A" or "B" or "C" or "D";

    /// <summary>The class after the event (empty when an unrated enterprise stays unrated) and the effect (kept in the history, coded).</summary>
    public static (string To, Message Effect) Apply(string? current, string kind)
    {
        var from = IsClass(current) ? current! : Unrated;
        object start = current is null ? new Message("credit.unrated-taken-as", Unrated) : from;
        if (!StepsDown.TryGetValue(kind, out var steps))
        {
            return (current ?? "", current is null
                ? new Message("credit.effect.no-rule-unrated", kind)
                : new Message("credit.effect.no-rule", kind, current));
        }

        var index = Array.IndexOf(Classes, from);
        var to = Classes[Math.Min(index + steps, Classes.Length - 1)];
        return to == from
            ? (to, new Message("credit.effect.lowest", kind, to))
            : (to, steps == 1 ? new Message("credit.effect.lowered-one", kind, start, to) : new Message("credit.effect.lowered", kind, steps, start, to));
    }
}
