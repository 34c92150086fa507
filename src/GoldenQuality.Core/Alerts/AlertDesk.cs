using System.Globalization;
using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Codes.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using GoldenQuality.Standards.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Alerts;

/// <summary>
/// The notification desk of this node: raising (field checks against the registry, the code lists and the standards
/// catalogue), the coordinator's steps, the recipients' answers, the views, and the messages each step sends. The
/// handlers in <c>Contracts</c> use it; it saves only in <see cref="SaveViewAsync"/> and <see cref="SweepAsync"/>.
/// </summary>
internal sealed class AlertDesk(
    GqDbContext db, IRegistryDirectory registry, OrganisationStructure structure, LimitResolution limits, ICodeLists codes, ExchangeNode node,
    ExchangeSender sender, IOptions<AlertOptions> options, AlertReferenceData reference, TimeProvider clock)
{
    public GqDbContext Db => db;

    public TimeProvider Clock => clock;

    public AlertOptions Options => options.Value;

    public ExchangeNode Node => node;

    public string? CoordinatorParty => node.Enabled ? node.PartyOf(AlertsWire.CoordinatingOffice) : AlertsWire.CoordinatingOffice;

    public static ProblemHttpResult? Official(Actor actor) =>
        actor.IsOfficial && actor.OrganisationCode is not null ? null : Problems.Forbidden(new Message("alert.forbidden.official"));

    public ProblemHttpResult? Coordinator(Actor actor) =>
        !Policies.IsAlertCoordinator(actor) ? Problems.Forbidden(new Message("alert.forbidden.coordinator", AlertsWire.CoordinatingOffice))
        : !AlertRules.IsCoordinatingNode(node) ? Problems.Forbidden(new Message("alert.forbidden.coordinator-node", AlertsWire.CoordinatingOffice))
        : null;

    /// <summary>The notification by number, if this node holds it.</summary>
    public async Task<(AlertNotificationRow? Row, ProblemHttpResult? Problem)> FindAsync(string number, long? version, CancellationToken ct)
    {
        var n = (number ?? "").Trim().ToUpperInvariant();
        var row = n.Length is 0 or > AlertRules.MaxNumber ? null : await db.Set<AlertNotificationRow>().FirstOrDefaultAsync(x => x.Number == n, ct);
        return row is null ? (null, Problems.NotFound(new Message("noun.alert"), n))
            : version is { } sent && sent != row.Version ? (null, Problems.StaleVersion(sent, row.Version))
            : (row, null);
    }

    public Task<List<AlertRecipientRow>> RecipientsAsync(Guid id, CancellationToken ct) =>
        db.Set<AlertRecipientRow>().Where(r => r.NotificationId == id).OrderBy(r => r.Office).ToListAsync(ct);

    // ---------------------------------------------------------------- raise

    /// <summary>Checks every field of a new notification; the hazard's limit comes from the catalogue.</summary>
    public async Task<AlertNotification?> CheckRaiseAsync(Validation v, Actor actor, RaiseAlertRequest r, CancellationToken ct)
    {
        var type = v.Enum<NotificationType>("type", r.Type);
        var basis = v.Enum<NotificationBasis>("basis", r.Basis);
        var risk = v.Enum<RiskDecision>("risk", r.Risk);
        var title = v.Required("title", r.Title, AlertRules.MaxTitle);
        var measures = v.Required("measuresTaken", r.MeasuresTaken, AlertRules.MaxMeasures);
        var lists = await codes.CurrentAsync(ct);
        var today = DateOnly.FromDateTime(ChinaTime.Of(clock.GetUtcNow()).DateTime);
        var origin = v.Required("originCountry", r.OriginCountry, 2).ToUpperInvariant();
        if (origin.Length == 2 && lists.Check("iso-3166-1", origin, today) is { } badOrigin)
        {
            v.Add("originCountry", new Message("alert.country-in-list", origin, badOrigin));
        }

        var countries = (r.DistributionCountries ?? []).Select(c => c?.Trim().ToUpperInvariant() ?? "").Distinct(StringComparer.Ordinal).ToArray();
        if (countries.Length > AlertRules.MaxCountries)
        {
            v.Add("distributionCountries", new Message("alert.countries-max", AlertRules.MaxCountries));
        }
        else
        {
            foreach (var (c, i) in countries.Select((c, i) => (c, i)))
            {
                if (c.Length != 2 || lists.Check("iso-3166-1", c, today) is not null)
                {
                    v.Add(string.Create(CultureInfo.InvariantCulture, $"distributionCountries[{i}]"), new Message("alert.country", c));
                }
            }
        }

        var product = CheckProduct(v, r.Product, lists, today);
        var enterprises = CheckEnterprises(v, r.Enterprises);
        var hazard = await CheckHazardAsync(v, r.Hazard, ct);
        if (!v.IsValid)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        return new AlertNotification(AlertRules.NewNumber(actor.OrganisationCode!, now), WireNames.Of(type), WireNames.Of(basis), WireNames.Of(AlertStatus.Submitted),
            title, hazard!, product!, enterprises, origin, countries, WireNames.Of(risk), measures, [], actor.OrganisationCode!, node.Enabled ? node.Id : "",
            actor.UserName, now, null, null, []);
    }

    private static AlertProduct? CheckProduct(Validation v, AlertProductRequest? p, CodeListsSnapshot lists, DateOnly today)
    {
        if (p is null)
        {
            v.Add("product", Message.Required);
            return null;
        }

        var hs = v.Required("product.hsCode", p.HsCode, 10);
        if (hs.Length > 0 && (hs.Length != 10 || !hs.All(char.IsAsciiDigit)))
        {
            v.Add("product.hsCode", new Message("alert.hs-format", hs));
        }
        else if (hs.Length == 10 && lists.Check("cn-tariff", hs, today) is { } bad)
        {
            v.Add("product.hsCode", new Message("alert.hs-not-in-tariff", hs, bad));
        }

        var description = v.Required("product.description", p.Description, AlertRules.MaxDescription);
        var brand = v.Optional("product.brand", p.Brand, AlertRules.MaxBrand);
        var lots = (p.Lots ?? []).Select(l => l?.Trim() ?? "").Where(l => l.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        if (lots.Length > AlertRules.MaxLots)
        {
            v.Add("product.lots", new Message("alert.lots-max", AlertRules.MaxLots));
        }
        else if (lots.FirstOrDefault(l => l.Length > AlertRules.MaxLot) is { } longLot)
        {
            v.Add("product.lots", new Message("alert.lot-too-long", longLot[..16], AlertRules.MaxLot));
        }

        return new AlertProduct(hs, description, brand, lots);
    }

    private static AlertEnterprise[] CheckEnterprises(Validation v, AlertEnterpriseRequest[]? list)
    {
        var items = list ?? [];
        if (items.Length is 0 or > AlertRules.MaxEnterprises)
        {
            v.Add("enterprises", new Message("alert.enterprises-count", AlertRules.MaxEnterprises));
            return [];
        }

        var result = new List<AlertEnterprise>();
        foreach (var (e, i) in items.Select((e, i) => (e, i)))
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"enterprises[{i}]");
            var check = Uscc.Check(Uscc.Normalise(e?.Uscc));
            if (string.IsNullOrWhiteSpace(e?.Uscc))
            {
                v.Add(field + ".uscc", Message.Required);
            }
            else if (!check.IsValid)
            {
                v.Add(field + ".uscc", check.Reason);
            }

            var name = v.Optional(field + ".name", e?.Name, AlertRules.MaxName) ?? "";
            var role = v.Required(field + ".role", e?.Role, 16).ToLowerInvariant();
            if (role.Length > 0 && !AlertRules.EnterpriseRoles.Contains(role, StringComparer.Ordinal))
            {
                v.Add(field + ".role", Message.NotOneOf(role, string.Join(", ", AlertRules.EnterpriseRoles)));
            }

            result.Add(new AlertEnterprise(check.Input, name, role));
        }

        return [.. result];
    }

    /// <summary>The hazard, with the governing limit of the catalogue when it names a product category and a parameter.</summary>
    private async Task<AlertHazard?> CheckHazardAsync(Validation v, AlertHazardRequest? h, CancellationToken ct)
    {
        if (h is null)
        {
            v.Add("hazard", Message.Required);
            return null;
        }

        var category = v.Required("hazard.category", h.Category, 64).ToLowerInvariant();
        if (category.Length > 0 && !AlertRequests.HazardCategories.Contains(category, StringComparer.Ordinal))
        {
            v.Add("hazard.category", Message.NotOneOf(category, string.Join(", ", AlertRequests.HazardCategories)));
        }

        var agent = v.Required("hazard.agent", h.Agent, AlertRules.MaxAgent);
        var unit = v.Optional("hazard.unit", h.Unit, AlertRules.MaxUnit);
        var productCategory = v.Optional("hazard.productCategory", h.ProductCategory, 64);
        var parameter = v.Optional("hazard.parameter", h.Parameter, 64);
        if (h.Value is { } value && (value < 0 || value > 1_000_000_000m))
        {
            v.Add("hazard.value", new Message("alert.hazard-value"));
        }

        if (h.Value is not null && unit is null)
        {
            v.Add("hazard.unit", new Message("alert.hazard-unit"));
        }

        if ((productCategory is null) != (parameter is null))
        {
            v.Add(productCategory is null ? "hazard.productCategory" : "hazard.parameter", new Message("alert.limit-needs-both"));
        }

        string? limit = AlertRules.NoLimit;
        string? standard = null;
        if (productCategory is not null && parameter is not null && v.IsValid)
        {
            var resolved = await limits.ResolveAsync(new ResolveRequest(productCategory, parameter, "domestic", Unit: unit), ct);
            if (resolved.Invalid is { } invalid)
            {
                foreach (var (field, reasons) in invalid.ProblemDetails.Errors)
                {
                    var name = field switch { "product" => "hazard.productCategory", "parameter" => "hazard.parameter", "unit" => "hazard.unit", _ => "hazard." + field };
                    foreach (var reason in reasons)
                    {
                        // Rendered by the limits module in the reader's language already.
                        v.Add(name, new Message("text", reason));
                    }
                }
            }
            else if (resolved.Value?.Governing is { } g)
            {
                limit = AlertRules.LimitText(g.Kind, g.Lower, g.Upper, g.Unit);
                standard = $"{g.Standard} {g.Clause}";
            }
        }

        return new AlertHazard(category, agent, h.Value, unit, limit, standard);
    }

    // ---------------------------------------------------------------- coordinator

    /// <summary>Checks the recipient offices: each an office of the registry, hosted by a node of the directory, with an agreement covering it.</summary>
    public async Task<(string Office, string Party)[]> CheckRecipientsAsync(Validation v, string[]? recipients, CancellationToken ct)
    {
        var list = (recipients ?? []).Select(r => r?.Trim().ToUpperInvariant() ?? "").Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        if (list.Length is 0 or > AlertRules.MaxRecipients)
        {
            v.Add("recipients", new Message("alert.recipients-count", AlertRules.MaxRecipients));
            return [];
        }

        var result = new List<(string, string)>();
        var now = clock.GetUtcNow();
        foreach (var (office, i) in list.Select((o, i) => (o, i)))
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"recipients[{i}]");
            if (!AlertRules.IsCode(office) || await registry.FindOfficeAsync(office, ct) is null)
            {
                v.Add(field, new Message("alert.office-unknown", office));
            }
            else if (!node.Enabled)
            {
                result.Add((office, office));
            }
            else if (node.PartyOf(office) is not { } party)
            {
                v.Add(field, new Message("alert.office-not-hosted", office));
            }
            else if (node.Directory.Required.Find(CoordinatorParty!, party, AlertsWire.DistributedType, dataset: false, now).Valid is null)
            {
                v.Add(field, new Message("alert.no-agreement", AlertsWire.CoordinatingOffice, office, party));
            }
            else
            {
                result.Add((office, party));
            }
        }

        return [.. result];
    }

    /// <summary>The offices an alert should go to, each with the reason.</summary>
    public async Task<SuggestedRecipient[]> SuggestAsync(AlertNotificationRow row, CancellationToken ct)
    {
        var list = new List<SuggestedRecipient>();
        void Add(string office, string reason, string kind, string about)
        {
            if (office != AlertsWire.CoordinatingOffice && list.All(s => s.Office != office))
            {
                list.Add(new SuggestedRecipient(office, reason, !node.Enabled || node.PartyOf(office) is not null, kind, about));
            }
        }

        foreach (var e in row.Enterprises)
        {
            var area = (await registry.FindEnterpriseAsync(e.Uscc, ct))?.AreaCode ?? (e.Uscc.Length == 18 ? Uscc.AreaCode(e.Uscc) : "");
            if (area.Length < 6)
            {
                continue;
            }

            if (await registry.ResponsibleOfficeAsync(area, "CIQ", ct) is { } ciq)
            {
                Add(ciq.Office.Code, $"the CIQ office responsible for area {area} of {e.Role} {e.Uscc}", "ciq-area", e.Uscc);
            }

            if (await registry.ResponsibleOfficeAsync(area[..2] + "0000", "BQS", ct) is { } bqs)
            {
                Add(bqs.Office.Code, $"the BQS of province {area[..2]}0000, where {e.Role} {e.Uscc} is registered", "bqs-province", e.Uscc);
            }
        }

        if (reference.CustomsOfPortOffice(row.RaisedByOffice) is { } customs)
        {
            Add(customs, $"the Customs office of the port of {row.RaisedByOffice}, which raised the alert", "port-customs", row.RaisedByOffice);
        }

        var chapter = row.HsCode.Length >= 2 ? row.HsCode[..2] : "";
        if (chapter is "01" or "02" or "03" or "04" or "05" or "16")
        {
            Add("MOA", $"HS chapter {chapter} is an animal product", "animal-product", chapter);
        }

        return [.. list];
    }

    /// <summary>The answer deadline: a serious alert is answered in half the time (never before it must be acknowledged).</summary>
    public TimeSpan AnswerWithin(RiskDecision risk) =>
        risk == RiskDecision.Serious ? TimeSpan.FromTicks(Math.Max(Options.AnswerWithin.Ticks / 2, Options.AcknowledgeWithin.Ticks)) : Options.AnswerWithin;

    /// <summary>The parties of the distribution other than this node's (recipients and the raising office), to send to.</summary>
    public string[] RemoteParties(AlertNotificationRow row, IEnumerable<AlertRecipientRow> recipients, string? except = null)
    {
        var parties = recipients.Select(r => r.Party).ToList();
        if (row.RaisedByNode.Length > 0)
        {
            parties.Add($"{row.RaisedByNode}/{row.RaisedByOffice}");
        }

        return [.. parties.Where(p => !AlertRules.IsLocal(node, p) && (except is null || Parties.NodeOf(p) != except)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The other nodes the coordinator may send a validated notification to (an agreement covers it) and that no party
    /// of <paramref name="parties"/> is on: they get it for information, and hold what it matches on their own data.
    /// </summary>
    public string[] InformedNodes(string[] parties)
    {
        if (!node.Enabled || node.Directory.Current is not { } directory || CoordinatorParty is not { } coordinator)
        {
            return [];
        }

        var now = clock.GetUtcNow();
        var reached = parties.Select(Parties.NodeOf).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. directory.Document.Nodes.Select(n => n.Id)
                .Where(id => id != node.Id && !reached.Contains(id) && directory.Find(coordinator, id, AlertsWire.DistributedType, dataset: false, now).Valid is not null)
                .Order(StringComparer.Ordinal),
        ];
    }

    /// <summary>Sends from the coordinating office (or <paramref name="office"/>); a denial is a programming or directory error, returned as the reason.</summary>
    public string? Send(string type, object payload, string[] parties, string number, string office = AlertsWire.CoordinatingOffice)
    {
        if (!node.Enabled || node.Directory.Current is null || parties.Length == 0)
        {
            return null;
        }

        var sent = sender.As(SendingModule.Alerts).Send(db, type, payload, parties, office, AlertRules.CorrelationOf(number));
        return sent.Denied.Count == 0 ? null : string.Join("; ", sent.Denied.Select(d => $"{d.Party}: {d.Reason}"));
    }

    /// <summary>
    /// What the coordinator does with a follow-up (its own, or one a node posted): keeps it once, marks the recipient
    /// (at the time the coordinator records it, which the deadlines are measured against) and sends it on to every
    /// other node of the distribution.
    /// </summary>
    public async Task CoordinateAsync(AlertNotificationRow row, AlertFollowUp f, string? fromNode, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var recorded = f with { RecordedAt = now };
        if (!await AlertRules.RecordAsync(db, row, recorded, now, clock, ct))
        {
            return;
        }

        var recipients = await RecipientsAsync(row.Id, ct);
        AlertRules.Mark(recipients, recorded, now);
        if (Send(AlertsWire.FollowUpDistributedType, recorded, RemoteParties(row, recipients, fromNode), row.Number) is { } denied)
        {
            throw new InvalidOperationException($"{row.Number}: the follow-up could not be distributed: {denied}");
        }
    }

    // ---------------------------------------------------------------- deadlines

    /// <summary>Escalates every missed deadline once (coordinating node only); saves.</summary>
    public async Task<AlertSweepSummary> SweepAsync(CancellationToken ct)
    {
        if (!AlertRules.IsCoordinatingNode(node))
        {
            return new AlertSweepSummary([]);
        }

        var now = clock.GetUtcNow();
        var done = new List<string>();
        var late = await db.Set<AlertNotificationRow>()
            .Where(n => n.Role == AlertRole.Coordinator && n.Status == AlertStatus.Submitted && n.ValidateBy != null && n.ValidateBy < now).ToListAsync(ct);
        foreach (var row in late)
        {
            var id = AlertRules.EscalationId(row.Number, AlertsWire.CoordinatingOffice, "validate");
            if (!await db.Set<AlertFollowUpRow>().AnyAsync(f => f.NotificationId == row.Id && f.MessageId == id, ct))
            {
                done.Add(await EscalateAsync(row, AlertsWire.CoordinatingOffice, "validate", row.ValidateBy!.Value, ct));
            }
        }

        var open = await db.Set<AlertRecipientRow>()
            .Join(db.Set<AlertNotificationRow>().Where(n => n.Role == AlertRole.Coordinator && n.Status == AlertStatus.Validated), r => r.NotificationId, n => n.Id, (r, n) => r)
            .Where(r => (r.AcknowledgedAt == null && r.AcknowledgeEscalatedAt == null && r.AcknowledgeBy < now) || (r.AnsweredAt == null && r.AnswerEscalatedAt == null && r.AnswerBy < now))
            .ToListAsync(ct);
        foreach (var r in open)
        {
            var row = await db.Set<AlertNotificationRow>().FirstAsync(n => n.Id == r.NotificationId, ct);
            if (r.AcknowledgedAt is null && r.AcknowledgeEscalatedAt is null && r.AcknowledgeBy < now)
            {
                done.Add(await EscalateAsync(row, r.Office, "acknowledge", r.AcknowledgeBy, ct));
                r.EscalatedAcknowledge(await AboveAsync(r.Office, ct) ?? "", now);
            }

            if (r.AnsweredAt is null && r.AnswerEscalatedAt is null && r.AnswerBy < now)
            {
                done.Add(await EscalateAsync(row, r.Office, "answer", r.AnswerBy, ct));
                r.EscalatedAnswer(await AboveAsync(r.Office, ct) ?? "", now);
            }
        }

        await db.SaveChangesAsync(ct);
        return new AlertSweepSummary([.. done]);
    }

    /// <summary>The office directly above in the chain of command (the registry's vertical links), or null.</summary>
    public async Task<string?> AboveAsync(string office, CancellationToken ct)
    {
        var chain = await structure.GetChainAsync(office, ct);
        return chain.Value is { Length: > 1 } c ? c[1].Code : null;
    }

    private async Task<string> EscalateAsync(AlertNotificationRow row, string office, string deadline, DateTimeOffset due, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var above = await AboveAsync(office, ct);
        var party = above is null ? null : node.Enabled ? node.PartyOf(above) : above;
        var text = above is null ? $"{office} did not {deadline} by {AlertRules.Now(due)}; no office above {office} in the registry's chain of command"
            : AlertRules.EscalationText(office, deadline, due, above, party is not null);
        var f = new AlertFollowUp(AlertRules.EscalationId(row.Number, office, deadline), row.Number, WireNames.Of(FollowUpKind.Escalation), office,
            party ?? above ?? office, "deadline-sweep", text, null, now, now);
        db.Set<AlertFollowUpRow>().Add(AlertFollowUpRow.Create(Ids.New(clock), row.Id, f, now));
        if (above is not null && party is not null && !AlertRules.IsLocal(node, party))
        {
            Send(AlertsWire.EscalatedType, new AlertEscalated(row.Number, row.Title, office, deadline, due, above, now), [party], row.Number);
        }

        return $"{row.Number}: {office} missed {deadline} -> {above ?? "(none)"}";
    }

    // ---------------------------------------------------------------- views

    public async Task<AlertView> ViewAsync(Guid id, CancellationToken ct)
    {
        var row = await db.Set<AlertNotificationRow>().AsNoTracking().FirstAsync(x => x.Id == id, ct);
        var recipients = await db.Set<AlertRecipientRow>().AsNoTracking().Where(r => r.NotificationId == id).ToListAsync(ct);
        var timeline = await db.Set<AlertFollowUpRow>().AsNoTracking().Where(f => f.NotificationId == id).ToListAsync(ct);
        var attachments = await db.Set<AlertAttachmentRow>().AsNoTracking().Where(a => a.NotificationId == id)
            .Select(a => new AlertAttachmentInfo(a.Name, a.ContentType, a.Length, a.Sha256)).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var open = row.Status == AlertStatus.Validated;
        return new AlertView(row.Number, WireNames.Of(row.Role), WireNames.Of(row.Type), WireNames.Of(row.Basis), WireNames.Of(row.Status), row.Title,
            new AlertHazardView(row.HazardCategory, row.HazardAgent, row.HazardValue, row.HazardUnit, row.HazardLimit, row.HazardStandard, AlertRules.Assess(row.HazardValue, row.HazardLimit)),
            new AlertProduct(row.HsCode, row.ProductDescription, row.Brand, row.Lots), row.Enterprises, row.OriginCountry,
            row.DistributionCountries.Length == 0 ? [] : row.DistributionCountries.Split(' '), WireNames.Of(row.Risk), row.MeasuresTaken, [.. attachments],
            row.RaisedByOffice, row.RaisedByNode, row.RaisedBy, row.RaisedAt, row.ValidateBy, row.ValidatedBy, row.ValidatedAt, row.RejectionReason, row.ClosedAt,
            row.Version, [.. recipients.OrderBy(r => r.Office, StringComparer.Ordinal).Select(r => Recipient(r, open, now))],
            [.. timeline.OrderBy(f => f.At).ThenBy(f => f.RecordedAt).ThenBy(f => f.Id).Select(f => new AlertTimelineEntry(f.MessageId, WireNames.Of(f.Kind), f.Office, f.Party, f.Author, f.Text, f.MeasuresTaken, f.At, f.RecordedAt))]);
    }

    public static AlertRecipientView Recipient(AlertRecipientRow r, bool open, DateTimeOffset now) =>
        new(r.Office, r.Party, r.DistributedAt, r.AcknowledgeBy, r.AnswerBy, r.AcknowledgedAt, r.AnsweredAt,
            r.AnsweredAt is not null ? "answered" : r.AcknowledgedAt is not null ? "acknowledged" : "waiting",
            r.AcknowledgedAt > r.AcknowledgeBy, r.AnsweredAt > r.AnswerBy,
            open && ((r.AcknowledgedAt is null && now > r.AcknowledgeBy) || (r.AnsweredAt is null && now > r.AnswerBy)), r.EscalatedTo is { Length: > 0 } e ? e : null);

    /// <summary>Saves and reads the notification again; a notification changed meanwhile is a 409 (nothing saved).</summary>
    public async Task<HandlerResult<AlertView>> SaveViewAsync(AlertNotificationRow row, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("version", new Message("alert.changed-while-saving", row.Number));
        }

        return await ViewAsync(row.Id, ct);
    }
}
