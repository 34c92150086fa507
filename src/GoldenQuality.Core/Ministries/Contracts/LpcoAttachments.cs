using GoldenQuality.Audit.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Ministries.Contracts;

/// <summary>
/// Attaches a document (<c>contract</c>, <c>certificate</c>, <c>licence</c> or <c>other</c>) to an LPCO application
/// while it is decided (applied or under review): by a user of the applying enterprise or an officer of the issuing
/// ministry. At most <see cref="MaxFiles"/> files of at most 2 MB each, PDF, PNG, JPEG or plain text, the content what
/// its type says (<see cref="UploadedFile"/>); the same file (SHA-256) twice on one application is refused. The bytes
/// stay in the issuer's register, with their SHA-256.
/// </summary>
public sealed class AttachLpcoDocument
{
    public const int MaxFiles = 5;

    private readonly LpcoRegister register;

    internal AttachLpcoDocument(LpcoRegister register) => this.register = register;

    public async Task<HandlerResult<LpcoView>> HandleAsync(Actor actor, Guid id, string? kind, string? name, string? contentType, Stream? content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (l, problem) = await LpcoAttachmentAccess.FindAsync(register, actor, id, ct);
        if (l is null)
        {
            return problem!;
        }

        if (l.Status is not (LpcoStatus.Applied or LpcoStatus.UnderReview))
        {
            return Problems.Conflict("status", new Message("lpco.attach-status", LpcoRules.WireStatusOf(l.EffectiveStatus(register.Today))));
        }

        var v = new Validation();
        var documentKind = v.Enum<LpcoDocumentKind>("kind", kind);
        var file = await UploadedFile.ReadAsync(v, "file", name, contentType, content, ct);
        if (file is not null)
        {
            var existing = await register.Db.Set<LpcoAttachment>().Where(a => a.LpcoId == l.Id).Select(a => a.Sha256).ToListAsync(ct);
            if (existing.Contains(file.Sha256, StringComparer.Ordinal))
            {
                v.Add("file", new Message("upload.duplicate", file.Sha256));
            }
            else if (existing.Count >= MaxFiles)
            {
                v.Add("file", new Message("upload.too-many", MaxFiles));
            }
        }

        if (file is null || !v.IsValid)
        {
            return v.Result();
        }

        register.Db.Set<LpcoAttachment>().Add(LpcoAttachment.Create(Ids.New(register.Clock), l.Id, documentKind, file, register.Clock.GetUtcNow(), actor.UserName, actor.OnBehalfOf));
        register.Record(l, actor, "attached", null, null,
            new Message("lpco.reason.attached", new Message("lpco.document." + WireNames.Of(documentKind)), file.Name));
        try
        {
            await register.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same file attached at the same moment by someone else: the unique index refused the second one.
            register.Db.ChangeTracker.Clear();
            v.Add("file", new Message("upload.duplicate", file.Sha256));
            return v.Result();
        }

        return await register.FreshViewAsync(l.Id, ct);
    }
}

/// <summary>
/// A document attached to an LPCO application, by its SHA-256, with the type its content was checked to be: for the
/// users of the applying enterprise and the officers of the issuing ministry, in any status.
/// </summary>
public sealed class GetLpcoAttachment
{
    private readonly LpcoRegister register;
    private readonly IReadAudit audit;

    internal GetLpcoAttachment(LpcoRegister register, IReadAudit audit) => (this.register, this.audit) = (register, audit);

    public async Task<HandlerResult<LpcoAttachmentContent>> HandleAsync(Actor actor, Guid id, string? sha256, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (l, problem) = await LpcoAttachmentAccess.FindAsync(register, actor, id, ct);
        if (l is null)
        {
            return problem!;
        }

        var key = UploadedFile.Key(sha256);
        var a = key is null ? null : await register.Db.Set<LpcoAttachment>().AsNoTracking().FirstOrDefaultAsync(x => x.LpcoId == l.Id && x.Sha256 == key, ct);
        if (a is null)
        {
            return Problems.NotFound(new Message("noun.attachment"), sha256 ?? "");
        }

        // Served only once the read is in the audit log, like the view that lists the documents (kind lpco-attachment:<kind>,
        // key the LPCO's number and the file's SHA-256).
        var refused = await audit.RecordOrRefuseAsync(
            ProtectedRead.By(actor, GetLpco.Purpose, "lpco-attachment:" + WireNames.Of(l.Kind), $"{l.Number ?? l.Id.ToString()}/{a.Sha256}", AuditFields.Of<LpcoAttachmentContent>()), ct);
        return refused is null ? new LpcoAttachmentContent(a.Name, a.ContentType, a.Content) : refused;
    }
}

/// <summary>Who may attach to and read the documents of an application: a user of the applying enterprise, an officer of the issuing ministry.</summary>
internal static class LpcoAttachmentAccess
{
    public static async Task<(Lpco? Lpco, ProblemHttpResult? Problem)> FindAsync(LpcoRegister register, Actor actor, Guid id, CancellationToken ct)
    {
        var l = await register.Db.Set<Lpco>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (l is null)
        {
            return (null, Problems.NotFound(new Message("noun.lpco"), id.ToString()));
        }

        return register.CanSee(actor, l) ? (l, null)
            : (null, Problems.Forbidden(new Message("lpco.attach-forbidden", MinistriesWire.IssuerOf(l.Kind), actor.OnBehalfOf)));
    }
}
