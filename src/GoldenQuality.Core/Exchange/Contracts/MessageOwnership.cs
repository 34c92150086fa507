using System.Collections.Frozen;

namespace GoldenQuality.Exchange.Contracts;

/// <summary>The modules that send business messages, and the exchange operator (decision 0007).</summary>
public enum SendingModule
{
    /// <summary>The exchange operator: operational messages only (notices, tests), never a domain type.</summary>
    Operator,
    Registry,
    Supervision,
    Certificates,
    Clearance,
    Declarations,
    Ministries,
    Quality,
    Alerts,
    International,

    /// <summary>The exchange itself: the witnessing of log checkpoints between peers.</summary>
    Exchange,

    /// <summary>Feedback to providers, escalations of overdue steps, reciprocity summaries, information needs.</summary>
    Accountability,
}

/// <summary>
/// Which module owns which business message type. A domain type is sent only through its owning module's sender
/// (<see cref="ExchangeSender.As"/>), by that module's own code after its own checks (the revoke endpoint revokes,
/// the Customs decision endpoint decides); the operator endpoint cannot produce one. A type under a module's prefix
/// that is not listed here is refused too, so that a new domain type is never open by omission.
/// </summary>
public static class MessageOwnership
{
    private static readonly FrozenDictionary<string, SendingModule> Owned = new Dictionary<string, SendingModule>(StringComparer.Ordinal)
    {
        ["registry.enterprise.published"] = SendingModule.Registry,
        ["supervision.nonconformity.raised"] = SendingModule.Supervision,
        ["certificates.permit.issued"] = SendingModule.Certificates,
        ["certificates.permit.amended"] = SendingModule.Certificates,
        ["certificates.permit.revoked"] = SendingModule.Certificates,
        ["clearance.decision.recorded"] = SendingModule.Clearance,
        ["declarations.lpco.drawn"] = SendingModule.Declarations,
        ["declarations.declaration.forwarded"] = SendingModule.Declarations,
        ["declarations.declaration.status-changed"] = SendingModule.Declarations,
        ["ministries.lpco.status-changed"] = SendingModule.Ministries,
        ["ministries.credit.event-reported"] = SendingModule.Ministries,
        ["ministries.credit.class-changed"] = SendingModule.Ministries,
        ["quality.licence.status-changed"] = SendingModule.Quality,
        ["quality.spot-check.nonconforming"] = SendingModule.Quality,
        ["declarations.export.nonconformity-found"] = SendingModule.Declarations,
        ["alerts.notification.submitted"] = SendingModule.Alerts,
        ["alerts.notification.distributed"] = SendingModule.Alerts,
        ["alerts.notification.rejected"] = SendingModule.Alerts,
        ["alerts.notification.escalated"] = SendingModule.Alerts,
        ["alerts.follow-up.posted"] = SendingModule.Alerts,
        ["alerts.follow-up.distributed"] = SendingModule.Alerts,
        ["alerts.hold.decided"] = SendingModule.Alerts,
        ["alerts.crisis.action-assigned"] = SendingModule.Alerts,
        ["alerts.crisis.action-updated"] = SendingModule.Alerts,
        ["international.hub.delivered"] = SendingModule.International,
        ["international.hub.acknowledged"] = SendingModule.International,
        ["international.hub.tracking-changed"] = SendingModule.International,
        ["declarations.import-inspection.completed"] = SendingModule.Declarations,
        ["exchange.checkpoint.published"] = SendingModule.Exchange,
        ["exchange.checkpoint.witnessed"] = SendingModule.Exchange,
        ["accountability.feedback.reported"] = SendingModule.Accountability,
        ["accountability.step.escalated"] = SendingModule.Accountability,
        ["accountability.reciprocity.reported"] = SendingModule.Accountability,
        ["accountability.need.filed"] = SendingModule.Accountability,
        ["accountability.need.commented"] = SendingModule.Accountability,
        ["accountability.need.decided"] = SendingModule.Accountability,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Prefixes reserved for the modules' business messages (any type under them is a domain type).</summary>
    private static readonly (string Prefix, string Module)[] Reserved =
    [
        ("registry.", "registry"), ("identity.", "identity"), ("exchange.", "exchange"), ("codes.", "codes"), ("standards.", "standards"),
        ("supervision.", "supervision"), ("declarations.", "declarations"), ("certificates.", "certificates"), ("clearance.", "clearance"),
        ("ministries.", "ministries"), ("quality.", "quality"), ("alerts.", "alerts"),
        ("international.", "international"), ("accountability.", "accountability"), ("audit.", "audit"),
    ];

    /// <summary>The domain message types and their owners.</summary>
    public static IReadOnlyDictionary<string, SendingModule> DomainTypes => Owned;

    /// <summary>The module that owns <paramref name="type"/>, or null for an operator message type.</summary>
    public static string? OwnerOf(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (Owned.TryGetValue(type, out var module))
        {
            return Common.WireNames.Of(module);
        }

        foreach (var (prefix, name) in Reserved)
        {
            if (type.StartsWith(prefix, StringComparison.Ordinal))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="module"/> may send <paramref name="type"/>.</summary>
    public static bool MaySend(SendingModule module, string type) =>
        module == SendingModule.Operator ? OwnerOf(type) is null : Owned.TryGetValue(type, out var owner) && owner == module;
}
