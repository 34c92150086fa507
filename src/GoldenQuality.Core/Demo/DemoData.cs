using System.Globalization;
using GoldenQuality.Accountability.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Ministries.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Demo;

/// <summary>A demo account as printed for the person running the demo.</summary>
public sealed record DemoAccount(string UserName, string DisplayName, string Roles, string Of, string? Password)
{
    /// <summary>The demo node the account lives on (national, customs, bqs, moa, mep, pbc, shandong).</summary>
    public string Node { get; init; } = "national";
}

/// <summary>What the demo data load did.</summary>
public sealed record DemoSummary(int Enterprises, IReadOnlyList<DemoAccount> Accounts, string SystemApiKey);

/// <summary>
/// Loads the fictional demo enterprises, agent mandates and accounts from <c>data/demo/</c> (see its README)
/// idempotently, and issues a fresh API key for the node's demo system account (earlier demo keys are revoked).
/// Each account of <c>users.csv</c> names the demo node it lives on (<c>node</c>: national, customs, bqs, moa, mep, pbc, shandong):
/// each node is its own security domain, so a node gets only its own accounts. Everything goes through the modules'
/// contracts, checked as the API checks it; the loader acts as an administrator of the node's head office.
/// </summary>
internal sealed class DemoData(
    GqDbContext db,
    IAccountDirectory directory,
    IEnterpriseRegisterFile register,
    ListAgentMandates mandates,
    RegisterAgentMandate registerMandate,
    FindUser findUser,
    CreateUser createUser,
    RenewApiKey renewKey,
    ILpcoRegisterFile lpcos,
    GenerateHistory generateHistory)
{
    /// <summary>The seed of the demo's generated clearance history (decision 0020).</summary>
    public const int HistorySeed = 2008;

    private const string KeyName = "gq demo";

    /// <summary>The loader for a node's service scope (the host does not register it: only the demo, the CLI and tests load demo data).</summary>
    public static DemoData From(IServiceProvider services) => ActivatorUtilities.CreateInstance<DemoData>(services);

    /// <summary>The demo nodes (the <c>node</c> column of users.csv) and the head office each one's loader acts for.</summary>
    public static readonly IReadOnlyDictionary<string, string> HeadOffices = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["national"] = "AQSIQ", ["customs"] = "CUSTOMS", ["moa"] = "MOA", ["mep"] = "MEP", ["pbc"] = "PBC", ["shandong"] = "CIQ-SD", ["bqs"] = "BQS-ZJ", ["hub"] = "IPPC-HUB",
    };

    /// <summary>The fictional LPCO register each ministry's node keeps (data/demo; written by the test-only generator DemoLpcoRegisters).</summary>
    public static readonly IReadOnlyDictionary<string, string> LpcoRegisters = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["moa"] = "quarantine-permits.csv", ["mep"] = "waste-import-licences.csv",
    };

    public async Task<DemoSummary> LoadAsync(string dataDirectory, CancellationToken ct, string node = "national")
    {
        var folder = Path.Combine(dataDirectory, "demo");
        var customsNode = node == "customs";
        var loader = await LoaderAsync(node, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var enterprises = customsNode ? 0 : await register.LoadAsync(Path.Combine(folder, "enterprises.csv"), KeyName, ct);
        if (node == "national")
        {
            await LoadMandatesAsync(loader, Path.Combine(dataDirectory, "declarations", "agent-mandates.csv"), ct);
        }

        if (LpcoRegisters.TryGetValue(node, out var lpcoFile))
        {
            await lpcos.LoadAsync(Path.Combine(folder, lpcoFile), loader, ct);
        }

        var (printed, system) = await LoadAccountsAsync(loader, Path.Combine(folder, "users.csv"), node, ct);
        var key = await renewKey.HandleAsync(loader, new ApiKeyRenewal(system, KeyName), ct);
        if (!key.Succeeded)
        {
            throw new InvalidOperationException($"The demo API key for {system} was not issued: {Why(key)}");
        }

        await transaction.CommitAsync(ct);
        return new DemoSummary(enterprises, printed, key.Value!.Key);
    }

    /// <summary>
    /// Generates the dashboard's clearance history for the 365 days before <paramref name="through"/> (a year of
    /// generated bureau-days from <c>data/demo/history-bureaus.csv</c> and <see cref="HistorySeed"/>), unless that
    /// very history is already there. On the national node only: it is the national picture.
    /// </summary>
    public async Task<HistoryGenerated> GenerateHistoryAsync(string dataDirectory, DateOnly through, CancellationToken ct)
    {
        var file = Path.Combine(dataDirectory, "demo", "history-bureaus.csv");
        var bureaus = CsvData.Read(file, "code", "weight", "readiness")
            .Select(x => double.TryParse(x.Values["weight"], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight)
                && double.TryParse(x.Values["readiness"], NumberStyles.Float, CultureInfo.InvariantCulture, out var readiness)
                    ? new HistoryBureauProfile(x.Values["code"], weight, readiness)
                    : throw new DataFileException(file, x.Line, "weight and readiness must be numbers"))
            .ToList();
        var generated = await generateHistory.HandleAsync(await LoaderAsync("national", ct), HistorySeed, through, 365, bureaus, ct);
        return generated.Value ?? throw new DataFileException(file, 0, Why(generated));
    }

    /// <summary>Today in China Standard Time: the generated history ends the day before.</summary>
    public static DateOnly Today() => DateOnly.FromDateTime(ChinaTime.Of(DateTimeOffset.UtcNow).DateTime);

    /// <summary>The actor the loader acts as: an administrator and system of the node's head office.</summary>
    private async Task<Actor> LoaderAsync(string node, CancellationToken ct)
    {
        var head = await directory.FindOrganisationAsync(HeadOffices.TryGetValue(node, out var office) ? office : throw new ArgumentOutOfRangeException(nameof(node), node, "not a demo node"), ct)
            ?? throw new InvalidOperationException("The node's organisations are not loaded: the demo loader acts for the head office.");
        return new Actor(Guid.Empty, KeyName, UserRoles.Admin | UserRoles.System, head.Id, head.Code, head.Agency, head.ProvinceCode, null) { OrganisationKind = head.Kind };
    }

    /// <summary>The accounts of <c>users.csv</c> this node has (created once), and the user name of its system account.</summary>
    private async Task<(List<DemoAccount> Printed, string System)> LoadAccountsAsync(Actor loader, string userFile, string node, CancellationToken ct)
    {
        var printed = new List<DemoAccount>();
        string? system = null;
        foreach (var (line, r) in CsvData.Read(userFile, "user_name", "display_name", "roles", "organisation", "enterprise_uscc", "password", "node"))
        {
            if (r["node"] != node)
            {
                continue;
            }

            var user = await findUser.HandleAsync(loader, r["user_name"], ct);
            if (user.StatusCode == StatusCodes.Status404NotFound)
            {
                user = await createUser.HandleAsync(loader, new NewUser(r["user_name"], r["display_name"], r["password"],
                    r["roles"].Split(';', StringSplitOptions.RemoveEmptyEntries), NullIfEmpty(r["organisation"]), NullIfEmpty(r["enterprise_uscc"])), ct);
            }

            var view = user.Value ?? throw new DataFileException(userFile, line, Why(user));
            if (view.Roles is ["system"])
            {
                system = view.UserName;
            }

            printed.Add(new DemoAccount(view.UserName, view.DisplayName, r["roles"].Replace(';', ','), NullIfEmpty(r["organisation"]) ?? r["enterprise_uscc"], NullIfEmpty(r["password"])) { Node = node });
        }

        return (printed, system ?? throw new DataFileException(userFile, 0, "no account with the role 'system' for the demo API key"));
    }

    /// <summary>The registered agents (data/declarations/agent-mandates.csv), added once.</summary>
    private async Task LoadMandatesAsync(Actor loader, string file, CancellationToken ct)
    {
        foreach (var (line, r) in CsvData.Read(file, "agent_uscc", "principal_uscc", "valid_from", "valid_to"))
        {
            if (!DateOnly.TryParseExact(r["valid_from"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
            {
                throw new DataFileException(file, line, "valid_from must be yyyy-MM-dd");
            }

            DateOnly? to = DateOnly.TryParseExact(r["valid_to"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
            if ((await mandates.BetweenAsync(loader, r["agent_uscc"], r["principal_uscc"], ct)).Length == 0)
            {
                var added = await registerMandate.HandleAsync(loader, new MandateRequest(r["agent_uscc"], r["principal_uscc"], from, to), ct);
                if (!added.Succeeded)
                {
                    throw new DataFileException(file, line, Why(added));
                }
            }
        }
    }

    /// <summary>What a refused use case said, field by field, for the data file's error.</summary>
    private static string Why<T>(HandlerResult<T> result) =>
        result.Invalid is { } invalid
            ? string.Join("; ", invalid.ProblemDetails.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))
            : result.Problem?.ProblemDetails.Detail ?? $"refused with status {result.StatusCode}";

    /// <summary>The password of each demo account that has one (<c>{dataDirectory}/demo/users.csv</c>), by user name: the scenarios sign in with them.</summary>
    public static IReadOnlyDictionary<string, string> Passwords(string dataDirectory) =>
        CsvData.Read(Path.Combine(dataDirectory, "demo", "users.csv"), "user_name", "display_name", "roles", "organisation", "enterprise_uscc", "password")
            .Select(r => r.Values)
            .Where(r => r["password"].Length > 0)
            .ToDictionary(r => r["user_name"], r => r["password"], StringComparer.Ordinal);

    private static string? NullIfEmpty(string s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
