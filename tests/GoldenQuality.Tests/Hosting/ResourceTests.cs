using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using GoldenQuality.Common;

namespace GoldenQuality.Tests.Hosting;

/// <summary>Every text of the interface and every coded message exists in English and Chinese, with the same placeholders.</summary>
public sealed partial class ResourceTests
{
    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();

    private static Dictionary<string, string> Read(string baseName, string culture)
    {
        var manager = new ResourceManager(baseName, typeof(Message).Assembly);
        var set = manager.GetResourceSet(CultureInfo.GetCultureInfo(culture), createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"{baseName} has no {culture} resources");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }

    [Theory]
    [InlineData("GoldenQuality.Web.Text")]
    [InlineData("GoldenQuality.Common.Messages")]
    public void Both_languages_have_every_key_with_the_same_placeholders(string baseName)
    {
        var english = Read(baseName, "");
        var chinese = Read(baseName, "zh-CN");
        Assert.Empty(english.Keys.Except(chinese.Keys).Order(StringComparer.Ordinal));
        Assert.Empty(chinese.Keys.Except(english.Keys).Order(StringComparer.Ordinal));
        var mismatched = english.Keys
            .Where(k => !Placeholder().Matches(english[k]).Select(m => m.Value).ToHashSet().SetEquals(Placeholder().Matches(chinese[k]).Select(m => m.Value)))
            .Order(StringComparer.Ordinal).ToArray();
        Assert.Empty(mismatched);
    }

    [Fact]
    public void Every_coded_message_is_written_in_Chinese_in_the_Chinese_resources()
    {
        var chinese = Read("GoldenQuality.Common.Messages", "zh-CN");
        var untranslated = chinese.Where(e => e.Key is not ("text" or "list.separator") && !e.Value.Any(c => c is >= '\u4e00' and <= '\u9fff')).Select(e => e.Key).ToArray();
        Assert.Empty(untranslated);
        Assert.Equal("“X”不是允许的值（允许：a, b）", Message.NotOneOf("X", "a, b").Render(CultureInfo.GetCultureInfo("zh-CN")));
        Assert.Equal("'X' is not one of: a, b", Message.NotOneOf("X", "a, b").Render(CultureInfo.InvariantCulture));
    }
}
