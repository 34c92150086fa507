namespace GoldenQuality.Registry.Contracts;

/// <summary>Why a Unified Social Credit Code (GB 32100-2015) was refused.</summary>
public enum UsccProblem
{
    /// <summary>The code is valid.</summary>
    None,
    /// <summary>The code is not 18 characters long.</summary>
    Length,
    /// <summary>A character is not allowed at its position.</summary>
    Character,
    /// <summary>The 18th character is not the check character computed from the first 17.</summary>
    CheckCharacter,
}

/// <summary>The outcome of checking a USCC, with a message that names the reason.</summary>
public readonly record struct UsccCheck(string Input, UsccProblem Problem, int Position, char Found, char Expected)
{
    /// <summary>True when the code is well formed and its check character matches.</summary>
    public bool IsValid => Problem == UsccProblem.None;

    /// <summary>A sentence in English that names the reason, suitable for an API error or the command line.</summary>
    public string Message => IsValid ? "valid" : Reason.Render(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The reason as a message rendered in the reader's language.</summary>
    public Common.Message Reason => Problem switch
    {
        UsccProblem.Length => new("uscc.length", Input.Length),
        UsccProblem.Character => new(Position is >= 3 and <= 8 ? "uscc.area-character" : "uscc.character", Found.ToString(), Position),
        UsccProblem.CheckCharacter => new("uscc.check", Found.ToString(), Expected.ToString()),
        _ => new("text", Problem.ToString()),
    };
}

/// <summary>
/// The Unified Social Credit Code of GB 32100-2015: 18 characters from
/// <c>0123456789ABCDEFGHJKLMNPQRTUWXY</c>; position i (1-based) of the first 17 is weighted
/// 3^(i-1) mod 31, and the check value is (31 - sum mod 31) mod 31.
/// </summary>
public static class Uscc
{
    /// <summary>The 31 characters a USCC may use, in the order of their values.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] Weights = ComputeWeights();
    private static readonly sbyte[] Values = ComputeValues();

    /// <summary>Checks the format and the check character of <paramref name="input"/> (trimmed, upper-cased).</summary>
    public static UsccCheck Check(string? input)
    {
        var code = Normalise(input);
        if (code.Length != 18)
        {
            return new UsccCheck(code, UsccProblem.Length, 0, '\0', '\0');
        }

        var sum = 0;
        for (var i = 0; i < 18; i++)
        {
            var c = code[i];
            var value = c < 128 ? Values[c] : (sbyte)-1;
            var digitOnly = i is >= 2 and <= 7;
            if (value < 0 || (digitOnly && value > 9))
            {
                return new UsccCheck(code, UsccProblem.Character, i + 1, c, '\0');
            }

            if (i < 17)
            {
                sum += value * Weights[i];
            }
        }

        var expected = Alphabet[(31 - (sum % 31)) % 31];
        return code[17] == expected
            ? new UsccCheck(code, UsccProblem.None, 0, '\0', '\0')
            : new UsccCheck(code, UsccProblem.CheckCharacter, 18, code[17], expected);
    }

    /// <summary>Appends the check character to a 17-character stem whose characters are all allowed.</summary>
    public static string WithCheckCharacter(string stem)
    {
        ArgumentNullException.ThrowIfNull(stem);
        if (stem.Length != 17)
        {
            throw new ArgumentException("A USCC stem has 17 characters.", nameof(stem));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = stem[i] < 128 ? Values[stem[i]] : (sbyte)-1;
            if (value < 0)
            {
                throw new ArgumentException($"Character '{stem[i]}' at position {i + 1} is not allowed.", nameof(stem));
            }

            sum += value * Weights[i];
        }

        return stem + Alphabet[(31 - (sum % 31)) % 31];
    }

    /// <summary>Trims and upper-cases a code as typed by a person.</summary>
    public static string Normalise(string? input) => (input ?? string.Empty).Trim().ToUpperInvariant();

    /// <summary>The GB/T 2260 administrative area code held in positions 3-8.</summary>
    public static string AreaCode(string validCode) => validCode.Substring(2, 6);

    private static int[] ComputeWeights()
    {
        var weights = new int[17];
        var w = 1;
        for (var i = 0; i < 17; i++)
        {
            weights[i] = w;
            w = w * 3 % 31;
        }

        return weights;
    }

    private static sbyte[] ComputeValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            values[Alphabet[i]] = (sbyte)i;
        }

        return values;
    }
}
