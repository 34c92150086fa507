using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Registry;

/// <summary>Creates or replaces an enterprise record. Enum fields use their wire names.</summary>
public sealed record EnterpriseRequest(
    string? Uscc,
    string? NameZh,
    string? NameEn,
    string? Address,
    string? AreaCode,
    string? LegalRepresentative,
    string? Type,
    string? BusinessScope,
    string[]? Roles,
    long? Version);

/// <summary>A registration; <c>agency</c> is the granting office's code (see /api/registry/organisations/{code}).</summary>
public sealed record RegistrationView(Guid Id, string Agency, string Kind, string Number, DateOnly ValidFrom, DateOnly? ValidTo);

public sealed record EnterpriseView(
    Guid Id,
    string Uscc,
    string NameZh,
    string? NameEn,
    string Address,
    string AreaCode,
    string LegalRepresentative,
    string Type,
    string BusinessScope,
    string[] Roles,
    RegistrationView[] Registrations,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record EnterpriseSummary(string Uscc, string NameZh, string? NameEn, string AreaCode, string[] Roles);

public sealed record EnterpriseCreated(EnterpriseView Enterprise, string[] Warnings);

public sealed record ChangeView(DateTimeOffset At, string ChangedBy, string OnBehalfOf, string Field, string? OldValue, string? NewValue);

public sealed record RegistrationRequest(string? Agency, string? Kind, string? Number, DateOnly? ValidFrom, DateOnly? ValidTo);

public sealed record UsccCheckView(string Code, bool Valid, bool AllowListed, string Problem, string Message, int? Position, string? Expected);

public sealed record AllowListRequest(string? Uscc, string? Reason);

public sealed record AllowListView(string Uscc, string Reason, string AddedBy, DateTimeOffset AddedAt);

/// <summary>The enterprise master record: one per USCC, every change kept with who, which agency, when, old and new.</summary>
internal static class EnterpriseEndpoints
{
    public static RouteGroupBuilder MapEnterprises(this RouteGroupBuilder group)
    {
        group.MapGet("/enterprises", List).WithName("ListEnterprises")
            .WithSummary("Lists enterprises (an enterprise user sees only its own), by name, area or role.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/enterprises/{uscc}", Get).WithName("GetEnterprise")
            .Produces<EnterpriseView>(StatusCodes.Status200OK, "application/json")
            .WithSummary("The master record of an enterprise, by Unified Social Credit Code.").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/enterprises", Create).WithName("CreateEnterprise")
            .WithSummary("Creates the master record. A second record with the same USCC is a conflict; a near-duplicate name in the same area is a warning.").RequireAuthorization(Policies.Official);
        group.MapPut("/enterprises/{uscc}", Update).WithName("UpdateEnterprise")
            .WithSummary("Replaces the editable fields. Send the version you read; a stale version is a 409.").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/enterprises/{uscc}/publish", PublishRecord).WithName("PublishEnterprise").RequireAuthorization(Policies.Official)
            .WithSummary("Publishes the record again (registry.enterprise.published) to every agency an agreement covers. The line that owns the record.");
        group.MapGet("/enterprises/{uscc}/history", History).WithName("EnterpriseHistory").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/enterprises/{uscc}/registrations", AddRegistration).WithName("AddEnterpriseRegistration")
            .WithSummary("Records a registration the enterprise holds with an agency. Only that agency's administrative line may.").RequireAuthorization(Policies.Official);
        group.MapDelete("/enterprises/{uscc}/registrations/{id:guid}", RemoveRegistration).WithName("RemoveEnterpriseRegistration").RequireAuthorization(Policies.Official);
        group.MapGet("/uscc/{code}", CheckUscc).WithName("CheckUscc")
            .WithSummary("Checks a USCC: length, characters, check character, and the pilot-era allow-list.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/uscc-allow-list", ListAllowList).WithName("ListUsccAllowList").RequireAuthorization(Policies.Official);
        group.MapPost("/uscc-allow-list", AddToAllowList).WithName("AddToUsccAllowList")
            .WithSummary("Admits a legally valid pilot-era code whose check character does not match. Administrators only.").RequireAuthorization(Policies.Administrator);
        return group;
    }

    internal static EnterpriseView View(Enterprise e) => new(
        e.Id, e.Uscc, e.NameZh, e.NameEn, e.Address, e.AreaCode, e.LegalRepresentative, WireNames.Of(e.Type), e.BusinessScope,
        WireNames.Flags(e.Roles),
        [.. e.Registrations.OrderBy(r => r.ValidFrom).Select(r => new RegistrationView(
            r.Id, r.AgencyOrganisation.Code, r.Kind, r.Number, r.ValidFrom, r.ValidTo))],
        e.Version, e.CreatedAt, e.UpdatedAt);

    private static IQueryable<Enterprise> WithRegistrations(GqDbContext db) =>
        db.Enterprises.Include(e => e.Registrations).ThenInclude(r => r.AgencyOrganisation);

    /// <summary>Checks a USCC against GB 32100-2015 and the allow-list; adds the reason to the validation.</summary>
    internal static async Task<string> CheckUsccField(GqDbContext db, Validation v, string field, string? input, CancellationToken ct)
    {
        var check = Uscc.Check(input);
        if (string.IsNullOrEmpty(check.Input))
        {
            v.Add(field, "is required");
        }
        else if (check.Problem == UsccProblem.CheckCharacter)
        {
            if (!await db.UsccAllowList.AnyAsync(a => a.Uscc == check.Input, ct))
            {
                v.Add(field, check.Message);
            }
        }
        else if (!check.IsValid)
        {
            v.Add(field, check.Message);
        }

        return check.Input;
    }

    private static async Task<EnterpriseDetails> ReadDetails(GqDbContext db, Validation v, EnterpriseRequest r, CancellationToken ct)
    {
        var nameZh = v.Required("nameZh", r.NameZh, 256);
        var nameEn = v.Optional("nameEn", r.NameEn, 256);
        var address = v.Required("address", r.Address, 512);
        var area = v.Required("areaCode", r.AreaCode, 6);
        if (area.Length > 0 && !await db.Areas.AnyAsync(a => a.Code == area, ct))
        {
            v.Add("areaCode", $"unknown administrative area '{area}': use a GB/T 2260 code from /api/registry/areas");
        }

        var legal = v.Required("legalRepresentative", r.LegalRepresentative, 128);
        var type = v.Enum<EnterpriseType>("type", r.Type);
        var scope = v.Optional("businessScope", r.BusinessScope, 4000) ?? "";
        var roles = EnterpriseRoles.None;
        if (r.Roles is null || r.Roles.Length == 0)
        {
            v.Add("roles", $"is required: one or more of {string.Join(", ", WireNames.All<EnterpriseRoles>().Where(n => n != "none"))}");
        }
        else
        {
            foreach (var name in r.Roles)
            {
                if (WireNames.TryParse<EnterpriseRoles>(name, out var role) && role != EnterpriseRoles.None)
                {
                    roles |= role;
                }
                else
                {
                    v.Add("roles", $"'{name}' is not one of: {string.Join(", ", WireNames.All<EnterpriseRoles>().Where(n => n != "none"))}");
                }
            }
        }

        return new EnterpriseDetails(nameZh, nameEn, address, area, legal, type, scope, roles);
    }

    internal static async Task<Results<Ok<Paged<EnterpriseSummary>>, ValidationProblem>> List(
        GqDbContext db, HttpContext http, string? q, string? area, string? role, int? page, int? pageSize, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
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

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            var code = Uscc.Normalise(text);
            query = query.Where(e => e.NameZh.Contains(text) || (e.NameEn != null && e.NameEn.Contains(text)) || e.Uscc == code);
        }

        if (!string.IsNullOrWhiteSpace(area))
        {
            var prefix = area.Trim().TrimEnd('0');
            query = query.Where(e => e.AreaCode.StartsWith(prefix));
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(e => e.Uscc).Skip((p - 1) * size).Take(size)
            .Select(e => new { e.Uscc, e.NameZh, e.NameEn, e.AreaCode, e.Roles })
            .ToListAsync(ct);
        return TypedResults.Ok(new Paged<EnterpriseSummary>(
            [.. items.Select(e => new EnterpriseSummary(e.Uscc, e.NameZh, e.NameEn, e.AreaCode, WireNames.Flags(e.Roles)))], p, size, total));
    }

    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> Get(GqDbContext db, HttpContext http, string uscc, CancellationToken ct)
    {
        var code = Uscc.Normalise(uscc);
        var found = await EnterpriseViewRefresher.ReadAsync(db, code, ct);
        if (found is not { } e)
        {
            return Problems.NotFound("enterprise", code);
        }

        return Actor.From(http.User).CanRead(e.Id)
            ? TypedResults.Text(e.Json, "application/json", System.Text.Encoding.UTF8)
            : Problems.Forbidden("An enterprise user may see only its own enterprise's record.");
    }

    private static async Task<Results<Created<EnterpriseCreated>, ValidationProblem, ProblemHttpResult>> Create(
        GqDbContext db, HttpContext http, TimeProvider clock, ExchangeSender exchange, EnterpriseRequest request, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        if (!actor.CanCreateEnterprises)
        {
            return Problems.Forbidden("Only agency officers and systems may create enterprise records.");
        }

        var v = new Validation();
        var uscc = await CheckUsccField(db, v, "uscc", request.Uscc, ct);
        var details = await ReadDetails(db, v, request, ct);
        if (request.Version is not null)
        {
            v.Add("version", "must not be sent when creating a record");
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (await db.Enterprises.AnyAsync(e => e.Uscc == uscc, ct))
        {
            return Problems.Conflict("uscc", $"an enterprise with USCC {uscc} is already registered; update that record instead");
        }

        var namesInArea = await db.Enterprises.AsNoTracking().Where(e => e.AreaCode == details.AreaCode)
            .Select(e => new { e.Uscc, e.NameZh, e.NameEn }).ToListAsync(ct);
        var warnings = namesInArea
            .Where(o => NameSimilarity.AreNear(o.NameZh, details.NameZh) ||
                        (o.NameEn is not null && details.NameEn is not null && NameSimilarity.AreNear(o.NameEn, details.NameEn)))
            .Select(o => $"nameZh: near-duplicate of '{o.NameZh}' ({o.Uscc}) in area {details.AreaCode}")
            .ToArray();

        var now = clock.GetUtcNow();
        var enterprise = Enterprise.Create(Ids.New(clock), uscc, details, now);
        db.Enterprises.Add(enterprise);
        db.EnterpriseChanges.Add(EnterpriseChange.Create(Ids.New(clock), enterprise.Id, now, actor.UserName, actor.OnBehalfOf, "record", null, "created"));
        exchange.As(SendingModule.Registry).Publish(db, RegistryExchange.EnterprisePublished, View(enterprise), correlationId: enterprise.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.Enterprises.AnyAsync(e => e.Uscc == uscc, ct))
            {
                return Problems.Conflict("uscc", $"an enterprise with USCC {uscc} was registered at the same moment");
            }

            throw;
        }

        return TypedResults.Created($"/api/registry/enterprises/{uscc}", new EnterpriseCreated(View(enterprise), warnings));
    }

    internal static async Task<Results<Ok<EnterpriseView>, ValidationProblem, ProblemHttpResult>> Update(
        GqDbContext db, HttpContext http, TimeProvider clock, ExchangeSender exchange, string uscc, EnterpriseRequest request, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var code = Uscc.Normalise(uscc);
        var enterprise = await WithRegistrations(db).FirstOrDefaultAsync(e => e.Uscc == code, ct);
        if (enterprise is null)
        {
            return Problems.NotFound("enterprise", code);
        }

        if (!actor.CanUpdate(enterprise))
        {
            return Problems.Forbidden("An enterprise user may change only its own enterprise's record.");
        }

        if (actor.EnterpriseId != enterprise.Id && await OwningLineRefusal(db, actor, enterprise, ct) is { } refusal)
        {
            return refusal;
        }

        var v = new Validation();
        if (request.Uscc is not null && Uscc.Normalise(request.Uscc) != code)
        {
            v.Add("uscc", "cannot be changed: the USCC is the record's key");
        }

        var details = await ReadDetails(db, v, request, ct);
        if (request.Version is null)
        {
            v.Add("version", "is required: send the version you read");
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
            exchange.As(SendingModule.Registry).Publish(db, RegistryExchange.EnterprisePublished, View(enterprise), correlationId: enterprise.Id);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("version", "the record was changed by someone else while saving; read it again");
        }

        return TypedResults.Ok(View(enterprise));
    }

    private static async Task<Results<Ok<PublishResponse>, ProblemHttpResult>> PublishRecord(
        GqDbContext db, HttpContext http, ExchangeSender exchange, string uscc, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var code = Uscc.Normalise(uscc);
        var enterprise = await WithRegistrations(db).FirstOrDefaultAsync(e => e.Uscc == code, ct);
        if (enterprise is null)
        {
            return Problems.NotFound("enterprise", code);
        }

        if (await OwningLineRefusal(db, actor, enterprise, ct) is { } refusal)
        {
            return refusal;
        }

        var result = exchange.As(SendingModule.Registry).Publish(db, RegistryExchange.EnterprisePublished, View(enterprise), correlationId: enterprise.Id);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new PublishResponse([.. result.Envelopes], [.. result.Recipients], [.. result.Denied.Select(d => new DeniedView(d.Party, d.Reason))]));
    }

    /// <summary>
    /// An official changes an enterprise's master record only from an administrative line that owns it: the line of
    /// an office that granted one of its registrations, or, while it has none, the line of the office that created
    /// it (docs/architecture.md, access rules). Null when the actor may change it; otherwise the 403 naming why.
    /// </summary>
    private static async Task<ProblemHttpResult?> OwningLineRefusal(GqDbContext db, Actor actor, Enterprise enterprise, CancellationToken ct)
    {
        var owners = enterprise.Registrations.Select(r => r.AgencyOrganisation).ToList();
        if (owners.Count == 0)
        {
            var creator = await db.EnterpriseChanges.AsNoTracking()
                .Where(c => c.EnterpriseId == enterprise.Id && c.Field == "record" && c.NewValue == "created")
                .Select(c => c.OnBehalfOf).FirstOrDefaultAsync(ct);
            // A record created by no office (loaded from reference or demo data) belongs to the national registry, AQSIQ's line.
            var office = (creator is null ? null : await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Code == creator, ct))
                ?? await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Code == "AQSIQ", ct);
            if (office is not null)
            {
                owners.Add(office);
            }
        }

        if (owners.Any(actor.CanChangeRecordsOf) || (actor.IsAdmin && actor.Agency == "AQSIQ"))
        {
            return null;
        }

        var lines = owners.Count == 0 ? "no known office" : string.Join(", ", owners.Select(o => $"{o.Code} ({o.Agency})").Distinct(StringComparer.Ordinal));
        return Problems.Forbidden($"{actor} may not change the record of {enterprise.Uscc}: it is owned by the administrative line of {lines}.");
    }

    private static async Task<Results<Ok<Paged<ChangeView>>, ValidationProblem, ProblemHttpResult>> History(
        GqDbContext db, HttpContext http, string uscc, int? page, int? pageSize, CancellationToken ct)
    {
        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var code = Uscc.Normalise(uscc);
        var enterprise = await db.Enterprises.AsNoTracking().FirstOrDefaultAsync(e => e.Uscc == code, ct);
        if (enterprise is null)
        {
            return Problems.NotFound("enterprise", code);
        }

        if (!Actor.From(http.User).CanRead(enterprise))
        {
            return Problems.Forbidden("An enterprise user may see only its own enterprise's history.");
        }

        var query = db.EnterpriseChanges.AsNoTracking().Where(c => c.EnterpriseId == enterprise.Id);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(c => c.At).ThenBy(c => c.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new Paged<ChangeView>(
            [.. items.Select(c => new ChangeView(c.At, c.ChangedBy, c.OnBehalfOf, c.Field, c.OldValue, c.NewValue))], p, size, total));
    }

    private static async Task<Results<Created<EnterpriseView>, ValidationProblem, ProblemHttpResult>> AddRegistration(
        GqDbContext db, HttpContext http, TimeProvider clock, string uscc, RegistrationRequest request, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var code = Uscc.Normalise(uscc);
        var enterprise = await WithRegistrations(db).FirstOrDefaultAsync(e => e.Uscc == code, ct);
        if (enterprise is null)
        {
            return Problems.NotFound("enterprise", code);
        }

        var v = new Validation();
        var agencyCode = v.Required("agency", request.Agency, 64).ToUpperInvariant();
        var kind = v.Required("kind", request.Kind, 64);
        var number = v.Required("number", request.Number, 64);
        if (request.ValidFrom is null)
        {
            v.Add("validFrom", "is required");
        }

        if (request.ValidTo is { } to && request.ValidFrom is { } from && to < from)
        {
            v.Add("validTo", "must not be before validFrom");
        }

        var agency = agencyCode.Length == 0 ? null : await db.Organisations.FirstOrDefaultAsync(o => o.Code == agencyCode, ct);
        if (agencyCode.Length > 0 && agency is null)
        {
            v.Add("agency", $"unknown organisation '{agencyCode}'");
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (!actor.CanChangeRecordsOf(agency!))
        {
            return Problems.Forbidden($"{actor} may not record registrations granted by {agency!.Code} ({agency.Agency}).");
        }

        if (await db.EnterpriseRegistrations.AnyAsync(r => r.AgencyOrganisationId == agency!.Id && r.Kind == kind && r.Number == number, ct))
        {
            return Problems.Conflict("number", $"{agency!.Code} has already issued {kind} number {number}");
        }

        var now = clock.GetUtcNow();
        var registration = EnterpriseRegistration.Create(Ids.New(clock), enterprise.Id, agency!, kind, number, request.ValidFrom!.Value, request.ValidTo);
        enterprise.AddRegistration(registration, now);
        db.EnterpriseChanges.Add(EnterpriseChange.Create(Ids.New(clock), enterprise.Id, now, actor.UserName, actor.OnBehalfOf, "registrations", null, registration.Describe()));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/registry/enterprises/{code}", View(enterprise));
    }

    private static async Task<Results<Ok<EnterpriseView>, ProblemHttpResult>> RemoveRegistration(
        GqDbContext db, HttpContext http, TimeProvider clock, string uscc, Guid id, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var code = Uscc.Normalise(uscc);
        var enterprise = await WithRegistrations(db).FirstOrDefaultAsync(e => e.Uscc == code, ct);
        var registration = enterprise?.Registrations.FirstOrDefault(r => r.Id == id);
        if (enterprise is null || registration is null)
        {
            return Problems.NotFound("registration", string.Create(CultureInfo.InvariantCulture, $"{code}/{id}"));
        }

        if (!actor.CanChangeRecordsOf(registration.AgencyOrganisation))
        {
            return Problems.Forbidden($"{actor} may not remove registrations granted by {registration.AgencyOrganisation.Code} ({registration.AgencyOrganisation.Agency}).");
        }

        var now = clock.GetUtcNow();
        enterprise.RemoveRegistration(registration, now);
        db.EnterpriseChanges.Add(EnterpriseChange.Create(Ids.New(clock), enterprise.Id, now, actor.UserName, actor.OnBehalfOf, "registrations", registration.Describe(), null));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(View(enterprise));
    }

    private static async Task<Ok<UsccCheckView>> CheckUscc(GqDbContext db, string code, CancellationToken ct)
    {
        var check = Uscc.Check(code);
        var allowListed = check.Problem == UsccProblem.CheckCharacter && await db.UsccAllowList.AnyAsync(a => a.Uscc == check.Input, ct);
        return TypedResults.Ok(new UsccCheckView(
            check.Input,
            check.IsValid || allowListed,
            allowListed,
            WireNames.Of(check.Problem),
            check.Message,
            check.Position == 0 ? null : check.Position,
            check.Problem == UsccProblem.CheckCharacter ? check.Expected.ToString() : null));
    }

    private static async Task<Ok<AllowListView[]>> ListAllowList(GqDbContext db, CancellationToken ct)
    {
        var entries = await db.UsccAllowList.AsNoTracking().OrderBy(a => a.Uscc).ToListAsync(ct);
        return TypedResults.Ok(entries.Select(a => new AllowListView(a.Uscc, a.Reason, a.AddedBy, a.AddedAt)).ToArray());
    }

    private static async Task<Results<Created<AllowListView>, ValidationProblem, ProblemHttpResult>> AddToAllowList(
        GqDbContext db, HttpContext http, TimeProvider clock, AllowListRequest request, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        if (!actor.IsAdmin)
        {
            return Problems.Forbidden("Only administrators may change the USCC allow-list.");
        }

        var v = new Validation();
        var check = Uscc.Check(request.Uscc);
        var reason = v.Required("reason", request.Reason, 512);
        if (check.IsValid)
        {
            v.Add("uscc", "is already valid; only codes whose check character does not match need an allow-list entry");
        }
        else if (check.Problem != UsccProblem.CheckCharacter)
        {
            v.Add("uscc", check.Message);
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (await db.UsccAllowList.AnyAsync(a => a.Uscc == check.Input, ct))
        {
            return Problems.Conflict("uscc", $"{check.Input} is already on the allow-list");
        }

        var entry = UsccAllowListEntry.Create(check.Input, reason, actor.UserName, clock.GetUtcNow());
        db.UsccAllowList.Add(entry);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/registry/uscc/{entry.Uscc}", new AllowListView(entry.Uscc, entry.Reason, entry.AddedBy, entry.AddedAt));
    }
}
