using System.Globalization;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.International.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.International;

/// <summary>
/// An import that cited a foreign certificate failed its inspection (<see cref="ForeignConsignmentRejected"/>, raised by
/// Declarations in the save that records the failure): builds the notice of non-compliance (ISPM 13: reference, date,
/// importing and exporting country, certificate, consignment, nature of the non-compliance, action taken), records the
/// rejection against the certificate's consignor (the exporter history of later imports) and sends the notice to the
/// exporting country through the hub (<see cref="IHubOutbox"/>), in the same save. When the notice cannot be addressed
/// (the certificate never arrived) or the outbox refuses (no hub, no agreement), the rejection is still recorded with the
/// reason the notice was not sent.
/// </summary>
internal sealed class ForeignConsignmentRejectedHandler(IHubOutbox outbox, TimeProvider clock) : IDomainEventHandler<ForeignConsignmentRejected>
{
    /// <summary>The importing country: this platform's.</summary>
    public const string ImportingCountry = "CN";

    public async Task HandleAsync(GqDbContext db, ForeignConsignmentRejected e, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(e);
        var reference = "NC-" + e.DeclarationNumber;
        if (db.Set<BorderRejectionRow>().Local.Any(r => r.Direction == RejectionDirection.Sent && r.Reference == reference) ||
            await db.Set<BorderRejectionRow>().AnyAsync(r => r.Direction == RejectionDirection.Sent && r.Reference == reference, ct))
        {
            return;
        }

        // The certificate the declaration's last check looked at (the replacement when the cited one was replaced).
        var check = db.Set<CertificateCheckRow>().Local.Where(c => c.DeclarationNumber == e.DeclarationNumber).OrderByDescending(c => c.CheckedAt).FirstOrDefault()
            ?? await db.Set<CertificateCheckRow>().Where(c => c.DeclarationNumber == e.DeclarationNumber).OrderByDescending(c => c.CheckedAt).FirstOrDefaultAsync(ct);
        var number = check?.CertificateNumber ?? e.CertificateNumber;
        var certificate = await ReceivedEnvelopes.FindAsync(db, number, null, ct);
        var fields = certificate?.RecordJson is { } json ? JsonSerializer.Deserialize<Dictionary<string, string>>(json)! : [];
        var exporting = certificate?.FromCountry ?? fields.GetValueOrDefault("exportCountry") ?? "";
        var consignment = string.Join("; ", fields.Where(f => f.Key.EndsWith(".description", StringComparison.Ordinal) || f.Key.EndsWith(".commodityCode", StringComparison.Ordinal)
                || f.Key.EndsWith(".netWeight", StringComparison.Ordinal))
            .OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {f.Value}"));
        var notice = new BorderRejectionNotice(reference, e.At, ImportingCountry, exporting, number, e.DeclarationNumber, certificate?.ConsignorName,
            consignment.Length > 0 ? consignment : $"the consignment of import declaration {e.DeclarationNumber}", e.Reasons,
            $"entry refused at the border by {e.Office}: the consignment failed its inspection and is not released");
        var xml = notice.ToXml();
        var now = clock.GetUtcNow();
        var row = BorderRejectionRow.Create(Ids.New(clock), RejectionDirection.Sent, reference, e.DeclarationNumber, number, ImportingCountry, exporting, certificate?.ConsignorName,
            e.Reasons, xml, null, e.At, now);
        db.Add(row);

        Message? notSent;
        Guid? delivery = null;
        if (exporting.Length != 2)
        {
            notSent = new Message("foreign.rejection.not-addressable", number);
        }
        else
        {
            var certificateType = certificate?.CertificateType ?? "851";
            (delivery, notSent) = await outbox.SendAsync(db, HubContentKind.BorderRejection, exporting, certificateType, "70", reference, xml, e.DeclarationNumber, null,
                "border rejection", ct);
        }

        row.Sent(delivery, notSent?.Store(1000));
        check?.Rejected(string.Create(CultureInfo.InvariantCulture,
            $"inspection failed ({e.Reasons}); notice of non-compliance {reference} {(notSent is null ? $"sent to {exporting} through the hub (delivery {delivery})" : $"not sent: {notSent.Render(CultureInfo.InvariantCulture)}")}"));
    }
}
