using System.Globalization;
using GoldenQuality.Common;

namespace GoldenQuality.Tests.Files;

/// <summary>The one check of every uploaded file (alerts, LPCO applications): name, type, signature, size, SHA-256.</summary>
public sealed class UploadedFileTests
{
    private static async Task<(UploadedFile? File, string[] Reasons, string[] Codes)> ReadAsync(string? name, string? type, byte[]? content)
    {
        var v = new Validation();
        using var stream = content is null ? null : new MemoryStream(content);
        var file = await UploadedFile.ReadAsync(v, "file", name, type, stream, CancellationToken.None);
        var problem = v.IsValid ? null : v.Result().ProblemDetails;
        var reasons = problem?.Errors["file"] ?? [];
        var codes = v.IsValid ? [] : ((Dictionary<string, object[]>)problem!.Extensions["messages"]!)["file"].Select(m => (string)((Dictionary<string, object?>)m)["code"]!).ToArray();
        return (file, reasons, codes);
    }

    [Fact]
    public async Task The_name_keeps_only_its_last_segment_without_control_characters_and_the_sha256_is_lower_case_hex()
    {
        var (file, reasons, _) = await ReadAsync("C:\\fakepath\\..\\con\r\ntract.pdf", "Application/PDF; name=x", "%PDF-1.7 test"u8.ToArray());
        Assert.Empty(reasons);
        Assert.Equal("contract.pdf", file!.Name);
        Assert.Equal("application/pdf", file.ContentType);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("%PDF-1.7 test"u8.ToArray())), file.Sha256);
    }

    [Theory]
    [InlineData("setup.pdf", "application/pdf", new byte[] { 0x4D, 0x5A, 0x90, 0x00 }, "upload.content-mismatch", "the content is not application/pdf")]
    [InlineData("a.png", "image/png", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "upload.content-mismatch", "the content is not image/png")]
    [InlineData("a.txt", "text/plain", new byte[] { 0x61, 0x00 }, "upload.content-mismatch", "the content is not text/plain")]
    [InlineData("a.txt", "text/plain", new byte[] { 0xC3, 0x28 }, "upload.content-mismatch", "the content is not text/plain")]
    [InlineData("a.exe", "application/x-msdownload", new byte[] { 0x4D, 0x5A }, "not-one-of", "'application/x-msdownload' is not one of: application/pdf, image/png, image/jpeg, text/plain")]
    [InlineData("a.pdf", "application/pdf", new byte[0], "upload.empty", "is empty")]
    [InlineData("", "application/pdf", new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D }, "upload.no-name", "the file has no name")]
    public async Task A_file_that_is_not_what_it_says_is_refused_with_a_coded_reason(string name, string type, byte[] content, string code, string reason)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        try
        {
            var (file, reasons, codes) = await ReadAsync(name, type, content);
            Assert.Null(file);
            Assert.Equal([reason], reasons);
            Assert.Equal([code], codes);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public async Task A_file_over_2_MB_is_refused_and_no_file_at_all_names_the_field()
    {
        var (large, reasons, _) = await ReadAsync("scan.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, .. new byte[UploadedFile.MaxBytes]]);
        Assert.Null(large);
        Assert.Equal(["upload.too-large"], (await ReadAsync("scan.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, .. new byte[UploadedFile.MaxBytes]])).Codes);
        Assert.Single(reasons);
        var (none, _, codes) = await ReadAsync("x.pdf", "application/pdf", null);
        Assert.Null(none);
        Assert.Equal(["upload.required"], codes);
        Assert.NotNull((await ReadAsync("scan.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, .. new byte[UploadedFile.MaxBytes - 3]])).File);
    }
}
