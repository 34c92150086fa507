using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GoldenQuality.Codes;

/// <summary>A code system and one of its versions, written <c>system:version</c> (e.g. <c>hs:2022</c>).</summary>
public readonly record struct CodeRef(string System, string Version)
{
    public static bool TryParse(string? text, out CodeRef value)
    {
        var parts = text?.Trim().Split(':', 2);
        if (parts is [{ Length: > 0 } system, { Length: > 0 } version])
        {
            value = new CodeRef(system.ToLowerInvariant(), version);
            return true;
        }

        value = default;
        return false;
    }

    public override string ToString() => $"{System}:{Version}";
}

/// <summary>The kinds of canonical record the adapters produce.</summary>
public enum RecordKind
{
    Declaration,
    Enterprise,
    Measurement,
    Permit,

    /// <summary>An LPCO of a ministry's register (a quarantine permit of the MOA, a waste import licence of the MEP).</summary>
    Lpco,

    /// <summary>An enterprise's credit class in the central bank's register.</summary>
    CreditRecord,
}

/// <summary>The type of a canonical field; values travel as invariant text.</summary>
public enum FieldType
{
    /// <summary>Free text.</summary>
    Text,
    /// <summary>A code of the system the field's role names.</summary>
    Code,
    /// <summary><c>yyyy-MM-dd</c>.</summary>
    Date,
    /// <summary>ISO 8601 with offset, or a date.</summary>
    DateTime,
    /// <summary>Invariant decimal, '.' as separator.</summary>
    Decimal,
    /// <summary>Invariant integer.</summary>
    Integer,
}

/// <summary>One field of a canonical record shape; <see cref="Role"/> says which coding a code field follows.</summary>
public sealed record FieldSpec(string Name, FieldType Type, string? Role = null, bool Required = false);

