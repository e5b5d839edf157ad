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
        var i = 0;
        while (i < text.Length && !NeedsEscape(text[i]))
        {
            i++;
        }

        if (i == text.Length)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (!NeedsEscape(c))
            {
                builder.Append(c);
                continue;
            }

            builder.Append(c switch
            {
                '\\' => @"\\",
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                < (char)0x80 => @"\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                _ => @"\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
            });
        }

        return builder.ToString();
    }

    // C0 controls, DEL, C1 controls (0x9b is a one-byte CSI on many terminals), the line and
    // paragraph separators, and bidirectional overrides that reorder what follows on the line.
    private static bool NeedsEscape(char c) =>
        c < 0x20 || c == '\\' || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
}
