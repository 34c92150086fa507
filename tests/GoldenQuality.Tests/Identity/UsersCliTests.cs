using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Tests.Infrastructure;

namespace GoldenQuality.Tests.Identity;

/// <summary><c>gq users create</c>: a production node's first administrator, made on the server (issue 21, docs/operations.md).</summary>
[Collection("sqlite")]
public sealed class UsersCliTests
{
    [Fact]
    public async Task The_first_administrator_is_created_from_a_password_file_signs_in_and_sees_the_accounts_and_bad_input_is_named()
    {
        var folder = Directory.CreateTempSubdirectory("gq-users-").FullName;
        var database = await TestDatabases.SqliteAsync(Path.Combine(folder, "node.db"));
        var passwordFile = Path.Combine(folder, "password");
        await File.WriteAllTextAsync(passwordFile, "Operations-Admin-2026\n");

        var created = await TestCli.RunAsync("users", "create", "--db", database, "--user", "ops.admin", "--display-name", "Operations administrator",
            "--office", "aqsiq-info-center", "--password-file", passwordFile);
        Assert.True(created.Exit == 0, created.Output);
        Assert.Contains("Created the account ops.admin (Operations administrator) of office AQSIQ-INFO-CENTER, roles: admin.", created.Output, StringComparison.Ordinal);

        var again = await TestCli.RunAsync("users", "create", "--db", database, "--user", "ops.admin", "--display-name", "Again",
            "--office", "AQSIQ-INFO-CENTER", "--password-file", passwordFile);
        Assert.Equal(2, again.Exit);
        Assert.Contains("userName: ", again.Output, StringComparison.Ordinal);

        var nowhere = await TestCli.RunAsync("users", "create", "--db", database, "--user", "x.admin", "--display-name", "X",
            "--office", "NOWHERE", "--password-file", passwordFile);
        Assert.Equal(2, nowhere.Exit);
        Assert.Contains("--office: there is no office 'NOWHERE' in this node's registry.", nowhere.Output, StringComparison.Ordinal);

        await File.WriteAllTextAsync(passwordFile, "short\n");
        var weak = await TestCli.RunAsync("users", "create", "--db", database, "--user", "y.admin", "--display-name", "Y",
            "--office", "AQSIQ-INFO-CENTER", "--password-file", passwordFile);
        Assert.Equal(2, weak.Exit);
        Assert.Contains("password: ", weak.Output, StringComparison.Ordinal);

        await using var app = await TestHost.StartAsync(database);
        using var admin = await TestHost.SignInAsync(app, "ops.admin", "Operations-Admin-2026");
        var users = await admin.GetFromJsonAsync<JsonElement>("/api/identity/users");
        Assert.Contains(users.EnumerateArray(), u => u.GetProperty("userName").GetString() == "ops.admin");
        Assert.DoesNotContain(users.EnumerateArray(), u => u.GetProperty("userName").GetString() is "x.admin" or "y.admin");
    }
}
