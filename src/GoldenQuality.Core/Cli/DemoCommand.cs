using System.CommandLine;
using System.Globalization;
using GoldenQuality.Demo;
using GoldenQuality.Registry;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace GoldenQuality.Cli;

/// <summary><c>gq demo</c>: the national AQSIQ node on loopback with an embedded database and demo accounts.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Folder for the demo's databases and keys.", DefaultValueFactory = _ => ".gq" };
        var port = new Option<int>("--port") { Description = "Loopback port of the national AQSIQ node; the other demo nodes take the next five ports, and their mutual-TLS peer listeners those ports + 100 (0: any free ports).", DefaultValueFactory = _ => 5080 };
        var exit = new Option<bool>("--exit") { Description = "Seed, start, check readiness, run the scenario if one is named, print a summary and exit (0 when all went as expected), instead of serving until Ctrl+C." };
        var scenario = new Option<string>("--scenario") { Description = "Run a scenario across the nodes: " + string.Join(", ", DemoScenarios.Names) + "." };
        var command = new Command("demo", "Starts the demo federation on 127.0.0.1: the national AQSIQ node (with the demo accounts), Customs, the Zhejiang BQS, and the MOA, MEP and PBC gateways, each with its own SQLite database and key.")
        {
            data, port, exit, scenario,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (Console.IsOutputRedirected)
            {
                // A log file or pipe has no width: lay tables out for a wide page rather than for 80 columns.
                AnsiConsole.Profile.Width = 200;
            }

            var folder = Path.GetFullPath(parse.GetValue(data)!);
            Common.PrivateFiles.EnsureFolder(folder);
            var basePort = parse.GetValue(port);
            var scenarioName = parse.GetValue(scenario);
            if (basePort is < 0 or > 65530 - DemoFederation.PeerPortOffset)
            {
                await Console.Error.WriteLineAsync($"--port must be between 0 and {65530 - DemoFederation.PeerPortOffset} (the demo nodes use it and the five ports after it, and their peer listeners those + {DemoFederation.PeerPortOffset}).");
                return 2;
            }

            if (scenarioName is not null && !DemoScenarios.Names.Contains(scenarioName))
            {
                await Console.Error.WriteLineAsync($"--scenario: '{scenarioName}' is not one of: {string.Join(", ", DemoScenarios.Names)}.");
                return 2;
            }

            await using var federation = await DemoFederation.StartAsync(folder, basePort, ct, DemoScenarios.SettingsFor(scenarioName));
            var national = federation[DemoFederation.National];
            using (var http = new HttpClient())
            {
                foreach (var node in federation.Nodes)
                {
                    var ready = await http.GetAsync(new Uri(new Uri(node.Url), "/health/ready"), ct);
                    if (!ready.IsSuccessStatusCode)
                    {
                        await Console.Error.WriteLineAsync($"{node.Id} did not become ready: {(int)ready.StatusCode}.");
                        return 1;
                    }
                }
            }

            // Scripts (benchmarks, smoke tests) read the demo key from here rather than from the console.
            var keyFile = Path.Combine(folder, "demo-api-key");
            await Common.PrivateFiles.WriteAsync(keyFile, federation.Demo.SystemApiKey, ct);

            PrintSeed(national.Prepared.Get<SeedSummary>()!);
            await Common.PrivateFiles.WriteAsync(Path.Combine(folder, "demo-customs-api-key"), federation.CustomsDemo.SystemApiKey, ct);
            PrintAccounts(federation.Demo, $"sign in at {national.Url}");
            foreach (var (id, summary) in federation.Summaries.Where(s => s.Key != DemoFederation.National))
            {
                PrintAccounts(summary, $"{id}: sign in at {federation[id].Url}");
            }

            PrintNodes(federation, folder);
            var baseUrl = national.Url;

            // Plain lines, never wrapped by the console library: a URL, key or command must copy whole.
            Console.WriteLine($"  Web interface:  {baseUrl}/");
            Console.WriteLine($"  API reference:  {baseUrl}/docs");
            Console.WriteLine($"  OpenAPI:        {baseUrl}/openapi/v1.json");
            Console.WriteLine($"  Exchange:       {baseUrl}/api/exchange/status");
            Console.WriteLine("  Try:");
            Console.WriteLine($"    curl -H 'X-Api-Key: {federation.Demo.SystemApiKey}' \\");
            Console.WriteLine($"      {baseUrl}/api/registry/enterprises");
            Console.WriteLine($"  Data:           {folder}");
            Console.WriteLine($"  Register feeds: drop a ministry's export (e.g. data/adapters/samples/moa-quarantine-permits.csv) into {DemoFederation.FeedFolder(folder, "ADAPTER")}");
            Console.WriteLine($"                  ({string.Join(", ", DemoFederation.Feeds.Values.Select(f => f.Adapter))}); see GET /api/codes/feeds on the ministry's node");
            Console.WriteLine("                  (stop the demo and delete it to start afresh)");

            var result = 0;
            if (scenarioName is not null)
            {
                result = await DemoScenarios.RunAsync(scenarioName, federation, new LogTamper(), ct) ? 0 : 1;
            }

            if (parse.GetValue(exit))
            {
                return result;
            }

            AnsiConsole.MarkupLine("Serving until Ctrl+C.");
            await national.App.WaitForShutdownAsync(ct);
            return result;
        });
        return command;
    }

    public static void PrintSeed(SeedSummary s)
    {
        var table = new Table().Title("Reference data").AddColumn("What").AddColumn(new TableColumn("Count").RightAligned());
        table.AddRow("Administrative areas (GB/T 2260)", Num(s.Areas));
        table.AddRow("Organisations", Num(s.Organisations));
        table.AddRow("  CIQ bureaus", Num(s.CiqBureaus));
        table.AddRow("  BQS bureaus", Num(s.BqsBureaus));
        table.AddRow("Typed links", Num(s.Links));
        table.AddRow("Ports (UN/LOCODE)", Num(s.Ports));
        table.AddRow("Rows added / updated / removed", $"{Num(s.Added)} / {Num(s.Updated)} / {Num(s.Removed)}");
        AnsiConsole.Write(table);
    }

    /// <summary>Tables need about 100 columns; a narrower console gets the same facts as short lines.</summary>
    private static bool Wide => AnsiConsole.Profile.Width >= 100;

    public static void PrintAccounts(DemoSummary demo, string where)
    {
        var loaded = demo.Enterprises > 0
            ? $"{Num(demo.Enterprises)} fictional enterprises loaded"
            : "no enterprise records of its own: enterprises are registered on the AQSIQ node, which publishes them here under agreement DEMO-AGR-001";
        AnsiConsole.MarkupLine($"[bold]Demo accounts, {Markup.Escape(where)}[/]");
        AnsiConsole.WriteLine($"({loaded})");
        if (Wide)
        {
            var table = new Table().AddColumn("User").AddColumn("Password").AddColumn("Roles").AddColumn("Office or enterprise");
            foreach (var a in demo.Accounts)
            {
                table.AddRow(Markup.Escape(a.UserName), Markup.Escape(a.Password ?? "(API key below)"), Markup.Escape(Roles(a.Roles)), Markup.Escape(a.Of));
            }

            AnsiConsole.Write(table);
        }
        else
        {
            // User name and password first on a line of their own, so that neither is ever split.
            var width = demo.Accounts.Max(a => a.UserName.Length) + 2;
            foreach (var a in demo.Accounts)
            {
                Console.WriteLine($"  {a.UserName.PadRight(width)}{a.Password ?? "(API key below)"}");
                Console.WriteLine($"    {Roles(a.Roles)} · {a.Of}");
            }
        }

        Console.WriteLine("System API key (header X-Api-Key):");
        Console.WriteLine($"  {demo.SystemApiKey}");
    }

    private static void PrintNodes(DemoFederation federation, string folder)
    {
        AnsiConsole.MarkupLine($"[bold]Demo nodes[/] (signed directory: {Markup.Escape(Path.Combine(folder, "directory.jws"))})");
        if (Wide)
        {
            var nodes = new Table().AddColumn("Node").AddColumn("URL").AddColumn("Peer (mutual TLS)").AddColumn("Database");
            foreach (var node in federation.Nodes)
            {
                nodes.AddRow(Markup.Escape(node.Id), $"[link]{node.Url}[/]", Markup.Escape(node.PeerUrl), Markup.Escape(Path.GetFileName(node.Database)));
            }

            AnsiConsole.Write(nodes);
            return;
        }

        foreach (var node in federation.Nodes)
        {
            Console.WriteLine($"  {node.Id}");
            Console.WriteLine($"    {node.Url}  peer {node.PeerUrl} (mutual TLS)  ({Path.GetFileName(node.Database)})");
        }
    }

    private static string Roles(string roles) => roles.Replace(",", ", ", StringComparison.Ordinal);

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
}
