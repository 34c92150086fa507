using System.Text.Json;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Ministries.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Supervision.Contracts;

namespace GoldenQuality.Supervision;

/// <summary>
/// Hands supervision events to the exchange: queues the envelope in the caller's context (saved by its
/// SaveChangesAsync, in the same transaction as the event) and marks the event dispatched. When the exchange is
/// off, no node hosts the office, or no agreement covers it (the sender records the denial), the event stays
/// undispatched and readable through <c>/api/supervision/events?undispatched=true</c>. Undispatched events are
/// not retried in the background: an event denied once would be denied (and a rejection recorded) on every pass.
/// </summary>
internal sealed class SupervisionDispatcher(ExchangeNode node, ExchangeSender sender, ReportCreditEvent credit, TimeProvider clock)
{
    public const string NonconformityRaisedType = SupervisionMessages.NonconformityRaised;

    /// <summary>True when the exchange is configured and a directory is in force, so that events may be queued.</summary>
    public bool Active => node.Enabled && node.Directory.Current is not null;

    /// <summary>The office as a party of the directory (where the nonconformity goes), or null.</summary>
    public string? PartyOf(string office) => Active ? node.PartyOf(office) : null;

    /// <summary>Queues the nonconformity for its office; true when an envelope was queued and the event marked.</summary>
    public bool Dispatch(GqDbContext db, SupervisionEvent e, NonconformityRaised payload)
    {
        // The central bank hears of the nonconformity too (a credit event), in the same transaction.
        credit.Report(db, payload.EnterpriseUscc, CreditEventKinds.AqsiqNonconformity, e.Id.ToString(), payload.Office,
            $"{payload.Standard} {payload.Clause}", payload.Detail, e.Id);
        if (!Active || node.PartyOf(e.OfficeCode) is not { } recipient)
        {
            return false;
        }

        var result = sender.As(SendingModule.Supervision).Send(db, NonconformityRaisedType, payload, [recipient], correlationId: e.Id);
        if (result.Envelopes.Count == 0)
        {
            return false;
        }

        e.MarkDispatched(clock.GetUtcNow());
        return true;
    }
}

/// <summary>
/// Receives <c>supervision.nonconformity.raised</c>: checks that the payload is a nonconformity for an office the
/// envelope is addressed to. The accepted envelope itself (the inbox record, with its receipt) is the record the
/// office reads at <c>GET /api/supervision/received-events</c>.
/// </summary>
internal sealed class NonconformityRaisedHandler : IEnvelopeHandler
{
    public bool Handles(string type) => type == SupervisionDispatcher.NonconformityRaisedType;

    public Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(header);
        var e = Read(payload.GetRawText())
            ?? throw new InvalidOperationException($"{SupervisionDispatcher.NonconformityRaisedType} carries no event.");
        if (e.EventId == Guid.Empty || e.LotId == Guid.Empty || string.IsNullOrEmpty(e.Office) || string.IsNullOrEmpty(e.Parameter))
        {
            throw new InvalidOperationException($"{SupervisionDispatcher.NonconformityRaisedType} needs eventId, lotId, office and parameter.");
        }

        if (!header.Recipients.Any(r => Parties.OfficeOf(r) == e.Office))
        {
            throw new InvalidOperationException($"the event is for {e.Office}, which the envelope is not addressed to.");
        }

        return Task.CompletedTask;
    }

    internal static NonconformityRaised? Read(string json) => JsonSerializer.Deserialize<NonconformityRaised>(json, Envelopes.Json);

    /// <summary>
    /// The nonconformities this node received (read through the exchange's records), oldest first, optionally for one
    /// office; the total counts every received envelope of the type, the items only those whose payload reads.
    /// </summary>
    internal static async Task<(List<ReceivedEventView> Items, int Total)> ListAsync(IExchangeRecords exchange, string? office, int page, int size, CancellationToken ct)
    {
        var received = await exchange.ReceivedAsync(new ReceivedQuery(Type: SupervisionDispatcher.NonconformityRaisedType, Office: office), page, size, ct);
        var items = new List<ReceivedEventView>(received.Items.Count);
        foreach (var m in received.Items)
        {
            if (Read(m.Payload) is { } e)
            {
                items.Add(new ReceivedEventView(m.EnvelopeId, m.Sender, m.Recipients, m.AgreementId, m.ReceivedAt, m.Receipt, e));
            }
        }

        return (items, received.Total);
    }
}
