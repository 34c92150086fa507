using System.Collections.Concurrent;
using System.Globalization;
using GoldenQuality.Certificates.Contracts;
using GoldenQuality.Common;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using QRCoder;

namespace GoldenQuality.Certificates;

/// <summary>How the paper permit is printed (section <c>Certificates</c>).</summary>
public sealed class PermitPdfOptions
{
    public const string Section = "Certificates";

    /// <summary>
    /// A TrueType (.ttf) font to print the permit with instead of the embedded Noto Sans SC subset; the
    /// <c>GQ_PDF_FONT</c> environment variable sets it too. Needed only for characters outside GB 2312.
    /// </summary>
    public string? PdfFont { get; set; }

    /// <summary>The font file this node prints with, or null for the embedded font.</summary>
    public string? FontFile => PdfFont is { Length: > 0 } configured ? configured
        : Environment.GetEnvironmentVariable("GQ_PDF_FONT") is { Length: > 0 } env ? env : null;
}

/// <summary>The paper permit could not be printed (a font that cannot be read, say); the message says why.</summary>
public sealed class PermitPdfException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Hands PDFsharp its fonts (PDFsharp 6 has no system font lookup on Linux). The family <see cref="Embedded"/> is
/// the Noto Sans SC subset compiled into this assembly (Certificates/Fonts/SOURCES.md; docs/decisions/0010), so
/// the permit needs nothing installed; a family named <c>file:PATH</c> is that TrueType file, so that a node may
/// print with a font of its own (<see cref="PermitPdfOptions.PdfFont"/>). Bold is simulated from the one face.
/// </summary>
internal sealed class PermitFontResolver : IFontResolver
{
    public const string Embedded = "GQ Noto Sans SC";
    private const string ResourceName = "GoldenQuality.Certificates.Fonts.NotoSansSC-Regular-GB2312.ttf";
    private const string FilePrefix = "file:";

