using System.Security.Cryptography;
using System.Text;
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

    private static readonly string[] Types = ["application/pdf", "image/png", "image/jpeg", "text/plain"];

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
            return Problems.Forbidden($"Only {row.RaisedByOffice}, which raised {row.Number}, attaches files to it, on its own node.");
        }

        if (row.Status != AlertStatus.Submitted)
        {
            return Problems.Conflict("status", $"{row.Number} is {WireNames.Of(row.Status)}; files are attached while it is submitted");
        }

        var v = new Validation();
        var fileName = v.Required("file", Path.GetFileName(name ?? ""), 200);
        var type = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        byte[] bytes = [];
        if (content is null)
        {
            v.Add("file", "a file is required (multipart field 'file')");
        }
        else
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await content.ReadAsync(chunk, ct)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > AlertAttachmentRow.MaxBytes)
                {
                    break;
                }
            }

            bytes = buffer.ToArray();
            if (bytes.Length == 0)
            {
                v.Add("file", "is empty");
            }
            else if (bytes.Length > AlertAttachmentRow.MaxBytes)
            {
                v.Add("file", "is larger than 2 MB");
            }
            else if (!Types.Contains(type, StringComparer.Ordinal))
            {
                v.Add("file", $"'{type}' is not one of: {string.Join(", ", Types)}");
            }
            else if (!Looks(type, bytes))
            {
                v.Add("file", $"the content is not {type}");
            }
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var existing = await desk.Db.Set<AlertAttachmentRow>().Where(a => a.NotificationId == row.Id).Select(a => a.Sha256).ToListAsync(ct);
        if (existing.Contains(sha, StringComparer.Ordinal))
        {
            return Problems.Conflict("file", $"this file is already attached to {row.Number}");
        }

        if (existing.Count >= MaxFiles)
        {
            return Problems.Conflict("file", $"{row.Number} already has {MaxFiles} files");
        }

        var added = AlertAttachmentRow.Create(Ids.New(desk.Clock), row.Id, fileName, type, bytes, bytes.Length, sha);
        desk.Db.Set<AlertAttachmentRow>().Add(added);
        if (!AlertRules.IsCoordinatingNode(desk.Node) && desk.CoordinatorParty is { } coordinator)
        {
            var infos = await desk.Db.Set<AlertAttachmentRow>().Where(a => a.NotificationId == row.Id)
                .Select(a => new AlertAttachmentInfo(a.Name, a.ContentType, a.Length, a.Sha256)).ToListAsync(ct);
            infos.Add(added.Info);
            if (desk.Send(AlertsWire.SubmittedType, row.Wire([.. infos], []), [coordinator], row.Number, row.RaisedByOffice) is { } denied)
            {
                return Problems.Conflict("coordinator", $"the file's description cannot be sent to {coordinator}: {denied}");
            }
        }

        return await desk.SaveViewAsync(row, ct);
    }

    /// <summary>The content is what its type says: the PDF, PNG and JPEG signatures; text is UTF-8 without control characters other than tab and line ends.</summary>
    private static bool Looks(string type, byte[] b) => type switch
    {
        "application/pdf" => b.AsSpan().StartsWith("%PDF-"u8),
        "image/png" => b.AsSpan().StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }),
        "image/jpeg" => b.AsSpan().StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }),
        _ => Utf8(b),
    };

    private static bool Utf8(byte[] b)
    {
        try
        {
            var text = new UTF8Encoding(false, true).GetString(b);
            return !text.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
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

        var key = (sha256 ?? "").Trim().ToLowerInvariant();
        var a = key.Length != 64 ? null : await desk.Db.Set<AlertAttachmentRow>().AsNoTracking().FirstOrDefaultAsync(x => x.NotificationId == row.Id && x.Sha256 == key, ct);
        return a is null ? Problems.NotFound("attachment", key)
            : a.Content is null ? Problems.NotFound($"attachment content on this node (the raising node {row.RaisedByNode} keeps it) for", key)
            : new AlertAttachmentContent(a.Name, a.ContentType, a.Content);
    }
}
