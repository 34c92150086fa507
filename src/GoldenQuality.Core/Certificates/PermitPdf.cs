using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using QRCoder;

namespace GoldenQuality.Certificates;

/// <summary>
/// Points PDFsharp at a CJK TrueType font on the machine (PDFsharp 6 has no system font lookup on Linux, and it
/// does not read TrueType collections, so the .ttf of Debian's fonts-droid-fallback is used; docs/decisions/0005).
/// <c>GQ_PDF_FONT</c> names another .ttf.
/// </summary>
internal sealed class CjkFontResolver : IFontResolver
{
    public const string Family = "GQ CJK";

    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf",
    ];

    private readonly Lazy<byte[]> font = new(() =>
    {
        var path = Environment.GetEnvironmentVariable("GQ_PDF_FONT") is { Length: > 0 } configured ? configured : Candidates.FirstOrDefault(File.Exists);
        return path is not null && File.Exists(path)
            ? File.ReadAllBytes(path)
            : throw new InvalidOperationException("No CJK font for the paper permit: install Debian's fonts-droid-fallback or set GQ_PDF_FONT to a .ttf file.");
    });

    public static bool Available => Environment.GetEnvironmentVariable("GQ_PDF_FONT") is { Length: > 0 } || Candidates.Any(File.Exists);

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) => new(Family, isBold, false);

    public byte[]? GetFont(string faceName) => font.Value;
}

/// <summary>The paper permit: an A4 PDF with the permit's data in Chinese and English, and the QR code to check it.</summary>
internal static class PermitPdf
{
    private static readonly Lock Gate = new();
    private static bool configured;

    public static byte[] Render(PermitDocument p, string digest, PermitStatus status)
    {
        Configure();
        using var document = new PdfDocument();
        document.Info.Title = $"{p.Number} (revision {p.Revision})";
        document.Info.Creator = "GoldenQuality";
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        using var gfx = XGraphics.FromPdfPage(page);
        var title = new XFont(CjkFontResolver.Family, 16, XFontStyleEx.Bold);
        var body = new XFont(CjkFontResolver.Family, 9.5, XFontStyleEx.Regular);
        var small = new XFont(CjkFontResolver.Family, 7.5, XFontStyleEx.Regular);
        const double left = 50;
        var y = 60.0;

        var heading = p.Kind == PermitKind.Inspection ? "出入境货物检验检疫证明 Inspection Permit" : "通关单 Customs Clearance Permit";
        gfx.DrawString(heading, title, XBrushes.Black, left, y);
        y += 22;
        gfx.DrawString("GoldenQuality · 电子证书可在口岸核查 · the electronic copy is authoritative; scan the code to check this paper", small, XBrushes.DimGray, left, y);
        y += 26;

        void Row(string label, string value)
        {
            gfx.DrawString(label, body, XBrushes.DimGray, left, y);
            gfx.DrawString(value, body, XBrushes.Black, left + 170, y);
            y += 16;
        }

        Row("编号 Permit no.", $"{p.Number}  (revision {p.Revision.ToString(CultureInfo.InvariantCulture)})");
        Row("核查码 Verification code", p.VerificationCode);
        Row("报检号 Declaration no.", p.DeclarationNumber);
        Row("签发机构 Issued by", $"{p.IssuerOffice} ({p.IssuerNode})");
        Row("口岸 Port", $"{p.Port} · {p.PortOffice}");
        Row(p.DeclarationKind == Declarations.DeclarationKind.Export ? "发货人 Consignor" : "收货人 Consignee", $"{p.TraderName} ({p.TraderUscc})");
        if (p.ManufacturerUscc is { } m)
        {
            Row("生产企业 Manufacturer", m);
        }

        Row(p.DeclarationKind == Declarations.DeclarationKind.Export ? "输往国家 Destination" : "原产国 Origin", p.Country);
        Row("签发日期 Issued", p.IssuedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
        Row("有效期至 Valid until", p.ValidUntil.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
        if (p.BasedOn is { } basedOn)
        {
            Row("依据 Based on", basedOn);
        }

        if (status == PermitStatus.Revoked)
        {
            gfx.DrawString("已撤销 REVOKED", title, XBrushes.DarkRed, left + 300, 60);
        }

        y += 10;
        gfx.DrawString("序号 No.   HS 编码 HS code     品名 Description                                   数量 Quantity", body, XBrushes.DimGray, left, y);
        y += 6;
        gfx.DrawLine(XPens.Gray, left, y, page.Width.Point - left, y);
        y += 14;
        foreach (var line in p.Lines)
        {
            gfx.DrawString(line.Sequence.ToString(CultureInfo.InvariantCulture), body, XBrushes.Black, left, y);
            gfx.DrawString(line.HsCode, body, XBrushes.Black, left + 50, y);
            gfx.DrawString(line.Description.Length > 40 ? line.Description[..40] + "…" : line.Description, body, XBrushes.Black, left + 140, y);
            gfx.DrawString(string.Create(CultureInfo.InvariantCulture, $"{line.Quantity} {line.Unit}"), body, XBrushes.Black, left + 400, y);
            y += 15;
            if (y > 640)
            {
                gfx.DrawString("…", body, XBrushes.Black, left, y);
                break;
            }
        }

        DrawQr(gfx, QrCodes.Format(p.Number, p.VerificationCode, digest), left, 670, 130);
        gfx.DrawString("扫码核查 Scan to verify", small, XBrushes.DimGray, left + 145, 690);
        gfx.DrawString($"SHA-256 {digest}", small, XBrushes.DimGray, left + 145, 705);
        gfx.DrawString($"签名 Signed (JWS ES256) by {p.IssuerNode}", small, XBrushes.DimGray, left + 145, 720);

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <summary>Draws the QR code as vector squares, so the paper prints sharp at any size.</summary>
    private static void DrawQr(XGraphics gfx, string payload, double x, double y, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var module = size / matrix.Count;
        for (var row = 0; row < matrix.Count; row++)
        {
            for (var col = 0; col < matrix[row].Count; col++)
            {
                if (matrix[row][col])
                {
                    gfx.DrawRectangle(XBrushes.Black, x + (col * module), y + (row * module), module, module);
                }
            }
        }
    }

    private static void Configure()
    {
        lock (Gate)
        {
            if (!configured)
            {
                GlobalFontSettings.FontResolver = new CjkFontResolver();
                configured = true;
            }
        }
    }
}
