using System.Globalization;
using System.Text.Json;
using GoldenQuality.Accountability.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Accountability;

/// <summary>
/// Information needs (docs/accountability.md): filed on the requester's node and sent to the provider agency's node and
/// the coordinating body's node; commented on the provider's node; decided on the coordinating body's node, whose
/// approval signs an agreement and hands it to the directory authority.
/// </summary>
internal sealed class NeedDesk(GqDbContext db, ExchangeNode node, ExchangeSender sender, IDirectoryAuthority authority, TimeProvider clock) : INeedDesk
{
    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The member the actor's office belongs to: that of the node hosting it.</summary>
    private string? MemberOf(Actor actor) =>
        actor.OrganisationCode is { Length: > 0 } office ? node.Directory.Current?.HostOf(office)?.Member : null;

    private bool HostsOffice(Actor actor) =>
        actor.OrganisationCode is { Length: > 0 } office && node.Directory.Current?.IsHost(node.Id, office) == true;

    /// <summary>The node of a member: the one hosting its head office (the member id's last part).</summary>
    private string? NodeOfMember(string member) => node.Directory.Current?.HostOf(member.Split('/')[^1])?.Id;

    private string? CoordinatorNode => node.Directory.Current?.HostOf(Policies.CoordinatingOffice)?.Id;

    private ProblemHttpResult? ExchangeOff() =>
        node.Enabled && node.Directory.Current is not null ? null : Problems.Conflict("exchange", new Message("need.no-exchange"));

