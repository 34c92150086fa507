using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;

namespace GoldenQuality.Tests.Quality;

/// <summary>
/// The AQSIQ, Customs and Zhejiang BQS nodes (<c>bqs: true</c>) for the spot-check tests, with a provincial standard
/// of Zhejiang that is TEST DATA ONLY (not a real standard): lead in tea at most 3.0 mg/kg, in force from 200 to 100
/// days ago — stricter than GB 2762-2022's 5.0 mg/kg, so a tea sampled in that window is judged against it and one
/// sampled later against the national limit. Each test sets up its own plans and samples.
/// </summary>
public abstract class SpotCheckFederation : IAsyncLifetime
{
    public const string Bqs = TestFederation.BqsZhejiang;
    public const string Tea = "913301000000DEM01D";
    public const string TestProvincialStandard = "DB33/T TEST-0001";

    public abstract DatabaseProvider Provider { get; }

    public TestFederation Federation { get; private set; } = null!;

    /// <summary>Today in China time, as the node reads it.</summary>
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public static string Day(int offset) => Today.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        Federation = await TestFederation.StartAsync(Provider, bqs: true);
        using var system = Federation[Bqs].Client();
        var standards = "number,title,kind,issuing_body,province,valid_from,valid_to,superseded_by\n" +
            $"{TestProvincialStandard},TEST DATA ONLY - not a real standard (issue 15 tests),provincial,Test data,330000,{Day(-200)},{Day(-100)},\n";
        var requirements = "standard,clause,category,parameter,processing_state,kind,lower,upper,unit,method,jurisdiction\n" +
            $"{TestProvincialStandard},TEST 4.1,tea,pb,,max,,3.0,mg/kg,GB 5009.12,330000\n";
        foreach (var (file, csv) in new[] { ("standards", standards), ("requirements", requirements) })
        {
            var response = await system.PostAsync("/api/standards/import/" + file, new StringContent(csv, Encoding.UTF8, "text/csv"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK && !text.Contains("\"rejects\":[{", StringComparison.Ordinal), $"import {file}: {text}");
        }
    }

    public async Task DisposeAsync() => await Federation.DisposeAsync();

    public Task<HttpClient> SignInAsync(string user) => Federation.SignInAsync(Bqs, user);

    public static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A provincial plan of tea and rice in Hangzhou (330100) over the last 200 days and the next 30, unless changed.</summary>
    public static async Task<JsonElement> PlanAsync(HttpClient officer, Action<Dictionary<string, object?>>? change = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["level"] = "provincial", ["title"] = "Tea and rice in Hangzhou markets (test)", ["categories"] = new[] { "tea", "cereal.rice" },
            ["standards"] = new[] { "GB 2762-2022" }, ["plannedSamples"] = 20, ["regions"] = new[] { "330100" }, ["periodFrom"] = Day(-200), ["periodTo"] = Day(30),
        };
        change?.Invoke(body);
        return await Expect(await officer.PostAsJsonAsync("/api/quality/plans", body), HttpStatusCode.Created);
    }

    public static Dictionary<string, object?> Sample(Action<Dictionary<string, object?>>? change = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["placeName"] = "West Lake demo supermarket (test)", ["areaCode"] = "330106", ["sellerName"] = "Demo supermarket (test)", ["manufacturerUscc"] = Tea,
            ["product"] = "Longjing green tea 250 g", ["category"] = "tea", ["brand"] = "Demo Peak", ["lotNumber"] = "L" + Guid.NewGuid().ToString("N")[..8],
            ["sampledOn"] = Day(-10), ["samplers"] = new[] { "Wang Test", "Li Test" }, ["quantity"] = "4 × 250 g",
        };
        change?.Invoke(body);
        return body;
    }

    /// <summary>Records a sample under the plan and the results (parameter, value, unit); returns the judged sample.</summary>
    public static async Task<JsonElement> JudgedAsync(HttpClient officer, string plan, (string Parameter, decimal Value, string Unit)[] items, Action<Dictionary<string, object?>>? change = null)
    {
        var sample = await Expect(await officer.PostAsJsonAsync($"/api/quality/plans/{plan}/samples", Sample(change)), HttpStatusCode.Created);
        return await Expect(await officer.PostAsJsonAsync($"/api/quality/samples/{sample.GetProperty("number").GetString()}/results", Results(items)), HttpStatusCode.OK);
    }

    public static object Results((string Parameter, decimal Value, string Unit)[] items) => new
    {
        laboratory = "Zhejiang demo food testing laboratory (test)", reportNumber = "R-" + Guid.NewGuid().ToString("N")[..8], testedOn = Day(-5),
        items = items.Select(i => new { parameter = i.Parameter, value = i.Value, unit = i.Unit }).ToArray(),
    };
}

public sealed class SqliteSpotCheckFederation : SpotCheckFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresSpotCheckFederation : SpotCheckFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
