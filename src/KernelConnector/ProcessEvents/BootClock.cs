using System;
using KernelConnector.Transport;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// The kernel's clocks as process events and <c>/proc</c> use them: an event's
/// <c>timestamp_ns</c> is <c>CLOCK_MONOTONIC</c>, a process's start time (<c>stat</c> field 22) is
/// <c>CLOCK_BOOTTIME</c> in clock ticks. The two differ by the time the machine was suspended.
/// </summary>
internal sealed unsafe class BootClock
{
    private long _boottimeMinusMonotonic;

    public BootClock()
    {
        var ticks = OperatingSystem.IsLinux() ? (long)Native.SysConf(Native.ScClkTck) : 0;
        TicksPerSecond = ticks > 0 ? ticks : 100;
        NanosecondsPerTick = 1_000_000_000UL / (ulong)TicksPerSecond;
        Refresh();
    }

    /// <summary><c>sysconf(_SC_CLK_TCK)</c>: the unit of <c>/proc</c> start times (100 on Linux).</summary>
    public long TicksPerSecond { get; }

    public ulong NanosecondsPerTick { get; }

    /// <summary>Re-reads the suspend offset (after a resume the clocks have drifted apart).</summary>
    public void Refresh()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Native.TimeSpec boot, mono;
        Native.ClockGetTime(Native.ClockMonotonic, &mono);
        Native.ClockGetTime(Native.ClockBoottime, &boot);
        _boottimeMinusMonotonic = Nanoseconds(boot) - Nanoseconds(mono);
    }

    /// <summary><c>CLOCK_MONOTONIC</c> now, in nanoseconds: the clock of event stamps.</summary>
    public static ulong MonotonicNow()
    {
        if (!OperatingSystem.IsLinux())
        {
            return (ulong)(System.Diagnostics.Stopwatch.GetTimestamp() * (1e9 / System.Diagnostics.Stopwatch.Frequency));
        }

        Native.TimeSpec now;
        Native.ClockGetTime(Native.ClockMonotonic, &now);
        return (ulong)Nanoseconds(now);
    }

    /// <summary>The start ticks <c>/proc</c> would show for a process created at monotonic time <paramref name="monotonicNs"/>.</summary>
    public ulong TicksFromMonotonic(ulong monotonicNs) => (ulong)Math.Max(0, (long)monotonicNs + _boottimeMinusMonotonic) / NanosecondsPerTick;

    /// <summary>The monotonic time of a <c>/proc</c> start time (to the tick).</summary>
    public ulong MonotonicFromTicks(ulong ticks) => (ulong)Math.Max(0, (long)(ticks * NanosecondsPerTick) - _boottimeMinusMonotonic);

    /// <summary>The wall-clock time (UTC) of a monotonic stamp.</summary>
    public static DateTime UtcFromMonotonic(ulong monotonicNs)
    {
        var ago = (long)MonotonicNow() - (long)monotonicNs;
        return DateTime.UtcNow - TimeSpan.FromTicks(ago / 100);
    }

    private static long Nanoseconds(Native.TimeSpec time) => (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
}
