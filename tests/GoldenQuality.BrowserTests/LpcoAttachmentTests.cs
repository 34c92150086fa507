using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using GoldenQuality.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GoldenQuality.BrowserTests;

/// <summary>The applicant attaches documents to its LPCO application on the MOA node: listed with their SHA-256, refused files explained next to the field.</summary>
[Collection("browser")]
public sealed class LpcoAttachmentTests(BrowserFixture web, MinistryNodes nodes) : IClassFixture<MinistryNodes>
{
    [Fact]
    public async Task The_applicant_attaches_a_contract_pdf_and_sees_it_listed_with_its_sha256_and_a_disguised_file_is_refused_in_chinese()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var page = await MinistryNodes.SignInAsync(web, nodes.Moa, "zh-CN", "moa.importer", "demo-moa-importer-2026");
        await page.GotoAsync("/lpcos/new");
        await page.Locator("#hsCode").FillAsync("0202");
        await page.Locator("#productDescription").FillAsync("Frozen boneless beef / 冷冻去骨牛肉");
        await page.Locator("#originCountry").FillAsync("AU");
        await page.Locator("#quantity").FillAsync("12000");
        await page.Locator("#unit").FillAsync("KGM");
        await page.Locator("#portsOfEntry").FillAsync("CNNGB");
        await page.Locator("#validFrom").FillAsync(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.Locator("#validTo").FillAsync(today.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.Locator("[data-testid=apply]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/lpcos/[0-9a-f-]{36}$"));
        await Expect(page.Locator("[data-testid=no-attachments]")).ToHaveTextAsync("尚无附件。");

        // A contract in PDF: listed with its kind, size and SHA-256, and downloadable.
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n% Sales contract SC-2026-017 (fictional): 12000 KGM frozen beef, CIF Ningbo\n%%EOF\n");
        var sha = Convert.ToHexStringLower(SHA256.HashData(pdf));
        var form = page.Locator("[data-testid=attach]");
        await Expect(form).ToHaveAttributeAsync("enctype", "multipart/form-data");
        await form.Locator("#attach-kind").SelectOptionAsync("contract");
        await Expect(form.Locator("[data-testid=file-name]")).ToHaveTextAsync("未选择文件");
        await Expect(form.Locator(".file-picker .button")).ToHaveTextAsync("选择文件");
        await form.Locator("#attach-file").SetInputFilesAsync(new FilePayload { Name = "sales-contract.pdf", MimeType = "application/pdf", Buffer = pdf });
        await Expect(form.Locator("[data-testid=file-name]")).ToHaveTextAsync("sales-contract.pdf");
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#done")).ToHaveTextAsync("附件已上传。");
        var row = page.Locator($"[data-testid=attachments] tr[data-sha256='{sha}']");
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("合同");
        await Expect(row.Locator("[data-testid=sha256]")).ToHaveTextAsync(sha);
        await Expect(row.Locator("a")).ToHaveAttributeAsync("href", new Regex($"/api/ministries/lpcos/[0-9a-f-]{{36}}/attachments/{sha}$"));
        await Expect(row).ToContainTextAsync($"{pdf.Length} 字节");

        // A program renamed to .pdf: refused, the reason in Chinese next to the file field, nothing added.
        var exe = (byte[])[.. "MZ"u8.ToArray(), 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04];
        await form.Locator("#attach-kind").SelectOptionAsync("certificate");
        await form.Locator("#attach-file").SetInputFilesAsync(new FilePayload { Name = "certificate.pdf", MimeType = "application/pdf", Buffer = exe });
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#attach-file-error")).ToHaveTextAsync("文件内容不是 application/pdf");
        await Expect(page.Locator("#attach-file")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("[data-testid=attachments] tbody tr")).ToHaveCountAsync(1);
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "49-lpco-attachment-refused", "zh-CN");

        await BrowserFixture.InBothLanguagesAsync(page, "49-lpco-attachments",
            chinese: async p =>
            {
                await Expect(p.Locator("#attachments")).ToHaveTextAsync("附件");
                await Expect(p.Locator($"tr[data-sha256='{sha}'] td").Nth(1)).ToHaveTextAsync("合同");
            },
            english: async p =>
            {
                await Expect(p.Locator("#attachments")).ToHaveTextAsync("Attached documents");
                await Expect(p.Locator($"tr[data-sha256='{sha}'] td").Nth(0)).ToContainTextAsync("sales-contract.pdf");
                await Expect(p.Locator($"tr[data-sha256='{sha}'] td").Nth(1)).ToHaveTextAsync("Contract");
                await Expect(p.Locator($"tr[data-sha256='{sha}'] [data-testid=sha256]")).ToHaveTextAsync(sha);
                await Expect(p.Locator($"tr[data-sha256='{sha}']")).ToContainTextAsync($"{pdf.Length} bytes");
            });

        // The download is the same bytes, as an attachment.
        var response = await page.Context.APIRequest.GetAsync(await row.Locator("a").GetAttributeAsync("href") ?? "");
        Assert.Equal(200, response.Status);
        Assert.Equal(pdf, await response.BodyAsync());
        Assert.StartsWith("attachment", response.Headers["content-disposition"], StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers["x-content-type-options"]);
        await page.Context.CloseAsync();
    }
}
