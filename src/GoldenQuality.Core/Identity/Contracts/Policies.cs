using System.Collections.Frozen;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Identity.Contracts;

/// <summary>
/// The named authorisation policies: the coarse "who may call this at all" of every endpoint (decision 0007).
/// Every endpoint names one of them (or is one of the few anonymous endpoints); the fine-grained, data-dependent
/// checks (own enterprise, own office, own administrative line) stay in the handlers. The access table
/// (tests/GoldenQuality.Tests/Security/access-table.csv) states who may call what and a test holds the node to it.
/// </summary>
public static class Policies
{
    /// <summary>Anyone signed in: enterprise users, officers and systems. The handler decides by the data (own enterprise, own office).</summary>
    public const string SignedIn = "signed-in";

    /// <summary>A user who acts for one enterprise.</summary>
    public const string EnterpriseUser = "enterprise-user";

    /// <summary>Whoever declares goods: an enterprise user, or a system client (an enterprise's or an agency's integration).</summary>
    public const string Declarant = "declarant";

    /// <summary>An officer (or system) of an agency office, of any agency.</summary>
    public const string Official = "official";

    /// <summary>An officer (or system) of an office of the inspection line: AQSIQ and its CIQ bureaus, branches and port offices.</summary>
    public const string InspectionOfficer = "inspection-officer";

    /// <summary>An officer of a CIQ port office (checks the paper at the port and releases), or an administrator.</summary>
    public const string PortOffice = "port-office";

    /// <summary>An officer (or system) of a Customs office.</summary>
    public const string CustomsOfficer = "customs-officer";

    /// <summary>An officer (or system) of a ministry that issues LPCOs on its own node: the MOA (quarantine permits) or the MEP (waste import licences).</summary>
    public const string LpcoOfficer = "lpco-officer";

    /// <summary>An officer (or system) of the central bank's credit system (PBC).</summary>
    public const string CreditOfficer = "credit-officer";

    /// <summary>An official of a provincial Bureau of Quality and Technical Supervision (BQS): production licences, spot checks, leads.</summary>
    public const string QualityOfficer = "quality-officer";

    /// <summary>Whoever runs the exchange: an officer of an information centre, an administrator, or a system client of an office.</summary>
    /// <summary>
    /// An official of the coordinating office of rapid alerts (AQSIQ-IEFSB, <c>Alerts.Contracts.AlertsWire.CoordinatingOffice</c>):
    /// validates notifications, closes them, leads crises.
    /// </summary>
    public const string AlertCoordinator = "alert-coordinator";

    public const string ExchangeOperator = "exchange-operator";

    /// <summary>
    /// An officer of a foreign SPS authority that is a member of the hub hosted on this node (office <c>NPPO-*</c>): delivers
    /// its country's certificates, pulls and acknowledges those sent to it, follows their tracking.
    /// </summary>
    public const string HubMember = "hub-member";

    /// <summary>An officer of the hub's operator (office <c>IPPC-HUB</c>): sees the tracking of every envelope the hub relays.</summary>
    public const string HubOperator = "hub-operator";

    /// <summary>
    /// An official of the coordinating body of information sharing, the office of the State Council Informatization
    /// Leadership Commission (<c>STATE-COUNCIL-ILC</c>): approves or refuses information needs.
    /// </summary>
    public const string Coordinator = "coordinator";

    /// <summary>The leadership: an official of the coordinating body, or an administrator. Sees the federation's reciprocity and on-time rates.</summary>
    public const string Leadership = "leadership";

    /// <summary>The dashboard of clearance time, coverage, holds and sharing, and its history: the leadership and the exchange operators.</summary>
    public const string Dashboard = "dashboard";

    /// <summary>An administrator of an office.</summary>
    public const string Administrator = "administrator";

    /// <summary>A machine client that signs in with an API key, or an administrator.</summary>
    public const string SystemOrAdministrator = "system-or-administrator";

