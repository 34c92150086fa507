using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using GoldenQuality.Supervision.Contracts;
using nietras.SeparatedValues;

namespace GoldenQuality.Supervision;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(MeasurementBatch))]
[JsonSerializable(typeof(MeasurementRecord))]
internal sealed partial class MeasurementJson : JsonSerializerContext;

/// <summary>A body that cannot be read at all (malformed JSON or CSV, a missing column).</summary>
internal sealed class MalformedBodyException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}

/// <summary>Reads measurements from the three wire forms.</summary>
internal static class MeasurementParsing
{
    public static readonly string[] CsvColumns = ["lot", "device", "sensor", "parameter", "value", "unit", "at"];

    public static RawMeasurement From(MeasurementRecord r, int line) =>
        new(line, r.Lot, r.Device, r.Sensor, r.Parameter, r.Value, null, r.Unit, r.At);

    /// <summary>The batch in the usual shape read in one pass (<see cref="MeasurementJsonReader"/>); any other body by the serializer, with its errors.</summary>
    public static PooledList<RawMeasurement> Json(ReadOnlyMemory<byte> body) => MeasurementJsonReader.TryRead(body.Span) ?? Deserialize(body);

    private static PooledList<RawMeasurement> Deserialize(ReadOnlyMemory<byte> body)
    {
        MeasurementBatch? batch;
        try
        {
            batch = JsonSerializer.Deserialize(body.Span, MeasurementJson.Default.MeasurementBatch);
        }
        catch (JsonException e)
        {
            throw new MalformedBodyException((int)(e.LineNumber ?? 0) + 1, "malformed JSON: " + e.Message);
        }

        if (batch?.Measurements is not { } records)
        {
            throw new MalformedBodyException(1, "the body must be {\"measurements\": [...]}");
        }

        var list = new PooledList<RawMeasurement>(records.Length);
        for (var i = 0; i < records.Length; i++)
        {
            list.Add(records[i] is { } r ? From(r, 0) : new RawMeasurement(0, null, null, null, null, null, null, null, null));
        }

        return list;
    }

    /// <summary>CSV with the header <c>lot,device,sensor,parameter,value,unit,at</c>. A line with the wrong number of fields is a record error; broken quoting makes the whole body malformed.</summary>
    public static PooledList<RawMeasurement> Csv(ReadOnlyMemory<byte> body)
    {
        var list = new PooledList<RawMeasurement>(16);
        try
        {
            using var reader = Sep.New(',').Reader(o => o with { Unescape = true, Trim = SepTrim.Outer, DisableColCountCheck = true }).From(body.ToArray());
            var header = reader.Header.ColNames;
            var missing = CsvColumns.Where(c => !header.Contains(c)).ToList();
            if (missing.Count > 0)
            {
                throw new MalformedBodyException(1, $"malformed CSV: missing column(s) {string.Join(", ", missing)}; the header is {string.Join(",", CsvColumns)}");
            }

            var idx = CsvColumns.Select(c => header.ToList().IndexOf(c)).ToArray();
            foreach (var row in reader)
            {
                if (row.ColCount != header.Count)
                {
                    list.Add(new RawMeasurement(row.LineNumberFrom, null, null, null, null, null, null, null, null,
                        string.Create(CultureInfo.InvariantCulture, $"malformed CSV: {row.ColCount} fields where the header has {header.Count}")));
                    continue;
                }

                var valueText = row[idx[4]].ToString();
                double? value = double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
                list.Add(new RawMeasurement(row.LineNumberFrom, row[idx[0]].ToString(), row[idx[1]].ToString(), row[idx[2]].ToString(), row[idx[3]].ToString(),
                    value, valueText.Length == 0 ? null : valueText, row[idx[5]].ToString(), row[idx[6]].ToString()));
            }
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or NotSupportedException)
        {
            var line = list.Count + 2;
            list.Dispose();
            throw new MalformedBodyException(line, "malformed CSV: " + e.Message);
        }
        catch
        {
            list.Dispose();
            throw;
        }

        return list;
    }
}
