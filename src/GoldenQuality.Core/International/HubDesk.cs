using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.International.Contracts;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GoldenQuality.International;

/// <summary>A delivery whose every field was checked.</summary>
internal sealed record CheckedDelivery(Guid DeliveryId, HubMember To, HubContentKind Kind, string CertificateType, string CertificateStatus, string Number, string Content);

/// <summary>The hub's rules on what it accepts (the same over HTTP and over the exchange).</summary>
internal static class HubRules
{
    public const int MaxCertificateNumber = 64;

    public const int MaxReason = 1000;

    /// <summary>UN/CEFACT document types of SPS certificates: 851 phytosanitary, 852 sanitary, 853 veterinary, 657 re-export.</summary>
    public static readonly string[] CertificateTypes = ["851", "852", "853", "657"];

    /// <summary>The outcomes a destination may acknowledge with (every tracking state but pending delivery).</summary>
    public static readonly HubTrackingState[] Outcomes =
        [HubTrackingState.Delivered, HubTrackingState.DeliveredWithWarnings, HubTrackingState.DeliveredNotReadable, HubTrackingState.FailedDelivery];

    /// <summary>Checks a delivery from <paramref name="from"/>; the errors name the fields (<c>to</c>, <c>content</c>, …).</summary>
    public static (CheckedDelivery? Delivery, Validation Errors) Check(
        HubMember from, HubMembers members, Guid? deliveryId, string? to, string? kind, string? type, string? status, string? number, string? content)
    {
        var v = new Validation();
        if (deliveryId is not { } id || id == Guid.Empty)
        {
            v.Add("deliveryId", new Message("hub.delivery-id-required"));
        }

        HubMember? destination = null;
        if (string.IsNullOrWhiteSpace(to))
        {
            v.Add("to", new Message("hub.to-required"));
        }
        else if (members.OfCountry(to) is not { } member)
        {
            v.Add("to", new Message("hub.to-not-member", to.Trim(), string.Join(", ", members.All.Select(m => m.Country))));
        }
        else if (member.Country == from.Country)
        {
            v.Add("to", new Message("hub.to-own-country", member.Country));
        }
        else
        {
            destination = member;
        }

        var parsedKind = v.Enum<HubContentKind>("kind", kind);
        var certificateType = v.Required("certificateType", type, 3);
        if (certificateType.Length > 0 && !CertificateTypes.Contains(certificateType, StringComparer.Ordinal))
        {
            v.Add("certificateType", new Message("hub.certificate-type", certificateType, string.Join(", ", CertificateTypes)));
        }

        var certificateStatus = v.Required("certificateStatus", status, 3);
        if (certificateStatus.Length > 0 && !certificateStatus.All(char.IsAsciiDigit))
        {
            v.Add("certificateStatus", new Message("hub.certificate-status", certificateStatus));
        }

        var certificateNumber = v.Required("nppoCertificateNumber", number, MaxCertificateNumber);
        var text = content ?? "";
        if (text.Trim().Length == 0)
        {
            v.Add("content", new Message("hub.content-required"));
        }
        else if (Encoding.UTF8.GetByteCount(text) > InternationalWire.MaxContentBytes)
        {
            v.Add("content", new Message("hub.content-too-large", InternationalWire.MaxContentBytes));
        }
        else if (XmlProblem(text) is { } problem)
        {
            v.Add("content", new Message("hub.content-not-xml", problem));
        }

        return v.IsValid ? (new CheckedDelivery(deliveryId!.Value, destination!, parsedKind, certificateType, certificateStatus, certificateNumber, text), v) : (null, v);
    }

    /// <summary>Why the text is not well-formed XML (no DTD, no external entities), or null.</summary>
    public static string? XmlProblem(string text)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            while (reader.Read())
            {
            }

