using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using GoldenQuality.Common;

namespace GoldenQuality.Codes.Adapters;

/// <summary>A legacy file that cannot be read at all, located by line and column (1-based).</summary>
public sealed class AdapterException(int line, int column, string reason)
    : Exception(string.Create(CultureInfo.InvariantCulture, $"line {line}, column {column}: {reason}"))
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    public string Reason { get; } = reason;
}

/// <summary>An adapter definition that is itself wrong (unknown field, overlapping columns, ...).</summary>
public sealed class AdapterDefinitionException(string message) : Exception(message);

/// <summary>One record the adapter refused, with where and why; the others are unaffected.</summary>
public sealed record Reject(int Line, int Column, string? Field, string Reason, string? Key)
{
    /// <summary>
    /// True when the line itself does not have the file's structure (a fixed-width line of the wrong length, a CSV row
    /// with the wrong number of fields): a legacy feed refuses such a file whole (see docs/codes.md, Legacy feeds).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Structural { get; init; }
}

/// <summary>
/// A declarative adapter: how one legacy file format (CSV, fixed-width or XML) maps to one kind of canonical
/// record and back. Loaded from JSON; see docs/codes.md for the format.
/// </summary>
public sealed class AdapterDefinition
{
    // GB18030 and the other legacy code pages are not built into .NET; register them before any lookup.
    static AdapterDefinition() => System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    /// <summary><c>csv</c>, <c>fixed-width</c> or <c>xml</c>.</summary>
    public string Format { get; set; } = "";

    /// <summary>The file's encoding, e.g. <c>utf-8</c> or <c>gb18030</c>; bytes that are not valid in it are an error.</summary>
    public string Encoding { get; set; } = "utf-8";

    /// <summary>declaration, enterprise, measurement or permit.</summary>
    public string Record { get; set; } = "";

    public CsvOptions? Csv { get; set; }

    public FixedWidthOptions? FixedWidth { get; set; }

    public XmlOptions? Xml { get; set; }

    public List<FieldDefinition> Fields { get; set; } = [];

    /// <summary>Local time zone of date-times without an offset (legacy systems wrote Beijing time).</summary>
    public string TimeZoneOffset { get; set; } = "+08:00";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static AdapterDefinition Load(string path)
    {
        AdapterDefinition? definition;
        try
        {
            definition = JsonSerializer.Deserialize<AdapterDefinition>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new AdapterDefinitionException($"{Path.GetFileName(path)}: {e.Message}");
        }

        if (definition is null)
        {
            throw new AdapterDefinitionException($"{Path.GetFileName(path)}: empty definition");
        }

        definition.Check();
        return definition;
    }

    public RecordKind Kind => WireNames.TryParse<RecordKind>(Record, out var kind) ? kind : throw new AdapterDefinitionException($"record '{Record}' is not one of: {string.Join(", ", WireNames.All<RecordKind>())}");

