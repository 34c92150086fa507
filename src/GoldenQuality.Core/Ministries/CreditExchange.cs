using System.Globalization;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Ministries.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Ministries;

/// <summary>The credit register's shared steps: who may work it and where, views, history, and the class-change announcement.</summary>
internal static class CreditSteps
{
    /// <summary>The refusal for anyone but a central-bank officer, or on a node that does not keep the register (another node hosts PBC).</summary>
    public static ProblemHttpResult? Refuse(Actor actor, ExchangeNode node)
    {
        if (!Policies.IsCreditOfficer(actor))
        {
            return Problems.Forbidden(new Message("credit.forbidden"));
        }

        return node.Enabled && node.PartyOf(ReportCreditEvent.CentralBankOffice) is { } bank && Parties.NodeOf(bank) != node.Id
            ? Problems.Forbidden(new Message("credit.kept-elsewhere", Parties.NodeOf(bank)))
            : null;
    }

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(ChinaTime.Of(now).DateTime);

    public static CreditRecordView View(CreditRecord r) => new(r.Uscc, r.CreditClass, r.RatedOn, r.Note, r.Version, r.UpdatedAt);

    public static CreditChangeView View(CreditChange c) => new(c.Id, c.At, c.FromClass, c.ToClass, WireNames.Of(c.Cause), c.By, c.SourceNode, c.SourceOffice,
        c.EventKind, c.Reference, c.LegalBasis, Message.Show(c.Effect)!, c.Reason);

    /// <summary>The history of one record, newest first (at most the last 500 changes).</summary>
    public static async Task<CreditChangeView[]> HistoryAsync(GqDbContext db, string uscc, CancellationToken ct)
    {
        var rows = await db.Set<CreditChange>().AsNoTracking().Where(c => c.Uscc == uscc).ToListAsync(ct);
        return [.. rows.OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Take(500).Select(View)];
    }

    /// <summary>Queues <c>ministries.credit.class-changed</c> to every consumer of the credit records (in the caller's save).</summary>
    public static void Announce(ExchangeSender sender, GqDbContext db, CreditRecord record, string reason) =>
        sender.As(SendingModule.Ministries).Publish(db, MinistriesWire.CreditClassChangedType,
            new CreditClassChanged(record.Uscc, record.CreditClass, record.RatedOn, reason.Length <= 1024 ? reason : reason[..1024]));
}

/// <summary>Answers <c>credit-record</c> queries: <c>{"uscc": "..."}</c> → <c>{ uscc, found, creditClass, ratedOn, note }</c>, or <c>found: false</c>.</summary>
internal sealed class CreditRecordDataset : IDatasetProvider
{
    public string Dataset => MinistriesWire.CreditRecordDataset;

    public async Task<object?> QueryAsync(GqDbContext db, JsonElement parameters, CancellationToken ct)
    {
        var uscc = parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("uscc", out var u) && u.ValueKind == JsonValueKind.String
            ? Uscc.Normalise(u.GetString())
            : "";
        var record = uscc.Length is > 0 and <= 18 ? await db.Set<CreditRecord>().AsNoTracking().FirstOrDefaultAsync(c => c.Uscc == uscc, ct) : null;
        return record is null
            ? new { uscc, found = false }
            : new { uscc, found = true, creditClass = record.CreditClass, ratedOn = record.RatedOn, note = record.Note };
    }
}

