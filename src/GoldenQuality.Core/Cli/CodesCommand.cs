using System.CommandLine;
using System.Globalization;
using GoldenQuality.Codes;
using GoldenQuality.Hosting;
using GoldenQuality.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Cli;

/// <summary><c>gq codes</c>: tools for the people who maintain the code tables.</summary>
internal static class CodesCommand
{
    public static Command Create()
    {
        var config = GqCli.ConfigOption();
        var db = GqCli.DbOption();
        var from = new Option<string>("--from") { Description = "Only mappings from this system:version (e.g. hs:2017)." };
        var to = new Option<string>("--to") { Description = "Only mappings to this system:version (e.g. hs:2022)." };
        var verbose = new Option<bool>("--verbose") { Description = "Print every finding, not only the counts." };
        var check = new Command("check", "Loads the code tables (migrating first) and prints the consistency report of every pair of versions with mappings. Exits 1 when a mapping is ambiguous, overlaps another or contradicts its cardinality.")
        {
            config, db, from, to, verbose,
        };
        check.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            await using var app = GqCli.BuildOffline(parse.GetValue(config), parse.GetValue(db));
            await GqHost.PrepareAsync(app, ct, reloadReferenceData: true);
            await using var scope = app.Services.CreateAsyncScope();
            var snapshot = await scope.ServiceProvider.GetRequiredService<CodeCatalog>().GetAsync(scope.ServiceProvider.GetRequiredService<GqDbContext>(), ct);
            CodeRef? f = null, t = null;
            foreach (var (name, text) in new[] { ("--from", parse.GetValue(from)), ("--to", parse.GetValue(to)) })
            {
                if (text is null)
                {
                    continue;
                }

                var problem = CodeRef.TryParse(text, out var r) ? snapshot.CheckRef(r) : "not of the form system:version";
                if (problem is not null)
                {
                    await output.WriteLineAsync($"{name} '{text}': {problem}");
                    return 2;
                }

                if (name == "--from")
                {
                    f = r;
                }
                else
                {
                    t = r;
                }
            }

            var errors = 0;
            foreach (var table in snapshot.Tables.Values.Where(x => (f is null || x.From == f) && (t is null || x.To == t)).OrderBy(x => x.From.ToString(), StringComparer.Ordinal).ThenBy(x => x.To.ToString(), StringComparer.Ordinal))
            {
                var report = Consistency.Check(snapshot, table);
                var findings = new (string Name, ConsistencyIssue[] Issues)[]
                {
                    ("ambiguous", report.Ambiguous), ("overlapping", report.OverlappingValidity), ("cardinality", report.CardinalityMismatches),
                    ("unmapped", report.Unmapped), ("unreached", report.UnreachedTargets), ("round-trip", report.RoundTripLosses),
                };
                errors += report.Ambiguous.Length + report.OverlappingValidity.Length + report.CardinalityMismatches.Length;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{report.From} -> {report.To}: {report.MappedCodes}/{report.SourceCodes} codes mapped; {string.Join(", ", findings.Select(x => $"{x.Name} {x.Issues.Length}"))}"));
                if (parse.GetValue(verbose))
                {
                    foreach (var (name, issues) in findings)
                    {
                        foreach (var issue in issues)
                        {
                            await output.WriteLineAsync($"  {name}: {issue.Detail}");
                        }
                    }
                }
            }

            await output.WriteLineAsync(errors == 0 ? "No ambiguous, overlapping or contradictory mappings." : string.Create(CultureInfo.InvariantCulture, $"{errors} mapping problem(s)."));
            return errors == 0 ? 0 : 1;
        });
        return new Command("codes", "Code-table tools.") { check };
    }
}
