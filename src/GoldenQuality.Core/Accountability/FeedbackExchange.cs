using System.Text.Json;
using GoldenQuality.Accountability.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Accountability;

/// <summary>
/// Feedback on every use (<see cref="IDataUseFeedback"/>): the provider's party is resolved with the directory (an office
/// to the node hosting it), <c>accountability.feedback.reported</c> is queued in the caller's unit of work, and the
/// consumer keeps a copy of what it sent, with the envelope or the reason none left.
/// </summary>
internal sealed class DataUseFeedback(ExchangeNode node, ExchangeSender sender, TimeProvider clock) : IDataUseFeedback
{
    public void Report(GqDbContext db, string usedByOffice, DataUse use)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(use);
        ArgumentException.ThrowIfNullOrWhiteSpace(usedByOffice);
        var now = clock.GetUtcNow();
        var payload = new FeedbackReported(use.DataKind, Bound(use.RecordKey, FeedbackLimits.Key), Bound(use.CaseRef, FeedbackLimits.Case), use.Outcome, use.Agreement,
            use.Detail is null ? null : Bound(use.Detail, FeedbackLimits.Detail), usedByOffice, now);
        if (FeedbackLimits.Problem(payload) is { } problem)
        {
            throw new ArgumentException("The feedback " + problem, nameof(use));
        }

        var consumer = node.Enabled ? $"{node.Id}/{usedByOffice}" : usedByOffice;
        var provider = ProviderParty(use.Provider);
        if (provider is null)
        {
            db.Add(FeedbackRow.Sent(Ids.New(clock), null, use.Provider, consumer, payload, use.CorrelationId, now,
                node.Enabled ? $"no node of the federation directory is or hosts {use.Provider}" : "the exchange is not configured on this node"));
            return;
        }

        // The record came from a dataset of the provider's (credit-record, quarantine-permit, …) unless the caller names the agreement.
        var agreement = use.Agreement ?? node.Directory.Current?.Find(Parties.NodeOf(provider), node.Id, use.DataKind, dataset: true, now).Valid?.Id;
        payload = payload with { Agreement = agreement };
        var result = sender.As(SendingModule.Accountability).Send(db, AccountabilityWire.FeedbackReportedType, payload, [provider], usedByOffice, use.CorrelationId);
        var envelope = result.Envelopes.Count > 0 ? result.Envelopes[0] : (Guid?)null;
        var notSent = envelope is null ? string.Join("; ", result.Denied.Select(d => $"{d.Party}: {d.Reason}")) : null;
        db.Add(FeedbackRow.Sent(Ids.New(clock), envelope, provider, consumer, payload, use.CorrelationId, now, notSent is { Length: 0 } ? "not sent" : notSent));
    }

    /// <summary>The provider as a party the exchange can address: a node or <c>node/office</c> as given, an office resolved to its host.</summary>
    private string? ProviderParty(string provider)
    {
        if (!node.Enabled || node.Directory.Current is not { } directory)
        {
            return null;
        }

        if (provider.Contains('/', StringComparison.Ordinal))
        {
            return Parties.IsWellFormed(provider) && directory.Node(Parties.NodeOf(provider)) is not null ? provider : null;
        }

        return node.PartyOf(provider) is { } party ? Parties.NodeOf(party) : null;
    }

    private static string Bound(string text, int max) => text.Length <= max ? text : text[..(max - 3)] + "...";
}

/// <summary>
/// The provider's side: each <c>accountability.feedback.reported</c> is checked (bounded, well-formed fields) and kept
/// once per envelope in <c>acc_feedback</c>; a malformed one is refused with the reason.
/// </summary>
internal sealed class FeedbackReportedHandler(TimeProvider clock) : IEnvelopeHandler
{
    public bool Handles(string type) => type == AccountabilityWire.FeedbackReportedType;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(header);
        FeedbackReported? feedback;
        try
        {
            feedback = payload.ValueKind == JsonValueKind.Object ? payload.Deserialize<FeedbackReported>(Envelopes.Json) : null;
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{AccountabilityWire.FeedbackReportedType} is malformed: {e.Message}", e);
        }

        if (FeedbackLimits.Problem(feedback) is { } problem)
        {
            throw new InvalidOperationException($"{AccountabilityWire.FeedbackReportedType} refused: the feedback {problem}.");
        }

        if (db.Set<FeedbackRow>().Local.Any(f => f.Direction == FeedbackDirection.Received && f.EnvelopeId == header.Id) ||
            await db.Set<FeedbackRow>().AnyAsync(f => f.Direction == FeedbackDirection.Received && f.EnvelopeId == header.Id, ct))
        {
            return;
        }

        var provider = header.Recipients.Length > 0 ? header.Recipients[0] : "";
        db.Add(FeedbackRow.Received(Ids.New(clock), header.Id, provider, header.Sender, feedback!, header.CorrelationId, clock.GetUtcNow()));
    }
}
