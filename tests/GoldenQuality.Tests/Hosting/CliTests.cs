using GoldenQuality.Cli;
using GoldenQuality.Identity;
using GoldenQuality.Persistence;
using GoldenQuality.Registry;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Tests.Hosting;

public sealed class CliTests
{
    private static (int Exit, string Output) Run(params string[] args)
    {
        using var output = new StringWriter();
        var exit = GqCli.Build().Parse(args).Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = output });
        return (exit, output.ToString());
    }

    [Fact]
    public void Check_uscc_exits_0_for_a_valid_code()
    {
        var (exit, output) = Run("registry", "check-uscc", "91110000600037341L");
        Assert.Equal(0, exit);
        Assert.Contains("91110000600037341L: valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_uscc_exits_1_and_names_the_expected_check_character()
    {
        var (exit, output) = Run("registry", "check-uscc", "91110000600037341L", "91110000600037341A");
        Assert.Equal(1, exit);
        Assert.Contains("91110000600037341A: invalid: check character is 'A' but the first 17 characters require 'L'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_uscc_reports_length_and_character_problems()
    {
        var (exit, output) = Run("registry", "check-uscc", "123", "9111000060003734IL");
        Assert.Equal(1, exit);
        Assert.Contains("123: invalid: must be 18 characters long, but has 3", output, StringComparison.Ordinal);
        Assert.Contains("character 'I' at position 17 is not allowed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_command_has_a_help_text()
    {
        var root = GqCli.Build();
        var all = new Stack<System.CommandLine.Command>([root]);
        while (all.Count > 0)
        {
            var command = all.Pop();
            Assert.False(string.IsNullOrWhiteSpace(command.Description), $"'{command.Name}' has no description");
            foreach (var option in command.Options.Where(o => !o.Name.StartsWith("--help", StringComparison.Ordinal) && o.Name != "--version" && o.Name != "-h"))
            {
                Assert.False(string.IsNullOrWhiteSpace(option.Description), $"'{command.Name} {option.Name}' has no description");
            }

            foreach (var sub in command.Subcommands)
            {
                all.Push(sub);
            }
        }
    }

    [Fact]
    public async Task Demo_exit_seeds_35_CIQ_and_31_BQS_bureaus_runs_the_exchange_ministries_provincial_alert_domestic_and_fast_import_scenarios_and_exits_0()
    {
        var folder = Path.Combine(Path.GetTempPath(), "gq-demo-test-" + Guid.NewGuid().ToString("N")[..8]);
        var exit = await GqCli.RunAsync(["demo", "--exit", "--scenario", "exchange", "--data", folder, "--port", "0"]);
        Assert.Equal(0, exit);
        foreach (var node in new[] { "aqsiq-national", "customs-national", "bqs-zj-provincial", "moa-gateway", "mep-gateway", "pbc-gateway", "aqsiq-shandong", "ippc-hub" })
        {
            Assert.True(File.Exists(Path.Combine(folder, node + ".db")), node);
            Assert.True(File.Exists(Path.Combine(folder, node, "node-key.pem")), node);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, node, "node-key.pem")));
            }
        }

        var options = new DbContextOptionsBuilder<GqDbContext>();
        Database.Configure(options, $"Data Source={Path.Combine(folder, "aqsiq-national.db")}");
        await using var db = new GqDbContext(options.Options);
        Assert.Equal(35, await db.Organisations.CountAsync(o => o.Kind == OrganisationKind.CiqBureau));
        Assert.Equal(31, await db.Organisations.CountAsync(o => o.Kind == OrganisationKind.BqsBureau));
        Assert.True(await db.Users.AnyAsync(u => u.UserName == "admin"));

        // A second run on the same folder keeps the keys and the data: seeding is idempotent. The ministries scenario
        // (which includes the supervision scenario's nonconformity) exits 0 only if every step happened on its node.
        Assert.Equal(0, await GqCli.RunAsync(["demo", "--exit", "--scenario", "ministries", "--data", folder, "--port", "0"]));

        // The provincial scenario: an import at Qingdao submitted on the national node is forwarded to the Shandong node,
        // decided there, and its outcome shows on the national node (decision 0014).
        Assert.Equal(0, await GqCli.RunAsync(["demo", "--exit", "--scenario", "provincial", "--data", folder, "--port", "0"]));

        // The alert scenario (issue 16): a border rejection validated and distributed; holds on the national, Shandong and
        // Customs nodes; a late agency escalated; the held permits released by decision, each step on its own node.
        Assert.Equal(0, await GqCli.RunAsync(["demo", "--exit", "--scenario", "alert", "--data", folder, "--port", "0"]));

        // The domestic scenario (issue 15) on a fresh folder: the earlier scenarios' nonconformity of the Hangzhou tea
        // maker (E-Supervision, last 90 days) would force sampling and hide the physical inspection its suspended licence gives.
        var domestic = Path.Combine(Path.GetTempPath(), "gq-demo-domestic-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal(0, await GqCli.RunAsync(["demo", "--exit", "--scenario", "domestic", "--data", domestic, "--port", "0"]));

        // The fast-import scenario (issue 18), on the same fresh folder: the alert scenario's border rejection of the Ningbo
        // importer would count as a recent failure and rightly take away its fast track. A certificate from Ecuador through
        // the hub matches and its line is released on documents; a mismatch is inspected and its rejection goes back through
        // the hub; a cancelled certificate blocks its declaration.
        Assert.Equal(0, await GqCli.RunAsync(["demo", "--exit", "--scenario", "fast-import", "--data", domestic, "--port", "0"]));

        // The accountability scenario (issue 17): an information need becomes an agreement in the directory, the first result
        // flows and its use comes back as feedback, every node reports its reciprocity, and a tampered audit row and a
        // rewritten, re-signed message log are caught.
        Assert.Equal(0, await GqCli.RunAsync(["demo", "--exit", "--scenario", "accountability", "--data", domestic, "--port", "0"]));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(domestic, recursive: true);
        Assert.Equal(35, await db.Organisations.CountAsync(o => o.Kind == OrganisationKind.CiqBureau));
        await db.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Demo_export_scenario_as_a_new_user_runs_it_prints_the_paper_permit_and_a_first_screen_without_warnings_or_split_credentials()
    {
        // As a person runs it: the gq executable as a child process, its output into a pipe (no terminal), and no
        // font package on the machine (the permit's font is compiled in).
        var folder = Path.Combine(Path.GetTempPath(), "gq-demo-out-" + Guid.NewGuid().ToString("N")[..8]);
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "gq.dll"), "demo", "--exit", "--scenario", "export", "--data", folder, "--port", "0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment.Remove("GQ_PDF_FONT");
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"gq demo --scenario export exited {process.ExitCode}:\n{output}\n{await stderr}");

        var lines = output.Split('\n');
        Assert.DoesNotContain(lines, l => l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("✓ paper permit", StringComparison.Ordinal));
        foreach (var account in GoldenQuality.Web.DemoAccounts.Read(Path.Combine(AppContext.BaseDirectory, "data")))
        {
            // Each user name and password whole on one line, as a person must type them.
            Assert.Contains(lines, l => l.Contains(account.UserName, StringComparison.Ordinal) && l.Contains(account.Password, StringComparison.Ordinal));
        }

        Assert.Contains("(no enterprise records of its own: enterprises are registered on the AQSIQ node", output, StringComparison.Ordinal);
        var key = (await File.ReadAllTextAsync(Path.Combine(folder, "demo-api-key"))).Trim();
        Assert.Contains(lines, l => l.Contains($"curl -H 'X-Api-Key: {key}'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"Data:           {folder}", StringComparison.Ordinal));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
