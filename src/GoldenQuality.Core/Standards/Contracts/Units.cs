using System.Collections.Frozen;
using UnitsNet;
using UnitsNet.Units;

namespace GoldenQuality.Standards.Contracts;

/// <summary>A linear conversion to a parameter's canonical unit: canonical = value * Scale + Offset.</summary>
internal readonly record struct UnitConversion(double Scale, double Offset)
{
    public static readonly UnitConversion Identity = new(1, 0);

    public double ToCanonical(double value) => (value * Scale) + Offset;

    public double FromCanonical(double value) => (value - Offset) / Scale;
}

/// <summary>
/// The units the platform understands, by UCUM code, UN/ECE Recommendation 20 code or common spelling, and the
/// conversions between them. UnitsNet supplies the factors; they are computed once per pair, so a conversion on
/// the hot path is one multiply and one add.
/// </summary>
internal static class Units
{
    public const string MassFraction = "mass-fraction";
    public const string Temperature = "temperature";
    public const string Dimensionless = "dimensionless";

    private static readonly FrozenDictionary<string, (string Quantity, Enum? Unit)> Known = new Dictionary<string, (string, Enum?)>(StringComparer.Ordinal)
    {
        // Mass fraction: contaminants, mycotoxins, moisture.
        ["mg/kg"] = (MassFraction, MassFractionUnit.MilligramPerKilogram),
        ["NA"] = (MassFraction, MassFractionUnit.MilligramPerKilogram), // Rec 20: milligram per kilogram
        ["ug/kg"] = (MassFraction, MassFractionUnit.MicrogramPerKilogram),
        ["µg/kg"] = (MassFraction, MassFractionUnit.MicrogramPerKilogram),
        ["μg/kg"] = (MassFraction, MassFractionUnit.MicrogramPerKilogram),
        ["g/kg"] = (MassFraction, MassFractionUnit.GramPerKilogram),
        ["ppm"] = (MassFraction, MassFractionUnit.PartPerMillion),
        ["[ppm]"] = (MassFraction, MassFractionUnit.PartPerMillion),
        ["59"] = (MassFraction, MassFractionUnit.PartPerMillion), // Rec 20: part per million
        ["ppb"] = (MassFraction, MassFractionUnit.PartPerBillion),
        ["[ppb]"] = (MassFraction, MassFractionUnit.PartPerBillion),
        ["%"] = (MassFraction, MassFractionUnit.Percent),
        ["P1"] = (MassFraction, MassFractionUnit.Percent), // Rec 20: percent
        ["g/100g"] = (MassFraction, MassFractionUnit.Percent),
        // Temperature.
        ["Cel"] = (Temperature, TemperatureUnit.DegreeCelsius),
        ["°C"] = (Temperature, TemperatureUnit.DegreeCelsius),
        ["CEL"] = (Temperature, TemperatureUnit.DegreeCelsius), // Rec 20
        ["K"] = (Temperature, TemperatureUnit.Kelvin),
        ["KEL"] = (Temperature, TemperatureUnit.Kelvin), // Rec 20
        ["[degF]"] = (Temperature, TemperatureUnit.DegreeFahrenheit),
        ["°F"] = (Temperature, TemperatureUnit.DegreeFahrenheit),
        ["FAH"] = (Temperature, TemperatureUnit.DegreeFahrenheit), // Rec 20
        // pH, counts and other pure numbers.
        ["1"] = (Dimensionless, null),
        ["pH"] = (Dimensionless, null),
        ["[pH]"] = (Dimensionless, null),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string From, string To), UnitConversion?> Cache = new();

    public static IEnumerable<string> Codes => Known.Keys;

    public static bool IsQuantity(string quantity) => quantity is MassFraction or Temperature or Dimensionless;

    /// <summary>The quantity a unit measures, or null when the unit is unknown.</summary>
    public static string? QuantityOf(string unit) => Known.TryGetValue(unit, out var k) ? k.Quantity : null;

    /// <summary>The conversion from one unit to another of the same quantity; null when either is unknown or they measure different quantities.</summary>
    public static UnitConversion? Conversion(string from, string to) => Cache.GetOrAdd((from, to), static key =>
    {
        if (!Known.TryGetValue(key.From, out var a) || !Known.TryGetValue(key.To, out var b) || a.Quantity != b.Quantity)
        {
            return null;
        }

        if (a.Unit is null || b.Unit is null)
        {
            return UnitConversion.Identity;
        }

        var zero = UnitConverter.Convert(0.0, a.Unit, b.Unit);
        var one = UnitConverter.Convert(1.0, a.Unit, b.Unit);
        return new UnitConversion(one - zero, zero);
    });
}
