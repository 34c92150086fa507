using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using GoldenQuality.Codes;
using GoldenQuality.Codes.Adapters;
using GoldenQuality.Common;

namespace GoldenQuality.Benchmarks;

/// <summary>Finds the repository's data folder from wherever BenchmarkDotNet runs the benchmark process.</summary>
internal static class RepositoryData
{
    public static string Folder()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "data", "codes", "mappings.csv")))
                {
                    return Path.Combine(dir.FullName, "data");
                }
            }
        }

        throw new DirectoryNotFoundException("data/codes/mappings.csv not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// Single-code translation on one core through the same <see cref="MappingTable"/> the API uses (frozen
/// dictionary built once, validity and condition checks included): the shipped HS 2017 → HS 2022 rows, and a
/// synthetic table of 10,000 one-to-one codes to show the cost does not grow with the table.
/// </summary>
[MemoryDiagnoser]
public class CodesTranslationBenchmarks
{
    private const int Batch = 4096;
    private MappingTable reference = null!;
    private MappingTable synthetic = null!;
    private string[] referenceCodes = [];
    private string[] syntheticCodes = [];
    private readonly DateOnly on = new(2020, 6, 1);

    [GlobalSetup]
    public void Setup()
    {
        var rows = CsvData.Read(Path.Combine(RepositoryData.Folder(), "codes", "mappings.csv"))
            .Where(r => r.Values["from"] == "hs:2017" && r.Values["to"] == "hs:2022")
            .Select(r => new MappingInfo(Guid.NewGuid(), r.Values["from_code"], r.Values["to_code"],
                WireNames.TryParse<MappingCardinality>(r.Values["cardinality"], out var c) ? c : MappingCardinality.OneToOne,
                r.Values["condition"].Length == 0 ? null : r.Values["condition"], new DateOnly(2017, 1, 1), null, "", MappingOrigin.Reference))
            .ToList();
        reference = Table(rows);
        var oneToOne = rows.Where(r => r.Cardinality == MappingCardinality.OneToOne).Select(r => r.FromCode).ToArray();
        referenceCodes = [.. Enumerable.Range(0, Batch).Select(i => oneToOne[i % oneToOne.Length])];

        var many = Enumerable.Range(0, 10_000).Select(i => new MappingInfo(Guid.NewGuid(), (100000 + i).ToString(CultureInfo.InvariantCulture), (500000 + i).ToString(CultureInfo.InvariantCulture),
            MappingCardinality.OneToOne, null, new DateOnly(2017, 1, 1), null, "", MappingOrigin.Reference)).ToList();
        synthetic = Table(many);
        var random = new Random(42);
        syntheticCodes = [.. Enumerable.Range(0, Batch).Select(_ => many[random.Next(many.Count)].FromCode)];
    }

    private static MappingTable Table(List<MappingInfo> rows) =>
        new(new CodeRef("hs", "2017"), new CodeRef("hs", "2022"),
            rows.GroupBy(r => r.FromCode, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal));

    [Benchmark(OperationsPerInvoke = Batch)]
    public int TranslateShippedHs2017To2022()
    {
        var translated = 0;
        foreach (var code in referenceCodes)
        {
            translated += reference.Translate(code, on).Outcome == Outcome.Translated ? 1 : 0;
        }

        return translated;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int TranslateSynthetic10000Codes()
    {
        var translated = 0;
        foreach (var code in syntheticCodes)
        {
            translated += synthetic.Translate(code, on).Outcome == Outcome.Translated ? 1 : 0;
        }

        return translated;
    }
}

/// <summary>
/// A 1,000,000-line GB18030 fixed-width legacy declaration file (the shipped sample's five lines, renumbered),
/// converted to canonical records by the shipped CIQ adapter, against plain reads of the same file in the same run.
/// </summary>
[MemoryDiagnoser]
public class CodesFixedWidthBenchmarks
{
    private const int Lines = 1_000_000;
    private string file = "";

    /// <summary>
    /// <c>repeating</c>: the five sample lines over and over (consignors, descriptions, offices repeat, as in a real
    /// export, but more often). <c>unique</c>: every line also gets its own consignor name and goods description,
    /// so that no text value repeats: the worst case for the adapter's per-field text cache.
    /// </summary>
    [Params("repeating", "unique")]
    public string Values { get; set; } = "repeating";
    private Adapter adapter = null!;
    private Encoding gb18030 = null!;

    [GlobalSetup]
    public void Setup()
    {
        var data = RepositoryData.Folder();
        adapter = new Adapter(AdapterDefinition.Load(Path.Combine(data, "adapters", "ciq-zj-legacy-declaration.json")));
        gb18030 = adapter.Definition.TextEncoding();
        var sample = File.ReadAllBytes(Path.Combine(data, "adapters", "samples", "ciq-zj-declarations.txt"));
        var lines = gb18030.GetString(sample).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(gb18030.GetBytes).ToArray();
        file = Path.Combine(Path.GetTempPath(), "gq-bench-declarations.txt");
        using var output = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        for (var i = 0; i < Lines; i++)
        {
            var line = (byte[])lines[i % lines.Length].Clone();
            // A unique declaration number per line: the record key must not repeat.
            Encoding.ASCII.GetBytes(i.ToString("D10", CultureInfo.InvariantCulture)).CopyTo(line, 8);
            if (Values == "unique")
            {
                Overwrite(line, 57, 40, "示例企业" + i.ToString("D8", CultureInfo.InvariantCulture));
                Overwrite(line, 126, 30, "货物" + i.ToString("D8", CultureInfo.InvariantCulture));
            }

            output.Write(line);
            output.WriteByte((byte)'\n');
        }
    }

    private void Overwrite(byte[] line, int offset, int length, string text)
    {
        line.AsSpan(offset, length).Fill((byte)' ');
        gb18030.GetBytes(text).CopyTo(line, offset);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(file);

    [Benchmark(Baseline = true)]
    public long PlainReadBytes() => File.ReadAllBytes(file).LongLength;

    [Benchmark]
    public int PlainReadLinesAsGb18030()
    {
        var count = 0;
        using var reader = new StreamReader(file, gb18030);
        while (reader.ReadLine() is not null)
        {
            count++;
        }

        return count;
    }

    [Benchmark]
    public int ConvertToCanonicalRecords()
    {
        var records = 0;
        var result = adapter.Read(File.ReadAllBytes(file), _ => records++);
        return result.Rejects.Count == 0 ? records : -1;
    }
}
