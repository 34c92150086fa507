using System.CommandLine;
using GoldenQuality.Hosting;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Registry.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Cli;

/// <summary>
/// <c>gq users create</c>: a node's first administrator (docs/operations.md, "Install"), and any account an operator
/// makes on the server itself. The password never appears on the command line, where other users of the machine see it.
/// </summary>
internal static class UsersCommand
{
    public const string PasswordVariable = "GQ_NEW_PASSWORD";

    public static Command Create()
    {
        var config = GqCli.ConfigOption();
        var db = GqCli.DbOption();
        var user = new Option<string>("--user") { Description = "The new account's user name.", Required = true };
        var displayName = new Option<string>("--display-name") { Description = "The name shown for the account.", Required = true };
        var office = new Option<string>("--office") { Description = "The code of the office the account belongs to (the registry's organisations, e.g. AQSIQ-INFO-CENTER).", Required = true };
        var roles = new Option<string>("--roles") { Description = "Roles, separated by commas: admin, officer, supervisor, system, ...", DefaultValueFactory = _ => "admin" };
        var passwordFile = new Option<string>("--password-file")
        {
            Description = $"A file whose first line is the password. Without it the password is read from {PasswordVariable}, or else from the first line of standard input.",
        };
        var create = new Command("create", "Creates an account on this node (migrating and loading the reference data first), as an administrator would: the node's first administrator, typically. Exits 2 with each refused field.")
        {
            config, db, user, displayName, office, roles, passwordFile,
        };
        create.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var password = await ReadPasswordAsync(parse.GetValue(passwordFile), ct);
            if (password is null)
            {
                error.WriteLine($"--password-file: give the password in a file, in {PasswordVariable}, or on standard input.");
                return 2;
            }

            await using var app = GqCli.BuildOffline(parse.GetValue(config), parse.GetValue(db));
            await GqHost.PrepareAsync(app, ct);
            await using var scope = app.Services.CreateAsyncScope();
            var code = parse.GetValue(office)!.Trim().ToUpperInvariant();
            var entry = await scope.ServiceProvider.GetRequiredService<IRegistryDirectory>().FindOfficeAsync(code, ct);
            if (entry is null)
            {
                error.WriteLine($"--office: there is no office '{code}' in this node's registry.");
                return 2;
            }

            // The node itself acts, as an administrator of that office (as the demo loader does).
            var node = new Actor(Guid.Empty, "gq-cli", UserRoles.Admin | UserRoles.System, entry.Id, entry.Code, entry.Agency, entry.ProvinceCode, null);
            var names = parse.GetValue(roles)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var result = await scope.ServiceProvider.GetRequiredService<CreateUser>().HandleAsync(node,
                new NewUser(parse.GetValue(user), parse.GetValue(displayName), password, names, code, null), ct);
            if (result.Invalid is { } invalid)
            {
                foreach (var (field, messages) in invalid.ProblemDetails.Errors)
                {
                    error.WriteLine($"{field}: {string.Join(" ", messages)}");
                }

                return 2;
            }

            if (result.Problem is { } problem)
            {
                error.WriteLine(problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title);
                return 2;
            }

            var created = result.Value!;
            output.WriteLine($"Created the account {created.UserName} ({created.DisplayName}) of office {code}, roles: {string.Join(", ", created.Roles)}.");
            return 0;
        });
        return new Command("users", "Accounts of this node.") { create };
    }

    private static async Task<string?> ReadPasswordAsync(string? file, CancellationToken ct)
    {
        var line = file is { Length: > 0 }
            ? (await File.ReadAllLinesAsync(file, ct)).FirstOrDefault()
            : Environment.GetEnvironmentVariable(PasswordVariable) is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : Console.IsInputRedirected ? await Console.In.ReadLineAsync(ct) : null;
        return string.IsNullOrEmpty(line) ? null : line;
    }
}
