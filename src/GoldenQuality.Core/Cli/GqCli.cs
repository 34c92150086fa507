using System.CommandLine;
using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Demo;
using GoldenQuality.Hosting;
using GoldenQuality.Persistence;
using GoldenQuality.Registry;
using GoldenQuality.Registry.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Cli;

/// <summary>The <c>gq</c> command line. Every command and option has a help text (<c>gq --help</c>).</summary>
public static class GqCli
{
    public static Task<int> RunAsync(string[] args) => Build().Parse(args).InvokeAsync();

    internal static RootCommand Build()
    {
        var root = new RootCommand("GoldenQuality: the product quality and food safety information-sharing node (gq).");
        root.Subcommands.Add(Serve());
        root.Subcommands.Add(Proxy());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(Db());
        root.Subcommands.Add(BackupCommand.Backup());
        root.Subcommands.Add(BackupCommand.Restore());
        root.Subcommands.Add(UsersCommand.Create());
        root.Subcommands.Add(Seed());
        root.Subcommands.Add(RegistryCommands());
        root.Subcommands.Add(FederationCommands.Federation());
        root.Subcommands.Add(FederationCommands.Exchange());
        root.Subcommands.Add(FederationCommands.Log());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(EvidenceCommand.Create());
        root.Subcommands.Add(AdaptCommand.Create());
        root.Subcommands.Add(CodesCommand.Create());
        root.Subcommands.Add(FeedCommand.Create());
        root.Subcommands.Add(StandardsCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }

    internal static Option<string> ConfigOption() => new("--config") { Description = "A JSON configuration file (same keys as appsettings.json, e.g. Node:Database)." };

    internal static Option<string> DbOption() => new("--db")
    {
        Description = "The database: a SQLite file or connection string, or a PostgreSQL connection string (Host=...). Overrides GQ_DB and the configuration.",
    };

    private static Command Serve()
    {
        var config = ConfigOption();
        var db = DbOption();
        var urls = new Option<string>("--urls") { Description = "Where to listen, e.g. http://127.0.0.1:5080 (the default). Bind to loopback unless a proxy fronts the node." };
        var command = new Command("serve", "Runs one node: applies migrations, loads reference data, and serves the API until stopped.") { config, db, urls };
        command.SetAction(async (parse, ct) =>
        {
            WebApplication app;
            try
            {
                app = GqHost.Build(new HostSettings
                {
                    ConfigFile = parse.GetValue(config),
                    Database = parse.GetValue(db),
                    Urls = parse.GetValue(urls),
                });
            }
            catch (InvalidOperationException e)
            {
                // A setting that cannot work (a peer URL that is not an address, a reporting database on another engine):
                // the operator reads which key and why, not a stack trace.
                await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message);
                return 2;
            }

            await GqHost.PrepareAsync(app, ct);
            await app.StartAsync(ct);
            await app.WaitForShutdownAsync(ct);
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            return 0;
        });
        return command;
    }

    private static Command Proxy()
    {
        var config = new Option<string>("--config")
        {
            Description = "The proxy's JSON configuration: YARP's ReverseProxy section (a cluster of the node's instances, health-checked on /health/ready) and Proxy (Cluster, PeerListen). See deploy/proxy.json.",
            Required = true,
        };
        var urls = new Option<string>("--urls") { Description = "Where the proxy listens for browsers and systems, e.g. http://127.0.0.1:8080.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var command = new Command("proxy", "Runs a reverse proxy in front of several instances of one node: balances requests over the healthy ones and relays peers' mutual-TLS connections.") { config, urls };
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(config)!;
            if (!File.Exists(file))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"--config: there is no file {file}.");
                return 2;
            }

