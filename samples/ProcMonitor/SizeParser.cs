using System;
using System.Globalization;

namespace ProcMonitor;

/// <summary>Parses buffer sizes such as <c>65536</c>, <c>512K</c> or <c>8M</c> (powers of 1024).</summary>
internal static class SizeParser
{
    /// <summary>The kernel's own floor for a socket receive buffer is about 2 KiB; below it the request means nothing.</summary>
    public const int Minimum = 4096;

    /// <summary>1 GiB: far beyond any useful process-event buffer, and within an int.</summary>
    public const int Maximum = 1 << 30;

    public static bool TryParse(string text, out int bytes, out string error)
    {
        bytes = 0;
        error = "";
        var trimmed = text.Trim();
        (string number, long scale) = trimmed switch
        {
            _ when trimmed.EndsWith('k') || trimmed.EndsWith('K') => (trimmed[..^1], 1024L),
            _ when trimmed.EndsWith('m') || trimmed.EndsWith('M') => (trimmed[..^1], 1024L * 1024),
            _ when trimmed.EndsWith('g') || trimmed.EndsWith('G') => (trimmed[..^1], 1024L * 1024 * 1024),
            _ => (trimmed, 1L),
        };
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            error = $"'{TextEscaper.Escape(text)}' is not a size (try 65536, 512K, 8M)";
            return false;
        }

        if (value > Maximum / scale || value * scale < Minimum)
        {
            error = $"the buffer size '{TextEscaper.Escape(text)}' is outside {Minimum} bytes to 1G";
            return false;
        }

        bytes = (int)(value * scale);
        return true;
    }
}
