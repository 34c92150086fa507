using GoldenQuality.Cli;

namespace GoldenQuality.Tests.Standards;

public sealed class StandardsCliTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "gq-std-cli-" + Guid.NewGuid().ToString("N")[..8]);

    public StandardsCliTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exit = await GqCli.Build().Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = output });
        return (exit, output.ToString());
    }

    [Fact]
    public async Task Generate_is_deterministic_and_its_catalogue_imports_idempotently_with_an_empty_rejects_file()
    {
        var a = Path.Combine(folder, "a");
        var b = Path.Combine(folder, "b");
        Assert.Equal(0, (await RunAsync("standards", "generate", "--products", "60", "--requirements", "600", "--seed", "5", "--out", a)).Exit);
        Assert.Equal(0, (await RunAsync("standards", "generate", "--products", "60", "--requirements", "600", "--seed", "5", "--out", b)).Exit);
        foreach (var file in Directory.GetFiles(a))
        {
            Assert.Equal(await File.ReadAllTextAsync(file), await File.ReadAllTextAsync(Path.Combine(b, Path.GetFileName(file))));
        }

        var db = $"Data Source={Path.Combine(folder, "node.db")}";
        var rejects = Path.Combine(folder, "rejects.csv");
        var (exit, output) = await RunAsync("standards", "import", "--dir", a, "--db", db, "--rejects", rejects);
        Assert.True(exit == 0, output);
        Assert.Contains("requirements.csv: 600 rows, 600 inserted", output, StringComparison.Ordinal);
        Assert.Single(await File.ReadAllLinesAsync(rejects));

        (exit, output) = await RunAsync("standards", "import", "--dir", a, "--db", db, "--rejects", rejects);
        Assert.Equal(0, exit);
        Assert.Contains("requirements.csv: 600 rows, 0 inserted, 0 updated, 600 unchanged", output, StringComparison.Ordinal);

        var exported = Path.Combine(folder, "export");
        Assert.Equal(0, (await RunAsync("standards", "export", "--db", db, "--out", exported)).Exit);
        Assert.Equal(601, (await File.ReadAllLinesAsync(Path.Combine(exported, "requirements.csv"))).Length);
    }

    [Fact]
    public async Task Import_writes_rejected_lines_with_their_numbers_and_exits_1()
    {
        var dir = Path.Combine(folder, "bad");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "categories.csv"), "code,parent,name_zh,name_en,hs_codes,ciq_codes\nroot,,根,Root,,\nchild,missing,子,Child,,\n");
        var rejects = Path.Combine(folder, "rejects.csv");
        var (exit, _) = await RunAsync("standards", "import", "--dir", dir, "--db", $"Data Source={Path.Combine(folder, "bad.db")}", "--rejects", rejects);
        Assert.Equal(1, exit);
        var lines = await File.ReadAllLinesAsync(rejects);
        Assert.Equal("file,line,reason", lines[0]);
        Assert.StartsWith("categories.csv,3,parent: unknown category 'missing'", lines[1], StringComparison.Ordinal);
    }
}
