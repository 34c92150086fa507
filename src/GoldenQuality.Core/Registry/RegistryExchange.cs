using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Registry;

/// <summary>An enterprise's credit class in the national credit system, as the central bank keeps it.</summary>
public sealed class CreditRecord
{
    private CreditRecord()
    {
    }

    public string Uscc { get; private set; } = "";

    /// <summary>A (best) to D (worst).</summary>
    public string CreditClass { get; private set; } = "";

    public DateOnly RatedOn { get; private set; }

    public string Note { get; private set; } = "";

    internal static CreditRecord Create(string uscc, string creditClass, DateOnly ratedOn, string note) =>
        new() { Uscc = uscc, CreditClass = creditClass, RatedOn = ratedOn, Note = note };

    internal void Set(string creditClass, DateOnly ratedOn, string note) => (CreditClass, RatedOn, Note) = (creditClass, ratedOn, note);
}

internal sealed class CreditRecordConfiguration : IEntityTypeConfiguration<CreditRecord>
{
    public void Configure(EntityTypeBuilder<CreditRecord> b)
    {
        b.ToTable("registry_credit_records");
        b.HasKey(x => x.Uscc);
        b.Property(x => x.Uscc).HasMaxLength(18);
        b.Property(x => x.CreditClass).HasMaxLength(1);
        b.Property(x => x.Note).HasMaxLength(512);
    }
}

/// <summary>The registry's part in the exchange: what it publishes, what it applies, and what it answers.</summary>
internal static class RegistryExchange
{
    /// <summary>Published when an enterprise record is created or changed (<see cref="RegistryMessages.EnterprisePublished"/>, the contract other modules use).</summary>
    public const string EnterprisePublished = RegistryMessages.EnterprisePublished;

    /// <summary>The credit-record dataset (<see cref="RegistryMessages.CreditRecordDataset"/>, the contract other modules use).</summary>
    public const string CreditRecordDataset = RegistryMessages.CreditRecordDataset;

    /// <summary>Loads credit records from a CSV file (uscc, credit_class, rated_on, note), idempotently.</summary>
    public static async Task<int> LoadCreditRecordsAsync(GqDbContext db, string file, CancellationToken ct)
    {
        var rows = CsvData.Read(file, "uscc", "credit_class", "rated_on", "note");
        var existing = await db.Set<CreditRecord>().ToDictionaryAsync(c => c.Uscc, StringComparer.Ordinal, ct);
        foreach (var (line, r) in rows)
        {
            var check = Uscc.Check(r["uscc"]);
            if (!check.IsValid || r["credit_class"] is not ("A" or "B" or "C" or "D") ||
                !DateOnly.TryParseExact(r["rated_on"], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var rated))
            {
                throw new DataFileException(file, line, "needs a valid uscc, a credit_class A-D and rated_on as yyyy-MM-dd");
            }

            if (existing.TryGetValue(check.Input, out var record))
            {
                record.Set(r["credit_class"], rated, r["note"]);
            }
            else
            {
                db.Set<CreditRecord>().Add(CreditRecord.Create(check.Input, r["credit_class"], rated, r["note"]));
            }
        }

        await db.SaveChangesAsync(ct);
        return rows.Count;
    }
}

/// <summary>The Registry's <see cref="ICreditRecords"/>: loads the file with <see cref="RegistryExchange.LoadCreditRecordsAsync"/>.</summary>
internal sealed class CreditRecords(GqDbContext db) : ICreditRecords
{
    public Task<int> LoadAsync(string file, CancellationToken ct) => RegistryExchange.LoadCreditRecordsAsync(db, file, ct);
}

/// <summary>Answers <c>credit-record</c> queries: <c>{"uscc": "..."}</c> → the credit class, or <c>found: false</c>.</summary>
internal sealed class CreditRecordDataset : IDatasetProvider
{
    public string Dataset => RegistryExchange.CreditRecordDataset;

    public async Task<object?> QueryAsync(GqDbContext db, JsonElement parameters, CancellationToken ct)
    {
        var uscc = parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("uscc", out var u) && u.ValueKind == JsonValueKind.String
            ? Uscc.Normalise(u.GetString())
            : "";
        var record = await db.Set<CreditRecord>().AsNoTracking().FirstOrDefaultAsync(c => c.Uscc == uscc, ct);
        return record is null
            ? new { uscc, found = false }
            : new { uscc, found = true, creditClass = record.CreditClass, ratedOn = record.RatedOn, note = record.Note };
    }
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
