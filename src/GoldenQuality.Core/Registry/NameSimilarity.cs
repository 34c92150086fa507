using System.Globalization;
using System.Text;

namespace GoldenQuality.Registry;

/// <summary>
/// Tells whether two enterprise names are near-duplicates: equal once legal-form suffixes, punctuation,
/// white space and case are removed, or within one edit of each other when longer than four characters.
/// </summary>
internal static class NameSimilarity
{
    private static readonly string[] LegalForms =
    [
        "股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "厂",
        "company limited", "co., ltd.", "co., ltd", "co. ltd", "co ltd", "limited", "ltd", "corporation", "corp", "inc", "company", "co",
    ];

    public static string Normalise(string name)
    {
        var text = name.Normalize(NormalizationForm.FormKC).ToLowerInvariant()
            .Replace('（', '(').Replace('）', ')');
        var changed = true;
        while (changed)
        {
            changed = false;
            text = text.TrimEnd(' ', '.', ',');
            foreach (var form in LegalForms)
            {
                if (text.EndsWith(form, StringComparison.Ordinal) && text.Length > form.Length)
                {
                    text = text[..^form.Length];
                    changed = true;
                }
            }
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (char.IsLetterOrDigit(c) && category != UnicodeCategory.OtherPunctuation)
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    public static bool AreNear(string a, string b)
    {
        var x = Normalise(a);
        var y = Normalise(b);
        if (x.Length == 0 || y.Length == 0)
        {
            return false;
        }

        return x == y || (Math.Min(x.Length, y.Length) > 4 && WithinOneEdit(x, y));
    }

    private static bool WithinOneEdit(string x, string y)
    {
        if (Math.Abs(x.Length - y.Length) > 1)
        {
            return false;
        }

        int i = 0, j = 0, edits = 0;
        while (i < x.Length && j < y.Length)
        {
            if (x[i] == y[j])
            {
                i++;
                j++;
                continue;
            }

            if (++edits > 1)
            {
                return false;
            }

            if (x.Length > y.Length)
            {
                i++;
            }
            else if (y.Length > x.Length)
            {
                j++;
            }
            else
            {
                i++;
                j++;
            }
        }

        return edits + (x.Length - i) + (y.Length - j) <= 1;
    }
}
