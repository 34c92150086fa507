using System.Text.Json;
using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Alerts;

/// <summary>The checks common to both crisis messages: a readable payload with bounded fields.</summary>
internal static class CrisisMessages
{
    public static CrisisActionMessage? Read(JsonElement payload, out string? problem)
    {
        CrisisActionMessage? m;
        try
        {
            m = payload.Deserialize<CrisisActionMessage>(Envelopes.Json);
        }
        catch (JsonException e)
        {
            problem = "the payload does not read: " + CrisisRules.Cut(e.Message, 300);
            return null;
        }

        problem = m is null ? "no payload"
            : m.ActionId == Guid.Empty ? "actionId is required"
            : !CrisisRules.IsNumber(m.CrisisNumber) ? "crisisNumber must be CR-yyyy-nnnn"
            : m.Title is not { Length: > 0 and <= CrisisRules.MaxTitle } || m.CrisisTitle is not { Length: <= CrisisRules.MaxTitle } ? "title and crisisTitle must be 1 to 200 characters"
            : m.OwnerOffice is not { Length: > 0 and <= 64 } ? "ownerOffice is required (at most 64 characters)"
            : !WireNames.TryParse<CrisisActionStatus>(m.Status, out _) ? "status must be open, in-progress, done or blocked"
            : m.Report is { Length: > CrisisRules.MaxReport } ? "report is longer than 2000 characters"
            : m.By is not { Length: <= 200 } || m.AlertNumber is { Length: > 64 } ? "by or alertNumber is too long"
            : null;
        return problem is null ? m : null;
    }

    public static void Refuse(GqDbContext db, TimeProvider clock, EnvelopeHeader header, Guid? action, string reason) =>
        db.Set<CrisisRejectionRow>().Add(CrisisRejectionRow.Create(Ids.New(clock), header.Id, CrisisRules.Cut(header.Type, 64), CrisisRules.Cut(header.Sender, 200), action,
            CrisisRules.Cut(reason, 1000), clock.GetUtcNow()));
}

/// <summary>
/// Receives <c>alerts.crisis.action-assigned</c> on the node hosting the owner office: it must come from the node hosting
/// the coordinating office and be addressed to the owner office hosted here. Kept as a copy the owner reports on; the
/// same action twice keeps one. Anything else is recorded as a refused crisis message.
/// </summary>
internal sealed class CrisisActionAssignedHandler(ExchangeNode node, TimeProvider clock) : IEnvelopeHandler
{
    public bool Handles(string type) => type == AlertsWire.CrisisActionAssignedType;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(header);
        var m = CrisisMessages.Read(payload, out var problem);
        var directory = node.Directory.Current;
        problem ??= directory?.HostOf(AlertsWire.CoordinatingOffice)?.Id != Parties.NodeOf(header.Sender)
            ? $"{Parties.NodeOf(header.Sender)} does not host the coordinating office {AlertsWire.CoordinatingOffice}"
            : !header.Recipients.Any(r => Parties.OfficeOf(r) == m!.OwnerOffice && node.Hosts(r)) ? $"the envelope is not addressed to {m!.OwnerOffice} on this node"
            : null;
        if (problem is not null)
        {
            CrisisMessages.Refuse(db, clock, header, m?.ActionId, problem);
            return;
        }

        if (await db.Set<CrisisActionRow>().AnyAsync(a => a.Id == m!.ActionId, ct))
        {
            return;
        }

        var coordinator = Parties.OfficeOf(header.Sender) is null ? $"{header.Sender}/{AlertsWire.CoordinatingOffice}" : header.Sender;
        db.Add(CrisisActionRow.Assign(m!.ActionId, m.CrisisNumber, m.CrisisTitle, m.Title, m.OwnerOffice, m.Due, m.AlertNumber, m.By, m.At, copy: true, party: coordinator));
    }
}

/// <summary>
/// Receives <c>alerts.crisis.action-updated</c> on the coordinating node: the action must be one of this node's (not a
/// copy) and the sender the node hosting its owner office. The report is applied once: a report not newer than the one
/// recorded (a duplicate, or a late one) changes nothing. A refused update is recorded, on the crisis timeline too when
/// the action is known.
/// </summary>
internal sealed class CrisisActionUpdatedHandler(ExchangeNode node, TimeProvider clock) : IEnvelopeHandler
{
    public bool Handles(string type) => type == AlertsWire.CrisisActionUpdatedType;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(header);
        var m = CrisisMessages.Read(payload, out var problem);
        var action = m is null ? null : await db.Set<CrisisActionRow>().FirstOrDefaultAsync(a => a.Id == m.ActionId && !a.IsCopy, ct);
        var crisis = action is null ? null : await db.Set<CrisisRow>().FirstOrDefaultAsync(c => c.Number == action.CrisisNumber, ct);
        problem ??= action is null || crisis is null ? $"no crisis action {m!.ActionId} on this node"
            : node.Directory.Current?.HostOf(action.OwnerOffice)?.Id != Parties.NodeOf(header.Sender)
                ? $"{Parties.NodeOf(header.Sender)} does not host {action.OwnerOffice}, the owner of the action"
            : m!.OwnerOffice != action.OwnerOffice ? $"the update names {m.OwnerOffice}, but {action.OwnerOffice} owns the action"
            : WireNames.Parse<CrisisActionStatus>(m.Status) == CrisisActionStatus.Open ? "an update reports in-progress, done or blocked"
            : null;
        if (problem is not null)
        {
            CrisisMessages.Refuse(db, clock, header, m?.ActionId, problem);
            if (crisis is not null)
            {
                db.Add(CrisisEventRow.Create(Ids.New(clock), crisis.Id, clock.GetUtcNow(), CrisisEventKind.UpdateRefused, CrisisRules.Cut(header.Sender, 200),
                    CrisisRules.Cut(m?.OwnerOffice ?? "", 64), CrisisRules.Cut(problem, CrisisRules.MaxEventText), action!.Id, action.AlertNumber));
            }

            return;
        }

        if (action!.ReportedAt is { } last && m!.At <= last)
        {
            return;
        }

        var status = WireNames.Parse<CrisisActionStatus>(m!.Status);
        action.Reported(status, m.Report, m.By, m.At);
        db.Add(CrisisEventRow.Create(Ids.New(clock), crisis!.Id, m.At, CrisisEventKind.ActionReported, m.By, action.OwnerOffice,
            CrisisRules.Cut($"{action.Title}: {m.Report}", CrisisRules.MaxEventText), action.Id, action.AlertNumber));
    }
}
