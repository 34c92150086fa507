using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using GoldenQuality.Registry.Contracts;

namespace GoldenQuality.Tests.Infrastructure;

public static class TestData
{
    /// <summary>A fresh, valid USCC in the given GB/T 2260 area (positions 9-17 random).</summary>
    public static string NewUscc(string area = "330106")
    {
        var stem = "91" + area + string.Concat(Enumerable.Range(0, 9).Select(_ => Uscc.Alphabet[RandomNumberGenerator.GetInt32(Uscc.Alphabet.Length)]));
        return Uscc.WithCheckCharacter(stem);
    }

    /// <summary>A complete, valid enterprise request body; override fields with <paramref name="changes"/>.</summary>
    public static Dictionary<string, object?> Enterprise(string uscc, string? nameZh = null, string area = "330106", Action<Dictionary<string, object?>>? changes = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["uscc"] = uscc,
            ["nameZh"] = nameZh ?? "测试企业" + uscc[^6..] + "有限公司",
            ["nameEn"] = "Test Enterprise " + uscc[^6..] + " Co., Ltd.",
            ["address"] = "浙江省杭州市西湖区测试路1号",
            ["areaCode"] = area,
            ["legalRepresentative"] = "测试人",
            ["type"] = "limited-liability-company",
            ["businessScope"] = "茶叶加工",
            ["roles"] = new[] { "manufacturer", "exporter" },
        };
        changes?.Invoke(body);
        return body;
    }

    public static async Task<JsonElement> Json(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.False(string.IsNullOrEmpty(text), $"Expected a JSON body with {(int)response.StatusCode}.");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> CreateEnterpriseAsync(HttpClient client, string uscc, string? nameZh = null, string area = "330106")
    {
        var response = await client.PostAsJsonAsync("/api/registry/enterprises", Enterprise(uscc, nameZh, area));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Json()).GetProperty("enterprise");
    }

    /// <summary>The reasons given for one field of a validation problem.</summary>
    public static string[] FieldErrors(JsonElement problem, string field) =>
        problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var list)
            ? list.EnumerateArray().Select(e => e.GetString()!).ToArray()
            : [];
}