/// <summary>
/// The canonical record shapes. A record is a flat set of fields; goods lines are <c>items[n].field</c>.
/// The shapes are the contract between the legacy adapters, document translation and the modules that
/// take the records over (Declarations, Registry, Supervision, Certificates).
/// </summary>
public static class RecordShapes
{
    private static readonly Dictionary<RecordKind, (string[] Key, FieldSpec[] Fields)> Shapes = new()
    {
        [RecordKind.Declaration] = (["declarationNo"],
        [
            new("declarationNo", FieldType.Text, Required: true),
            new("direction", FieldType.Text),
            new("declaredAt", FieldType.Date),
            new("ciqOffice", FieldType.Text),
            new("declarantUscc", FieldType.Text),
            new("consignorName", FieldType.Text),
            new("consigneeName", FieldType.Text),
            new("tradeCountry", FieldType.Code, "country"),
            new("portOfLoading", FieldType.Code, "port"),
            new("portOfEntry", FieldType.Code, "port"),
            new("transportMode", FieldType.Code, "transport-mode"),
            new("tradeMode", FieldType.Code, "trade-mode"),
            new("currency", FieldType.Code, "currency"),
            new("totalValue", FieldType.Decimal),
            new("items[].seq", FieldType.Integer),
            new("items[].commodityCode", FieldType.Code, "commodity"),
            new("items[].description", FieldType.Text),
            new("items[].quantity", FieldType.Decimal),
            new("items[].unit", FieldType.Code, "unit"),
            new("items[].netWeightKg", FieldType.Decimal),
            new("items[].value", FieldType.Decimal),
            new("items[].originCountry", FieldType.Code, "country"),
        ]),
        [RecordKind.Permit] = (["permitNo"],
        [
            new("permitNo", FieldType.Text, Required: true),
            new("permitType", FieldType.Text),
            new("status", FieldType.Text),
            new("issuedAt", FieldType.DateTime),
            new("issuer", FieldType.Text),
            new("issueLocation", FieldType.Text),
            new("signatory", FieldType.Text),
            new("declarationNo", FieldType.Text),
            new("consignorName", FieldType.Text),
            new("consignorId", FieldType.Text),
            new("consignorAddress", FieldType.Text),
            new("consigneeName", FieldType.Text),
            new("consigneeId", FieldType.Text),
            new("consigneeAddress", FieldType.Text),
            new("exportCountry", FieldType.Code, "country"),
            new("importCountry", FieldType.Code, "country"),
            new("transitCountry", FieldType.Code, "country"),
            new("portOfEntry", FieldType.Code, "port"),
            new("portOfEntryName", FieldType.Text),
            new("transportMode", FieldType.Code, "transport-mode"),
            new("transportMeans", FieldType.Text),
            new("voyageNo", FieldType.Text),
            new("sealNo", FieldType.Text),
            new("additionalDeclaration", FieldType.Text),
            new("validUntil", FieldType.Date),
            new("replacesNo", FieldType.Text),
            new("replacementReason", FieldType.Text),
            new("replacedAt", FieldType.Text),
            new("items[].seq", FieldType.Integer),
            new("items[].description", FieldType.Text),
            new("items[].commonName", FieldType.Text),
            new("items[].scientificName", FieldType.Text),
            new("items[].intendedUse", FieldType.Text),
            new("items[].commodityCode", FieldType.Code, "commodity"),
            new("items[].quantity", FieldType.Decimal),
            new("items[].unit", FieldType.Code, "unit"),
            new("items[].netWeight", FieldType.Decimal),
            new("items[].netWeightUnit", FieldType.Code, "unit"),
            new("items[].grossWeight", FieldType.Decimal),
            new("items[].grossWeightUnit", FieldType.Code, "unit"),
            new("items[].packageCount", FieldType.Decimal),
            new("items[].packageType", FieldType.Text),
            new("items[].originCountry", FieldType.Code, "country"),
            new("items[].treatment", FieldType.Text),
            new("items[].treatmentDetails", FieldType.Text),
            new("items[].treatmentStart", FieldType.Text),
            new("items[].treatmentEnd", FieldType.Text),
        ]),
        [RecordKind.Enterprise] = (["uscc"],
        [
            new("uscc", FieldType.Text, Required: true),
            new("nameZh", FieldType.Text, Required: true),
            new("nameEn", FieldType.Text),
            new("address", FieldType.Text),
            new("areaCode", FieldType.Text),
            new("legalRepresentative", FieldType.Text),
            new("phone", FieldType.Text),
            new("productCode", FieldType.Code, "product"),
            new("licenceNo", FieldType.Text),
            new("licenceValidTo", FieldType.Date),
        ]),
        [RecordKind.Measurement] = (["lineId", "lotNo", "parameter", "measuredAt"],
        [
            new("lineId", FieldType.Text, Required: true),
            new("lotNo", FieldType.Text, Required: true),
            new("parameter", FieldType.Text, Required: true),
            new("value", FieldType.Decimal, Required: true),
            new("unit", FieldType.Code, "unit"),
            new("measuredAt", FieldType.DateTime, Required: true),
            new("enterpriseUscc", FieldType.Text),
        ]),
        // The ministries' registers (issue 14): an LPCO as the issuing ministry's system exports it (ports separated by
        // ';', the legacy remaining or used quantity as that system had it) and a credit record as the central bank's
        // system exports it.
        [RecordKind.Lpco] = (["number"],
        [
            new("number", FieldType.Text, Required: true),
            new("holderUscc", FieldType.Text, Required: true),
            new("hsCode", FieldType.Code, "commodity", Required: true),
            new("productDescription", FieldType.Text),
            new("originCountry", FieldType.Code, "country"),
            new("quantity", FieldType.Decimal, Required: true),
            new("unit", FieldType.Code, "unit", Required: true),
            new("remaining", FieldType.Decimal),
            new("used", FieldType.Decimal),
            new("portsOfEntry", FieldType.Text),
            new("validFrom", FieldType.Date, Required: true),
            new("validTo", FieldType.Date, Required: true),
            new("status", FieldType.Text, Required: true),
        ]),
        [RecordKind.CreditRecord] = (["uscc"],
        [
            new("uscc", FieldType.Text, Required: true),
            new("creditClass", FieldType.Text, Required: true),
            new("effectiveDate", FieldType.Date, Required: true),
            new("legalBasis", FieldType.Text),
            new("reason", FieldType.Text),
        ]),
    };

    public static IReadOnlyList<string> KeyFields(RecordKind kind) => Shapes[kind].Key;

    public static IReadOnlyList<FieldSpec> Fields(RecordKind kind) => Shapes[kind].Fields;

