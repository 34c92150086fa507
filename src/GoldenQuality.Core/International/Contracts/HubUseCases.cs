using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.International.Contracts;

/// <summary>Who may pull from the hub and read what this node received and sent through it: a port office or the exchange operator.</summary>
internal static class HubAccess
{
    public static bool May(Actor actor) => Policies.IsPortOffice(actor) || Policies.IsExchangeOperator(actor);

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Refused(Actor actor) =>
        Problems.Forbidden(new Message("hub.port-offices-only", actor.UserName));
}

/// <summary>
/// Pulls now what the hub holds for this node's country (as the background worker does every
/// <c>International:PullEverySeconds</c>): each envelope is kept once and acknowledged. 409 when this node cannot pull
/// (no hub in the directory, this node is the hub, no agreement).
/// </summary>
public sealed class PullFromHub
{
    private readonly HubPuller puller;

    internal PullFromHub(HubPuller puller) => this.puller = puller;

    public async Task<HandlerResult<HubPullSummary>> HandleAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!HubAccess.May(actor))
        {
            return HubAccess.Refused(actor);
        }

        if (puller.CannotPull() is { } refused)
        {
            return Problems.Conflict("hub", refused);
        }

        return await puller.PullAsync(ct);
    }
}

/// <summary>The envelopes this node pulled from the hub, newest first (at most 500), optionally of one sending country.</summary>
public sealed class ListReceivedEnvelopes
{
    private readonly Persistence.GqDbContext db;

    internal ListReceivedEnvelopes(Persistence.GqDbContext db) => this.db = db;

    public async Task<HandlerResult<ReceivedEnvelopeView[]>> HandleAsync(Actor actor, string? from, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!HubAccess.May(actor))
        {
            return HubAccess.Refused(actor);
        }

        var country = from?.Trim().ToUpperInvariant();
        var rows = await db.Set<ReceivedEnvelopeRow>().AsNoTracking().Where(r => string.IsNullOrEmpty(country) || r.From == country)
            .OrderByDescending(r => r.ReceivedAt).Take(500).ToListAsync(ct);
        return rows.Select(r => r.View()).ToArray();
    }
}

/// <summary>The envelopes this node sent through the hub with their tracking, newest first (at most 500), optionally of one permit.</summary>
public sealed class ListOutgoing
{
    private readonly Persistence.GqDbContext db;

    internal ListOutgoing(Persistence.GqDbContext db) => this.db = db;

    public async Task<HandlerResult<OutgoingEnvelopeView[]>> HandleAsync(Actor actor, string? permit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!HubAccess.May(actor))
        {
            return HubAccess.Refused(actor);
        }

        var number = permit?.Trim();
        var rows = await db.Set<OutgoingRow>().AsNoTracking().Where(r => string.IsNullOrEmpty(number) || r.PermitNumber == number)
            .OrderByDescending(r => r.CreatedAt).Take(500).ToListAsync(ct);
        return rows.Select(r => r.View()).ToArray();
    }
}
