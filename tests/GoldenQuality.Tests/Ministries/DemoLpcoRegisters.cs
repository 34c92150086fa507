using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace GoldenQuality.Tests.Ministries;

/// <summary>
/// The generator of the fictional demo LPCO registers (data/demo/quarantine-permits.csv, waste-import-licences.csv):
/// the LPCOs the demo scenario needs, fixed, and a handful of others drawn from a fixed seed, so the output is the
/// same on every run. The test holds the committed files to the generator; <c>GQ_WRITE_DEMO_REGISTERS=1</c> rewrites them.
/// </summary>
public sealed class DemoLpcoRegisters
{
    private const string Header = "number,kind,holder_uscc,hs_code,product,origin_country,quantity,unit,remaining,ports_of_entry,valid_from,valid_to,status";

    /// <summary>Ningbo Demo Food (the demo importer), Qingdao Demo Seafood, Suzhou Demo Electronics: demo enterprises of data/demo/enterprises.csv.</summary>
    private const string NingboFood = "913302000000DEM02M";
    private const string QingdaoSeafood = "913702000000DEM05F";
    private const string SuzhouElectronics = "913205000000DEM034";

    public static string QuarantinePermits()
    {
        var random = new Random(20260101);
        var rows = new List<string>
        {
            // The demo scenario's permit: frozen beef from Australia through Ningbo, 20 t.
            Row("MOA-QP-2026-000001", "quarantine-permit", NingboFood, "0202", "Frozen bovine meat (demo)", "AU", 20000, "KGM", null, "CNNGB", "2026-01-01", "2027-12-31", "issued"),
        };
        var others = new (string Holder, string Hs, string Product, string[] Origins, string Unit, string Ports, string Status)[]
        {
            (QingdaoSeafood, "0306", "Frozen shrimps and prawns (demo)", ["EC", "VN", "TH"], "KGM", "CNTAO", "issued"),
            (NingboFood, "010229", "Live cattle for slaughter (demo)", ["AU", "NZ"], "HEA", "CNNGB;CNSHA", "issued"),
            (NingboFood, "060290", "Live plants, cuttings (demo)", ["NL", "BE"], "H87", "CNNGB", "suspended"),
            (NingboFood, "0202", "Frozen bovine meat (demo)", ["BR", "AR", "NZ"], "KGM", "CNNGB", "revoked"),
            (QingdaoSeafood, "0202", "Frozen bovine meat (demo)", ["NZ", "AU"], "TNE", "CNTAO", "expired"),
        };
        var serial = 2;
        foreach (var o in others)
        {
            var quantity = o.Unit switch { "KGM" => 1000 * random.Next(5, 60), "TNE" => random.Next(10, 80), _ => 10 * random.Next(5, 40) };
            var remaining = quantity - (random.Next(0, 4) * quantity / 10);
            var (from, to) = o.Status == "expired" ? ("2025-01-01", "2025-12-31") : ("2026-01-01", "2026-12-31");
            var year = o.Status == "expired" ? 2025 : 2026;
            var number = string.Create(CultureInfo.InvariantCulture, $"MOA-QP-{year}-{(year == 2025 ? 17 : serial++):000000}");
            rows.Add(Row(number, "quarantine-permit", o.Holder, o.Hs, o.Product, o.Origins[random.Next(o.Origins.Length)], quantity, o.Unit, remaining, o.Ports, from, to, o.Status));
        }

        return Header + "\n" + string.Join("\n", rows) + "\n";
    }

    public static string WasteImportLicences()
    {
        var random = new Random(20260102);
        var rows = new List<string>
        {
            // The demo scenario's licence: waste paper, 500 t, Ningbo Demo Food through Ningbo.
            Row("MEP-WL-2026-000001", "waste-import-licence", NingboFood, "4707", "Waste paper and paperboard (demo)", null, 500, "TNE", null, "CNNGB", "2026-01-01", "2027-12-31", "issued"),
        };
        var others = new (string Holder, string Hs, string Product, string Ports, string Status)[]
        {
            (SuzhouElectronics, "7204", "Ferrous scrap for remelting (demo)", "CNZJG", "issued"),
            (SuzhouElectronics, "3915", "Plastic waste, sorted (demo)", "", "suspended"),
            (NingboFood, "470790", "Unsorted waste paper (demo)", "CNNGB", "revoked"),
            (SuzhouElectronics, "7204", "Ferrous scrap for remelting (demo)", "CNSHA", "expired"),
        };
        var serial = 2;
        foreach (var o in others)
        {
            var quantity = 100 * random.Next(2, 30);
            var remaining = quantity - (random.Next(0, 5) * quantity / 10);
            var (from, to) = o.Status == "expired" ? ("2025-01-01", "2025-12-31") : ("2026-01-01", "2026-12-31");
            var year = o.Status == "expired" ? 2025 : 2026;
            var number = string.Create(CultureInfo.InvariantCulture, $"MEP-WL-{year}-{(year == 2025 ? 9 : serial++):000000}");
            rows.Add(Row(number, "waste-import-licence", o.Holder, o.Hs, o.Product, null, quantity, "TNE", remaining, o.Ports, from, to, o.Status));
        }

        return Header + "\n" + string.Join("\n", rows) + "\n";
    }

    private static string Row(string number, string kind, string holder, string hs, string product, string? origin, decimal quantity, string unit, decimal? remaining,
        string ports, string from, string to, string status)
    {
        static string Field(string s) => s.Contains(',', StringComparison.Ordinal) ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
        var sb = new StringBuilder();
        sb.AppendJoin(',', new[] { number, kind, holder, hs, product, origin ?? "", quantity.ToString(CultureInfo.InvariantCulture), unit,
            remaining?.ToString(CultureInfo.InvariantCulture) ?? "", ports, from, to, status }.Select(Field));
        return sb.ToString();
    }

    [Fact]
    public void The_committed_demo_registers_are_the_generators_output()
    {
        foreach (var (file, content) in new[] { ("quarantine-permits.csv", QuarantinePermits()), ("waste-import-licences.csv", WasteImportLicences()) })
        {
            var path = DemoPath(file);
            if (Environment.GetEnvironmentVariable("GQ_WRITE_DEMO_REGISTERS") == "1")
            {
                File.WriteAllText(path, content);
            }

            Assert.True(File.Exists(path) && File.ReadAllText(path).ReplaceLineEndings("\n") == content,
                $"data/demo/{file} is not the generator's output; run this test with GQ_WRITE_DEMO_REGISTERS=1 to rewrite it");
        }
    }

    private static string DemoPath(string file, [CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "data", "demo", file));
}
