using System.Text.Json;
using System.Text.Json.Nodes;
using GoldenQuality.Common;
using GoldenQuality.Persistence;

namespace GoldenQuality.Exchange.Contracts;

/// <summary>The outcome of publishing or sending: the envelopes queued, and the recipients refused with why.</summary>
public sealed record SendResult(IReadOnlyList<Guid> Envelopes, IReadOnlyList<string> Recipients, IReadOnlyList<(string Party, string Reason)> Denied);

/// <summary>
/// Queues envelopes in the caller's context: the outbox rows are saved by the caller's own SaveChangesAsync,
/// in the same transaction as the business change that causes them. Agreements are enforced here: a
/// recipient no valid agreement covers is denied (and the denial recorded), and fields the agreement does not
/// allow are removed from the payload before it is signed.
/// </summary>
public sealed class ExchangeSender(ExchangeNode node, TimeProvider clock)
{
    /// <summary>
    /// The sender of one module's business messages (decision 0007): it sends only the types that module owns
    /// (<see cref="MessageOwnership"/>). The plain <c>Publish</c> and <c>Send</c> (without a module) are the operator's:
    /// they refuse every domain type.
    /// </summary>
    public ModuleSender As(SendingModule module) => new(this, module);

    /// <summary>Publishes an operator message type to every party that a valid agreement names as a consumer of it.</summary>
    public SendResult Publish(GqDbContext db, string type, object payload, string? senderOffice = null, Guid? correlationId = null, Guid? causationId = null) =>
        Publish(SendingModule.Operator, db, type, payload, senderOffice, correlationId, causationId);

    /// <summary>Sends an operator message type to the named parties.</summary>
    public SendResult Send(GqDbContext db, string type, object payload, IReadOnlyCollection<string> recipients, string? senderOffice = null, Guid? correlationId = null, Guid? causationId = null) =>
        Send(SendingModule.Operator, db, type, payload, recipients, senderOffice, correlationId, causationId);

    internal SendResult Publish(SendingModule module, GqDbContext db, string type, object payload, string? senderOffice, Guid? correlationId, Guid? causationId)
    {
        EnsureOwner(module, type);
        if (!node.Enabled || node.Directory.Current is not { } directory)
        {
            return new SendResult([], [], []);
        }

        var now = clock.GetUtcNow();
        var sender = SenderParty(senderOffice);
        var consumers = directory.Document.Agreements
            .Where(a => a.IsValidAt(now) && a.MessageTypes.Contains(type, StringComparer.Ordinal) && Parties.Matches(a.Provider, sender))
            .SelectMany(a => a.Consumers)
            .SelectMany(c => ExpandToNodes(directory, c))
            .Where(p => !Parties.Matches(p, node.Id))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return Send(module, db, type, payload, consumers, senderOffice, correlationId, causationId);
    }

