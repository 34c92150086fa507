using System.CommandLine;
using System.Globalization;
using GoldenQuality.Hosting;
using GoldenQuality.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace GoldenQuality.Cli;

/// <summary><c>gq demo</c>: the national AQSIQ node on loopback with an embedded database and demo accounts.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Folder for the demo's databases and keys.", DefaultValueFactory = _ => ".gq" };
        var port = new Option<int>("--port") { Description = "Loopback port of the national AQSIQ node.", DefaultValueFactory = _ => 5080 };
        var exit = new Option<bool>("--exit") { Description = "Seed, start, check readiness, print a summary and exit 0, instead of serving until Ctrl+C." };
        var command = new Command("demo", "Starts the national AQSIQ node on 127.0.0.1 with an embedded SQLite database, reference data and demo accounts.")
        {
            data, port, exit,
        };
        command.SetAction(async (parse, ct) =>
        {
            var folder = Path.GetFullPath(parse.GetValue(data)!);
            Directory.CreateDirectory(folder);
            var requestedPort = parse.GetValue(port);
            if (requestedPort is < 0 or > 65535)
            {
                await Console.Error.WriteLineAsync("--port must be between 0 and 65535.");
                return 2;
            }

            var app = GqHost.Build(new HostSettings
            {
                Urls = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{requestedPort}"),
                JsonLogs = false,
                Settings = new Dictionary<string, string?>
                {
                    ["Node:Name"] = "national",
                    ["Node:Database"] = $"Data Source={Path.Combine(folder, "national.db")}",
                    ["Node:SeedReferenceData"] = "true",
                    ["Logging:LogLevel:Default"] = "Warning",
                },
            });
            await using (app)
            {
                var seeded = await GqHost.PrepareAsync(app, ct);
                var node = app.Services.GetRequiredService<IOptions<NodeOptions>>().Value;
                DemoSummary demo;
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    demo = await scope.ServiceProvider.GetRequiredService<DemoData>().LoadAsync(node.ReferenceData, ct);
                }

                // Scripts (benchmarks, smoke tests) read the demo key from here rather than from the console.
                var keyFile = Path.Combine(folder, "demo-api-key");
                await File.WriteAllTextAsync(keyFile, demo.SystemApiKey, ct);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                await app.StartAsync(ct);
                var baseUrl = GqHost.Addresses(app).FirstOrDefault() ?? $"http://127.0.0.1:{requestedPort}";
                using (var http = new HttpClient { BaseAddress = new Uri(baseUrl) })
                {
                    var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), ct);
                    if (!ready.IsSuccessStatusCode)
                    {
                        await Console.Error.WriteLineAsync($"The node did not become ready: {(int)ready.StatusCode}.");
                        return 1;
                    }
                }

                PrintSeed(seeded!);
                PrintAccounts(demo);
                AnsiConsole.MarkupLine($"[bold]National AQSIQ node[/] ready at [link]{baseUrl}[/]  (database: {Markup.Escape(Path.Combine(folder, "national.db"))})");
                AnsiConsole.MarkupLine($"  API reference:  [link]{baseUrl}/docs[/]");
                AnsiConsole.MarkupLine($"  OpenAPI:        [link]{baseUrl}/openapi/v1.json[/]");
                AnsiConsole.MarkupLine($"  Health:         [link]{baseUrl}/health/ready[/]");
                AnsiConsole.MarkupLine($"  Try:            curl -H 'X-Api-Key: {demo.SystemApiKey}' {baseUrl}/api/registry/enterprises");
                if (parse.GetValue(exit))
                {
                    await app.StopAsync(CancellationToken.None);
                    return 0;
                }

                AnsiConsole.MarkupLine("Serving until Ctrl+C.");
                await app.WaitForShutdownAsync(ct);
                await app.StopAsync(CancellationToken.None);
                return 0;
            }
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

    public static void PrintAccounts(DemoSummary demo)
    {
        var table = new Table().Title($"Demo accounts ({Num(demo.Enterprises)} fictional enterprises loaded)")
            .AddColumn("User").AddColumn("Password").AddColumn("Roles").AddColumn("Office or enterprise");
        foreach (var a in demo.Accounts)
        {
            table.AddRow(Markup.Escape(a.UserName), Markup.Escape(a.Password ?? "(API key below)"), Markup.Escape(a.Roles), Markup.Escape(a.Of));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Demo system API key (header X-Api-Key): [bold]{Markup.Escape(demo.SystemApiKey)}[/]");
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
}
