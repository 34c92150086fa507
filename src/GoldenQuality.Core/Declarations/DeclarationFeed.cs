using System.Globalization;
using GoldenQuality.Codes.Contracts;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Declarations;

/// <summary>
/// The <c>declarations</c> target of the legacy feeds: each canonical declaration record (e.g. of the
/// <c>ciq-zj-legacy-declaration</c> adapter, in Customs coding) becomes a real declaration, submitted as the legacy
/// system had it, through <see cref="FeedDeclarations"/> (the API's validation and submission), as the system of the
/// feed's office. Codes are translated from the <c>customs</c> to the <c>national</c> coding as of the legacy
/// declaration date; enterprises are looked up on the register. What cannot be derived from the record is a reject
/// naming the field, never a guess. The mapping, field by field, is in docs/codes.md ("The declarations target").
/// </summary>
internal sealed class DeclarationFeedTarget(
    FeedDeclarations feed, CodeTables codes, ListEnterprises enterprises, OrganisationStructure structure, IRegistryDirectory directory) : ILegacyFeedTarget
{
    public const string Name = "declarations";

    public string Target => Name;

    public async Task<FeedOutcome> AcceptAsync(FeedBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (await directory.FindOfficeAsync(batch.Office, ct) is not { } office)
        {
            return FeedOutcome.Refuse($"the feed's office '{batch.Office}' is not on the register");
        }

        var actor = new Actor(Guid.Empty, $"feed:{batch.Feed}", UserRoles.System, office.Id, office.Code, office.Agency, office.ProvinceCode, null) { OrganisationKind = office.Kind };
        var rejects = new List<FeedReject>();
        var mapped = new List<(FeedRecord Record, FedDeclarationRequest Request)>();
        foreach (var record in batch.Records)
        {
            var problems = new List<(string Field, string Reason)>();
            var request = await MapAsync(record, actor, problems, ct);
            if (problems.Count > 0 || request is null)
            {
                rejects.AddRange(problems.Select(p => new FeedReject(record.Line, p.Field, p.Reason, record.Key)));
                continue;
            }

            mapped.Add((record, new FedDeclarationRequest(record.Key, $"{batch.Adapter} file {batch.FileName} line {record.Line.ToString(CultureInfo.InvariantCulture)} (sha256 {batch.FileSha256})", request, Submit: true)));
        }

        if (mapped.Count == 0)
        {
            return new FeedOutcome(0, 0, rejects);
        }

        var results = new List<FedDeclarationResult>(mapped.Count);
        foreach (var chunk in mapped.Chunk(FeedDeclarations.MaxRecords))
        {
            var result = await feed.HandleAsync(actor, [.. chunk.Select(m => m.Request)], ct);
            if (!result.Succeeded)
            {
                // The handler refuses a whole call only for who calls (the feed acts as a system) or its size: the first chunk, before anything was created.
                return FeedOutcome.Refuse(result.Problem?.ProblemDetails.Detail ?? "the declarations were refused");
            }

            results.AddRange(result.Value!);
        }

        int created = 0, already = 0;
        foreach (var (outcome, (record, _)) in results.Zip(mapped))
        {
            switch (outcome.Outcome)
            {
                case "created":
                    created++;
                    break;
                case "already-fed":
                    already++;
                    break;
                default:
                    rejects.AddRange(outcome.Errors.SelectMany(e => e.Value.Select(reason => new FeedReject(record.Line, e.Key, reason, record.Key))));
                    break;
            }
        }

        return new FeedOutcome(created, already, [.. rejects.OrderBy(r => r.Line)]);
    }

    /// <summary>The declaration request of one record, or null with the problems (field, reason) that keep it from being one.</summary>
    private async Task<DeclarationRequest?> MapAsync(FeedRecord record, Actor actor, List<(string Field, string Reason)> problems, CancellationToken ct)
    {
        var f = record.Fields;
        string? Get(string field) => f.TryGetValue(field, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        var direction = Get("direction");
        if (direction is not ("import" or "export"))
        {
            problems.Add(("direction", direction is null ? "is required: the record must say import or export" : $"'{direction}' is neither import nor export"));
            return null;
        }

        var import = direction == "import";
        if (!DateOnly.TryParseExact(Get("declaredAt"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var declaredAt))
        {
            problems.Add(("declaredAt", "is required: the codes are translated as they were on the declaration date"));
        }

        // The declarant: the record carries its USCC, which must be on the register.
        var declarant = Get("declarantUscc");
        if (declarant is null)
        {
            problems.Add(("declarantUscc", "is required"));
        }
        else if (Uscc.Check(declarant) is { IsValid: false } bad)
        {
            problems.Add(("declarantUscc", bad.Message));
            declarant = null;
        }

        // The domestic enterprise: the record names it (consignor of an export, consignee of an import; a file with one
        // name column, as the Zhejiang one, gives it as consignorName whatever the direction).
        var nameField = import && Get("consigneeName") is not null ? "consigneeName" : "consignorName";
        var trader = await FindByNameAsync(nameField, Get(nameField), actor, problems, ct);

        var port = Get("portOfEntry") is { } entry && import ? entry : Get("portOfLoading");
        var portField = import && Get("portOfEntry") is not null ? "portOfEntry" : "portOfLoading";
        if (port is null)
        {
            problems.Add((portField, import ? "is required: the Chinese port of entry" : "is required: the Chinese port of loading (the port of exit)"));
        }

        string? manufacturer = null;
        if (!import && trader is not null)
        {
            if (trader.Roles.Contains("manufacturer", StringComparer.Ordinal))
            {
                manufacturer = trader.Uscc;
            }
            else
            {
                problems.Add(("manufacturerUscc",
                    $"the legacy record names no manufacturer, and the consignor {trader.Uscc} ({trader.NameZh}) is not registered as one: the export cannot be routed"));
            }
        }

        if (problems.Count > 0)
        {
            return null;
        }

        // Codes: customs coding to the national coding, as of the declaration date. A waterway (GACC transport code 2)
        // splits into sea and inland waterway: the port's kind on the register tells which.
        var conditions = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        if ((await structure.GetPortAsync(port!, ct)).Value is { } portView)
        {
            conditions["transportMode"] = new(StringComparer.Ordinal) { ["waterway"] = portView.Kind == "seaport" ? "sea" : "inland" };
        }

        var codeFields = f.Where(x => x.Key is "tradeCountry" or "transportMode" or "currency" || x.Key.EndsWith(".unit", StringComparison.Ordinal)
            || x.Key.EndsWith(".originCountry", StringComparison.Ordinal) || x.Key.EndsWith(".commodityCode", StringComparison.Ordinal))
            .ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal);
        var translation = await codes.TranslateRecordAsync("declaration", "customs", "national", declaredAt, codeFields, conditions, ct);
        var untranslated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var u in translation.Unmappable)
        {
            untranslated.Add(u.Field);

            // The API takes the tariff code as it is (hsCode); the CIQ code is optional and left out when it needs a fact
            // the record does not have (e.g. wild or farmed).
            if (!u.Field.EndsWith(".commodityCode", StringComparison.Ordinal))
            {
                problems.Add((u.Field, $"'{u.Code}' cannot be translated to the national coding: {u.Reason}{(u.Candidates.Length > 0 ? $" (candidates: {string.Join(", ", u.Candidates)})" : "")}"));
            }
        }

        if (problems.Count > 0)
        {
            return null;
        }

        string? Coded(string field) => translation.Fields.TryGetValue(field, out var value) && !untranslated.Contains(field) ? value : null;

        var lines = new List<GoodsLineRequest>();
        var indexes = f.Keys.Select(k => k.StartsWith("items[", StringComparison.Ordinal) ? int.Parse(k.AsSpan(6, k.IndexOf(']', StringComparison.Ordinal) - 6), CultureInfo.InvariantCulture) : -1)
            .Where(i => i >= 0).Distinct().Order();
        foreach (var i in indexes)
        {
            var p = string.Create(CultureInfo.InvariantCulture, $"items[{i}].");
            lines.Add(new GoodsLineRequest(
                Get(p + "seq") is { } seq ? int.Parse(seq, CultureInfo.InvariantCulture) : null,
                Get(p + "commodityCode"),
                Coded(p + "commodityCode"),
                Get(p + "description"),
                Decimal(p + "quantity"),
                Coded(p + "unit"),
                Decimal(p + "netWeightKg"),
                null,
                Decimal(p + "value"),
                Coded("currency"),
                Coded(p + "originCountry"),
                null,
                null));
        }

        return new DeclarationRequest(
            direction, declarant, import ? null : trader!.Uscc, import ? trader!.Uscc : null, manufacturer, Coded("transportMode"), null,
            import ? null : port, import ? null : port, import ? port : null, Coded("tradeCountry"), null, null, [], [.. lines]);

        decimal? Decimal(string field) => Get(field) is { } text ? decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>
    /// The one registered enterprise of that name. The register may add a remark in brackets to a name (the demo
    /// register marks its fictional enterprises 「（演示）」); any other difference is no match, and two matches are a reject.
    /// </summary>
    private async Task<EnterpriseSummary?> FindByNameAsync(string field, string? name, Actor actor, List<(string Field, string Reason)> problems, CancellationToken ct)
    {
        if (name is null)
        {
            problems.Add((field, "is required: the domestic enterprise, by its registered name"));
            return null;
        }

        var found = await enterprises.HandleAsync(actor, name, null, null, null, 1, 20, ct);
        var matches = (found.Value?.Items ?? []).Where(e => e.NameZh == name || (e.NameZh.StartsWith(name, StringComparison.Ordinal) && IsRemark(e.NameZh[name.Length..]))).ToList();
        switch (matches.Count)
        {
            case 1:
                return matches[0];
            case 0:
                problems.Add((field, $"no enterprise named '{name}' is on the register, and the legacy record carries no USCC for it"));
                return null;
            default:
                problems.Add((field, $"'{name}' names {matches.Count} registered enterprises ({string.Join(", ", matches.Select(m => m.Uscc))}): the record does not say which"));
                return null;
        }

        static bool IsRemark(string rest) =>
            (rest.StartsWith('（') && rest.EndsWith('）')) || (rest.StartsWith('(') && rest.EndsWith(')'));
    }
}

/// <summary>Registers the <c>declarations</c> feed target and its handler (one line in <see cref="DeclarationsModule"/>).</summary>
internal static class DeclarationFeedRegistration
{
    public static void AddDeclarationFeed(this IServiceCollection services)
    {
        services.AddScoped(sp => new FeedDeclarations(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<DeclarationFlow>(), sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<ILegacyFeedTarget, DeclarationFeedTarget>();
    }
}
