using System.Text.Json;

namespace GoldenQuality.Exchange.Contracts;

public sealed record PublishRequest(string? Type, JsonElement? Payload, string[]? Recipients, Guid? CorrelationId, Guid? CausationId, string? SenderOffice);

public sealed record PublishResponse(Guid[] Envelopes, string[] Recipients, DeniedView[] Denied);

public sealed record DeniedView(string Party, string Reason);

public sealed record QueryCommand(string? Provider, string? Dataset, JsonElement? Parameters);

/// <summary>What an outbox row's last error says about its cause.</summary>
public static class OutboxErrors
{
    /// <summary>The start of the error a row keeps when its peer could not be reached at all (the peer's fault, not the envelope's).</summary>
    public const string Unreachable = "unreachable: ";
}

public sealed record OutboxView(Guid Id, Guid EnvelopeId, string Type, string Recipient, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt, string? LastError);

public sealed record InboxView(Guid EnvelopeId, string Type, string Sender, string AgreementId, DateTimeOffset ReceivedAt, string Payload);

public sealed record RejectionView(DateTimeOffset At, string Direction, Guid? EnvelopeId, string? Type, string? Party, string Reason, string Detail);

public sealed record PeerView(string Node, string Endpoint, string[] Offices, int Pending, int Dead, DateTimeOffset? LastDelivered);

public sealed record ExchangeStatus(string Node, long DirectoryVersion, DateTimeOffset DirectoryValidTo, PeerView[] Peers, int OutboxPending, int DeadLetters, long LogEntries, long? LastCheckpoint);

public sealed record LogVerification(bool Intact, long Entries, long? BrokenAt, string? Reason);
