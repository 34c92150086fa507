using BenchmarkDotNet.Attributes;
using GoldenQuality.Registry.Contracts;

namespace GoldenQuality.Benchmarks;

/// <summary>
/// USCC validation: our table-driven check against the straightforward way (IndexOf into the alphabet and
/// Math.Pow weights, as reference implementations such as python-stdnum write it), on the 200 published codes.
/// </summary>
[MemoryDiagnoser]
public class UsccBenchmarks
{
    private string[] codes = [];

    [GlobalSetup]
    public void Setup()
    {
        // The 200 published codes of tests/testdata (BenchmarkDotNet runs this from a generated folder under bin/,
        // so the repository's copy is found by walking up).
        var file = PublishedCodes(AppContext.BaseDirectory)
            ?? throw new FileNotFoundException("tests/testdata/uscc/published-valid.txt not found above " + AppContext.BaseDirectory);
        codes = File.ReadAllLines(file).Where(l => l.Length > 0).ToArray();
    }

    private static string? PublishedCodes(string from)
    {
        for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "testdata", "uscc", "published-valid.txt");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [Benchmark(Baseline = true)]
    public int Straightforward()
    {
        var valid = 0;
        foreach (var code in codes)
        {
            var sum = 0;
            for (var i = 0; i < 17; i++)
            {
                sum += Uscc.Alphabet.IndexOf(code[i], StringComparison.Ordinal) * (int)(Math.Pow(3, i) % 31);
            }

            valid += Uscc.Alphabet[(31 - (sum % 31)) % 31] == code[17] ? 1 : 0;
        }

        return valid;
    }

    [Benchmark]
    public int GoldenQuality()
    {
        var valid = 0;
        foreach (var code in codes)
        {
            valid += Uscc.Check(code).IsValid ? 1 : 0;
        }

        return valid;
    }
}
