using System.Globalization;
using System.Resources;
using System.Text.Json;
using System.Text.Json.Nodes;

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
        if (Code == BilingualCode)
        {
            return culture.Name.StartsWith("zh", StringComparison.Ordinal) && Args.Count > 1 && Args[1] is string { Length: > 0 } zh ? zh : Args[0]?.ToString() ?? "";
        }

        if (Code == ListCode)
        {
            return string.Join(Resources.GetString("list.separator", culture), Args.Select(a => a is Message m ? m.Render(culture) : a?.ToString()));
        }

        var format = Resources.GetString(Code, culture) ?? throw new InvalidOperationException($"no message text for '{Code}'");
        return string.Format(culture, format, [.. Args.Select(a => a is Message m ? m.Render(culture) : a)]);
    }

    private const string ListCode = "list";
    private const string BilingualCode = "bilingual";

    /// <summary>A text a data file gives in both languages (English, and Chinese where it has one).</summary>
    public static Message Bilingual(string english, string? chinese) => new(BilingualCode, english, chinese);

    /// <summary>Several messages shown as one, joined with the language's list separator.</summary>
    public static Message List(IEnumerable<Message> items) => new(ListCode, [.. items]);

    /// <summary>
    /// The message as it is kept in a text column that used to hold an English sentence: its code and arguments as JSON
    /// (<c>{"code":…,"args":[…]}</c>), so that it is rendered in the reader's language when read. Arguments are kept as
    /// strings, numbers or nested messages. A message longer than <paramref name="maxLength"/> is kept as its English
    /// text cut to that length, which is what the column held before.
    /// </summary>
    public string Store(int maxLength = int.MaxValue)
    {
        var json = StoredNode().ToJsonString();
        if (json.Length <= maxLength)
        {
            return json;
        }

        var english = Render(CultureInfo.InvariantCulture);
        return english.Length <= maxLength ? english : english[..maxLength];
    }

    private JsonObject StoredNode()
    {
        var args = new JsonArray();
        foreach (var a in Args)
        {
            args.Add(a switch
            {
                null => null,
                Message m => m.StoredNode(),
                int or long or short or byte => JsonValue.Create(Convert.ToInt64(a, CultureInfo.InvariantCulture)),
                decimal d => JsonValue.Create(d),
                double or float => JsonValue.Create(Convert.ToDecimal(a, CultureInfo.InvariantCulture)),
                IFormattable f => JsonValue.Create(f.ToString(null, CultureInfo.InvariantCulture)),
                _ => JsonValue.Create(a.ToString()),
            });
        }

        return new JsonObject { ["code"] = Code, ["args"] = args };
    }

    /// <summary>
    /// The message kept by <see cref="Store"/>; a column value written before messages were coded (an English sentence)
    /// comes back as code <c>text</c>. Null for null.
    /// </summary>
    public static Message? FromStored(string? stored)
    {
        if (stored is null)
        {
            return null;
        }

        if (stored.StartsWith("{\"code\":", StringComparison.Ordinal))
        {
            try
            {
                if (JsonNode.Parse(stored) is JsonObject o && FromNode(o) is { } m)
                {
                    return m;
                }
            }
            catch (JsonException)
            {
                // Not one of ours: shown as the text it is.
            }
        }

        return new Message("text", stored);
    }

    private static Message? FromNode(JsonObject o)
    {
        if (o["code"]?.GetValueKind() != JsonValueKind.String || o["args"] is not JsonArray array)
        {
            return null;
        }

        var code = o["code"]!.GetValue<string>();
        if (code is not (ListCode or BilingualCode) && !Exists(code))
        {
            return null;
        }

        var args = new object?[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            args[i] = array[i] switch
            {
                null => null,
                JsonObject nested => FromNode(nested) ?? (object)nested.ToJsonString(),
                JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.TryGetValue<long>(out var l) ? (object)l : v.GetValue<decimal>(),
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                var other => other.ToJsonString(),
            };
        }

        return new Message(code, args);
    }

    /// <summary>
    /// The name of a coded value (a status, an outcome) in the reader's language: message <c>prefix + value</c> when it
    /// exists, otherwise the value itself, so that a value added later shows as its code rather than failing.
    /// </summary>
    public static Message Term(string prefix, string value) => Exists(prefix + value) ? new Message(prefix + value) : new Message("text", value);

    /// <summary>A stored message (see <see cref="FromStored"/>) in the current UI language; null for null.</summary>
    public static string? Show(string? stored) => FromStored(stored)?.ToString();

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
