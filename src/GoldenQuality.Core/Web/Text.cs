namespace GoldenQuality.Web;

/// <summary>The web interface's text: <c>Text.resx</c> (English) and <c>Text.zh-CN.resx</c> (Chinese).</summary>
public sealed class Text;
