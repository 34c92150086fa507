using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Ministries.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Tests.Ministries;

/// <summary>
/// The AQSIQ, Customs, MOA, MEP and PBC nodes with their demo accounts and demo registers, for the LPCO tests. Each
/// test registers its own LPCOs (unique numbers), so the tests do not depend on each other.
/// </summary>
public abstract class LpcoFederation : IAsyncLifetime
{
    public const string NingboFood = "913302000000DEM02M";
    public const string QingdaoSeafood = "913702000000DEM05F";

    public abstract DatabaseProvider Provider { get; }

    public TestFederation Federation { get; private set; } = null!;

    public async Task InitializeAsync() => Federation = await TestFederation.StartAsync(Provider, ministries: true, only: [TestFederation.Moa, TestFederation.Mep]);

    public async Task DisposeAsync()
    {
        await Federation.DisposeAsync();
    }

    /// <summary>A demo account signed in on its node (the federation disposes the client).</summary>
    public Task<HttpClient> SignInAsync(string user, string node) => Federation.SignInAsync(node, user);

    /// <summary>The node's demo system client (API key); the fixture disposes it.</summary>
    public HttpClient System(string node)
    {
        return Federation.Track(Federation[node].Client());
    }

    public static string NewNumber(string prefix) => prefix + "-T-" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    /// <summary>Registers an issued quarantine permit on the MOA node as moa.officer (frozen beef from AU through Ningbo, 1000 KGM unless changed).</summary>
    public async Task<JsonElement> RegisterPermitAsync(HttpClient officer, Action<Dictionary<string, object?>>? change = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["number"] = NewNumber("MOA-QP"), ["kind"] = "quarantine-permit", ["holderUscc"] = NingboFood, ["hsCode"] = "0202", ["productDescription"] = "Frozen beef (test)",
            ["originCountry"] = "AU", ["quantity"] = 1000m, ["unit"] = "KGM", ["portsOfEntry"] = new[] { "CNNGB" }, ["validFrom"] = "2026-01-01", ["validTo"] = "2027-12-31",
        };
        change?.Invoke(body);
        var response = await officer.PostAsJsonAsync("/api/ministries/lpcos/registered", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"register: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Json();
    }

    /// <summary>A check of an import against an LPCO, asked by the AQSIQ node's system client through a signed dataset query.</summary>
    public async Task<JsonElement> CheckAsync(string dataset, string provider, object parameters)
    {
        var aqsiq = System(TestFederation.Aqsiq);
        var outcome = await (await aqsiq.PostAsJsonAsync("/api/exchange/queries", new { provider, dataset, parameters })).Json();
        Assert.True(outcome.GetProperty("answered").GetBoolean(), "the query was not answered: " + outcome);
        return outcome.GetProperty("answer");
    }

    /// <summary>The AQSIQ node sends <c>declarations.lpco.drawn</c> (as its Declarations module does on release); returns the envelope id.</summary>
    public async Task<Guid> SendDrawAsync(string issuerNode, LpcoDrawn drawn)
    {
        var (scope, db) = Federation[TestFederation.Aqsiq].Database();
        await using (scope)
        {
            var sender = scope.ServiceProvider.GetRequiredService<ExchangeSender>();
            var result = sender.As(SendingModule.Declarations).Send(db, MinistriesWire.LpcoDrawnType, drawn, [issuerNode]);
            Assert.Empty(result.Denied);
            await db.SaveChangesAsync();
            return Assert.Single(result.Envelopes);
        }
    }

    /// <summary>Whether the AQSIQ node's envelopes were delivered (the issuer returned its signed receipts).</summary>
    public async Task<bool> DeliveredAsync(params Guid[] envelopes)
    {
        var (scope, _) = Federation[TestFederation.Aqsiq].Database();
        await using (scope)
        {
            var sent = await scope.ServiceProvider.GetRequiredService<IExchangeRecords>().SentAsync(envelopes, CancellationToken.None);
            return sent.Count == envelopes.Length && sent.All(s => s.Delivered);
        }
    }

    /// <summary>The <c>ministries.lpco.status-changed</c> messages the AQSIQ node received about one LPCO number.</summary>
    public async Task<List<JsonElement>> StatusChangesAtAqsiqAsync(string number)
    {
        var (scope, _) = Federation[TestFederation.Aqsiq].Database();
        await using (scope)
        {
            var received = await scope.ServiceProvider.GetRequiredService<IExchangeRecords>()
                .ReceivedAsync(new ReceivedQuery(MinistriesWire.LpcoStatusChangedType), 1, Paging.MaxPageSize, CancellationToken.None);
            return [.. received.Items.Select(m => JsonDocument.Parse(m.Payload).RootElement.Clone()).Where(p => p.GetProperty("number").GetString() == number)];
        }
    }
}

public sealed class SqliteLpcoFederation : LpcoFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresLpcoFederation : LpcoFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
