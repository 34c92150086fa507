using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace GoldenQuality.Tests.Certificates;

/// <summary>
/// A paper permit as a person (and the port's scanner) reads it: the text PdfPig extracts from each page, and
/// the QR code decoded by ZXing from the black squares drawn on the first page.
/// </summary>
public sealed record PaperPermit(IReadOnlyList<string> Pages, string? QrPayload)
{
    /// <summary>All the text, with white space collapsed to single spaces.</summary>
    public string Text => string.Join(' ', string.Join(' ', Pages).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public static PaperPermit Read(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().Select(p => ContentOrderTextExtractor.GetText(p)).ToList();
        return new PaperPermit(pages, DecodeQr(document.GetPage(1)));
    }

    /// <summary>
    /// Rebuilds the QR symbol from the filled squares on the page (every module is one square of the same size),
    /// draws it into a grey bitmap with a quiet zone and decodes it.
    /// </summary>
    private static string? DecodeQr(UglyToad.PdfPig.Content.Page page)
    {
        var squares = page.Paths
            .Where(p => p.IsFilled)
            .SelectMany(p => p)
            .Select(s => s.GetBoundingRectangle())
            .Where(r => r is { } b && b.Width > 0.5 && b.Width < 10 && Math.Abs(b.Width - b.Height) < 0.01)
            .Select(r => r!.Value)
            .ToList();
        if (squares.Count == 0)
        {
            return null;
        }

        // The modules are the most common square size on the page.
        var module = squares.GroupBy(s => Math.Round(s.Width, 2)).OrderByDescending(g => g.Count()).First().Key;
        var cells = squares.Where(s => Math.Abs(Math.Round(s.Width, 2) - module) < 0.001).ToList();
        var left = cells.Min(s => s.Left);
        var top = cells.Max(s => s.Top);
        var count = (int)Math.Round((cells.Max(s => s.Right) - left) / module);
        const int scale = 4, quiet = 4;
        var size = (count + (2 * quiet)) * scale;
        var pixels = Enumerable.Repeat((byte)255, size * size).ToArray();
        foreach (var cell in cells)
        {
            var col = (int)Math.Round((cell.Left - left) / module) + quiet;
            var row = (int)Math.Round((top - cell.Top) / module) + quiet; // PDF y grows upwards
            for (var y = row * scale; y < (row + 1) * scale; y++)
            {
                Array.Fill(pixels, (byte)0, (y * size) + (col * scale), scale);
            }
        }

        var source = new RGBLuminanceSource(pixels, size, size, RGBLuminanceSource.BitmapFormat.Gray8);
        var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), new Dictionary<DecodeHintType, object> { [DecodeHintType.PURE_BARCODE] = true });
        return result?.Text;
    }
}
