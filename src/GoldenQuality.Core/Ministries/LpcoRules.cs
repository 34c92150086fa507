using System.Globalization;
using System.Text.RegularExpressions;
using GoldenQuality.Codes.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Ministries.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Ministries;

/// <summary>The rules of the LPCO registers that need no service: number format, units, who may handle which kind.</summary>
internal static partial class LpcoRules
{
    public const int MaxPorts = 20;
    public const int MaxReason = 1024;
    public const decimal MaxQuantity = 1_000_000_000m;

    /// <summary>Mass units (a line's net weight in kg converts to them).</summary>
    public static readonly string[] MassUnits = ["KGM", "TNE"];

    /// <summary>Count units (a line must be declared in the same unit).</summary>
    public static readonly string[] CountUnits = ["HEA", "H87", "C62", "NAR"];

    /// <summary>The number prefix of a kind: <c>MOA-QP</c>, <c>MEP-WL</c>; the number is <c>{prefix}-{year of issue}-{six-digit serial}</c>.</summary>
    public static string PrefixOf(LpcoKind kind) => kind == LpcoKind.QuarantinePermit ? "MOA-QP" : "MEP-WL";

    /// <summary>The kind of LPCO an official handles: the one its agency issues (MOA: quarantine permits; MEP: waste import licences).</summary>
    public static LpcoKind? KindOf(Actor actor) =>
        actor.IsOfficial ? actor.Agency switch { "MOA" => LpcoKind.QuarantinePermit, "MEP" => LpcoKind.WasteImportLicence, _ => null } : null;

    /// <summary>True when this node is the issuer's: the directory says it hosts the issuing agency's office (MOA or MEP).</summary>
    public static bool IssuedHere(ExchangeNode node, LpcoKind kind) => node.Enabled && node.Hosts($"{node.Id}/{MinistriesWire.IssuerOf(kind)}");

    /// <summary>The kind's name as a message argument (<c>quarantine permit</c>, <c>waste import licence</c> in English).</summary>
    public static Message NameOf(LpcoKind kind) => new("lpco.kind." + WireNames.Of(kind));

    /// <summary>A status as a message argument (its wire name in English).</summary>
    public static Message StatusOf(LpcoStatus status) => new("lpco.status." + WireNames.Of(status));

    /// <summary>A status as a problem's argument: its wire name in English (<c>under-review</c>), its name in Chinese.</summary>
    public static Message WireStatusOf(LpcoStatus status) => status == LpcoStatus.UnderReview ? new("lpco.wire-status.under-review") : StatusOf(status);

    /// <summary>A kind as a message argument (<c>quarantine permit</c>).</summary>
    public static Message KindTerm(LpcoKind kind) => new("lpco.kind." + WireNames.Of(kind));

    public static string Name(LpcoKind kind) => kind == LpcoKind.QuarantinePermit ? "quarantine permit" : "waste import licence";

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ChinaTime.Of(clock.GetUtcNow()).DateTime);

    public static bool IsMass(string unit) => MassUnits.Contains(unit, StringComparer.Ordinal);

    /// <summary>A quantity in <paramref name="from"/> converted to <paramref name="to"/> (mass units only), or null when they do not convert.</summary>
    public static decimal? Convert(decimal quantity, string from, string to) =>
        from == to ? quantity
        : (from, to) switch { ("KGM", "TNE") => quantity / 1000m, ("TNE", "KGM") => quantity * 1000m, _ => null };

    public static string Format(decimal d) => d.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The 409 for a step the LPCO's status does not allow; <paramref name="step"/> names it (<c>lpco.cannot.</c><paramref name="step"/>).</summary>
    public static ProblemHttpResult Illegal(Lpco l, string step, DateOnly today) =>
        Problems.Conflict("status", new Message("lpco.illegal", KindTerm(l.Kind), l.Number ?? l.Id.ToString(), WireStatusOf(l.EffectiveStatus(today)), new Message("lpco.cannot." + step)));

    [GeneratedRegex("^[0-9]{4,10}$")]
    public static partial Regex HsPattern();

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{2,31}$")]
    public static partial Regex NumberPattern();
}

