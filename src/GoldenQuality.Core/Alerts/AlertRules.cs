using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Alerts;

/// <summary>The rules of the notification workflow that need no service: limits, numbers, derived ids, wire checks, the hazard reading.</summary>
internal static class AlertRules
{
    /// <summary>
    /// Why a notification holds a subject, as the port check and the holds list say it: the number, then what was found
    /// against which limit, then the title (<c>AL-…: chloramphenicol 0.0012 mg/kg (limit not detectable, GB …) — title</c>).
    /// </summary>
    public static string HoldReason(AlertNotification n)
    {
        var h = n.Hazard;
        var value = h.Value is { } v ? string.Create(CultureInfo.InvariantCulture, $" {v} {h.Unit}") : "";
        var limit = h.Value is null || h.Limit is not { Length: > 0 } l ? "" : l == NoLimit ? $" ({NoLimit})" : $" (limit {l}{(h.Standard is { Length: > 0 } std ? ", " + std : "")})";
        var reason = $"{n.Number}: {h.Agent}{value}{limit} — {n.Title}";
        return reason.Length <= 1000 ? reason : reason[..1000];
    }

    public const int MaxTitle = 200;
    public const int MaxAgent = 200;
    public const int MaxUnit = 32;
    public const int MaxDescription = 500;
    public const int MaxBrand = 200;
    public const int MaxLots = 50;
    public const int MaxLot = 64;
    public const int MaxEnterprises = 20;
    public const int MaxName = 200;
    public const int MaxCountries = 50;
    public const int MaxMeasures = 2000;
    public const int MaxReason = 1000;
    public const int MaxText = 4000;
    public const int MaxRecipients = 30;
    public const int MaxNumber = 64;

    /// <summary>What the catalogue says when it has no limit for the hazard (never an invented one).</summary>
    public const string NoLimit = "no limit in the catalogue";

    /// <summary>The limit text of a banned substance (a <c>not-detected</c> requirement or a zero maximum).</summary>
    public const string NotDetectable = "not detectable";

    public static readonly string[] EnterpriseRoles = ["importer", "exporter", "manufacturer", "distributor", "consignee"];

