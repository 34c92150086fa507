using System.Globalization;
using GoldenQuality.Audit.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Registry.Contracts;

/// <summary>Lists enterprises (an enterprise user sees only its own), by name or USCC, area prefix and role, a page at a time.</summary>
public sealed class ListEnterprises(GqDbContext db)
{
    /// <summary>The orders the list can be shown in: by USCC (the default), by Chinese name.</summary>
    public static readonly string[] Sorts = ["uscc", "name"];

    public async Task<HandlerResult<Paged<EnterpriseSummary>>> HandleAsync(Actor actor, string? q, string? area, string? role, string? sort, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        // As long as a registered name (the legacy feed finds an enterprise by its whole name).
        var text = v.Optional("q", q, 256);
        var areaCode = v.Optional("area", area, 6);
        if (areaCode is not null && !areaCode.All(char.IsAsciiDigit))
        {
            v.Add("area", new Message("registry.area-digits"));
        }

        var order = Paging.Sort(v, sort, Sorts);
        var query = db.Enterprises.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(role))
        {
            var r = v.Enum<EnterpriseRoles>("role", role);
            query = query.Where(e => (e.Roles & r) == r);
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (!actor.IsOfficial)
        {
            var own = actor.EnterpriseId ?? Guid.Empty;
            query = query.Where(e => e.Id == own);
        }

        if (text is not null)
        {
            var code = Uscc.Normalise(text);
            query = query.Where(e => e.NameZh.Contains(text) || (e.NameEn != null && e.NameEn.Contains(text)) || e.Uscc == code);
        }

        if (areaCode is not null)
        {
            var prefix = areaCode.TrimEnd('0');
            query = query.Where(e => e.AreaCode.StartsWith(prefix));
        }

        var total = await query.CountAsync(ct);
        var ordered = order == "name" ? query.OrderBy(e => e.NameZh).ThenBy(e => e.Uscc) : query.OrderBy(e => e.Uscc);
        var items = await ordered.Skip((p - 1) * size).Take(size)
            .Select(e => new { e.Uscc, e.NameZh, e.NameEn, e.AreaCode, e.Roles })
            .ToListAsync(ct);
        return new Paged<EnterpriseSummary>(
            [.. items.Select(e => new EnterpriseSummary(e.Uscc, e.NameZh, e.NameEn, e.AreaCode, WireNames.Flags(e.Roles)))], p, size, total);
    }
}

/// <summary>The master record of an enterprise by USCC, as stored (one indexed read); an enterprise user reads only its own.</summary>
public sealed class GetEnterprise(GqDbContext db, IReadAudit audit)
{
    /// <summary>The local purpose an enterprise record is read for (the audit entry's purpose).</summary>
    public const string Purpose = "enterprise-record";

    public async Task<HandlerResult<EnterpriseDocument>> HandleAsync(Actor actor, string uscc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var code = Uscc.Normalise(uscc);
        if (await EnterpriseViewRefresher.ReadAsync(db, code, ct) is not { } e)
        {
            return Problems.NotFound(new Message("noun.enterprise"), code);
        }

        if (!actor.CanRead(e.Id))
        {
            return Problems.Forbidden(new Message("registry.own-record-only"));
        }

        // Audited before it is served: no entry, no record.
        var refused = await audit.RecordOrRefuseAsync(ProtectedRead.By(actor, Purpose, "enterprise", code, AuditFields.OfJson(e.Json)), ct);
        return refused is null ? new EnterpriseDocument(e.Id, e.Json) : refused;
    }
}

