using System.Buffers.Text;
using System.Text.Json;

namespace GoldenQuality.Supervision;

/// <summary>
/// Reads a JSON batch <c>{"measurements":[...]}</c> in one pass with <see cref="Utf8JsonReader"/>, straight into
/// <see cref="RawMeasurement"/>s: the texts that repeat from record to record (lot, device, sensor, parameter, unit)
/// become one string each per batch, and the timestamp is parsed from the bytes without a string.
/// </summary>
/// <remarks>
/// It reads the usual shape only. Anything else (an unknown or repeated property, a value of another JSON type, a
/// number written as a string, broken JSON) makes <see cref="TryRead"/> return null, and the caller reads the body with
/// the serializer instead, which gives the same records or the same error as before this reader existed.
/// </remarks>
internal static class MeasurementJsonReader
{
    private const int MaxPooledBytes = 256;

    // The batch's one property, as the serializer names it (camel case, case-sensitive; so are the records' below).
    private static ReadOnlySpan<byte> Measurements => "measurements"u8;

    /// <summary>The batch's records (the caller disposes them), or null when the body is to be read by the serializer.</summary>
    public static PooledList<RawMeasurement>? TryRead(ReadOnlySpan<byte> body)
    {
        // About 170 bytes per record in the usual form: enough capacity for most batches without growing.
        var list = new PooledList<RawMeasurement>(body.Length / 160);
        try
        {
            if (Read(body, list))
            {
                return list;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
        }

        list.Dispose();
        return null;
    }

    private static bool Read(ReadOnlySpan<byte> body, PooledList<RawMeasurement> list)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
            || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || reader.ValueIsEscaped || !reader.ValueTextEquals(Measurements)
            || !reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var texts = new TextPool();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                list.Add(default);
            }
            else if (reader.TokenType != JsonTokenType.StartObject || ReadRecord(ref reader, texts) is not { } record)
            {
                return false;
            }
            else
            {
                list.Add(record);
            }
        }

        // The array closes the object, and nothing follows it.
        return reader.TokenType == JsonTokenType.EndArray && reader.Read() && reader.TokenType == JsonTokenType.EndObject && !reader.Read();
    }

    [Flags]
    private enum Seen
    {
        None = 0,
        Lot = 1,
        Device = 2,
        Sensor = 4,
        Parameter = 8,
        Value = 16,
        Unit = 32,
        At = 64,
    }

    /// <summary>One record; the reader is on its StartObject and ends on its EndObject. Null for a shape left to the serializer.</summary>
    private static RawMeasurement? ReadRecord(ref Utf8JsonReader reader, TextPool texts)
    {
        string? lot = null, device = null, sensor = null, parameter = null, unit = null, at = null;
        double? value = null;
        DateTimeOffset? time = null;
        var seen = Seen.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.ValueIsEscaped ? Seen.None : Property(reader.ValueSpan);
            if (property == Seen.None || (seen & property) != 0 || !reader.Read())
            {
                return null;
            }

            seen |= property;
            if (property == Seen.Value)
            {
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var number))
                {
                    value = number;
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return null;
                }
            }
            else if (reader.TokenType == JsonTokenType.String)
            {
                switch (property)
                {
                    case Seen.Lot: lot = texts.Get(ref reader); break;
                    case Seen.Device: device = texts.Get(ref reader); break;
                    case Seen.Sensor: sensor = texts.Get(ref reader); break;
                    case Seen.Parameter: parameter = texts.Get(ref reader); break;
                    case Seen.Unit: unit = texts.Get(ref reader); break;
                    default: (time, at) = Time(ref reader); break;
                }
            }
            else if (reader.TokenType != JsonTokenType.Null)
            {
                return null;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject
            ? new RawMeasurement(0, lot, device, sensor, parameter, value, null, unit, at) { Time = time }
            : null;
    }

    private static Seen Property(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("lot"u8) => Seen.Lot,
        _ when name.SequenceEqual("device"u8) => Seen.Device,
        _ when name.SequenceEqual("sensor"u8) => Seen.Sensor,
        _ when name.SequenceEqual("parameter"u8) => Seen.Parameter,
        _ when name.SequenceEqual("value"u8) => Seen.Value,
        _ when name.SequenceEqual("unit"u8) => Seen.Unit,
        _ when name.SequenceEqual("at"u8) => Seen.At,
        _ => Seen.None,
    };

    /// <summary>The timestamp parsed without a string; the text is kept only when it does not parse (for the error).</summary>
    private static (DateTimeOffset? Time, string? Text) Time(ref Utf8JsonReader reader)
    {
        // The round-trip form with its offset ("2026-11-30T08:00:00.0000000+08:00" or "...Z"), as devices and our own
        // clients send it, straight from the bytes; anything else as MeasurementTime reads it.
        var bytes = reader.ValueSpan;
        if (!reader.ValueIsEscaped && bytes.Length is 28 or 33
            && Utf8Parser.TryParse(bytes, out DateTimeOffset roundTrip, out var consumed, 'O') && consumed == bytes.Length)
        {
            return (roundTrip.ToUniversalTime(), null);
        }

        if (reader.ValueSpan.Length > MaxPooledBytes)
        {
            var text = reader.GetString()!;
            return MeasurementTime.TryParse(text, out var parsed) ? (parsed, null) : (null, text);
        }

        Span<char> chars = stackalloc char[MaxPooledBytes];
        var length = reader.CopyString(chars);
        return MeasurementTime.TryParse(chars[..length], out var at) ? (at, null) : (null, new string(chars[..length]));
    }

    /// <summary>One string per distinct short text of a batch.</summary>
    private sealed class TextPool
    {
        private readonly HashSet<string> strings = new(StringComparer.Ordinal);
        private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup;

        public TextPool() => lookup = strings.GetAlternateLookup<ReadOnlySpan<char>>();

        public string Get(ref Utf8JsonReader reader)
        {
            if (reader.ValueSpan.Length > MaxPooledBytes)
            {
                return reader.GetString()!;
            }

            // A UTF-8 string never has more UTF-16 chars than bytes, escaped or not.
            Span<char> chars = stackalloc char[MaxPooledBytes];
            var text = chars[..reader.CopyString(chars)];
            if (!lookup.TryGetValue(text, out var pooled))
            {
                pooled = new string(text);
                strings.Add(pooled);
            }

            return pooled;
        }
    }
}
