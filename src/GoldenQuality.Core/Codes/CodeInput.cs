using System.Globalization;
using GoldenQuality.Common;

namespace GoldenQuality.Codes;

/// <summary>How the Codes handlers read their input (system versions, dates, conditions) and write dates.</summary>
internal static class CodeInput
{
    internal static CodeRef ReadRef(Validation v, CodeSnapshot snapshot, string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            v.Add(field, new Message("codes.ref-required"));
            return default;
        }

        if (!CodeRef.TryParse(text, out var r))
        {
            v.Add(field, new Message("codes.ref-form", text));
            return default;
        }

        if (snapshot.RefProblem(r) is { } problem)
        {
            v.Add(field, problem);
        }

        return r;
    }

    internal static DateOnly? ReadDate(Validation v, string field, string? text, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                v.Add(field, new Message("codes.date-required"));
            }

            return null;
        }

        if (!Dates.TryParse(text, out var d))
        {
            v.Add(field, new Message("codes.date-form", text));
            return null;
        }

        return d;
    }

    internal static Dictionary<string, string>? ReadConditions(Validation v, IReadOnlyList<string?> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in values)
        {
            var parts = text?.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts is not [{ Length: > 0 } key, { Length: > 0 } value])
            {
                v.Add("condition", new Message("codes.condition-form", text ?? ""));
                continue;
            }

            result[key] = value;
        }

        return result;
    }

    internal static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string? IsoOrNull(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
