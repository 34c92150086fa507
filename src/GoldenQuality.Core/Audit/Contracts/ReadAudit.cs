using GoldenQuality.Identity.Contracts;

namespace GoldenQuality.Audit.Contracts;

/// <summary>
/// One read of protected data (another agency's records, enterprise master records, credit classes, permits): who read,
/// on behalf of which office, under which agreement or for which purpose, which record and which of its fields.
/// </summary>
/// <param name="Reader">The user name, or the peer party (node or office) that queried a dataset.</param>
/// <param name="OnBehalfOf">The office (or enterprise) the reader acts for.</param>
/// <param name="Agreement">The agreement the read is made under, when it crosses agencies; null for a read inside the agency.</param>
/// <param name="Purpose">Why: the agreement's purpose, or the named local purpose (e.g. <c>enterprise-record</c>).</param>
/// <param name="RecordKind">What kind of record: <c>enterprise</c>, <c>credit-record</c>, <c>permit</c>, <c>dataset:&lt;name&gt;</c>, …</param>
/// <param name="RecordKey">The record's key (USCC, permit number, the dataset query's key).</param>
/// <param name="Fields">The fields served.</param>
public sealed record ProtectedRead(string Reader, string OnBehalfOf, string? Agreement, string Purpose, string RecordKind, string RecordKey, IReadOnlyList<string> Fields)
{
    /// <summary>A read by a signed-in actor of this node.</summary>
    public static ProtectedRead By(Actor actor, string purpose, string recordKind, string recordKey, IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return new(actor.UserName, actor.OnBehalfOf, null, purpose, recordKind, recordKey, fields);
    }
}

/// <summary>
/// The audit of reads: every read of protected data is recorded in the append-only, hash-chained audit log before the
/// data is served. Concurrent reads are written together (one transaction per batch), so that auditing costs reads
/// little. When the entry cannot be written, <see cref="RecordAsync"/> throws <see cref="AuditUnavailableException"/>
/// and the caller refuses the read (X-Road's rule: no evidence, no service).
/// </summary>
public interface IReadAudit
{
    /// <summary>Returns once the entry is committed; throws <see cref="AuditUnavailableException"/> when it cannot be.</summary>
    Task RecordAsync(ProtectedRead read, CancellationToken ct);
}

/// <summary>The audit log cannot be written: the read it was for must be refused (503).</summary>
public sealed class AuditUnavailableException : Exception
{
    public AuditUnavailableException()
    {
    }

    public AuditUnavailableException(string message)
        : base(message)
    {
    }

    public AuditUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>The head of the audit log: its last entry's sequence, hash and time.</summary>
public sealed record AuditLogHead(long Sequence, string Hash, DateTimeOffset At);

/// <summary>
/// The audit log as other modules see it: its head and the hash at a sequence (the exchange signs checkpoints of it and
/// has peers witness them), and the walk of its chain (<c>gq audit verify</c>).
/// </summary>
public interface IAuditLog
{
    /// <summary>The last entry, or null when the log is empty.</summary>
    Task<AuditLogHead?> HeadAsync(CancellationToken ct);

    /// <summary>The hash of the entry at <paramref name="sequence"/>, or null when there is none.</summary>
    Task<string?> HashAtAsync(long sequence, CancellationToken ct);
}