    private static readonly Lazy<byte[]> EmbeddedFont = new(() =>
    {
        using var stream = typeof(PermitFontResolver).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new PermitPdfException($"The embedded permit font {ResourceName} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    private readonly ConcurrentDictionary<string, byte[]> files = new(StringComparer.Ordinal);

    /// <summary>The family to ask PDFsharp for, after checking that a configured file is a TrueType font.</summary>
    public string FamilyFor(string? fontFile)
    {
        if (fontFile is null)
        {
            return Embedded;
        }

        files.GetOrAdd(fontFile, Read);
        return FilePrefix + fontFile;
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        new(familyName, isBold, isItalic);

    public byte[]? GetFont(string faceName) =>
        faceName.StartsWith(FilePrefix, StringComparison.Ordinal) ? files.GetOrAdd(faceName[FilePrefix.Length..], Read) : EmbeddedFont.Value;

    private static byte[] Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new PermitPdfException($"The permit font '{path}' (Certificates:PdfFont or GQ_PDF_FONT) cannot be read: {e.Message}", e);
        }

        // A TrueType font starts with 0x00010000 or 'true'; PDFsharp reads neither collections (.ttc) nor CFF (.otf).
        var tag = bytes.Length >= 4 ? (bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3] : 0;
        if (tag is not (0x00010000 or 0x74727565))
        {
            throw new PermitPdfException($"The permit font '{path}' (Certificates:PdfFont or GQ_PDF_FONT) is not a TrueType (.ttf) font; collections (.ttc) and CFF fonts (.otf) cannot be used.");
        }

        return bytes;
    }
}

/// <summary>
/// The paper permit: A4 pages with the permit's data in Chinese and English, and the QR code to check it. Long
/// values wrap (and shrink a little before they wrap); goods lines that do not fit continue on further pages.
/// Times are China Standard Time, named as such.
/// </summary>
internal static class PermitPdf
{
    private const double Margin = 50;
    private const double LabelWidth = 150;
    private const double QrSize = 118;
    private const double Bottom = 800;
    private static readonly Lazy<PermitFontResolver> Resolver = new(() =>
    {
        var resolver = new PermitFontResolver();
        GlobalFontSettings.FontResolver = resolver;
        return resolver;
    });

    /// <summary>The labels the paper prints; the port screen uses the same words.</summary>
    internal static class Labels
    {
        public const string Number = "编号 Permit no.";
        public const string VerificationCode = "验证码 Verification code";
        public const string Declaration = "报检号 Declaration no.";
        public const string Issuer = "签发机构 Issued by";
        public const string Port = "口岸 Port";
        public const string Consignor = "发货人 Consignor";
        public const string Consignee = "收货人 Consignee";
        public const string Manufacturer = "生产企业 Manufacturer";
        public const string Destination = "输往国家 Destination";
        public const string Origin = "原产国 Origin";
        public const string Issued = "签发时间 Issued";
        public const string ValidUntil = "有效期至 Valid until";
        public const string BasedOn = "依据 Based on";
    }

    /// <summary>A time as the paper prints it: China Standard Time, with the zone named.</summary>
    public static string Time(DateTimeOffset at) =>
        Common.ChinaTime.Of(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " 北京时间 (UTC+8)";

    /// <summary>A quantity with its unit as the paper prints it.</summary>
    public static string Quantity(PermitLine line) =>
        string.Create(CultureInfo.InvariantCulture, $"{line.Quantity:0.###} {line.Unit}");

    public static byte[] Render(PermitDocument p, string digest, PermitStatus status, string? fontFile = null)
    {
        var family = Resolver.Value.FamilyFor(fontFile);
        using var document = new PdfDocument();
        document.Info.Title = $"{p.Number} (revision {p.Revision.ToString(CultureInfo.InvariantCulture)})";
        document.Info.Creator = "GoldenQuality";
        var fonts = new Fonts(family);
        var pages = new List<(PdfPage Page, XGraphics Gfx)>();
        try
        {
            var (page, gfx) = NewPage(document, pages);
            var width = page.Width.Point - (2 * Margin);
            var y = Header(gfx, fonts, p, status, width);
            y = Fields(gfx, fonts, p, y, width - QrSize - 12);
            DrawQr(gfx, QrCodes.Format(p.Number, p.VerificationCode, digest), Margin + width - QrSize, 92, QrSize);
            gfx.DrawString("扫码核查 Scan to verify", fonts.Small, XBrushes.DimGray, new XRect(Margin + width - QrSize, 92 + QrSize + 2, QrSize, 10), XStringFormats.TopCenter);
            y = Math.Max(y, 92 + QrSize + 20) + 10;

            y = GoodsHeader(gfx, fonts, y, width);
            foreach (var line in p.Lines)
            {
                var height = GoodsRow(gfx, fonts, line, width).Height;
                if (y + height > Bottom)
                {
                    (_, gfx) = NewPage(document, pages);
                    y = Continued(gfx, fonts, p);
                    y = GoodsHeader(gfx, fonts, y, width);
                }

                GoodsRow(gfx, fonts, line, width).Draw(y);
                y += height + 4;
            }

            if (y + 16 + 44 > Bottom)
            {
                (_, gfx) = NewPage(document, pages);
                y = Continued(gfx, fonts, p);
            }

            Footer(gfx, fonts, p, digest, y + 16, width);
            for (var i = 0; i < pages.Count; i++)
            {
                pages[i].Gfx.DrawString(
                    string.Create(CultureInfo.InvariantCulture, $"第 {i + 1} 页 共 {pages.Count} 页 · Page {i + 1} of {pages.Count}"),
                    fonts.Small, XBrushes.DimGray, new XRect(Margin, Bottom + 10, width, 10), XStringFormats.TopRight);
            }
        }
        catch (Exception e) when (e is not PermitPdfException and not OutOfMemoryException)
        {
            // A font PDFsharp cannot lay out fails deep inside it; the caller gets a reason, not a crash.
            throw new PermitPdfException($"The PDF could not be made with the permit font ({e.GetType().Name}: {e.Message}).", e);
        }
        finally
        {
            foreach (var (_, g) in pages)
            {
                g.Dispose();
            }
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    private static (PdfPage, XGraphics) NewPage(PdfDocument document, List<(PdfPage, XGraphics)> pages)
    {
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        var gfx = XGraphics.FromPdfPage(page);
        pages.Add((page, gfx));
        return (page, gfx);
    }

    private static double Continued(XGraphics gfx, Fonts fonts, PermitDocument p)
    {
        gfx.DrawString($"{p.Number} · 续 continued", fonts.Body, XBrushes.DimGray, Margin, 60);
        return 80;
    }

    private static double Header(XGraphics gfx, Fonts fonts, PermitDocument p, PermitStatus status, double width)
    {
        var heading = p.Kind == PermitKind.Inspection ? "出入境货物检验检疫证明" : "通关单";
        var english = p.Kind == PermitKind.Inspection ? "Inspection Permit" : "Customs Clearance Permit";
        gfx.DrawString(heading, fonts.Title, XBrushes.Black, Margin, 58);
        gfx.DrawString(english, fonts.Subtitle, XBrushes.Black, Margin, 76);
        if (status == PermitStatus.Revoked)
        {
            gfx.DrawString("已撤销 REVOKED", fonts.Title, XBrushes.DarkRed, new XRect(Margin, 44, width, 20), XStringFormats.TopRight);
        }

        gfx.DrawLine(XPens.Gray, Margin, 84, Margin + width, 84);
        return 100;
    }

    private static double Fields(XGraphics gfx, Fonts fonts, PermitDocument p, double y, double width)
    {
        var export = p.DeclarationKind == DeclarationKind.Export;
        var rows = new List<(string Label, string Value)>
        {
            (Labels.Number, $"{p.Number}  (第 {p.Revision.ToString(CultureInfo.InvariantCulture)} 版 revision {p.Revision.ToString(CultureInfo.InvariantCulture)})"),
            (Labels.VerificationCode, p.VerificationCode),
            (Labels.Declaration, p.DeclarationNumber),
            (Labels.Issuer, $"{p.IssuerOffice} ({p.IssuerNode})"),
            (Labels.Port, $"{p.Port} · {p.PortOffice}"),
            (export ? Labels.Consignor : Labels.Consignee, $"{p.TraderName} ({p.TraderUscc})"),
        };
        if (p.ManufacturerUscc is { } m)
        {
            rows.Add((Labels.Manufacturer, m));
        }

        rows.Add((export ? Labels.Destination : Labels.Origin, p.Country));
        rows.Add((Labels.Issued, Time(p.IssuedAt)));
        rows.Add((Labels.ValidUntil, Time(p.ValidUntil)));
        if (p.BasedOn is { } basedOn)
        {
            rows.Add((Labels.BasedOn, basedOn));
        }

        foreach (var (label, value) in rows)
        {
            gfx.DrawString(label, fonts.Label, XBrushes.DimGray, Margin, y + fonts.Body.Size);
            var block = Wrap(gfx, value, fonts.Body, width - LabelWidth, maxLines: 3);
            block.Draw(gfx, XBrushes.Black, Margin + LabelWidth, y);
            y += Math.Max(block.Height, 14) + 4;
        }

        return y;
    }

    private static double GoodsHeader(XGraphics gfx, Fonts fonts, double y, double width)
    {
        var columns = Columns(width);
        gfx.DrawString("序号 No.", fonts.Label, XBrushes.DimGray, Margin, y + 9);
        gfx.DrawString("HS 编码 HS code", fonts.Label, XBrushes.DimGray, Margin + columns.Hs, y + 9);
        gfx.DrawString("品名 Description", fonts.Label, XBrushes.DimGray, Margin + columns.Description, y + 9);
        gfx.DrawString("数量 Quantity", fonts.Label, XBrushes.DimGray, new XRect(Margin, y, width, 12), XStringFormats.TopRight);
        y += 14;
        gfx.DrawLine(XPens.Gray, Margin, y, Margin + width, y);
        return y + 5;
    }

    private static (double Hs, double Description, double Quantity) Columns(double width) => (46, 130, width - 110);

    private static (double Height, Action<double> Draw) GoodsRow(XGraphics gfx, Fonts fonts, PermitLine line, double width)
    {
        var columns = Columns(width);
        var description = Wrap(gfx, line.Description, fonts.Body, columns.Quantity - columns.Description - 10, maxLines: 4);
        var quantity = Wrap(gfx, Quantity(line), fonts.Body, width - columns.Quantity, maxLines: 2);
        var height = Math.Max(Math.Max(description.Height, quantity.Height), 14);
        return (height, y =>
        {
            gfx.DrawString(line.Sequence.ToString(CultureInfo.InvariantCulture), fonts.Body, XBrushes.Black, Margin, y + fonts.Body.Size);
            gfx.DrawString(line.HsCode, fonts.Body, XBrushes.Black, Margin + columns.Hs, y + fonts.Body.Size);
            description.Draw(gfx, XBrushes.Black, Margin + columns.Description, y);
            quantity.DrawRight(gfx, XBrushes.Black, Margin + width, y);
        });
    }

    private static void Footer(XGraphics gfx, Fonts fonts, PermitDocument p, string digest, double y, double width)
    {
        gfx.DrawLine(XPens.LightGray, Margin, y, Margin + width, y);
        y += 6;
        foreach (var text in new[]
                 {
                     "电子证书为准,口岸凭二维码或编号与验证码核查纸质证书。The electronic copy is authoritative; the port checks this paper by its QR code, or by its number and verification code.",
                     $"签名 Signed (JWS ES256) by {p.IssuerNode} · SHA-256 {digest}",
                 })
        {
            var block = Wrap(gfx, text, fonts.Small, width, maxLines: 3, shrink: false);
            block.Draw(gfx, XBrushes.DimGray, Margin, y);
            y += block.Height + 3;
        }
    }

    /// <summary>
    /// Lays a value out in the width: at the given size if it fits on one line, else (when it may shrink) at up to 15 % smaller, then
    /// wrapped (at spaces where there are any, else between characters, as Chinese text is), at most
    /// <paramref name="maxLines"/> lines; a value still too long ends with an ellipsis.
    /// </summary>
    private static TextBlock Wrap(XGraphics gfx, string text, XFont font, double width, int maxLines, bool shrink = true)
    {
        double[] scales = shrink ? [1.0, 0.92, 0.85] : [1.0];
        foreach (var scale in scales)
        {
            var sized = scale == 1.0 ? font : new XFont(font.FontFamily.Name, font.Size * scale, font.Style);
            if (gfx.MeasureString(text, sized).Width <= width)
            {
                return new TextBlock([text], sized);
            }
        }

        var small = shrink ? new XFont(font.FontFamily.Name, font.Size * scales[^1], font.Style) : font;
        var lines = new List<string>();
        var rest = text;
        while (rest.Length > 0 && lines.Count < maxLines)
        {
            var take = Fit(gfx, rest, small, width);
            if (lines.Count == maxLines - 1 && take < rest.Length)
            {
                var cut = take;
                while (cut > 0 && gfx.MeasureString(string.Concat(rest.AsSpan(0, cut), "…"), small).Width > width)
                {
                    cut--;
                }

                lines.Add(string.Concat(rest.AsSpan(0, cut).TrimEnd(), "…"));
                break;
            }

            lines.Add(rest[..take].TrimEnd());
            rest = rest[take..].TrimStart();
        }

        return new TextBlock(lines, small);
    }

    /// <summary>How many characters of the text fit in the width, broken after a space when there is one.</summary>
    private static int Fit(XGraphics gfx, string text, XFont font, double width)
    {
        var low = 1;
        var high = text.Length;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (gfx.MeasureString(text[..mid], font).Width <= width)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        if (low < text.Length && char.IsAsciiLetterOrDigit(text[low]))
        {
            var space = text.LastIndexOf(' ', low - 1);
            if (space > 0)
            {
                return space + 1;
            }
        }

        return low;
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

    private sealed record TextBlock(IReadOnlyList<string> Lines, XFont Font)
    {
        private double LineHeight => Font.Size * 1.3;

        public double Height => Lines.Count * LineHeight;

        public void Draw(XGraphics gfx, XBrush brush, double x, double y)
        {
            for (var i = 0; i < Lines.Count; i++)
            {
                gfx.DrawString(Lines[i], Font, brush, x, y + Font.Size + (i * LineHeight));
            }
        }

        public void DrawRight(XGraphics gfx, XBrush brush, double right, double y)
        {
            for (var i = 0; i < Lines.Count; i++)
            {
                var w = gfx.MeasureString(Lines[i], Font).Width;
                gfx.DrawString(Lines[i], Font, brush, right - w, y + Font.Size + (i * LineHeight));
            }
        }
    }

    private sealed class Fonts(string family)
    {
        public XFont Title { get; } = new(family, 17, XFontStyleEx.Bold);

        public XFont Subtitle { get; } = new(family, 11, XFontStyleEx.Regular);

        public XFont Label { get; } = new(family, 8.5, XFontStyleEx.Regular);

        public XFont Body { get; } = new(family, 9.5, XFontStyleEx.Regular);

        public XFont Small { get; } = new(family, 7.5, XFontStyleEx.Regular);
    }
}
