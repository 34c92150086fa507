using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Registry.Contracts;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Tests.Declarations;

/// <summary>
/// The declaration use cases turned into handlers: agent mandates (over HTTP, and through the handler with a
/// system actor as the demo loads them), the file upload's refusals and the clearance metrics' window.
/// </summary>
public abstract class DeclarationHandlerTests(NodeFixture node)
{
    [Fact]
    public async Task The_principal_registers_its_agent_and_both_see_the_mandate_but_no_other_enterprise_does()
    {
        using var officer = await node.CiqOfficerAsync();
        var (principal, agent, other) = (TestData.NewUscc(), TestData.NewUscc(), TestData.NewUscc());
        foreach (var uscc in new[] { principal, agent, other })
        {
            await TestData.CreateEnterpriseAsync(officer, uscc);
        }

        using var principalUser = await node.NewEnterpriseUserAsync(principal);
        using var agentUser = await node.NewEnterpriseUserAsync(agent);
        using var otherUser = await node.NewEnterpriseUserAsync(other);

        // Only the principal (or an officer) registers the agent: another enterprise is refused and nothing is written.
        var refused = await otherUser.PostAsJsonAsync("/api/declarations/agents", new { agentUscc = agent, principalUscc = principal });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(await MandatesAsync(officer), m => m.PrincipalUscc == principal);
        Assert.Equal("Only the principal enterprise (or an officer) registers its agent.", (await refused.Json()).GetProperty("detail").GetString());
        using (var zhRefused = new HttpRequestMessage(HttpMethod.Post, "/api/declarations/agents") { Content = JsonContent.Create(new { agentUscc = agent, principalUscc = principal }) })
        {
            zhRefused.Headers.AcceptLanguage.ParseAdd("zh-CN");
            var problem = await (await otherUser.SendAsync(zhRefused)).Json();
            Assert.Equal("只有委托企业（或官员）才能登记其代理人。", problem.GetProperty("detail").GetString());
            Assert.Equal("decl.mandate.forbidden", problem.GetProperty("message").GetProperty("code").GetString());
        }

        // A field message in the language asked for: an enterprise needs no mandate for itself.
        var self = await principalUser.PostAsJsonAsync("/api/declarations/agents", new { agentUscc = principal, principalUscc = principal });
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Contains("an enterprise does not need a mandate to declare for itself", TestData.FieldErrors(await self.Json(), "agentUscc"));
        using (var zhSelf = new HttpRequestMessage(HttpMethod.Post, "/api/declarations/agents") { Content = JsonContent.Create(new { agentUscc = principal, principalUscc = principal }) })
        {
            zhSelf.Headers.AcceptLanguage.ParseAdd("zh-CN");
            Assert.Contains("企业自行申报无需委托", TestData.FieldErrors(await (await principalUser.SendAsync(zhSelf)).Json(), "agentUscc"));
        }

        // A declaration that does not exist, named in the reader's language.
        var missing = Guid.NewGuid();
        using (var zhMissing = new HttpRequestMessage(HttpMethod.Get, $"/api/declarations/{missing}"))
        {
            zhMissing.Headers.AcceptLanguage.ParseAdd("zh-CN");
            Assert.Equal($"不存在申报单“{missing}”。", (await (await principalUser.SendAsync(zhMissing)).Json()).GetProperty("detail").GetString());
        }

        Assert.Equal($"No declaration '{missing}' exists.", (await (await principalUser.GetAsync($"/api/declarations/{missing}")).Json()).GetProperty("detail").GetString());

        var response = await principalUser.PostAsJsonAsync("/api/declarations/agents", new { agentUscc = agent.ToLowerInvariant(), principalUscc = principal, validTo = "2099-12-31" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<MandateView>())!;
        Assert.Equal($"/api/declarations/agents/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal((agent, principal, new DateOnly(2099, 12, 31)), (created.AgentUscc, created.PrincipalUscc, created.ValidTo));
        Assert.Equal($"enterprise:{principal}", created.RegisteredBy);

        Assert.Contains(await MandatesAsync(principalUser), m => m.Id == created.Id);
        Assert.Contains(await MandatesAsync(agentUser), m => m.Id == created.Id);
        Assert.Contains(await MandatesAsync(officer), m => m.Id == created.Id);
        Assert.DoesNotContain(await MandatesAsync(otherUser), m => m.Id == created.Id);
    }

    [Fact]
    public async Task A_mandate_needs_two_different_registered_enterprises_and_a_valid_period_and_every_field_error_is_named()
    {
        using var officer = await node.CiqOfficerAsync();
        var registered = TestData.NewUscc();
        await TestData.CreateEnterpriseAsync(officer, registered);
        var unregistered = TestData.NewUscc();

        var problem = await RefusedAsync(officer, new { agentUscc = unregistered, principalUscc = "91330106XXXXXXXXXX", validFrom = "2026-06-01", validTo = "2026-05-31" });
        Assert.Contains($"{unregistered} is not on the enterprise register", TestData.FieldErrors(problem, "agentUscc"));
        Assert.NotEmpty(TestData.FieldErrors(problem, "principalUscc"));
        Assert.Contains("must not be before validFrom", TestData.FieldErrors(problem, "validTo"));

        var missing = await RefusedAsync(officer, new { principalUscc = registered });
        Assert.Contains("is required", TestData.FieldErrors(missing, "agentUscc"));

        var self = await RefusedAsync(officer, new { agentUscc = registered, principalUscc = registered });
        Assert.Contains("an enterprise does not need a mandate to declare for itself", TestData.FieldErrors(self, "agentUscc"));
        Assert.DoesNotContain(await MandatesAsync(officer), m => m.PrincipalUscc == registered);
    }

    [Fact]
    public async Task A_system_actor_of_an_office_registers_a_mandate_through_the_handler_and_recognises_it_afterwards()
    {
        using var officer = await node.CiqOfficerAsync();
        var (principal, agent) = (TestData.NewUscc(), TestData.NewUscc());
        await TestData.CreateEnterpriseAsync(officer, principal);
        await TestData.CreateEnterpriseAsync(officer, agent);

        await using var scope = node.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var aqsiq = (await services.GetRequiredService<IRegistryDirectory>().FindOfficeAsync("AQSIQ", CancellationToken.None))!;
        var system = new Actor(Guid.NewGuid(), "demo-system", UserRoles.System, aqsiq.Id, aqsiq.Code, aqsiq.Agency, null, null);
        var list = services.GetRequiredService<ListAgentMandates>();
        Assert.Empty(await list.BetweenAsync(system, agent, principal, CancellationToken.None));

        var result = await services.GetRequiredService<RegisterAgentMandate>()
            .HandleAsync(system, new MandateRequest(agent, principal, new DateOnly(2026, 1, 1), null), CancellationToken.None);
        Assert.True(result.Succeeded, $"{result.StatusCode}");
        Assert.Equal("AQSIQ", result.Value!.RegisteredBy);

        var found = Assert.Single(await list.BetweenAsync(system, agent.ToLowerInvariant(), " " + principal, CancellationToken.None));
        Assert.Equal(result.Value.Id, found.Id);
        Assert.Empty(await list.BetweenAsync(system, principal, agent, CancellationToken.None)); // the other direction is another mandate

        // Without an organisation or an enterprise the same request is refused, and nothing is written.
        var nobody = new Actor(Guid.NewGuid(), "nobody", UserRoles.System, null, null, null, null, null);
        var refused = await services.GetRequiredService<RegisterAgentMandate>().HandleAsync(nobody, new MandateRequest(principal, agent, null, null), CancellationToken.None);
        Assert.Equal(StatusCodes.Forbidden, refused.StatusCode);
        Assert.Empty(await list.BetweenAsync(system, principal, agent, CancellationToken.None));
        Assert.Empty(await list.BetweenAsync(nobody, agent, principal, CancellationToken.None)); // and it sees none
    }

    [Fact]
    public async Task An_upload_without_a_file_with_no_declaration_or_not_json_is_refused_naming_the_file_and_an_officer_may_not_upload()
    {
        using var officer = await node.CiqOfficerAsync();
        using var enterprise = await node.NewEnterpriseUserAsync(await NewEnterpriseAsync(officer));

        using (var empty = new MultipartFormDataContent { { new StringContent(""), "file", "declarations.json" } })
        {
            Assert.Contains("upload a JSON file with one declaration or an array of them", TestData.FieldErrors(await UploadRefusedAsync(enterprise, empty), "file"));
        }

        using (var none = new MultipartFormDataContent { { new StringContent("[]"), "file", "declarations.json" } })
        {
            Assert.Contains("holds no declaration", TestData.FieldErrors(await UploadRefusedAsync(enterprise, none), "file"));
        }

        using (var text = new MultipartFormDataContent { { new StringContent("kind: export"), "file", "declarations.json" } })
        {
            Assert.StartsWith("is not a declaration in JSON: ", Assert.Single(TestData.FieldErrors(await UploadRefusedAsync(enterprise, text), "file")), StringComparison.Ordinal);
        }

        using var form = new MultipartFormDataContent { { new StringContent("[]"), "file", "declarations.json" } };
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsync("/api/declarations/files", form)).StatusCode);
    }

