using System.Globalization;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using GoldenQuality.Codes.Contracts;
using GoldenQuality.Common;
using GoldenQuality.International.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.International;

/// <summary>
/// Takes in what the puller brought from the hub (<see cref="IReceivedEnvelopes"/>): an SPS certificate is read with the
/// Codes module's parser and kept in <c>in_certificates</c> with its state; a replacement (notes ADRPN, ADRPR, ADRD)
/// marks the certificate it replaces; status 40 (withdrawn), on the envelope or the document, withdraws the certificate;
/// a border-rejection notice about an export of ours is kept in <c>in_border_rejections</c>. Idempotent by the hub's
/// delivery number: the same envelope again changes nothing and gets the same outcome.
/// </summary>
internal sealed class ReceivedEnvelopes(ICodeLists codes, TimeProvider clock) : IReceivedEnvelopes
{
    /// <summary>The UN/CEFACT status of a withdrawn (cancelled) certificate.</summary>
    public const string WithdrawnStatus = "40";

    public async Task<AcceptOutcome> AcceptAsync(GqDbContext db, ReceivedEnvelope envelope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(envelope);
        return envelope.Kind == HubContentKind.BorderRejection
            ? await RejectionAsync(db, envelope, ct)
            : await CertificateAsync(db, envelope, ct);
    }

    private async Task<AcceptOutcome> CertificateAsync(GqDbContext db, ReceivedEnvelope e, CancellationToken ct)
    {
        var rows = db.Set<ForeignCertificateRow>();
        var seen = rows.Local.FirstOrDefault(r => r.HubDeliveryNumber == e.HubDeliveryNumber || r.WithdrawalDeliveryNumber == e.HubDeliveryNumber)
            ?? await rows.FirstOrDefaultAsync(r => r.HubDeliveryNumber == e.HubDeliveryNumber || r.WithdrawalDeliveryNumber == e.HubDeliveryNumber, ct);
        if (seen is not null)
        {
            return seen.WithdrawalDeliveryNumber == e.HubDeliveryNumber
                ? new AcceptOutcome(HubTrackingState.Delivered, null)
                : new AcceptOutcome(seen.Outcome, Message.FromStored(seen.OutcomeReason));
        }

        var now = clock.GetUtcNow();
        var from = e.From.Trim().ToUpperInvariant();
        var read = SpsDocuments.Read(e.Content);
        if (!read.IsReadable)
        {
            var reason = Message.List(read.Problems.Select(p => new Message("foreign.sps-problem", p.Line, p.Column, p.Path.Length > 0 ? $" ({p.Path})" : "", p.Reason)));
            return NotReadable(db, e, from, reason, now);
        }

        var f = read.Fields!;
        string? V(string name) => f.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        // Identifiers and codes that do not fit what a certificate's ID, type and status codes are cannot be kept or
        // matched: the certificate is not readable, and the reason names the element.
        var tooLong = new (string Field, string Element, int Max)[]
            {
                ("permitNo", "SPSExchangedDocument/ID", 64), ("permitType", "SPSExchangedDocument/TypeCode", 8), ("status", "SPSExchangedDocument/StatusCode", 8),
                ("replacesNo", "IncludedSPSNote ADRPN", 64),
            }
            .Where(x => V(x.Field) is { } value && value.Length > x.Max)
            .Select(x => new Message("foreign.too-long", x.Element, x.Max))
            .ToList();
        if (tooLong.Count > 0)
        {
            return NotReadable(db, e, from, Message.List(tooLong), now);
        }

        var number = V("permitNo") ?? e.NppoCertificateNumber;
        var status = V("status") ?? e.CertificateStatus;
        var withdrawn = status == WithdrawnStatus || e.CertificateStatus == WithdrawnStatus;

        // A withdrawal of a certificate already received withdraws that certificate; the envelope is remembered on it.
        if (withdrawn && await FindAsync(db, number, from, ct) is { } existing)
        {
            existing.MarkWithdrawn(e.HubDeliveryNumber, new Message("foreign.withdrawn.envelope", from, e.HubDeliveryNumber).Store(ForeignCertificateRow.MaxReason), now);
            return new AcceptOutcome(HubTrackingState.Delivered, null);
        }

        var warnings = await WarningsAsync(f, ct);
        var outcome = warnings.Count > 0 ? HubTrackingState.DeliveredWithWarnings : HubTrackingState.Delivered;
        // The hub is answered in English; the rows keep the warnings coded, shown in the reader's language.
        var outcomeReason = warnings.Count > 0 ? Message.List(warnings) : null;
        var replaces = V("replacesNo");
        var issuedAt = V("issuedAt") is { } i && DateTimeOffset.TryParse(i, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : (DateTimeOffset?)null;
        var json = JsonSerializer.Serialize(f.OrderBy(x => x.Key, StringComparer.Ordinal).ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal));
        var row = ForeignCertificateRow.Create(Ids.New(clock), e.HubDeliveryNumber, number, from, V("permitType") ?? e.CertificateType, status, issuedAt, Cut(V("issuer")),
            Cut(V("consignorName")), json, e.Content, withdrawn ? ForeignCertificateState.Withdrawn : ForeignCertificateState.Valid, replaces,
            withdrawn ? new Message("foreign.withdrawn", from).Store(ForeignCertificateRow.MaxReason) : null, outcome,
            warnings.Count > 0 ? Message.List(warnings).Store(ForeignCertificateRow.MaxReason) : null, now);
        db.Add(row);

        if (replaces is not null && await FindAsync(db, replaces, from, ct) is { } replaced && replaced.Id != row.Id)
        {
            var when = V("replacedAt") is { } r && DateTimeOffset.TryParse(r, CultureInfo.InvariantCulture, DateTimeStyles.None, out var ra) ? ra : issuedAt ?? now;
            // The issuing authority's reason is kept as it wrote it.
            replaced.MarkReplaced(number, V("replacementReason") ?? new Message("foreign.replaced.no-reason").Store(ForeignCertificateRow.MaxReason), when, now);
        }

        return new AcceptOutcome(outcome, outcomeReason);
    }