/// <summary>
/// Creates the master record and publishes it to every agency an agreement covers. A second record with the same
/// USCC is a conflict; a near-duplicate name in the same area is a warning. Officials and systems only.
/// </summary>
public sealed class CreateEnterprise(GqDbContext db, TimeProvider clock, ExchangeSender exchange)
{
    public async Task<HandlerResult<EnterpriseCreated>> HandleAsync(Actor actor, EnterpriseRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (!actor.CanCreateEnterprises)
        {
            return Problems.Forbidden(new Message("registry.create-officials-only"));
        }

        var v = new Validation();
        var uscc = await EnterpriseRequestReader.UsccAsync(db, v, "uscc", request.Uscc, ct);
        var details = await EnterpriseRequestReader.DetailsAsync(db, v, request, ct);
        if (request.Version is not null)
        {
            v.Add("version", new Message("registry.version-on-create"));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (await db.Enterprises.AnyAsync(e => e.Uscc == uscc, ct))
        {
            return Problems.Conflict("uscc", new Message("registry.uscc-registered", uscc));
        }

        var warnings = await NearDuplicatesAsync(details, ct);
        var now = clock.GetUtcNow();
        var enterprise = Enterprise.Create(Ids.New(clock), uscc, details, now);
        db.Enterprises.Add(enterprise);
        db.EnterpriseChanges.Add(EnterpriseChange.Create(Ids.New(clock), enterprise.Id, now, actor.UserName, actor.OnBehalfOf, "record", null, "created"));
        exchange.As(SendingModule.Registry).Publish(db, RegistryMessages.EnterprisePublished, EnterpriseViews.Of(enterprise), correlationId: enterprise.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.Enterprises.AnyAsync(e => e.Uscc == uscc, ct))
            {
                return Problems.Conflict("uscc", new Message("registry.uscc-registered-meanwhile", uscc));
            }

            throw;
        }

        return new EnterpriseCreated(EnterpriseViews.Of(enterprise), warnings);
    }

    private async Task<string[]> NearDuplicatesAsync(EnterpriseDetails details, CancellationToken ct)
    {
        var namesInArea = await db.Enterprises.AsNoTracking().Where(e => e.AreaCode == details.AreaCode)
            .Select(e => new { e.Uscc, e.NameZh, e.NameEn }).ToListAsync(ct);
        return [.. namesInArea
            .Where(o => NameSimilarity.AreNear(o.NameZh, details.NameZh) ||
                        (o.NameEn is not null && details.NameEn is not null && NameSimilarity.AreNear(o.NameEn, details.NameEn)))
            .Select(o => $"nameZh: near-duplicate of '{o.NameZh}' ({o.Uscc}) in area {details.AreaCode}")];
    }
}

/// <summary>
/// Replaces the editable fields of a record (the USCC is its key). The request names the version it read; a stale
/// one is a 409. An enterprise user changes only its own record; an official only one its administrative line owns.
/// A change is published to every agency an agreement covers.
/// </summary>
public sealed class UpdateEnterprise(GqDbContext db, TimeProvider clock, ExchangeSender exchange)
{
    public async Task<HandlerResult<EnterpriseView>> HandleAsync(Actor actor, string uscc, EnterpriseRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var code = Uscc.Normalise(uscc);
        var enterprise = await EnterpriseViews.WithRegistrations(db).FirstOrDefaultAsync(e => e.Uscc == code, ct);
        if (enterprise is null)
        {
            return Problems.NotFound(new Message("noun.enterprise"), code);
        }

        if (!actor.CanUpdate(enterprise))
        {
            return Problems.Forbidden(new Message("registry.own-change-only"));
        }

        if (actor.EnterpriseId != enterprise.Id && await EnterpriseOwnership.RefuseAsync(db, actor, enterprise, ct) is { } refusal)
        {
            return refusal;
        }

        var v = new Validation();
        if (request.Uscc is not null && Uscc.Normalise(request.Uscc) != code)
        {
            v.Add("uscc", new Message("registry.uscc-is-key"));
        }

        var details = await EnterpriseRequestReader.DetailsAsync(db, v, request, ct);
        if (request.Version is null)
        {
            v.Add("version", new Message("registry.version-required"));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (request.Version != enterprise.Version)
        {
            return Problems.StaleVersion(request.Version!.Value, enterprise.Version);
        }

        var now = clock.GetUtcNow();
        var changes = enterprise.Update(details, now);
        foreach (var (field, old, @new) in changes)
        {
            db.EnterpriseChanges.Add(EnterpriseChange.Create(Ids.New(clock), enterprise.Id, now, actor.UserName, actor.OnBehalfOf, field, old, @new));
        }

        if (changes.Count > 0)
        {
            exchange.As(SendingModule.Registry).Publish(db, RegistryMessages.EnterprisePublished, EnterpriseViews.Of(enterprise), correlationId: enterprise.Id);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("version", new Message("registry.changed-while-saving"));
        }

        return EnterpriseViews.Of(enterprise);
    }
}

/// <summary>Publishes a record again (<see cref="RegistryMessages.EnterprisePublished"/>) to every agency an agreement covers. The line that owns the record only.</summary>
public sealed class PublishEnterprise(GqDbContext db, ExchangeSender exchange)
{
    public async Task<HandlerResult<PublishResponse>> HandleAsync(Actor actor, string uscc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var code = Uscc.Normalise(uscc);
        var enterprise = await EnterpriseViews.WithRegistrations(db).FirstOrDefaultAsync(e => e.Uscc == code, ct);
        if (enterprise is null)
        {
            return Problems.NotFound(new Message("noun.enterprise"), code);
        }

        if (await EnterpriseOwnership.RefuseAsync(db, actor, enterprise, ct) is { } refusal)
        {
            return refusal;
        }

        var result = exchange.As(SendingModule.Registry).Publish(db, RegistryMessages.EnterprisePublished, EnterpriseViews.Of(enterprise), correlationId: enterprise.Id);
        await db.SaveChangesAsync(ct);
        return new PublishResponse([.. result.Envelopes], [.. result.Recipients], [.. result.Denied.Select(d => new DeniedView(d.Party, d.Reason))]);
    }
}

/// <summary>The history of a record, oldest first, a page at a time: who changed which field, for whom, old and new value.</summary>
public sealed class EnterpriseHistory(GqDbContext db)
{
    public async Task<HandlerResult<Paged<ChangeView>>> HandleAsync(Actor actor, string uscc, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Paging.Invalid(page, pageSize, out var p, out var size) is { } invalid)
        {
            return invalid;
        }

