using nietras.SeparatedValues;

namespace GoldenQuality.Common;

/// <summary>A reference-data file that could not be loaded, with the file and line that are wrong.</summary>
public sealed class DataFileException(string file, int line, string message)
    : Exception($"{Path.GetFileName(file)}:{line}: {message}")
{
    public string File { get; } = file;

    public int Line { get; } = line;
}

/// <summary>Reads the reference-data CSV files under <c>data/</c> (UTF-8, header row, RFC 4180 quoting).</summary>
public static class CsvData
{
    /// <summary>Reads every row as a dictionary keyed by the header, with the 1-based line number.</summary>
    public static List<(int Line, Dictionary<string, string> Values)> Read(string path, params string[] requiredColumns)
    {
        ArgumentNullException.ThrowIfNull(requiredColumns);
        if (!File.Exists(path))
        {
            throw new DataFileException(path, 0, "file not found");
        }

        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, Trim = SepTrim.Outer }).FromFile(path);
        var header = reader.Header.ColNames;
        foreach (var column in requiredColumns)
        {
            if (!header.Contains(column))
            {
                throw new DataFileException(path, 1, $"missing column '{column}'");
            }
        }

        var rows = new List<(int, Dictionary<string, string>)>();
        foreach (var row in reader)
        {
            var values = new Dictionary<string, string>(header.Count, StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++)
            {
                values[header[i]] = row[i].ToString();
            }

            rows.Add((row.LineNumberFrom, values));
        }

        return rows;
    }
}
