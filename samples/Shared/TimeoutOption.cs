using System;
using System.CommandLine;
using System.Globalization;

namespace KernelConnector.Samples;

/// <summary>
/// The samples' <c>--timeout</c>: seconds, from 1 ms to an hour, waited as whole milliseconds.
/// Less than a millisecond would be reported by the library as "within 0 ms" (or "0 s"): a wait
/// that cannot be told apart from none.
/// </summary>
internal static class TimeoutOption
{
    public const double MinSeconds = 0.001;
    public const double MaxSeconds = 3600;

    public static Option<double> Create(string description, double defaultSeconds)
    {
        var option = new Option<double>("--timeout") { Description = description, DefaultValueFactory = _ => defaultSeconds };
        option.Validators.Add(r =>
        {
            if (ParsedValue.TryGet<double>(r, out var seconds) && seconds is not (>= MinSeconds and <= MaxSeconds))
            {
                r.AddError($"--timeout must be at least 0.001 (1 ms) and at most 3600 seconds, not {seconds.ToString(CultureInfo.InvariantCulture)}");
            }
        });
        return option;
    }

    /// <summary>The wait, rounded to the millisecond, so that the time-out a message names is the one waited.</summary>
    public static TimeSpan ToTimeSpan(double seconds) => TimeSpan.FromMilliseconds(Math.Round(seconds * 1000, MidpointRounding.AwayFromZero));
}
