using System.Net.Http.Json;
using GoldenQuality.Hosting;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;

namespace GoldenQuality.Tests.Security;

/// <summary>The password work factor is the node's setting: a node refuses one too low, and the accounts it makes use it.</summary>
public sealed class PasswordWorkFactorTests
{
    [Fact]
    public void A_node_refuses_to_start_with_a_work_factor_below_the_minimum()
    {
        var e = Assert.Throws<InvalidOperationException>(() => GqHost.Build(new HostSettings
        {
            Urls = "http://127.0.0.1:0",
            Database = "Data Source=" + Path.Combine(Path.GetTempPath(), "gq-wf-" + Guid.NewGuid().ToString("N")[..8] + ".db"),
            JsonLogs = false,
            Settings = new Dictionary<string, string?> { ["Security:PasswordHashIterations"] = "999" },
        }));
        Assert.Equal("Security:PasswordHashIterations is 999; a node needs at least 1000.", e.Message);
    }

    [Fact]
    public async Task The_accounts_a_node_makes_are_hashed_with_its_work_factor_and_sign_in()
    {
        // The test federation's nodes run with Security:PasswordHashIterations = 1000.
        await using var federation = await TestFederation.StartAsync(DatabaseProvider.Sqlite);
        using var client = await federation.SignInAsync(TestFederation.Aqsiq, "ciq.zhejiang");
        Assert.Equal("ciq.zhejiang", (await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/auth/me")).GetProperty("userName").GetString());

        // ASP.NET Core's V3 hash: format marker 0x01, PRF (4 bytes), iteration count (4 bytes, big-endian), salt length, salt, subkey.
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection(federation[TestFederation.Aqsiq].ConnectionString);
        await db.OpenAsync();
        await using var read = db.CreateCommand();
        read.CommandText = "SELECT PasswordHash FROM identity_users WHERE UserName = 'ciq.zhejiang'";
        var hash = Convert.FromBase64String((string)(await read.ExecuteScalarAsync())!);
        Assert.Equal(0x01, hash[0]);
        Assert.Equal(1000, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(5, 4)));
    }
}
