using System.Xml;
using GoldenQuality.Accountability.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Accountability;

/// <summary>
/// Tracks the agreement steps of the cases this node opened (decision 0018): one pass opens a case for each envelope it
/// sent, and each dataset query it asked, under an agreement with steps; completes <c>deliver</c> (or a query's
/// <c>answer</c>) at the signed receipt (or the answer) and a later step when its accountable member sends anything in the
/// case; and escalates each overdue step once, to the accountable party's node and to the node hosting the coordinating
/// body. Idempotent: a pass run twice opens, completes and escalates nothing more.
/// </summary>
internal sealed class StepTracker(GqDbContext db, ExchangeActivity activity, ExchangeNode node, ExchangeSender sender, TimeProvider clock, IOptions<StepOptions> options)
{
    /// <summary>The first step of a message case, done at the recipient's signed receipt.</summary>
    public const string DeliverStep = "deliver";

    /// <summary>The first step of a query case, done at the provider's signed answer.</summary>
    public const string AnswerStep = "answer";

    /// <summary>
    /// How far back of now the cursor stays, for envelopes committed a little after they were created (a request's
    /// transaction, bounded by the 30-second command timeout). Every pass reads at least this much of the node's
    /// traffic, so it is not longer than it needs to be.
    /// </summary>
    private static readonly TimeSpan CommitMargin = TimeSpan.FromMinutes(1);

    /// <summary>The most passes one call runs to catch up (see <see cref="TrackAsync"/>).</summary>
    internal const int MaxPasses = 20;

    /// <summary>
    /// Tracks until caught up. A pass opens at most <c>MaxCasesPerPass</c> cases; when a busy node has sent more since the
    /// last call, passes follow one another (each saved and then forgotten by the context) until one opens fewer, at most
    /// <see cref="MaxPasses"/>. So the tracker keeps up with the node's traffic, and what a pass reads stays about one
    /// interval long instead of growing with a backlog.
    /// </summary>
    public async Task<StepTrackSummary> TrackAsync(CancellationToken ct)
    {
        if (!node.Enabled || node.Directory.Current is not { } directory)
        {
            return new StepTrackSummary(0, 0, 0, 0);
        }

        var total = new StepTrackSummary(0, 0, 0, 0);
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var one = await PassAsync(directory, ct);
            db.ChangeTracker.Clear();
            total = new StepTrackSummary(total.Opened + one.Opened, total.Completed + one.Completed, total.Escalated + one.Escalated, one.Overdue);
            if (one.Opened < options.Value.MaxCasesPerPass)
            {
                break;
            }
        }

