using GoldenQuality.Exchange.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Exchange;

/// <summary>Where an outgoing envelope stands for one recipient node.</summary>
public enum OutboxStatus
{
    Pending,
    Delivered,
    Dead,
}

/// <summary>
/// One envelope to one recipient node, written in the same transaction as the change that causes it
/// (the transactional outbox). Delivery workers claim due rows, send them, and store the signed receipt.
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage()
    {
    }

    public Guid Id { get; private set; }

    public Guid EnvelopeId { get; private set; }

    public string Type { get; private set; } = "";

    /// <summary>The node the envelope travels to (may be this node: local delivery).</summary>
    public string RecipientNode { get; private set; } = "";

    /// <summary>Envelopes with the same key reach a recipient in <see cref="Sequence"/> order.</summary>
    public string OrderingKey { get; private set; } = "";

    public long Sequence { get; private set; }

    public string Jws { get; private set; } = "";

    public string Payload { get; private set; } = "";

    public string Digest { get; private set; } = "";

    public OutboxStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>A claim by one worker instance, so that two instances never send the same row at once.</summary>
    public DateTimeOffset? LockedUntil { get; private set; }

    public string? LockedBy { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public string? Receipt { get; private set; }

    /// <summary>
    /// The sending party, the case and the envelope answered, as the signed header says: copied here so that the
    /// accountability views read them without the envelope (decision 0027). Null on a row written before they were
    /// columns, until <see cref="EnvelopeLinksBackfill"/> has read it.
    /// </summary>
    public string? Sender { get; private set; }

    /// <inheritdoc cref="Sender"/>
    public Guid? CorrelationId { get; private set; }

    /// <inheritdoc cref="Sender"/>
    public Guid? CausationId { get; private set; }

    internal static OutboxMessage Create(Guid id, EnvelopeHeader header, string recipientNode, string orderingKey, long sequence, string jws, string payload, DateTimeOffset now) =>
        new()
        {
            Id = id,
            EnvelopeId = header.Id,
            Type = header.Type,
            Sender = header.Sender,
            CorrelationId = header.CorrelationId,
            CausationId = header.CausationId,
            RecipientNode = recipientNode,
            OrderingKey = orderingKey,
            Sequence = sequence,
            Jws = jws,
            Payload = payload,
            Digest = header.PayloadDigest,
            Status = OutboxStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
        };

    internal void Delivered(string receipt, DateTimeOffset now)
    {
        (Status, Receipt, DeliveredAt, LockedUntil, LockedBy, LastError) = (OutboxStatus.Delivered, receipt, now, null, null, null);
        Attempts++;
    }

    internal void Failed(string error, DateTimeOffset nextAttempt, int maxAttempts)
    {
        Attempts++;
        LastError = error.Length > 1000 ? error[..1000] : error;
        (LockedUntil, LockedBy, NextAttemptAt) = (null, null, nextAttempt);
        if (Attempts >= maxAttempts)
        {
            Status = OutboxStatus.Dead;
        }
    }

    /// <summary>Gives a claimed row back without an attempt (it did not fit the batch the peer can take now).</summary>
    internal void Release() => (LockedUntil, LockedBy) = (null, null);

    internal void Rejected(string reason)
    {
        Attempts++;
        (Status, LastError, LockedUntil, LockedBy) = (OutboxStatus.Dead, reason, null, null);
    }

    /// <summary>Copies the links of a row written before they were columns from its signed header.</summary>
    internal void Links(EnvelopeHeader header) => (Sender, CorrelationId, CausationId) = (header.Sender, header.CorrelationId, header.CausationId);

    internal void Retry(DateTimeOffset now) => (Status, Attempts, NextAttemptAt, LastError) = (OutboxStatus.Pending, 0, now, null);
}

/// <summary>An envelope this node accepted: the dedup key, the evidence, and the receipt it returned.</summary>
public sealed class InboxMessage
{
    private InboxMessage()
    {
    }

    public Guid EnvelopeId { get; private set; }

    public string Type { get; private set; } = "";

    public string Sender { get; private set; } = "";

    public string Recipients { get; private set; } = "";

    public Guid? CorrelationId { get; private set; }

