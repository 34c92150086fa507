using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Declarations.Contracts;

/// <summary>An enterprise to register as the declaring agent of another, from a day (default: today) to a day (default: open).</summary>
public sealed record MandateRequest(string? AgentUscc, string? PrincipalUscc, DateOnly? ValidFrom, DateOnly? ValidTo);

/// <summary>A registered agent mandate.</summary>
public sealed record MandateView(Guid Id, string AgentUscc, string PrincipalUscc, DateOnly ValidFrom, DateOnly? ValidTo, string RegisteredBy, DateTimeOffset RegisteredAt);

/// <summary>
/// Registers an enterprise as the declaring agent of another: the principal enterprise registers its agent, or an
/// officer (or a system account of an office) registers it. Both enterprises must be on the enterprise register.
/// Registering the same pair again adds another mandate (as it always has over HTTP); a caller that must not do so
/// asks <see cref="ListAgentMandates.BetweenAsync"/> first.
/// </summary>
public sealed class RegisterAgentMandate
{
    private readonly GqDbContext db;
    private readonly IRegistryDirectory directory;
    private readonly TimeProvider clock;

    internal RegisterAgentMandate(GqDbContext db, IRegistryDirectory directory, TimeProvider clock) => (this.db, this.directory, this.clock) = (db, directory, clock);

    public async Task<HandlerResult<MandateView>> HandleAsync(Actor actor, MandateRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var v = new Validation();
        var agent = ReadUscc(v, "agentUscc", request.AgentUscc);
        var principal = ReadUscc(v, "principalUscc", request.PrincipalUscc);
        var from = request.ValidFrom ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (request.ValidTo is { } to && to < from)
        {
            v.Add("validTo", new Message("decl.mandate.valid-to"));
        }

        if (agent is not null && agent == principal)
        {
            v.Add("agentUscc", new Message("decl.mandate.self"));
        }

        foreach (var (field, uscc) in new[] { ("agentUscc", agent), ("principalUscc", principal) })
        {
            if (uscc is not null && await directory.FindEnterpriseAsync(uscc, ct) is null)
            {
                v.Add(field, new Message("decl.mandate.not-registered", uscc));
            }
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (!actor.IsOfficial && actor.EnterpriseUscc != principal)
        {
            return Problems.Forbidden(new Message("decl.mandate.forbidden"));
        }

        var mandate = AgentMandate.Create(Ids.New(clock), agent!, principal!, from, request.ValidTo, actor.OnBehalfOf, clock.GetUtcNow());
        db.Add(mandate);
        await db.SaveChangesAsync(ct);
        return ListAgentMandates.View(mandate);
    }

    /// <summary>A USCC in normal form, or null with the field's error.</summary>
    private static string? ReadUscc(Validation v, string field, string? value)
    {
        var check = Uscc.Check(value?.Trim());
        if (!check.IsValid)
        {
            v.Add(field, string.IsNullOrWhiteSpace(value) ? Message.Required : check.Reason);
            return null;
        }

        return check.Input;
    }
}

/// <summary>The agent mandates an actor may see: an officer all of them, an enterprise those it is the agent or the principal of.</summary>
public sealed class ListAgentMandates(GqDbContext db)
{
    /// <summary>Every mandate the actor may see, in the order they were registered.</summary>
    public async Task<MandateView[]> HandleAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var rows = await Visible(actor).OrderBy(m => m.RegisteredAt).ToListAsync(ct);
        return [.. rows.Select(View)];
    }

    /// <summary>
    /// The mandates (the actor may see) that make <paramref name="agentUscc"/> the agent of <paramref name="principalUscc"/>,
    /// in force or not, in the order they were registered: how a loader recognises a mandate already registered.
    /// </summary>
    public async Task<MandateView[]> BetweenAsync(Actor actor, string agentUscc, string principalUscc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var agent = Uscc.Normalise(agentUscc);
        var principal = Uscc.Normalise(principalUscc);
        var rows = await Visible(actor).Where(m => m.AgentUscc == agent && m.PrincipalUscc == principal).OrderBy(m => m.RegisteredAt).ToListAsync(ct);
        return [.. rows.Select(View)];
    }

    internal static MandateView View(AgentMandate m) => new(m.Id, m.AgentUscc, m.PrincipalUscc, m.ValidFrom, m.ValidTo, m.RegisteredBy, m.RegisteredAt);

    private IQueryable<AgentMandate> Visible(Actor actor)
    {
        var query = db.Set<AgentMandate>().AsNoTracking();
        if (actor.IsOfficial)
        {
            return query;
        }

        var own = actor.EnterpriseUscc ?? "";
        return query.Where(m => m.AgentUscc == own || m.PrincipalUscc == own);
    }
}
