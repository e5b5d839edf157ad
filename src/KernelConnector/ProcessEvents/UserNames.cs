using System;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;

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
    private readonly ConcurrentDictionary<string, uint?> _userIds = new(StringComparer.Ordinal);
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

    /// <summary>
    /// The uid of the user named <paramref name="name"/>; <see langword="null"/> when no user has
    /// that name (or not on Linux). One uid may have several names (<c>root</c> and <c>toor</c>);
    /// this finds the uid of each, where <see cref="UserName"/> gives only the first.
    /// </summary>
    public uint? UserId(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_userIds.TryGetValue(name, out var cached))
        {
            return cached;
        }

        if (!OperatingSystem.IsLinux() || name.Length == 0 || name.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        if (!TryQuery(Query.UserId, 0, name, _initialBuffer, out _, out var uid))
        {
            return null;
        }

        return _userIds.GetOrAdd(name, uid);
    }

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

        if (!TryQuery(group ? Query.GroupName : Query.UserName, id, null, initialBuffer, out var name, out _))
        {
            // A failure that may pass (a directory server down, no file descriptors left) is
            // not remembered: the next call asks again.
            return null;
        }

        // Two threads may both have asked; both get the instance that was stored first.
        return cache.GetOrAdd(id, name);
    }

    private enum Query
    {
        UserName,
        GroupName,
        UserId,
    }

    /// <summary>
    /// Asks libc. True with the answer (a name, or a uid), or with <see langword="null"/> when
    /// there is no such entry; false on a lookup error.
    /// </summary>
    private static unsafe bool TryQuery(Query query, uint id, string? name, int initialBuffer, out string? foundName, out uint? foundId)
    {
        foundName = null;
        foundId = null;
        var entry = stackalloc byte[UserDatabaseNative.EntrySize];
        var key = name is null ? null : Encoding.UTF8.GetBytes(name + "\0");
        for (var size = initialBuffer; ; size *= 2)
        {
            var buffer = new byte[size];
            int error;
            fixed (byte* strings = buffer)
            fixed (byte* nameBytes = key)
            {
                void* result = null;
                error = query switch
                {
                    Query.GroupName => UserDatabaseNative.GetGrGidR(id, entry, strings, (nuint)size, &result),
                    Query.UserName => UserDatabaseNative.GetPwUidR(id, entry, strings, (nuint)size, &result),
                    _ => UserDatabaseNative.GetPwNamR(nameBytes, entry, strings, (nuint)size, &result),
                };
                if (error == 0 && result != null)
                {
                    // The name pointer (first field) points into the buffer, so it is read while pinned.
                    if (query == Query.UserId)
                    {
                        foundId = UserDatabaseNative.UserId(result);
                    }
                    else
                    {
                        foundName = Marshal.PtrToStringUTF8(*(nint*)result);
                    }

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
