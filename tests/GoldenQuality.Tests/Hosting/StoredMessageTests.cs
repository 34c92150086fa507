using System.Globalization;
using GoldenQuality.Common;

namespace GoldenQuality.Tests.Hosting;

/// <summary>A coded message kept in a text column comes back in the reader's language; an old English sentence stays as it was.</summary>
public sealed class StoredMessageTests
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    [Fact]
    public void A_stored_message_keeps_its_code_its_arguments_and_nested_messages()
    {
        var message = Message.List([Message.TooLong(12), Message.NotOneOf("X", "a, b"), new Message("text", "as typed")]);
        var stored = message.Store();
        var read = Message.FromStored(stored)!;

        Assert.Equal("list", read.Code);
        Assert.Equal("must be at most 12 characters; 'X' is not one of: a, b; as typed", read.Render(CultureInfo.InvariantCulture));
        Assert.Equal("最多 12 个字符；“X”不是允许的值（允许：a, b）；as typed", read.Render(Chinese));
        Assert.Equal(stored, read.Store());
    }

    [Fact]
    public void Numbers_come_back_as_numbers_and_are_formatted_in_the_readers_culture()
    {
        var read = Message.FromStored(Message.TooLong(1200).Store())!;
        Assert.Equal(1200L, read.Args[0]);
        Assert.Equal(12.5m, Message.FromStored(new Message("text", 12.5m).Store())!.Args[0]);
    }

    [Theory]
    [InlineData("Released by the inspector after a re-test")]
    [InlineData("{\"code\":\"no-such-code\",\"args\":[]}")]
    [InlineData("{\"code\":\"too-long\",\"args\":")]
    [InlineData("{\"code\":7,\"args\":[]}")]
    public void A_sentence_written_before_messages_were_coded_or_anything_not_ours_is_shown_as_it_is(string stored)
    {
        var read = Message.FromStored(stored)!;
        Assert.Equal("text", read.Code);
        Assert.Equal(stored, read.Render(Chinese));
    }

    [Fact]
    public void A_message_too_long_for_its_column_is_kept_as_its_English_text_cut_to_the_column()
    {
        var message = new Message("text", new string('x', 300));
        Assert.Equal(new string('x', 100), message.Store(100));
        Assert.Null(Message.FromStored(null));
        Assert.Null(Message.Show(null));
    }
}
