using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Tests.Persistence;

public sealed class MigrationTests
{
    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Host=127.0.0.1;Database=unused;Username=gq")]
    public void Every_model_change_is_covered_by_a_migration(string connectionString)
    {
        // Comparing the model with the migrations' snapshot needs no connection.
        var options = new DbContextOptionsBuilder<GqDbContext>();
        Database.Configure(options, connectionString);
        using var db = new GqDbContext(options.Options);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The model has changes no migration covers for {Database.DetectProvider(connectionString)}: run dotnet ef migrations add for that provider.");
    }

    /// <summary>SQLite waits for another writer itself (busy_timeout set on every opened connection), not Microsoft.Data.Sqlite's 150 ms sleeps.</summary>
    [Fact]
    public async Task A_sqlite_connection_waits_for_the_write_lock_itself()
    {
        var file = Path.Combine(Path.GetTempPath(), $"gq-busy-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<GqDbContext>();
            Database.Configure(options, $"Data Source={file};Pooling=False");
            await using var db = new GqDbContext(options.Options);
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA busy_timeout;";
            Assert.Equal(30000L, await command.ExecuteScalarAsync());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("Host=db;Database=gq", DatabaseProvider.Postgres)]
    [InlineData("postgresql://gq@db/gq", DatabaseProvider.Postgres)]
    [InlineData("Data Source=.gq/national.db", DatabaseProvider.Sqlite)]
    [InlineData("node.db", DatabaseProvider.Sqlite)]
    public void The_provider_follows_the_connection_string(string connectionString, DatabaseProvider expected) =>
        Assert.Equal(expected, Database.DetectProvider(connectionString));

    /// <summary>The dashboards' database must be a copy of the node's own: one on another engine stops <c>gq serve</c> with the keys named.</summary>
    [Fact]
    public async Task A_reporting_database_on_another_engine_than_the_node_database_is_refused_at_start()
    {
        var folder = Directory.CreateTempSubdirectory("gq-reporting-").FullName;
        try
        {
            var config = Path.Combine(folder, "node.json");
            await File.WriteAllTextAsync(config, """{ "Node": { "ReportingDatabase": "Host=127.0.0.1;Port=1;Username=gq" } }""");
            var (exit, output) = await TestCli.RunAsync("serve", "--db", Path.Combine(folder, "node.db"), "--config", config);
            Assert.Equal(2, exit);
            Assert.Equal("Node:ReportingDatabase is a Postgres database but Node:Database a Sqlite one: the reporting database must be a copy of the node's own (a standby of it), on the same engine.",
                output.Trim());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
