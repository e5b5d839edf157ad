using System;
using System.IO;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// Whether this process runs in the initial pid and user namespaces, the only ones the kernel's
/// process-event connector serves: from any other (a container with its own pid namespace,
/// <c>unshare --pid</c>), <c>cn_proc</c> ignores a subscription without acknowledging it, while
/// events another listener subscribed to may still arrive, about processes this one cannot see.
/// </summary>
internal static class InitialNamespaces
{
    // The kernel gives its initial namespaces fixed inode numbers (include/linux/proc_ns.h).
    private const ulong InitialPid = 0xEFFFFFFC;
    private const ulong InitialUser = 0xEFFFFFFD;

    /// <summary>The kind of the first namespace that is not the initial one ("pid", "user"), or null (also when /proc cannot tell).</summary>
    public static string? Outside(string procRoot = "/proc")
    {
        if (Inode(procRoot, "pid") is { } pid && pid != InitialPid)
        {
            return "pid";
        }

        return Inode(procRoot, "user") is { } user && user != InitialUser ? "user" : null;
    }

    private static ulong? Inode(string procRoot, string kind)
    {
        // Through /proc/self, not /proc/<pid>: in another pid namespace the pid this process
        // knows itself by is not its name in a /proc mounted for the host's.
        try
        {
            return ProcFs.NamespaceInode(new FileInfo($"{procRoot}/self/ns/{kind}").LinkTarget);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
