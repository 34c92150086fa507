using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.XPath;

namespace GoldenQuality.Codes.Adapters;

/// <summary>What reading a legacy file produced: the records, and the records refused with their reasons.</summary>
public sealed record AdaptResult(List<CanonicalRecord> Records, List<Reject> Rejects, int Lines);

/// <summary>
/// Runs an <see cref="AdapterDefinition"/>: legacy bytes to canonical records, and canonical records back to
/// legacy bytes. A file that cannot be read at all (empty, wrong encoding, broken quoting, a DTD, a foreign
/// namespace) throws <see cref="AdapterException"/>; a bad record becomes a <see cref="Reject"/>.
/// </summary>
public sealed class Adapter
{
    private readonly FieldCodec[] codecs;
    private readonly FieldCodec[] itemCodecs;
    private readonly Encoding encoding;
    private readonly XmlNamespaceManager? namespaces;

    public Adapter(AdapterDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        definition.Check();
        Definition = definition;
        Kind = definition.Kind;
        encoding = definition.TextEncoding();
        var offset = FieldCodec.ParseOffset(definition.TimeZoneOffset);
        codecs = [.. definition.Fields.Select(f => new FieldCodec(f, Kind, offset))];
        itemCodecs = [.. (definition.Xml?.Items?.Fields ?? []).Select(f => new FieldCodec(f with { Field = "items[0]." + f.Field }, Kind, offset))];
        if (definition.Xml is { } xml)
        {
            namespaces = new XmlNamespaceManager(new NameTable());
            foreach (var (prefix, uri) in xml.Namespaces)
            {
                namespaces.AddNamespace(prefix, uri);
            }
        }
    }

    public AdapterDefinition Definition { get; }

    public RecordKind Kind { get; }

    /// <summary>Reads a whole legacy file. <paramref name="progress"/> receives the number of bytes done.</summary>
    public AdaptResult Read(byte[] bytes, IProgress<long>? progress = null) => Read(bytes, null, progress);

    /// <summary>
    /// Reads a legacy file handing each record to <paramref name="sink"/> instead of keeping it (the result's
    /// record list stays empty), so that a file of millions of lines needs memory for its keys only.
    /// </summary>
    public AdaptResult Read(byte[] bytes, Action<CanonicalRecord>? sink, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var start = StartOfContent(bytes);
        if (bytes.AsSpan(start).Trim("\r\n\t "u8).IsEmpty)
        {
            throw new AdapterException(1, 1, "the file is empty");
        }

        var result = Definition.Format switch
        {
            "fixed-width" => ReadFixedWidth(bytes, start, progress, sink),
            "csv" => ReadCsv(bytes, start, progress, sink),
            _ => ReadXml(bytes, start, sink),
        };
        progress?.Report(bytes.Length);
        return result;
    }

    private int StartOfContent(byte[] bytes)
    {
        var preamble = encoding.GetPreamble();
        if (preamble.Length > 0 && bytes.AsSpan().StartsWith(preamble))
        {
            return preamble.Length;
        }

        // A UTF-8 byte order mark is accepted whatever the declared encoding says: it cannot be GB18030 text.
        return bytes.AsSpan().StartsWith("\uFEFF"u8) && encoding.CodePage == 65001 ? 3 : 0;
    }

    // ---------------------------------------------------------------- fixed-width

