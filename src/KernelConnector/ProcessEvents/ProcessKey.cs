using System.Globalization;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// A process's identity that survives pid reuse: its pid and its start time as the kernel counts
/// it (<c>/proc/&lt;pid&gt;/stat</c> field 22, clock ticks since boot). Two processes that ever
/// held the same pid started at different ticks.
/// </summary>
/// <param name="Pid">The process id (thread-group id) in the initial pid namespace.</param>
/// <param name="StartTicks">The start time in clock ticks since boot (<c>CLOCK_BOOTTIME</c>, usually 100 a second).</param>
public readonly record struct ProcessKey(int Pid, ulong StartTicks)
{
    /// <summary><c>pid@ticks</c>, e.g. <c>1234@98765</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Pid}@{StartTicks}");
}
