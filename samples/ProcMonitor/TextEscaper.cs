using System;
using System.Buffers;
using System.Globalization;
using System.Text;

namespace ProcMonitor;

/// <summary>
/// Makes text safe for one terminal line: a command line may hold newlines, ESC sequences and
/// other control characters, and printed raw they would break a line in two or drive the
/// terminal. Such characters are written as C escapes (<c>\n</c>, <c>\t</c>, <c>\x1b</c>,
/// <c>\u009b</c>), and a backslash as <c>\\</c>, so the output can be read back unambiguously.
/// </summary>
internal static class TextEscaper
{
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny(Escaped) < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        Append(builder, text);
        return builder.ToString();
    }

    /// <summary>Appends <paramref name="text"/> escaped: what a line prints per event, without a string of its own.</summary>
    public static StringBuilder Append(StringBuilder builder, scoped ReadOnlySpan<char> text)
    {
        int next;
        while ((next = text.IndexOfAny(Escaped)) >= 0)
        {
            builder.Append(text[..next]);
            var c = text[next];
            switch (c)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case '\n':
                    builder.Append(@"\n");
                    break;
                case '\r':
                    builder.Append(@"\r");
                    break;
                case '\t':
                    builder.Append(@"\t");
                    break;
                case < (char)0x80:
                    builder.Append(@"\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
            }

            text = text[(next + 1)..];
        }

        return builder.Append(text);
    }

    // C0 controls, DEL, C1 controls (0x9b is a one-byte CSI on many terminals), the line and
    // paragraph separators, and bidirectional overrides that reorder what follows on the line.
    private static readonly SearchValues<char> Escaped = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f" +
        "\\" +
        "\u007f\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f" +
        "\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f" +
        "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069");
}