    /// <summary>The readable certificate with this number from this country, the latest received first.</summary>
    internal static async Task<ForeignCertificateRow?> FindAsync(GqDbContext db, string number, string? from, CancellationToken ct)
    {
        var local = db.Set<ForeignCertificateRow>().Local
            .Where(r => r.Number == number && (from == null || r.FromCountry == from) && r.State != ForeignCertificateState.NotReadable)
            .OrderByDescending(r => r.ReceivedAt).FirstOrDefault();
        if (local is not null)
        {
            return local;
        }

        var query = db.Set<ForeignCertificateRow>().Where(r => r.Number == number && r.State != ForeignCertificateState.NotReadable);
        query = from is null ? query : query.Where(r => r.FromCountry == from);
        return await query.OrderByDescending(r => r.ReceivedAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>Codes of the certificate our code lists do not know today: countries (ISO 3166-1), the transport mode (Rec 19), units (Rec 20).</summary>
    private async Task<List<Message>> WarningsAsync(IReadOnlyDictionary<string, string> f, CancellationToken ct)
    {
        var snapshot = await codes.CurrentAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var warnings = new List<Message>();
        foreach (var (field, value) in f.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            var leaf = field.Contains('.', StringComparison.Ordinal) ? field[(field.IndexOf('.', StringComparison.Ordinal) + 1)..] : field;
            var system = leaf switch
            {
                "exportCountry" or "importCountry" or "transitCountry" or "originCountry" => "iso-3166-1",
                "transportMode" => "unece-rec19",
                "unit" or "netWeightUnit" or "grossWeightUnit" => "unece-rec20",
                _ => null,
            };
            if (system is not null && snapshot.Check(system, value, today) is { } problem)
            {
                warnings.Add(new Message("foreign.code-warning", field, value, problem));
            }
        }

        return warnings;
    }

    private async Task<AcceptOutcome> RejectionAsync(GqDbContext db, ReceivedEnvelope e, CancellationToken ct)
    {
        var rows = db.Set<BorderRejectionRow>();
        var seen = rows.Local.FirstOrDefault(r => r.Direction == RejectionDirection.Received && r.HubDeliveryNumber == e.HubDeliveryNumber)
            ?? await rows.FirstOrDefaultAsync(r => r.Direction == RejectionDirection.Received && r.HubDeliveryNumber == e.HubDeliveryNumber, ct);
        if (seen is not null)
        {
            return new AcceptOutcome(HubTrackingState.Delivered, null);
        }

        if (BorderRejectionNotice.Read(e.Content) is not { } notice)
        {
            return new AcceptOutcome(HubTrackingState.DeliveredNotReadable,
                new Message("foreign.notice.not-readable", BorderRejectionNotice.Namespace.NamespaceName, BorderRejectionNotice.Problem(e.Content)));
        }

        if (rows.Local.Any(r => r.Direction == RejectionDirection.Received && r.Reference == notice.Reference) ||
            await rows.AnyAsync(r => r.Direction == RejectionDirection.Received && r.Reference == notice.Reference, ct))
        {
            return new AcceptOutcome(HubTrackingState.Delivered, new Message("foreign.notice.duplicate", notice.Reference));
        }

        var now = clock.GetUtcNow();
        db.Add(BorderRejectionRow.Create(Ids.New(clock), RejectionDirection.Received, notice.Reference, notice.DeclarationNumber, notice.CertificateNumber, notice.ImportingCountry,
            notice.ExportingCountry, notice.Consignor, notice.Nature, e.Content, e.HubDeliveryNumber, notice.Date, now));
        return new AcceptOutcome(HubTrackingState.Delivered, null);
    }

    /// <summary>
    /// A certificate that cannot be read: kept with the reason coded (shown in the reader's language), while the hub is
    /// answered with the English text.
    /// </summary>
    private AcceptOutcome NotReadable(GqDbContext db, ReceivedEnvelope e, string from, Message reason, DateTimeOffset now)
    {
        var stored = reason.Store(ForeignCertificateRow.MaxReason);
        db.Add(ForeignCertificateRow.Create(Ids.New(clock), e.HubDeliveryNumber, e.NppoCertificateNumber, from, e.CertificateType, e.CertificateStatus, null, null, null, null,
            e.Content, ForeignCertificateState.NotReadable, null, stored, HubTrackingState.DeliveredNotReadable, stored, now));
        return new AcceptOutcome(HubTrackingState.DeliveredNotReadable, reason);
    }

    /// <summary>A name as the list and the check keep it (256 characters; the certificate's record keeps it whole).</summary>
    private static string? Cut(string? name) => name is { Length: > 256 } ? name[..255] + "…" : name;
}

/// <summary>
/// The notice of non-compliance (ISPM 13) this platform sends and reads, as a small XML document in our own namespace
/// (<c>urn:goldenquality:international:non-compliance:1</c>; docs/international.md has the schema in words).
/// </summary>
internal sealed record BorderRejectionNotice(
    string Reference, DateTimeOffset Date, string ImportingCountry, string ExportingCountry, string CertificateNumber, string? DeclarationNumber, string? Consignor,
    string Consignment, string Nature, string Action)
{
    public static readonly XNamespace Namespace = "urn:goldenquality:international:non-compliance:1";

    public string ToXml()
    {
        var n = Namespace;
        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null),
            new XElement(n + "NonComplianceNotice",
                new XElement(n + "Reference", Reference),
                new XElement(n + "Date", Date.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)),
                new XElement(n + "ImportingCountry", ImportingCountry),
                new XElement(n + "ExportingCountry", ExportingCountry),
                new XElement(n + "CertificateNumber", CertificateNumber),
                DeclarationNumber is null ? null : new XElement(n + "ImportDeclaration", DeclarationNumber),
                Consignor is null ? null : new XElement(n + "Consignor", Consignor),
                new XElement(n + "Consignment", Consignment),
                new XElement(n + "NatureOfNonCompliance", Nature),
                new XElement(n + "ActionTaken", Action)));
        return document.Declaration + "\n" + document.Root;
    }

    /// <summary>Reads a notice; null when it is not one (see <see cref="Problem"/>).</summary>
    public static BorderRejectionNotice? Read(string xml) => TryRead(xml, out var notice, out _) ? notice : null;

    public static string Problem(string xml) => TryRead(xml, out _, out var problem) ? "" : problem;

    private static bool TryRead(string xml, out BorderRejectionNotice? notice, out string problem)
    {
        notice = null;
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 1_000_000 });
            document = XDocument.Load(reader);
        }
        catch (XmlException x)
        {
            problem = x.Message;
            return false;
        }

        var n = Namespace;
        var root = document.Root!;
        if (root.Name != n + "NonComplianceNotice")
        {
            problem = $"the root element is {{{root.Name.NamespaceName}}}{root.Name.LocalName}";
            return false;
        }

        string? T(string name) => root.Element(n + name)?.Value.Trim() is { Length: > 0 } v ? v : null;
        var missing = new[] { "Reference", "Date", "ImportingCountry", "ExportingCountry", "CertificateNumber", "NatureOfNonCompliance" }.Where(x => T(x) is null).ToArray();
        if (missing.Length > 0)
        {
            problem = $"{string.Join(", ", missing)} required";
            return false;
        }

        if (!DateTimeOffset.TryParse(T("Date"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            problem = $"Date '{T("Date")}' is not an ISO 8601 date-time";
            return false;
        }

        notice = new BorderRejectionNotice(T("Reference")!, date, T("ImportingCountry")!, T("ExportingCountry")!, T("CertificateNumber")!, T("ImportDeclaration"), T("Consignor"),
            T("Consignment") ?? "", T("NatureOfNonCompliance")!, T("ActionTaken") ?? "");
        problem = "";
        return true;
    }
}
