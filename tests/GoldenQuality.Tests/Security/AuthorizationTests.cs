using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Tests.Security;

/// <summary>Issue 12, part 2: named policies, the access table, message ownership, record rules (decision 0007).</summary>
public abstract class AuthorizationTests(NodeFixture node)
{
    /// <summary>The roles the access table names, each with how it signs in (demo accounts of data/demo/users.csv).</summary>
    private static readonly (string Role, string? User, string? Password)[] Roles =
    [
        ("anonymous", null, null),
        ("enterprise", "exporter.hangzhou", "demo-exporter-2026"),
        ("ciq", "ciq.hangzhou", "demo-ciq-hz-2026"),
        ("port", "ciq.ningbo.port", "demo-port-2026"),
        ("customs", "customs.ningbo", "demo-customs-2026"),
        ("bqs", "bqs.zhejiang", "demo-bqs-2026"),
        ("coordinator", "alerts.coordinator", "demo-alerts-2026"),
        ("ilc", "coordinator", "demo-coordinator-2026"),
        ("leader", "leader", "demo-leader-2026"),
        ("operator", "exchange.operator", "demo-exchange-2026"),
        ("admin", "admin", "demo-admin-2026"),
        ("moa", "moa.officer", "demo-moa-2026"),
        ("mep", "mep.officer", "demo-mep-2026"),
        ("pbc", "pbc.officer", "demo-pbc-2026"),
        ("system", null, null),
    ];

    /// <summary>Operations the walk does not call: signing out ends the walker's own session. (Sign-in is walked: an empty body is refused as invalid, after the address limit has counted it.)</summary>
    private static readonly HashSet<string> NotWalked = new(StringComparer.Ordinal) { "SignOut" };

