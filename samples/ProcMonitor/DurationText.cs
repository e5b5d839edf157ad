using System;
using System.Globalization;
using System.Text;

namespace ProcMonitor;

/// <summary>The Duration column of a text line, written in place (no string per line).</summary>
internal static class DurationText
{
    /// <summary>The column's width: "9999.999s" is the longest this writes below 115 days.</summary>
    public const int Width = 9;

    /// <summary>
    /// Seconds with three decimals and an "s"; from 10,000 s (2 h 46 min) whole seconds, and from
    /// 10,000,000 s (115 days) whole days, so that it fits its column (JSON keeps the exact figure).
    /// </summary>
    public static void Append(StringBuilder text, TimeSpan duration)
    {
        Span<char> digits = stackalloc char[32];
        var seconds = duration.TotalSeconds;
        var (value, format, unit) = seconds switch
        {
            // Below what "0.000" would round up to 10000.000.
            < 9_999.9995 => (seconds, "0.000", 's'),
            < 10_000_000 => (Math.Floor(seconds), "0", 's'),
            _ => (Math.Floor(duration.TotalDays), "0", 'd'),
        };
        value.TryFormat(digits, out var written, format, CultureInfo.InvariantCulture);
        text.Append(digits[..written]).Append(unit);
    }
}
