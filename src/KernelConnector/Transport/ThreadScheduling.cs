using System;
using System.Runtime.InteropServices;

namespace KernelConnector.Transport;

/// <summary>
/// Asks the kernel to wake the calling thread promptly, and optionally to favour it. Linux 6.12 and later (the EEVDF
/// scheduler) let an ordinary thread request a shorter time slice (<c>sched_attr.sched_runtime</c>
/// for <c>SCHED_OTHER</c>): it then preempts a busy task as soon as it wakes, instead of waiting up
/// to a slice of the busy task's, and gets no more CPU than before. No privilege is needed; older
/// kernels ignore the request.
/// </summary>
internal static unsafe partial class ThreadScheduling
{
    /// <summary>A tenth of a millisecond: a short-lived process lives about a millisecond.</summary>
    public const ulong ShortSliceNs = 100_000;

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedAttr
    {
        public uint Size;
        public uint Policy;
        public ulong Flags;
        public int Nice;
        public uint Priority;
        public ulong Runtime;
        public ulong Deadline;
        public ulong Period;
    }

    /// <summary>
    /// Asks, for the calling thread, a short slice (when <paramref name="sliceNs"/> is not 0) and a
    /// nice value <paramref name="priorityBoost"/> levels below its own (a larger share of the CPU
    /// when it competes; needs CAP_SYS_NICE or an RLIMIT_NICE that allows it). A refused boost is
    /// asked again without it, so the short slice still applies. Returns whether anything was
    /// granted; <paramref name="boosted"/> tells whether the boost was.
    /// </summary>
    public static bool TryRequest(ulong sliceNs, int priorityBoost, out bool boosted)
    {
        boosted = false;
        // sched_setattr has no libc wrapper on older glibc: the system call, by number.
        nint number = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 314,
            Architecture.Arm64 => 274,
            _ => -1,
        };
        if (!OperatingSystem.IsLinux() || number < 0 || (sliceNs == 0 && priorityBoost == 0))
        {
            return false;
        }

        var nice = GetPriority(0 /* PRIO_PROCESS */, 0 /* this thread */);
        if (priorityBoost > 0)
        {
            var attempt = Math.Max(-20, nice - priorityBoost);
            if (Set(number, sliceNs, attempt))
            {
                boosted = true;
                return true;
            }
        }

        return sliceNs != 0 && Set(number, sliceNs, nice);
    }

    private static bool Set(nint number, ulong sliceNs, int nice)
    {
        // SCHED_FLAG_RESET_ON_FORK: threads this one starts (a thread pool growing while a callback
        // runs) get the ordinary slice and nice value, not this one's.
        var attr = new SchedAttr { Size = (uint)sizeof(SchedAttr), Policy = 0 /* SCHED_OTHER */, Flags = 1, Nice = nice, Runtime = sliceNs };
        return Syscall(number, 0, (nint)(&attr), 0) == 0;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial nint Syscall(nint number, nint pid, nint attributes, nint flags);

    [LibraryImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static partial int GetPriority(int which, int who);
}