/// <summary>The central bank's register file loader (<see cref="ICreditRecords"/>): every row checked first, then all applied in one save.</summary>
internal sealed class CreditRecordFile(GqDbContext db, ExchangeSender sender, TimeProvider clock) : ICreditRecords
{
    public async Task<int> LoadAsync(string file, CancellationToken ct)
    {
        var rows = CsvData.Read(file, "uscc", "credit_class", "rated_on", "note");
        var parsed = new List<(string Uscc, string Class, DateOnly Rated, string Note)>();
        foreach (var (line, r) in rows)
        {
            var check = Uscc.Check(r["uscc"]);
            if (!check.IsValid || !CreditEventRules.IsClass(r["credit_class"]) ||
                !DateOnly.TryParseExact(r["rated_on"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var rated))
            {
                throw new DataFileException(file, line, "needs a valid uscc, a credit_class A-D and rated_on as yyyy-MM-dd");
            }

            if (r["note"].Length > 512)
            {
                throw new DataFileException(file, line, "note must be at most 512 characters");
            }

            parsed.Add((check.Input, r["credit_class"], rated, r["note"]));
        }

        var now = clock.GetUtcNow();
        var name = Path.GetFileName(file);
        var existing = await db.Set<CreditRecord>().ToDictionaryAsync(c => c.Uscc, StringComparer.Ordinal, ct);
        foreach (var (uscc, cls, rated, note) in parsed)
        {
            if (existing.TryGetValue(uscc, out var record))
            {
                var from = record.CreditClass;
                if (from == cls && record.RatedOn == rated && record.Note == note)
                {
                    continue;
                }

                record.Set(cls, rated, note, now);
                db.Add(CreditChange.ByFile(Ids.New(clock), uscc, now, from, cls, name, note));
                if (from != cls)
                {
                    CreditSteps.Announce(sender, db, record, $"register file {name}: {note}");
                }
            }
            else
            {
                existing[uscc] = record = CreditRecord.Create(uscc, cls, rated, note, now);
                db.Add(record);
                db.Add(CreditChange.ByFile(Ids.New(clock), uscc, now, null, cls, name, note));
            }
        }

        await db.SaveChangesAsync(ct);
        return rows.Count;
    }
}

/// <summary>
/// Applies <c>ministries.credit.event-reported</c> on the central bank's node: <see cref="CreditEventRules"/> decides
/// the effect, the history keeps the event with its source, legal basis and effect, and a class change is announced
/// (<c>ministries.credit.class-changed</c>) in the same transaction. The same event (source node, kind, reference)
/// applies once, however often it arrives.
/// </summary>
internal sealed class CreditEventReportedHandler(ExchangeSender sender, TimeProvider clock) : IEnvelopeHandler
{
    public bool Handles(string type) => type == MinistriesWire.CreditEventReportedType;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(header);
        var e = payload.Deserialize<CreditEventReported>(Envelopes.Json)
            ?? throw new InvalidOperationException($"{MinistriesWire.CreditEventReportedType} carries no event.");
        var uscc = Uscc.Check(e.Uscc);
        if (!uscc.IsValid || string.IsNullOrWhiteSpace(e.Kind) || e.Kind.Length > 64 || string.IsNullOrWhiteSpace(e.Reference) || e.Reference.Length > 128 ||
            (e.SourceOffice?.Length ?? 0) > 64 || (e.LegalBasis?.Length ?? 0) > 512 || (e.Detail?.Length ?? 0) > 1024)
        {
            throw new InvalidOperationException($"{MinistriesWire.CreditEventReportedType} needs a valid uscc, a kind (≤ 64), a reference (≤ 128), and texts within their limits.");
        }

        var sourceNode = Parties.NodeOf(header.Sender);
        var key = CreditChange.KeyOf(sourceNode, e.Kind, e.Reference);
        if (db.Set<CreditChange>().Local.Any(c => c.EventKey == key) || await db.Set<CreditChange>().AnyAsync(c => c.EventKey == key, ct))
        {
            return;
        }

        var record = db.Set<CreditRecord>().Local.FirstOrDefault(r => r.Uscc == uscc.Input)
            ?? await db.Set<CreditRecord>().FirstOrDefaultAsync(r => r.Uscc == uscc.Input, ct);
        var from = record?.CreditClass;
        var (to, effect) = CreditEventRules.Apply(from, e.Kind);
        var now = clock.GetUtcNow();
        var office = string.IsNullOrEmpty(e.SourceOffice) ? Parties.OfficeOf(header.Sender) ?? "" : e.SourceOffice;
        db.Add(CreditChange.ByEvent(Ids.New(clock), uscc.Input, now, from, to, header.Sender, sourceNode, office, e.Kind, e.Reference, e.LegalBasis ?? "", effect,
            e.Detail ?? "", header.Id));
        if (to.Length == 0 || to == from)
        {
            return;
        }

        if (record is null)
        {
            record = CreditRecord.Create(uscc.Input, to, CreditSteps.Today(now), $"rated on a reported event ({e.Kind} {e.Reference})", now);
            db.Add(record);
        }
        else
        {
            record.Set(to, CreditSteps.Today(now), record.Note, now);
        }

        CreditSteps.Announce(sender, db, record, $"{e.Kind} {e.Reference} from {office} ({e.LegalBasis}): {effect.Render(CultureInfo.InvariantCulture)}");
    }
}
