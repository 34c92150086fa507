using System.Net;
using System.Net.Http.Json;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;

namespace GoldenQuality.Tests.Ministries;

/// <summary>The ministries run their own nodes: each officer signs in on the ministry's node and nowhere else (decision 0006).</summary>
public sealed class MinistryNodesTests
{
    [Fact]
    public async Task Each_ministry_officer_signs_in_on_its_own_node_only()
    {
        await using var federation = await TestFederation.StartAsync(DatabaseProvider.Sqlite, ministries: true);
        (string User, string Password, string Node)[] accounts =
        [
            ("moa.officer", "demo-moa-2026", TestFederation.Moa),
            ("moa.importer", "demo-moa-importer-2026", TestFederation.Moa),
            ("mep.officer", "demo-mep-2026", TestFederation.Mep),
            ("pbc.officer", "demo-pbc-2026", TestFederation.Pbc),
        ];
        foreach (var (user, password, node) in accounts)
        {
            foreach (var on in new[] { node, TestFederation.Aqsiq })
            {
                using var client = new HttpClient { BaseAddress = federation[on].Url };
                client.DefaultRequestHeaders.Add("X-GQ-Request", "1");
                var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = user, password });
                Assert.True(on == node ? response.StatusCode == HttpStatusCode.NoContent : response.StatusCode == HttpStatusCode.Unauthorized,
                    $"{user} signing in on {on}: {(int)response.StatusCode}");
            }
        }
    }
}
