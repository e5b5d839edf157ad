using System;
using System.Globalization;

namespace ProcMonitor;

/// <summary>Parses durations such as <c>10</c> (seconds), <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h</c>, <c>2d</c> or <c>00:01:30</c>.</summary>
internal static class DurationParser
{
    /// <summary>The longest a timer can wait (<c>CancellationTokenSource.CancelAfter</c>: 2^32 - 2 ms, about 49 days).</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public static bool TryParse(string text, out TimeSpan duration, out string error) =>
        TryParse(text, Maximum, "duration", "10, 500ms, 30s, 2m, 1h, 00:01:30", "more than zero", out duration, out error);

    /// <summary>
    /// The same, for an option (<paramref name="what"/>) that takes at most <paramref name="maximum"/>,
    /// whose refusals suggest <paramref name="examples"/> and say what it takes (<paramref name="range"/>).
    /// </summary>
    public static bool TryParse(string text, TimeSpan maximum, string what, string examples, string range, out TimeSpan duration, out string error)
    {
        duration = default;
        error = "";
        var trimmed = text.Trim();
        (string number, double scale) = trimmed switch
        {
            _ when trimmed.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (trimmed[..^2], 0.001),
            _ when trimmed.EndsWith('s') || trimmed.EndsWith('S') => (trimmed[..^1], 1.0),
            _ when trimmed.EndsWith('m') || trimmed.EndsWith('M') => (trimmed[..^1], 60.0),
            _ when trimmed.EndsWith('h') || trimmed.EndsWith('H') => (trimmed[..^1], 3600.0),
            _ when trimmed.EndsWith('d') || trimmed.EndsWith('D') => (trimmed[..^1], 86400.0),
            _ => (trimmed, 1.0),
        };

        double seconds;
        // Not "Infinity" or "NaN", which double parses whatever the styles say.
        if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            seconds = value * scale;
        }
        else if (TimeSpan.TryParseExact(trimmed, ["c", @"h\:mm\:ss", @"mm\:ss"], CultureInfo.InvariantCulture, out var span))
        {
            seconds = span.TotalSeconds;
        }
        else
        {
            error = $"'{TextEscaper.Escape(text)}' is not a {what} (try {examples})";
            return false;
        }

        if (!(seconds > 0))
        {
            error = $"the {what} must be {range}, not '{TextEscaper.Escape(text)}'";
            return false;
        }

        if (seconds * 1000 < 1)
        {
            error = $"the duration '{TextEscaper.Escape(text)}' is under a millisecond";
            return false;
        }

        if (seconds > maximum.TotalSeconds)
        {
            error = maximum == Maximum
                ? $"the duration '{TextEscaper.Escape(text)}' is too long (at most {Maximum.TotalDays.ToString("0.0", CultureInfo.InvariantCulture)} days)"
                : $"the {what} '{TextEscaper.Escape(text)}' is too long: at most {maximum.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s";
            return false;
        }

        duration = TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));
        return true;
    }
}
