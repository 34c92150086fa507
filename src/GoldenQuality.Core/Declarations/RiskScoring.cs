using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Supervision.Contracts;

namespace GoldenQuality.Declarations;

/// <summary>What E-Supervision says about the producer and the declared lots.</summary>
internal sealed record SupervisionFacts(string Producer, IReadOnlyList<string> Lots, bool EveryLineHasLots, IReadOnlyList<LotStatusView> Statuses, int Alerts);

/// <summary>
/// The risk decision from the facts gathered (docs/clearance.md): a held lot or a recent nonconformity means
/// sampling with a lab test; lots all pre-supervised mean a document check; otherwise the points (credit class,
/// product risk, recent failures) fall into document check, physical inspection or sampling by the configured
/// thresholds. A document check is then drawn for a random physical inspection with the seed given.
/// </summary>
internal static class RiskScoring
{
    /// <summary>
    /// Decides from the scored reasons and the supervision facts. <c>inspect</c> lists what asks for an inspection
    /// whatever the points say (a certificate mismatch, a withdrawn certificate, an open rapid alert): a physical
    /// inspection at least, with the reason <c>fast-track</c> naming each.
    /// </summary>
    public static RiskDecision Decide(RiskOptions o, IReadOnlyList<RiskReason> scored, SupervisionFacts facts, long seed, DateTimeOffset now, IReadOnlyList<Message>? inspect = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(facts);
        var reasons = new List<RiskReason>(scored);
        var (producer, lots, everyLineHasLots, statuses, alerts) = facts;
        var held = statuses.Where(s => s.Held).ToArray();
        // A suspended licence or a failed spot check reported by the provincial BQS outweighs the supervision records:
        // the points decide (decision 0015).
        var domestic = scored.Any(r => r.Input == "domestic-supervision" && r.Points > 0);
        var preSupervised = !domestic && lots.Count > 0 && everyLineHasLots &&
            lots.All(lot => statuses.Any(s => s.LotNumber == lot && s.RecordNumber is not null));

        RiskOutcome outcome;
        if (held.Length > 0 || alerts > 0)
        {
            outcome = RiskOutcome.SamplingLabTest;
            reasons.Add(new RiskReason("holds-and-alerts", string.Create(CultureInfo.InvariantCulture, $"{held.Length} held lots, {alerts} nonconformities"), 0,
                RiskEngine.Explain(held.Length > 0
                    ? new Message("risk.lot-held", held[0].LotNumber, Message.FromStored(held[0].HoldReason) ?? (object)"")
                    : new Message("risk.nonconformities", producer, alerts, o.AlertLookBackDays))));
        }
        else if (preSupervised)
        {
            outcome = RiskOutcome.DocumentCheck;
            reasons.Add(new RiskReason("supervision", "pre-supervised", 0,
                RiskEngine.Explain(new Message("risk.pre-supervised", string.Join(", ", statuses.Select(s => s.RecordNumber))))));
        }
        else
        {
            reasons.Add(new RiskReason("supervision", lots.Count == 0 ? "no lots declared" : "not pre-supervised", 0,
                RiskEngine.Explain(new Message(lots.Count == 0 ? "risk.no-lots" : "risk.not-pre-supervised"))));
            reasons.Add(new RiskReason("alerts", "none", 0, RiskEngine.Explain(new Message("risk.no-alerts", producer, o.AlertLookBackDays))));
            var points = reasons.Sum(r => r.Points);
            outcome = points < o.DocumentCheckBelow ? RiskOutcome.DocumentCheck : points < o.PhysicalInspectionBelow ? RiskOutcome.PhysicalInspection : RiskOutcome.SamplingLabTest;
        }

        if (inspect is { Count: > 0 })
        {
            reasons.Add(new RiskReason("fast-track", "refused", 0, RiskEngine.Explain(Message.List(inspect))));
            if (outcome == RiskOutcome.DocumentCheck)
            {
                outcome = RiskOutcome.PhysicalInspection;
            }
        }

        var score = reasons.Sum(r => r.Points);
        var draw = RiskEngine.Draw(seed);
        var random = outcome == RiskOutcome.DocumentCheck && draw < o.RandomSampleRate;
        if (random)
        {
            outcome = RiskOutcome.PhysicalInspection;
        }

        reasons.Add(new RiskReason("random-sample", random ? "selected" : "not selected", 0,
            RiskEngine.Explain(new Message("risk.random", o.RandomSampleRate.ToString("0.####", CultureInfo.InvariantCulture), seed, draw.ToString("0.######", CultureInfo.InvariantCulture)))));
        return new RiskDecision(outcome, score, [.. reasons], seed, draw, o.RandomSampleRate, random, now);
    }
}
