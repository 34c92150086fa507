using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Registry;

/// <summary>The registry's part in the exchange: what it publishes and what it applies.</summary>
internal static class RegistryExchange
{
    /// <summary>Published when an enterprise record is created or changed (<see cref="RegistryMessages.EnterprisePublished"/>, the contract other modules use).</summary>
    public const string EnterprisePublished = RegistryMessages.EnterprisePublished;
}

/// <summary>
/// Applies <c>registry.enterprise.published</c> on a receiving node: keeps that agency's copy of the master record
/// (only the fields its agreement allows), newer versions only, with the change in the record's history.
/// </summary>
internal sealed class EnterprisePublishedHandler(TimeProvider clock) : IEnvelopeHandler
{
    public bool Handles(string type) => type == RegistryExchange.EnterprisePublished;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        string? S(string name) => payload.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        var uscc = Uscc.Check(S("uscc"));
        if (!uscc.IsValid)
        {
            throw new InvalidOperationException($"{RegistryExchange.EnterprisePublished} carries no valid uscc ({uscc.Message}).");
        }

        var version = payload.TryGetProperty("version", out var v) && v.TryGetInt64(out var n) ? n : 0;
        var roles = EnterpriseRoles.None;
        if (payload.TryGetProperty("roles", out var r) && r.ValueKind == JsonValueKind.Array)
        {
            foreach (var role in r.EnumerateArray())
            {
                roles |= WireNames.TryParse<EnterpriseRoles>(role.GetString(), out var parsed) ? parsed : EnterpriseRoles.None;
            }
        }

        var details = new EnterpriseDetails(
            S("nameZh") ?? "", S("nameEn"), S("address") ?? "", S("areaCode") ?? Uscc.AreaCode(uscc.Input), S("legalRepresentative") ?? "",
            WireNames.TryParse<EnterpriseType>(S("type"), out var type) ? type : EnterpriseType.Other, S("businessScope") ?? "", roles);
        var now = clock.GetUtcNow();
        var local = await db.Enterprises.Include(e => e.Registrations).ThenInclude(x => x.AgencyOrganisation).FirstOrDefaultAsync(e => e.Uscc == uscc.Input, ct);
        if (local is null)
        {
            local = Enterprise.Create(Ids.New(clock), uscc.Input, details, now);
            local.Replicated(version);
            db.Enterprises.Add(local);
            db.EnterpriseChanges.Add(EnterpriseChange.Create(Ids.New(clock), local.Id, now, header.Sender, Parties.NodeOf(header.Sender), "record", null, $"replicated version {version}"));
            return;
        }

        if (version <= local.Version)
        {
            return;
        }

        foreach (var (field, old, @new) in local.Update(details, now))
        {
            db.EnterpriseChanges.Add(EnterpriseChange.Create(Ids.New(clock), local.Id, now, header.Sender, Parties.NodeOf(header.Sender), field, old, @new));
        }

        local.Replicated(version);
    }
}