        var code = Uscc.Normalise(uscc);
        var enterprise = await db.Enterprises.AsNoTracking().FirstOrDefaultAsync(e => e.Uscc == code, ct);
        if (enterprise is null)
        {
            return Problems.NotFound(new Message("noun.enterprise"), code);
        }

        if (!actor.CanRead(enterprise))
        {
            return Problems.Forbidden(new Message("registry.own-history-only"));
        }

        var query = db.EnterpriseChanges.AsNoTracking().Where(c => c.EnterpriseId == enterprise.Id);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(c => c.At).ThenBy(c => c.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<ChangeView>(
            [.. items.Select(c => new ChangeView(c.At, c.ChangedBy, c.OnBehalfOf, c.Field, c.OldValue, c.NewValue))], p, size, total);
    }
}

/// <summary>Records a registration the enterprise holds with an agency. Only that agency's administrative line may; a number is issued once per office and kind.</summary>
public sealed class AddEnterpriseRegistration(GqDbContext db, TimeProvider clock)
{
    public async Task<HandlerResult<EnterpriseView>> HandleAsync(Actor actor, string uscc, RegistrationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var code = Uscc.Normalise(uscc);
        var enterprise = await EnterpriseViews.WithRegistrations(db).FirstOrDefaultAsync(e => e.Uscc == code, ct);
        if (enterprise is null)
        {
            return Problems.NotFound(new Message("noun.enterprise"), code);
        }

        var v = new Validation();
        var agencyCode = v.Required("agency", request.Agency, 64).ToUpperInvariant();
        var kind = v.Required("kind", request.Kind, 64);
        var number = v.Required("number", request.Number, 64);
        if (request.ValidFrom is null)
        {
            v.Add("validFrom", Message.Required);
        }

        if (request.ValidTo is { } to && request.ValidFrom is { } from && to < from)
        {
            v.Add("validTo", new Message("registry.valid-to-before-from"));
        }

        var agency = agencyCode.Length == 0 ? null : await db.Organisations.FirstOrDefaultAsync(o => o.Code == agencyCode, ct);
        if (agencyCode.Length > 0 && agency is null)
        {
            v.Add("agency", new Message("registry.unknown-organisation", agencyCode));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (!actor.CanChangeRecordsOf(agency!))
        {
            return Problems.Forbidden(new Message("registry.registration-not-granted", actor.ToString(), agency!.Code, agency.Agency));
        }

        if (await db.EnterpriseRegistrations.AnyAsync(r => r.AgencyOrganisationId == agency!.Id && r.Kind == kind && r.Number == number, ct))
        {
            return Problems.Conflict("number", new Message("registry.registration-number-issued", agency!.Code, kind, number));
        }

        var now = clock.GetUtcNow();
        var registration = EnterpriseRegistration.Create(Ids.New(clock), enterprise.Id, agency!, kind, number, request.ValidFrom!.Value, request.ValidTo);
        enterprise.AddRegistration(registration, now);
        db.EnterpriseChanges.Add(EnterpriseChange.Create(Ids.New(clock), enterprise.Id, now, actor.UserName, actor.OnBehalfOf, "registrations", null, registration.Describe()));
        await db.SaveChangesAsync(ct);
        return EnterpriseViews.Of(enterprise);
    }
}

/// <summary>Removes a registration; only the granting agency's administrative line may.</summary>
public sealed class RemoveEnterpriseRegistration(GqDbContext db, TimeProvider clock)
{
    public async Task<HandlerResult<EnterpriseView>> HandleAsync(Actor actor, string uscc, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var code = Uscc.Normalise(uscc);
        var enterprise = await EnterpriseViews.WithRegistrations(db).FirstOrDefaultAsync(e => e.Uscc == code, ct);
        var registration = enterprise?.Registrations.FirstOrDefault(r => r.Id == id);
        if (enterprise is null || registration is null)
        {
            return Problems.NotFound(new Message("noun.registration"), string.Create(CultureInfo.InvariantCulture, $"{code}/{id}"));
        }

        if (!actor.CanChangeRecordsOf(registration.AgencyOrganisation))
        {
            return Problems.Forbidden(new Message("registry.registration-not-removable", actor.ToString(), registration.AgencyOrganisation.Code, registration.AgencyOrganisation.Agency));
        }

        var now = clock.GetUtcNow();
        enterprise.RemoveRegistration(registration, now);
        db.EnterpriseChanges.Add(EnterpriseChange.Create(Ids.New(clock), enterprise.Id, now, actor.UserName, actor.OnBehalfOf, "registrations", registration.Describe(), null));
        await db.SaveChangesAsync(ct);
        return EnterpriseViews.Of(enterprise);
    }
}

/// <summary>The USCC check (GB 32100-2015) and the pilot-era allow-list: checking a code, listing and adding entries.</summary>
public sealed class UsccAllowList(GqDbContext db, TimeProvider clock)
{
    /// <summary>Checks a code: length, characters, check character, and whether the allow-list admits it.</summary>
    public async Task<UsccCheckView> CheckAsync(string code, CancellationToken ct)
    {
        var check = Uscc.Check(code);
        var allowListed = check.Problem == UsccProblem.CheckCharacter && await db.UsccAllowList.AnyAsync(a => a.Uscc == check.Input, ct);
        return new UsccCheckView(
            check.Input,
            check.IsValid || allowListed,
            allowListed,
            WireNames.Of(check.Problem),
            check.Message,
            check.Position == 0 ? null : check.Position,
            check.Problem == UsccProblem.CheckCharacter ? check.Expected.ToString() : null);
    }

