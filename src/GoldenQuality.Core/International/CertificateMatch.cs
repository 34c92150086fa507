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
        ForeignCertificateCheck check;
        if (row is null)
        {
            var unreadable = await db.Set<ForeignCertificateRow>().AsNoTracking()
                .Where(r => r.Number == cited && r.State == ForeignCertificateState.NotReadable).OrderByDescending(r => r.ReceivedAt).FirstOrDefaultAsync(ct);
            check = unreadable is not null
                ? new ForeignCertificateCheck(CertificateCheckOutcome.NotReadable, cited, null, unreadable.FromCountry, [], 0,
                    $"certificate {cited} arrived through the hub (envelope {unreadable.HubDeliveryNumber}) but could not be read: {unreadable.Reason}")
                : new ForeignCertificateCheck(CertificateCheckOutcome.NotReceived, cited, null, null, [], 0,
                    $"no certificate {cited} has arrived through the hub, so it cannot vouch for the consignment");
            Record(db, import, check, unreadable?.Id);
            return check;
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
        var via = replaced is null ? "" : $" (cited {cited} was replaced: {string.Join(" → ", chain)})";
        var fields = row.RecordJson is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(row.RecordJson)!;
        var rejections = await ExporterRejectionsAsync(db, row.ConsignorName, ct);
        if (row.State == ForeignCertificateState.Replaced)
        {
            check = new ForeignCertificateCheck(CertificateCheckOutcome.Mismatched, row.Number, replaced, row.FromCountry,
                [new FieldMismatch(Field(import.CertificateDocument, "number"), "replacedBy", row.ReplacedBy, cited,
                    $"certificate {row.Number} was replaced by {row.ReplacedBy}, which has not arrived through the hub")], rejections,
                $"the certificate in force{via} has not arrived: {row.Number} was replaced by {row.ReplacedBy}");
        }
        else if (row.State == ForeignCertificateState.Withdrawn)
        {
            check = new ForeignCertificateCheck(CertificateCheckOutcome.Withdrawn, row.Number, replaced, row.FromCountry, [], rejections,
                $"certificate {row.Number}{via} was withdrawn by the issuing authority of {row.FromCountry}: {row.Reason}");
        }
        else
        {
            var mismatches = await CompareAsync(import, fields, ct);
            check = mismatches.Count == 0
                ? new ForeignCertificateCheck(CertificateCheckOutcome.Matched, row.Number, replaced, row.FromCountry, [], rejections,
                    $"certificate {row.Number}{via} from {row.FromCountry} is in force and agrees with the declaration on every field checked")
                : new ForeignCertificateCheck(CertificateCheckOutcome.Mismatched, row.Number, replaced, row.FromCountry, [.. mismatches], rejections,
                    string.Create(CultureInfo.InvariantCulture, $"certificate {row.Number}{via} disagrees with the declaration on {mismatches.Count} field(s): ") +
                    string.Join("; ", mismatches.Select(m => $"{m.Field} '{m.DeclaredValue}' vs {m.CertificateField} '{m.CertificateValue}'")));
        }

        Record(db, import, check, row.Id);
        return check;
    }

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

    private void Record(GqDbContext db, ImportConsignment import, ForeignCertificateCheck check, Guid? certificateId) =>
        db.Add(CertificateCheckRow.Create(Ids.New(clock), import.DeclarationNumber, import.CertificateNumber.Trim(), check, certificateId,
            JsonSerializer.Serialize(check.Mismatches, Json), clock.GetUtcNow()));

    /// <summary>Every disagreement between the declaration (and the import conditions) and the certificate's fields.</summary>
    internal async Task<List<FieldMismatch>> CompareAsync(ImportConsignment import, IReadOnlyDictionary<string, string> f, CancellationToken ct)
    {
        string? V(string name) => f.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        var m = new List<FieldMismatch>();

        // Consignor: the foreign exporter, by name.
        var consignor = V("consignorName");
        if (!SameName(consignor, import.ConsignorName))
        {
            m.Add(new FieldMismatch("consignorName", "consignorName", consignor, import.ConsignorName,
                import.ConsignorName is null ? "the declaration names no consignor, so the certificate's cannot be confirmed" : "the consignor differs"));
        }

        // Consignee: the certificate's ID is the importer's USCC; without an ID its name is the registered enterprise's.
        var consigneeId = V("consigneeId");
        var consigneeName = V("consigneeName");
        if (consigneeId is not null)
        {
            if (!string.Equals(consigneeId.Trim(), import.ConsigneeUscc, StringComparison.OrdinalIgnoreCase))
            {
                m.Add(new FieldMismatch("consigneeUscc", "consigneeId", consigneeId, import.ConsigneeUscc, "the consignee's identifier is not the declared consignee's USCC"));
            }
        }
        else
        {
            var enterprise = import.ConsigneeUscc is null ? null : await registry.FindEnterpriseAsync(import.ConsigneeUscc, ct);
            if (enterprise is null || !(SameName(consigneeName, enterprise.NameZh) || SameName(consigneeName, enterprise.NameEn)))
            {
                m.Add(new FieldMismatch("consigneeUscc", "consigneeName", consigneeName, enterprise is null ? import.ConsigneeUscc : $"{enterprise.NameZh} / {enterprise.NameEn} ({enterprise.Uscc})",
                    "the certificate has no consignee ID and its consignee's name is not the registered name of the declared consignee"));
            }
        }

        // Origin: the export country, and each line's origin.
        var exportCountry = V("exportCountry");
        if (!string.Equals(exportCountry, import.Country, StringComparison.OrdinalIgnoreCase))
        {
            m.Add(new FieldMismatch("country", "exportCountry", exportCountry, import.Country, "the exporting country differs"));
        }

        // Means of transport: the Rec 19 mode (both sides code it in UN/ECE Rec 19, so no mapping is needed) and the vessel's name.
        var mode = V("transportMode");
        if (mode is not null && !string.Equals(mode, import.TransportMode, StringComparison.Ordinal))
        {
            m.Add(new FieldMismatch("transportMode", "transportMode", mode, import.TransportMode, "the mode of transport (UN/ECE Rec 19) differs"));
        }

        var vessel = V("transportMeans");
        if (vessel is not null && !SameName(vessel, VesselOf(import.TransportMeans)) && !SameName(vessel, import.TransportMeans))
        {
            m.Add(new FieldMismatch("transportMeans", "transportMeans", vessel, import.TransportMeans, "the means of transport (vessel) differs"));
        }

        // The goods, line by line: the certificate's trade lines in order against the declaration's.
        var items = f.Keys.Select(k => k.StartsWith("items[", StringComparison.Ordinal) && k.IndexOf(']', StringComparison.Ordinal) is var end and > 6
                && int.TryParse(k.AsSpan(6, end - 6), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1)
            .Where(i => i >= 0).Distinct().Order().ToArray();
        if (items.Length != import.Lines.Length)
        {
            m.Add(new FieldMismatch("lines", "items", items.Length.ToString(CultureInfo.InvariantCulture), import.Lines.Length.ToString(CultureInfo.InvariantCulture),
                "the certificate and the declaration have a different number of goods lines"));
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
                m.Add(new FieldMismatch(d + "placeOfOrigin", p + "originCountry", origin, declaredOrigin, "the country of origin differs"));
            }

            var hs = V(p + "commodityCode");
            var six = new string((hs ?? "").Where(char.IsAsciiDigit).ToArray());
            if (hs is null || six.Length < 6 || line.HsCode.Length < 6 || six[..6] != line.HsCode[..6])
            {
                m.Add(new FieldMismatch(d + "hsCode", p + "commodityCode", hs, line.HsCode, "the HS code differs at six digits"));
            }

            CompareQuantity(m, line, d, p, V);
            var heading = line.HsCode.Length >= 4 ? line.HsCode[..4] : line.HsCode;
            foreach (var condition in conditions.For(line.HsCode, import.Country))
            {
                var where = string.Create(CultureInfo.InvariantCulture, $"import condition for heading {heading} from {condition.ExportingCountry} (import-conditions.csv line {condition.Line})");
                var treatment = V(p + "treatment");
                var details = V(p + "treatmentDetails");
                if (condition.TreatmentCode is { } code && !string.Equals(treatment, code, StringComparison.OrdinalIgnoreCase))
                {
                    m.Add(new FieldMismatch(d + "hsCode", p + "treatment", treatment, code, $"the {where} asks for treatment {code}"));
                }

                if (condition.TreatmentText is { } text && (details is null || !details.Contains(text, StringComparison.OrdinalIgnoreCase)))
                {
                    m.Add(new FieldMismatch(d + "hsCode", p + "treatmentDetails", details, text, $"the {where} asks for a treatment described as '{text}'"));
                }

                var additional = V("additionalDeclaration");
                if (condition.AdditionalDeclaration is { } declaration && (additional is null || !additional.Contains(declaration, StringComparison.OrdinalIgnoreCase)))
                {
                    m.Add(new FieldMismatch(d + "hsCode", "additionalDeclaration", additional, declaration, $"the {where} asks for the additional declaration '{declaration}'"));
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
                m.Add(new FieldMismatch(d + declaredField, p + "netWeight", $"{netText} {unit}", declared?.ToString(CultureInfo.InvariantCulture),
                    kg is null ? $"the net weight's unit {unit} cannot be compared with kilograms" : "the declaration gives no net weight in kilograms"));
            }
            else if (kg.Value != declared.Value)
            {
                m.Add(new FieldMismatch(d + declaredField, p + "netWeight", string.Create(CultureInfo.InvariantCulture, $"{netText} {unit}"),
                    string.Create(CultureInfo.InvariantCulture, $"{declared.Value} KGM"), "the net weight differs"));
            }

            compared = true;
        }

        if (V(p + "quantity") is { } qText && decimal.TryParse(qText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var quantity))
        {
            var unit = V(p + "unit");
            if (!string.Equals(unit, line.Unit, StringComparison.Ordinal))
            {
                m.Add(new FieldMismatch(d + "unit", p + "unit", unit, line.Unit, "the unit of quantity differs"));
            }
            else if (quantity != line.Quantity)
            {
                m.Add(new FieldMismatch(d + "quantity", p + "quantity", qText, line.Quantity.ToString(CultureInfo.InvariantCulture), "the quantity differs"));
            }

            compared = true;
        }

        if (!compared)
        {
            m.Add(new FieldMismatch(d + "quantity", p + "netWeight", null, line.Quantity.ToString(CultureInfo.InvariantCulture), "the certificate states neither a net weight nor a quantity"));
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
