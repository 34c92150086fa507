using System.Globalization;
using System.Text;
using System.Text.Json;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Tests.Security;

/// <summary>
/// Every operation of /openapi/v1.json gets malformed, oversized and out-of-range values (as the system client, so
/// that it gets past authorization): no answer is a 5xx, no invalid request is answered 2xx, and no refused request
/// writes a row (the row count of every table is unchanged afterwards).
/// </summary>
public abstract class FuzzOpenApiTests(NodeFixture node)
{
    private sealed record Attempt(string Method, string Path, string Why, HttpContent? Body, bool Invalid);

    private static readonly string[] BadPathValues = ["%00", "..%2F..%2Fetc%2Fpasswd", "'%20OR%201=1--", new string('x', 3000), "-1", "%F0%9F%92%A9"];

    /// <summary>Bodies that no operation can accept.</summary>
    // Made once: every operation that takes a body gets it, and building 2 MB per operation was a quarter of the suite's CPU while this test ran.
    private static readonly byte[] TwoMegabytes = Encoding.UTF8.GetBytes("{\"a\":\"" + new string('x', 2 * 1024 * 1024) + "\"}");

    private static IEnumerable<(string Why, Func<HttpContent> Body)> BadBodies()
    {
        yield return ("truncated JSON", () => new StringContent("{\"a\":", Encoding.UTF8, "application/json"));
        yield return ("a JSON array for an object", () => new StringContent("[1,2,3]", Encoding.UTF8, "application/json"));
        yield return ("JSON nested 200 levels", () => new StringContent(string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200), Encoding.UTF8, "application/json"));
        yield return ("JSON of 2 MB", () => new ByteArrayContent(TwoMegabytes) { Headers = { ContentType = new("application/json") { CharSet = "utf-8" } } });
        yield return ("invalid UTF-8", () => new ByteArrayContent([0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0xFF, 0x7D]) { Headers = { ContentType = new("application/json") } });
    }

    private static string? BadQueryValue(JsonElement schema, out string why)
    {
        var type = schema.TryGetProperty("type", out var t) ? t.ValueKind == JsonValueKind.Array ? string.Join(",", t.EnumerateArray().Select(x => x.GetString())) : t.GetString() : null;
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (type?.Contains("integer", StringComparison.Ordinal) == true)
        {
            why = "an integer out of range";
            return "99999999999999999999";
        }

        if (type?.Contains("boolean", StringComparison.Ordinal) == true)
        {
            why = "a boolean that is not one";
            return "maybe";
        }

        if (format == "uuid")
        {
            why = "a uuid that is not one";
            return "not-a-uuid";
        }

        if (format == "date-time")
        {
            why = "a date-time that is not one";
            return "2026-13-45T99:99";
        }

        why = "";
        return null;
    }

    private async Task<Dictionary<string, long>> CountsAsync()
    {
        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct(StringComparer.Ordinal))
        {
#pragma warning disable EF1002 // the table names come from our own model
            counts[table] = await db.Database.SqlQueryRaw<long>($"SELECT COUNT(*) AS \"Value\" FROM \"{table}\"").SingleAsync();
#pragma warning restore EF1002
        }

        return counts;
    }

    [Fact]
    public async Task No_operation_answers_hostile_input_with_a_5xx_a_2xx_or_a_partial_write()
    {
        using var client = node.System();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var attempts = new List<Attempt>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            if (!path.Name.StartsWith("/api/", StringComparison.Ordinal) || path.Name.StartsWith("/api/auth/sign-out", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var operation in path.Value.EnumerateObject())
            {
                var method = operation.Name.ToUpperInvariant();
                if (method is not ("GET" or "POST" or "PUT" or "DELETE" or "PATCH"))
                {
                    continue;
                }

                var parameters = operation.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
                var pathParams = parameters.Where(x => x.GetProperty("in").GetString() == "path").ToList();
                string Fill(string value) => pathParams.Aggregate(path.Name, (current, x) => current.Replace("{" + x.GetProperty("name").GetString() + "}", value, StringComparison.Ordinal));
                var plain = Fill(Guid.CreateVersion7().ToString());
                var hasBody = operation.Value.TryGetProperty("requestBody", out _);
                var writes = method != "GET";

                // Malformed path values: refused or not found, never a 5xx (and never a write).
                foreach (var bad in pathParams.Count > 0 ? BadPathValues : [])
                {
                    attempts.Add(new Attempt(method, Fill(bad), "path value " + bad[..Math.Min(bad.Length, 20)], hasBody ? new StringContent("{}", Encoding.UTF8, "application/json") : null, Invalid: false));
                }

                // Query parameters of the wrong type or out of range: a 4xx.
                foreach (var q in parameters.Where(x => x.GetProperty("in").GetString() == "query"))
                {
                    if (q.TryGetProperty("schema", out var schema) && BadQueryValue(schema, out var why) is { } value)
                    {
                        attempts.Add(new Attempt(method, $"{plain}?{q.GetProperty("name").GetString()}={Uri.EscapeDataString(value)}", why, hasBody ? new StringContent("{}", Encoding.UTF8, "application/json") : null, Invalid: true));
                    }
                }

                if (path.Name.EndsWith("/paged", StringComparison.Ordinal) || parameters.Any(x => x.GetProperty("name").GetString() == "pageSize"))
                {
                    attempts.Add(new Attempt(method, plain + "?pageSize=100000", "a page size over the maximum", null, Invalid: true));
                    attempts.Add(new Attempt(method, plain + "?page=0", "page 0", null, Invalid: true));
                }

                // Bodies: malformed, deeply nested, oversized, not UTF-8 — for every operation that takes one.
                if (hasBody && writes)
                {
                    attempts.AddRange(BadBodies().Select(b => new Attempt(method, plain, b.Why, b.Body(), Invalid: true)));
                }
            }
        }

        Assert.True(attempts.Count > 100, $"only {attempts.Count} attempts: is /openapi/v1.json complete?");
        var before = await CountsAsync();
        var failures = new List<string>();
        foreach (var attempt in attempts)
        {
            var body = attempt.Body is null ? null : await attempt.Body.ReadAsByteArrayAsync();
            using var request = new HttpRequestMessage(new HttpMethod(attempt.Method), attempt.Path) { Content = attempt.Body };
            int status;
            string text;
            try
            {
                using var response = await client.SendAsync(request);
                status = (int)response.StatusCode;
                text = await response.Content.ReadAsStringAsync();
            }
            catch (HttpRequestException) when (body is not null)
            {
                // The node answered (413) before the body ended and closed the connection (this one or the pooled one it left): read the answer on a raw connection.
                var (raw, rawText) = await RawHttp.SendAsync(attempt.Method, node.BaseAddress, attempt.Path, node.SystemApiKey,
                    attempt.Body!.Headers.ContentType?.ToString() ?? "application/json", body);
                status = (int)raw;
                text = rawText;
            }

            var exchangeOff = status == 503 && attempt.Path.StartsWith("/api/exchange/", StringComparison.Ordinal);
            if (status >= 500 && !exchangeOff)
            {
                failures.Add($"{attempt.Method} {Short(attempt.Path)} ({attempt.Why}): {status} {Short(text)}");
            }
            else if (attempt.Invalid && status is >= 200 and < 300)
            {
                failures.Add($"{attempt.Method} {Short(attempt.Path)} ({attempt.Why}): accepted with {status}");
            }
        }

        var after = await CountsAsync();
        foreach (var (table, count) in before)
        {
            if (after[table] != count)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"table {table}: {count} rows before, {after[table]} after the refused requests"));
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {attempts.Count} hostile requests misbehaved:\n" + string.Join("\n", failures));
    }

    private static string Short(string text) => text.Length > 200 ? text[..200] + "..." : text;
}

[Collection("sqlite")]
public sealed class FuzzOpenApiOnSqlite(SqliteNode node) : FuzzOpenApiTests(node);

[Collection("postgres")]
public sealed class FuzzOpenApiOnPostgres(PostgresNode node) : FuzzOpenApiTests(node);
