using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Exchange;

/// <summary>A signed checkpoint of the audit log: {node, log: audit, sequence, hash, at}, signed with the node key.</summary>
public sealed class AuditCheckpoint
{
    private AuditCheckpoint()
    {
    }

    public long Sequence { get; private set; }

    public string Hash { get; private set; } = "";

    public DateTimeOffset At { get; private set; }

    public string Signature { get; private set; } = "";

    internal static AuditCheckpoint Create(long sequence, string hash, DateTimeOffset at, string signature) =>
        new() { Sequence = sequence, Hash = hash, At = at, Signature = signature };
}

/// <summary>
/// What this node, as a witness, saw of a peer's log: the peer's signed checkpoint (its JWS kept as received) and when
/// it was seen. One row per peer, log and sequence; a different hash for the same sequence is a <see cref="WitnessConflict"/>.
/// </summary>
public sealed class WitnessedCheckpoint
{
    private WitnessedCheckpoint()
    {
    }

    public Guid Id { get; private set; }

    public string Node { get; private set; } = "";

    /// <summary>message or audit (<see cref="Contracts.WitnessedLog"/>, kebab-case).</summary>
    public string Log { get; private set; } = "";

    public long Sequence { get; private set; }

    public string Hash { get; private set; } = "";

    public DateTimeOffset CheckpointAt { get; private set; }

    public DateTimeOffset SeenAt { get; private set; }

    public string Checkpoint { get; private set; } = "";

    internal static WitnessedCheckpoint Create(Guid id, string node, string log, long sequence, string hash, DateTimeOffset checkpointAt, DateTimeOffset seenAt, string checkpoint) =>
        new() { Id = id, Node = node, Log = log, Sequence = sequence, Hash = hash, CheckpointAt = checkpointAt, SeenAt = seenAt, Checkpoint = checkpoint };
}

/// <summary>
/// Evidence that a peer showed this node two checkpoints of one log that cannot both be true: two hashes for one
/// sequence, or a lower sequence with a later time. Both signed checkpoints are kept as received.
/// </summary>
public sealed class WitnessConflict
{
    private WitnessConflict()
    {
    }

    public Guid Id { get; private set; }

    public string Node { get; private set; } = "";

    public string Log { get; private set; } = "";

    public long Sequence { get; private set; }

    public string Reason { get; private set; } = "";

    public string EarlierCheckpoint { get; private set; } = "";

    public string LaterCheckpoint { get; private set; } = "";

    public DateTimeOffset SeenAt { get; private set; }

    internal static WitnessConflict Create(Guid id, string node, string log, long sequence, string reason, string earlier, string later, DateTimeOffset seenAt) =>
        new() { Id = id, Node = node, Log = log, Sequence = sequence, Reason = reason, EarlierCheckpoint = earlier, LaterCheckpoint = later, SeenAt = seenAt };
}

/// <summary>A peer's signed statement of one of this node's checkpoints (<c>exchange.checkpoint.witnessed</c>), verified on arrival.</summary>
public sealed class WitnessStatement
{
    private WitnessStatement()
    {
    }

    public Guid Id { get; private set; }

    public string Witness { get; private set; } = "";

    public string Log { get; private set; } = "";

    public long Sequence { get; private set; }

    public string Hash { get; private set; } = "";

    public DateTimeOffset CheckpointAt { get; private set; }

    public DateTimeOffset SeenAt { get; private set; }

    /// <summary>The statement's JWS, signed with the witness's key.</summary>
    public string Statement { get; private set; } = "";

    internal static WitnessStatement Create(Guid id, string witness, string log, long sequence, string hash, DateTimeOffset checkpointAt, DateTimeOffset seenAt, string statement) =>
        new() { Id = id, Witness = witness, Log = log, Sequence = sequence, Hash = hash, CheckpointAt = checkpointAt, SeenAt = seenAt, Statement = statement };
}

internal sealed class WitnessModelConfiguration :
    IEntityTypeConfiguration<AuditCheckpoint>,
    IEntityTypeConfiguration<WitnessedCheckpoint>,
    IEntityTypeConfiguration<WitnessConflict>,
    IEntityTypeConfiguration<WitnessStatement>
{
    public void Configure(EntityTypeBuilder<AuditCheckpoint> b)
    {
        b.ToTable("exchange_audit_checkpoints");
        b.HasKey(x => x.Sequence);
        b.Property(x => x.Sequence).ValueGeneratedNever();
        b.Property(x => x.Hash).HasMaxLength(64);
        b.Property(x => x.Signature).HasMaxLength(1000);
    }

    public void Configure(EntityTypeBuilder<WitnessedCheckpoint> b)
    {
        b.ToTable("exchange_witnessed_checkpoints");
        b.HasKey(x => x.Id);
        b.Property(x => x.Node).HasMaxLength(160);
        b.Property(x => x.Log).HasMaxLength(16);
        b.Property(x => x.Hash).HasMaxLength(64);
        b.Property(x => x.Checkpoint).HasMaxLength(1000);
        b.HasIndex(x => new { x.Node, x.Log, x.Sequence }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<WitnessConflict> b)
    {
        b.ToTable("exchange_witness_conflicts");
        b.HasKey(x => x.Id);
        b.Property(x => x.Node).HasMaxLength(160);
        b.Property(x => x.Log).HasMaxLength(16);
        b.Property(x => x.Reason).HasMaxLength(500);
        b.Property(x => x.EarlierCheckpoint).HasMaxLength(1000);
        b.Property(x => x.LaterCheckpoint).HasMaxLength(1000);
        b.HasIndex(x => x.SeenAt);
    }

    public void Configure(EntityTypeBuilder<WitnessStatement> b)
    {
        b.ToTable("exchange_witness_statements");
        b.HasKey(x => x.Id);
        b.Property(x => x.Witness).HasMaxLength(160);
        b.Property(x => x.Log).HasMaxLength(16);
        b.Property(x => x.Hash).HasMaxLength(64);
        b.Property(x => x.Statement).HasMaxLength(1000);
        b.HasIndex(x => new { x.Witness, x.Log, x.Sequence }).IsUnique();
        b.HasIndex(x => new { x.Log, x.Sequence });
    }
}
