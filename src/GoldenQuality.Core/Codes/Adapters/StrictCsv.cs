using System.Text;

namespace GoldenQuality.Codes.Adapters;

/// <summary>
/// An RFC 4180 reader that refuses what it cannot read unambiguously and says where. The lenient readers
/// (Sep included) read a stray quote as data, which silently shifts the columns of a legacy export; a
/// roster from another system must fail loudly instead. Reference data under data/ still uses Sep.
/// </summary>
internal static class StrictCsv
{
    public sealed record Cell(string Text, int Line, int Column);

    public sealed record Row(int Line, List<Cell> Fields);

    public static List<Row> Parse(string text, char delimiter)
    {
        var rows = new List<Row>();
        var fields = new List<Cell>();
        var value = new StringBuilder();
        int line = 1, column = 1, i = 0;
        int rowLine = 1, fieldLine = 1, fieldColumn = 1;
        var atFieldStart = true;
        var quoted = false;
        var afterQuote = false;

        void EndField()
        {
            fields.Add(new Cell(value.ToString(), fieldLine, fieldColumn));
            value.Clear();
            atFieldStart = true;
            quoted = false;
            afterQuote = false;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (atFieldStart)
            {
                fieldLine = line;
                fieldColumn = column;
                atFieldStart = false;
                if (c == '"')
                {
                    quoted = true;
                    i++;
                    column++;
                    continue;
                }
            }

            if (quoted && !afterQuote)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        value.Append('"');
                        i += 2;
                        column += 2;
                        continue;
                    }

                    afterQuote = true;
                    i++;
                    column++;
                    continue;
                }

                value.Append(c);
                i++;
                if (c == '\n')
                {
                    line++;
                    column = 1;
                }
                else
                {
                    column++;
                }

                continue;
            }

            if (c == delimiter)
            {
                EndField();
                i++;
                column++;
                continue;
            }

            if (c is '\r' or '\n')
            {
                EndField();
                rows.Add(new Row(rowLine, [.. fields]));
                fields.Clear();
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                line++;
                column = 1;
                rowLine = line;
                continue;
            }

            if (afterQuote)
            {
                throw new AdapterException(line, column, $"'{c}' after the closing quote of the field that starts at column {fieldColumn}: a quote inside a quoted field must be doubled (\"\")");
            }

            if (c == '"')
            {
                throw new AdapterException(line, column, $"a quote inside the unquoted field that starts at column {fieldColumn}: quote the whole field and double the quote");
            }

            value.Append(c);
            i++;
            column++;
        }

        if (quoted && !afterQuote)
        {
            throw new AdapterException(fieldLine, fieldColumn, "the quoted field that starts here is never closed");
        }

        if (!atFieldStart || fields.Count > 0)
        {
            EndField();
            rows.Add(new Row(rowLine, [.. fields]));
        }

        // Blank lines carry no record.
        rows.RemoveAll(r => r.Fields is [{ Text.Length: 0 }]);
        return rows;
    }

    public static string Quote(string value, char delimiter) =>
        value.AsSpan().IndexOfAny(['"', '\n', '\r', delimiter]) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
