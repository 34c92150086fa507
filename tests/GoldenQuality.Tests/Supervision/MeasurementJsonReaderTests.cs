using System.Text;
using System.Text.Json;
using GoldenQuality.Supervision;

namespace GoldenQuality.Tests.Supervision;

/// <summary>
/// The one-pass JSON reader must read exactly what the serializer reads, and leave to the serializer every body it does
/// not read the usual way (so that errors stay the serializer's).
/// </summary>
public sealed class MeasurementJsonReaderTests
{
    private const string Lot = "0b7c5a1e-3f7d-4c2e-9a51-6d0f2a9b8c41";

    private static List<RawMeasurement> Serializer(string json)
    {
        var batch = JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(json), MeasurementJson.Default.MeasurementBatch)!;
        return [.. batch.Measurements!.Select(r => r is null ? default : MeasurementParsing.From(r, 0))];
    }

    /// <summary>The serializer's record with its timestamp parsed as the check parses it, as the reader hands it over.</summary>
    private static RawMeasurement Parsed(RawMeasurement r) =>
        r.At is { } at && MeasurementTime.TryParse(at, out var time) ? r with { At = null, Time = time } : r;

    [Theory]
    [InlineData($$"""{"measurements":[{"lot":"{{Lot}}","device":"plc-1","sensor":"s1","parameter":"pb","value":0.05,"unit":"mg/kg","at":"2026-11-30T08:00:00.0000000+00:00"}]}""")]
    [InlineData($$"""{"measurements":[{"at":"2026-11-30T16:00:00.1234567+08:00","unit":"ug/kg","value":-1.5e2,"parameter":"pb","sensor":"s\u0031","device":"d\"1","lot":"{{Lot}}"}]}""")]
    [InlineData(""" { "measurements" : [ null , {} , {"lot":null,"value":null,"at":null} , {"at":"yesterday","unit":""} , {"at":"2026-11-30 08:00"} ] } """)]
    [InlineData("""{"measurements":[{"device":"温度计","sensor":"ß","value":1E-3,"at":"2026-11-30T08:00:00Z"},{"at":"2026-11-30T08:00:00.0000001Z"},{"at":"2026-11-30T08:00:00.0000001-14:00"},{"at":"2026-11-30T08:00:00.0000001+15:00"}]}""")]
    [InlineData("""{"measurements":[{"value":1e999}]}""")]
    [InlineData("""{"measurements":[]}""")]
    public void Reads_what_the_serializer_reads(string json)
    {
        var read = MeasurementJsonReader.TryRead(Encoding.UTF8.GetBytes(json));

        Assert.NotNull(read);
        Assert.Equal(Serializer(json).Select(Parsed), read);
    }

    [Fact]
    public void Repeated_texts_become_one_string_each()
    {
        var json = $$"""{"measurements":[{"lot":"{{Lot}}","device":"d","unit":"mg/kg"},{"lot":"{{Lot}}","device":"d","unit":"mg/kg"}]}""";

        var read = MeasurementJsonReader.TryRead(Encoding.UTF8.GetBytes(json))!;

        Assert.Same(read[0].Lot, read[1].Lot);
        Assert.Same(read[0].Device, read[1].Device);
        Assert.Same(read[0].Unit, read[1].Unit);
    }

    [Theory]
    [InlineData("""{"measurements":[{"value":"0.05"}]}""")]
    [InlineData("""{"measurements":[{"value":"NaN"}]}""")]
    [InlineData("""{"measurements":[{"lot":5}]}""")]
    [InlineData("""{"measurements":[{"colour":"red"}]}""")]
    [InlineData("""{"measurements":[{"unit":"mg/kg","unit":"ug/kg"}]}""")]
    [InlineData("""{"measurements":[{"\u0075nit":"mg/kg"}]}""")]
    [InlineData("""{"measurements":[{"Unit":"mg/kg"}]}""")]
    [InlineData("""{"measurements":[[]]}""")]
    [InlineData("""{"measurements":[],"extra":1}""")]
    [InlineData("""{"measurements":null}""")]
    [InlineData("""{"measurements":[{}]} {}""")]
    [InlineData("""{"measurements":[{},]}""")]
    [InlineData("""{"measurements":[ /* a comment */ ]}""")]
    [InlineData("""{"measurements": [""")]
    [InlineData("""[]""")]
    [InlineData("")]
    public void Leaves_any_other_shape_to_the_serializer(string json) =>
        Assert.Null(MeasurementJsonReader.TryRead(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Measurement_parsing_gives_the_serializers_errors_for_bodies_the_reader_leaves()
    {
        var body = Encoding.UTF8.GetBytes("""{"measurements":[{"lot":5}]}""");

        var error = Assert.Throws<MalformedBodyException>(() => MeasurementParsing.Json(body));

        Assert.StartsWith("malformed JSON: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("$.measurements[0].lot", error.Message, StringComparison.Ordinal);
        Assert.Equal(0.05, MeasurementParsing.Json(Encoding.UTF8.GetBytes("""{"measurements":[{"value":"0.05"}]}"""))[0].Value);
    }
}