    public async Task<HandlerResult<NeedView>> FileAsync(Actor actor, FileNeedRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (ExchangeOff() is { } off)
        {
            return off;
        }

        var requester = MemberOf(actor);
        if (!actor.IsOfficial || Policies.IsCoordinator(actor) || requester is null || !HostsOffice(actor))
        {
            return Problems.Forbidden(new Message("need.file-forbidden"));
        }

        var directory = node.Directory.Required.Document;
        var v = new Validation();
        var provider = v.Required("providerAgency", request.ProviderAgency, 64);
        if (provider.Length > 0 && directory.Members.All(m => m.Id != provider))
        {
            v.Add("providerAgency", new Message("need.not-a-member", provider));
        }
        else if (provider == requester)
        {
            v.Add("providerAgency", new Message("need.own-agency"));
        }
        else if (provider.Length > 0 && NodeOfMember(provider) is null)
        {
            v.Add("providerAgency", new Message("need.no-host", provider));
        }

        var title = v.Required("title", request.Title, 200);
        var description = v.Required("description", request.Description, NeedRules.MaxText);
        var types = NeedRules.MessageTypes(v, "messageTypes", request.MessageTypes, directory);
        var datasets = NeedRules.Codes(v, "datasets", request.Datasets, required: false);
        if (types.Length == 0 && datasets.Length == 0 && v.IsValid)
        {
            v.Add("messageTypes", new Message("need.types-required"));
        }

        var purpose = v.Required("purpose", request.Purpose, 2000);
        var regulation = v.Required("regulation", request.Regulation, 200);
        var article = v.Required("article", request.Article, 100);
        var consumers = NeedRules.Members(v, "consumers", request.Consumers, directory);
        var fields = NeedRules.Codes(v, "fields", request.Fields, required: true);
        var frequency = v.Enum<NeedFrequency>("frequency", request.Frequency);
        var today = DateOnly.FromDateTime(ChinaTime.Of(Now).DateTime);
        if (request.Deadline is not { } deadline)
        {
            v.Add("deadline", Message.Required);
            deadline = today;
        }
        else if (deadline < today || deadline > today.AddYears(5))
        {
            v.Add("deadline", new Message("need.deadline"));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        var year = ChinaTime.Of(Now).Year;
        var prefix = NeedRules.NumberPrefix(node.Id, year);
        var numbers = await db.Set<NeedRow>().Where(n => n.Number.StartsWith(prefix)).Select(n => n.Number).ToListAsync(ct);
        var last = numbers.Select(n => int.TryParse(n.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0).DefaultIfEmpty(0).Max();
        var wire = new NeedWire(NeedRules.Number(node.Id, year, last + 1), WireNames.Of(NeedState.Filed), requester, actor.OrganisationCode!, node.Id, actor.UserName, provider,
            title, description, types, datasets, purpose, regulation, article, consumers, fields, WireNames.Of(frequency), deadline, Now, [], null, 1);
        var row = NeedRow.File(Ids.New(clock), wire, Now);
        db.Add(row);
        return await SendAndSaveAsync(actor, row, AccountabilityWire.NeedFiledType, [NodeOfMember(provider), CoordinatorNode], "providerAgency", ct);
    }

    public async Task<HandlerResult<NeedView>> CommentAsync(Actor actor, string number, CommentNeedRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var (row, problem) = await FindAsync(number, ct);
        if (row is null)
        {
            return problem!;
        }

        if (!MayComment(actor, row))
        {
            return Problems.Forbidden(new Message("need.comment-forbidden", row.ProviderAgency, row.Number));
        }

        var v = new Validation();
        var text = v.Required("text", request.Text, NeedRules.MaxText);
        if (request.Version is null)
        {
            v.Add("version", new Message("need.version-required"));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (row.State is not (NeedState.Filed or NeedState.Commented))
        {
            return Problems.Conflict("state", new Message("need.no-more-comments", row.Number, Message.Term("need.state.", WireNames.Of(row.State))));
        }

        if (request.Version != row.Version)
        {
            return Problems.StaleVersion(request.Version!.Value, row.Version);
        }

        row.Comment(new NeedCommentWire(Ids.New(clock), actor.UserName, actor.OrganisationCode!, Now, text), Now);
        return await SendAndSaveAsync(actor, row, AccountabilityWire.NeedCommentedType, [row.RequesterNode, CoordinatorNode], "requester", ct);
    }

    public async Task<HandlerResult<NeedView>> WithdrawAsync(Actor actor, string number, WithdrawNeedRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var (row, problem) = await FindAsync(number, ct);
        if (row is null)
        {
            return problem!;
        }

        if (!MayWithdraw(actor, row))
        {
            return Problems.Forbidden(new Message("need.withdraw-forbidden", row.RequesterAgency, row.RequesterNode, row.Number));
        }

        if (request.Version is null)
        {
            var v = new Validation();
            v.Add("version", new Message("need.version-required"));
            return v.Result();
        }

        if (row.State is not (NeedState.Filed or NeedState.Commented))
        {
            return Problems.Conflict("state", new Message("need.already", row.Number, Message.Term("need.state.", WireNames.Of(row.State))));
        }

        if (request.Version != row.Version)
        {
            return Problems.StaleVersion(request.Version.Value, row.Version);
        }

        // The requester's node tells its changes (the filing, the withdrawal) with accountability.need.filed: the whole need, newer version.
        row.Withdraw(Now);
        return await SendAndSaveAsync(actor, row, AccountabilityWire.NeedFiledType, [NodeOfMember(row.ProviderAgency), CoordinatorNode], "need", ct);
    }

    public async Task<HandlerResult<NeedView>> DecideAsync(Actor actor, string number, DecideNeedRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var (row, problem) = await FindAsync(number, ct);
        if (row is null)
        {
            return problem!;
        }

        if (!MayDecide(actor, row))
        {
            return Problems.Forbidden(new Message("need.decide-forbidden", Policies.CoordinatingOffice, row.Number));
        }

        var v = new Validation();
        var decision = v.Required("decision", request.Decision, 16);
        if (decision.Length > 0 && decision is not ("approve" or "refuse"))
        {
            v.Add("decision", Message.NotOneOf(decision, "approve, refuse"));
        }

        var reasons = decision == "refuse" ? v.Required("reasons", request.Reasons, NeedRules.MaxText) : v.Optional("reasons", request.Reasons, NeedRules.MaxText) ?? "";
        if (request.Version is null)
        {
            v.Add("version", new Message("need.version-required"));
        }

        if (row.State is not (NeedState.Filed or NeedState.Commented))
        {
            return v.IsValid ? Problems.Conflict("state", new Message("need.already", row.Number, Message.Term("need.state.", WireNames.Of(row.State)))) : v.Result();
        }

        if (v.IsValid && request.Version != row.Version)
        {
            return Problems.StaleVersion(request.Version!.Value, row.Version);
        }

        string? agreementId = null, jws = null;
        if (decision == "approve")
        {
            agreementId = await NextAgreementIdAsync(ct);
            var agreement = NeedRules.Agreement(v, agreementId, row.ToWire(), request.Agreement, node.Directory.Required.Document, Now);
            jws = agreement is null ? null : authority.SignAgreement(agreement);
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        row.Decide(new NeedDecisionWire(decision == "approve", actor.UserName, Now, reasons, agreementId, jws), Now);
        if (jws is not null && authority.IsAuthority && await authority.QueueAsync(db, jws, Policies.CoordinatingOffice, row.Number, ct) is { } refused)
        {
            return Problems.Conflict("agreement", new Message("text", refused));
        }

        var authorityNode = node.Directory.Required.Document.Authority;
        return await SendAndSaveAsync(actor, row, AccountabilityWire.NeedDecidedType,
            [row.RequesterNode, NodeOfMember(row.ProviderAgency), jws is null ? null : authorityNode], "need", ct);
    }

    private async Task<string> NextAgreementIdAsync(CancellationToken ct)
    {
        var year = ChinaTime.Of(Now).Year;
        var prefix = NeedRules.AgreementId(year, 0)[..^4];
        var ours = await db.Set<NeedRow>().Where(n => n.AgreementId != null && n.AgreementId.StartsWith(prefix)).Select(n => n.AgreementId!).ToListAsync(ct);
        var all = ours.Concat(node.Directory.Required.Document.Agreements.Select(a => a.Id).Where(a => a.StartsWith(prefix, StringComparison.Ordinal)));
        var last = all.Select(n => int.TryParse(n.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0).DefaultIfEmpty(0).Max();
        return NeedRules.AgreementId(year, last + 1);
    }

    /// <summary>Queues the need message to the other nodes involved and saves: all of it, or (a recipient refused) none of it.</summary>
    private async Task<HandlerResult<NeedView>> SendAndSaveAsync(Actor actor, NeedRow row, string type, string?[] nodes, string field, CancellationToken ct)
    {
        var recipients = nodes.OfType<string>().Where(n => n != node.Id).Distinct(StringComparer.Ordinal).ToArray();
        if (recipients.Length > 0)
        {
            var sent = sender.As(SendingModule.Accountability).Send(db, type, row.ToWire(), recipients, actor.OrganisationCode, correlationId: row.Id);
            if (sent.Denied is [var (party, reason), ..])
            {
                db.ChangeTracker.Clear();
                return Problems.Conflict(field, new Message("need.not-sent", type, party, reason));
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Set<NeedRow>().AsNoTracking().FirstAsync(n => n.Id == row.Id, ct);
            return Problems.StaleVersion(row.Version - 1, current.Version);
        }
        catch (DbUpdateException) when (row.Version == 1)
        {
            db.ChangeTracker.Clear();
            return Problems.Conflict("number", new Message("need.number-taken", row.Number));
        }

        return View(actor, row);
    }

    private async Task<(NeedRow? Row, ProblemHttpResult? Problem)> FindAsync(string? number, CancellationToken ct)
    {
        if (ExchangeOff() is { } off)
        {
            return (null, off);
        }

        var n = (number ?? "").Trim().ToUpperInvariant();
        var row = NeedRules.IsNumber(n) ? await db.Set<NeedRow>().FirstOrDefaultAsync(x => x.Number == n, ct) : null;
        return row is null ? (null, Problems.NotFound(new Message("noun.information-need"), number ?? "")) : (row, null);
    }

    private bool MayRead(Actor actor, NeedRow row) =>
        Policies.IsLeadership(actor) || (actor.IsOfficial && MemberOf(actor) is { } m && (m == row.RequesterAgency || m == row.ProviderAgency));

    private bool MayComment(Actor actor, NeedRow row) =>
        actor.IsOfficial && !Policies.IsCoordinator(actor) && HostsOffice(actor) && MemberOf(actor) == row.ProviderAgency;

    private bool MayWithdraw(Actor actor, NeedRow row) =>
        actor.IsOfficial && !Policies.IsCoordinator(actor) && HostsOffice(actor) && MemberOf(actor) == row.RequesterAgency && row.RequesterNode == node.Id;

    private bool MayDecide(Actor actor, NeedRow row) =>
        Policies.IsCoordinator(actor) && CoordinatorNode == node.Id && row.Number.Length > 0;

    public async Task<HandlerResult<NeedView>> GetAsync(Actor actor, string number, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (row, problem) = await FindAsync(number, ct);
        if (row is null)
        {
            return problem!;
        }

        return MayRead(actor, row) ? View(actor, row)
            : Problems.Forbidden(new Message("need.read-forbidden", row.Number));
    }

    public async Task<HandlerResult<Paged<NeedSummary>>> ListAsync(Actor actor, string? state, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        NeedState? filter = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            filter = v.Enum<NeedState>("state", state);
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        var query = db.Set<NeedRow>().AsNoTracking();
        if (!Policies.IsLeadership(actor))
        {
            var member = MemberOf(actor) ?? "-";
            query = query.Where(n => n.RequesterAgency == member || n.ProviderAgency == member);
        }

        if (filter is { } f)
        {
            query = query.Where(n => n.State == f);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(n => n.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<NeedSummary>([.. rows.Select(r => new NeedSummary(r.Number, WireNames.Of(r.State), r.Title, r.RequesterAgency, r.RequesterOffice, r.ProviderAgency, r.Deadline, r.FiledAt, r.AgreementId))], p, size, total);
    }

    private NeedView View(Actor actor, NeedRow row)
    {
        var wire = row.ToWire();
        Agreement? agreement = null;
        if (wire.Decision?.AgreementJws is { } jws && Jws.TryRead(jws, out _, out var payload))
        {
            agreement = JsonSerializer.Deserialize<Agreement>(payload, DirectorySigning.Json);
        }

        var directory = node.Directory.Current?.Document;
        var inDirectory = agreement is not null && directory?.Agreements.Any(a => a.Id == agreement.Id) == true;
        var open = row.State is NeedState.Filed or NeedState.Commented;
        return new NeedView(wire, agreement, inDirectory, directory?.Version, new NeedPermissions(open && MayComment(actor, row), open && MayDecide(actor, row), open && MayWithdraw(actor, row)));
    }
}