        return total;
    }

    private async Task<StepTrackSummary> PassAsync(DirectoryState.Snapshot directory, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var o = options.Value;
        var cursor = await db.Set<StepCursor>().FirstOrDefaultAsync(c => c.Id == StepCursor.SingletonId, ct);
        if (cursor is null)
        {
            cursor = StepCursor.Start(now.AddDays(-o.FollowDays));
            db.Add(cursor);
        }

        var followFrom = now.AddDays(-o.FollowDays);
        var oldestOpen = await db.Set<StepRow>().Where(s => s.CompletedAt == null && s.OpenedAt >= followFrom)
            .OrderBy(s => s.OpenedAt).Select(s => (DateTimeOffset?)s.OpenedAt).FirstOrDefaultAsync(ct);
        var from = oldestOpen is { } open && open < cursor.Through ? open : cursor.Through;
        var envelopes = await activity.BetweenAsync(from, now.AddTicks(1), ct);

        var opened = await OpenCasesAsync(directory, envelopes, cursor, o.MaxCasesPerPass, ct);
        var (completed, live) = await CompleteStepsAsync(envelopes, followFrom, ct);
        var escalated = Escalate(directory, live, now);
        await db.SaveChangesAsync(ct);
        return new StepTrackSummary(opened, completed, escalated, live.Count(s => s.IsOverdue(now)));
    }

    private async Task<int> OpenCasesAsync(DirectoryState.Snapshot directory, IReadOnlyList<EnvelopeActivity> envelopes, StepCursor cursor, int max, CancellationToken ct)
    {
        var candidates = envelopes.Where(e => e.Sent && e.At >= cursor.Through && e.Agreement is not null && !IsOperational(e.Type)).ToList();
        var ids = candidates.Select(e => e.EnvelopeId).Distinct().ToList();
        var known = new HashSet<(Guid, string)>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var k in await db.Set<StepRow>().Where(s => chunk.Contains(s.CaseEnvelope) && s.StepIndex == 0)
                         .Select(s => new { s.CaseEnvelope, s.CaseRecipient }).ToListAsync(ct))
            {
                known.Add((k.CaseEnvelope, k.CaseRecipient));
            }
        }

        var opened = 0;
        foreach (var e in candidates)
        {
            if (opened >= max)
            {
                return opened;
            }

            cursor.Advance(e.At);
            if (known.Contains((e.EnvelopeId, e.Recipient)) ||
                directory.Document.Agreements.FirstOrDefault(a => a.Id == e.Agreement) is not { Steps.Length: > 0 } agreement)
            {
                continue;
            }

            var owedTo = Parties.MemberOf(node.Id);
            var provider = e.IsQuery ? Parties.MemberOf(e.Recipient) : Parties.MemberOf(e.Sender);
            var consumer = e.IsQuery ? owedTo : Parties.MemberOf(e.Recipient);
            for (var i = 0; i < agreement.Steps.Length; i++)
            {
                var step = agreement.Steps[i];
                // The provider's steps are the provider's; any other step is owed by the consumer of this case (an
                // agreement with several consumers names one of them, or the consumers' member, for them all).
                var accountable = string.Equals(step.Accountable, agreement.Provider, StringComparison.Ordinal) ? provider : consumer;
                db.Add(StepRow.Open(Ids.New(clock), e.EnvelopeId, e.Recipient, e.CorrelationId ?? e.EnvelopeId, agreement.Id, e.Type, e.IsQuery, owedTo,
                    i, Cut(step.Step, 128), accountable, DurationOf(step.ResponseDeadline), e.At));
            }

            known.Add((e.EnvelopeId, e.Recipient));
            opened++;
        }

        // Everything up to now was looked at; a row committed a little after its creation time is still read next time.
        cursor.Advance(clock.GetUtcNow() - CommitMargin);
        return opened;
    }

    /// <summary>The agreement's ISO 8601 duration; a directory with an unreadable one is the authority's error, read as no time at all.</summary>
    internal static TimeSpan DurationOf(string iso)
    {
        try
        {
            var span = XmlConvert.ToTimeSpan(iso);
            return span < TimeSpan.Zero ? TimeSpan.Zero : span;
        }
        catch (FormatException)
        {
            return TimeSpan.Zero;
        }
    }

    private async Task<(int Completed, List<StepRow> Live)> CompleteStepsAsync(IReadOnlyList<EnvelopeActivity> envelopes, DateTimeOffset followFrom, CancellationToken ct)
    {
        // The cases with a step not done: every step of each (new rows are in the change tracker). A case whose steps are all
        // done has nothing left to complete or escalate (only a step not done can be overdue), so it is not read again.
        var openCases = await db.Set<StepRow>().Where(s => s.OpenedAt >= followFrom && s.CompletedAt == null)
            .Select(s => s.CaseEnvelope).Distinct().ToListAsync(ct);
        foreach (var chunk in openCases.Chunk(500))
        {
            await db.Set<StepRow>().Where(s => chunk.Contains(s.CaseEnvelope)).LoadAsync(ct);
        }

        var live = db.ChangeTracker.Entries<StepRow>().Where(x => x.State != EntityState.Deleted).Select(x => x.Entity).ToList();
        var byEnvelope = envelopes.Where(e => e.Sent).GroupBy(e => (e.EnvelopeId, e.Recipient)).ToDictionary(g => g.Key, g => g.First());
        var inCase = envelopes.Where(e => e.CorrelationId is not null || e.CausationId is not null).ToList();
        var completed = 0;
        foreach (var steps in live.GroupBy(s => (s.CaseEnvelope, s.CaseRecipient)))
        {
            var used = new HashSet<Guid>(steps.Where(s => s.CompletedBy is not null).Select(s => s.CompletedBy!.Value));
            DateTimeOffset? previous = null;
            foreach (var step in steps.OrderBy(s => s.StepIndex))
            {
                if (previous is { } p)
                {
                    step.Starts(p);
                }

                if (step.DueAt is null)
                {
                    break;
                }

                if (!step.IsDone && Completion(step, byEnvelope, inCase, used) is { } done)
                {
                    step.Done(previous is { } prev && done.At < prev ? prev : done.At, done.By);
                    if (done.By is { } by)
                    {
                        used.Add(by);
                    }

                    completed++;
                }

                if (step.CompletedAt is not { } finished)
                {
                    break;
                }

                previous = finished;
            }
        }

        return (completed, live);
    }

    private static (DateTimeOffset At, Guid? By)? Completion(StepRow step, Dictionary<(Guid, string), EnvelopeActivity> byEnvelope, List<EnvelopeActivity> inCase, HashSet<Guid> used)
    {
        var isFirst = step.StepIndex == 0 && (string.Equals(step.Step, DeliverStep, StringComparison.Ordinal) || string.Equals(step.Step, AnswerStep, StringComparison.Ordinal));
        if (isFirst)
        {
            return byEnvelope.TryGetValue((step.CaseEnvelope, step.CaseRecipient), out var sent) && sent.DeliveredAt is { } delivered ? (delivered, null) : null;
        }

        var reply = inCase.FirstOrDefault(e => e.EnvelopeId != step.CaseEnvelope && !used.Contains(e.EnvelopeId) && e.At >= step.OpenedAt &&
            (e.CorrelationId == step.CorrelationId || e.CausationId == step.CaseEnvelope) &&
            string.Equals(Parties.MemberOf(e.Sender), step.Accountable, StringComparison.Ordinal));
        return reply is null ? null : (reply.At, reply.EnvelopeId);
    }

    private int Escalate(DirectoryState.Snapshot directory, List<StepRow> live, DateTimeOffset now)
    {
        var coordinator = directory.HostOf(Policies.CoordinatingOffice);
        var escalated = 0;
        foreach (var step in live.Where(s => s.IsOverdue(now) && s.EscalatedAt is null))
        {
            step.Escalated(now);
            var wire = new StepEscalation(step.CaseEnvelope, step.CaseRecipient, step.CorrelationId, step.Agreement, step.MessageType, step.StepIndex, step.Step,
                step.Accountable, step.OwedTo, step.OpenedAt, step.DueAt!.Value, now);
            var accountableNode = Parties.MemberOf(step.CaseRecipient) == step.Accountable ? step.CaseRecipient
                : Parties.MemberOf(node.Id) == step.Accountable ? node.Id
                : directory.Document.Nodes.FirstOrDefault(n => n.Member == step.Accountable)?.Id;
            var recipients = new List<string>();
            if (accountableNode is not null && accountableNode != node.Id)
            {
                recipients.Add(accountableNode);
            }
            else if (accountableNode == node.Id)
            {
                db.Add(EscalationRow.From(Ids.New(clock), null, node.Id, false, wire, now));
            }

            if (coordinator is not null && coordinator.Id != node.Id)
            {
                recipients.Add($"{coordinator.Id}/{Policies.CoordinatingOffice}");
            }
            else if (coordinator is not null)
            {
                db.Add(EscalationRow.From(Ids.New(clock), null, node.Id, true, wire, now));
            }

            if (recipients.Count > 0)
            {
                sender.As(SendingModule.Accountability).Send(db, AccountabilityWire.StepEscalatedType, wire, recipients, correlationId: step.CorrelationId, causationId: step.CaseEnvelope);
            }

            escalated++;
        }

        return escalated;
    }

    /// <summary>The exchange's and accountability's own messages open no case.</summary>
    internal static bool IsOperational(string type) =>
        type.StartsWith("accountability.", StringComparison.Ordinal) || type.StartsWith("exchange.", StringComparison.Ordinal) ||
        type.EndsWith(".response", StringComparison.Ordinal);

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
