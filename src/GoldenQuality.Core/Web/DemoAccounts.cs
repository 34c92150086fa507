using GoldenQuality.Common;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Web;

/// <summary>
/// A demo account as the start page lists it, straight from <c>data/demo/users.csv</c>. <see cref="Node"/> is the demo
/// node the account lives on (<c>national</c>, <c>customs</c>, <c>moa</c>, <c>mep</c>, <c>pbc</c>): it signs in there only.
/// </summary>
public sealed record DemoLogin(string UserName, string Password, string DisplayName, string Roles, string Of, string Node = "national");

/// <summary>The demo accounts, shown on the start page only when the node runs the demo (<c>Node:Demo</c>).</summary>
internal sealed class DemoAccounts(IOptions<DemoModeOptions> demo, IOptions<ReferenceDataOptions> referenceData)
{
    private IReadOnlyList<DemoLogin>? logins;

    public bool Enabled => demo.Value.Demo;

    /// <summary>The web address of a demo node (<c>moa</c>, …) when the demo federation gave it, else null.</summary>
    public string? UrlOf(string node) => demo.Value.DemoNodeUrls.GetValueOrDefault(node);

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
        [.. CsvData.Read(Path.Combine(referenceData, "demo", "users.csv"), "user_name", "display_name", "roles", "organisation", "enterprise_uscc", "password", "node")
            .Select(r => r.Values)
            .Where(r => r["password"].Length > 0)
            .Select(r => new DemoLogin(r["user_name"], r["password"], r["display_name"], r["roles"], r["organisation"].Length > 0 ? r["organisation"] : r["enterprise_uscc"],
                r["node"].Length > 0 ? r["node"] : "national"))];
}