    public static string Now(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A notification number: <c>AL-{office}-{yyyyMMdd}-{6 hex}</c> (China date).</summary>
    public static string NewNumber(string office, DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"AL-{office}-{ChinaTime.Of(now):yyyyMMdd}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(3))}");

    /// <summary>The one correlation id of every message about one notification, so that they reach each node in order.</summary>
    public static Guid CorrelationOf(string number) => Derived(number, "correlation");

    /// <summary>A deterministic id from the notification number and a text: the same on every node, so a timeline entry is kept once.</summary>
    public static Guid Derived(string number, string what) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes(number + "\n" + what)).AsSpan(0, 16));

    /// <summary>The id of the validation entry of a distribution to these offices (the coordinator and every receiver derive the same).</summary>
    public static Guid ValidationId(string number, IEnumerable<string> offices) =>
        Derived(number, "validation:" + string.Join(',', offices.Order(StringComparer.Ordinal)));

    /// <summary>The id of the escalation entry of one missed deadline (<c>validate</c>, <c>acknowledge</c>, <c>answer</c>) of one office.</summary>
    public static Guid EscalationId(string number, string office, string deadline) => Derived(number, $"escalation:{office}:{deadline}");

    public static string ValidationText(string by, IEnumerable<string> offices) => $"validated by {by}; distributed to {string.Join(", ", offices.Order(StringComparer.Ordinal))}";

    public static string EscalationText(string office, string deadline, DateTimeOffset due, string to, bool hosted) =>
        $"{office} did not {(deadline == "validate" ? "validate" : deadline)} by {Now(due)}; escalated to {to}"
        + (hosted ? "" : $" (no node of the federation directory hosts {to}; only this timeline records it)");

    /// <summary>The node hosting the coordinating office (this node when the exchange is off: a single node coordinates itself).</summary>
    public static bool IsCoordinatingNode(ExchangeNode node) =>
        !node.Enabled || node.Directory.Current is null || node.Directory.Current.HostOf(AlertsWire.CoordinatingOffice)?.Id == node.Id;

    /// <summary>A party on this node (none is sent a message: this node records for itself).</summary>
    public static bool IsLocal(ExchangeNode node, string party) => !node.Enabled || Parties.NodeOf(party) == node.Id;

    /// <summary>
    /// Reads the measured value against the stored limit text (written by <see cref="LimitText"/>): above, within, a
    /// banned substance found, no limit in the catalogue, or not measured.
    /// </summary>
    public static string Assess(decimal? value, string? limit)
    {
        if (limit is null or NoLimit)
        {
            return "no-limit-in-catalogue";
        }

        if (value is not { } v)
        {
            return "not-measured";
        }

        if (limit == NotDetectable)
        {
            return v > 0 ? "banned-substance-found" : "within-limit";
        }

        var parts = limit.Split(' ');
        decimal Num(string s) => decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : 0;
        return parts[0] switch
        {
            "≤" when parts.Length > 1 => v > Num(parts[1]) ? "above-limit" : "within-limit",
            "≥" when parts.Length > 1 => v < Num(parts[1]) ? "above-limit" : "within-limit",
            _ when parts.Length > 2 && parts[1] == "–" => v < Num(parts[0]) || v > Num(parts[2]) ? "above-limit" : "within-limit",
            _ => "no-limit-in-catalogue",
        };
    }

    /// <summary>The limit as text: <c>≤ 0.5 mg/kg</c>, <c>≥ 1 %</c>, <c>0.1 – 0.5 mg/kg</c>, <c>not detectable</c>.</summary>
    public static string LimitText(string kind, double? lower, double? upper, string unit)
    {
        static string F(double d) => ((decimal)d).ToString(CultureInfo.InvariantCulture);
        return kind switch
        {
            "not-detected" => NotDetectable,
            "max" when upper is 0 => NotDetectable,
            "max" when upper is { } u => $"≤ {F(u)} {unit}",
            "min" when lower is { } l => $"≥ {F(l)} {unit}",
            "range" when lower is { } l && upper is { } u => $"{F(l)} – {F(u)} {unit}",
            _ => NoLimit,
        };
    }

    /// <summary>A code on the wire: 1 to <paramref name="max"/> letters, digits and <c>-</c>.</summary>
    public static bool IsCode(string? s, int max = MaxNumber) => s is { Length: > 0 } && s.Length <= max && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>Every reason a notification as it arrives cannot be kept (decision 0008: bounded where it enters).</summary>
    public static void Check(AlertNotification n, string type)
    {
        var problems = new List<string>();
        if (!IsCode(n.Number) || !n.Number.StartsWith("AL-", StringComparison.Ordinal))
        {
            problems.Add("number must be AL-…, at most 64 letters, digits and -");
        }

        if (!WireNames.TryParse<NotificationType>(n.Type, out _) || !WireNames.TryParse<NotificationBasis>(n.Basis, out _)
            || !WireNames.TryParse<AlertStatus>(n.Status, out _) || !WireNames.TryParse<RiskDecision>(n.Risk, out _))
        {
            problems.Add("type, basis, status and risk must be known wire names");
        }

        if (n.Hazard is null || n.Product is null || n.Enterprises is null || n.DistributionCountries is null || n.Recipients is null || n.Attachments is null)
        {
            problems.Add("hazard, product, enterprises, distributionCountries, attachments and recipients are required");
        }
        else if (Long(n.Title, MaxTitle) || Long(n.Hazard.Category, 64) || Long(n.Hazard.Agent, MaxAgent) || Long(n.Hazard.Unit, MaxUnit, false)
            || Long(n.Hazard.Limit, 200, false) || Long(n.Hazard.Standard, 200, false) || Long(n.Product.HsCode, 10) || Long(n.Product.Description, MaxDescription)
            || Long(n.Product.Brand, MaxBrand, false) || n.Product.Lots is null || n.Product.Lots.Length > MaxLots || n.Product.Lots.Any(l => Long(l, MaxLot))
            || n.Enterprises.Length > MaxEnterprises || n.Enterprises.Any(e => e is null || Long(e.Uscc, 18) || Long(e.Name, MaxName) || Long(e.Role, 16))
            || Long(n.OriginCountry, 2) || n.DistributionCountries.Length > MaxCountries || Long(n.MeasuresTaken, MaxMeasures)
            || !IsCode(n.RaisedByOffice) || Long(n.RaisedByNode, 128) || Long(n.RaisedBy, 200) || n.Recipients.Length > MaxRecipients
            || n.Recipients.Any(r => r is null || !IsCode(r.Office) || Long(r.Party, 200)) || n.Attachments.Length > 5)
        {
            problems.Add("a field is longer than its limit or a list has too many items");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"{type}: {string.Join("; ", problems)}.");
        }
    }

    public static void Check(AlertFollowUp f, string type)
    {
        if (f is null || !IsCode(f.Number) || !WireNames.TryParse<FollowUpKind>(f.Kind, out _) || !IsCode(f.Office) || Long(f.Party, 200) || Long(f.Author, 200)
            || Long(f.Text, MaxText) || Long(f.MeasuresTaken, MaxMeasures, false) || f.Id == Guid.Empty || (f.Status is not null && f.Status != "closed"))
        {
            throw new InvalidOperationException($"{type}: the follow-up needs an id, a number, a known kind and an office, each within its limit.");
        }
    }

    /// <summary>Too long, or missing where <paramref name="required"/>.</summary>
    private static bool Long(string? s, int max, bool required = true) => s is null ? required : s.Length > max;

    public static T Read<T>(JsonElement payload, string type)
        where T : class
    {
        try
        {
            return payload.Deserialize<T>(Envelopes.Json) ?? throw new InvalidOperationException($"{type} carries no payload.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{type}: the payload does not read: {e.Message}", e);
        }
    }

    /// <summary>Adds a timeline entry unless one with the same id is already there (the duplicate is ignored).</summary>
    public static async Task<bool> RecordAsync(GqDbContext db, AlertNotificationRow row, AlertFollowUp f, DateTimeOffset now, TimeProvider clock, CancellationToken ct)
    {
        if (db.Set<AlertFollowUpRow>().Local.Any(x => x.NotificationId == row.Id && x.MessageId == f.Id)
            || await db.Set<AlertFollowUpRow>().AnyAsync(x => x.NotificationId == row.Id && x.MessageId == f.Id, ct))
        {
            return false;
        }

        db.Set<AlertFollowUpRow>().Add(AlertFollowUpRow.Create(Ids.New(clock), row.Id, f, now));
        return true;
    }

    /// <summary>Marks the recipient office's acknowledgement or answer (the first counts).</summary>
    public static void Mark(IEnumerable<AlertRecipientRow> recipients, AlertFollowUp f, DateTimeOffset at)
    {
        var r = recipients.FirstOrDefault(x => x.Office == f.Office);
        if (r is null)
        {
            return;
        }

        if (f.Kind == WireNames.Of(FollowUpKind.Acknowledgement))
        {
            r.Acknowledged(at);
        }
        else if (f.Kind == WireNames.Of(FollowUpKind.FollowUp) && f.Status is null)
        {
            r.Answered(at);
        }
    }
}