    /// <summary>The spec of a field path such as <c>items[2].unit</c>, or null when the shape has no such field.</summary>
    public static FieldSpec? Find(RecordKind kind, string path)
    {
        var generic = ItemIndex(path, out _) is { } rest ? "items[]." + rest : path;
        foreach (var f in Shapes[kind].Fields)
        {
            if (string.Equals(f.Name, generic, StringComparison.Ordinal))
            {
                return f;
            }
        }

        return null;
    }

    /// <summary>For <c>items[3].unit</c> returns <c>unit</c> and index 3; otherwise null.</summary>
    public static string? ItemIndex(string path, out int index)
    {
        index = -1;
        if (!path.StartsWith("items[", StringComparison.Ordinal))
        {
            return null;
        }

        var close = path.IndexOf("].", StringComparison.Ordinal);
        if (close < 0 || !int.TryParse(path.AsSpan(6, close - 6), NumberStyles.None, CultureInfo.InvariantCulture, out index))
        {
            return null;
        }

        return path[(close + 2)..];
    }
}

/// <summary>
/// A canonical record: flat fields in invariant text. Its key is made of the shape's key fields,
/// so that importing the same legacy record twice finds the first.
/// </summary>
public sealed class CanonicalRecord(RecordKind kind, Dictionary<string, string> fields)
{
    public RecordKind Kind { get; } = kind;

    public Dictionary<string, string> Fields { get; } = fields;

    /// <summary>The line of the legacy file the record starts at (0 when it came from elsewhere).</summary>
    public int Line { get; init; }

    public string Key => RecordShapes.KeyFields(Kind) is [var single]
        ? Fields.GetValueOrDefault(single) ?? ""
        : string.Join("|", RecordShapes.KeyFields(Kind).Select(k => Fields.GetValueOrDefault(k) ?? ""));

    /// <summary>The record as a JSON document, items as an array; empty fields are left out.</summary>
    public JsonObject ToJson()
    {
        var root = new JsonObject();
        JsonArray? items = null;
        foreach (var (path, value) in Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (RecordShapes.ItemIndex(path, out var index) is { } rest)
            {
                items ??= [];
                while (items.Count <= index)
                {
                    items.Add(new JsonObject());
                }

                items[index]!.AsObject()[rest] = value;
            }
            else
            {
                root[path] = value;
            }
        }

        if (items is not null)
        {
            root["items"] = items;
        }

        return root;
    }

    /// <summary>Flattens a JSON document into fields. Numbers and booleans become invariant text.</summary>
    public static CanonicalRecord FromJson(RecordKind kind, JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in document)
        {
            if (name == "items" && node is JsonArray array)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonObject item)
                    {
                        foreach (var (field, value) in item)
                        {
                            if (Text(value) is { } t)
                            {
                                fields[string.Create(CultureInfo.InvariantCulture, $"items[{i}].{field}")] = t;
                            }
                        }
                    }
                }
            }
            else if (Text(node) is { } t)
            {
                fields[name] = t;
            }
        }

        return new CanonicalRecord(kind, fields);
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => node.ToJsonString(),
    };

    /// <summary>Checks the fields against the shape: unknown fields, required fields, and the text of typed values.</summary>
    public List<(string Field, Common.Message Reason)> Validate()
    {
        var problems = new List<(string, Common.Message)>();
        foreach (var (path, value) in Fields)
        {
            var spec = RecordShapes.Find(Kind, path);
            if (spec is null)
            {
                problems.Add((path, new Common.Message("codes.record.unknown-field", Common.WireNames.Of(Kind))));
                continue;
            }

            if (!IsValid(spec.Type, value))
            {
                problems.Add((path, new Common.Message("codes.record.invalid-value", value, Common.WireNames.Of(spec.Type))));
            }
        }

        foreach (var spec in RecordShapes.Fields(Kind).Where(f => f.Required))
        {
            if (!Fields.TryGetValue(spec.Name, out var v) || v.Length == 0)
            {
                problems.Add((spec.Name, Common.Message.Required));
            }
        }

        return problems;
    }

    internal static bool IsValid(FieldType type, string value) => type switch
    {
        FieldType.Date => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        FieldType.DateTime => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        FieldType.Decimal => decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _),
        FieldType.Integer => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        _ => true,
    };

    /// <summary>SHA-256 over the sorted fields: equal records hash equal whatever their field order.</summary>
    public string Hash()
    {
        var text = new StringBuilder();
        foreach (var (k, v) in Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            text.Append(k).Append('\u001f').Append(v).Append('\u001e');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
