using System.CommandLine;
using System.Globalization;
using GoldenQuality.Persistence;
using GoldenQuality.Standards;
using Microsoft.Extensions.DependencyInjection;
using nietras.SeparatedValues;
using Spectre.Console;

namespace GoldenQuality.Cli;

/// <summary><c>gq standards import | export | generate</c>.</summary>
internal static class StandardsCommand
{
    public static Command Create()
    {
        return new Command("standards", "The standards catalogue: import and export CSV files, generate a synthetic catalogue for scale tests.")
        {
            Import(),
            Export(),
            Generate(),
        };
    }

    private static Command Import()
    {
        var config = GqCli.ConfigOption();
        var db = GqCli.DbOption();
        var dir = new Option<string>("--dir") { Description = "The folder with categories.csv, parameters.csv, standards.csv and requirements.csv (any subset).", Required = true };
        var rejects = new Option<string>("--rejects") { Description = "Where to write the rejected lines (file,line,reason); default: rejects.csv in the current folder." };
        var command = new Command("import", "Imports a standards catalogue from CSV idempotently (migrating first), with a progress bar and a file of rejected lines. Exits 1 when any line was rejected.")
        {
            config, db, dir, rejects,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var app = GqCli.BuildOffline(parse.GetValue(config), parse.GetValue(db));
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await Database.MigrateAsync(scope.ServiceProvider.GetRequiredService<GqDbContext>(), ct);
            }

            var folder = parse.GetValue(dir)!;
            ImportSummary? summary = null;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async ctx =>
                {
                    var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                    await using var scope = app.Services.CreateAsyncScope();
                    summary = await scope.ServiceProvider.GetRequiredService<StandardsImporter>().ImportFolderAsync(folder, (file, done, total) =>
                    {
                        if (!tasks.TryGetValue(file, out var task))
                        {
                            tasks[file] = task = ctx.AddTask(file, maxValue: Math.Max(1, total));
                        }

                        task.Value = Math.Min(done, task.MaxValue);
                    }, ct);
                });

            foreach (var f in summary!.Files)
            {
                parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{f.File}: {f.Rows} rows, {f.Inserted} inserted, {f.Updated} updated, {f.Unchanged} unchanged, {f.Rejected} rejected"));
            }

            var rejectsFile = parse.GetValue(rejects) ?? "rejects.csv";
            if (summary.Rejects.Count == 0)
            {
                // Sep writes the header with the first row; an empty rejects file still says what it would hold.
                await File.WriteAllTextAsync(rejectsFile, "file,line,reason\n", ct);
            }
            else
            {
                using var writer = Sep.New(',').Writer(o => o with { Escape = true }).ToFile(rejectsFile);
                foreach (var r in summary.Rejects)
                {
                    using var row = writer.NewRow();
                    row["file"].Set(r.File);
                    row["line"].Format(r.Line);
                    row["reason"].Set(r.Reason);
                }
            }

            if (summary.Rejects.Count > 0)
            {
                parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{summary.Rejects.Count} line(s) rejected: see {rejectsFile}"));
            }

            return summary.Rejects.Count == 0 ? 0 : 1;
        });
        return command;
    }

    private static Command Export()
    {
        var config = GqCli.ConfigOption();
        var db = GqCli.DbOption();
        var output = new Option<string>("--out") { Description = "The folder to write the four catalogue files to.", Required = true };
        var command = new Command("export", "Exports the standards catalogue as the CSV files the import reads.") { config, db, output };
        command.SetAction(async (parse, ct) =>
        {
            await using var app = GqCli.BuildOffline(parse.GetValue(config), parse.GetValue(db));
            await using var scope = app.Services.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<GqDbContext>();
            var folder = parse.GetValue(output)!;
            Directory.CreateDirectory(folder);
            foreach (var file in Enum.GetValues<CatalogueFile>())
            {
                var path = Path.Combine(folder, StandardsImporter.FileName(file));
                await using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
                await StandardsExport.WriteAsync(context, file, writer, ct);
                parse.InvocationConfiguration.Output.WriteLine($"wrote {path}");
            }

            return 0;
        });
        return command;
    }

    private static Command Generate()
    {
        var products = new Option<int>("--products") { Description = "How many product categories (the tree's nodes).", DefaultValueFactory = _ => 4000 };
        var requirements = new Option<int>("--requirements") { Description = "How many requirements.", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<int>("--seed") { Description = "The seed: the same seed writes the same files.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "The folder to write the four catalogue files to (default: standards-generated).", DefaultValueFactory = _ => "standards-generated" };
        var command = new Command("generate", "Writes a deterministic synthetic catalogue for scale tests (import it with gq standards import).") { products, requirements, seed, output };
        command.SetAction(parse =>
        {
            var (p, r) = (parse.GetValue(products), parse.GetValue(requirements));
            if (p < 1 || r < 0)
            {
                parse.InvocationConfiguration.Error.WriteLine("--products must be 1 or more and --requirements 0 or more.");
                return 2;
            }

            var catalogue = StandardsGenerator.Generate(p, r, parse.GetValue(seed));
            StandardsGenerator.Write(catalogue, parse.GetValue(output)!);
            parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {catalogue.Categories.Count} categories, {catalogue.ParameterRows.Count} parameters, {catalogue.Standards.Count} standards, {catalogue.Requirements.Count} requirements to {parse.GetValue(output)}"));
            return 0;
        });
        return command;
    }
}
