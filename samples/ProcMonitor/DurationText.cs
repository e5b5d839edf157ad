using System;
using System.Globalization;

namespace ProcMonitor;

/// <summary>The Duration column of a text line, written in place (no string per line).</summary>
internal static class DurationText
{
    /// <summary>The column's width: "9999.999s" is the longest this writes below 115 days.</summary>
    public const int Width = 9;

    /// <summary>The longest text <see cref="Format"/> writes ("-10675199d": any <see cref="TimeSpan"/> fits).</summary>
    public const int MaxLength = 10;

    private const long TicksPerMillisecond = TimeSpan.TicksPerMillisecond;

    /// <summary>
    /// Writes seconds with three decimals and an "s" (rounded to the nearest millisecond, half up);
    /// from 10,000 s (2 h 46 min) whole seconds, and from 10,000,000 s (115 days) whole days, so
    /// that it fits its column (JSON keeps the exact figure). Returns how many characters it wrote
    /// into <paramref name="destination"/> (at least <see cref="MaxLength"/> long). Integer
    /// arithmetic on the ticks, with the same result as the custom double format ("0.000") it
    /// replaces, whose digit generation falls back to big-integer arithmetic when its fast path
    /// gives up: in a storm's exit lines that was compiled, and run, while events waited (docs/benchmarks.md).
    /// </summary>
    public static int Format(Span<char> destination, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, MaxLength, nameof(destination));
        var ticks = duration.Ticks;
        var written = 0;
        if (ticks < 0)
        {
            // Not a process's duration (the table gives none when the exit precedes the start),
            // but any TimeSpan is written, with its sign.
            destination[written++] = '-';
            ticks = ticks == long.MinValue ? long.MaxValue : -ticks;
        }

        // Halves round up, as the double format did: its 15 significant digits hold a tick count
        // below 10,000 s exactly (1.0005 s is 1.001s).
        var milliseconds = ticks / TicksPerMillisecond + (ticks % TicksPerMillisecond >= TicksPerMillisecond / 2 ? 1 : 0);
        if (milliseconds < 10_000_000)
        {
            written += Digits(destination[written..], milliseconds / 1000);
            var fraction = (int)(milliseconds % 1000);
            destination[written++] = '.';
            destination[written++] = (char)('0' + (fraction / 100));
            destination[written++] = (char)('0' + (fraction / 10 % 10));
            destination[written++] = (char)('0' + (fraction % 10));
            destination[written++] = 's';
        }
        else if (ticks / TimeSpan.TicksPerSecond < 10_000_000)
        {
            written += Digits(destination[written..], ticks / TimeSpan.TicksPerSecond);
            destination[written++] = 's';
        }
        else
        {
            written += Digits(destination[written..], ticks / TimeSpan.TicksPerDay);
            destination[written++] = 'd';
        }

        return written;
    }

    private static int Digits(Span<char> destination, long value)
    {
        value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        return written;
    }
}
