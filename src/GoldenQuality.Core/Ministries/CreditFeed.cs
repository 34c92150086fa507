using GoldenQuality.Codes.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Ministries;

/// <summary>
/// The <c>credit-register</c> target of the legacy feeds: keeps the central bank's credit register on this node in step
/// with the bank's own credit system, from its export (adapter <c>pbc-credit-classes</c>). The feed acts as the system
/// of office <c>PBC</c>, on the node that keeps the register (<see cref="CreditSteps.Refuse"/>, as for an officer). A
/// USCC not on the register gets its record; a changed class is a class change kept in the history (cause
/// <c>file</c>, by the feed and file, with the file's reason and legal basis) and announced
/// (<c>ministries.credit.class-changed</c>) as an officer's change is; the same class is already fed. A file is applied
/// whole or not at all (one save). See docs/codes.md, "The credit-register target".
/// </summary>
internal sealed class CreditFeedTarget(GqDbContext db, ExchangeNode node, ExchangeSender sender, IRegistryDirectory registry, TimeProvider clock) : ILegacyFeedTarget
{
    public const string Name = "credit-register";

    public string Target => Name;

    public bool AllOrNothing => true;

    public async Task<FeedOutcome> AcceptAsync(FeedBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (actor, refused) = await FeedActors.OfAsync(registry, batch, ct);
        if (actor is null)
        {
            return FeedOutcome.Refuse(refused!);
        }

        if (CreditSteps.Refuse(actor, node) is { } forbidden)
        {
            return FeedOutcome.Refuse($"the feed's office {actor.OrganisationCode} ({actor.Agency}) may not feed the credit register: {forbidden.ProblemDetails.Detail}");
        }

        var rejects = new List<FeedReject>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        int changed = 0, already = 0;
        foreach (var record in batch.Records)
        {
            var problems = new List<(string Field, string Reason)>();
            var uscc = Uscc.Check(FeedActors.Get(record, "uscc"));
            if (!uscc.IsValid)
            {
                problems.Add(("uscc", uscc.Message));
            }
            else if (!seen.Add(uscc.Input))
            {
                problems.Add(("uscc", FeedActors.English(new Message("ministries.feed.listed-twice", uscc.Input))));
            }
            else if (await registry.FindEnterpriseAsync(uscc.Input, ct) is null)
            {
                problems.Add(("uscc", FeedActors.English(new Message("ministries.not-an-enterprise", uscc.Input))));
            }

            var cls = FeedActors.Get(record, "creditClass")?.ToUpperInvariant();
            if (!CreditEventRules.IsClass(cls))
            {
                problems.Add(("creditClass", FeedActors.English(new Message("credit.feed.class", cls))));
            }

            var effective = FeedActors.Date(record, "effectiveDate");
            if (effective is null)
            {
                problems.Add(("effectiveDate", FeedActors.English(new Message("credit.feed.date-required"))));
            }

            var basis = FeedActors.Get(record, "legalBasis") ?? "";
            var reason = FeedActors.Get(record, "reason") ?? "";
            if (basis.Length > ChangeCreditClassLimits.LegalBasis)
            {
                problems.Add(("legalBasis", FeedActors.English(Message.TooLong(ChangeCreditClassLimits.LegalBasis))));
            }

            if (reason.Length > ChangeCreditClassLimits.Note)
            {
                problems.Add(("reason", FeedActors.English(Message.TooLong(ChangeCreditClassLimits.Note))));
            }

            if (problems.Count > 0)
            {
                rejects.AddRange(problems.Select(p => new FeedReject(record.Line, p.Field, p.Reason, record.Key)));
                continue;
            }

            var source = $"feed:{batch.Feed} {FeedActors.Source(batch, record)}";
            var existing = await db.Set<CreditRecord>().FirstOrDefaultAsync(r => r.Uscc == uscc.Input, ct);
            if (existing is not null && existing.CreditClass == cls)
            {
                already++;
                continue;
            }

            var from = existing?.CreditClass;
            if (existing is null)
            {
                existing = CreditRecord.Create(uscc.Input, cls!, effective!.Value, reason, now);
                db.Add(existing);
            }
            else
            {
                existing.Set(cls!, effective!.Value, reason.Length > 0 ? reason : existing.Note, now);
            }

            db.Add(CreditChange.ByFeed(Ids.New(clock), uscc.Input, now, from, cls!, source.Length <= 256 ? source : source[..256], basis, reason));
            CreditSteps.Announce(sender, db, existing, $"changed by the central bank's credit system ({source}): {reason} ({basis})");
            changed++;
        }

        if (rejects.Count > 0)
        {
            db.ChangeTracker.Clear();
            return FeedActors.RefuseAll(Name, rejects);
        }

        await db.SaveChangesAsync(ct);
        return new FeedOutcome(changed, already, []);
    }

    /// <summary>The limits of the register's texts (decision 0008): a legal basis as an officer's, a reason as a record's note.</summary>
    private static class ChangeCreditClassLimits
    {
        public const int LegalBasis = Contracts.ChangeCreditClass.MaxLegalBasisLength;
        public const int Note = 512;
    }
}
