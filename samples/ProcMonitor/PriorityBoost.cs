using System.Runtime.InteropServices;

namespace ProcMonitor;

/// <summary>
/// The receive thread's priority boost (<c>--priority-boost</c>), as auditd's
/// <c>priority_boost</c>: a nice value a few levels below the process's, so that on a machine whose
/// cores are busy the receive loop gets the CPU soon after an event arrives and reads a short-lived
/// process's command line before it is gone. The library applies it on that thread; this only
/// checks, before listening, whether the kernel will grant it.
/// </summary>
internal static partial class PriorityBoost
{
    /// <summary>auditd's default boost; measured against 0 and 10 in docs/benchmarks.md.</summary>
    public const int Default = 4;

    /// <summary>Whether this process may lower its nice value by <paramref name="levels"/>: tries it on the calling thread and takes it back.</summary>
    public static bool TryProbe(int levels, out int errno)
    {
        errno = 0;
        // PRIO_PROCESS with who = 0 is the calling thread on Linux: nice values are per thread.
        var nice = GetPriority(0, 0);
        if (SetPriority(0, 0, System.Math.Max(-20, nice - levels)) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return false;
        }

        // Raising a nice value back needs no privilege.
        SetPriority(0, 0, nice);
        return true;
    }

    /// <summary>
    /// The process's nice value: its main thread's (PRIO_PROCESS with the process id names the
    /// thread whose id it is). Not the calling thread's: the statistics may be written on the
    /// receive thread itself, which runs boosted.
    /// </summary>
    public static int ProcessNice() => GetPriority(0, System.Environment.ProcessId);

    [LibraryImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static partial int GetPriority(int which, int who);

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
