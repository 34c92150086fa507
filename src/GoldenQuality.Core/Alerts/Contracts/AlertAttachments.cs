using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Alerts.Contracts;

/// <summary>An attachment's content as served by the raising node.</summary>
public sealed record AlertAttachmentContent(string Name, string ContentType, byte[] Content);

/// <summary>
/// Attaches a file to a submitted notification: by the raising office on the raising node, at most 5 files of at most
/// 2 MB each, PDF, PNG, JPEG or plain text (the content must be what its type says). The content stays on the raising
/// node (it does not fit the exchange's envelope limit); the description (name, type, length, SHA-256) travels with the
/// notification, sent again to the coordinator while it is submitted.
/// </summary>
public sealed class AttachAlertFile
{
    public const int MaxFiles = 5;

    private readonly AlertDesk desk;

    internal AttachAlertFile(AlertDesk desk) => this.desk = desk;

    public async Task<HandlerResult<AlertView>> HandleAsync(Actor actor, string number, string? name, string? contentType, Stream? content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (AlertDesk.Official(actor) is { } refused)
        {
            return refused;
        }

        var (row, problem) = await desk.FindAsync(number, null, ct);
        if (row is null)
        {
            return problem!;
        }

        if (row.RaisedByOffice != actor.OrganisationCode || (desk.Node.Enabled && row.RaisedByNode != desk.Node.Id))
        {
            return Problems.Forbidden(new Message("alert.attach.forbidden", row.RaisedByOffice, row.Number));
        }

        if (row.Status != AlertStatus.Submitted)
        {
            return Problems.Conflict("status", new Message("alert.attach.status", row.Number, Message.Term("alert.status.", WireNames.Of(row.Status))));
        }

        var v = new Validation();
        var file = await UploadedFile.ReadAsync(v, "file", name, contentType, content, ct);
        if (file is null)
        {
            return v.Result();
        }

        var sha = file.Sha256;
        var existing = await desk.Db.Set<AlertAttachmentRow>().Where(a => a.NotificationId == row.Id).Select(a => a.Sha256).ToListAsync(ct);
        if (existing.Contains(sha, StringComparer.Ordinal))
        {
            return Problems.Conflict("file", new Message("upload.duplicate", sha));
        }

        if (existing.Count >= MaxFiles)
        {
            return Problems.Conflict("file", new Message("upload.too-many", MaxFiles));
        }

        var added = AlertAttachmentRow.Create(Ids.New(desk.Clock), row.Id, file.Name, file.ContentType, file.Content, file.Length, sha);
        desk.Db.Set<AlertAttachmentRow>().Add(added);
        if (!AlertRules.IsCoordinatingNode(desk.Node) && desk.CoordinatorParty is { } coordinator)
        {
            var infos = await desk.Db.Set<AlertAttachmentRow>().Where(a => a.NotificationId == row.Id)
                .Select(a => new AlertAttachmentInfo(a.Name, a.ContentType, a.Length, a.Sha256)).ToListAsync(ct);
            infos.Add(added.Info);
            if (desk.Send(AlertsWire.SubmittedType, row.Wire([.. infos], []), [coordinator], row.Number, row.RaisedByOffice) is { } denied)
            {
                return Problems.Conflict("coordinator", new Message("alert.attach.description-not-sent", coordinator, denied));
            }
        }

        return await desk.SaveViewAsync(row, ct);
    }
}

/// <summary>An attachment's content, by its SHA-256, on the node that keeps it (the raising node); elsewhere a 404 names that node. Any official.</summary>
public sealed class GetAlertAttachment
{
    private readonly AlertDesk desk;

    internal GetAlertAttachment(AlertDesk desk) => this.desk = desk;

    public async Task<HandlerResult<AlertAttachmentContent>> HandleAsync(Actor actor, string number, string sha256, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (AlertDesk.Official(actor) is { } refused)
        {
            return refused;
        }

        var (row, problem) = await desk.FindAsync(number, null, ct);
        if (row is null)
        {
            return problem!;
        }

        var key = UploadedFile.Key(sha256);
        var a = key is null ? null : await desk.Db.Set<AlertAttachmentRow>().AsNoTracking().FirstOrDefaultAsync(x => x.NotificationId == row.Id && x.Sha256 == key, ct);
        return a is null ? Problems.NotFound(new Message("noun.attachment"), key ?? sha256 ?? "")
            : a.Content is null ? Problems.NotFound(new Message("noun.attachment-content-remote", row.RaisedByNode), key!)
            : new AlertAttachmentContent(a.Name, a.ContentType, a.Content);
    }
}
