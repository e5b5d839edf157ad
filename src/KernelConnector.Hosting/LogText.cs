using System;
using System.Globalization;
using System.Text;

namespace KernelConnector.Hosting;

/// <summary>
/// A process's command line as the text of a log message: its control characters (a newline,
/// ESC, a C1 control) written as <c>\xNN</c>. Any process chooses its own arguments, and raw they
/// would drive the terminal or the journal viewer the log is read in (colours, a title, a cleared
/// screen) or start what looks like another line. The record's attributes keep the exact text.
/// </summary>
internal static class LogText
{
    public static string Printable(string text)
    {
        // Most command lines have none: the text itself, after a vectorised look.
        var c0 = text.AsSpan().IndexOfAnyInRange('\0', '\x1F');
        var c1 = text.AsSpan().IndexOfAnyInRange('\x7F', '\x9F');
        var first = c0 < 0 ? c1 : c1 < 0 ? c0 : Math.Min(c0, c1);

        if (first < 0)
        {
            return text;
        }

        var printable = new StringBuilder(text.Length + 8).Append(text, 0, first);
        foreach (var c in text.AsSpan(first))
        {
            _ = c is <= '\x1F' or (>= '\x7F' and <= '\x9F') ? printable.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}") : printable.Append(c);
        }

        return printable.ToString();
    }
}