    private AdaptResult ReadFixedWidth(byte[] bytes, int start, IProgress<long>? progress, Action<CanonicalRecord>? sink)
    {
        var lineLength = Definition.FixedWidth!.LineLength;
        var records = new List<CanonicalRecord>();
        var rejects = new List<Reject>();
        var keys = new Dictionary<UInt128, int>(bytes.Length / (lineLength + 1) + 1);
        var lineNumber = 0;
        var position = start;
        var span = bytes.AsSpan();
        var caches = codecs.Select(_ => new TextCache()).ToArray();
        while (position < bytes.Length)
        {
            var rest = span[position..];
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            var next = end < 0 ? bytes.Length : position + end + 1;
            lineNumber++;
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }

            if ((lineNumber & 0x3FFF) == 0)
            {
                progress?.Report(position);
            }

            position = next;
            if (line.IsEmpty && position >= bytes.Length)
            {
                break;
            }

            if (line.Length != lineLength)
            {
                rejects.Add(new Reject(lineNumber, Math.Min(line.Length, lineLength) + 1, null,
                    line.Length < lineLength
                        ? string.Create(CultureInfo.InvariantCulture, $"the line is {line.Length} bytes long but the format needs {lineLength}: it is short by {lineLength - line.Length}")
                        : string.Create(CultureInfo.InvariantCulture, $"the line is {line.Length} bytes long but the format needs {lineLength}: {line.Length - lineLength} bytes too many"),
                    null) { Structural = true });
                continue;
            }

            var fields = new Dictionary<string, string>(codecs.Length, StringComparer.Ordinal);
            Reject? reject = null;
            for (var c = 0; c < codecs.Length; c++)
            {
                var codec = codecs[c];
                var fieldStart = codec.Definition.Start!.Value;
                var unpadded = codec.Unpad(line.Slice(fieldStart - 1, codec.Definition.Length!.Value));
                string? error = null;
                if (!codec.TryFast(unpadded, out var value))
                {
                    value = codec.ToCanonical(unpadded.IsEmpty ? "" : caches[c].Get(unpadded, this, lineNumber, fieldStart), out error);
                }

                if (error is not null)
                {
                    reject = new Reject(lineNumber, codec.Definition.Start!.Value, codec.Path, $"{codec.Path}: {error}", null);
                    break;
                }

                if (value is not null)
                {
                    fields[codec.Path] = value;
                }
            }

            Accept(sink, fields, lineNumber, 1, reject, records, rejects, keys);
        }

