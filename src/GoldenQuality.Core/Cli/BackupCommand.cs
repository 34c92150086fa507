using System.CommandLine;
using System.Globalization;
using GoldenQuality.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Cli;

/// <summary><c>gq backup</c> and <c>gq restore</c> (docs/operations.md, "Backup and restore").</summary>
internal static class BackupCommand
{
    public static Command Backup()
    {
        var config = GqCli.ConfigOption();
        var db = GqCli.DbOption();
        var output = new Option<string>("--output") { Description = "The backup file to write (never overwritten): a SQLite database for a SQLite node, a pg_dump archive for a PostgreSQL node.", Required = true };
        var command = new Command("backup", "Backs up the node's database while the node runs: SQLite's online backup, or pg_dump's consistent snapshot. The node's keys are files, backed up on their own.")
        {
            config, db, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var app = GqCli.BuildOffline(parse.GetValue(config), parse.GetValue(db));
            var database = DatabaseOptions.From(app.Configuration).Database;
            return await ReportAsync(parse, async () =>
            {
                var result = await Backups.BackupAsync(database, parse.GetValue(output)!, ct);
                parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Backed up the {Backups.Name(result.Provider)} database to {result.File} ({Size(result.Bytes)}, last migration {result.LastMigration})."));
                return 0;
            });
        });
        return command;
    }

    public static Command Restore()
    {
        var config = GqCli.ConfigOption();
        var db = GqCli.DbOption();
        var from = new Option<string>("--from") { Description = "The backup file that gq backup wrote.", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace a target database that already holds tables (stop its node first)." };
        var command = new Command("restore", "Restores a backup into the node's database (the node stopped), whole or not at all, then verifies the message log. Exits 1 when the log is broken.")
        {
            config, db, from, force,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            await using var app = GqCli.BuildOffline(parse.GetValue(config), parse.GetValue(db));
            var database = DatabaseOptions.From(app.Configuration).Database;
            return await ReportAsync(parse, async () =>
            {
                var result = await Backups.RestoreAsync(parse.GetValue(from)!, database, parse.GetValue(force), ct);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Restored {Path.GetFullPath(parse.GetValue(from)!)} into the {Backups.Name(result.Provider)} database {result.File} (last migration {result.LastMigration})."));
                await using var scope = app.Services.CreateAsyncScope();
                var plan = await Database.PlanAsync(scope.ServiceProvider.GetRequiredService<GqDbContext>(), ct);
                if (plan.Unknown.Count > 0)
                {
                    parse.InvocationConfiguration.Error.WriteLine(plan.UnknownMessage());
                    return 2;
                }

                if (plan.Pending.Count > 0)
                {
                    // The log's entries are read with this release's model, which the older schema does not have yet.
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"The backup is older than this gq: the node applies {plan.Pending.Count} migration(s) when it starts ({string.Join(", ", plan.Pending)}); run gq log verify after that."));
                    return 0;
                }

                if (!await FederationCommands.VerifyMessageLogAsync(scope.ServiceProvider, output, ct))
                {
                    return 1;
                }

                output.WriteLine("Start the node: what it had not delivered at the backup is sent again, and receivers answer what they already have as duplicates.");
                return 0;
            });
        });
        return command;
    }

    private static async Task<int> ReportAsync(ParseResult parse, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (BackupException e)
        {
            parse.InvocationConfiguration.Error.WriteLine($"{e.Option}: {e.Message}");
            return 2;
        }
    }

    private static string Size(long bytes) => bytes >= 1 << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB");
}