/// <summary>
/// The LPCO register of this node: field checks (registry, code lists), access, numbering, history, views and the
/// status-change messages to every node holding a copy. The handlers in <c>Contracts</c> use it; it never saves.
/// </summary>
internal sealed class LpcoRegister(GqDbContext db, ICodeLists codes, CodeTables tables, IRegistryDirectory registry, ExchangeNode node, ExchangeSender sender, TimeProvider clock)
{
    public GqDbContext Db => db;

    public TimeProvider Clock => clock;

    public ExchangeNode Node => node;

    public DateOnly Today => LpcoRules.Today(clock);

    /// <summary>The LPCO by id with its history, draws and holders, if the actor may see it (officer of its ministry, or a user of its holder).</summary>
    public async Task<(Lpco? Lpco, ProblemHttpResult? Problem)> FindAsync(Actor actor, Guid id, CancellationToken ct)
    {
        if (LpcoRules.KindOf(actor) is null && !Policies.IsEnterpriseUser(actor))
        {
            return (null, Problems.Forbidden(new Message("lpco.register-forbidden")));
        }

        var l = await db.Set<Lpco>().Include(x => x.Events).Include(x => x.Draws).Include(x => x.Holders).AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, ct);
        return l is null || !CanSee(actor, l) ? (null, Problems.NotFound(new Message("noun.lpco"), id.ToString())) : (l, null);
    }

    public bool CanSee(Actor actor, Lpco l) =>
        LpcoRules.KindOf(actor) == l.Kind || (Policies.IsEnterpriseUser(actor) && actor.EnterpriseUscc == l.HolderUscc);

    /// <summary>The officer check of the lifecycle steps: an official of the agency that issues this kind.</summary>
    public static ProblemHttpResult? OfficerOf(Actor actor, LpcoKind kind) =>
        LpcoRules.KindOf(actor) == kind ? null
        : Problems.Forbidden(new Message("lpco.officer-only", MinistriesWire.IssuerOf(kind), LpcoRules.KindTerm(kind), actor.OnBehalfOf));

    public void Record(Lpco l, Actor actor, string action, LpcoStatus? from, LpcoStatus? to, string? reason) =>
        Record(l, actor.UserName, actor.OnBehalfOf, action, from, to, reason);

    public void Record(Lpco l, string by, string onBehalfOf, string action, LpcoStatus? from, LpcoStatus? to, string? reason) =>
        db.Set<LpcoEvent>().Add(LpcoEvent.Create(Ids.New(clock), l.Id, clock.GetUtcNow(), by, onBehalfOf, action, from, to, reason));

    /// <summary>Records a step whose reason the system writes (coded, shown in the reader's language).</summary>
    public void Record(Lpco l, Actor actor, string action, LpcoStatus? from, LpcoStatus? to, Message reason) =>
        Record(l, actor.UserName, actor.OnBehalfOf, action, from, to, reason.Store(LpcoRules.MaxReason));

    /// <summary>Moves the LPCO and records the step.</summary>
    public void Move(Lpco l, LpcoStatus to, Actor actor, string action, string? reason)
    {
        var from = l.Status;
        l.Move(to, clock.GetUtcNow());
        Record(l, actor, action, from, to, reason);
    }

    /// <summary>The next number of a kind in the year of issue (China time): <c>MOA-QP-2026-000001</c>.</summary>
    public async Task<string> NextNumberAsync(LpcoKind kind, CancellationToken ct)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"{LpcoRules.PrefixOf(kind)}-{ChinaTime.Of(clock.GetUtcNow()).Year}-");
        var numbers = await db.Set<Lpco>().Where(l => l.Number != null && l.Number.StartsWith(prefix)).Select(l => l.Number!).ToListAsync(ct);
        numbers.AddRange(db.Set<Lpco>().Local.Where(l => l.Number is not null && l.Number.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l.Number!));
        var last = numbers.Select(n => int.TryParse(n.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0).DefaultIfEmpty(0).Max();
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}{last + 1:000000}");
    }

    /// <summary>
    /// Checks the fields of an application or registration: kind, holder (an enterprise of this node's registry),
    /// HS code or prefix (in the HS list in force), origin country (ISO 3166-1; required for quarantine permits),
    /// quantity and unit, ports of entry (the registry's UN/LOCODEs; required for quarantine permits), validity.
    /// </summary>
    public async Task<LpcoFields?> CheckFieldsAsync(Validation v, string? kindText, string? holder, string? hs, string? product, string? origin, decimal? quantity, string? unitText,
        string[]? ports, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var kind = v.Enum<LpcoKind>("kind", kindText);
        var quarantine = kind == LpcoKind.QuarantinePermit;
        var snapshot = await codes.CurrentAsync(ct);
        var today = Today;

        var uscc = Uscc.Check(holder?.Trim());
        if (string.IsNullOrWhiteSpace(holder))
        {
            v.Add("holderUscc", Message.Required);
        }
        else if (!uscc.IsValid)
        {
            v.Add("holderUscc", uscc.Reason);
        }
        else if (await registry.FindEnterpriseAsync(uscc.Input, ct) is null)
        {
            v.Add("holderUscc", new Message("ministries.not-an-enterprise", uscc.Input));
        }

        var hsCode = v.Required("hsCode", hs, 10);
        if (hsCode.Length > 0 && !LpcoRules.HsPattern().IsMatch(hsCode))
        {
            v.Add("hsCode", new Message("hs.code-or-prefix", hsCode));
        }
        else if (hsCode.Length > 0 && await HsProblemAsync(hsCode, today, ct) is { } hsProblem)
        {
            v.Add("hsCode", hsProblem);
        }

        var description = v.Optional("productDescription", product, 256);
        var country = v.Optional("originCountry", origin, 2)?.ToUpperInvariant();
        if (country is null && quarantine)
        {
            v.Add("originCountry", new Message("lpco.origin-required"));
        }
        else if (country is { Length: 2 } && snapshot.Check("iso-3166-1", country, today) is { } countryProblem)
        {
            v.Add("originCountry", countryProblem);
        }

        if (quantity is not { } q)
        {
            v.Add("quantity", Message.Required);
            q = 0;
        }
        else if (q <= 0 || q > LpcoRules.MaxQuantity)
        {
            v.Add("quantity", new Message("lpco.quantity-range", LpcoRules.MaxQuantity.ToString(CultureInfo.InvariantCulture), q.ToString(CultureInfo.InvariantCulture)));
        }

        var unit = v.Required("unit", unitText, 8).ToUpperInvariant();
        if (unit.Length > 0 && !LpcoRules.MassUnits.Contains(unit, StringComparer.Ordinal) && !LpcoRules.CountUnits.Contains(unit, StringComparer.Ordinal))
        {
            v.Add("unit", new Message("lpco.unit", unit, string.Join(", ", LpcoRules.MassUnits), string.Join(", ", LpcoRules.CountUnits)));
        }
        else if (unit.Length > 0 && snapshot.Check("unece-rec20", unit, today) is { } unitProblem)
        {
            v.Add("unit", unitProblem);
        }

        var locodes = await CheckPortsAsync(v, ports, quarantine, ct);
        CheckValidity(v, from, to);
        return v.IsValid ? new LpcoFields(kind, uscc.Input, hsCode, description, country, q, unit, locodes, from!.Value, to!.Value) : null;
    }

    public async Task<string[]> CheckPortsAsync(Validation v, string[]? ports, bool required, CancellationToken ct)
    {
        var list = (ports ?? []).Select(p => p?.Trim().ToUpperInvariant() ?? "").ToArray();
        if (list.Length == 0 && required)
        {
            v.Add("portsOfEntry", new Message("lpco.ports-required"));
        }
        else if (list.Length > LpcoRules.MaxPorts)
        {
            v.Add("portsOfEntry", new Message("lpco.ports-max", LpcoRules.MaxPorts));
            return [];
        }

        foreach (var (port, i) in list.Select((p, i) => (p, i)))
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"portsOfEntry[{i}]");
            if (port.Length != 5)
            {
                v.Add(field, new Message("decl.locode-format", port));
            }
            else if (await registry.FindPortAsync(port, ct) is null)
            {
                v.Add(field, new Message("lpco.port-not-registered", port));
            }
        }

        if (list.Distinct(StringComparer.Ordinal).Count() != list.Length)
        {
            v.Add("portsOfEntry", new Message("lpco.port-twice"));
        }

        return list;
    }

    public static void CheckValidity(Validation v, DateOnly? from, DateOnly? to)
    {
        if (from is null)
        {
            v.Add("validFrom", Message.Required);
        }

        if (to is null)
        {
            v.Add("validTo", Message.Required);
        }
        else if (from is { } f && to < f)
        {
            v.Add("validTo", new Message("lpco.valid-to-before", to.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }
        else if (from is { } f2 && to > f2.AddYears(5))
        {
            v.Add("validTo", new Message("lpco.valid-five-years"));
        }
    }

    /// <summary>Why an HS code or prefix is not in the HS list in force (6 digits and more: its subheading must exist; 4: some subheading of the heading).</summary>
    private async Task<Message?> HsProblemAsync(string code, DateOnly today, CancellationToken ct)
    {
        var systems = await tables.SystemsAsync(ct);
        var version = systems.FirstOrDefault(s => s.Id == "hs")?.Versions
            .FirstOrDefault(x => string.CompareOrdinal(x.ValidFrom, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) <= 0
                && (x.ValidTo is null || string.CompareOrdinal(x.ValidTo, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) >= 0));
        if (version is null)
        {
            return new Message("lpco.hs-no-version");
        }

        var prefix = code.Length >= 6 ? code[..6] : code;
        var found = await tables.CodesAsync("hs", version.Version, prefix, 1, 1, ct);
        return found.Value is { Total: > 0 } ? null : new Message("lpco.hs-not-in", code, version.Version, prefix);
    }

    public async Task<LpcoView> ViewAsync(Lpco l, CancellationToken ct)
    {
        var holder = await registry.FindEnterpriseAsync(l.HolderUscc, ct);
        var today = Today;
        return new LpcoView(l.Id, l.Number, WireNames.Of(l.Kind), MinistriesWire.IssuerOf(l.Kind), WireNames.Of(l.EffectiveStatus(today)), l.HolderUscc, holder?.NameZh,
            l.HsCode, l.ProductDescription, l.OriginCountry, l.QuantityIssued, l.Drawn, l.Remaining, l.Unit, l.Ports, l.ValidFrom, l.ValidTo, l.Version, l.CreatedAt, l.UpdatedAt, l.IssuedAt,
            [.. l.Events.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new LpcoHistoryEntry(e.At, e.By, e.OnBehalfOf, e.Action,
                e.FromStatus is { } f ? WireNames.Of(f) : null, e.ToStatus is { } t ? WireNames.Of(t) : null, Message.Show(e.Reason)))],
            [.. l.Draws.OrderBy(d => d.RecordedAt).Select(d => new LpcoDrawView(d.DeclarationNumber, d.Quantity, d.Unit, d.FromNode, d.ReleasedAt, d.RecordedAt))],
            [.. l.Holders.OrderBy(h => h.Node, StringComparer.Ordinal).Select(h => new LpcoCopyHolderView(h.Node, h.FirstAt, h.LastAt))],
            await InspectionResultsAsync(l, ct), await AttachmentsAsync(l.Id, ct));
    }

    /// <summary>The documents attached to the LPCO's application, in the order attached, without their content.</summary>
    private async Task<LpcoAttachmentView[]> AttachmentsAsync(Guid id, CancellationToken ct)
    {
        var rows = await db.Set<LpcoAttachment>().AsNoTracking().Where(a => a.LpcoId == id)
            .Select(a => new { a.Name, a.Kind, a.ContentType, a.Length, a.Sha256, a.AttachedAt, a.AttachedBy, a.OnBehalfOf, a.Id }).ToListAsync(ct);
        return [.. rows.OrderBy(a => a.AttachedAt).ThenBy(a => a.Id).Select(a => new LpcoAttachmentView(a.Name, WireNames.Of(a.Kind), a.ContentType, a.Length, a.Sha256, a.AttachedAt,
            a.AttachedBy, a.OnBehalfOf))];
    }

    /// <summary>The import-inspection results received for the LPCO, newest first (at most the last 200).</summary>
    private async Task<InspectionResultView[]> InspectionResultsAsync(Lpco l, CancellationToken ct)
    {
        if (l.Kind != LpcoKind.WasteImportLicence)
        {
            return [];
        }

        var rows = await db.Set<InspectionResult>().AsNoTracking().Where(r => r.LpcoId == l.Id).ToListAsync(ct);
        return [.. rows.OrderByDescending(r => r.InspectedAt).ThenBy(r => r.DeclarationNumber, StringComparer.Ordinal).Take(200).Select(r => new InspectionResultView(
            r.DeclarationNumber, r.Decision, r.Conforming, Message.Show(r.Reasons)!, r.InspectedAt, r.FromParty, r.AgreementId, r.HsCode, r.GoodsDescription, r.Quantity, r.Unit,
            r.PortOfEntry, r.ReceivedAt, r.ReviewOutcome, r.ReviewedBy, r.ReviewedAt, r.ReviewNote))];
    }

    /// <summary>Saves and reads the LPCO again with everything the view shows; changed by someone else meanwhile, it is a 409 and nothing is saved.</summary>
    public async Task<HandlerResult<LpcoView>> SaveViewAsync(Lpco l, CancellationToken ct) =>
        await TrySaveAsync(ct) ? await FreshViewAsync(l.Id, ct) : ChangedMeanwhile(l);

    /// <summary>Saves; false (and nothing kept in the context) when a row changed since it was read: a draw, an inspection result, another officer.</summary>
    public async Task<bool> TrySaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>The LPCO as stored, with everything the view shows.</summary>
    public async Task<LpcoView> FreshViewAsync(Guid id, CancellationToken ct)
    {
        var fresh = await db.Set<Lpco>().AsNoTracking().Include(x => x.Events).Include(x => x.Draws).Include(x => x.Holders).AsSplitQuery().FirstAsync(x => x.Id == id, ct);
        return await ViewAsync(fresh, ct);
    }

    public static ProblemHttpResult ChangedMeanwhile(Lpco l) =>
        Problems.Conflict("version", new Message("lpco.changed-meanwhile", l.Number ?? l.Id.ToString()));

    /// <summary>
    /// Tells every node holding a copy that the LPCO changed (<see cref="MinistriesWire.LpcoStatusChangedType"/>),
    /// queued in the caller's save. Nothing is sent when the exchange is off or no node holds a copy.
    /// </summary>
    public async Task NotifyHoldersAsync(Lpco l, string reason, CancellationToken ct)
    {
        if (!node.Enabled || node.Directory.Current is null || l.Number is null)
        {
            return;
        }

        var holders = await db.Set<LpcoCopyHolder>().Where(h => h.LpcoId == l.Id).Select(h => h.Node).ToListAsync(ct);
        holders.AddRange(db.Set<LpcoCopyHolder>().Local.Where(h => h.LpcoId == l.Id).Select(h => h.Node));
        var recipients = holders.Distinct(StringComparer.Ordinal).ToArray();
        if (recipients.Length == 0)
        {
            return;
        }

        var payload = new LpcoStatusChanged(WireNames.Of(l.Kind), l.Number, WireNames.Of(l.EffectiveStatus(Today)), reason, l.ValidTo, l.Remaining, l.Unit, clock.GetUtcNow());
        sender.As(SendingModule.Ministries).Send(db, MinistriesWire.LpcoStatusChangedType, payload, recipients);
    }
}
