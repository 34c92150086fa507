using GoldenQuality.Audit.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Ministries.Contracts;

/// <summary>The kinds of credit event the agencies report to the central bank (<see cref="CreditEventReported.Kind"/>).</summary>
public static class CreditEventKinds
{
    /// <summary>E-Supervision found a nonconformity in a lot of the enterprise (AQSIQ/CIQ).</summary>
    public const string AqsiqNonconformity = "aqsiq-nonconformity";

    /// <summary>A CIQ inspection of a declaration of the enterprise failed.</summary>
    public const string InspectionFailed = "aqsiq-inspection-failed";

    /// <summary>Customs recorded an administrative penalty on the enterprise.</summary>
    public const string CustomsPenalty = "customs-penalty";
}

/// <summary>An enterprise's credit record as the central bank keeps it.</summary>
public sealed record CreditRecordView(string Uscc, string CreditClass, DateOnly RatedOn, string Note, long Version, DateTimeOffset UpdatedAt);

/// <summary>
/// One change of a credit record: from and to (equal when an event had no effect; <c>to</c> empty while the enterprise
/// stays unrated), when, the cause (<c>officer</c>, <c>event</c> or <c>file</c>) and by whom, and for an event its source
/// node and office, kind and reference; the legal basis, the effect in words and the reason (an event's detail).
/// </summary>
public sealed record CreditChangeView(Guid Id, DateTimeOffset At, string? From, string To, string Cause, string By, string? SourceNode, string? SourceOffice,
    string? EventKind, string? Reference, string LegalBasis, string Effect, string Reason);

/// <summary>A credit record with its history, newest first.</summary>
public sealed record CreditRecordDetail(CreditRecordView Record, CreditChangeView[] History);

/// <summary>An officer's change of class: the new class (A-D), the reason and the legal basis (both required), and the version read.</summary>
public sealed record ChangeCreditClassRequest(string? CreditClass, string? Reason, string? LegalBasis, long? Version);

/// <summary>The central bank's credit register file: <c>uscc, credit_class, rated_on, note</c> (the legacy export).</summary>
public interface ICreditRecords
{
    /// <summary>
    /// Loads credit records from a CSV file (<c>uscc, credit_class, rated_on, note</c>), idempotently and all or nothing:
    /// a known USCC is updated, a new one added, each change kept in the record's history, in one save. Returns the
    /// number of rows read; a bad row fails the whole file with <see cref="DataFileException"/> (file:line: reason).
    /// </summary>
    Task<int> LoadAsync(string file, CancellationToken ct);
}

/// <summary>The credit register, paged, by class and by text (USCC or note).</summary>
public sealed class ListCreditRecords(GqDbContext db, ExchangeNode node, IReadAudit audit)
{
    public const int MaxQueryLength = 64;

    /// <summary>The orders the register can be shown in: by USCC (the default), by class (A first), most recently rated first.</summary>
    public static readonly string[] Sorts = ["uscc", "class", "rated"];

    public async Task<HandlerResult<Paged<CreditRecordView>>> HandleAsync(Actor actor, string? creditClass, string? q, string? sort, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (CreditSteps.Refuse(actor, node) is { } refused)
        {
            return refused;
        }

        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        var cls = v.Optional("creditClass", creditClass, 1)?.ToUpperInvariant();
        if (cls is not null && !CreditEventRules.IsClass(cls))
        {
            v.Add("creditClass", new Message("credit.class-one-of"));
        }

        var text = v.Optional("q", q, MaxQueryLength);
        var order = Paging.Sort(v, sort, Sorts);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var query = db.Set<CreditRecord>().AsNoTracking();
        if (cls is not null)
        {
            query = query.Where(r => r.CreditClass == cls);
        }

        if (text is not null)
        {
            var upper = text.ToUpperInvariant();
            query = query.Where(r => r.Uscc.Contains(upper) || r.Note.Contains(text));
        }

        var total = await query.CountAsync(ct);
        var ordered = order switch
        {
            "class" => query.OrderBy(r => r.CreditClass).ThenBy(r => r.Uscc),
            "rated" => query.OrderByDescending(r => r.RatedOn).ThenBy(r => r.Uscc),
            _ => query.OrderBy(r => r.Uscc),
        };
        var rows = await ordered.Skip((p - 1) * size).Take(size).ToListAsync(ct);
        // One entry per list read, its filter as the key (docs/accountability.md).
        var key = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"class={cls};q={text};sort={order};page={p};size={size}");
        var denied = await audit.RecordOrRefuseAsync(ProtectedRead.By(actor, GetCreditRecord.Purpose, "credit-register", key, AuditFields.Of<CreditRecordView>()), ct);
        return denied is null ? new Paged<CreditRecordView>([.. rows.Select(CreditSteps.View)], p, size, total) : denied;
    }
}

/// <summary>One credit record with its history (events with their source, legal basis and effect).</summary>
public sealed class GetCreditRecord(GqDbContext db, ExchangeNode node, IReadAudit audit)
{
    /// <summary>The local purpose the credit register is read for (the audit entry's purpose).</summary>
    public const string Purpose = "credit-register";

