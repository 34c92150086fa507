using System.Globalization;
using GoldenQuality.Codes.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Ministries.Contracts;
using GoldenQuality.Registry.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Ministries;

/// <summary>The system actor a ministry's legacy feed acts as: the feed's office, with the system role (user name <c>feed:NAME</c>).</summary>
internal static class FeedActors
{
    /// <summary>A reject's reason as the rejects file keeps it: in English, the language of the legacy system it goes back to.</summary>
    public static string English(Message reason) => reason.Render(CultureInfo.InvariantCulture);

    public static async Task<(Actor? Actor, string? Refused)> OfAsync(IRegistryDirectory directory, FeedBatch batch, CancellationToken ct)
    {
        if (await directory.FindOfficeAsync(batch.Office, ct) is not { } office)
        {
            return (null, $"the feed's office '{batch.Office}' is not on the register");
        }

        return (new Actor(Guid.Empty, $"feed:{batch.Feed}", UserRoles.System, office.Id, office.Code, office.Agency, office.ProvinceCode, null) { OrganisationKind = office.Kind }, null);
    }

    /// <summary>Where a change came from, for the history: <c>ADAPTER file NAME line N (sha256 first 12)</c>.</summary>
    public static string Source(FeedBatch batch, FeedRecord record) =>
        string.Create(CultureInfo.InvariantCulture, $"{batch.Adapter} file {batch.FileName} line {record.Line} (sha256 {batch.FileSha256[..Math.Min(12, batch.FileSha256.Length)]})");

    public static string? Get(FeedRecord record, string field) =>
        record.Fields.TryGetValue(field, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public static decimal? Decimal(FeedRecord record, string field) =>
        Get(record, field) is { } text && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;

    public static DateOnly? Date(FeedRecord record, string field) =>
        Get(record, field) is { } text && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>The whole file refused because of its rejects: nothing of it was applied.</summary>
    public static FeedOutcome RefuseAll(string target, List<FeedReject> rejects) =>
        FeedOutcome.Refuse(string.Create(CultureInfo.InvariantCulture,
            $"{rejects.Select(r => r.Line).Distinct().Count()} record(s) refused (first: line {rejects[0].Line}, {rejects[0].Field}: {rejects[0].Reason}); the {target} target applies a register export whole or not at all"),
            [.. rejects.OrderBy(r => r.Line)]);

    /// <summary>The problems of a handler's refusal as (field, reason): each field of a validation problem, or the field a conflict names and its reason.</summary>
    public static IEnumerable<(string Field, string Reason)> Problems(Validation? invalid, ProblemHttpResult? problem, string fallbackField)
    {
        if (invalid is not null)
        {
            return invalid.Errors.SelectMany(e => e.Reasons.Select(r => (e.Field, r)));
        }

        var field = problem?.ProblemDetails.Extensions.TryGetValue("field", out var f) == true && f is string named ? named : fallbackField;
        var detail = problem?.ProblemDetails.Detail ?? "refused";
        return [(field, detail.StartsWith(field + ": ", StringComparison.Ordinal) ? detail[(field.Length + 2)..] : detail)];
    }
}

/// <summary>
/// The <c>lpco-register</c> target of the legacy feeds: keeps this node's LPCO register in step with the issuing
/// ministry's own system (the truth for its records), from its register export (adapters <c>moa-quarantine-permits</c>,
/// <c>mep-waste-licences</c>). The feed acts as the system of the issuing ministry's office (MOA: quarantine permits,
/// MEP: waste import licences); a number not on the register is registered through <see cref="RegisterLpco"/>'s checks;
/// a number already there whose quantity, validity or ports changed is amended, and whose status changed is suspended,
/// reinstated or revoked, through the same code as the officer's action, so every holder of a copy hears of it.
/// A file is applied whole or not at all (one save). See docs/codes.md, "The lpco-register target".
/// </summary>
internal sealed class LpcoFeedTarget(LpcoRegister register, IRegistryDirectory directory) : ILegacyFeedTarget
{
    public const string Name = "lpco-register";