    public Encoding TextEncoding()
    {
        try
        {
            return System.Text.Encoding.GetEncoding(Encoding, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException)
        {
            throw new AdapterDefinitionException($"{Name}: unknown encoding '{Encoding}'");
        }
    }

    /// <summary>Checks the definition against the record shape and its format's rules.</summary>
    public void Check()
    {
        var kind = Kind;
        _ = TextEncoding();
        if (Fields.Count == 0)
        {
            throw new AdapterDefinitionException($"{Name}: no fields");
        }

        var allFields = Fields.Concat(Xml?.Items?.Fields.Select(f => f with { Field = "items[0]." + f.Field }) ?? []);
        foreach (var f in allFields)
        {
            if (RecordShapes.Find(kind, f.Field) is null)
            {
                throw new AdapterDefinitionException($"{Name}: '{f.Field}' is not a field of a {Record} record");
            }
        }

        foreach (var required in RecordShapes.Fields(kind).Where(f => f.Required).Select(f => f.Name))
        {
            if (!Fields.Any(f => f.Field == required))
            {
                throw new AdapterDefinitionException($"{Name}: the required field '{required}' is not mapped");
            }
        }

        switch (Format)
        {
            case "fixed-width":
                var length = FixedWidth?.LineLength ?? throw new AdapterDefinitionException($"{Name}: fixedWidth.lineLength is required");
                var used = new string?[length];
                foreach (var f in Fields)
                {
                    if (f.Start is not { } start || f.Length is not { } len || start < 1 || len < 1 || start + len - 1 > length)
                    {
                        throw new AdapterDefinitionException($"{Name}: field '{f.Field}' needs start and length within the line length {length}");
                    }

                    for (var i = start - 1; i < start - 1 + len; i++)
                    {
                        if (used[i] is { } other)
                        {
                            throw new AdapterDefinitionException($"{Name}: field '{f.Field}' overlaps '{other}' at position {i + 1}");
                        }

                        used[i] = f.Field;
                    }
                }

                break;
            case "csv":
                if (Fields.Any(f => string.IsNullOrEmpty(f.Column)))
                {
                    throw new AdapterDefinitionException($"{Name}: every csv field needs a column (the header name)");
                }

                break;
            case "xml":
                if (Xml is null || string.IsNullOrEmpty(Xml.Root) || string.IsNullOrEmpty(Xml.Record))
                {
                    throw new AdapterDefinitionException($"{Name}: xml.root and xml.record are required");
                }

                if (Fields.Concat(Xml.Items?.Fields ?? []).Any(f => string.IsNullOrEmpty(f.Path)))
                {
                    throw new AdapterDefinitionException($"{Name}: every xml field needs a path (XPath relative to the record)");
                }

                break;
            default:
                throw new AdapterDefinitionException($"{Name}: format '{Format}' is not one of: csv, fixed-width, xml");
        }
    }
}

public sealed class CsvOptions
{
    public string Delimiter { get; set; } = ",";
}

public sealed class FixedWidthOptions
{
    /// <summary>The exact length of every line, in bytes of the file's encoding (without the line break).</summary>
    public int LineLength { get; set; }
}

public sealed class XmlOptions
{
    /// <summary>Prefixes used in the paths, and their namespace URIs.</summary>
    public Dictionary<string, string> Namespaces { get; set; } = [];

    /// <summary>The root element (prefixed name); a file whose root is another name or namespace is refused.</summary>
    public string Root { get; set; } = "";

    /// <summary>The path of one record element, relative to the root.</summary>
    public string Record { get; set; } = "";

    /// <summary>Repeated goods lines: their path relative to the record and their fields (relative to the line).</summary>
    public XmlItems? Items { get; set; }
}

public sealed class XmlItems
{
    public string Path { get; set; } = "";

    public List<FieldDefinition> Fields { get; set; } = [];
}

/// <summary>One field: where it is in the legacy format and how its text becomes canonical text.</summary>
public sealed record FieldDefinition
{
    /// <summary>The canonical field, e.g. <c>declarationNo</c> or <c>items[0].unit</c>.</summary>
    public string Field { get; init; } = "";

    /// <summary>Fixed-width: the first byte (1-based) and the number of bytes.</summary>
    public int? Start { get; init; }

    public int? Length { get; init; }

    /// <summary>CSV: the header of the column.</summary>
    public string? Column { get; init; }

    /// <summary>XML: an XPath relative to the record (or to the goods line), e.g. <c>p:Consignor/p:Name</c> or <c>@id</c>.</summary>
    public string? Path { get; init; }

    /// <summary>Dates and date-times: the legacy format, e.g. <c>yyyyMMdd</c>.</summary>
    public string? DateFormat { get; init; }

    /// <summary>Fixed-width decimals: the number of implied decimal places (<c>0001250</c> with scale 2 is 12.50).</summary>
    public int? Scale { get; init; }

    /// <summary>Fixed-width: <c>left</c> (text, the default) or <c>right</c> (numbers).</summary>
    public string? Align { get; init; }

    /// <summary>Fixed-width: the padding character (default a space; <c>0</c> for zero-padded numbers).</summary>
    public string? Pad { get; init; }

    /// <summary>Legacy values and the canonical value each stands for (e.g. "1" → "import"); other values are refused.</summary>
    public Dictionary<string, string>? Values { get; init; }

    /// <summary>Refuse the record when this field is empty.</summary>
    public bool Required { get; init; }
}
