using GoldenQuality.Common;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Registry;

/// <summary>What a load of reference data found and changed.</summary>
public sealed record SeedSummary(
    int Areas,
    int Organisations,
    int CiqBureaus,
    int BqsBureaus,
    int Links,
    int Ports,
    int Added,
    int Updated,
    int Removed);

/// <summary>
/// Loads the registry's reference data from <c>data/registry/*.csv</c> idempotently: rows are matched by
/// their codes, changed rows are updated, and links the files no longer list are removed.
/// A file that refers to something unknown is refused whole, naming the file and line.
/// </summary>
internal sealed class ReferenceData(GqDbContext db, TimeProvider clock) : IReferenceDataLoader
{
    private static readonly string[] Files = ["areas.csv", "organisations.csv", "organisation-links.csv", "ports.csv"];

    async Task<object> IReferenceDataLoader.LoadReferenceDataAsync(string dataDirectory, bool force, CancellationToken ct) =>
        await LoadAsync(dataDirectory, ct, force);

    /// <summary>
    /// Loads the files. Unless <paramref name="force"/> is set, files whose fingerprint matches the last load
    /// are not read again (a restart costs nothing); <c>gq seed</c> always reconciles.
    /// </summary>
    public async Task<SeedSummary> LoadAsync(string dataDirectory, CancellationToken cancellationToken, bool force = false)
    {
        var folder = Path.Combine(dataDirectory, "registry");
        var fingerprint = await FingerprintAsync(folder, cancellationToken);
        var state = await db.ReferenceDataLoads.FirstOrDefaultAsync(l => l.Name == "registry", cancellationToken);
        if (!force && state?.Fingerprint == fingerprint)
        {
            return new SeedSummary(
                await db.Areas.CountAsync(cancellationToken),
                await db.Organisations.CountAsync(cancellationToken),
                await db.Organisations.CountAsync(o => o.Kind == OrganisationKind.CiqBureau, cancellationToken),
                await db.Organisations.CountAsync(o => o.Kind == OrganisationKind.BqsBureau, cancellationToken),
                await db.OrganisationLinks.CountAsync(cancellationToken),
                await db.Ports.CountAsync(cancellationToken),
                0,
                0,
                0);
        }

        var added = 0;
        var updated = 0;
        var removed = 0;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Areas.
        var areaFile = Path.Combine(folder, "areas.csv");
        var areaRows = CsvData.Read(areaFile, "code", "name_zh", "name_en", "parent_code", "level");
        var areas = await db.Areas.ToDictionaryAsync(a => a.Code, StringComparer.Ordinal, cancellationToken);
        var areaCodes = areaRows.Select(r => r.Values["code"]).ToHashSet(StringComparer.Ordinal);
        foreach (var (line, v) in areaRows)
        {
            var code = v["code"];
            if (code.Length != 6 || !code.All(char.IsAsciiDigit))
            {
                throw new DataFileException(areaFile, line, $"code '{code}' is not a six-digit GB/T 2260 code");
            }

            var parent = NullIfEmpty(v["parent_code"]);
            if (parent is not null && !areaCodes.Contains(parent))
            {
                throw new DataFileException(areaFile, line, $"parent_code '{parent}' is not in the file");
            }

            var level = ParseEnum<AreaLevel>(areaFile, line, "level", v["level"]);
            if (areas.TryGetValue(code, out var area))
            {
                updated += area.ApplyReference(v["name_zh"], v["name_en"], parent, level) ? 1 : 0;
            }
            else
            {
                db.Areas.Add(AdministrativeArea.Create(code, v["name_zh"], v["name_en"], parent, level));
                added++;
            }
        }

        // Organisations.
        var orgFile = Path.Combine(folder, "organisations.csv");
        var orgRows = CsvData.Read(orgFile, "code", "kind", "agency", "name_zh", "name_en", "province_code", "jurisdiction");
        var organisations = await db.Organisations.ToDictionaryAsync(o => o.Code, StringComparer.Ordinal, cancellationToken);
        foreach (var (line, v) in orgRows)
        {
            var code = v["code"];
            var kind = ParseEnum<OrganisationKind>(orgFile, line, "kind", v["kind"]);
            var province = NullIfEmpty(v["province_code"]);
            if (province is not null && !areaCodes.Contains(province))
            {
                throw new DataFileException(orgFile, line, $"province_code '{province}' is not in areas.csv");
            }

            var jurisdiction = v["jurisdiction"];
            foreach (var prefix in jurisdiction.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!areaCodes.Any(c => c.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    throw new DataFileException(orgFile, line, $"jurisdiction prefix '{prefix}' matches no area in areas.csv");
                }
            }

            if (organisations.TryGetValue(code, out var organisation))
            {
                updated += organisation.ApplyReference(kind, v["agency"], v["name_zh"], v["name_en"], province, jurisdiction) ? 1 : 0;
            }
            else
            {
                organisation = Organisation.Create(Ids.New(clock), code, kind, v["agency"], v["name_zh"], v["name_en"], province, jurisdiction);
                organisations[code] = organisation;
                db.Organisations.Add(organisation);
                added++;
            }
        }

        // Links.
        var linkFile = Path.Combine(folder, "organisation-links.csv");
        var linkRows = CsvData.Read(linkFile, "from_code", "to_code", "type");
        var links = await db.OrganisationLinks.ToListAsync(cancellationToken);
        var wanted = new HashSet<(Guid, Guid, LinkType)>();
        foreach (var (line, v) in linkRows)
        {
            var from = Resolve(organisations, linkFile, line, "from_code", v["from_code"]);
            var to = Resolve(organisations, linkFile, line, "to_code", v["to_code"]);
            var type = ParseEnum<LinkType>(linkFile, line, "type", v["type"]);
            wanted.Add((from.Id, to.Id, type));
        }

        foreach (var link in links.Where(l => !wanted.Contains((l.FromId, l.ToId, l.Type))))
        {
            db.OrganisationLinks.Remove(link);
            removed++;
        }

        var existing = links.Select(l => (l.FromId, l.ToId, l.Type)).ToHashSet();
        foreach (var (from, to, type) in wanted.Where(w => !existing.Contains(w)))
        {
            db.OrganisationLinks.Add(OrganisationLink.Create(Ids.New(clock), from, to, type));
            added++;
        }

        // Ports.
        var portFile = Path.Combine(folder, "ports.csv");
        var portRows = CsvData.Read(portFile, "locode", "name_zh", "name_en", "kind", "area_code", "office_code");
        var ports = await db.Ports.ToDictionaryAsync(p => p.Locode, StringComparer.Ordinal, cancellationToken);
        foreach (var (line, v) in portRows)
        {
            var locode = v["locode"];
            if (locode.Length != 5 || !locode.All(char.IsAsciiLetterOrDigit))
            {
                throw new DataFileException(portFile, line, $"locode '{locode}' is not a five-character UN/LOCODE");
            }

            var kind = ParseEnum<PortKind>(portFile, line, "kind", v["kind"]);
            if (!areaCodes.Contains(v["area_code"]))
            {
                throw new DataFileException(portFile, line, $"area_code '{v["area_code"]}' is not in areas.csv");
            }

            var office = Resolve(organisations, portFile, line, "office_code", v["office_code"]);
            if (ports.TryGetValue(locode, out var port))
            {
                updated += port.ApplyReference(v["name_zh"], v["name_en"], kind, v["area_code"], office.Id) ? 1 : 0;
            }
            else
            {
                db.Ports.Add(Port.Create(locode, v["name_zh"], v["name_en"], kind, v["area_code"], office.Id));
                added++;
            }
        }

        if (state is null)
        {
            state = ReferenceDataLoad.Create("registry");
            db.ReferenceDataLoads.Add(state);
        }

        state.Record(fingerprint, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return new SeedSummary(
            areaRows.Count,
            orgRows.Count,
            organisations.Values.Count(o => o.Kind == OrganisationKind.CiqBureau),
            organisations.Values.Count(o => o.Kind == OrganisationKind.BqsBureau),
            wanted.Count,
            portRows.Count,
            added,
            updated,
            removed);
    }

    private static async Task<string> FingerprintAsync(string folder, CancellationToken ct)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var file in Files)
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path))
            {
                throw new DataFileException(path, 0, "file not found");
            }

            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file + "\n"));
            hash.AppendData(await File.ReadAllBytesAsync(path, ct));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static Organisation Resolve(Dictionary<string, Organisation> organisations, string file, int line, string column, string code) =>
        organisations.TryGetValue(code, out var organisation)
            ? organisation
            : throw new DataFileException(file, line, $"{column} '{code}' is not in organisations.csv");

    private static TEnum ParseEnum<TEnum>(string file, int line, string column, string text)
        where TEnum : struct, Enum =>
        WireNames.TryParse<TEnum>(text, out var value)
            ? value
            : throw new DataFileException(file, line, $"{column} '{text}' is not one of: {string.Join(", ", WireNames.All<TEnum>())}");

    private static string? NullIfEmpty(string text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