            return null;
        }
        catch (XmlException e)
        {
            return e.Message;
        }
    }

    public static string Sha256(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    /// <summary>The 422 of a refused delivery, naming each field and its reasons.</summary>
    public static ProblemHttpResult Refused(Validation v)
    {
        var errors = v.Errors.ToDictionary(e => e.Field, e => e.Reasons.ToArray(), StringComparer.Ordinal);
        return TypedResults.Problem(
            detail: string.Join("; ", v.Errors.Select(e => $"{e.Field}: {string.Join(", ", e.Reasons)}")), statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The hub refused the delivery", extensions: new Dictionary<string, object?> { ["errors"] = errors, ["field"] = errors.Keys.First() });
    }

    /// <summary>One sentence for a refused delivery sent over the exchange: in English, as everything the hub tells another node.</summary>
    public static string Reason(Validation v)
    {
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        try
        {
            return string.Join("; ", v.Errors.Select(e => $"{e.Field}: {string.Join(", ", e.Reasons)}"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    /// <summary>The 404 of an envelope the asker may not see or that does not exist (the ePhyto Hub's EnvelopeNotExists).</summary>
    public static ProblemHttpResult NotExists(string number) =>
        TypedResults.Problem(detail: $"No envelope '{number}' exists for your country.", statusCode: StatusCodes.Status404NotFound, title: "envelope-not-exists",
            type: "envelope-not-exists", extensions: new Dictionary<string, object?> { ["state"] = "envelope-not-exists" });
}

/// <summary>
/// The hub (on the node hosting <c>IPPC-HUB</c>): takes deliveries, lists headers, hands out envelopes (each pull an
/// attempt), takes acknowledgements, applies the retry rules, keeps the tracking history and tells a federation node that
/// delivered an envelope each change of its state. Works on the caller's context; never saves.
/// </summary>
internal sealed class HubDesk(GqDbContext db, HubMembers members, ExchangeSender sender, IOptions<InternationalOptions> options, TimeProvider clock)
{
    public GqDbContext Db => db;

    public HubMembers Members => members;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The 404 every hub endpoint answers on a node that is not the hub.</summary>
    public ProblemHttpResult? NotTheHub() =>
        members.IsHub ? null
        : TypedResults.Problem(
            detail: $"This node is not the hub: the hub is the node hosting {InternationalWire.HubOffice} ({members.HubNode ?? "no node of the directory hosts it"}).",
            statusCode: StatusCodes.Status404NotFound, title: "Not the hub");

    /// <summary>Takes a checked delivery; a delivery seen before (same sender and delivery id) is answered with the envelope kept then.</summary>
    public async Task<(HubEnvelopeRow Row, bool Duplicate)> DeliverAsync(HubMember from, string senderNode, CheckedDelivery d, string by, CancellationToken ct)
    {
        var known = await db.Set<HubEnvelopeRow>().FirstOrDefaultAsync(e => e.SenderNode == senderNode && e.SenderOffice == from.Office && e.SenderDeliveryId == d.DeliveryId, ct);
        if (known is not null)
        {
            return (known, true);
        }

        var now = clock.GetUtcNow();
        var row = HubEnvelopeRow.Create(Ids.New(clock), await NextNumberAsync(now, ct), from.Country, d.To.Country, d.Kind, d.CertificateType, d.CertificateStatus, d.Number,
            d.Content, HubRules.Sha256(d.Content), from.Office, senderNode, d.DeliveryId, now);
        db.Set<HubEnvelopeRow>().Add(row);
        Record(row, "delivered", by, now);
        Report(row, now);
        return (row, false);
    }

    /// <summary>The envelopes of a country (<paramref name="import"/>: sent to it; otherwise sent by it), newest first, after the retry rules.</summary>
    public async Task<List<HubEnvelopeRow>> ListAsync(string country, bool import, HubTrackingState? state, int max, CancellationToken ct)
    {
        var query = db.Set<HubEnvelopeRow>().Where(e => import ? e.ToCountry == country : e.FromCountry == country);
        var rows = await query.OrderByDescending(e => e.DeliveredAt).ThenByDescending(e => e.Number).Take(max).ToListAsync(ct);
        Expire(rows);
        return [.. rows.Where(r => state is null || r.State == state)];
    }

    /// <summary>The envelopes waiting for a country: pending, and not with it under an offer that still runs; oldest first.</summary>
    public async Task<List<HubEnvelopeRow>> WaitingAsync(string country, int max, CancellationToken ct)
    {
        var rows = await db.Set<HubEnvelopeRow>().Where(e => e.ToCountry == country && e.State == HubTrackingState.PendingDelivery)
            .OrderBy(e => e.DeliveredAt).ThenBy(e => e.Number).ToListAsync(ct);
        Expire(rows);
        var now = clock.GetUtcNow();
        return [.. rows.Where(r => r.IsPending && !r.IsOffered(now)).Take(max)];
    }

    /// <summary>Every envelope (the operator's view), newest first, optionally in one state.</summary>
    public async Task<List<HubEnvelopeRow>> AllAsync(HubTrackingState? state, int max, CancellationToken ct)
    {
        var rows = await db.Set<HubEnvelopeRow>().OrderByDescending(e => e.DeliveredAt).ThenByDescending(e => e.Number).Take(max).ToListAsync(ct);
        Expire(rows);
        return [.. rows.Where(r => state is null || r.State == state)];
    }

    /// <summary>The envelope if the country is its sender or destination (<paramref name="asDestination"/>: its destination only).</summary>
    public async Task<HubEnvelopeRow?> FindAsync(string number, string? country, bool asDestination, CancellationToken ct)
    {
        var key = number.Trim();
        var row = await db.Set<HubEnvelopeRow>().FirstOrDefaultAsync(e => e.Number == key, ct);
        if (row is null || (country is not null && row.ToCountry != country && (asDestination || row.FromCountry != country)))
        {
            return null;
        }

        Expire([row]);
        return row;
    }

    /// <summary>
    /// The destination pulls the envelope: a pending envelope not under offer is offered again (one more attempt) until
    /// its acknowledgement is due; pulled again under the same offer it is the same attempt. An acknowledged envelope is
    /// given as it is; a failed one is refused (409).
    /// </summary>
    public ProblemHttpResult? Pull(HubEnvelopeRow row, string by)
    {
        var now = clock.GetUtcNow();
        if (row.State == HubTrackingState.FailedDelivery)
        {
            return Problems.Conflict("state", new Message("hub.failed-delivery", row.Number, row.Reason ?? ""));
        }

        if (row.IsPending && !row.IsOffered(now))
        {
            row.Offer(now, now.AddSeconds(options.Value.AcknowledgeWithinSeconds));
            Record(row, "pulled", by, now);
        }

        return null;
    }

    /// <summary>
    /// The destination acknowledges a pulled envelope. The same outcome acknowledged again changes nothing (a pull
    /// repeated after a lost acknowledgement); another outcome for a settled envelope is a 409 naming <c>outcome</c>.
    /// </summary>
    public ProblemHttpResult? Acknowledge(HubEnvelopeRow row, HubTrackingState outcome, string? reason, string by)
    {
        var now = clock.GetUtcNow();
        if (!row.IsPending)
        {
            return row.State == outcome && row.AcknowledgedAt is not null ? null
                : Problems.Conflict("outcome", row.Reason is { } r ? new Message("hub.already-settled-why", row.Number, WireNames.Of(row.State), r) : new Message("hub.already-settled", row.Number, WireNames.Of(row.State)));
        }

        if (row.Attempts == 0)
        {
            return Problems.Conflict("outcome", new Message("hub.never-pulled", row.Number));
        }

        row.Settle(outcome, outcome == HubTrackingState.Delivered ? null : reason, now, acknowledged: true);
        Record(row, "acknowledged", by, now);
        Report(row, now);
        return null;
    }

    /// <summary>Checks an acknowledgement's fields: the outcome, and the reason every outcome but <c>delivered</c> needs.</summary>
    public static (HubTrackingState Outcome, string? Reason, Validation Errors) CheckAcknowledgement(string? outcome, string? reason)
    {
        var v = new Validation();
        var parsed = HubTrackingState.Delivered;
        if (string.IsNullOrWhiteSpace(outcome))
        {
            v.Add("outcome", Message.Required);
        }
        else if (!WireNames.TryParse(outcome, out parsed) || !HubRules.Outcomes.Contains(parsed))
        {
            v.Add("outcome", Message.NotOneOf(outcome, string.Join(", ", HubRules.Outcomes.Select(WireNames.Of))));
        }

        var text = v.Optional("reason", reason, HubRules.MaxReason);
        if (v.IsValid && parsed != HubTrackingState.Delivered && text is null)
        {
            v.Add("reason", new Message("hub.reason-required", WireNames.Of(parsed)));
        }

        return (parsed, text, v);
    }

    public async Task<HubTrackingView> TrackingAsync(HubEnvelopeRow row, CancellationToken ct)
    {
        var stored = await db.Set<HubEventRow>().Where(e => e.EnvelopeId == row.Id).ToListAsync(ct);
        var added = db.ChangeTracker.Entries<HubEventRow>().Where(e => e.State == EntityState.Added && e.Entity.EnvelopeId == row.Id).Select(e => e.Entity);
        var history = stored.Concat(added).DistinctBy(e => e.Id).OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => e.View()).ToArray();
        return new HubTrackingView(row.Header(), row.SenderOffice, row.OfferedUntil, history);
    }

    /// <summary>The sweep: every offer that ran out is offered again, or fails after the most attempts. Answers how many changed.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rows = await db.Set<HubEnvelopeRow>().Where(e => e.State == HubTrackingState.PendingDelivery && e.OfferedUntil != null && e.OfferedUntil <= now).ToListAsync(ct);
        return Expire(rows);
    }

    /// <summary>
    /// The retry rules, applied lazily: a pending envelope whose offer ran out is offered again, or — after
    /// <see cref="InternationalOptions.MaxDeliveryAttempts"/> offers — fails delivery with the reason.
    /// </summary>
    public int Expire(IEnumerable<HubEnvelopeRow> rows)
    {
        var now = clock.GetUtcNow();
        var changed = 0;
        foreach (var row in rows.Where(r => r.IsPending && r.OfferedUntil is { } until && until <= now))
        {
            if (row.Attempts >= options.Value.MaxDeliveryAttempts)
            {
                row.Settle(HubTrackingState.FailedDelivery, string.Create(CultureInfo.InvariantCulture, $"not acknowledged after {row.Attempts} deliveries"), now, acknowledged: false);
                Record(row, "failed", "hub", now);
                Report(row, now);
            }
            else
            {
                row.OfferAgain(now);
                Record(row, "offered-again", "hub", now);
            }

            changed++;
        }

        return changed;
    }

    /// <summary>Tells the federation node that delivered the envelope its state (in the caller's save); the hub's own authorities read it here.</summary>
    public void Report(HubEnvelopeRow row, DateTimeOffset now)
    {
        if (row.SenderNode != members.HubNode)
        {
            sender.As(SendingModule.International).Send(db, InternationalWire.TrackingChangedType,
                new HubTrackingChanged(row.SenderDeliveryId, row.Number, WireNames.Of(row.State), row.Reason, now), [row.SenderNode], InternationalWire.HubOffice);
        }
    }

    /// <summary>Tells a federation node that its delivery was refused (nothing is kept at the hub).</summary>
    public void ReportRefused(string senderNode, Guid deliveryId, string reason) =>
        sender.As(SendingModule.International).Send(db, InternationalWire.TrackingChangedType,
            new HubTrackingChanged(deliveryId, "", WireNames.Of(HubTrackingState.FailedDelivery), reason, clock.GetUtcNow()), [senderNode], InternationalWire.HubOffice);

    private void Record(HubEnvelopeRow row, string @event, string by, DateTimeOffset now) =>
        db.Set<HubEventRow>().Add(HubEventRow.Create(Ids.New(clock), row, @event, by.Length > 200 ? by[..200] : by, now));

    /// <summary>The next hub delivery number of the year (the unique index refuses a number taken at the same time; the caller tries again).</summary>
    private async Task<string> NextNumberAsync(DateTimeOffset now, CancellationToken ct)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"HUB-{now.Year:D4}-");
        var stored = await db.Set<HubEnvelopeRow>().Where(e => e.Number.StartsWith(prefix)).OrderByDescending(e => e.Number).Select(e => e.Number).FirstOrDefaultAsync(ct);
        var local = db.ChangeTracker.Entries<HubEnvelopeRow>().Select(e => e.Entity.Number).Where(n => n.StartsWith(prefix, StringComparison.Ordinal));
        var last = local.Append(stored).Where(n => n is not null).Select(n => long.Parse(n![prefix.Length..], CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
        return HubEnvelopeRow.NumberOf(now.Year, last + 1);
    }
}