    /// <summary>The fields a register keeps as they were registered: a change is a new LPCO, not an amendment.</summary>
    private static readonly string[] Fixed = ["holderUscc", "hsCode", "originCountry", "unit"];

    public string Target => Name;

    public bool AllOrNothing => true;

    public async Task<FeedOutcome> AcceptAsync(FeedBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (actor, refused) = await FeedActors.OfAsync(directory, batch, ct);
        if (actor is null)
        {
            return FeedOutcome.Refuse(refused!);
        }

        if (LpcoRules.KindOf(actor) is not { } kind)
        {
            return FeedOutcome.Refuse($"the feed's office {actor.OrganisationCode} ({actor.Agency}) issues no LPCOs: a {Name} feed acts as the system of the MOA (quarantine permits) or the MEP (waste import licences)");
        }

        if (register.Node.Enabled && !LpcoRules.IssuedHere(register.Node, kind))
        {
            return FeedOutcome.Refuse($"this node does not keep the {MinistriesWire.IssuerOf(kind)}'s register of {LpcoRules.Name(kind)}s: the node hosting office {MinistriesWire.IssuerOf(kind)} does");
        }

        var rejects = new List<FeedReject>();
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        int changed = 0, already = 0;
        foreach (var record in batch.Records)
        {
            var problems = new List<(string Field, string Reason)>();
            var number = FeedActors.Get(record, "number")?.ToUpperInvariant();
            if (number is null)
            {
                problems.Add(("number", FeedActors.English(new Message("lpco.feed.number-required"))));
            }
            else if (!numbers.Add(number))
            {
                problems.Add(("number", FeedActors.English(new Message("ministries.feed.listed-twice", number))));
            }
            else
            {
                var existing = await register.Db.Set<Lpco>().FirstOrDefaultAsync(l => l.Number == number, ct);
                var outcome = existing is null
                    ? await RegisterAsync(batch, record, actor, kind, number, problems, ct)
                    : await KeepInStepAsync(batch, record, actor, kind, existing, problems, ct);
                changed += outcome == Outcome.Changed ? 1 : 0;
                already += outcome == Outcome.Unchanged ? 1 : 0;
            }

            rejects.AddRange(problems.Select(p => new FeedReject(record.Line, p.Field, p.Reason, record.Key)));
        }

        if (rejects.Count > 0)
        {
            register.Db.ChangeTracker.Clear();
            return FeedActors.RefuseAll(Name, rejects);
        }

        await register.Db.SaveChangesAsync(ct);
        return new FeedOutcome(changed, already, []);
    }

    private enum Outcome
    {
        Refused,
        Unchanged,
        Changed,
    }

    /// <summary>A number not on the register: registered as <see cref="RegisterLpco"/> does, with its status and (from the legacy figure) what remains.</summary>
    private async Task<Outcome> RegisterAsync(FeedBatch batch, FeedRecord record, Actor actor, LpcoKind kind, string number, List<(string, string)> problems, CancellationToken ct)
    {
        var quantity = FeedActors.Decimal(record, "quantity");
        var remaining = FeedActors.Decimal(record, "remaining") ?? (FeedActors.Decimal(record, "used") is { } used && quantity is { } q ? q - used : null);
        var request = new LpcoRegistration(number, WireNames.Of(kind), FeedActors.Get(record, "holderUscc"), FeedActors.Get(record, "hsCode"),
            FeedActors.Get(record, "productDescription"), FeedActors.Get(record, "originCountry"), quantity, FeedActors.Get(record, "unit"), Ports(record),
            FeedActors.Date(record, "validFrom"), FeedActors.Date(record, "validTo"), remaining, FeedActors.Get(record, "status"),
            "loaded from " + FeedActors.Source(batch, record));
        var (lpco, problem, invalid) = await RegisterLpco.PrepareAsync(register, actor, request, ct);
        if (lpco is null)
        {
            problems.AddRange(FeedActors.Problems(invalid, problem, "number"));
            return Outcome.Refused;
        }

        return Outcome.Changed;
    }