    /// <summary>Sends to the named parties (nodes or hosted offices), each under the agreement that covers it.</summary>
    internal SendResult Send(SendingModule module, GqDbContext db, string type, object payload, IReadOnlyCollection<string> recipients, string? senderOffice, Guid? correlationId, Guid? causationId)
    {
        EnsureOwner(module, type);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(recipients);
        var directory = node.Directory.Required;
        var now = clock.GetUtcNow();
        var sender = SenderParty(senderOffice);
        var full = JsonSerializer.SerializeToNode(payload, Envelopes.Json) as JsonObject
            ?? throw new ArgumentException("An envelope's payload is a JSON object.", nameof(payload));
        var denied = new List<(string, string)>();
        var groups = new Dictionary<string, (Agreement Agreement, List<string> Parties)>(StringComparer.Ordinal);
        foreach (var recipient in recipients.Distinct(StringComparer.Ordinal))
        {
            var reason = !Parties.IsWellFormed(recipient) ? "malformed"
                : directory.Node(Parties.NodeOf(recipient)) is not { } target ? RejectionReasons.UnknownRecipient
                : Parties.OfficeOf(recipient) is { } office && !directory.IsHost(target.Id, office) ? RejectionReasons.UnknownRecipient
                : null;
            var (valid, expired) = reason is null ? directory.Find(sender, recipient, type, dataset: false, now) : (null, null);
            reason ??= valid is null ? (expired is null ? RejectionReasons.NoAgreement : RejectionReasons.AgreementExpired) : null;
            if (reason is not null)
            {
                denied.Add((recipient, reason));
                db.Set<ExchangeRejection>().Add(ExchangeRejection.Create(Ids.New(clock), now, "out", null, type, recipient, reason,
                    $"{sender} may not send {type} to {recipient}: {reason}"));
                continue;
            }

            if (!groups.TryGetValue(valid!.Id, out var group))
            {
                groups[valid.Id] = group = (valid, []);
            }

            group.Parties.Add(recipient);
        }

        var envelopes = new List<Guid>();
        var sentTo = new List<string>();
        foreach (var (agreement, parties) in groups.Values)
        {
            var text = Minimise(full, agreement).ToJsonString(Envelopes.Json);
            var id = Ids.New(clock);
            var header = Envelopes.Header(id, type, sender, [.. parties], correlationId, causationId, now, text);
            var wire = Envelopes.Seal(header, text, node.Id, node.Key);
            foreach (var recipientNode in parties.Select(Parties.NodeOf).Distinct(StringComparer.Ordinal))
            {
                db.Set<OutboxMessage>().Add(OutboxMessage.Create(Ids.New(clock), header, recipientNode,
                    (correlationId ?? id).ToString(), 0, wire.Jws, wire.Payload, now));
            }

            envelopes.Add(id);
            sentTo.AddRange(parties);
        }

        return new SendResult(envelopes, sentTo, denied);
    }

    /// <summary>Removes every top-level field the agreement does not allow (<c>*</c> allows all).</summary>
    internal static JsonObject Minimise(JsonObject payload, Agreement agreement)
    {
        if (agreement.AllowedFields.Contains("*", StringComparer.Ordinal))
        {
            return payload.DeepClone().AsObject();
        }

        var copy = new JsonObject();
        foreach (var (name, value) in payload)
        {
            if (agreement.AllowedFields.Contains(name, StringComparer.Ordinal))
            {
                copy[name] = value?.DeepClone();
            }
        }

        return copy;
    }

    /// <summary>A module sending another module's type (or the operator a domain type) is a programming error, never data.</summary>
    private static void EnsureOwner(SendingModule module, string type)
    {
        if (!MessageOwnership.MaySend(module, type))
        {
            throw new InvalidOperationException(MessageOwnership.OwnerOf(type) is { } owner
                ? $"{type} is owned by the {owner} module; the {Common.WireNames.Of(module)} sender may not send it"
                : $"{type} is an operator message type; the {Common.WireNames.Of(module)} sender sends only its own module's types");
        }
    }

    private string SenderParty(string? office) => office is null ? node.Id : $"{node.Id}/{office}";

    /// <summary>A consumer given as a member id stands for every node of that member.</summary>
    private static IEnumerable<string> ExpandToNodes(DirectoryState.Snapshot directory, string consumer) =>
        consumer.Split('/').Length == 3
            ? directory.Document.Nodes.Where(n => n.Member == consumer).Select(n => n.Id)
            : [consumer];
}

/// <summary>One module's sender: the only way its code sends its business messages (see <see cref="MessageOwnership"/>).</summary>
public readonly struct ModuleSender(ExchangeSender sender, SendingModule module)
{
    public SendingModule Module => module;

    public SendResult Publish(GqDbContext db, string type, object payload, string? senderOffice = null, Guid? correlationId = null, Guid? causationId = null) =>
        sender.Publish(module, db, type, payload, senderOffice, correlationId, causationId);

    public SendResult Send(GqDbContext db, string type, object payload, IReadOnlyCollection<string> recipients, string? senderOffice = null, Guid? correlationId = null, Guid? causationId = null) =>
        sender.Send(module, db, type, payload, recipients, senderOffice, correlationId, causationId);
}
