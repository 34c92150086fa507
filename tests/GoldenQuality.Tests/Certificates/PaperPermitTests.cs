using System.Globalization;
using System.Net;
using System.Text.Json;
using GoldenQuality.Tests.Clearance;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using static GoldenQuality.Tests.Clearance.Flow;

namespace GoldenQuality.Tests.Certificates;

/// <summary>
/// The paper permit as the port officer reads it: the PDF of a real export permit, printed with the font compiled
/// into gq (no font installed on the machine), read back as text and as a scanned QR code.
/// </summary>
public abstract class PaperPermitTests(ClearanceFederation fixture)
{
    [Fact]
    public async Task The_paper_permit_shows_what_the_electronic_permit_says_and_its_QR_code_scans_to_the_same_payload()
    {
        var exporter = await fixture.SignInAsync("exporter.hangzhou");
        var inspector = await fixture.SignInAsync("ciq.hangzhou");
        var number = (await ExportWithPermitAsync(exporter, inspector, 1200m, NewLot("TEA-PDF"))).GetProperty("permitNumber").GetString()!;
        var permit = await PermitAsync(exporter, number);
        var document = permit.GetProperty("document");

        var response = await exporter.GetAsync($"/api/certificates/permits/{number}/pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Save(bytes, $"export-permit-{fixture.Provider}.pdf");
        var paper = PaperPermit.Read(bytes);

        Assert.Contains(number, paper.Text, StringComparison.Ordinal);
        Assert.Contains("验证码 Verification code " + document.GetProperty("verificationCode").GetString(), paper.Text, StringComparison.Ordinal);
        Assert.Contains("0902101000", paper.Text, StringComparison.Ordinal);
        Assert.Contains("1200 KGM", paper.Text, StringComparison.Ordinal);
        Assert.Contains("绿茶", paper.Text, StringComparison.Ordinal);
        var trader = document.GetProperty("traderName").GetString()!;
        Assert.Contains(trader, paper.Text, StringComparison.Ordinal);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", trader); // the consignor's name in Chinese
        Assert.Contains("发货人 Consignor " + trader, paper.Text, StringComparison.Ordinal);
        foreach (var date in new[] { "issuedAt", "validUntil" })
        {
            var at = document.GetProperty(date).GetDateTimeOffset().ToOffset(TimeSpan.FromHours(8));
            Assert.Contains(at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " 北京时间 (UTC+8)", paper.Text, StringComparison.Ordinal);
        }

        Assert.Equal(permit.GetProperty("qrPayload").GetString(), paper.QrPayload);
    }

    [Fact]
    public async Task A_permit_font_that_cannot_be_used_is_a_problem_that_says_why_not_a_server_error()
    {
        var exporter = await fixture.SignInAsync("exporter.hangzhou");
        var inspector = await fixture.SignInAsync("ciq.hangzhou");
        var number = (await ExportWithPermitAsync(exporter, inspector, 300m, NewLot("TEA-FONT"))).GetProperty("permitNumber").GetString()!;
        var configuration = ((WebApplication)fixture.Federation[TestFederation.Aqsiq].App!).Configuration;
        var notAFont = Path.Combine(Path.GetTempPath(), $"gq-not-a-font-{Guid.NewGuid():N}.ttf");
        await File.WriteAllTextAsync(notAFont, "this is text, not a font");
        try
        {
            foreach (var (font, reason) in new[] { ("/nonexistent/permit-font.ttf", "cannot be read"), (notAFont, "is not a TrueType (.ttf) font") })
            {
                configuration["Certificates:PdfFont"] = font;
                var response = await exporter.GetAsync($"/api/certificates/permits/{number}/pdf");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
                Assert.Contains(font, detail, StringComparison.Ordinal);
                Assert.Contains(reason, detail, StringComparison.Ordinal);
                Assert.Contains("Certificates:PdfFont", detail, StringComparison.Ordinal);
            }
        }
        finally
        {
            configuration["Certificates:PdfFont"] = "";
            File.Delete(notAFont);
        }

        // The node's own font again: the same permit prints.
        Assert.Equal(HttpStatusCode.OK, (await exporter.GetAsync($"/api/certificates/permits/{number}/pdf")).StatusCode);
    }

    /// <summary>Keeps the PDF under artifacts/permits/ at the repository root, to look at.</summary>
    internal static void Save(byte[] pdf, string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GoldenQuality.slnx")))
            {
                var folder = Directory.CreateDirectory(Path.Combine(dir.FullName, "artifacts", "permits"));
                File.WriteAllBytes(Path.Combine(folder.FullName, name), pdf);
                return;
            }
        }
    }
}

[Collection("sqlite")]
public sealed class PaperPermitOnSqlite(SqliteClearanceFederation fixture) : PaperPermitTests(fixture), IClassFixture<SqliteClearanceFederation>;

[Collection("postgres")]
public sealed class PaperPermitOnPostgres(PostgresClearanceFederation fixture) : PaperPermitTests(fixture), IClassFixture<PostgresClearanceFederation>;
