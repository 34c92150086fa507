using BenchmarkDotNet.Attributes;
using GoldenQuality.Registry;

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
        var file = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "..", "shared", "testdata", "uscc", "published-valid.txt");
        codes = File.Exists(file)
            ? File.ReadAllLines(file).Where(l => l.Length > 0).ToArray()
            : [.. Enumerable.Range(0, 200).Select(i => Uscc.WithCheckCharacter("9133010" + i.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)))];
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
