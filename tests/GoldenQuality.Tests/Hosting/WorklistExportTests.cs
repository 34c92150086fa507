using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GoldenQuality.Tests.Infrastructure;

namespace GoldenQuality.Tests.Hosting;

/// <summary>
/// The worklists' CSV downloads answer what the list's own handler lets the reader see: an enterprise user gets no hold
/// register and no foreign certificates (a refusal in the reader's language), an officer gets the file with its column
/// names in the interface language.
/// </summary>
[Collection("sqlite")]
public sealed class WorklistExportTests(SqliteNode node)
{
    private static HttpRequestMessage Get(string path, string culture)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", ".AspNetCore.Culture=" + Uri.EscapeDataString($"c={culture}|uic={culture}"));
        request.Headers.AcceptLanguage.ParseAdd(culture);
        return request;
    }

    [Fact]
    public async Task An_enterprise_user_downloads_neither_the_hold_register_nor_the_foreign_certificates()
    {
        using var exporter = await node.SignInAsync("exporter.hangzhou", "demo-exporter-2026");
        using var foreign = await exporter.SendAsync(Get("/foreign-certificates/export.csv", "zh-CN"));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal("境外证书仅供口岸办事处和检验人员查看。", (await foreign.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        using var holds = await exporter.SendAsync(Get("/holds/export.csv", "en"));
        Assert.Equal(HttpStatusCode.Forbidden, holds.StatusCode);
        Assert.DoesNotContain("text/csv", holds.Content.Headers.ContentType?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_officer_downloads_the_hold_register_and_the_foreign_certificates_with_column_names_in_the_interface_language()
    {
        using var officer = await node.SignInAsync("ciq.ningbo.port", "demo-port-2026");
        using var holds = await officer.SendAsync(Get("/holds/export.csv?status=active", "zh-CN"));
        Assert.Equal(HttpStatusCode.OK, holds.StatusCode);
        Assert.Equal("text/csv", holds.Content.Headers.ContentType?.MediaType);
        var text = Encoding.UTF8.GetString(await holds.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("\uFEFF扣留对象类型,对象,机构,扣留原因类别", text, StringComparison.Ordinal);
        Assert.Matches("^holds-[0-9]{8}-[0-9]{4}\\.csv$", holds.Content.Headers.ContentDisposition?.FileName?.Trim('"') ?? "");

        using var foreign = await officer.SendAsync(Get("/foreign-certificates/export.csv?state=withdrawn", "en"));
        Assert.Equal(HttpStatusCode.OK, foreign.StatusCode);
        Assert.StartsWith("\uFEFFCertificate number,", Encoding.UTF8.GetString(await foreign.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);

        using var bad = await officer.SendAsync(Get("/holds/export.csv?status=sleeping", "zh-CN"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