        return new AdaptResult(records, rejects, lineNumber);
    }

    /// <summary>Decodes one field strictly; ASCII (most of a legacy file) takes the fast path.</summary>
    private string Decode(ReadOnlySpan<byte> raw, int line, int column)
    {
        if (System.Text.Ascii.IsValid(raw))
        {
            return Encoding.ASCII.GetString(raw);
        }

        try
        {
            return encoding.GetString(raw);
        }
        catch (DecoderFallbackException e)
        {
            throw EncodingError(line, column + Math.Max(e.Index, 0), e);
        }
    }

    /// <summary>
    /// Legacy files repeat the same values (offices, countries, units, consignors) line after line. Decoded text
    /// is kept by its bytes, so a repeated value costs neither a decode nor a new string; a field whose values do
    /// not repeat (document numbers) turns its cache off after a while.
    /// </summary>
    private sealed class TextCache
    {
        private const int MaxBytes = 64;
        private const int MaxEntries = 4096;
        private readonly Dictionary<string, string> texts = new(StringComparer.Ordinal);
        private int hits;
        private int misses;
        private bool off;

        public string Get(ReadOnlySpan<byte> raw, Adapter adapter, int line, int column)
        {
            if (off || raw.Length > MaxBytes)
            {
                return adapter.Decode(raw, line, column);
            }

            // Latin-1 widens each byte to one char: a cheap, exact key for the bytes.
            Span<char> key = stackalloc char[raw.Length];
            Encoding.Latin1.GetChars(raw, key);
            var lookup = texts.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(key, out var text))
            {
                hits++;
                return text;
            }

            text = adapter.Decode(raw, line, column);
            if (++misses > 1024 && hits < misses)
            {
                off = true;
                texts.Clear();
            }
            else if (texts.Count < MaxEntries)
            {
                lookup[key] = text;
            }

            return text;
        }
    }

    private AdapterException EncodingError(int line, int column, DecoderFallbackException e)
    {
        var bad = e.BytesUnknown is { Length: > 0 } b ? string.Join(" ", b.Select(x => "0x" + x.ToString("X2", CultureInfo.InvariantCulture))) : "bytes";
        var hint = encoding.CodePage == 65001 ? " Is the file GB18030? Then the adapter must declare \"encoding\": \"gb18030\"." : "";
        return new AdapterException(line, column, $"{bad} cannot be read as {Definition.Encoding}, the encoding the adapter declares.{hint}");
    }

    private void Accept(
        Action<CanonicalRecord>? sink,
        Dictionary<string, string> fields, int line, int column, Reject? reject,
        List<CanonicalRecord> records, List<Reject> rejects, Dictionary<UInt128, int> keys)
    {
        if (reject is not null)
        {
            rejects.Add(reject);
            return;
        }

        // Every field came through its codec, which checked its type and whether it is required, and the
        // definition was checked against the shape: the record needs no second validation here.
        var record = new CanonicalRecord(Kind, fields) { Line = line };

        // Keys are remembered by their 128-bit hash, so that a file of millions of records keeps no key strings alive.
        var key = record.Key;
        var hash = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(key.AsSpan()));
        if (keys.TryGetValue(hash, out var first))
        {
            rejects.Add(new Reject(line, column, null, string.Create(CultureInfo.InvariantCulture, $"the record key '{key}' was already read at line {first}"), key));
            return;
        }

        keys[hash] = line;
        if (sink is not null)
        {
            sink(record);
        }
        else
        {
            records.Add(record);
        }
    }

    // ---------------------------------------------------------------- CSV

    private AdaptResult ReadCsv(byte[] bytes, int start, IProgress<long>? progress, Action<CanonicalRecord>? sink)
    {
        var text = DecodeLines(bytes, start);
        var delimiter = Definition.Csv?.Delimiter is [var d] ? d : ',';
        var rows = StrictCsv.Parse(text, delimiter);
        progress?.Report(bytes.Length / 2);
        var header = rows[0];
        var columns = new int[codecs.Length];
        for (var i = 0; i < codecs.Length; i++)
        {
            columns[i] = header.Fields.FindIndex(f => string.Equals(f.Text.Trim(), codecs[i].Definition.Column, StringComparison.Ordinal));
            if (columns[i] < 0)
            {
                throw new AdapterException(header.Line, 1, $"the header has no column '{codecs[i].Definition.Column}' (for {codecs[i].Path}); it has: {string.Join(", ", header.Fields.Select(f => f.Text))}");
            }
        }

        if (rows.Count == 1)
        {
            throw new AdapterException(header.Line + 1, 1, "the file has a header but no records");
        }

        var records = new List<CanonicalRecord>();
        var rejects = new List<Reject>();
        var keys = new Dictionary<UInt128, int>();
        foreach (var row in rows.Skip(1))
        {
            if (row.Fields.Count != header.Fields.Count)
            {
                rejects.Add(new Reject(row.Line, row.Fields[^1].Column, null,
                    string.Create(CultureInfo.InvariantCulture, $"the row has {row.Fields.Count} fields but the header has {header.Fields.Count}"), null) { Structural = true });
                continue;
            }

            var fields = new Dictionary<string, string>(codecs.Length, StringComparer.Ordinal);
            Reject? reject = null;
            for (var i = 0; i < codecs.Length; i++)
            {
                var cell = row.Fields[columns[i]];
                var value = codecs[i].ToCanonical(cell.Text.Trim(), out var error);
                if (error is not null)
                {
                    reject = new Reject(cell.Line, cell.Column, codecs[i].Path, $"{codecs[i].Path} (column '{codecs[i].Definition.Column}'): {error}", null);
                    break;
                }

                if (value is not null)
                {
                    fields[codecs[i].Path] = value;
                }
            }

            Accept(sink, fields, row.Line, 1, reject, records, rejects, keys);
        }

        return new AdaptResult(records, rejects, rows[^1].Line);
    }

    /// <summary>Decodes the file line by line so that a byte the encoding rejects is reported with its line and column.</summary>
    private string DecodeLines(byte[] bytes, int start)
    {
        var builder = new StringBuilder(bytes.Length);
        var span = bytes.AsSpan(start);
        var line = 1;
        while (!span.IsEmpty)
        {
            var end = span.IndexOf((byte)'\n');
            var piece = end < 0 ? span : span[..(end + 1)];
            try
            {
                builder.Append(encoding.GetString(piece));
            }
            catch (DecoderFallbackException e)
            {
                throw EncodingError(line, Math.Max(e.Index, 0) + 1, e);
            }

            span = span[piece.Length..];
            line++;
        }

        return builder.ToString();
    }

    // ---------------------------------------------------------------- XML

    /// <summary>XML is parsed with DTDs prohibited and no resolver: no entity expansion, no external fetches.</summary>
    internal static XmlReaderSettings SafeXml() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersInDocument = 256L * 1024 * 1024,
    };

    /// <summary>How deeply a legacy or SPS XML document may nest elements.</summary>
    internal const int MaxXmlDepth = 64;

    internal static XDocument LoadXml(string text, int maxDepth = MaxXmlDepth, int maxElements = int.MaxValue)
    {
        try
        {
            // A first pass with the streaming reader bounds the depth and the number of elements before a tree is built.
            using (var scan = XmlReader.Create(new StringReader(text), SafeXml()))
            {
                var elements = 0;
                while (scan.Read())
                {
                    if (scan.NodeType != XmlNodeType.Element)
                    {
                        continue;
                    }

                    var info = (IXmlLineInfo)scan;
                    if (scan.Depth >= maxDepth)
                    {
                        throw new AdapterException(info.LineNumber, info.LinePosition,
                            string.Create(CultureInfo.InvariantCulture, $"the elements nest deeper than {maxDepth} levels; at most {maxDepth} are accepted"));
                    }

                    if (++elements > maxElements)
                    {
                        throw new AdapterException(info.LineNumber, info.LinePosition,
                            string.Create(CultureInfo.InvariantCulture, $"the document has more than {maxElements} elements; at most {maxElements} are accepted"));
                    }
                }
            }

            using var reader = XmlReader.Create(new StringReader(text), SafeXml());
            return XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            if (e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
            {
                // The reader refuses the DTD before it counts lines; locate the DOCTYPE ourselves.
                var at = text.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
                var line = at < 0 ? 1 : text.AsSpan(0, at).Count('\n') + 1;
                var column = at <= 0 ? 1 : at - text.LastIndexOf('\n', at - 1);
                throw new AdapterException(line, Math.Max(column, 1), "the document has a DTD (<!DOCTYPE ...>); DTDs and external entities are refused");
            }

            throw new AdapterException(Math.Max(e.LineNumber, 1), Math.Max(e.LinePosition, 1), e.Message);
        }
    }

    private AdaptResult ReadXml(byte[] bytes, int start, Action<CanonicalRecord>? sink)
    {
        var document = LoadXml(DecodeLines(bytes, start));
        var xml = Definition.Xml!;
        var root = document.Root!;
        var expected = QName(xml.Root);
        if (root.Name != expected)
        {
            var info = (IXmlLineInfo)root;
            throw new AdapterException(info.LineNumber, info.LinePosition,
                root.Name.Namespace != expected.Namespace
                    ? $"the root element is in namespace '{root.Name.NamespaceName}', but the adapter expects '{expected.NamespaceName}'"
                    : $"the root element is '{root.Name.LocalName}', but the adapter expects '{expected.LocalName}'");
        }

        var records = new List<CanonicalRecord>();
        var rejects = new List<Reject>();
        var keys = new Dictionary<UInt128, int>();
        var recordElements = root.XPathSelectElements(xml.Record, namespaces).ToList();
        if (recordElements.Count == 0)
        {
            throw new AdapterException(((IXmlLineInfo)root).LineNumber, ((IXmlLineInfo)root).LinePosition, $"no '{xml.Record}' records under the root element");
        }

        foreach (var element in recordElements)
        {
            var info = (IXmlLineInfo)element;
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            var reject = ReadXmlFields(element, codecs, fields, null);
            if (reject is null && xml.Items is { } items)
            {
                var index = 0;
                foreach (var item in element.XPathSelectElements(items.Path, namespaces))
                {
                    reject = ReadXmlFields(item, itemCodecs, fields, index++);
                    if (reject is not null)
                    {
                        break;
                    }
                }
            }

            Accept(sink, fields, info.LineNumber, info.LinePosition, reject, records, rejects, keys);
        }

        return new AdaptResult(records, rejects, ((IXmlLineInfo)root.LastNode!).LineNumber);
    }

    private Reject? ReadXmlFields(XElement context, FieldCodec[] fieldCodecs, Dictionary<string, string> fields, int? item)
    {
        foreach (var codec in fieldCodecs)
        {
            var (text, node) = Evaluate(context, codec.Definition.Path!);
            var value = codec.ToCanonical(text.Trim(), out var error);
            var path = item is { } i ? codec.Path.Replace("items[0].", string.Create(CultureInfo.InvariantCulture, $"items[{i}]."), StringComparison.Ordinal) : codec.Path;
            if (error is not null)
            {
                var info = (IXmlLineInfo)(node ?? context);
                return new Reject(info.LineNumber, info.LinePosition, path, $"{path} ({codec.Definition.Path}): {error}", null);
            }

            if (value is not null)
            {
                fields[path] = value;
            }
        }

        return null;
    }

    private (string Text, XObject? Node) Evaluate(XElement context, string path)
    {
        var result = context.XPathEvaluate(path, namespaces);
        return result switch
        {
            IEnumerable<object> nodes => nodes.FirstOrDefault() switch
            {
                XElement e => (e.Value, e),
                XAttribute a => (a.Value, a),
                XText t => (t.Value, t),
                _ => ("", null),
            },
            string s => (s, null),
            double d => (d.ToString(CultureInfo.InvariantCulture), null),
            bool b => (b ? "true" : "false", null),
            _ => ("", null),
        };
    }

    private XName QName(string prefixed)
    {
        var parts = prefixed.Split(':', 2);
        if (parts.Length == 1)
        {
            return XName.Get(parts[0]);
        }

        var uri = namespaces!.LookupNamespace(parts[0]) ?? throw new AdapterDefinitionException($"{Definition.Name}: unknown namespace prefix '{parts[0]}'");
        return XName.Get(parts[1], uri);
    }

    // ---------------------------------------------------------------- writing

    /// <summary>Writes canonical records in the legacy format.</summary>
    public byte[] Write(IReadOnlyList<CanonicalRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records.Where(r => r.Kind != Kind))
        {
            throw new FormatException($"a {Common.WireNames.Of(record.Kind)} record cannot be written by an adapter for {Definition.Record} records");
        }

        return Definition.Format switch
        {
            "fixed-width" => WriteFixedWidth(records),
            "csv" => WriteCsv(records),
            _ => WriteXml(records),
        };
    }

    private byte[] WriteFixedWidth(IReadOnlyList<CanonicalRecord> records)
    {
        var lineLength = Definition.FixedWidth!.LineLength;
        using var output = new MemoryStream();
        var line = new byte[lineLength];
        foreach (var record in records)
        {
            line.AsSpan().Fill((byte)' ');
            foreach (var codec in codecs)
            {
                var value = record.Fields.TryGetValue(codec.Path, out var v) ? codec.ToLegacy(v) : "";
                var encoded = encoding.GetBytes(value);
                var length = codec.Definition.Length!.Value;
                if (encoded.Length > length)
                {
                    throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"record '{record.Key}': {codec.Path} '{value}' needs {encoded.Length} bytes but the field has {length}"));
                }

                var field = line.AsSpan(codec.Definition.Start!.Value - 1, length);
                field.Fill(value.Length == 0 ? (byte)' ' : (byte)codec.Pad);
                encoded.CopyTo(codec.RightAligned ? field[(length - encoded.Length)..] : field);
            }

            output.Write(line);
            output.WriteByte((byte)'\n');
        }

        return output.ToArray();
    }

    private byte[] WriteCsv(IReadOnlyList<CanonicalRecord> records)
    {
        var delimiter = Definition.Csv?.Delimiter is [var d] ? d : ',';
        var text = new StringBuilder();
        text.AppendJoin(delimiter, codecs.Select(c => StrictCsv.Quote(c.Definition.Column!, delimiter))).Append('\n');
        foreach (var record in records)
        {
            text.AppendJoin(delimiter, codecs.Select(c => StrictCsv.Quote(record.Fields.TryGetValue(c.Path, out var v) ? c.ToLegacy(v) : "", delimiter))).Append('\n');
        }

        return encoding.GetBytes(text.ToString());
    }

    private byte[] WriteXml(IReadOnlyList<CanonicalRecord> records)
    {
        var xml = Definition.Xml!;
        var root = new XElement(QName(xml.Root));
        foreach (var (prefix, uri) in xml.Namespaces)
        {
            root.SetAttributeValue(XNamespace.Xmlns + prefix, uri);
        }

        foreach (var record in records)
        {
            var element = Ensure(root, xml.Record, alwaysNew: true);
            foreach (var codec in codecs)
            {
                if (record.Fields.TryGetValue(codec.Path, out var v))
                {
                    Set(element, codec.Definition.Path!, codec.ToLegacy(v));
                }
            }

            if (xml.Items is { } items)
            {
                var count = record.Fields.Keys.Select(k => RecordShapes.ItemIndex(k, out var i) is null ? -1 : i).DefaultIfEmpty(-1).Max() + 1;
                for (var i = 0; i < count; i++)
                {
                    var item = Ensure(element, items.Path, alwaysNew: true);
                    foreach (var codec in itemCodecs)
                    {
                        var path = string.Create(CultureInfo.InvariantCulture, $"items[{i}].") + codec.Path["items[0].".Length..];
                        if (record.Fields.TryGetValue(path, out var v))
                        {
                            Set(item, codec.Definition.Path!, codec.ToLegacy(v));
                        }
                    }
                }
            }
        }

        var document = new XDocument(new XDeclaration("1.0", Definition.Encoding, null), root);
        using var output = new MemoryStream();
        using (var writer = new StreamWriter(output, new UTF8Encoding(false).CodePage == encoding.CodePage ? new UTF8Encoding(false) : encoding))
        {
            document.Save(writer, SaveOptions.None);
            writer.Write('\n');
        }

        return output.ToArray();
    }

    /// <summary>Follows (or creates) a simple path of prefixed element names; the last step is new when asked.</summary>
    private XElement Ensure(XElement context, string path, bool alwaysNew)
    {
        var steps = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = context;
        for (var i = 0; i < steps.Length; i++)
        {
            var name = QName(StripPredicate(steps[i]));
            var existing = current.Element(name);
            if (existing is null || (alwaysNew && i == steps.Length - 1))
            {
                existing = new XElement(name);
                current.Add(existing);
            }

            current = existing;
        }

        return current;
    }

    private void Set(XElement context, string path, string value)
    {
        var slash = path.LastIndexOf('/');
        var last = slash < 0 ? path : path[(slash + 1)..];
        var parent = slash < 0 ? context : Ensure(context, path[..slash], alwaysNew: false);
        if (last.StartsWith('@'))
        {
            parent.SetAttributeValue(last[1..], value);
        }
        else if (last is "text()" or ".")
        {
            parent.Value = value;
        }
        else
        {
            Ensure(parent, last, alwaysNew: false).Value = value;
        }
    }

    private static string StripPredicate(string step)
    {
        var bracket = step.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? step : step[..bracket];
    }
}
