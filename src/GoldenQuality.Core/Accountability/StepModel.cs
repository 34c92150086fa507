using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Accountability;

/// <summary>
/// One step of a live case on the node that opened it (the sender of the envelope, or the asker of the query): who is
/// accountable for it, by when (known once the step before it is done), when it was done and by which envelope, and when
/// it was escalated (once).
/// </summary>
internal sealed class StepRow
{
    private StepRow()
    {
    }

    public Guid Id { get; private set; }

    public Guid CaseEnvelope { get; private set; }

    public string CaseRecipient { get; private set; } = "";

    public Guid CorrelationId { get; private set; }

    public string Agreement { get; private set; } = "";

    public string MessageType { get; private set; } = "";

    public bool Query { get; private set; }

    /// <summary>The member that opened the case (this node's agency).</summary>
    public string OwedTo { get; private set; } = "";

    public int StepIndex { get; private set; }

    public string Step { get; private set; } = "";

    public string Accountable { get; private set; } = "";

    /// <summary>The step's allowed duration, in seconds.</summary>
    public long DurationSeconds { get; private set; }

    public DateTimeOffset OpenedAt { get; private set; }

    public DateTimeOffset? DueAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public Guid? CompletedBy { get; private set; }

    public DateTimeOffset? EscalatedAt { get; private set; }

    public bool IsDone => CompletedAt is not null;

    public bool IsOverdue(DateTimeOffset now) => CompletedAt is null && DueAt is { } due && due < now;

    public bool OnTime => CompletedAt is { } done && DueAt is { } due && done <= due;

    internal static StepRow Open(Guid id, Guid caseEnvelope, string caseRecipient, Guid correlationId, string agreement, string messageType, bool query,
        string owedTo, int index, string step, string accountable, TimeSpan duration, DateTimeOffset openedAt)
    {
        if (duration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), "A step's duration is not negative.");
        }

        return new()
        {
            Id = id, CaseEnvelope = caseEnvelope, CaseRecipient = caseRecipient, CorrelationId = correlationId, Agreement = agreement, MessageType = messageType,
            Query = query, OwedTo = owedTo, StepIndex = index, Step = step, Accountable = accountable, DurationSeconds = (long)duration.TotalSeconds,
            OpenedAt = openedAt, DueAt = index == 0 ? openedAt + duration : null,
        };
    }

    /// <summary>The step before this one was done at <paramref name="previousDone"/>: this one is due its duration later.</summary>
    internal void Starts(DateTimeOffset previousDone)
    {
        DueAt ??= previousDone + TimeSpan.FromSeconds(DurationSeconds);
    }

    internal void Done(DateTimeOffset at, Guid? by)
    {
        if (DueAt is null)
        {
            throw new InvalidOperationException("A step is done only after the step before it.");
        }

        if (CompletedAt is null)
        {
            CompletedAt = at;
            CompletedBy = by;
        }
    }

    internal void Escalated(DateTimeOffset at)
    {
        EscalatedAt ??= at;
    }
}

/// <summary>How far the tracker has opened cases: envelopes at or after <see cref="Through"/> are looked at again (idempotently).</summary>
internal sealed class StepCursor
{
    public const int SingletonId = 1;

    private StepCursor()
    {
    }

    public int Id { get; private set; }

    public DateTimeOffset Through { get; private set; }

    internal static StepCursor Start(DateTimeOffset through) => new() { Id = SingletonId, Through = through };

    internal void Advance(DateTimeOffset to)
    {
        if (to > Through)
        {
            Through = to;
        }
    }
}

/// <summary>An escalation this node keeps: addressed to its agency, or to the coordinating body it hosts.</summary>
internal sealed class EscalationRow
{
    private EscalationRow()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The escalation's envelope (or, when this node escalated to itself, null).</summary>
    public Guid? EnvelopeId { get; private set; }

    /// <summary>The node that escalated (the one that opened the case).</summary>
    public string FromNode { get; private set; } = "";

    /// <summary>True when it was kept because this node hosts the coordinating body.</summary>
    public bool ToCoordinator { get; private set; }

    public Guid CaseEnvelope { get; private set; }

    public string CaseRecipient { get; private set; } = "";

    public Guid CorrelationId { get; private set; }

    public string Agreement { get; private set; } = "";

    public string MessageType { get; private set; } = "";

    public int StepIndex { get; private set; }

    public string Step { get; private set; } = "";

    public string Accountable { get; private set; } = "";

    public string OwedTo { get; private set; } = "";

    public DateTimeOffset OpenedAt { get; private set; }

    public DateTimeOffset DueAt { get; private set; }

    public DateTimeOffset EscalatedAt { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    internal static EscalationRow From(Guid id, Guid? envelopeId, string fromNode, bool toCoordinator, Contracts.StepEscalation e, DateTimeOffset receivedAt) => new()
    {
        Id = id, EnvelopeId = envelopeId, FromNode = fromNode, ToCoordinator = toCoordinator, CaseEnvelope = e.CaseEnvelope, CaseRecipient = e.CaseRecipient,
        CorrelationId = e.CorrelationId, Agreement = e.Agreement, MessageType = e.MessageType, StepIndex = e.StepIndex, Step = e.Step, Accountable = e.Accountable,
        OwedTo = e.OwedTo, OpenedAt = e.OpenedAt, DueAt = e.DueAt, EscalatedAt = e.EscalatedAt, ReceivedAt = receivedAt,
    };
}

internal sealed class StepRowConfiguration : IEntityTypeConfiguration<StepRow>
{
    public void Configure(EntityTypeBuilder<StepRow> b)
    {
        b.ToTable("acc_steps");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.CaseRecipient).HasMaxLength(160);
        b.Property(s => s.Agreement).HasMaxLength(64);
        b.Property(s => s.MessageType).HasMaxLength(128);
        b.Property(s => s.OwedTo).HasMaxLength(160);
        b.Property(s => s.Step).HasMaxLength(128);
        b.Property(s => s.Accountable).HasMaxLength(160);
        b.Ignore(s => s.IsDone);
        b.Ignore(s => s.OnTime);
        b.HasIndex(s => new { s.CaseEnvelope, s.CaseRecipient, s.StepIndex }).IsUnique();
        b.HasIndex(s => new { s.Accountable, s.CompletedAt, s.DueAt });
        b.HasIndex(s => new { s.CompletedAt, s.OpenedAt });
    }
}

internal sealed class StepCursorConfiguration : IEntityTypeConfiguration<StepCursor>
{
    public void Configure(EntityTypeBuilder<StepCursor> b)
    {
        b.ToTable("acc_step_cursor");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
    }
}

internal sealed class EscalationRowConfiguration : IEntityTypeConfiguration<EscalationRow>
{
    public void Configure(EntityTypeBuilder<EscalationRow> b)
    {
        b.ToTable("acc_escalations");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.Property(e => e.FromNode).HasMaxLength(160);
        b.Property(e => e.CaseRecipient).HasMaxLength(160);
        b.Property(e => e.Agreement).HasMaxLength(64);
        b.Property(e => e.MessageType).HasMaxLength(128);
        b.Property(e => e.Step).HasMaxLength(128);
        b.Property(e => e.Accountable).HasMaxLength(160);
        b.Property(e => e.OwedTo).HasMaxLength(160);
        b.HasIndex(e => new { e.FromNode, e.CaseEnvelope, e.CaseRecipient, e.StepIndex, e.ToCoordinator }).IsUnique();
        b.HasIndex(e => e.ReceivedAt);
    }
}
