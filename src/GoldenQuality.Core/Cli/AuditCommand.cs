using System.CommandLine;
using System.Globalization;
using GoldenQuality.Audit.Contracts;
using GoldenQuality.Exchange.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Cli;

/// <summary><c>gq audit verify</c>: proves the audit log's hash chain intact, and with <c>--witnesses</c> checks it against what the node's peers signed.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var config = GqCli.ConfigOption();
        var db = GqCli.DbOption();
        var witnesses = new Option<bool>("--witnesses")
        {
            Description = "Also checks the chain against every checkpoint statement the node's peers signed (fails when this node has no witness checking).",
        };
        var verify = new Command("verify", "Proves the audit log's hash chain intact (exit 0), or names the first broken entry and why (exit 1).") { config, db, witnesses };
        verify.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            await using var app = GqCli.BuildOffline(parse.GetValue(config), parse.GetValue(db));
            await using var scope = app.Services.CreateAsyncScope();
            var check = await scope.ServiceProvider.GetRequiredService<IAuditQueries>().VerifyChainAsync(ct);
            if (!check.Intact)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BROKEN at audit entry {check.BrokenSequence}: {check.Reason}."));
                return 1;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Audit log intact ({check.Entries} entries): every entry is present, chained to the one before it, and matches its hash."));
            return parse.GetValue(witnesses) ? await WitnessesAsync(scope.ServiceProvider, output, ct) : 0;
        });
        return new Command("audit", "Audit log of protected reads.") { verify };
    }

    private static async Task<int> WitnessesAsync(IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        if (services.GetService<ILogWitnesses>() is not { } logWitnesses)
        {
            output.WriteLine("No witness checking is available on this node: it keeps no peer statements to compare the audit log with, so --witnesses cannot prove anything here.");
            return 1;
        }

        var w = await logWitnesses.VerifyAsync(WitnessedLog.Audit, ct);
        if (!w.Intact)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"WITNESSES DISAGREE: {w.Reason ?? "the chain differs from what a peer signed"} (first mismatch at entry {w.FirstMismatchSequence?.ToString(CultureInfo.InvariantCulture) ?? "?"}; {w.Statements} statement(s) from {w.Peers} peer(s))."));
            return 1;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Witnessed: {w.Statements} statement(s) from {w.Peers} peer(s) match the chain (last witnessed entry {w.LastWitnessedSequence?.ToString(CultureInfo.InvariantCulture) ?? "none"})."));
        return 0;
    }
}
