using GoldenQuality.Registry.Contracts;

namespace GoldenQuality.Tests.Registry;

public sealed class UsccTests
{
    public static TheoryData<string> Published()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "testdata", "uscc", "published-valid.txt")))
        {
            if (line.Trim().Length > 0)
            {
                data.Add(line.Trim());
            }
        }

        return data;
    }

    [Fact]
    public void The_published_list_has_200_codes() => Assert.Equal(200, Published().Count);

    [Theory]
    [MemberData(nameof(Published))]
    public void Every_published_code_is_valid(string code)
    {
        var check = Uscc.Check(code);
        Assert.True(check.IsValid, $"{code}: {check.Message}");
    }

    [Fact]
    public void The_issue_example_is_valid_and_its_altered_copy_names_L()
    {
        Assert.True(Uscc.Check("91110000600037341L").IsValid);
        var wrong = Uscc.Check("91110000600037341A");
        Assert.Equal(UsccProblem.CheckCharacter, wrong.Problem);
        Assert.Equal('L', wrong.Expected);
        Assert.Contains("'L'", wrong.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", UsccProblem.Length, 0)]
    [InlineData("9111000060003734", UsccProblem.Length, 0)]
    [InlineData("91110000600037341LL", UsccProblem.Length, 0)]
    [InlineData("9I110000600037341L", UsccProblem.Character, 2)]
    [InlineData("911A0000600037341L", UsccProblem.Character, 4)]
    [InlineData("91110000600O37341L", UsccProblem.Character, 12)]
    [InlineData("91110000600037341Z", UsccProblem.Character, 18)]
    public void Malformed_codes_name_the_reason_and_position(string code, UsccProblem problem, int position)
    {
        var check = Uscc.Check(code);
        Assert.Equal(problem, check.Problem);
        Assert.Equal(position, check.Position);
        Assert.False(check.IsValid);
    }

    [Fact]
    public void Lower_case_and_spaces_are_normalised() => Assert.True(Uscc.Check(" 91110000600037341l ").IsValid);

    [Fact]
    public void Every_single_character_change_of_a_valid_code_is_caught()
    {
        // The check character detects any single substitution: try them all on one published code.
        const string code = "91110000600037341L";
        foreach (var i in Enumerable.Range(0, 17))
        {
            foreach (var c in Uscc.Alphabet.Where(c => c != code[i] && (i is < 2 or > 7 || char.IsAsciiDigit(c))))
            {
                var altered = string.Concat(code.AsSpan(0, i), c.ToString(), code.AsSpan(i + 1));
                Assert.False(Uscc.Check(altered).IsValid, altered);
            }
        }
    }

    [Fact]
    public void WithCheckCharacter_completes_a_stem() => Assert.Equal("91110000600037341L", Uscc.WithCheckCharacter("91110000600037341"));
}
