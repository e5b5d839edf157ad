using System.Runtime.InteropServices;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// The reentrant libc lookups of the user and group databases. They go through NSS, so every
/// source <c>nsswitch.conf</c> names (files, systemd, sss, ldap…) answers, as it does for <c>id</c> and <c>ls</c>.
/// </summary>
internal static unsafe partial class UserDatabaseNative
{
    /// <summary>
    /// Room for a <c>struct passwd</c> or <c>struct group</c> on any ABI (48 and 32 bytes on 64-bit
    /// glibc and musl). Only their first fields are read: <c>pw_name</c> and <c>gr_name</c>, a
    /// <c>char*</c> at offset 0 on every libc, and <c>pw_uid</c> (see <see cref="UserId"/>), so no
    /// per-architecture layout is needed.
    /// </summary>
    public const int EntrySize = 128;

    /// <summary><c>int getpwuid_r(uid_t, struct passwd *, char *, size_t, struct passwd **)</c>: 0 or an error number, never errno.</summary>
    [LibraryImport("libc", EntryPoint = "getpwuid_r")]
    public static partial int GetPwUidR(uint uid, void* entry, byte* buffer, nuint length, void** result);

    /// <summary><c>int getpwnam_r(const char *, struct passwd *, char *, size_t, struct passwd **)</c>: 0 or an error number, never errno.</summary>
    [LibraryImport("libc", EntryPoint = "getpwnam_r")]
    public static partial int GetPwNamR(byte* name, void* entry, byte* buffer, nuint length, void** result);

    /// <summary>
    /// <c>pw_uid</c> of a <c>struct passwd</c>: after two <c>char*</c> (<c>pw_name</c>, <c>pw_passwd</c>)
    /// on every libc and ABI, so at two pointers' width.
    /// </summary>
    public static uint UserId(void* entry) => *(uint*)((byte*)entry + (2 * sizeof(nint)));

    /// <summary><c>int getgrgid_r(gid_t, struct group *, char *, size_t, struct group **)</c>: 0 or an error number, never errno.</summary>
    [LibraryImport("libc", EntryPoint = "getgrgid_r")]
    public static partial int GetGrGidR(uint gid, void* entry, byte* buffer, nuint length, void** result);
}
