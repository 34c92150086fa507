using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Tests.Security;

/// <summary>
/// Request bodies are bounded per kind of endpoint (section Limits), and JSON bodies by depth: a body over its
/// limit is a 413 problem naming the body and the limit, and nothing is written. The limits are set low here.
/// </summary>
[Collection("sqlite")]
public sealed class LimitsBodyTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Limits:JsonBodyBytes"] = "4096",
        ["Limits:UploadBytes"] = "8192",
        ["Limits:AdapterFileBytes"] = "16384",
        ["Limits:SpsBytes"] = "32768",
        ["Limits:InboxBytes"] = "8192",
        ["Supervision:MaxBodyBytes"] = "8192",
    };

    private static void AssertTooLarge(JsonElement problem, long limit)
    {
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        var reasons = TestData.FieldErrors(problem, "body");
        Assert.True(reasons.Length == 1, problem.ToString());
        var reason = reasons[0];
        Assert.Contains(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_kind_of_body_is_refused_over_its_own_limit_with_a_413_problem_and_nothing_is_written()
    {
        await using var node = await LimitsNode.StartAsync(DatabaseProvider.Sqlite, Settings);
        using var client = node.System();

        // Every route the limits table names is a route the node maps (a renamed route would silently get the JSON limit).
        var mapped = node.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Select(e => GoldenQuality.Hosting.RequestLimits.Key("/" + e.RoutePattern.RawText?.TrimStart('/')))
            .ToHashSet(StringComparer.Ordinal);
        Assert.All(GoldenQuality.Hosting.RequestLimits.KindRoutes, r => Assert.Contains(r, mapped));

        // An ordinary JSON request: 4 KB. Under it the enterprise is created; over it, nothing is.
        var small = TestData.NewUscc();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/registry/enterprises", TestData.Enterprise(small))).StatusCode);
        var big = TestData.NewUscc();
        var (status, text) = await RawHttp.PostAsync(node.BaseAddress, "/api/registry/enterprises", node.SystemApiKey, "application/json",
            JsonSerializer.SerializeToUtf8Bytes(TestData.Enterprise(big, changes: b => b["businessScope"] = new string('茶', 3000))));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        AssertTooLarge(JsonDocument.Parse(text).RootElement, 4096);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/registry/enterprises/{big}")).StatusCode);

        // The standards catalogue (an upload): 8 KB, not the JSON limit.
        var csv = "code,name\n" + string.Concat(Enumerable.Repeat("x.y,name\n", 700));
        Assert.True(Encoding.UTF8.GetByteCount(csv) is > 4096 and < 8192);
        var underUpload = await client.PostAsync("/api/standards/import/categories", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, underUpload.StatusCode);
        var (uploadStatus, uploadText) = await RawHttp.PostAsync(node.BaseAddress, "/api/standards/import/categories", node.SystemApiKey, "text/csv", Encoding.UTF8.GetBytes(csv + csv));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, uploadStatus);
        AssertTooLarge(JsonDocument.Parse(uploadText).RootElement, 8192);

        // A legacy adapter file: 16 KB.
        var (adapterStatus, adapterText) = await RawHttp.PostAsync(node.BaseAddress, "/api/codes/adapters/ciq-zj-legacy-declaration/import", node.SystemApiKey, "application/octet-stream", new byte[20_000]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, adapterStatus);
        AssertTooLarge(JsonDocument.Parse(adapterText).RootElement, 16384);

        // A batch of measurements: Supervision:MaxBodyBytes, with the measurements named.
        var (measurementsStatus, measurementsText) = await RawHttp.PostAsync(node.BaseAddress, "/api/supervision/measurements", node.SystemApiKey, "application/json",
            Encoding.UTF8.GetBytes("{\"measurements\":[" + new string(' ', 9000) + "]}"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, measurementsStatus);
        Assert.Equal("measurements", JsonDocument.Parse(measurementsText).RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_json_body_nested_deeper_than_32_levels_is_refused_naming_the_depth()
    {
        await using var node = await LimitsNode.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>());
        using var client = node.System();
        var nested = string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40);
        var response = await client.PostAsync("/api/codes/sps/export", new StringContent(nested, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Json();
        Assert.Contains("maximum configured depth of 32", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