    public async Task<HandlerResult<CreditRecordDetail>> HandleAsync(Actor actor, string uscc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (CreditSteps.Refuse(actor, node) is { } refused)
        {
            return refused;
        }

        var code = Uscc.Normalise(uscc);
        if (code.Length > 18)
        {
            return Problems.NotFound(new Message("noun.credit-record"), code[..18]);
        }

        var record = await db.Set<CreditRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.Uscc == code, ct);
        if (record is null)
        {
            return Problems.NotFound(new Message("noun.credit-record"), code);
        }

        var detail = new CreditRecordDetail(CreditSteps.View(record), await CreditSteps.HistoryAsync(db, code, ct));
        var denied = await audit.RecordOrRefuseAsync(ProtectedRead.By(actor, Purpose, "credit-record", code, AuditFields.Of<CreditRecordDetail>()), ct);
        return denied is null ? detail : denied;
    }
}

/// <summary>
/// An officer of the central bank changes an enterprise's class, with a reason and a legal basis; the change is kept
/// in the history and announced (<c>ministries.credit.class-changed</c>) to the consumers of the credit records, in the same save.
/// </summary>
public sealed class ChangeCreditClass(GqDbContext db, ExchangeNode node, ExchangeSender sender, TimeProvider clock)
{
    public const int MaxReasonLength = 1024;
    public const int MaxLegalBasisLength = 512;

    public async Task<HandlerResult<CreditRecordDetail>> HandleAsync(Actor actor, string uscc, ChangeCreditClassRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (CreditSteps.Refuse(actor, node) is { } refused)
        {
            return refused;
        }

        var v = new Validation();
        var cls = v.Required("creditClass", request.CreditClass, 1).ToUpperInvariant();
        if (cls.Length == 1 && !CreditEventRules.IsClass(cls))
        {
            v.Add("creditClass", new Message("credit.class-one-of"));
        }

        var reason = v.Required("reason", request.Reason, MaxReasonLength);
        var basis = v.Required("legalBasis", request.LegalBasis, MaxLegalBasisLength);
        if (request.Version is < 1)
        {
            v.Add("version", new Message("credit.version-min"));
        }

        var code = Uscc.Normalise(uscc);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var record = code.Length <= 18 ? await db.Set<CreditRecord>().FirstOrDefaultAsync(r => r.Uscc == code, ct) : null;
        if (record is null)
        {
            return Problems.NotFound(new Message("noun.credit-record"), code.Length <= 18 ? code : code[..18]);
        }

        if (request.Version is { } sent && sent != record.Version)
        {
            return Problems.StaleVersion(sent, record.Version);
        }

        if (record.CreditClass == cls)
        {
            v.Add("creditClass", new Message("credit.same-class"));
            return v.Result();
        }

        var now = clock.GetUtcNow();
        var from = record.CreditClass;
        record.Set(cls, CreditSteps.Today(now), record.Note, now);
        db.Add(CreditChange.ByOfficer(Ids.New(clock), code, now, from, cls, actor.UserName, basis, reason));
        CreditSteps.Announce(sender, db, record, $"changed by an officer of the central bank: {reason} ({basis})");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Set<CreditRecord>().AsNoTracking().FirstAsync(r => r.Uscc == code, ct);
            return Problems.StaleVersion(record.Version - 1, current.Version);
        }

        return new CreditRecordDetail(CreditSteps.View(record), await CreditSteps.HistoryAsync(db, code, ct));
    }
}

/// <summary>
/// Reports a credit event to the central bank: any module calls it on its own node, in its own unit of work, and the
/// envelope (<c>ministries.credit.event-reported</c>) to the node hosting office <c>PBC</c> commits with the caller's
/// save. The central bank decides the effect (docs/ministries.md, "Credit"). Nothing is queued when the exchange is
/// off, no node hosts PBC, or no agreement covers this sender.
/// </summary>
public sealed class ReportCreditEvent(ExchangeNode node, ExchangeSender sender, TimeProvider clock)
{
    /// <summary>The central bank's office in the directory.</summary>
    public const string CentralBankOffice = "PBC";

    /// <summary>Queues the event; true when an envelope was queued. Texts longer than the limits are cut (reference 128, legal basis 512, detail 1024).</summary>
    public bool Report(GqDbContext db, string uscc, string kind, string reference, string? sourceOffice, string legalBasis, string detail, Guid? correlationId = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!node.Enabled || node.Directory.Current is null || node.PartyOf(CentralBankOffice) is not { } bank || Parties.NodeOf(bank) == node.Id)
        {
            return false;
        }

        var office = sourceOffice is { Length: > 0 } o && node.Hosts($"{node.Id}/{o}") ? o : null;
        var payload = new CreditEventReported(Uscc.Normalise(uscc), Cut(kind, 64), Cut(reference, 128), office ?? "", Cut(legalBasis, 512), Cut(detail, 1024), clock.GetUtcNow());
        return sender.As(SendingModule.Ministries).Send(db, MinistriesWire.CreditEventReportedType, payload, [bank], office, correlationId).Envelopes.Count > 0;
    }

    private static string Cut(string? text, int max) => text is null ? "" : text.Length <= max ? text : text[..max];
}
