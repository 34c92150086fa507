using System.Text.Json;
using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Codes.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using GoldenQuality.Standards.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Alerts;

/// <summary>
/// Receives the notification messages (docs/alerts.md). Each checks that what arrives makes sense for the sender (a
/// distributed alert, a forwarded follow-up, a rejection and an escalation come from the node hosting the coordinating
/// office; a submitted alert and a posted follow-up from the node hosting the office that sent it) and fails the
/// envelope otherwise (the sender's outbox records the reason). Everything is kept once: a follow-up seen before is
/// ignored, the same alert distributed again updates its row and recipients.
/// </summary>
internal sealed class AlertMessageHandler(
    IRegistryDirectory registry, OrganisationStructure structure, LimitResolution limits, ICodeLists codes, ExchangeNode node, ExchangeSender sender,
    IOptions<AlertOptions> options, AlertReferenceData reference, TimeProvider clock) : IEnvelopeHandler
{
    private static readonly string[] Handled =
        [AlertsWire.SubmittedType, AlertsWire.DistributedType, AlertsWire.RejectedType, AlertsWire.FollowUpPostedType, AlertsWire.FollowUpDistributedType, AlertsWire.EscalatedType];

    public bool Handles(string type) => Handled.Contains(type, StringComparer.Ordinal);

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(header);
        var desk = new AlertDesk(db, registry, structure, limits, codes, node, sender, options, reference, clock);
        var from = Parties.NodeOf(header.Sender);
        var directory = node.Directory.Required;
        var coordinating = directory.HostOf(AlertsWire.CoordinatingOffice)?.Id;
        void FromCoordinator()
        {
            if (from != coordinating)
            {
                throw new InvalidOperationException($"{header.Type}: {from} does not host the coordinating office {AlertsWire.CoordinatingOffice} ({coordinating ?? "no node"} does).");
            }
        }

        void Hosts(string office)
        {
            if (directory.HostOf(office)?.Id != from)
            {
                throw new InvalidOperationException($"{header.Type}: {office} is not an office the sending node {from} hosts.");
            }
        }

        async Task<AlertNotificationRow> RowAsync(string number) =>
            await db.Set<AlertNotificationRow>().FirstOrDefaultAsync(n => n.Number == number, ct)
            ?? throw new InvalidOperationException($"{header.Type}: no alert {number} on {node.Id}.");

        var now = clock.GetUtcNow();
        switch (header.Type)
        {
            case AlertsWire.SubmittedType:
            {
                var n = AlertRules.Read<AlertNotification>(payload, header.Type);
                AlertRules.Check(n, header.Type);
                Hosts(n.RaisedByOffice);
                if (coordinating != node.Id || n.RaisedByNode != from)
                {
                    throw new InvalidOperationException($"{header.Type}: {n.Number} is not for this node to coordinate, or was not raised by {from}.");
                }

                if (await db.Set<AlertNotificationRow>().FirstOrDefaultAsync(x => x.Number == n.Number, ct) is { } known)
                {
                    // The same alert sent again while submitted (a file attached since): the new descriptions are kept.
                    if (known.Status == AlertStatus.Submitted && known.RaisedByNode == from)
                    {
                        await AddAttachmentsAsync(db, known, n.Attachments, ct);
                    }
                }
                else
                {
                    var row = AlertNotificationRow.From(Ids.New(clock), n with { Status = WireNames.Of(AlertStatus.Submitted), ValidatedAt = null, ValidatedBy = null }, AlertRole.Coordinator, now);
                    row.Due(now + options.Value.ValidateWithin);
                    db.Set<AlertNotificationRow>().Add(row);
                    await AddAttachmentsAsync(db, row, n.Attachments, ct);
                }

                break;
            }

            case AlertsWire.DistributedType:
            {
                FromCoordinator();
                var n = AlertRules.Read<AlertNotification>(payload, header.Type);
                AlertRules.Check(n, header.Type);
                await ReceiveDistributedAsync(db, desk, n, now, ct);
                break;
            }

            case AlertsWire.RejectedType:
            {
                FromCoordinator();
                var r = AlertRules.Read<AlertRejected>(payload, header.Type);
                if (!AlertRules.IsCode(r.Number) || r.Reason is not { Length: > 0 and <= AlertRules.MaxReason })
                {
                    throw new InvalidOperationException($"{header.Type}: a rejection needs a number and a reason of at most {AlertRules.MaxReason} characters.");
                }

                var row = await RowAsync(r.Number);
                if (row.Status == AlertStatus.Submitted)
                {
                    row.Reject(r.Reason, now);
                }

                break;
            }

            case AlertsWire.FollowUpPostedType:
            {
                var f = AlertRules.Read<AlertFollowUp>(payload, header.Type);
                AlertRules.Check(f, header.Type);
                Hosts(f.Office);
                if (coordinating != node.Id)
                {
                    throw new InvalidOperationException($"{header.Type}: this node does not coordinate alerts.");
                }

                var row = await RowAsync(f.Number);
                var recipients = await desk.RecipientsAsync(row.Id, ct);
                if (recipients.All(r => r.Office != f.Office) && f.Office != row.RaisedByOffice)
                {
                    throw new InvalidOperationException($"{header.Type}: {f.Office} is not a recipient of {f.Number} nor the office that raised it.");
                }

                if (f.Kind is not ("acknowledgement" or "follow-up") || f.Status is not null)
                {
                    throw new InvalidOperationException($"{header.Type}: a node posts acknowledgements and follow-ups only.");
                }

                await desk.CoordinateAsync(row, f with { RecordedAt = null }, from, ct);
                break;
            }

            case AlertsWire.FollowUpDistributedType:
            {
                FromCoordinator();
                var f = AlertRules.Read<AlertFollowUp>(payload, header.Type);
                AlertRules.Check(f, header.Type);
                var row = await RowAsync(f.Number);
                if (await AlertRules.RecordAsync(db, row, f, now, clock, ct))
                {
                    AlertRules.Mark(await desk.RecipientsAsync(row.Id, ct), f, f.RecordedAt ?? f.At);
                }

                if (f.Status == "closed" && row.Status != AlertStatus.Closed)
                {
                    row.Close(f.At);
                }

                break;
            }

            case AlertsWire.EscalatedType:
            {
                FromCoordinator();
                var e = AlertRules.Read<AlertEscalated>(payload, header.Type);
                if (!AlertRules.IsCode(e.Number) || !AlertRules.IsCode(e.Office) || !AlertRules.IsCode(e.To) || e.Deadline is not ("validate" or "acknowledge" or "answer"))
                {
                    throw new InvalidOperationException($"{header.Type}: an escalation needs a number, the late office, the deadline and the office above.");
                }

                if (directory.HostOf(e.To)?.Id != node.Id)
                {
                    throw new InvalidOperationException($"{header.Type}: {e.To} is not hosted by {node.Id}.");
                }

                var row = await RowAsync(e.Number);
                var f = new AlertFollowUp(AlertRules.EscalationId(e.Number, e.Office, e.Deadline), e.Number, WireNames.Of(FollowUpKind.Escalation), e.Office,
                    $"{node.Id}/{e.To}", "deadline-sweep", AlertRules.EscalationText(e.Office, e.Deadline, e.Due, e.To, true), null, e.At, e.At);
                await AlertRules.RecordAsync(db, row, f, now, clock, ct);
                break;
            }
        }
    }

    private async Task ReceiveDistributedAsync(GqDbContext db, AlertDesk desk, AlertNotification n, DateTimeOffset now, CancellationToken ct)
    {
        var row = await db.Set<AlertNotificationRow>().FirstOrDefaultAsync(x => x.Number == n.Number, ct);
        if (row is null)
        {
            row = AlertNotificationRow.From(Ids.New(clock), n, n.RaisedByNode == node.Id ? AlertRole.Origin : AlertRole.Recipient, now);
            db.Set<AlertNotificationRow>().Add(row);
        }
        else if (row.Status != AlertStatus.Closed)
        {
            row.Apply(n, now);
        }

        await AddAttachmentsAsync(db, row, n.Attachments, ct);

        var recipients = await desk.RecipientsAsync(row.Id, ct);
        foreach (var r in n.Recipients)
        {
            if (recipients.FirstOrDefault(x => x.Office == r.Office) is { } known)
            {
                known.Redistributed(r);
            }
            else
            {
                var added = AlertRecipientRow.Create(Ids.New(clock), row.Id, r, now);
                db.Set<AlertRecipientRow>().Add(added);
                recipients.Add(added);
            }
        }

        var offices = n.Recipients.Select(r => r.Office).ToArray();
        var entry = new AlertFollowUp(AlertRules.ValidationId(n.Number, offices), n.Number, WireNames.Of(FollowUpKind.Validation), AlertsWire.CoordinatingOffice,
            desk.CoordinatorParty ?? AlertsWire.CoordinatingOffice, n.ValidatedBy ?? "", AlertRules.ValidationText(n.ValidatedBy ?? "", offices), null, n.ValidatedAt ?? now, now);
        await AlertRules.RecordAsync(db, row, entry, now, clock, ct);
        db.Raise(new AlertHoldsRequested(n.Number, n.Title, AlertRules.HoldReason(n), [.. n.Enterprises.Select(e => e.Uscc)], n.Product.HsCode, n.Product.Lots,
            n.HoldParties(desk.CoordinatorParty ?? AlertsWire.CoordinatingOffice)));
    }

    /// <summary>The descriptions of the attachments (their content stays on the raising node).</summary>
    private async Task AddAttachmentsAsync(GqDbContext db, AlertNotificationRow row, AlertAttachmentInfo[] attachments, CancellationToken ct)
    {
        var known = await db.Set<AlertAttachmentRow>().Where(a => a.NotificationId == row.Id).Select(a => a.Sha256).ToListAsync(ct);
        foreach (var a in attachments.Where(a => a.Sha256 is { Length: 64 } && a.Name is { Length: > 0 and <= 200 } && a.ContentType is { Length: > 0 and <= 100 })
            .Where(a => !known.Contains(a.Sha256, StringComparer.Ordinal)).DistinctBy(a => a.Sha256, StringComparer.Ordinal))
        {
            db.Set<AlertAttachmentRow>().Add(AlertAttachmentRow.Create(Ids.New(clock), row.Id, a.Name, a.ContentType, null, a.Length, a.Sha256));
        }
    }
}