    private static string TablePath([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "access-table.csv");

    private async Task<HttpClient> ClientAsync(string role, string? user, string? password) =>
        role switch
        {
            "anonymous" => node.Anonymous(),
            "system" => node.System(),
            _ => await node.SignInAsync(user!, password!),
        };

    [Fact]
    public async Task Every_operation_answers_every_role_as_the_access_table_says()
    {
        using var anonymous = node.Anonymous();
        var document = await (await anonymous.GetAsync("/openapi/v1.json")).Json();
        var operations = new List<(string Method, string Path, string Id, string? ContentType)>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject())
            {
                var id = op.Value.TryGetProperty("operationId", out var o) ? o.GetString()! : $"{op.Name} {path.Name}";
                // The body must have a type the endpoint accepts, or routing answers 415 before authorisation runs.
                var contentType = op.Value.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content)
                    ? content.EnumerateObject().Select(c => c.Name).FirstOrDefault()
                    : null;
                if (!NotWalked.Contains(id))
                {
                    operations.Add((op.Name.ToUpperInvariant(), path.Name, id, contentType));
                }
            }
        }

        // The page downloads (a list as CSV) are no API operations, but named endpoints: walked like them.
        foreach (var endpoint in node.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IEndpointNameMetadata>() is { } name
                && endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true })
            {
                var method = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Single();
                operations.Add((method, "/" + endpoint.RoutePattern.RawText!.TrimStart('/'), name.EndpointName, null));
            }
        }

        var observed = new SortedDictionary<string, (string Method, string Path, List<string> Allowed)>(StringComparer.Ordinal);
        foreach (var (role, user, password) in Roles)
        {
            using var client = await ClientAsync(role, user, password);
            foreach (var (method, path, id, contentType) in operations)
            {
                var url = System.Text.RegularExpressions.Regex.Replace(path, "\\{([^}:]+)(:[^}]*)?\\}",
                    m => m.Groups[1].Value.Contains("id", StringComparison.OrdinalIgnoreCase) ? Guid.CreateVersion7().ToString() : "X1");
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                request.Content = contentType switch
                {
                    null when method is "POST" or "PUT" or "PATCH" => new StringContent("{}", Encoding.UTF8, "application/json"),
                    null => null,
                    "multipart/form-data" => new MultipartFormDataContent { { new StringContent("{}", Encoding.UTF8, "application/json"), "file", "empty.json" } },
                    _ when contentType.Contains("json", StringComparison.Ordinal) => new StringContent("{}", Encoding.UTF8, contentType),
                    _ => new StringContent("", Encoding.UTF8, contentType),
                };

                using var response = await client.SendAsync(request);
                if (!observed.TryGetValue(id, out var row))
                {
                    observed[id] = row = (method, path, []);
                }

                // A page download sends a reader who is not signed in to the sign-in page: refused as well.
                var toSignIn = response.RequestMessage?.RequestUri?.AbsolutePath == "/sign-in" && path != "/sign-in";
                if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && !toSignIn)
                {
                    row.Allowed.Add(role);
                }
            }
        }

        var lines = observed.Select(o => $"{o.Key},{o.Value.Method},{o.Value.Path},{string.Join(';', o.Value.Allowed)}").ToList();
        if (Environment.GetEnvironmentVariable("GQ_WRITE_ACCESS_TABLE") == "1")
        {
            await File.WriteAllLinesAsync(TablePath(), ["operationId,method,route,allowed", .. lines]);
        }

        var table = (await File.ReadAllLinesAsync(TablePath())).Skip(1).Where(l => l.Length > 0)
            .ToDictionary(l => l.Split(',')[0], l => l, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var line in lines)
        {
            var id = line.Split(',')[0];
            if (!table.TryGetValue(id, out var expected))
            {
                problems.Add($"{id}: not in the access table (observed: {line})");
            }
            else if (expected != line)
            {
                problems.Add($"{id}: table says '{expected}', the node answers '{line}'");
            }
        }

        problems.AddRange(table.Keys.Where(k => !observed.ContainsKey(k)).Select(k => $"{k}: in the access table but neither in the OpenAPI document nor a named page download"));
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Every_endpoint_names_a_policy_or_is_an_allow_listed_anonymous_one()
    {
        string[] anonymousAllowed =
        [
            "/health/live", "/health/ready", "/openapi/{documentName}.json", "/docs/{**slug}", "/docs", "/docs/", "/scalar/{documentName}",
            "/api/auth/sign-in", "/api/exchange/directory", "/api/exchange/inbox", "/api/exchange/query",
            "/", "/sign-in", "/culture/{name}", "/sign-out",
            // Issue 15: the province publishes the products its market spot checks found nonconforming, for anyone to read.
            "/api/quality/public/nonconforming-products", "/nonconforming-products",
        ];
        var problems = new List<string>();
        foreach (var endpoint in node.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
            var methods = string.Join('|', endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"]);
            var isStatic = endpoint.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor") || route.Contains('.', StringComparison.Ordinal) && !route.StartsWith("/api", StringComparison.Ordinal) && !route.StartsWith("/openapi", StringComparison.Ordinal);
            // Static files (and the static-assets development fallback {**path:file}) are the allow-listed static files.
            if (route == "/{**path:file}")
            {
                continue;
            }

            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                if (!isStatic && !anonymousAllowed.Contains(route, StringComparer.Ordinal) && !route.StartsWith("/docs", StringComparison.Ordinal) && !route.StartsWith("/scalar", StringComparison.Ordinal))
                {
                    problems.Add($"{methods} {route}: anonymous but not on the allow-list");
                }

                continue;
            }

            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToArray();
            if (!policies.Any(Policies.All.Contains))
            {
                problems.Add($"{methods} {route} ({endpoint.DisplayName}): names no policy of Identity/Policies.cs");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [InlineData("/api/exchange/inbox")]
    [InlineData("/api/exchange/outbox")]
    [InlineData("/api/exchange/rejections")]
    [InlineData("/api/exchange/status")]
    [InlineData("/api/exchange/agreements")]
    [InlineData("/api/exchange/dead-letters")]
    [InlineData("/api/exchange/log/verify")]
    public async Task An_enterprise_user_cannot_read_the_exchange_operator_views(string path)
    {
        using var enterprise = await node.SignInAsync("exporter.hangzhou", "demo-exporter-2026");
        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.GetAsync(path)).StatusCode);
        using var operatorClient = await node.SignInAsync("exchange.operator", "demo-exchange-2026");
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task A_BQS_officer_cannot_forge_a_permit_revocation_through_the_exchange_endpoint()
    {
        var before = await OutboxCountAsync();
        using var bqs = await node.BqsOfficerAsync();
        var response = await bqs.PostAsJsonAsync("/api/exchange/messages", new
        {
            type = "certificates.permit.revoked",
            payload = new { number = "CIQ-ZJ-2026-000001", issuerOffice = "CIQ-ZJ", reason = "forged" },
            recipients = new[] { "GQ/GOV/AQSIQ/national/CIQ-NB-BEILUN" },
            senderOffice = "CIQ-ZJ",
        });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await OutboxCountAsync());
    }

    [Fact]
    public async Task Every_domain_message_type_is_refused_through_the_operator_endpoint_naming_the_owner()
    {
        var before = await OutboxCountAsync();
        using var operatorClient = await node.SignInAsync("exchange.operator", "demo-exchange-2026");
        foreach (var (type, owner) in MessageOwnership.DomainTypes)
        {
            var response = await operatorClient.PostAsJsonAsync("/api/exchange/messages", new { type, payload = new { n = 1 } });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = Assert.Single(TestData.FieldErrors(await response.Json(), "type"));
            Assert.Contains($"owned by the {Common.WireNames.Of(owner)} module", error, StringComparison.Ordinal);
        }

        // A type under a module's prefix that no module lists yet is a domain type too.
        var unlisted = await operatorClient.PostAsJsonAsync("/api/exchange/messages", new { type = "clearance.decision.forged", payload = new { n = 1 } });
        Assert.Contains("owned by the clearance module", Assert.Single(TestData.FieldErrors(await unlisted.Json(), "type")), StringComparison.Ordinal);
        Assert.Equal(before, await OutboxCountAsync());
    }

    [Fact]
    public void No_module_sender_sends_another_modules_type()
    {
        var sender = node.Services.CreateScope().ServiceProvider.GetRequiredService<ExchangeSender>();
        using var scope = node.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
        var refused = Assert.Throws<InvalidOperationException>(() =>
            sender.As(SendingModule.Registry).Send(db, "clearance.decision.recorded", new { n = 1 }, ["GQ/GOV/AQSIQ/national"]));
        Assert.Contains("owned by the clearance module", refused.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => sender.Publish(db, "certificates.permit.revoked", new { n = 1 }));
    }

    [Fact]
    public async Task Only_customs_officers_record_customs_decisions()
    {
        foreach (var (user, password) in new[] { ("exchange.operator", "demo-exchange-2026"), ("ciq.ningbo.port", "demo-port-2026"), ("admin", "demo-admin-2026") })
        {
            using var client = await node.SignInAsync(user, password);
            var response = await client.PostAsJsonAsync("/api/clearance/decisions", new { customsDeclarationNumber = "X", permitNumber = "Y", decision = "cleared" });
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task Codes_records_are_read_only_by_the_agencies_of_their_kind()
    {
        var permitNo = "P-" + Guid.NewGuid().ToString("N")[..10];
        using var system = node.System();
        var stored = await system.PostAsJsonAsync("/api/codes/records", new { kind = "permit", source = "test", records = new[] { new { permitNo } } });
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);

        using var enterprise = await node.SignInAsync("exporter.hangzhou", "demo-exporter-2026");
        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.GetAsync($"/api/codes/records/permit/{permitNo}")).StatusCode);
        using var bqs = await node.BqsOfficerAsync();
        var refused = await bqs.GetAsync($"/api/codes/records/permit/{permitNo}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("permit records are read only by officials of AQSIQ, CIQ, CUSTOMS", (await refused.Json()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var ciq = await node.CiqOfficerAsync();
        Assert.Equal(HttpStatusCode.OK, (await ciq.GetAsync($"/api/codes/records/permit/{permitNo}")).StatusCode);
    }

    [Fact]
    public async Task An_enterprise_record_is_changed_only_by_the_line_that_owns_its_registration()
    {
        var uscc = TestData.NewUscc();
        using var zhejiangBqs = await node.BqsOfficerAsync();
        var created = await zhejiangBqs.PostAsJsonAsync("/api/registry/enterprises", TestData.Enterprise(uscc));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var registered = await zhejiangBqs.PostAsJsonAsync($"/api/registry/enterprises/{uscc}/registrations",
            new { agency = "BQS-ZJ", kind = "production-licence", number = "ZJ-" + uscc[^6..], validFrom = "2026-01-01" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var record = await registered.Json();

        using var admin = await node.AdminAsync();
        var userName = "bqs-bj-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/identity/users", new
        {
            userName, displayName = "Beijing BQS officer", password = "test-password-1", roles = new[] { "officer", "supervisor" }, organisation = "BQS-BJ",
        })).StatusCode);
        using var beijingBqs = await node.SignInAsync(userName, "test-password-1");
        var body = TestData.Enterprise(uscc, "改名测试有限公司", changes: b => b["version"] = record.GetProperty("version").GetInt32());
        var refused = await beijingBqs.PutAsJsonAsync($"/api/registry/enterprises/{uscc}", body);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("owned by the administrative line of BQS-ZJ (BQS)", (await refused.Json()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var changed = await zhejiangBqs.PutAsJsonAsync($"/api/registry/enterprises/{uscc}", body);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("改名测试有限公司", (await changed.Json()).GetProperty("nameZh").GetString());
    }

    [Fact]
    public async Task The_OpenAPI_document_declares_the_security_schemes_and_401_403_per_operation()
    {
        using var anonymous = node.Anonymous();
        var document = await (await anonymous.GetAsync("/openapi/v1.json")).Json();
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("cookie", schemes.GetProperty("cookie").GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", schemes.GetProperty("apiKey").GetProperty("name").GetString());
        var revoke = document.GetProperty("paths").GetProperty("/api/certificates/permits/{number}/revoke").GetProperty("post");
        Assert.True(revoke.GetProperty("responses").TryGetProperty("401", out _));
        Assert.True(revoke.GetProperty("responses").TryGetProperty("403", out _));
        Assert.Equal(2, revoke.GetProperty("security").GetArrayLength());
        Assert.Equal("inspection-officer", revoke.GetProperty("x-gq-policies")[0].GetString());
        var inbox = document.GetProperty("paths").GetProperty("/api/exchange/inbox").GetProperty("post");
        Assert.Equal(0, inbox.GetProperty("security").GetArrayLength());
    }

    private async Task<int> OutboxCountAsync()
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GqDbContext>().Set<OutboxMessage>().CountAsync();
    }
}

[Collection("sqlite")]
public sealed class AuthorizationOnSqlite(SqliteNode node) : AuthorizationTests(node);

[Collection("postgres")]
public sealed class AuthorizationOnPostgres(PostgresNode node) : AuthorizationTests(node);
