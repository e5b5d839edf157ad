using System;
using System.Globalization;
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
        // "pid:[4026531836]"
        string? target;
        try
        {
            target = new FileInfo($"{procRoot}/self/ns/{kind}").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        var open = target?.IndexOf('[') ?? -1;
        var close = target?.LastIndexOf(']') ?? -1;
        return open >= 0 && close > open && ulong.TryParse(target.AsSpan(open + 1, close - open - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
            ? inode : null;
    }
}
