using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;

namespace GoldenQuality.Audit.Contracts;

/// <summary>
/// Searches the audit log for the node's administrator: filters by record kind, record key, reader, agreement and a
/// time window [from, to), newest first, paged (at most 500 a page, the filters at most their column's size).
/// </summary>
public sealed class SearchAuditLog(IAuditQueries log)
{
    public async Task<HandlerResult<Paged<AuditEntryView>>> HandleAsync(Actor actor, string? kind, string? key, string? reader, string? agreement,
        DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsAdmin)
        {
            return Problems.Forbidden(new Message("audit.admin-only"));
        }

        var v = new Validation();
        var query = new AuditQuery(v.Optional("kind", kind, 128), v.Optional("key", key, 256), v.Optional("reader", reader, 256),
            v.Optional("agreement", agreement, 64), from, to);
        if (from is { } f && to is { } t && t <= f)
        {
            v.Add("to", new Message("audit.to-after-from"));
        }

        var (p, size) = Paging.Read(v, page, pageSize);
        return v.IsValid ? await log.SearchAsync(query, p, size, ct) : v.Result();
    }
}
