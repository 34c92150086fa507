using System.Globalization;
using System.Resources;

namespace GoldenQuality.Common;

/// <summary>
/// A message with a stable code and its arguments, rendered in the reader's language from <c>Messages.resx</c>
/// (English) and <c>Messages.zh-CN.resx</c> (Chinese). An argument that is itself a <see cref="Message"/> is rendered in
/// the same language. The code and arguments go out with API problems, so that a client can render them itself.
/// </summary>
public sealed class Message
{
    private static readonly ResourceManager Resources = new("GoldenQuality.Common.Messages", typeof(Message).Assembly);

    public Message(string code, params object?[] args)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        Code = code;
        Args = args ?? [];
    }

    /// <summary>The stable code, e.g. <c>required</c> or <c>code.not-in-list</c>.</summary>
    public string Code { get; }

    /// <summary>The values the text names, in the order of its placeholders.</summary>
    public IReadOnlyList<object?> Args { get; }

    /// <summary>Whether a message text exists for <paramref name="code"/>.</summary>
    public static bool Exists(string code) => Resources.GetString(code, CultureInfo.InvariantCulture) is not null;

    /// <summary>The text in <paramref name="culture"/>'s language (English when it has none).</summary>
    public string Render(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var format = Resources.GetString(Code, culture) ?? throw new InvalidOperationException($"no message text for '{Code}'");
        return string.Format(culture, format, [.. Args.Select(a => a is Message m ? m.Render(culture) : a)]);
    }

    /// <summary>The text in the current UI language.</summary>
    public override string ToString() => Render(CultureInfo.CurrentUICulture);

    /// <summary>The code and arguments as they go out on the wire (nested messages as their own code and arguments).</summary>
    public object Wire() => new Dictionary<string, object?>
    {
        ["code"] = Code,
        ["args"] = Args.Select(a => a is Message m ? m.Wire() : a is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : a?.ToString()).ToArray(),
    };

    // The messages used in more than one place.
    public static Message Required => new("required");

    public static Message TooLong(int max) => new("too-long", max);

    public static Message NotOneOf(string value, string allowed) => new("not-one-of", value, allowed);
}
