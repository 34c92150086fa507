using System.Net;
using System.Net.Http.Json;
using GoldenQuality.Clearance;
using GoldenQuality.Clearance.Contracts;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Tests.Clearance;
using GoldenQuality.Tests.Infrastructure;
using static GoldenQuality.Tests.Clearance.Flow;

namespace GoldenQuality.Tests.Security;

/// <summary>Issue 12, part 2, across the AQSIQ and Customs nodes: a customs decision is never applied blindly.</summary>
public abstract class AuthorizationFederationTests(ClearanceFederation fixture)
{
    [Fact]
    public async Task AQSIQ_refuses_a_cleared_decision_for_a_permit_it_never_released_even_when_Customs_signed_it()
    {
        var exporter = await fixture.SignInAsync("exporter.hangzhou");
        var inspector = await fixture.SignInAsync("ciq.hangzhou");
        var issued = await ExportWithPermitAsync(exporter, inspector, 100m, NewLot("TEA-F"));
        var id = issued.GetProperty("id").GetGuid();
        var permit = issued.GetProperty("permitNumber").GetString()!;

        // The forged decision: validly signed by the Customs node, "cleared" on the inspection permit, skipping the port release.
        var message = new CustomsDecisionMessage(NewCustomsNumber(), permit, issued.GetProperty("number").GetString()!, CustomsDecisionKind.Cleared, "C02", null,
            ClearanceBasis.Electronic, 1, DateTimeOffset.UtcNow, "CUSTOMS-NB");
        var payload = System.Text.Json.JsonSerializer.Serialize(message, Envelopes.Json);
        using var customsKey = NodeKeys.LoadOrCreate(fixture.Federation[TestFederation.Customs].KeyFile);
        var header = Envelopes.Header(Guid.CreateVersion7(), CustomsDecisionHandler.Type, TestFederation.Customs + "/CUSTOMS-NB", [TestFederation.Aqsiq + "/CIQ-ZJ-HZ"],
            null, null, DateTimeOffset.UtcNow, payload);
        using var client = fixture.Federation[TestFederation.Aqsiq].PeerClient(); // the peer listener (mutual TLS)
        var response = await client.PostAsJsonAsync("/api/exchange/inbox", new InboxBatch([Envelopes.Seal(header, payload, TestFederation.Customs, customsKey)]), Envelopes.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<InboxResponse>(Envelopes.Json))!.Results.Single();
        Assert.Equal("failed", result.Status);
        Assert.Contains($"no released record of customs clearance permit {permit}", result.Detail, StringComparison.Ordinal);

        // Nothing was applied: the declaration still waits for the port.
        Assert.Equal("permit-issued", (await GetAsync(exporter, id)).GetProperty("status").GetString());
    }
}

[Collection("sqlite")]
public sealed class AuthorizationFederationOnSqlite(SqliteClearanceFederation fixture) : AuthorizationFederationTests(fixture), IClassFixture<SqliteClearanceFederation>;
