using System.Globalization;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.International.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GoldenQuality.International;

/// <summary>
/// Checks the foreign certificate an import cites, field by field (<see cref="IForeignCertificates"/>): consignor,
/// consignee, origin, HS code, quantity and unit, means of transport, treatment and additional declarations (against
/// the illustrative import conditions). Follows a replacement chain from the cited number to the certificate in force;
/// counts the consignor's border rejections in the look-back; records the check in <c>in_certificate_checks</c>.
/// </summary>
internal sealed class CertificateMatcher(IRegistryDirectory registry, ImportConditions conditions, IOptions<ForeignCertificateOptions> options, TimeProvider clock)
    : IForeignCertificates, ICertificateDecisions
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ForeignCertificateCheck> CheckAsync(GqDbContext db, ImportConsignment import, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(import);
        var o = options.Value;
        var cited = import.CertificateNumber.Trim();
        var country = import.Country.Trim().ToUpperInvariant();
        var row = await ReceivedEnvelopes.FindAsync(db, cited, country, ct) ?? await ReceivedEnvelopes.FindAsync(db, cited, null, ct);
        if (row is null)
        {
            var unreadable = await db.Set<ForeignCertificateRow>().AsNoTracking()
                .Where(r => r.Number == cited && r.State == ForeignCertificateState.NotReadable).OrderByDescending(r => r.ReceivedAt).FirstOrDefaultAsync(ct);
            return unreadable is not null
                ? Record(db, import, CertificateCheckOutcome.NotReadable, cited, null, unreadable.FromCountry, [], 0,
                    new Message("foreign.check.not-readable", cited, unreadable.HubDeliveryNumber, Stored(unreadable.Reason)), unreadable.Id)
                : Record(db, import, CertificateCheckOutcome.NotReceived, cited, null, null, [], 0, new Message("foreign.check.not-received", cited), null);
        }

        // The chain of replacements, from the cited certificate to the one in force.
        var chain = new List<string> { row.Number };
        while (row.State == ForeignCertificateState.Replaced && row.ReplacedBy is { } next && chain.Count <= o.MaxReplacementChain)
        {
            var replacement = await ReceivedEnvelopes.FindAsync(db, next, row.FromCountry, ct);
            if (replacement is null || chain.Contains(replacement.Number, StringComparer.Ordinal))
            {
                break;
            }

            row = replacement;
            chain.Add(row.Number);
        }

        var replaced = chain.Count > 1 ? cited : null;
        object via = replaced is null ? "" : new Message("foreign.check.via", cited, string.Join(" → ", chain));
        var fields = row.RecordJson is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(row.RecordJson)!;
        var rejections = await ExporterRejectionsAsync(db, row.ConsignorName, ct);
        if (row.State == ForeignCertificateState.Replaced)
        {
            return Record(db, import, CertificateCheckOutcome.Mismatched, row.Number, replaced, row.FromCountry,
                [Mismatch(Field(import.CertificateDocument, "number"), "replacedBy", row.ReplacedBy, cited, new Message("foreign.mismatch.replaced", row.Number, row.ReplacedBy))], rejections,
                new Message("foreign.check.replaced", via, row.Number, row.ReplacedBy), row.Id);
        }

        if (row.State == ForeignCertificateState.Withdrawn)
        {
            return Record(db, import, CertificateCheckOutcome.Withdrawn, row.Number, replaced, row.FromCountry, [], rejections,
                new Message("foreign.check.withdrawn", row.Number, via, row.FromCountry, Stored(row.Reason)), row.Id);
        }

        var mismatches = await CompareAsync(import, fields, ct);
        return mismatches.Count == 0
            ? Record(db, import, CertificateCheckOutcome.Matched, row.Number, replaced, row.FromCountry, [], rejections,
                new Message("foreign.check.matched", row.Number, via, row.FromCountry), row.Id)
            : Record(db, import, CertificateCheckOutcome.Mismatched, row.Number, replaced, row.FromCountry, mismatches, rejections,
                new Message("foreign.check.mismatched", row.Number, via, mismatches.Count,
                    string.Join("; ", mismatches.Select(x => $"{x.Field} '{x.DeclaredValue}' vs {x.CertificateField} '{x.CertificateValue}'"))), row.Id);
    }

    /// <summary>A reason kept on a certificate (a stored message or the issuing authority's text) as a message.</summary>
    private static Message Stored(string? reason) => Message.FromStored(reason) ?? new Message("text", "");

    /// <summary>A disagreement, its reason kept coded (<see cref="Message.Store"/>) so that whoever shows it shows it in the reader's language.</summary>
    private static FieldMismatch Mismatch(string field, string certificateField, string? certificateValue, string? declaredValue, Message reason) =>
        new(field, certificateField, certificateValue, declaredValue, reason.Store());

    /// <summary>Border rejections this node made of consignments of the same consignor (by name) within the look-back.</summary>
    private async Task<int> ExporterRejectionsAsync(GqDbContext db, string? consignor, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(consignor))
        {
            return 0;
        }

        var key = BorderRejectionRow.KeyOf(consignor);
        var since = clock.GetUtcNow().AddDays(-options.Value.ExporterLookBackDays);
        return await db.Set<BorderRejectionRow>().AsNoTracking().CountAsync(r => r.Direction == RejectionDirection.Sent && r.ConsignorKey == key && r.At >= since, ct);
    }

    /// <summary>
    /// Records the check and returns it, its explanation and mismatch reasons coded (the risk engine quotes them and the
    /// pages show them in the reader's language).
    /// </summary>
    private ForeignCertificateCheck Record(GqDbContext db, ImportConsignment import, CertificateCheckOutcome outcome, string number, string? replaced, string? fromCountry,
        List<FieldMismatch> mismatches, int rejections, Message explanation, Guid? certificateId)
    {
        var check = new ForeignCertificateCheck(outcome, number, replaced, fromCountry, [.. mismatches], rejections,
            explanation.Store(CertificateCheckRow.MaxExplanation));
        db.Add(CertificateCheckRow.Create(Ids.New(clock), import.DeclarationNumber, import.CertificateNumber.Trim(), check, check.Explanation, certificateId,
            JsonSerializer.Serialize(check.Mismatches, Json), clock.GetUtcNow()));
        return check;
    }

    /// <summary>Every disagreement between the declaration (and the import conditions) and the certificate's fields.</summary>
    internal async Task<List<FieldMismatch>> CompareAsync(ImportConsignment import, IReadOnlyDictionary<string, string> f, CancellationToken ct)
    {
        string? V(string name) => f.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        var m = new List<FieldMismatch>();

        // Consignor: the foreign exporter, by name.
        var consignor = V("consignorName");
        if (!SameName(consignor, import.ConsignorName))
        {
            m.Add(Mismatch("consignorName", "consignorName", consignor, import.ConsignorName,
                new Message(import.ConsignorName is null ? "foreign.mismatch.no-consignor" : "foreign.mismatch.consignor")));
        }

        // Consignee: the certificate's ID is the importer's USCC; without an ID its name is the registered enterprise's.
        var consigneeId = V("consigneeId");
        var consigneeName = V("consigneeName");
        if (consigneeId is not null)
        {
            if (!string.Equals(consigneeId.Trim(), import.ConsigneeUscc, StringComparison.OrdinalIgnoreCase))
            {
                m.Add(Mismatch("consigneeUscc", "consigneeId", consigneeId, import.ConsigneeUscc, new Message("foreign.mismatch.consignee-id")));
            }
        }
        else
        {
            var enterprise = import.ConsigneeUscc is null ? null : await registry.FindEnterpriseAsync(import.ConsigneeUscc, ct);
            if (enterprise is null || !(SameName(consigneeName, enterprise.NameZh) || SameName(consigneeName, enterprise.NameEn)))
            {
                m.Add(Mismatch("consigneeUscc", "consigneeName", consigneeName, enterprise is null ? import.ConsigneeUscc : $"{enterprise.NameZh} / {enterprise.NameEn} ({enterprise.Uscc})",
                    new Message("foreign.mismatch.consignee-name")));
            }
        }

        // Origin: the export country, and each line's origin.
        var exportCountry = V("exportCountry");
        if (!string.Equals(exportCountry, import.Country, StringComparison.OrdinalIgnoreCase))
        {
            m.Add(Mismatch("country", "exportCountry", exportCountry, import.Country, new Message("foreign.mismatch.country")));
        }

        // Means of transport: the Rec 19 mode (both sides code it in UN/ECE Rec 19, so no mapping is needed) and the vessel's name.
        var mode = V("transportMode");
        if (mode is not null && !string.Equals(mode, import.TransportMode, StringComparison.Ordinal))
        {
            m.Add(Mismatch("transportMode", "transportMode", mode, import.TransportMode, new Message("foreign.mismatch.transport-mode")));
        }

        var vessel = V("transportMeans");
        if (vessel is not null && !SameName(vessel, VesselOf(import.TransportMeans)) && !SameName(vessel, import.TransportMeans))
        {
            m.Add(Mismatch("transportMeans", "transportMeans", vessel, import.TransportMeans, new Message("foreign.mismatch.vessel")));
        }

        // The goods, line by line: the certificate's trade lines in order against the declaration's.
        var items = f.Keys.Select(k => k.StartsWith("items[", StringComparison.Ordinal) && k.IndexOf(']', StringComparison.Ordinal) is var end and > 6
                && int.TryParse(k.AsSpan(6, end - 6), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1)
            .Where(i => i >= 0).Distinct().Order().ToArray();
        if (items.Length != import.Lines.Length)
        {
            m.Add(Mismatch("lines", "items", items.Length.ToString(CultureInfo.InvariantCulture), import.Lines.Length.ToString(CultureInfo.InvariantCulture),
                new Message("foreign.mismatch.lines")));
        }

        foreach (var (line, k) in import.Lines.Select((l, k) => (l, k)))
        {
            if (k >= items.Length)
            {
                break;
            }

            var p = string.Create(CultureInfo.InvariantCulture, $"items[{items[k]}].");
            var d = string.Create(CultureInfo.InvariantCulture, $"lines[{line.Index}].");
            var origin = V(p + "originCountry");
            var declaredOrigin = line.PlaceOfOrigin?.Trim();
            if (origin is not null && declaredOrigin is { Length: 2 } && !string.Equals(origin, declaredOrigin, StringComparison.OrdinalIgnoreCase))
            {
                m.Add(Mismatch(d + "placeOfOrigin", p + "originCountry", origin, declaredOrigin, new Message("foreign.mismatch.origin")));
            }

            var hs = V(p + "commodityCode");
            var six = new string((hs ?? "").Where(char.IsAsciiDigit).ToArray());
            if (hs is null || six.Length < 6 || line.HsCode.Length < 6 || six[..6] != line.HsCode[..6])
            {
                m.Add(Mismatch(d + "hsCode", p + "commodityCode", hs, line.HsCode, new Message("foreign.mismatch.hs")));
            }

            CompareQuantity(m, line, d, p, V);
            var heading = line.HsCode.Length >= 4 ? line.HsCode[..4] : line.HsCode;
            foreach (var condition in conditions.For(line.HsCode, import.Country))
            {
                var where = new Message("foreign.condition", heading, condition.ExportingCountry, condition.Line);
                var treatment = V(p + "treatment");
                var details = V(p + "treatmentDetails");
                if (condition.TreatmentCode is { } code && !string.Equals(treatment, code, StringComparison.OrdinalIgnoreCase))
                {
                    m.Add(Mismatch(d + "hsCode", p + "treatment", treatment, code, new Message("foreign.mismatch.treatment", where, code)));
                }

                if (condition.TreatmentText is { } text && (details is null || !details.Contains(text, StringComparison.OrdinalIgnoreCase)))
                {
                    m.Add(Mismatch(d + "hsCode", p + "treatmentDetails", details, text, new Message("foreign.mismatch.treatment-text", where, text)));
                }

                var additional = V("additionalDeclaration");
                if (condition.AdditionalDeclaration is { } declaration && (additional is null || !additional.Contains(declaration, StringComparison.OrdinalIgnoreCase)))
                {
                    m.Add(Mismatch(d + "hsCode", "additionalDeclaration", additional, declaration, new Message("foreign.mismatch.additional", where, declaration)));
                }
            }
        }

        return m;
    }

    /// <summary>Net weight against the declared net weight (kg), or the certificate's quantity against the line's in the same unit; tolerance 0.</summary>
    private static void CompareQuantity(List<FieldMismatch> m, ConsignmentLine line, string d, string p, Func<string, string?> V)
    {
        var compared = false;
        if (V(p + "netWeight") is { } netText && decimal.TryParse(netText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var net))
        {
            var unit = V(p + "netWeightUnit") ?? "KGM";
            var kg = unit switch { "KGM" => net, "TNE" => net * 1000m, "GRM" => net / 1000m, _ => (decimal?)null };
            var declared = line.NetWeightKg ?? (line.Unit == "KGM" ? line.Quantity : null);
            var declaredField = line.NetWeightKg is not null ? "netWeightKg" : "quantity";
            if (kg is null || declared is null)
            {
                m.Add(Mismatch(d + declaredField, p + "netWeight", $"{netText} {unit}", declared?.ToString(CultureInfo.InvariantCulture),
                    kg is null ? new Message("foreign.mismatch.net-unit", unit) : new Message("foreign.mismatch.no-net")));
            }
            else if (kg.Value != declared.Value)
            {
                m.Add(Mismatch(d + declaredField, p + "netWeight", string.Create(CultureInfo.InvariantCulture, $"{netText} {unit}"),
                    string.Create(CultureInfo.InvariantCulture, $"{declared.Value} KGM"), new Message("foreign.mismatch.net")));
            }

            compared = true;
        }

        if (V(p + "quantity") is { } qText && decimal.TryParse(qText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var quantity))
        {
            var unit = V(p + "unit");
            if (!string.Equals(unit, line.Unit, StringComparison.Ordinal))
            {
                m.Add(Mismatch(d + "unit", p + "unit", unit, line.Unit, new Message("foreign.mismatch.unit")));
            }
            else if (quantity != line.Quantity)
            {
                m.Add(Mismatch(d + "quantity", p + "quantity", qText, line.Quantity.ToString(CultureInfo.InvariantCulture), new Message("foreign.mismatch.quantity")));
            }

            compared = true;
        }

        if (!compared)
        {
            m.Add(Mismatch(d + "quantity", p + "netWeight", null, line.Quantity.ToString(CultureInfo.InvariantCulture), new Message("foreign.mismatch.no-quantity")));
        }
    }

    private static string? VesselOf(string? means) => means?.Split('/')[0].Trim();

    private static bool SameName(string? a, string? b) =>
        a is not null && b is not null && string.Equals(BorderRejectionRow.KeyOf(a), BorderRejectionRow.KeyOf(b), StringComparison.Ordinal);

    private static string Field(int document, string name) => string.Create(CultureInfo.InvariantCulture, $"documents[{document}].{name}");

    public async Task RecordDecisionAsync(GqDbContext db, string declarationNumber, string office, string outcome, int score, string reasons, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = db.Set<CertificateCheckRow>().Local.Where(c => c.DeclarationNumber == declarationNumber).OrderByDescending(c => c.CheckedAt).ThenByDescending(c => c.Id).FirstOrDefault()
            ?? await db.Set<CertificateCheckRow>().Where(c => c.DeclarationNumber == declarationNumber).OrderByDescending(c => c.CheckedAt).ThenByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        row?.Decided(office, outcome, score, reasons);
    }
}
