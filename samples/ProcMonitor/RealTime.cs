using System.Runtime.InteropServices;

namespace ProcMonitor;

/// <summary>
/// Real-time scheduling (<c>SCHED_FIFO</c>) for the thread that receives events, as forkstat's
/// <c>-r</c>: on a busy machine the receive loop then runs before any ordinary task, reads
/// <c>/proc</c> while short-lived processes still exist, and drains the socket before it overruns.
/// Only that thread: the runtime's other threads stay ordinary.
/// </summary>
internal static unsafe partial class RealTime
{
    private const int SchedOther = 0;
    private const int SchedFifo = 1;

    /// <summary>Below the kernel's own real-time threads (priority 99 and the migration threads), above every ordinary task.</summary>
    public const int Priority = 50;

    /// <summary>Whether this process may use real-time scheduling: tries it on the calling thread and takes it back.</summary>
    public static bool TryProbe(out int errno)
    {
        errno = 0;
        if (!SetCurrentThread(SchedFifo, Priority))
        {
            errno = Marshal.GetLastPInvokeError();
            return false;
        }

        SetCurrentThread(SchedOther, 0);
        return true;
    }

    /// <summary>Makes the calling thread real-time.</summary>
    public static bool EnterOnCurrentThread() => SetCurrentThread(SchedFifo, Priority);

    private static bool SetCurrentThread(int policy, int priority)
    {
        // pid 0 is the calling thread: Linux schedules threads, not processes.
        var parameter = priority;
        return SchedSetScheduler(0, policy, &parameter) == 0;
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SchedSetScheduler(int pid, int policy, int* parameter);
}
