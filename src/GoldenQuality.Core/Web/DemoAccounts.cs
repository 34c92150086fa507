using GoldenQuality.Common;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Web;

/// <summary>A demo account as the start page lists it, straight from <c>data/demo/users.csv</c>.</summary>
public sealed record DemoLogin(string UserName, string Password, string DisplayName, string Roles, string Of);

/// <summary>The demo accounts, shown on the start page only when the node runs the demo (<c>Node:Demo</c>).</summary>
internal sealed class DemoAccounts(IOptions<DemoModeOptions> demo, IOptions<ReferenceDataOptions> referenceData)
{
    private IReadOnlyList<DemoLogin>? logins;

    public bool Enabled => demo.Value.Demo;

    public IReadOnlyList<DemoLogin> Logins
    {
        get
        {
            if (!Enabled)
            {
                return [];
            }

            return logins ??= Read(referenceData.Value.ReferenceData);
        }
    }

    /// <summary>The accounts with a password in <c>{referenceData}/demo/users.csv</c> (also used by the scenarios and tests to sign in).</summary>
    public static IReadOnlyList<DemoLogin> Read(string referenceData) =>
        [.. CsvData.Read(Path.Combine(referenceData, "demo", "users.csv"), "user_name", "display_name", "roles", "organisation", "enterprise_uscc", "password")
            .Select(r => r.Values)
            .Where(r => r["password"].Length > 0)
            .Select(r => new DemoLogin(r["user_name"], r["password"], r["display_name"], r["roles"], r["organisation"].Length > 0 ? r["organisation"] : r["enterprise_uscc"]))];
}
