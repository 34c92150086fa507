using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Registry;

/// <summary>
/// Builds the API view of an enterprise record: the same view the endpoints answer with, the exchange publishes
/// and <see cref="EnterpriseViewRefresher"/> stores (decision 0003).
/// </summary>
internal static class EnterpriseViews
{
    public static EnterpriseView Of(Enterprise e) => new(
        e.Id, e.Uscc, e.NameZh, e.NameEn, e.Address, e.AreaCode, e.LegalRepresentative, WireNames.Of(e.Type), e.BusinessScope,
        WireNames.Flags(e.Roles),
        [.. e.Registrations.OrderBy(r => r.ValidFrom).Select(r => new RegistrationView(
            r.Id, r.AgencyOrganisation.Code, r.Kind, r.Number, r.ValidFrom, r.ValidTo))],
        e.Version, e.CreatedAt, e.UpdatedAt);

    /// <summary>Enterprises with their registrations and the granting offices, as the view needs them.</summary>
    public static IQueryable<Enterprise> WithRegistrations(GqDbContext db) =>
        db.Enterprises.Include(e => e.Registrations).ThenInclude(r => r.AgencyOrganisation);
}

/// <summary>Reads and validates the fields of an <see cref="EnterpriseRequest"/>, naming every bad field.</summary>
internal static class EnterpriseRequestReader
{
    /// <summary>Checks a USCC against GB 32100-2015 and the allow-list; adds the reason to the validation.</summary>
    public static async Task<string> UsccAsync(GqDbContext db, Validation v, string field, string? input, CancellationToken ct)
    {
        var check = Uscc.Check(input);
        if (string.IsNullOrEmpty(check.Input))
        {
            v.Add(field, Message.Required);
        }
        else if (check.Problem == UsccProblem.CheckCharacter)
        {
            if (!await db.UsccAllowList.AnyAsync(a => a.Uscc == check.Input, ct))
            {
                v.Add(field, check.Reason);
            }
        }
        else if (!check.IsValid)
        {
            v.Add(field, check.Reason);
        }

        return check.Input;
    }

    /// <summary>The editable fields; the area must be a known GB/T 2260 code.</summary>
    public static async Task<EnterpriseDetails> DetailsAsync(GqDbContext db, Validation v, EnterpriseRequest r, CancellationToken ct)
    {
        var nameZh = v.Required("nameZh", r.NameZh, 256);
        var nameEn = v.Optional("nameEn", r.NameEn, 256);
        var address = v.Required("address", r.Address, 512);
        var area = v.Required("areaCode", r.AreaCode, 6);
        if (area.Length > 0 && !await db.Areas.AnyAsync(a => a.Code == area, ct))
        {
            v.Add("areaCode", new Message("area.unknown-use-list", area));
        }

        var legal = v.Required("legalRepresentative", r.LegalRepresentative, 128);
        var type = v.Enum<EnterpriseType>("type", r.Type);
        var scope = v.Optional("businessScope", r.BusinessScope, 4000) ?? "";
        return new EnterpriseDetails(nameZh, nameEn, address, area, legal, type, scope, Roles(v, r.Roles));
    }

    /// <summary>One or more roles by wire name; every unknown name is reported.</summary>
    public static EnterpriseRoles Roles(Validation v, string[]? names)
    {
        var roles = EnterpriseRoles.None;
        if (names is null || names.Length == 0)
        {
            v.Add("roles", new Message("registry.roles-required", string.Join(", ", EnterpriseVocabulary.Roles)));
            return roles;
        }

        foreach (var name in names)
        {
            if (WireNames.TryParse<EnterpriseRoles>(name, out var role) && role != EnterpriseRoles.None)
            {
                roles |= role;
            }
            else
            {
                v.Add("roles", Message.NotOneOf(name, string.Join(", ", EnterpriseVocabulary.Roles)));
            }
        }

        return roles;
    }
}

/// <summary>
/// Who may change an enterprise's master record: an official of an administrative line that owns it — the line of
/// an office that granted one of its registrations, or, while it has none, the line of the office that created it;
/// an AQSIQ administrator always (docs/architecture.md, access rules).
/// </summary>
internal static class EnterpriseOwnership
{
    /// <summary>Null when <paramref name="actor"/> may change the record; otherwise the reason, naming the owning lines.</summary>
    public static Message? Refusal(Actor actor, string uscc, IReadOnlyList<Organisation> owners)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(owners);
        if (owners.Any(actor.CanChangeRecordsOf) || (actor.IsAdmin && actor.Agency == "AQSIQ"))
        {
            return null;
        }

        object lines = owners.Count == 0 ? new Message("registry.no-known-office") : string.Join(", ", owners.Select(o => $"{o.Code} ({o.Agency})").Distinct(StringComparer.Ordinal));
        return new Message("registry.owned-by", actor.ToString(), uscc, lines);
    }

    /// <summary>
    /// The offices owning the record (loaded with its registrations): those that granted its registrations, else the
    /// office that created it; a record created by no office (reference or demo data) belongs to AQSIQ's line.
    /// </summary>
    public static async Task<IReadOnlyList<Organisation>> OwnersAsync(GqDbContext db, Enterprise enterprise, CancellationToken ct)
    {
        var owners = enterprise.Registrations.Select(r => r.AgencyOrganisation).ToList();
        if (owners.Count == 0)
        {
            var creator = await db.EnterpriseChanges.AsNoTracking()
                .Where(c => c.EnterpriseId == enterprise.Id && c.Field == "record" && c.NewValue == "created")
                .Select(c => c.OnBehalfOf).FirstOrDefaultAsync(ct);
            var office = (creator is null ? null : await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Code == creator, ct))
                ?? await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Code == "AQSIQ", ct);
            if (office is not null)
            {
                owners.Add(office);
            }
        }

        return owners;
    }

    /// <summary>The 403 for an actor the owning lines refuse, or null.</summary>
    public static async Task<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult?> RefuseAsync(GqDbContext db, Actor actor, Enterprise enterprise, CancellationToken ct) =>
        Refusal(actor, enterprise.Uscc, await OwnersAsync(db, enterprise, ct)) is { } reason ? Problems.Forbidden(reason) : null;
}

/// <summary>The organisation structure's queries that more than one use needs.</summary>
internal static class OrganisationQueries
{
    public static OrganisationView View(Organisation o) =>
        new(o.Code, WireNames.Of(o.Kind), o.Agency, o.NameZh, o.NameEn, o.ProvinceCode, [.. o.JurisdictionPrefixes()], o.Version);

    /// <summary>
    /// Follows the reporting links (vertical or provincial administration, never business guidance) upwards.
    /// </summary>
    public static async Task<List<Organisation>> ChainOfCommandAsync(GqDbContext db, Organisation start, CancellationToken ct)
    {
        var chain = new List<Organisation> { start };
        var seen = new HashSet<Guid> { start.Id };
        var current = start;
        while (true)
        {
            var next = await db.OrganisationLinks.AsNoTracking()
                .Where(l => l.FromId == current.Id && l.Type != LinkType.NonVertical)
                .Select(l => l.To)
                .FirstOrDefaultAsync(ct);
            if (next is null || !seen.Add(next.Id))
            {
                return chain;
            }

            chain.Add(next);
            current = next;
        }
    }
}
