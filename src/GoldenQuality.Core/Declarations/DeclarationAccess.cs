using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Declarations;

/// <summary>Who sees and changes which declaration, the refusals, the save and the views: shared by the declaration use cases.</summary>
internal static class DeclarationAccess
{
    /// <summary>An office sees what was routed to it (AQSIQ headquarters and administrators see all); an enterprise what it declared or trades.</summary>
    internal static IQueryable<Declaration> Scope(IQueryable<Declaration> query, Actor actor)
    {
        if (actor.IsAdmin || (actor.IsOfficial && actor.OrganisationCode is { } code && code.StartsWith("AQSIQ", StringComparison.Ordinal)))
        {
            return query;
        }

        if (actor.IsOfficial)
        {
            return query.Where(d => d.Office == actor.OrganisationCode);
        }

        var own = actor.EnterpriseUscc;
        return own is null ? query.Where(_ => false) : query.Where(d => d.DeclarantUscc == own || d.TraderUscc == own);
    }

    internal static async Task<(Declaration?, ProblemHttpResult?)> FindAsync(GqDbContext db, Actor actor, Guid id, CancellationToken ct)
    {
        var d = await Scope(db.Set<Declaration>(), actor).FirstOrDefaultAsync(x => x.Id == id, ct);
        return d is null ? (null, Problems.NotFound(new Message("noun.declaration"), id.ToString())) : (d, null);
    }

    internal static bool CanDeclare(Actor actor) => actor.EnterpriseId is not null || actor.Roles.HasFlag(UserRoles.System);

    internal static bool IsDeclarant(Declaration d, Actor actor) =>
        actor.Roles.HasFlag(UserRoles.System) || (actor.EnterpriseUscc is { } own && own == d.DeclarantUscc);

    internal static bool IsOfficeOf(Declaration d, Actor actor) => actor.IsOfficial && (actor.OrganisationCode == d.Office || actor.IsAdmin);

    /// <summary>The 409 for a move the status does not allow; <paramref name="action"/> is named by message <c>decl.action.*</c>.</summary>
    internal static ProblemHttpResult Illegal(Declaration d, string action, Message? hint) =>
        Problems.Conflict("status", hint is null
                ? new Message("decl.illegal", StatusName(d.Status), Message.Term("decl.action.", action.Replace(' ', '-')))
                : new Message("decl.illegal.hint", StatusName(d.Status), Message.Term("decl.action.", action.Replace(' ', '-')), hint),
            new Dictionary<string, object?> { ["currentStatus"] = WireNames.Of(d.Status) });

    /// <summary>A status as a refusal names it: its wire name in English (what API clients match), its name in Chinese.</summary>
    private static Message StatusName(DeclarationStatus status) =>
        Message.Bilingual(WireNames.Of(status), Message.Term("decl.status.", WireNames.Of(status)).Render(System.Globalization.CultureInfo.GetCultureInfo("zh-CN")));

    /// <summary>Saves a change to a declaration (its version guards against a concurrent change) and answers its view.</summary>
    internal static async Task<HandlerResult<DeclarationView>> SaveViewAsync(GqDbContext db, Declaration d, CancellationToken ct)
    {
        try
        {
            DeclarationForwarding.Report(db, d);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("version", new Message("decl.concurrent"));
        }

        return await ViewAsync(db, d, ct);
    }

    internal static async Task<DeclarationView> ViewAsync(GqDbContext db, Declaration d, CancellationToken ct)
    {
        var history = await db.Set<DeclarationEvent>().AsNoTracking().Where(e => e.DeclarationId == d.Id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        // Reasons and details are kept as coded messages and shown in the reader's language (the page's or Accept-Language).
        var risk = d.RiskDecision is { } decided ? decided with { Reasons = [.. decided.Reasons.Select(r => r with { Explanation = Message.Show(r.Explanation)! })] } : null;
        return new DeclarationView(d.Id, d.Number, WireNames.Of(d.Kind), WireNames.Of(d.Status), d.Version, d.Office, Message.Show(d.RoutingReason), d.Data, risk, d.Inspection,
            Message.Show(d.ReturnReasons), d.PermitNumber, d.CustomsDecision, d.ElectronicClearance, d.CreatedAt, d.UpdatedAt,
            [.. history.Select(e => new HistoryView(e.At, e.Stage, WireNames.Of(e.Status), e.Actor, Message.Show(e.Detail)!))], Message.Show(d.AwaitingIssuerReason), d.Lpcos,
            d.ForwardId is { } forwardId ? new ForwardingView(forwardId, d.ForwardedTo, d.ForwardedFrom, d.RemoteNumber, d.RemoteStatus, d.RemotePermitNumber, Message.Show(d.RemoteDetail)) : null);
    }

    internal static DeclarationSummary Summary(Declaration d)
    {
        var reasons = d.RiskDecision?.Reasons.Where(r => r.Points > 0 || r.Input is "holds-and-alerts" or "supervision" or "random-sample")
            .Select(r => $"{r.Input}: {r.Value}{(r.Points > 0 ? string.Create(CultureInfo.InvariantCulture, $" (+{r.Points})") : "")}");
        return new DeclarationSummary(d.Id, d.Number, WireNames.Of(d.Kind), WireNames.Of(d.Status), d.TraderUscc, d.DeclarantUscc, d.Office, d.Port, d.LineCount,
            d.Risk is { } r ? WireNames.Of(r) : null, d.RiskScore, reasons is null ? null : string.Join("; ", reasons), d.PermitNumber, d.UpdatedAt,
            d.Data.Lines.FirstOrDefault() is { } first ? new GoodsSummary(first.HsCode, first.Description) : null);
    }
}
