using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Declarations.Contracts;

/// <summary>
/// One declaration from a legacy system: its number there (kept in the history, so that the same record fed again is
/// recognised), where it came from, the request (the same as the API's) and whether to submit it at once.
/// </summary>
public sealed record FedDeclarationRequest(string? LegacyNumber, string? Source, DeclarationRequest? Request, bool Submit);

/// <summary>
/// What became of one fed declaration: <c>created</c> (with the declaration), <c>already-fed</c> (the declaration fed
/// before under that legacy number) or <c>rejected</c> with every field error, as the API names them.
/// </summary>
public sealed record FedDeclarationResult(string LegacyNumber, string Outcome, DeclarationSummary? Declaration, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>
/// Creates declarations from a legacy system's records, one outcome per record: each goes through the same
/// validation as <c>POST /api/declarations</c> (and, when asked, the same submission as
/// <c>POST /api/declarations/{id}/submit</c>) and is saved on its own, so a refused record leaves nothing behind and
/// does not hold back the others. A legacy number fed before creates nothing. Only a system of an office feeds.
/// </summary>
public sealed class FeedDeclarations
{
    /// <summary>The history stage that records where a declaration came from; its detail starts with <see cref="Marker"/>.</summary>
    public const string FedStage = "legacy-fed";

    /// <summary>The most records one call takes.</summary>
    public const int MaxRecords = 10_000;

    private readonly GqDbContext db;
    private readonly DeclarationFlow flow;
    private readonly TimeProvider clock;

    internal FeedDeclarations(GqDbContext db, DeclarationFlow flow, TimeProvider clock) => (this.db, this.flow, this.clock) = (db, flow, clock);

    /// <summary>The start of the history detail that names the legacy number (a space ends the number, so 1 is not 10).</summary>
    public static string Marker(string legacyNumber) => FedDetail(legacyNumber, "").Store()[..^4];

    /// <summary>The detail of a fed declaration's <see cref="FedStage"/> event, a coded message that starts with its <see cref="Marker"/>.</summary>
    private static Message FedDetail(string legacyNumber, string source) => new("decl.event.fed", legacyNumber, source);

    public async Task<HandlerResult<FedDeclarationResult[]>> HandleAsync(Actor actor, IReadOnlyList<FedDeclarationRequest> requests, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(requests);
        if (!actor.Roles.HasFlag(UserRoles.System) || !actor.IsOfficial)
        {
            return Problems.Forbidden(new Message("decl.feed.forbidden"));
        }

        var v = new Validation();
        if (requests.Count > MaxRecords)
        {
            v.Add("requests", new Message("decl.feed.too-many", MaxRecords));
            return v.Result();
        }

        var results = new List<FedDeclarationResult>(requests.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in requests)
        {
            results.Add(await FeedOneAsync(actor, r, seen, ct));
        }

        return results.ToArray();
    }

    private async Task<FedDeclarationResult> FeedOneAsync(Actor actor, FedDeclarationRequest r, HashSet<string> seen, CancellationToken ct)
    {
        var v = new Validation();
        var number = v.Required("legacyNumber", r?.LegacyNumber, 64);
        var source = v.Required("source", r?.Source, 512);
        if (number.Any(char.IsWhiteSpace))
        {
            v.Add("legacyNumber", new Message("decl.feed.no-spaces"));
        }

        if (r?.Request is null)
        {
            v.Add("request", Message.Required);
        }

        if (!v.IsValid)
        {
            return Rejected(number, v);
        }

        if (!seen.Add(number))
        {
            v.Add("legacyNumber", new Message("decl.feed.twice", number));
            return Rejected(number, v);
        }

        var marker = Marker(number);
        var fedBefore = await db.Set<DeclarationEvent>().AsNoTracking()
            .Where(e => e.Stage == FedStage && e.Detail.StartsWith(marker))
            .Join(db.Set<Declaration>().AsNoTracking(), e => e.DeclarationId, d => d.Id, (e, d) => d)
            .FirstOrDefaultAsync(ct);
        if (fedBefore is not null)
        {
            return new FedDeclarationResult(number, "already-fed", DeclarationAccess.Summary(fedBefore), new Dictionary<string, string[]>());
        }

        try
        {
            var d = await flow.CreateAsync(r!.Request!, actor, v, ct);
            if (d is null)
            {
                return Rejected(number, v);
            }

            db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, clock.GetUtcNow(), FedStage, actor.UserName, FedDetail(number, source)));
            if (r.Submit && !await flow.SubmitAsync(d, actor, v, ct))
            {
                return Rejected(number, v);
            }

            await db.SaveChangesAsync(ct);
            return new FedDeclarationResult(number, "created", DeclarationAccess.Summary(d), new Dictionary<string, string[]>());
        }
        finally
        {
            // Each record is saved on its own: what a refused record added is dropped, and a long file keeps no entities alive.
            db.ChangeTracker.Clear();
        }
    }

    private static FedDeclarationResult Rejected(string number, Validation v) =>
        new(number, "rejected", null, v.Errors.ToDictionary(e => e.Field, e => e.Reasons.ToArray(), StringComparer.Ordinal));
}
