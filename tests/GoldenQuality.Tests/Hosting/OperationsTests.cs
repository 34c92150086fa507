using System.Net;
using GoldenQuality.Tests.Infrastructure;

namespace GoldenQuality.Tests.Hosting;

public abstract class OperationsTests(NodeFixture node)
{
    [Fact]
    public async Task Ready_checks_the_database()
    {
        using var client = node.Anonymous();
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_registry()
    {
        using var client = node.Anonymous();
        var doc = await (await client.GetAsync("/openapi/v1.json")).Json();
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/registry/enterprises/{uscc}", out _));
        Assert.True(paths.TryGetProperty("/api/registry/organisations/{code}/chain", out _));
    }

    [Fact]
    public async Task Metrics_are_exported_to_a_signed_in_scraper()
    {
        using var client = node.System();
        await client.GetAsync("/api/registry/ports");
        var metrics = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("http_server_request_duration", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

[Collection("sqlite")]
public sealed class OperationsOnSqlite(SqliteNode node) : OperationsTests(node);

[Collection("postgres")]
public sealed class OperationsOnPostgres(PostgresNode node) : OperationsTests(node);
