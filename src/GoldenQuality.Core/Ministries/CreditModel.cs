using GoldenQuality.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Ministries;

/// <summary>An enterprise's credit class in the national credit system, as the central bank keeps it on its own node.</summary>
internal sealed class CreditRecord
{
    private CreditRecord()
    {
    }

    public string Uscc { get; private set; } = "";

    /// <summary>A (best) to D (worst).</summary>
    public string CreditClass { get; private set; } = "";

    public DateOnly RatedOn { get; private set; }

    public string Note { get; private set; } = "";

    /// <summary>Counts changes; an officer's change sends the version it read (a stale one is a 409), and concurrent writers conflict on it.</summary>
    public long Version { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    internal static CreditRecord Create(string uscc, string creditClass, DateOnly ratedOn, string note, DateTimeOffset now) =>
        new() { Uscc = uscc, CreditClass = creditClass, RatedOn = ratedOn, Note = note, Version = 1, UpdatedAt = now };

    internal void Set(string creditClass, DateOnly ratedOn, string note, DateTimeOffset now)
    {
        (CreditClass, RatedOn, Note, UpdatedAt) = (creditClass, ratedOn, note, now);
        Version++;
    }
}

/// <summary>What changed an enterprise's credit class.</summary>
internal enum CreditCause
{
    /// <summary>An officer of the central bank, with a reason and legal basis.</summary>
    Officer,

    /// <summary>A credit event another agency reported (<c>ministries.credit.event-reported</c>), under the rules of <see cref="CreditEventRules"/>.</summary>
    Event,

    /// <summary>The register file (the central bank's legacy export).</summary>
    File,
}

/// <summary>
/// One entry of a credit record's history: the class before and after (equal when an event had no effect), when,
/// by whom, and why. An event's entry names its source node and office, kind, reference, legal basis and effect;
/// its <see cref="EventKey"/> (source node, kind, reference) is unique, so the same event applies once.
/// </summary>
internal sealed class CreditChange
{
    private CreditChange()
    {
    }

    public Guid Id { get; private set; }

    public string Uscc { get; private set; } = "";

    public DateTimeOffset At { get; private set; }

    public string? FromClass { get; private set; }

    public string ToClass { get; private set; } = "";

    public CreditCause Cause { get; private set; }

    /// <summary>The officer's user name, the sending party of an event, or the file's name.</summary>
    public string By { get; private set; } = "";

    public string? SourceNode { get; private set; }

    public string? SourceOffice { get; private set; }

    public string? EventKind { get; private set; }

    public string? Reference { get; private set; }

    public string LegalBasis { get; private set; } = "";

    public string Effect { get; private set; } = "";

    public string Reason { get; private set; } = "";

    public string? EventKey { get; private set; }

    public Guid? EnvelopeId { get; private set; }

    internal static CreditChange ByOfficer(Guid id, string uscc, DateTimeOffset at, string? from, string to, string officer, string legalBasis, string reason) =>
        new()
        {
            Id = id, Uscc = uscc, At = at, FromClass = from, ToClass = to, Cause = CreditCause.Officer, By = officer, LegalBasis = legalBasis,
            Effect = EffectOf(from, to).Store(256), Reason = reason,
        };

    internal static CreditChange ByFile(Guid id, string uscc, DateTimeOffset at, string? from, string to, string file, string note) =>
        new()
        {
            Id = id, Uscc = uscc, At = at, FromClass = from, ToClass = to, Cause = CreditCause.File, By = file, LegalBasis = "",
            Effect = EffectOf(from, to).Store(256), Reason = note,
        };

    /// <summary>A change from the central bank's own credit system, through its legacy feed: by the feed and file, with the file's legal basis and reason.</summary>
    internal static CreditChange ByFeed(Guid id, string uscc, DateTimeOffset at, string? from, string to, string source, string legalBasis, string reason) =>
        new()
        {
            Id = id, Uscc = uscc, At = at, FromClass = from, ToClass = to, Cause = CreditCause.File, By = source, LegalBasis = legalBasis,
            Effect = EffectOf(from, to).Store(256), Reason = reason,
        };

    internal static CreditChange ByEvent(Guid id, string uscc, DateTimeOffset at, string? from, string to, string sender, string sourceNode, string sourceOffice,
        string kind, string reference, string legalBasis, Message effect, string detail, Guid envelope) =>
        new()
        {
            Id = id, Uscc = uscc, At = at, FromClass = from, ToClass = to, Cause = CreditCause.Event, By = sender, SourceNode = sourceNode, SourceOffice = sourceOffice,
            EventKind = kind, Reference = reference, LegalBasis = legalBasis, Effect = effect.Store(256), Reason = detail, EventKey = KeyOf(sourceNode, kind, reference), EnvelopeId = envelope,
        };

    /// <summary>The effect of a change from <paramref name="from"/> (null: unrated) to <paramref name="to"/>, kept in <see cref="Effect"/>.</summary>
    internal static Message EffectOf(string? from, string to) =>
        from == to ? new Message("credit.effect.no-change") : new Message("credit.effect.changed", from is null ? new Message("credit.unrated") : from, to);

    /// <summary>The identity of a credit event: the same kind and reference from the same node is the same event.</summary>
    internal static string KeyOf(string sourceNode, string kind, string reference) => $"{sourceNode}|{kind}|{reference}";
}

internal sealed class CreditRecordConfiguration : IEntityTypeConfiguration<CreditRecord>
{
    public void Configure(EntityTypeBuilder<CreditRecord> b)
    {
        b.ToTable("min_credit_records");
        b.HasKey(x => x.Uscc);
        b.Property(x => x.Uscc).HasMaxLength(18);
        b.Property(x => x.CreditClass).HasMaxLength(1);
        b.Property(x => x.Note).HasMaxLength(512);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.CreditClass);
    }
}

internal sealed class CreditChangeConfiguration : IEntityTypeConfiguration<CreditChange>
{
    public void Configure(EntityTypeBuilder<CreditChange> b)
    {
        b.ToTable("min_credit_changes");
        b.HasKey(x => x.Id);
        b.Property(x => x.Uscc).HasMaxLength(18);
        b.Property(x => x.FromClass).HasMaxLength(1);
        b.Property(x => x.ToClass).HasMaxLength(1);
        b.Property(x => x.Cause).HasConversion<short>();
        b.Property(x => x.By).HasMaxLength(256);
        b.Property(x => x.SourceNode).HasMaxLength(128);
        b.Property(x => x.SourceOffice).HasMaxLength(64);
        b.Property(x => x.EventKind).HasMaxLength(64);
        b.Property(x => x.Reference).HasMaxLength(128);
        b.Property(x => x.LegalBasis).HasMaxLength(512);
        b.Property(x => x.Effect).HasMaxLength(256);
        b.Property(x => x.Reason).HasMaxLength(1024);
        b.Property(x => x.EventKey).HasMaxLength(400);
        b.HasIndex(x => new { x.Uscc, x.At });
        b.HasIndex(x => x.EventKey).IsUnique();
    }
}