    /// <summary>The envelope this one answers, as the signed header says (decision 0027); null on a row written before it was a column, until the backfill has read it.</summary>
    public Guid? CausationId { get; private set; }

    public string Digest { get; private set; } = "";

    public string Jws { get; private set; } = "";

    public string Payload { get; private set; } = "";

    public string AgreementId { get; private set; } = "";

    public DateTimeOffset ReceivedAt { get; private set; }

    public string Receipt { get; private set; } = "";

    internal static InboxMessage Create(EnvelopeHeader header, string jws, string payload, string agreementId, DateTimeOffset at, string receipt) =>
        new()
        {
            EnvelopeId = header.Id,
            Type = header.Type,
            Sender = header.Sender,
            Recipients = string.Join(' ', header.Recipients),
            CorrelationId = header.CorrelationId,
            CausationId = header.CausationId,
            Digest = header.PayloadDigest,
            Jws = jws,
            Payload = payload,
            AgreementId = agreementId,
            ReceivedAt = at,
            Receipt = receipt,
        };

    /// <inheritdoc cref="OutboxMessage.Links"/>
    internal void Links(EnvelopeHeader header) => CausationId = header.CausationId;
}

/// <summary>A refused envelope, query or send, with its typed reason.</summary>
public sealed class ExchangeRejection
{
    private ExchangeRejection()
    {
    }

    public Guid Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary><c>in</c> (this node refused it) or <c>out</c> (a peer or an agreement refused what this node sent).</summary>
    public string Direction { get; private set; } = "";

    public Guid? EnvelopeId { get; private set; }

    public string? Type { get; private set; }

    public string? Party { get; private set; }

    public string Reason { get; private set; } = "";

    public string Detail { get; private set; } = "";

    internal static ExchangeRejection Create(Guid id, DateTimeOffset at, string direction, Guid? envelopeId, string? type, string? party, string reason, string detail) =>
        new() { Id = id, At = at, Direction = direction, EnvelopeId = envelopeId, Type = type, Party = party, Reason = reason, Detail = detail.Length > 2000 ? detail[..2000] : detail };
}

/// <summary>One entry of the hash-chained message log.</summary>
public sealed class MessageLogEntry
{
    private MessageLogEntry()
    {
    }

    public long Sequence { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>envelope-sent, envelope-received, receipt-sent, receipt-received, rejection-sent (this node refused), rejection-received (a peer or an agreement refused).</summary>
    public string Kind { get; private set; } = "";

    public Guid EnvelopeId { get; private set; }

    public string Peer { get; private set; } = "";

    /// <summary>SHA-256 of the logged item (the envelope's JWS and payload, or the receipt's JWS).</summary>
    public string ItemDigest { get; private set; } = "";

    public string PreviousHash { get; private set; } = "";

    public string Hash { get; private set; } = "";

    internal static MessageLogEntry Create(long sequence, DateTimeOffset at, string kind, Guid envelopeId, string peer, string itemDigest, string previousHash, string hash) =>
        new() { Sequence = sequence, At = at, Kind = kind, EnvelopeId = envelopeId, Peer = peer, ItemDigest = itemDigest, PreviousHash = previousHash, Hash = hash };
}

/// <summary>A signed statement of the log's head: sequence and hash, signed with the node key.</summary>
public sealed class LogCheckpoint
{
    private LogCheckpoint()
    {
    }

    public long Sequence { get; private set; }

    public string Hash { get; private set; } = "";

    public DateTimeOffset At { get; private set; }

    public string Signature { get; private set; } = "";

    internal static LogCheckpoint Create(long sequence, string hash, DateTimeOffset at, string signature) =>
        new() { Sequence = sequence, Hash = hash, At = at, Signature = signature };
}

/// <summary>The last verified directory, so that a node restarts with it when the authority is unreachable.</summary>
public sealed class CachedDirectory
{
    private CachedDirectory()
    {
    }

    public int Id { get; private set; }

    public long Version { get; private set; }

    public string Jws { get; private set; } = "";

    public DateTimeOffset FetchedAt { get; private set; }

    internal static CachedDirectory Create() => new() { Id = 1 };

