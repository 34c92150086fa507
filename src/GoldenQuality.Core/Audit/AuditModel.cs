using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Audit;

/// <summary>
/// One entry of the audit log: a protected read, chained to the entry before it by <see cref="PreviousHash"/>; its
/// <see cref="Hash"/> covers every field. Entries are only ever added.
/// </summary>
internal sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    public long Sequence { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string Reader { get; private set; } = "";

    public string OnBehalfOf { get; private set; } = "";

    public string? Agreement { get; private set; }

    public string Purpose { get; private set; } = "";

    public string RecordKind { get; private set; } = "";

    public string RecordKey { get; private set; } = "";

    /// <summary>The fields served, comma-separated.</summary>
    public string Fields { get; private set; } = "";

    public string PreviousHash { get; private set; } = "";

    public string Hash { get; private set; } = "";

    /// <summary>The entry for a read (already cut to the columns' sizes), chained to <paramref name="previousHash"/>.</summary>
    internal static AuditEntry Create(long sequence, DateTimeOffset at, Contracts.ProtectedRead read, string previousHash)
    {
        var entry = new AuditEntry
        {
            Sequence = sequence, At = at, Reader = read.Reader, OnBehalfOf = read.OnBehalfOf, Agreement = read.Agreement, Purpose = read.Purpose,
            RecordKind = read.RecordKind, RecordKey = read.RecordKey, Fields = string.Join(',', read.Fields), PreviousHash = previousHash,
        };
        entry.Hash = entry.ComputeHash();
        return entry;
    }

    /// <summary>The hash this entry's fields and previous hash give (what <see cref="Hash"/> must be).</summary>
    internal string ComputeHash() => AuditChain.Hash(PreviousHash, Sequence, At, Reader, OnBehalfOf, Agreement, Purpose, RecordKind, RecordKey, Fields);

    /// <summary>The fields served, as a list.</summary>
    internal string[] FieldList() => Fields.Length == 0 ? [] : Fields.Split(',');
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.HasKey(e => e.Sequence);
        b.Property(e => e.Sequence).ValueGeneratedNever();
        b.Property(e => e.Reader).HasMaxLength(256);
        b.Property(e => e.OnBehalfOf).HasMaxLength(256);
        b.Property(e => e.Agreement).HasMaxLength(64);
        b.Property(e => e.Purpose).HasMaxLength(1024);
        b.Property(e => e.RecordKind).HasMaxLength(128);
        b.Property(e => e.RecordKey).HasMaxLength(256);
        b.Property(e => e.Fields).HasMaxLength(4000);
        b.Property(e => e.PreviousHash).HasMaxLength(64);
        b.Property(e => e.Hash).HasMaxLength(64);
        b.HasIndex(e => new { e.RecordKind, e.RecordKey });
        b.HasIndex(e => e.At);
    }
}