    /// <summary>Every policy name, for the tests that require each endpoint to name one.</summary>
    public static readonly FrozenSet<string> All = new[]
    {
        SignedIn, EnterpriseUser, Declarant, Official, InspectionOfficer, PortOffice, CustomsOfficer, LpcoOfficer, CreditOfficer, QualityOfficer, AlertCoordinator, HubMember, HubOperator, ExchangeOperator, Coordinator, Leadership, Dashboard, Administrator, SystemOrAdministrator,
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The rules, as predicates over the signed-in actor (also used by the handlers and the web pages).</summary>
    public static bool IsEnterpriseUser(Actor actor) => actor is { EnterpriseId: not null } && actor.Roles.HasFlag(UserRoles.EnterpriseUser);

    public static bool IsDeclarant(Actor actor) => IsEnterpriseUser(actor) || actor.Roles.HasFlag(UserRoles.System);

    public static bool IsOfficial(Actor actor) => actor.IsOfficial;

    public static bool IsInspectionOfficer(Actor actor) => actor.IsOfficial && actor.Agency is "AQSIQ" or "CIQ";

    public static bool IsPortOffice(Actor actor) =>
        actor.IsAdmin || (actor.IsOfficial && actor.Agency == "CIQ" && actor.OrganisationKind == "ciq-port-office");

    public static bool IsCustomsOfficer(Actor actor) => actor.IsOfficial && actor.Agency == "CUSTOMS";

    public static bool IsLpcoOfficer(Actor actor) => actor.IsOfficial && actor.Agency is "MOA" or "MEP";

    public static bool IsCreditOfficer(Actor actor) => actor.IsOfficial && actor.Agency == "PBC";

    public static bool IsQualityOfficer(Actor actor) => actor.IsOfficial && actor.Agency == "BQS";

    /// <summary>The coordinating office's code is repeated here (Identity sits below Alerts); a test keeps the two equal.</summary>
    public static bool IsAlertCoordinator(Actor actor) => actor.IsOfficial && actor.OrganisationCode == "AQSIQ-IEFSB";

    public static bool IsHubMember(Actor actor) => actor.IsOfficial && actor.OrganisationCode is { } code && code.StartsWith("NPPO-", StringComparison.Ordinal);

    public static bool IsHubOperator(Actor actor) => actor.IsOfficial && actor.OrganisationCode == "IPPC-HUB";

    public static bool IsExchangeOperator(Actor actor) =>
        actor.IsAdmin
        || (actor.IsOfficial && actor.Roles.HasFlag(UserRoles.System))
        || (actor.IsOfficial && actor.OrganisationCode is { } code && code.EndsWith("-INFO-CENTER", StringComparison.Ordinal));

    /// <summary>The coordinating body's office code (the Registry's organisation <c>STATE-COUNCIL-ILC</c>).</summary>
    public const string CoordinatingOffice = "STATE-COUNCIL-ILC";

    public static bool IsCoordinator(Actor actor) => actor.IsOfficial && actor.OrganisationCode == CoordinatingOffice;

    public static bool IsLeadership(Actor actor) => actor.IsAdmin || IsCoordinator(actor);

    public static bool IsDashboardViewer(Actor actor) => IsLeadership(actor) || IsExchangeOperator(actor);

    public static bool IsAdministrator(Actor actor) => actor.IsAdmin;

    public static bool IsSystemOrAdministrator(Actor actor) => actor.IsAdmin || actor.Roles.HasFlag(UserRoles.System);

    /// <summary>Registers the named policies (the fallback policy, sign-in required, stays the host's).</summary>
    public static IServiceCollection AddGqPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(SignedIn, p => p.RequireAuthenticatedUser())
            .AddPolicy(EnterpriseUser, Rule(IsEnterpriseUser))
            .AddPolicy(Declarant, Rule(IsDeclarant))
            .AddPolicy(Official, Rule(IsOfficial))
            .AddPolicy(InspectionOfficer, Rule(IsInspectionOfficer))
            .AddPolicy(PortOffice, Rule(IsPortOffice))
            .AddPolicy(CustomsOfficer, Rule(IsCustomsOfficer))
            .AddPolicy(LpcoOfficer, Rule(IsLpcoOfficer))
            .AddPolicy(CreditOfficer, Rule(IsCreditOfficer))
            .AddPolicy(QualityOfficer, Rule(IsQualityOfficer))
            .AddPolicy(AlertCoordinator, Rule(IsAlertCoordinator))
            .AddPolicy(HubMember, Rule(IsHubMember))
            .AddPolicy(HubOperator, Rule(IsHubOperator))
            .AddPolicy(ExchangeOperator, Rule(IsExchangeOperator))
            .AddPolicy(Coordinator, Rule(IsCoordinator))
            .AddPolicy(Leadership, Rule(IsLeadership))
            .AddPolicy(Dashboard, Rule(IsDashboardViewer))
            .AddPolicy(Administrator, Rule(IsAdministrator))
            .AddPolicy(SystemOrAdministrator, Rule(IsSystemOrAdministrator));

        // The OpenAPI document ("v1") declares the security schemes and, per operation, the policy and 401/403.
        services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", o => o
            .AddDocumentTransformer<OpenApiSecurity>()
            .AddOperationTransformer<OpenApiSecurity>());
        return services;
    }

    private static Action<AuthorizationPolicyBuilder> Rule(Func<Actor, bool> rule) =>
        p => p.RequireAuthenticatedUser().RequireAssertion(ctx => rule(Actor.From(ctx.User)));
}
