using System.Globalization;
using GoldenQuality.Common;

namespace GoldenQuality.Codes.Adapters;

/// <summary>A field definition prepared once: how legacy text becomes canonical text and back.</summary>
internal sealed class FieldCodec
{
    private readonly Dictionary<string, string>? toCanonical;
    private readonly Dictionary<string, string>? toLegacy;
    private readonly TimeSpan offset;

    public FieldCodec(FieldDefinition definition, RecordKind kind, TimeSpan offset)
    {
        Definition = definition;
        Path = definition.Field;
        Type = (RecordShapes.Find(kind, definition.Field) ?? throw new AdapterDefinitionException($"unknown field {definition.Field}")).Type;
        Required = definition.Required || RecordShapes.Find(kind, definition.Field)!.Required;
        RightAligned = string.Equals(definition.Align, "right", StringComparison.Ordinal);
        Pad = string.IsNullOrEmpty(definition.Pad) ? ' ' : definition.Pad[0];
        Scale = definition.Scale ?? 0;
        this.offset = offset;
        if (definition.Values is { } values)
        {
            toCanonical = new Dictionary<string, string>(values, StringComparer.Ordinal);
            toLegacy = values.GroupBy(v => v.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);
        }
    }

    public FieldDefinition Definition { get; }

    public string Path { get; }

    public FieldType Type { get; }

    public bool Required { get; }

    public bool RightAligned { get; }

    public char Pad { get; }

    public int Scale { get; }

    /// <summary>Strips the padding of a fixed-width value before it is decoded (padding is ASCII in every encoding we take).</summary>
    public ReadOnlySpan<byte> Unpad(ReadOnlySpan<byte> raw)
    {
        raw = raw.Trim((byte)' ');
        if (Pad != ' ')
        {
            var trimmed = RightAligned ? raw.TrimStart((byte)Pad) : raw.TrimEnd((byte)Pad);
            if (trimmed.IsEmpty && !raw.IsEmpty && Pad == '0' && Type is FieldType.Decimal or FieldType.Integer)
            {
                return "0"u8;
            }

            raw = trimmed;
        }

        return raw;
    }

    /// <summary>
    /// Numbers and <c>yyyyMMdd</c> dates straight from ASCII bytes, without the intermediate string: most of a
    /// fixed-width line is numbers. False when the slow path must decide (other formats, value maps, non-ASCII).
    /// </summary>
    public bool TryFast(ReadOnlySpan<byte> raw, out string? value)
    {
        value = null;
        if (toCanonical is not null || raw.IsEmpty)
        {
            return false;
        }

        if (Type is FieldType.Integer || (Type is FieldType.Decimal && Scale > 0))
        {
            if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var units))
            {
                return false;
            }

            if (Type is FieldType.Integer)
            {
                value = units.ToString(CultureInfo.InvariantCulture);
                return true;
            }

            var magnitude = (ulong)Math.Abs(units);
            value = new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, units < 0, (byte)Scale).ToString(CultureInfo.InvariantCulture);
            return true;
        }

        if (Type is FieldType.Date && raw.Length == 8 && string.Equals(Definition.DateFormat, "yyyyMMdd", StringComparison.Ordinal) && !raw.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            var year = ((raw[0] - '0') * 1000) + ((raw[1] - '0') * 100) + ((raw[2] - '0') * 10) + (raw[3] - '0');
            var month = ((raw[4] - '0') * 10) + (raw[5] - '0');
            var day = ((raw[6] - '0') * 10) + (raw[7] - '0');
            if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            {
                return false;
            }

            value = string.Create(10, (year, month, day), static (span, d) =>
            {
                d.year.TryFormat(span, out _, "D4", CultureInfo.InvariantCulture);
                span[4] = '-';
                d.month.TryFormat(span[5..], out _, "D2", CultureInfo.InvariantCulture);
                span[7] = '-';
                d.day.TryFormat(span[8..], out _, "D2", CultureInfo.InvariantCulture);
            });
            return true;
        }

        return false;
    }

    /// <summary>Legacy text to canonical text; null for an empty field; an error message when the text is not valid.</summary>
    public string? ToCanonical(string text, out string? error)
    {
        error = null;
        if (text.Length == 0)
        {
            if (Required)
            {
                error = "is required but empty";
            }

            return null;
        }

        if (toCanonical is not null)
        {
            if (toCanonical.TryGetValue(text, out var mapped))
            {
                return mapped;
            }

            error = $"'{text}' is not one of the legacy values {string.Join(", ", toCanonical.Keys)}";
            return null;
        }

        switch (Type)
        {
            case FieldType.Date:
                if (DateOnly.TryParseExact(text, Definition.DateFormat ?? "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                }

                error = $"'{text}' is not a date of the form {Definition.DateFormat ?? "yyyy-MM-dd"}";
                return null;
            case FieldType.DateTime:
                if (Definition.DateFormat is { } format)
                {
                    if (DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                    {
                        return new DateTimeOffset(local, offset).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
                    }

                    error = $"'{text}' is not a date-time of the form {format}";
                    return null;
                }

                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    return text;
                }

                error = $"'{text}' is not an ISO 8601 date-time";
                return null;
            case FieldType.Decimal:
                if (Scale > 0)
                {
                    if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var units))
                    {
                        var magnitude = (ulong)Math.Abs(units);
                        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, units < 0, (byte)Scale).ToString(CultureInfo.InvariantCulture);
                    }

                    error = string.Create(CultureInfo.InvariantCulture, $"'{text}' is not a whole number (with {Scale} implied decimal places)");
                    return null;
                }

                if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                {
                    return number.ToString(CultureInfo.InvariantCulture);
                }

                error = $"'{text}' is not a decimal number";
                return null;
            case FieldType.Integer:
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    return integer.ToString(CultureInfo.InvariantCulture);
                }

                error = $"'{text}' is not a whole number";
                return null;
            default:
                return text;
        }
    }

    /// <summary>Canonical text to legacy text (unpadded).</summary>
    public string ToLegacy(string value)
    {
        if (toLegacy is not null)
        {
            return toLegacy.TryGetValue(value, out var legacy)
                ? legacy
                : throw new FormatException($"{Path}: '{value}' has no legacy value (known: {string.Join(", ", toLegacy.Keys)})");
        }

        switch (Type)
        {
            case FieldType.Date when Definition.DateFormat is { } format:
                return DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString(format, CultureInfo.InvariantCulture);
            case FieldType.DateTime when Definition.DateFormat is { } format:
                return DateTimeOffset.Parse(value, CultureInfo.InvariantCulture).ToOffset(offset).ToString(format, CultureInfo.InvariantCulture);
            case FieldType.Decimal when Scale > 0:
                var number = decimal.Parse(value, CultureInfo.InvariantCulture);
                var scaled = number * (decimal)Math.Pow(10, Scale);
                if (scaled != decimal.Truncate(scaled))
                {
                    throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{Path}: {value} has more than {Scale} decimal places"));
                }

                return ((long)scaled).ToString(CultureInfo.InvariantCulture);
            default:
                return value;
        }
    }

    public static TimeSpan ParseOffset(string text) =>
        TimeSpan.TryParse(text.TrimStart('+'), CultureInfo.InvariantCulture, out var span)
            ? (text.StartsWith('-') ? -span.Duration() : span)
            : throw new AdapterDefinitionException($"timeZoneOffset '{text}' is not of the form +08:00");

    public override string ToString() => $"{Path} ({WireNames.Of(Type)})";
}
