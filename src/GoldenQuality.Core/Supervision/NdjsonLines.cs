using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace GoldenQuality.Supervision;

/// <summary>A line of an NDJSON stream longer than the configured limit; the stream is refused at that line.</summary>
internal sealed class LineTooLongException(int line, int limit)
    : Exception(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"line {line} is longer than {limit} bytes; a measurement line may have at most {limit} bytes"))
{
    public int Line { get; } = line;

    public int Limit { get; } = limit;
}

/// <summary>
/// Reads the lines of a request body incrementally from its pipe. At most <c>limit</c> bytes (plus one network
/// read) of one line are ever held: a line that grows beyond the limit is refused before its end arrives.
/// </summary>
internal sealed class NdjsonLines(PipeReader reader, int limit)
{
    private static readonly UTF8Encoding Utf8 = new(false, false);

    public int Line { get; private set; }

    /// <summary>The next line (without its CR/LF), or null at the end of the body.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            var buffer = result.Buffer;
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is { } at)
            {
                var line = buffer.Slice(0, at);
                Line++;
                if (line.Length > limit)
                {
                    throw new LineTooLongException(Line, limit);
                }

                var text = Decode(line);
                reader.AdvanceTo(buffer.GetPosition(1, at));
                return text;
            }

            if (buffer.Length > limit)
            {
                throw new LineTooLongException(Line + 1, limit);
            }

            if (result.IsCompleted)
            {
                if (buffer.IsEmpty)
                {
                    reader.AdvanceTo(buffer.End);
                    return null;
                }

                Line++;
                var text = Decode(buffer);
                reader.AdvanceTo(buffer.End);
                return text;
            }

            // Nothing consumed, everything examined: wait for more bytes of this line.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static string Decode(ReadOnlySequence<byte> line)
    {
        var text = Utf8.GetString(line);
        return text.EndsWith('\r') ? text[..^1] : text;
    }
}
