using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Registry.Contracts;
using Microsoft.AspNetCore.Http;

namespace GoldenQuality.Web;

/// <summary>Which home page a signed-in user gets.</summary>
public enum HomeKind
{
    Enterprise,
    CiqOfficer,
    PortOfficer,
    CustomsOfficer,
    BqsOfficer,
    Leader,
    ExchangeOperator,
    Officer,

    /// <summary>An officer of the Ministry of Agriculture or of Environmental Protection: works the ministry's LPCO register.</summary>
    LpcoOfficer,
}

/// <summary>
/// The signed-in user as the pages show it: name, office or enterprise, and home page. <c>OrganisationKind</c> is
/// kebab-case, as the Registry's contract gives it (e.g. <c>ciq-port-office</c>).
/// </summary>
public sealed record WebUser(Actor Actor, string DisplayName, string? OrganisationCode, string? OrganisationZh, string? OrganisationEn,
    string? OrganisationKind, string? EnterpriseUscc, string? EnterpriseZh, string? EnterpriseEn)
{
    /// <summary>
    /// The ministry whose register this node runs (<c>MOA</c>, <c>MEP</c>, <c>PBC</c>), or null on an AQSIQ, CIQ or
    /// Customs node: a ministry node shows its register and nothing of the inspection flow.
    /// </summary>
    public string? NodeMinistry { get; init; }

    public HomeKind Home =>
        Actor.EnterpriseId is not null ? HomeKind.Enterprise
        : Actor.IsAdmin ? HomeKind.Leader
        : Policies.IsLpcoOfficer(Actor) ? HomeKind.LpcoOfficer
        : OrganisationCode is { } code && code.EndsWith("-INFO-CENTER", StringComparison.Ordinal) ? HomeKind.ExchangeOperator
        : OrganisationKind == "ciq-port-office" ? HomeKind.PortOfficer
        : Actor.Agency is "CIQ" or "AQSIQ" ? HomeKind.CiqOfficer
        : Actor.Agency == "CUSTOMS" ? HomeKind.CustomsOfficer
        : Actor.Agency == "BQS" ? HomeKind.BqsOfficer
        : HomeKind.Officer;

    /// <summary>Supervisors, administrators and systems of an office operate the exchange (the API's rule).</summary>
    public bool MayOperateExchange => Policies.IsExchangeOperator(Actor);

    /// <summary>The dashboard and its history: the leadership (administrators, the coordinating body) and the exchange operators (the API's rule).</summary>
    public bool MaySeeDashboard => Policies.IsDashboardViewer(Actor);

    /// <summary>This node runs a ministry's register rather than the inspection flow.</summary>
    public bool OnMinistryNode => NodeMinistry is not null;

    /// <summary>
    /// The LPCO register of this node (MOA: quarantine permits, MEP: waste import licences): the ministry's officers
    /// work it; an enterprise user applies there and follows its own applications.
    /// </summary>
    public bool MayWorkLpcos => NodeMinistry is "MOA" or "MEP" && (Home == HomeKind.LpcoOfficer ? Actor.Agency == NodeMinistry : Home == HomeKind.Enterprise);

    /// <summary>This node is a provincial BQS node (<c>GQ/GOV/BQS-ZJ/…</c>): it keeps the province's production licences.</summary>
    public bool OnBqsNode { get; init; }

    /// <summary>The production-licence register, on a BQS node: its BQS officers work it; an enterprise user applies and follows its own.</summary>
    public bool MayWorkLicences => OnBqsNode && Home is HomeKind.BqsOfficer or HomeKind.Enterprise;

    public string? Of(bool chinese) => EnterpriseUscc is not null
        ? (chinese ? EnterpriseZh : EnterpriseEn ?? EnterpriseZh)
        : (chinese ? OrganisationZh : OrganisationEn ?? OrganisationZh);
}

/// <summary>Reads the signed-in user once per request.</summary>
internal sealed class WebSession(IAccountProfiles accounts, IRegistryDirectory registry, IHttpContextAccessor http, ExchangeNode node)
{
    /// <summary>The ministries that run a register on a node of their own.</summary>
    private static readonly string[] RegisterMinistries = ["MOA", "MEP", "PBC"];

    private Task<WebUser?>? reading;

    /// <summary>
    /// The user, read once: the layout and the page may ask at the same time, and both wait for the one read (a second
    /// caller must not see "no user" while the first is still reading, nor use the context alongside it).
    /// </summary>
    public Task<WebUser?> UserAsync(CancellationToken ct = default) => reading ??= ReadAsync(ct);

    private async Task<WebUser?> ReadAsync(CancellationToken ct)
    {
        var principal = http.HttpContext?.User;
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var actor = Actor.From(principal);
        var account = await accounts.FindAsync(actor.UserId, ct);
        if (account is null)
        {
            return null;
        }

        var org = account.OrganisationId is { } oid ? await registry.FindOfficeAsync(oid, ct) : null;
        var ent = account.EnterpriseId is { } eid ? await registry.FindEnterpriseAsync(eid, ct) : null;
        return new WebUser(actor, account.DisplayName, org?.Code, org?.NameZh, org?.NameEn, org?.Kind, ent?.Uscc, ent?.NameZh, ent?.NameEn) { NodeMinistry = NodeMinistry(), OnBqsNode = node.Enabled && node.Id.Split('/') is [_, _, var agency, ..] && agency.StartsWith("BQS-", StringComparison.Ordinal) };
    }

    /// <summary>The ministry whose office this node hosts in the directory (e.g. the MOA gateway hosts office <c>MOA</c>); null on other nodes or without the exchange.</summary>
    private string? NodeMinistry()
    {
        if (!node.Enabled)
        {
            return null;
        }

        var directory = node.Directory.Current;
        return RegisterMinistries.FirstOrDefault(m => directory?.IsHost(node.Id, m) ?? node.Id.Split('/') is [_, _, var agency, ..] && agency == m);
    }
}