    /// <summary>The allow-list, by code.</summary>
    public async Task<AllowListView[]> ListAsync(CancellationToken ct)
    {
        var entries = await db.UsccAllowList.AsNoTracking().OrderBy(a => a.Uscc).ToListAsync(ct);
        return [.. entries.Select(a => new AllowListView(a.Uscc, a.Reason, a.AddedBy, a.AddedAt))];
    }

    /// <summary>Admits a legally valid pilot-era code whose check character does not match. Administrators only.</summary>
    public async Task<HandlerResult<AllowListView>> AddAsync(Actor actor, AllowListRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (!actor.IsAdmin)
        {
            return Problems.Forbidden(new Message("registry.allow-list-admins-only"));
        }

        var v = new Validation();
        var check = Uscc.Check(request.Uscc);
        var reason = v.Required("reason", request.Reason, 512);
        if (check.IsValid)
        {
            v.Add("uscc", new Message("registry.uscc-already-valid"));
        }
        else if (check.Problem != UsccProblem.CheckCharacter)
        {
            v.Add("uscc", check.Reason);
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (await db.UsccAllowList.AnyAsync(a => a.Uscc == check.Input, ct))
        {
            return Problems.Conflict("uscc", new Message("registry.allow-list-present", check.Input));
        }

        var entry = UsccAllowListEntry.Create(check.Input, reason, actor.UserName, clock.GetUtcNow());
        db.UsccAllowList.Add(entry);
        await db.SaveChangesAsync(ct);
        return new AllowListView(entry.Uscc, entry.Reason, entry.AddedBy, entry.AddedAt);
    }
}
