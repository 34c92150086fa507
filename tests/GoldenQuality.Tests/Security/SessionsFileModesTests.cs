using System.Net;
using System.Net.Http.Json;
using GoldenQuality.Cli;
using GoldenQuality.Persistence;

namespace GoldenQuality.Tests.Security;

/// <summary>The node's own files (database, data-protection keys, node keys, demo API keys) are readable by its OS account only.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SessionsFileModesTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Fact]
    public async Task A_node_on_a_fresh_sqlite_database_creates_its_files_0600_and_folders_0700()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using var node = await SessionsNode.StartAsync(DatabaseProvider.Sqlite);
        using (var client = node.Browser())
        {
            // The first sign-in protects a cookie: the key ring is written now at the latest.
            Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "admin", password = "demo-admin-2026" })).StatusCode);
        }

        Assert.Equal(PrivateFolder, File.GetUnixFileMode(node.Folder));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(node.Folder, "node.db")));
        var keys = Path.Combine(node.Folder, "node.keys");
        Assert.Equal(PrivateFolder, File.GetUnixFileMode(keys));
        var keyFiles = Directory.GetFiles(keys, "*.xml");
        Assert.NotEmpty(keyFiles);
        Assert.All(keyFiles, f => Assert.Equal(Private, File.GetUnixFileMode(f)));
    }

    [Fact]
    public async Task Gq_demo_writes_its_databases_keys_and_api_key_files_0600_in_0700_folders()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var folder = Path.Combine(Path.GetTempPath(), "gq-demo-modes-" + Guid.NewGuid().ToString("N")[..8], "data");
        try
        {
            Assert.Equal(0, await GqCli.RunAsync(["demo", "--exit", "--data", folder, "--port", "0"]));
            Assert.Equal(PrivateFolder, File.GetUnixFileMode(folder));
            foreach (var file in new[] { "demo-api-key", "demo-customs-api-key" })
            {
                Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(folder, file)));
            }

            // One database and one key ring per demo node: national, customs, bqs, moa, mep, pbc, shandong and the hub stand-in.
            var databases = Directory.GetFiles(folder, "*.db");
            Assert.Equal(8, databases.Length);
            Assert.All(databases, f => Assert.Equal(Private, File.GetUnixFileMode(f)));
            var nodeKeys = Directory.GetFiles(folder, "node-key.pem", SearchOption.AllDirectories);
            Assert.NotEmpty(nodeKeys);
            Assert.All(nodeKeys, f =>
            {
                Assert.Equal(Private, File.GetUnixFileMode(f));
                Assert.Equal(PrivateFolder, File.GetUnixFileMode(Path.GetDirectoryName(f)!));
            });
            var keyRings = Directory.GetDirectories(folder, "*.keys");
            Assert.Equal(8, keyRings.Length);
            Assert.All(keyRings, d => Assert.Equal(PrivateFolder, File.GetUnixFileMode(d)));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            // A file may still appear while the stopped nodes' last connections close (seen once in CI: "Directory
            // not empty"); the clean-up tries again rather than failing a test whose checks all passed.
            var root = Path.GetDirectoryName(folder)!;
            for (var attempt = 1; Directory.Exists(root); attempt++)
            {
                try
                {
                    Directory.Delete(root, recursive: true);
                }
                catch (IOException) when (attempt < 5)
                {
                    await Task.Delay(200);
                }
            }
        }
    }
}