    [Fact]
    public async Task The_clearance_metrics_refuse_a_window_that_ends_before_it_starts_and_answer_the_same_figures_as_the_handler()
    {
        using var admin = await node.AdminAsync();
        var refused = await admin.GetAsync("/api/declarations/metrics/coverage?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("must be before to", TestData.FieldErrors(await refused.Json(), "from"));
        var badKind = await admin.GetAsync("/api/declarations/metrics/clearance-time?kind=sideways");
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.NotEmpty(TestData.FieldErrors(await badKind.Json(), "kind"));

        var tooWide = await admin.GetAsync("/api/declarations/metrics/clearance-time?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.BadRequest, tooWide.StatusCode);
        Assert.Contains("from and to may be at most 366 days apart", TestData.FieldErrors(await tooWide.Json(), "from"));
        using (var zhWide = new HttpRequestMessage(HttpMethod.Get, "/api/declarations/metrics/clearance-time?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z"))
        {
            zhWide.Headers.AcceptLanguage.ParseAdd("zh-CN");
            Assert.Contains("from 与 to 相隔不得超过 366 天", TestData.FieldErrors(await (await admin.SendAsync(zhWide)).Json(), "from"));
        }

        // A fixed window (wide enough for every declaration the other tests of this node make), so the API and the
        // handler the dashboard calls count the same declarations.
        var today = DateTimeOffset.UtcNow.Date;
        var window = string.Create(CultureInfo.InvariantCulture, $"from={today.AddDays(-300):yyyy-MM-dd'T'HH:mm:ss'Z'}&to={today.AddDays(2):yyyy-MM-dd'T'HH:mm:ss'Z'}");
        var api = (await admin.GetFromJsonAsync<ClearanceTimeView>("/api/declarations/metrics/clearance-time?" + window))!;
        await using var scope = node.Services.CreateAsyncScope();
        var aqsiq = (await scope.ServiceProvider.GetRequiredService<IRegistryDirectory>().FindOfficeAsync("AQSIQ", CancellationToken.None))!;
        var actor = new Actor(Guid.NewGuid(), "metrics", UserRoles.Admin, aqsiq.Id, aqsiq.Code, aqsiq.Agency, null, null);
        var metrics = scope.ServiceProvider.GetRequiredService<ClearanceMetrics>();
        var direct = (await metrics.TimeAsync(actor, api.From, api.To, null, CancellationToken.None)).Value!;
        Assert.Equal(api.Declarations, direct.Declarations);
        Assert.Equal(api.Stages.Select(s => (s.Stage, s.Count, s.P50, s.P90, s.P99)), direct.Stages.Select(s => (s.Stage, s.Count, s.P50, s.P90, s.P99)));
        Assert.Equal(["acceptance", "risk", "inspection", "permit", "port-verification", "customs", "total"], direct.Stages.Select(s => s.Stage));
        var invalid = await metrics.CoverageAsync(actor, api.To, api.From, CancellationToken.None);
        Assert.False(invalid.Succeeded);
        Assert.Equal(StatusCodes.BadRequest, invalid.StatusCode);
    }

    private static async Task<string> NewEnterpriseAsync(HttpClient officer)
    {
        var uscc = TestData.NewUscc();
        await TestData.CreateEnterpriseAsync(officer, uscc);
        return uscc;
    }

    private static async Task<MandateView[]> MandatesAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<MandateView[]>("/api/declarations/agents"))!;

    private static async Task<System.Text.Json.JsonElement> RefusedAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/declarations/agents", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return await response.Json();
    }

    private static async Task<System.Text.Json.JsonElement> UploadRefusedAsync(HttpClient client, MultipartFormDataContent form)
    {
        var response = await client.PostAsync("/api/declarations/files", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return await response.Json();
    }

    private static class StatusCodes
    {
        public const int Forbidden = 403;
        public const int BadRequest = 400;
    }
}

[Collection("sqlite")]
public sealed class DeclarationHandlersOnSqlite(SqliteNode node) : DeclarationHandlerTests(node);

[Collection("postgres")]
public sealed class DeclarationHandlersOnPostgres(PostgresNode node) : DeclarationHandlerTests(node);
