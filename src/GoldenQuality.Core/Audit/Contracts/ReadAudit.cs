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

/// <summary>The refusal of a read whose audit entry cannot be written.</summary>
public static class AuditRefusal
{
    /// <summary>The problem's <c>reason</c> (and the exchange's rejection reason).</summary>
    public const string Reason = "audit-unavailable";

    public const string Title = "The audit log cannot be written";

    /// <summary>503 with title, reason and a detail a person understands.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem() =>
        Common.Problems.Coded(Microsoft.AspNetCore.Http.StatusCodes.Status503ServiceUnavailable, Title, new Common.Message("audit.unavailable"),
            new Dictionary<string, object?> { ["reason"] = Reason });

    /// <summary>Records the read; returns null when it is recorded, or the 503 problem to answer with when it cannot be.</summary>
    public static async Task<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult?> RecordOrRefuseAsync(this IReadAudit audit, ProtectedRead read, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(audit);
        try
        {
            await audit.RecordAsync(read, ct);
            return null;
        }
        catch (AuditUnavailableException)
        {
            return Problem();
        }
    }
}

/// <summary>One entry of the audit log as an administrator reads it.</summary>
public sealed record AuditEntryView(
    long Sequence, DateTimeOffset At, string Reader, string OnBehalfOf, string? Agreement, string Purpose, string RecordKind, string RecordKey,
    IReadOnlyList<string> Fields, string PreviousHash, string Hash);

/// <summary>The filters of a search of the audit log (every one optional; <see cref="From"/> inclusive, <see cref="To"/> exclusive).</summary>
public sealed record AuditQuery(string? RecordKind = null, string? RecordKey = null, string? Reader = null, string? Agreement = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>How many reads were made in a window, grouped by agreement, reader and record kind (for a provider page).</summary>
public sealed record AuditReadCount(string? Agreement, string Reader, string OnBehalfOf, string RecordKind, int Reads);

/// <summary>The result of walking the audit log's chain: intact, or the first broken entry and why.</summary>
public sealed record AuditChainCheck(bool Intact, long Entries, long? BrokenSequence, string? Reason);

/// <summary>The audit log's queries beyond its head: searching entries, counting reads, and walking the chain.</summary>
public interface IAuditQueries
{
    /// <summary>Entries matching the query, newest first, paged (page size 1–200).</summary>
    Task<Common.Paged<AuditEntryView>> SearchAsync(AuditQuery query, int page, int pageSize, CancellationToken ct);

    /// <summary>Reads made in [from, to), grouped by agreement, reader, office and record kind; <paramref name="agreement"/> filters when given.</summary>
    Task<IReadOnlyList<AuditReadCount>> CountReadsAsync(DateTimeOffset from, DateTimeOffset to, string? agreement, CancellationToken ct);

    /// <summary>Walks the chain from the first entry (<c>gq audit verify</c>).</summary>
    Task<AuditChainCheck> VerifyChainAsync(CancellationToken ct);
}

/// <summary>The names of the fields a read serves, as the client sees them (JSON, camelCase).</summary>
public static class AuditFields
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string[]> Cache = new();

    /// <summary>The top-level property names of a JSON object (a stored document served as it is).</summary>
    public static IReadOnlyList<string> OfJson(string json)
    {
        var names = new List<string>();
        var reader = new System.Text.Json.Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        while (reader.Read())
        {
            if (reader.TokenType == System.Text.Json.JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                names.Add(reader.GetString()!);
            }
        }

        return names;
    }

    /// <summary>The properties of a served type, camelCase; a nested record of the product is named field by field (<c>record.creditClass</c>).</summary>
    public static IReadOnlyList<string> Of<T>() => Cache.GetOrAdd(typeof(T), t => [.. Names(t, "", 0)]);

    private static IEnumerable<string> Names(Type type, string prefix, int depth)
    {
        foreach (var p in type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
        {
            var name = prefix + System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Name);
            var t = p.PropertyType;
            if (depth == 0 && t.IsClass && !t.IsArray && t != typeof(string) && t.Namespace?.StartsWith("GoldenQuality.", StringComparison.Ordinal) == true)
            {
                foreach (var n in Names(t, name + ".", 1))
                {
                    yield return n;
                }
            }
            else
            {
                yield return name;
            }
        }
    }
}
