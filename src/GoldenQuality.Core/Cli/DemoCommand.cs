using System.CommandLine;
using System.Globalization;
using GoldenQuality.Hosting;
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
        var port = new Option<int>("--port") { Description = "Loopback port of the national AQSIQ node; the other demo nodes take the next five ports (0: any free ports).", DefaultValueFactory = _ => 5080 };
        var exit = new Option<bool>("--exit") { Description = "Seed, start, check readiness, run the scenario if one is named, print a summary and exit (0 when all went as expected), instead of serving until Ctrl+C." };
        var scenario = new Option<string>("--scenario") { Description = "Run a scenario across the nodes: " + string.Join(", ", DemoScenarios.Names) + "." };
        var command = new Command("demo", "Starts the demo federation on 127.0.0.1: the national AQSIQ node (with the demo accounts), Customs, the Zhejiang BQS, and the MOA, MEP and PBC gateways, each with its own SQLite database and key.")
        {
            data, port, exit, scenario,
        };
        command.SetAction(async (parse, ct) =>
        {
            var folder = Path.GetFullPath(parse.GetValue(data)!);
            Directory.CreateDirectory(folder);
            var basePort = parse.GetValue(port);
            var scenarioName = parse.GetValue(scenario);
            if (basePort is < 0 or > 65530)
            {
                await Console.Error.WriteLineAsync("--port must be between 0 and 65530 (the demo nodes use it and the five ports after it).");
                return 2;
            }

            if (scenarioName is not null && !DemoScenarios.Names.Contains(scenarioName))
            {
                await Console.Error.WriteLineAsync($"--scenario: '{scenarioName}' is not one of: {string.Join(", ", DemoScenarios.Names)}.");
                return 2;
            }

            await using var federation = await DemoFederation.StartAsync(folder, basePort, ct);
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
            await File.WriteAllTextAsync(keyFile, federation.Demo.SystemApiKey, ct);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            PrintSeed(national.Seeded!);
            await File.WriteAllTextAsync(Path.Combine(folder, "demo-customs-api-key"), federation.CustomsDemo.SystemApiKey, ct);
            PrintAccounts(federation.Demo, $"sign in at {national.Url}");
            PrintAccounts(federation.CustomsDemo, $"Customs node: sign in at {federation[DemoFederation.Customs].Url}");
            var nodes = new Table().Title("Demo nodes (signed directory: " + Markup.Escape(Path.Combine(folder, "directory.jws")) + ")")
                .AddColumn("Node").AddColumn("URL").AddColumn("Database");
            foreach (var node in federation.Nodes)
            {
                nodes.AddRow(Markup.Escape(node.Id), $"[link]{node.Url}[/]", Markup.Escape(Path.GetFileName(node.Database)));
            }

            AnsiConsole.Write(nodes);
            var baseUrl = national.Url;
            AnsiConsole.MarkupLine($"  API reference:  [link]{baseUrl}/docs[/]");
            AnsiConsole.MarkupLine($"  OpenAPI:        [link]{baseUrl}/openapi/v1.json[/]");
            AnsiConsole.MarkupLine($"  Exchange:       [link]{baseUrl}/api/exchange/status[/]");
            AnsiConsole.MarkupLine($"  Try:            curl -H 'X-Api-Key: {federation.Demo.SystemApiKey}' {baseUrl}/api/registry/enterprises");

            var result = 0;
            if (scenarioName is not null)
            {
                result = await DemoScenarios.RunAsync(scenarioName, federation, ct) ? 0 : 1;
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

    public static void PrintAccounts(DemoSummary demo, string where)
    {
        var table = new Table().Title($"Demo accounts, {Markup.Escape(where)} ({Num(demo.Enterprises)} fictional enterprises loaded)")
            .AddColumn("User").AddColumn("Password").AddColumn("Roles").AddColumn("Office or enterprise");
        foreach (var a in demo.Accounts)
        {
            table.AddRow(Markup.Escape(a.UserName), Markup.Escape(a.Password ?? "(API key below)"), Markup.Escape(a.Roles), Markup.Escape(a.Of));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"System API key (header X-Api-Key): [bold]{Markup.Escape(demo.SystemApiKey)}[/]");
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
}