    internal void Set(long version, string jws, DateTimeOffset at) => (Version, Jws, FetchedAt) = (version, jws, at);
}

/// <summary>Counters owned by the exchange (the sender's envelope sequence).</summary>
public sealed class ExchangeCounter
{
    private ExchangeCounter()
    {
    }

    public string Name { get; private set; } = "";

    public long Value { get; private set; }

    internal static ExchangeCounter Create(string name) => new() { Name = name };

    internal long Next(int count)
    {
        var first = Value + 1;
        Value += count;
        return first;
    }
}

internal sealed class ExchangeModelConfiguration :
    IEntityTypeConfiguration<OutboxMessage>,
    IEntityTypeConfiguration<InboxMessage>,
    IEntityTypeConfiguration<ExchangeRejection>,
    IEntityTypeConfiguration<MessageLogEntry>,
    IEntityTypeConfiguration<LogCheckpoint>,
    IEntityTypeConfiguration<CachedDirectory>,
    IEntityTypeConfiguration<ExchangeCounter>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("exchange_outbox");
        b.HasKey(x => x.Id);
        b.Property(x => x.Type).HasMaxLength(128);
        b.Property(x => x.RecipientNode).HasMaxLength(128);
        b.Property(x => x.OrderingKey).HasMaxLength(128);
        b.Property(x => x.Digest).HasMaxLength(64);
        b.Property(x => x.LockedBy).HasMaxLength(64);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.HasIndex(x => new { x.EnvelopeId, x.RecipientNode }).IsUnique();
        b.HasIndex(x => new { x.Status, x.NextAttemptAt });
        b.HasIndex(x => new { x.RecipientNode, x.OrderingKey, x.Sequence });
        b.Property(x => x.Sender).HasMaxLength(160);
        b.HasIndex(x => x.CorrelationId);
        b.HasIndex(x => x.CausationId);
    }

    public void Configure(EntityTypeBuilder<InboxMessage> b)
    {
        b.ToTable("exchange_inbox");
        b.HasKey(x => x.EnvelopeId);
        b.Property(x => x.Type).HasMaxLength(128);
        b.Property(x => x.Sender).HasMaxLength(160);
        b.Property(x => x.Recipients).HasMaxLength(4000);
        b.Property(x => x.Digest).HasMaxLength(64);
        b.Property(x => x.AgreementId).HasMaxLength(64);
        b.HasIndex(x => x.ReceivedAt);
        b.HasIndex(x => x.CorrelationId);
        b.HasIndex(x => x.CausationId);
    }

    public void Configure(EntityTypeBuilder<ExchangeRejection> b)
    {
        b.ToTable("exchange_rejections");
        b.HasKey(x => x.Id);
        b.Property(x => x.Direction).HasMaxLength(8);
        b.Property(x => x.Type).HasMaxLength(128);
        b.Property(x => x.Party).HasMaxLength(160);
        b.Property(x => x.Reason).HasMaxLength(32);
        b.Property(x => x.Detail).HasMaxLength(2000);
        b.HasIndex(x => x.At);
    }

    public void Configure(EntityTypeBuilder<MessageLogEntry> b)
    {
        b.ToTable("exchange_message_log");
        b.HasKey(x => x.Sequence);
        b.Property(x => x.Sequence).ValueGeneratedNever();
        b.Property(x => x.Kind).HasMaxLength(32);
        b.Property(x => x.Peer).HasMaxLength(160);
        b.Property(x => x.ItemDigest).HasMaxLength(64);
        b.Property(x => x.PreviousHash).HasMaxLength(64);
        b.Property(x => x.Hash).HasMaxLength(64);
        b.HasIndex(x => x.EnvelopeId);
    }

    public void Configure(EntityTypeBuilder<LogCheckpoint> b)
    {
        b.ToTable("exchange_log_checkpoints");
        b.HasKey(x => x.Sequence);
        b.Property(x => x.Sequence).ValueGeneratedNever();
        b.Property(x => x.Hash).HasMaxLength(64);
    }

    public void Configure(EntityTypeBuilder<CachedDirectory> b)
    {
        b.ToTable("exchange_directory");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
    }

    public void Configure(EntityTypeBuilder<ExchangeCounter> b)
    {
        b.ToTable("exchange_counters");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(32);
    }
}