    /// <summary>
    /// A number already on the register: a changed quantity, validity or ports is an amendment, a changed status the
    /// officer's step (suspend, reinstate, revoke); the remaining quantity stays the register's (draw-downs happen here).
    /// </summary>
    private async Task<Outcome> KeepInStepAsync(FeedBatch batch, FeedRecord record, Actor actor, LpcoKind kind, Lpco l, List<(string Field, string Reason)> problems, CancellationToken ct)
    {
        if (l.Kind != kind)
        {
            problems.Add(("number", FeedActors.English(new Message("lpco.feed.other-kind", l.Number, LpcoRules.KindTerm(l.Kind), LpcoRules.KindTerm(kind)))));
            return Outcome.Refused;
        }

        string? Registered(string field) => field switch
        {
            "holderUscc" => l.HolderUscc,
            "hsCode" => l.HsCode,
            "originCountry" => l.OriginCountry,
            _ => l.Unit,
        };

        foreach (var field in Fixed)
        {
            var inFile = FeedActors.Get(record, field)?.ToUpperInvariant();
            if (!string.Equals(inFile, Registered(field), StringComparison.Ordinal))
            {
                problems.Add((field, FeedActors.English(new Message("lpco.feed.fixed-field", inFile, Registered(field), l.Number, field))));
            }
        }

        var v = new Validation();
        var quantity = FeedActors.Decimal(record, "quantity");
        var from = FeedActors.Date(record, "validFrom");
        var to = FeedActors.Date(record, "validTo");
        var ports = Ports(record);
        var status = WireNames.TryParse<LpcoStatus>(FeedActors.Get(record, "status"), out var s) && s is LpcoStatus.Issued or LpcoStatus.Suspended or LpcoStatus.Revoked or LpcoStatus.Expired
            ? s
            : (LpcoStatus?)null;
        if (quantity is null)
        {
            problems.Add(("quantity", FeedActors.English(Message.Required)));
        }

        if (from is null || to is null)
        {
            problems.Add((from is null ? "validFrom" : "validTo", FeedActors.English(Message.Required)));
        }

        if (status is null)
        {
            problems.Add(("status", FeedActors.English(new Message("lpco.feed.status", FeedActors.Get(record, "status")))));
        }

        if (problems.Count > 0)
        {
            return Outcome.Refused;
        }

        var reason = "kept in step with " + FeedActors.Source(batch, record);
        var amend = quantity != l.QuantityIssued || from != l.ValidFrom || to != l.ValidTo
            || !ports.Order(StringComparer.Ordinal).SequenceEqual(l.Ports.Order(StringComparer.Ordinal), StringComparer.Ordinal);
        if (amend && await AmendLpco.ApplyAsync(register, v, l, actor, quantity, from, to, ports, reason, ct) is { } notAmended)
        {
            problems.AddRange(FeedActors.Problems(null, notAmended, "status"));
            return Outcome.Refused;
        }

        if (!v.IsValid)
        {
            problems.AddRange(FeedActors.Problems(v, null, "quantity"));
            return Outcome.Refused;
        }

        var today = register.Today;
        ProblemHttpResult? step = null;
        // Past its validity an LPCO is expired whatever word the ministry's system still has for it (issued, suspended).
        var moved = status != l.Status && !(l.EffectiveStatus(today) == LpcoStatus.Expired && status is LpcoStatus.Expired or LpcoStatus.Issued or LpcoStatus.Suspended);
        if (moved)
        {
            step = status switch
            {
                LpcoStatus.Suspended => await SuspendLpco.ApplyAsync(register, l, actor, reason, ct),
                LpcoStatus.Issued => await ReinstateLpco.ApplyAsync(register, l, actor, reason, ct),
                LpcoStatus.Revoked => await RevokeLpco.ApplyAsync(register, l, actor, reason, ct),
                _ => Problems.Conflict("status", new Message("lpco.feed.not-expired", l.Number, l.ValidTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
            };
        }

        if (step is not null)
        {
            problems.AddRange(FeedActors.Problems(null, step, "status"));
            return Outcome.Refused;
        }

        return amend || moved ? Outcome.Changed : Outcome.Unchanged;
    }

    private static string[] Ports(FeedRecord record) =>
        FeedActors.Get(record, "portsOfEntry") is { } text ? text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
}
