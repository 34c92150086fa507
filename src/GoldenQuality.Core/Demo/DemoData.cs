using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Declarations;
using GoldenQuality.Identity;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry;
using GoldenQuality.Registry.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Demo;

/// <summary>A demo account as printed for the person running the demo.</summary>
public sealed record DemoAccount(string UserName, string DisplayName, string Roles, string Of, string? Password);

/// <summary>What the demo data load did.</summary>
public sealed record DemoSummary(int Enterprises, IReadOnlyList<DemoAccount> Accounts, string SystemApiKey);

/// <summary>
/// Loads the fictional demo enterprises, agent mandates and accounts from <c>data/demo/</c> (see its README)
/// idempotently, and issues a fresh API key for the node's demo system account (earlier demo keys are revoked).
/// A Customs node gets only the accounts of Customs offices (and its own system key); every other node all of them.
/// </summary>
internal sealed class DemoData(GqDbContext db, UserAccounts accounts, TimeProvider clock)
{
    /// <summary>The loader for a node's service scope (the host does not register it: only the demo, the CLI and tests load demo data).</summary>
    public static DemoData From(IServiceProvider services) => ActivatorUtilities.CreateInstance<DemoData>(services);

    public async Task<DemoSummary> LoadAsync(string dataDirectory, CancellationToken ct, bool customsNode = false)
    {
        var folder = Path.Combine(dataDirectory, "demo");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var enterprises = customsNode ? 0 : await LoadEnterprisesAsync(folder, ct);
        if (!customsNode)
        {
            await LoadMandatesAsync(Path.Combine(dataDirectory, "declarations", "agent-mandates.csv"), ct);
        }

        var userFile = Path.Combine(folder, "users.csv");
        var printed = new List<DemoAccount>();
        User? system = null;
        foreach (var (line, r) in CsvData.Read(userFile, "user_name", "display_name", "roles", "organisation", "enterprise_uscc", "password"))
        {
            var ofCustoms = r["organisation"].StartsWith("CUSTOMS", StringComparison.Ordinal);
            if (customsNode && !ofCustoms)
            {
                continue;
            }

            var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == r["user_name"], ct);
            if (user is null)
            {
                var v = new Validation();
                user = await accounts.AddAsync(
                    new NewUser(r["user_name"], r["display_name"], r["password"], r["roles"].Split(';', StringSplitOptions.RemoveEmptyEntries),
                        NullIfEmpty(r["organisation"]), NullIfEmpty(r["enterprise_uscc"])),
                    v,
                    ct);
                if (user is null)
                {
                    throw new DataFileException(userFile, line, v.Result().ProblemDetails.Detail ?? "invalid user");
                }

                await db.SaveChangesAsync(ct);
            }

            if (user.Roles == UserRoles.System && ofCustoms == customsNode)
            {
                system = user;
            }

            printed.Add(new DemoAccount(user.UserName, user.DisplayName, r["roles"].Replace(';', ','), NullIfEmpty(r["organisation"]) ?? r["enterprise_uscc"], NullIfEmpty(r["password"])));
        }

        if (system is null)
        {
            throw new DataFileException(userFile, 0, "no account with the role 'system' for the demo API key");
        }

        var now = clock.GetUtcNow();
        foreach (var old in await db.ApiKeys.Where(k => k.UserId == system.Id && k.RevokedAt == null).ToListAsync(ct))
        {
            old.Revoke(now);
        }

        var (secret, record) = ApiKeys.Issue(system.Id, "gq demo", clock);
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new DemoSummary(enterprises, printed, secret);
    }

    private async Task<int> LoadEnterprisesAsync(string folder, CancellationToken ct)
    {
        var enterpriseFile = Path.Combine(folder, "enterprises.csv");
        var enterpriseRows = CsvData.Read(enterpriseFile, "uscc", "name_zh", "name_en", "address", "area_code", "legal_representative", "type", "business_scope", "roles");
        var now = clock.GetUtcNow();
        foreach (var (line, r) in enterpriseRows)
        {
            var check = Uscc.Check(r["uscc"]);
            if (!check.IsValid)
            {
                throw new DataFileException(enterpriseFile, line, $"uscc {check.Message}");
            }

            if (await db.Enterprises.AnyAsync(e => e.Uscc == check.Input, ct))
            {
                continue;
            }

            if (!WireNames.TryParse<EnterpriseType>(r["type"], out var type))
            {
                throw new DataFileException(enterpriseFile, line, $"type '{r["type"]}' is unknown");
            }

            var roles = EnterpriseRoles.None;
            foreach (var name in r["roles"].Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                roles |= WireNames.TryParse<EnterpriseRoles>(name, out var role) ? role : throw new DataFileException(enterpriseFile, line, $"role '{name}' is unknown");
            }

            var details = new EnterpriseDetails(r["name_zh"], r["name_en"], r["address"], r["area_code"], r["legal_representative"], type, r["business_scope"], roles);
            var enterprise = Enterprise.Create(Ids.New(clock), check.Input, details, now);
            db.Enterprises.Add(enterprise);
            db.EnterpriseChanges.Add(EnterpriseChange.Create(Ids.New(clock), enterprise.Id, now, "gq demo", "demo data", "record", null, "created"));
        }

        await db.SaveChangesAsync(ct);
        return enterpriseRows.Count;
    }

    /// <summary>The registered agents (data/declarations/agent-mandates.csv), added once.</summary>
    private async Task LoadMandatesAsync(string file, CancellationToken ct)
    {
        foreach (var (line, r) in CsvData.Read(file, "agent_uscc", "principal_uscc", "valid_from", "valid_to"))
        {
            if (!DateOnly.TryParseExact(r["valid_from"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
            {
                throw new DataFileException(file, line, "valid_from must be yyyy-MM-dd");
            }

            DateOnly? to = DateOnly.TryParseExact(r["valid_to"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
            if (!await db.Set<AgentMandate>().AnyAsync(m => m.AgentUscc == r["agent_uscc"] && m.PrincipalUscc == r["principal_uscc"], ct))
            {
                db.Add(AgentMandate.Create(Ids.New(clock), r["agent_uscc"], r["principal_uscc"], from, to, "gq demo", clock.GetUtcNow()));
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>The password of each demo account that has one (<c>{dataDirectory}/demo/users.csv</c>), by user name: the scenarios sign in with them.</summary>
    public static IReadOnlyDictionary<string, string> Passwords(string dataDirectory) =>
        CsvData.Read(Path.Combine(dataDirectory, "demo", "users.csv"), "user_name", "display_name", "roles", "organisation", "enterprise_uscc", "password")
            .Select(r => r.Values)
            .Where(r => r["password"].Length > 0)
            .ToDictionary(r => r["user_name"], r => r["password"], StringComparer.Ordinal);

    private static string? NullIfEmpty(string s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
