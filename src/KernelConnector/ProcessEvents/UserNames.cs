using System;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// User and group names for ids, from the system's user database (NSS, as <c>getent</c> sees
/// it), cached per id for the life of the instance: a process table asks for the same few ids
/// over and over, and an NSS lookup may be a round trip to a daemon or a directory server.
/// Safe to use from several threads.
/// </summary>
internal sealed class UserNames
{
    private const int MaxBuffer = 16 << 20;

    private readonly ConcurrentDictionary<uint, string?> _users = new();
    private readonly ConcurrentDictionary<uint, string?> _groups = new();
    private readonly int _initialBuffer;

    /// <summary>Creates an empty cache.</summary>
    /// <param name="initialBuffer">
    /// The first buffer offered to libc for an entry's strings. glibc's own default for
    /// <c>_SC_GETPW_R_SIZE_MAX</c> fits nearly every user; a group with thousands of members needs
    /// more, and gets it on a retry.
    /// </param>
    public UserNames(int initialBuffer = 1024)
    {
        _initialBuffer = Math.Clamp(initialBuffer, 1, MaxBuffer);
    }

    /// <summary>The name of user <paramref name="uid"/>; <see langword="null"/> when no user has it (or not on Linux).</summary>
    public string? UserName(uint uid) => Lookup(_users, uid, group: false, _initialBuffer);

    /// <summary>The name of group <paramref name="gid"/>; <see langword="null"/> when no group has it (or not on Linux).</summary>
    public string? GroupName(uint gid) => Lookup(_groups, gid, group: true, _initialBuffer);

    private static string? Lookup(ConcurrentDictionary<uint, string?> cache, uint id, bool group, int initialBuffer)
    {
        if (cache.TryGetValue(id, out var cached))
        {
            return cached;
        }

        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        if (!TryQuery(id, group, initialBuffer, out var name))
        {
            // A failure that may pass (a directory server down, no file descriptors left) is
            // not remembered: the next call asks again.
            return null;
        }

        // Two threads may both have asked; both get the instance that was stored first.
        return cache.GetOrAdd(id, name);
    }

    /// <summary>
    /// Asks libc. True with the name, or with <see langword="null"/> when the id has no entry;
    /// false on a lookup error.
    /// </summary>
    private static unsafe bool TryQuery(uint id, bool group, int initialBuffer, out string? name)
    {
        name = null;
        var entry = stackalloc byte[UserDatabaseNative.EntrySize];
        for (var size = initialBuffer; ; size *= 2)
        {
            var buffer = new byte[size];
            int error;
            fixed (byte* strings = buffer)
            {
                void* result = null;
                error = group
                    ? UserDatabaseNative.GetGrGidR(id, entry, strings, (nuint)size, &result)
                    : UserDatabaseNative.GetPwUidR(id, entry, strings, (nuint)size, &result);
                if (error == 0 && result != null)
                {
                    // The name pointer (first field) points into the buffer, so it is read while pinned.
                    name = Marshal.PtrToStringUTF8(*(nint*)result);
                    return true;
                }
            }

            if (error == Errno.ERANGE && size < MaxBuffer)
            {
                continue;
            }

            // getpwuid_r(3): "not found" is 0 with a null result, or one of these, depending on the NSS module.
            return error is 0 or Errno.ENOENT or Errno.ESRCH or Errno.EBADF or Errno.EPERM;
        }
    }
}