            WebApplication app;
            try
            {
                app = GqProxy.Build(file, parse.GetValue(urls)!);
            }
            catch (InvalidOperationException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message);
                return 2;
            }

            await using (app)
            {
                await app.RunAsync(ct);
            }

            return 0;
        });
        return command;
    }

    private static Command Db()
    {
        var config = ConfigOption();
        var db = DbOption();
        var check = new Option<bool>("--check")
        {
            Description = "Only say what would run: exits 0 when the database is up to date, 1 when migrations would run, 2 when a newer release made the database.",
        };
        var migrate = new Command("migrate", "Applies every pending migration to the database, then exits.") { config, db, check };
        migrate.SetAction(async (parse, ct) =>
        {
            await using var app = BuildOffline(parse.GetValue(config), parse.GetValue(db));
            await using var scope = app.Services.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<GqDbContext>();
            var output = parse.InvocationConfiguration.Output;
            var plan = await Database.PlanAsync(context, ct);
            if (plan.Unknown.Count > 0)
            {
                parse.InvocationConfiguration.Error.WriteLine(plan.UnknownMessage());
                return 2;
            }

            if (parse.GetValue(check))
            {
                output.WriteLine(plan.Pending.Count == 0
                    ? string.Create(CultureInfo.InvariantCulture, $"The database is up to date ({plan.Applied.Count} migrations, the last {plan.Applied[^1]}).")
                    : string.Create(CultureInfo.InvariantCulture, $"{plan.Pending.Count} migration(s) would run, in this order: {string.Join(", ", plan.Pending)}. The database has {plan.Applied.Count}."));
                return plan.Pending.Count == 0 ? 0 : 1;
            }

            await Database.MigrateAsync(context, ct);
            output.WriteLine(plan.Pending.Count == 0
                ? "The database is up to date."
                : string.Create(CultureInfo.InvariantCulture, $"Applied {plan.Pending.Count} migration(s): {string.Join(", ", plan.Pending)}"));
            return 0;
        });
        return new Command("db", "Database maintenance.") { migrate };
    }

    private static Command Seed()
    {
        var config = ConfigOption();
        var db = DbOption();
        var demo = new Option<bool>("--demo") { Description = "Also load the fictional demo enterprises and accounts from data/demo/." };
        var command = new Command("seed", "Loads the reference data under data/ idempotently (migrating first).") { config, db, demo };
        command.SetAction(async (parse, ct) =>
        {
            await using var app = BuildOffline(parse.GetValue(config), parse.GetValue(db));
            var prepared = await GqHost.PrepareAsync(app, ct, reloadReferenceData: true);
            DemoCommand.PrintSeed(prepared.Get<SeedSummary>()!);
            if (parse.GetValue(demo))
            {
                await using var scope = app.Services.CreateAsyncScope();
                var node = app.Services.GetRequiredService<IOptions<ReferenceDataOptions>>().Value;
                var loaded = await DemoData.From(scope.ServiceProvider).LoadAsync(node.ReferenceData, ct);
                await DemoData.From(scope.ServiceProvider).GenerateHistoryAsync(node.ReferenceData, DemoData.Today(), ct);
                DemoCommand.PrintAccounts(loaded, "this node");
            }

            return 0;
        });
        return command;
    }

    private static Command RegistryCommands()
    {
        var codes = new Argument<string[]>("CODE") { Description = "One or more Unified Social Credit Codes (GB 32100-2015).", Arity = ArgumentArity.OneOrMore };
        var check = new Command("check-uscc", "Checks USCCs: exits 0 when every code is valid; otherwise prints each invalid code's reason and exits 1.") { codes };
        check.SetAction(parse =>
        {
            var allValid = true;
            foreach (var code in parse.GetValue(codes) ?? [])
            {
                var result = Uscc.Check(code);
                allValid &= result.IsValid;
                if (result.IsValid)
                {
                    parse.InvocationConfiguration.Output.WriteLine($"{result.Input}: valid");
                }
                else
                {
                    parse.InvocationConfiguration.Output.WriteLine($"{(result.Input.Length == 0 ? "(empty)" : result.Input)}: invalid: {result.Message}");
                }
            }

            return allValid ? 0 : 1;
        });
        return new Command("registry", "Registry tools.") { check };
    }

    /// <summary>A host for commands that use the database but do not serve.</summary>
    internal static WebApplication BuildOffline(string? config, string? db) =>
        GqHost.Build(new HostSettings { ConfigFile = config, Database = db, JsonLogs = false });
}
